/* The SDL2 window frontend. The machine runs on a vCPU thread; the main thread owns
 * SDL: it draws the screen the vCPU thread captures (ui_frames), turns keys into
 * scancodes for the machine's input ring, and handles the window's own hotkeys. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ui/sdl.h"

/* Paste types at most 16 scancode bytes a frame (the emulated keyboard sends about one
 * a millisecond), and waits while the program has not read what was typed: the BIOS
 * ring holds 15 keys. */
#define UI_PASTE_BYTES_PER_FRAME 16
#define UI_PASTE_MAX_WAITING     6
#define UI_NOTICE_MS             3000
#define UI_OUT_SIZE              2048 /* input waiting for room in the machine's ring */

struct frontend {
    const struct machine_config *cfg;
    struct machine *m;
    struct log log; /* the UI thread's own: the machine's belongs to the vCPU thread */
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;    /* the picture at its own size */
    SDL_Texture *scaled; /* the picture at whole multiples, for sharp scaling */
    int tex_w, tex_h, scaled_w, scaled_h;
    bool tex_stale; /* the texture lost its contents: upload the whole picture */
    bool redraw;    /* the window needs drawing even if the picture is unchanged */
    bool integer_scale;
    bool sharp; /* two-pass sharp scaling: on when a GPU draws (ui_sdl_copy_scaled) */
    int windowed_w, windowed_h; /* the window's size before it went full screen */
    struct ui_text text;
    struct ui_frames frames;
    uint64_t next_tick_ms;
    char title[128];
    uint64_t notice_until_ms;
    bool graphics_mode; /* a mode not drawn: the title says why all is black */
    char mode_note[48];

    /* The vCPU thread. */
    pthread_t vcpu;
    bool vcpu_started, vcpu_joined;
    _Atomic bool vcpu_done;
    int status;

    bool sync_locks; /* focus came back: make the guest's lock keys match the host's */
    uint8_t swallowed[(SDL_NUM_SCANCODES + 7) / 8]; /* hotkeys: their release is ours too */
    uint8_t held[(SDL_NUM_SCANCODES + 7) / 8];      /* keys the guest was sent as down */
    /* Input the machine's ring had no room for yet, in order. */
    struct input_event out[UI_OUT_SIZE];
    size_t out_head, out_tail;
    /* Clipboard text being typed. */
    char *paste;
    const char *paste_pos;
    uint64_t paste_seq; /* the frame that was newest when the last characters went */
};

static uint64_t ui_now_ms(void)
{
    return machine_now_ns() / 1000000u;
}

/* ---- Input to the machine ---- */

/* Moves what waits into the machine's input ring, then wakes the vCPU once. */
static void ui_sdl_flush(struct frontend *ui)
{
    bool pushed = false;

    while (ui->out_head != ui->out_tail &&
           input_ring_push(&ui->m->input, ui->out[ui->out_head % UI_OUT_SIZE])) {
        ui->out_head++;
        pushed = true;
    }
    if (pushed)
        machine_kick(ui->m);
}

static void ui_sdl_queue(struct frontend *ui, struct input_event ev)
{
    if (ui->out_tail - ui->out_head >= UI_OUT_SIZE) {
        log_warn(&ui->log, "keys are coming faster than the program takes them: "
                           "some were dropped");
        return;
    }
    ui->out[ui->out_tail++ % UI_OUT_SIZE] = ev;
}

static void ui_sdl_send(struct frontend *ui, const uint8_t *bytes, int n)
{
    if (ui->out_tail - ui->out_head + (size_t)n > UI_OUT_SIZE) {
        log_warn(&ui->log, "keys are coming faster than the program takes them: "
                           "some were dropped");
        return;
    }
    for (int i = 0; i < n; i++)
        ui_sdl_queue(ui, (struct input_event){INPUT_SCANCODE, bytes[i]});
    ui_sdl_flush(ui);
}

static bool ui_input_idle(struct frontend *ui)
{
    /* The ring's indices are atomics shared with the vCPU thread: reading them is the
     * one look at the machine the UI thread takes. */
    return ui->out_head == ui->out_tail &&
           atomic_load(&ui->m->input.head) == atomic_load(&ui->m->input.tail);
}

/* ---- The window's title and notices ---- */

static void ui_sdl_set_title(struct frontend *ui, const char *notice)
{
    char buf[320];

    if (notice) {
        snprintf(buf, sizeof(buf), "%s - %s", ui->title, notice);
        ui->notice_until_ms = ui_now_ms() + UI_NOTICE_MS;
    } else if (ui->graphics_mode) {
        snprintf(buf, sizeof(buf), "%s - %s", ui->title, ui->mode_note);
        ui->notice_until_ms = 0;
    } else {
        snprintf(buf, sizeof(buf), "%s", ui->title);
        ui->notice_until_ms = 0;
    }
    SDL_SetWindowTitle(ui->win, buf);
}

static void ui_sdl_make_title(struct frontend *ui)
{
    const char *prog = ui->cfg->program, *base;
    size_t n = 0;

    if (!prog) {
        snprintf(ui->title, sizeof(ui->title), "hvdos");
        return;
    }
    base = strrchr(prog, '/');
    base = base ? base + 1 : prog;
    n = (size_t)snprintf(ui->title, sizeof(ui->title), "%s", base);
    for (size_t i = 0; i < n && i < sizeof(ui->title); i++)
        if (ui->title[i] >= 'a' && ui->title[i] <= 'z')
            ui->title[i] = (char)(ui->title[i] - 'a' + 'A'); /* as DOS names it */
    snprintf(ui->title + strlen(ui->title), sizeof(ui->title) - strlen(ui->title), " - hvdos");
}

/* ---- Drawing ---- */

SDL_Rect ui_sdl_fit(int ow, int oh, int content_h, bool integer_scale)
{
    int w, h;

    if ((long)ow * 3 >= (long)oh * 4) {
        h = oh;
        w = (oh * 4 + 1) / 3;
    } else {
        w = ow;
        h = (ow * 3 + 2) / 4;
    }
    if (w > ow)
        w = ow;
    if (h > oh)
        h = oh;
    /* Whole multiples of the content's height make every scan line equally thick. */
    if (integer_scale && content_h > 0 && h >= content_h) {
        h = h / content_h * content_h;
        w = (h * 4 + 1) / 3;
    }
    return (SDL_Rect){(ow - w) / 2, (oh - h) / 2, w, h};
}

static int ui_sdl_textures(struct frontend *ui)
{
    struct ui_text *t = &ui->text;

    if (ui->tex && ui->tex_w == t->w && ui->tex_h == t->h && !ui->tex_stale)
        return 0;
    if (ui->tex)
        SDL_DestroyTexture(ui->tex);
    ui->tex = SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                t->w, t->h);
    if (!ui->tex)
        return -1;
    SDL_SetTextureScaleMode(ui->tex, SDL_ScaleModeNearest);
    ui->tex_w = t->w;
    ui->tex_h = t->h;
    ui->tex_stale = false;
    SDL_UpdateTexture(ui->tex, NULL, t->fb, t->w * 4);
    ui_text_take_dirty(t, &(int){0}, &(int){0});
    return 0;
}

/* Scaling. With a GPU: nearest-neighbour to the smallest whole multiple at least as
 * large as the picture on screen, then linear to the exact size, so edges stay sharp
 * and every dot keeps its size. A software rasterizer pays for each pass per pixel
 * (full screen would drop below 60 frames a second), so there one nearest-neighbour
 * pass does it (some dots a pixel wider than others), or a linear one when the picture
 * shrinks. None leaves a gap between cells: box-drawing lines join at every scale. */
static void ui_sdl_copy_scaled(struct frontend *ui, const SDL_Rect *dst)
{
    int w = ui->tex_w, h = ui->tex_h;
    int kx = (dst->w + w - 1) / w, ky = (dst->h + h - 1) / h;
    bool exact = dst->w == w * kx && dst->h == h * ky;

    if (exact || !ui->sharp || !SDL_RenderTargetSupported(ui->ren)) {
        /* Shrinking, nearest-neighbour would drop whole lines of dots. */
        bool shrink = dst->w < w || dst->h < h;
        SDL_SetTextureScaleMode(ui->tex, shrink ? SDL_ScaleModeLinear : SDL_ScaleModeNearest);
        SDL_RenderCopy(ui->ren, ui->tex, NULL, dst);
        return;
    }
    if (!ui->scaled || ui->scaled_w != w * kx || ui->scaled_h != h * ky) {
        if (ui->scaled)
            SDL_DestroyTexture(ui->scaled);
        ui->scaled = SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                       w * kx, h * ky);
        if (!ui->scaled) {
            SDL_SetTextureScaleMode(ui->tex, SDL_ScaleModeNearest);
            SDL_RenderCopy(ui->ren, ui->tex, NULL, dst);
            return;
        }
        SDL_SetTextureScaleMode(ui->scaled, SDL_ScaleModeLinear);
        ui->scaled_w = w * kx;
        ui->scaled_h = h * ky;
    }
    SDL_SetTextureScaleMode(ui->tex, SDL_ScaleModeNearest);
    SDL_SetRenderTarget(ui->ren, ui->scaled);
    SDL_RenderCopy(ui->ren, ui->tex, NULL, NULL);
    SDL_SetRenderTarget(ui->ren, NULL);
    SDL_RenderCopy(ui->ren, ui->scaled, NULL, dst);
}

/* Whether the renderer draws on a GPU: not SDL's software renderer, nor OpenGL on
 * Mesa's software rasterizers (what a VM or a remote X display usually gets). */
static bool ui_sdl_renderer_on_gpu(SDL_Renderer *ren)
{
    const unsigned char *(*get_string)(unsigned);
    SDL_RendererInfo info;
    const char *name;

    if (SDL_GetRendererInfo(ren, &info) || !(info.flags & SDL_RENDERER_ACCELERATED))
        return false;
    if (strncmp(info.name, "opengl", 6) || !SDL_GL_GetCurrentContext())
        return true;
    /* SDL's OpenGL renderers leave their context current on this thread. */
    get_string = (const unsigned char *(*)(unsigned))SDL_GL_GetProcAddress("glGetString");
    name = get_string ? (const char *)get_string(0x1F01 /* GL_RENDERER */) : NULL;
    return !name || !(strstr(name, "llvmpipe") || strstr(name, "softpipe") ||
                      strstr(name, "Software Rasterizer") || strstr(name, "SWR"));
}

void ui_sdl_set_sharp(struct frontend *ui, bool sharp)
{
    ui->sharp = sharp;
    ui->redraw = true;
}

bool ui_sdl_sharp(struct frontend *ui)
{
    return ui->sharp;
}

SDL_Rect ui_sdl_picture_rect(struct frontend *ui)
{
    int ow = 0, oh = 0;

    SDL_GetRendererOutputSize(ui->ren, &ow, &oh);
    return ui_sdl_fit(ow, oh, ui->text.h, ui->integer_scale);
}

/* Renders the picture into the window's back buffer (not presented yet). */
static void ui_sdl_render(struct frontend *ui)
{
    struct ui_text *t = &ui->text;
    SDL_Rect dst;
    int y0, y1;

    if (!t->fb)
        return;
    if (ui_sdl_textures(ui)) {
        log_error(&ui->log, "cannot draw the window: %s", SDL_GetError());
        return;
    }
    if (ui_text_take_dirty(t, &y0, &y1))
        SDL_UpdateTexture(ui->tex, &(SDL_Rect){0, y0, t->w, y1 - y0}, t->fb + (size_t)y0 * t->w,
                          t->w * 4);
    dst = ui_sdl_picture_rect(ui);
    SDL_SetRenderDrawColor(ui->ren, 0, 0, 0, 255);
    SDL_RenderClear(ui->ren);
    ui_sdl_copy_scaled(ui, &dst);
    ui->redraw = false;
}

uint32_t *ui_sdl_read_window(struct frontend *ui, int *w, int *h)
{
    uint32_t *px;

    SDL_GetRendererOutputSize(ui->ren, w, h);
    px = malloc((size_t)*w * (size_t)*h * 4);
    if (!px)
        return NULL;
    ui_sdl_render(ui);
    if (SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_ARGB8888, px, *w * 4)) {
        free(px);
        return NULL;
    }
    SDL_RenderPresent(ui->ren);
    return px;
}

/* ---- Hotkeys ---- */

static void ui_bit_set(uint8_t *bits, SDL_Scancode sc, bool on)
{
    if (on)
        bits[sc / 8] |= (uint8_t)(1u << (sc % 8));
    else
        bits[sc / 8] &= (uint8_t) ~(1u << (sc % 8));
}

static bool ui_bit(const uint8_t *bits, SDL_Scancode sc)
{
    return bits[sc / 8] & (1u << (sc % 8));
}

/* Whether the guest holds a Shift, Ctrl, Alt or GUI key: typed text waits for them,
 * or Ctrl+Alt+V's own Ctrl and Alt would turn the paste into Ctrl+Alt+letters. */
static bool ui_sdl_modifiers_held(const struct frontend *ui)
{
    for (int sc = SDL_SCANCODE_LCTRL; sc <= SDL_SCANCODE_RGUI; sc++)
        if (ui_bit(ui->held, (SDL_Scancode)sc))
            return true;
    return false;
}

static void ui_sdl_toggle_fullscreen(struct frontend *ui)
{
    bool full = SDL_GetWindowFlags(ui->win) & SDL_WINDOW_FULLSCREEN;

    if (!full)
        SDL_GetWindowSize(ui->win, &ui->windowed_w, &ui->windowed_h);
    SDL_SetWindowFullscreen(ui->win, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
    /* A window manager gives the old size back; without one, nobody would. */
    if (full && ui->windowed_w > 0)
        SDL_SetWindowSize(ui->win, ui->windowed_w, ui->windowed_h);
    ui->redraw = true;
}

static void ui_sdl_copy(struct frontend *ui)
{
    char *text = display_frame_text(&ui_frames_latest(&ui->frames)->frame, true);

    if (text && !SDL_SetClipboardText(text))
        ui_sdl_set_title(ui, "screen text copied");
    else
        ui_sdl_set_title(ui, "cannot copy the screen text");
    free(text);
}

static void ui_sdl_paste(struct frontend *ui)
{
    char *text;

    if (!SDL_HasClipboardText())
        return;
    text = SDL_GetClipboardText();
    if (!text)
        return;
    SDL_free(ui->paste);
    ui->paste = text;
    ui->paste_pos = text;
    ui->paste_seq = 0;
}

/* Types a few characters of the paste, when the program has taken the last ones. */
static void ui_sdl_paste_feed(struct frontend *ui, const struct ui_frame *fr)
{
    bool caps = fr->kbd_flags & 0x40;

    if (!ui->paste)
        return;
    if (!ui_input_idle(ui) || fr->seq <= ui->paste_seq || fr->kbd_keys > UI_PASTE_MAX_WAITING ||
        ui_sdl_modifiers_held(ui))
        return;
    for (int sent = 0; *ui->paste_pos;) {
        uint8_t keys[UI_TYPE_MAX_BYTES];
        const char *at = ui->paste_pos;
        uint32_t cp = ui_utf8_next(&ui->paste_pos);
        int n;

        if (cp == '\r') {
            if (*ui->paste_pos == '\n')
                continue; /* CR LF is one Enter */
            cp = '\n';
        }
        n = ui_key_type_char(cp, caps, keys);
        if (sent && sent + n > UI_PASTE_BYTES_PER_FRAME) {
            ui->paste_pos = at; /* the next frame's */
            break;
        }
        ui_sdl_send(ui, keys, n);
        sent += n;
    }
    ui->paste_seq = fr->seq;
    if (!*ui->paste_pos) {
        SDL_free(ui->paste);
        ui->paste = NULL;
    }
}

static void ui_sdl_screenshot(struct frontend *ui)
{
    const struct ui_frame *fr = ui_frames_latest(&ui->frames);
    char path[64], err[512], notice[96];
    time_t now = time(NULL);
    struct tm tm;
    struct stat st;
    size_t len;

    localtime_r(&now, &tm);
    len = strftime(path, sizeof(path), "hvdos-%Y%m%d-%H%M%S", &tm);
    snprintf(path + len, sizeof(path) - len, ".png");
    for (int i = 2; stat(path, &st) == 0 && i < 100; i++)
        snprintf(path + len, sizeof(path) - len, "-%d.png", i);
    /* The picture shows what the screen holds: blinking text and the cursor on. */
    ui_text_compose(&ui->text, &fr->frame, DISPLAY_PHASE_SHOWN);
    if (ui_png_write(path, ui->text.fb, ui->text.w, ui->text.h, err, sizeof(err))) {
        log_error(&ui->log, "%s", err);
        ui_sdl_set_title(ui, "cannot write the screenshot");
        return;
    }
    snprintf(notice, sizeof(notice), "screenshot saved as %s", path);
    ui_sdl_set_title(ui, notice);
}

/* Alt+Enter: full screen. Ctrl+Alt+C: copy the screen's text. Ctrl+Alt+V: type the
 * clipboard. Ctrl+Alt+S: screenshot. Ctrl+Alt+I: integer scaling on or off. */
static bool ui_sdl_hotkey(struct frontend *ui, const SDL_KeyboardEvent *k)
{
    bool alt = k->keysym.mod & KMOD_ALT, ctrl = k->keysym.mod & KMOD_CTRL;

    if (alt && !ctrl && k->keysym.scancode == SDL_SCANCODE_RETURN) {
        ui_sdl_toggle_fullscreen(ui);
        return true;
    }
    if (!alt || !ctrl)
        return false;
    switch (k->keysym.scancode) {
    case SDL_SCANCODE_C: ui_sdl_copy(ui); return true;
    case SDL_SCANCODE_V: ui_sdl_paste(ui); return true;
    case SDL_SCANCODE_S: ui_sdl_screenshot(ui); return true;
    case SDL_SCANCODE_I:
        ui->integer_scale = !ui->integer_scale;
        ui->redraw = true;
        ui_sdl_set_title(ui, ui->integer_scale ? "integer scaling" : "scaled to fit");
        return true;
    default: return false;
    }
}

static void ui_sdl_key(struct frontend *ui, const SDL_KeyboardEvent *k)
{
    SDL_Scancode sc = k->keysym.scancode;
    bool down = k->type == SDL_KEYDOWN;
    uint8_t bytes[UI_KEY_MAX_BYTES];
    int n;

    if ((unsigned)sc >= SDL_NUM_SCANCODES)
        return;
    /* The emulated keyboard makes its own typematic repeat from the held key. */
    if (k->repeat)
        return;
    if (down && ui_sdl_hotkey(ui, k)) {
        ui_bit_set(ui->swallowed, sc, true);
        return;
    }
    if (!down && ui_bit(ui->swallowed, sc)) {
        ui_bit_set(ui->swallowed, sc, false);
        return;
    }
    n = ui_key_scancodes(sc, down, (SDL_Keymod)k->keysym.mod, bytes);
    if (n) {
        ui_sdl_send(ui, bytes, n);
        ui_bit_set(ui->held, sc, down);
    }
}

/* The host's Caps Lock and Num Lock are what the user sees on the keyboard: when the
 * window gets the keyboard back, toggle the guest's to match (BDA 0040:0017). */
static void ui_sdl_sync_locks(struct frontend *ui, const struct ui_frame *fr)
{
    static const uint8_t caps[] = {0x3A, 0xBA}, num[] = {0x45, 0xC5};
    SDL_Keymod mods = SDL_GetModState();

    if (!ui->sync_locks || fr->seq == 0)
        return;
    ui->sync_locks = false;
    if (!(mods & KMOD_CAPS) != !(fr->kbd_flags & 0x40))
        ui_sdl_send(ui, caps, 2);
    if (!(mods & KMOD_NUM) != !(fr->kbd_flags & 0x20))
        ui_sdl_send(ui, num, 2);
}

static void ui_sdl_event(struct frontend *ui, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT: /* the window was closed: the program ends */
        ui_sdl_queue(ui, (struct input_event){INPUT_QUIT, 0});
        ui_sdl_flush(ui);
        break;
    case SDL_KEYDOWN:
    case SDL_KEYUP: ui_sdl_key(ui, &ev->key); break;
    case SDL_WINDOWEVENT:
        switch (ev->window.event) {
        case SDL_WINDOWEVENT_FOCUS_LOST:
            log_debug(&ui->log, LOG_UI, "focus lost: the guest's held keys are released");
            ui_sdl_queue(ui, (struct input_event){INPUT_RELEASE_ALL, 0});
            ui_sdl_flush(ui);
            memset(ui->swallowed, 0, sizeof(ui->swallowed));
            memset(ui->held, 0, sizeof(ui->held));
            break;
        case SDL_WINDOWEVENT_FOCUS_GAINED: ui->sync_locks = true; break;
        case SDL_WINDOWEVENT_EXPOSED:
        case SDL_WINDOWEVENT_SIZE_CHANGED:
        case SDL_WINDOWEVENT_RESTORED: ui->redraw = true; break;
        default: break;
        }
        break;
    case SDL_RENDER_TARGETS_RESET: ui->redraw = true; break;
    case SDL_RENDER_DEVICE_RESET:
        ui->tex_stale = true;
        if (ui->scaled)
            SDL_DestroyTexture(ui->scaled);
        ui->scaled = NULL;
        ui->redraw = true;
        break;
    default: break;
    }
}

bool ui_sdl_show(struct frontend *ui, const struct display_frame *s, unsigned phase)
{
    if (!ui_text_compose(&ui->text, s, phase) && !ui->redraw)
        return false;
    ui_sdl_render(ui);
    SDL_RenderPresent(ui->ren);
    return true;
}

/* ---- The loop ---- */

static void *ui_sdl_vcpu_main(void *arg)
{
    struct frontend *ui = arg;

    ui->status = machine_run(ui->m);
    ui_frames_capture(&ui->frames, ui->m); /* the screen the program left */
    atomic_store(&ui->vcpu_done, true);
    return NULL;
}

int ui_sdl_start(struct frontend *ui, struct machine *m)
{
    int rc;

    ui->m = m;
    ui_frames_attach(&ui->frames, m);
    rc = pthread_create(&ui->vcpu, NULL, ui_sdl_vcpu_main, ui);
    if (rc) {
        log_error(&ui->log, "cannot start the vCPU thread: %s", strerror(rc));
        return -rc;
    }
    ui->vcpu_started = true;
    ui->next_tick_ms = ui_now_ms();
    ui->sync_locks = SDL_GetKeyboardFocus() == ui->win;
    return 0;
}

static void ui_sdl_tick(struct frontend *ui, uint64_t now)
{
    const struct ui_frame *fr = ui_frames_latest(&ui->frames);

    ui_sdl_sync_locks(ui, fr);
    ui_sdl_paste_feed(ui, fr);
    if (fr->seq && (fr->frame.kind == DISPLAY_UNSUPPORTED) != ui->graphics_mode) {
        /* Planar graphics are not drawn: say why the window is black. */
        ui->graphics_mode = fr->frame.kind == DISPLAY_UNSUPPORTED;
        if (ui->graphics_mode)
            snprintf(ui->mode_note, sizeof(ui->mode_note), "video mode %02Xh is not shown",
                     fr->bios_mode);
        ui_sdl_set_title(ui, NULL);
    }
    if (ui->notice_until_ms && now >= ui->notice_until_ms)
        ui_sdl_set_title(ui, NULL);
    /* Nobody sees a minimized or hidden window: draw it again when it comes back. */
    if (SDL_GetWindowFlags(ui->win) & (SDL_WINDOW_MINIMIZED | SDL_WINDOW_HIDDEN))
        return;
    ui_sdl_show(ui, &fr->frame, display_blink_phase(now * 1000000u));
}

bool ui_sdl_iterate(struct frontend *ui, int max_wait_ms)
{
    uint64_t now = ui_now_ms();
    int wait = ui->next_tick_ms > now ? (int)(ui->next_tick_ms - now) : 0;
    SDL_Event ev;

    if (ui->vcpu_joined)
        return false;
    if (wait > max_wait_ms)
        wait = max_wait_ms;
    if (SDL_WaitEventTimeout(&ev, wait)) {
        ui_sdl_event(ui, &ev);
        while (SDL_PollEvent(&ev))
            ui_sdl_event(ui, &ev);
    }
    ui_sdl_flush(ui);
    if (atomic_load(&ui->vcpu_done)) {
        pthread_join(ui->vcpu, NULL);
        ui->vcpu_joined = true;
        return false;
    }
    now = ui_now_ms();
    if (now >= ui->next_tick_ms) {
        ui_sdl_tick(ui, now);
        ui->next_tick_ms += 1000 / UI_FRAME_HZ;
        if (ui->next_tick_ms <= now)
            ui->next_tick_ms = now + 1000 / UI_FRAME_HZ;
    } else if (ui->redraw) {
        ui_sdl_show(ui, &ui_frames_latest(&ui->frames)->frame, display_blink_phase(now * 1000000u));
    }
    return true;
}

int ui_sdl_finish(struct frontend *ui)
{
    int status;

    if (!ui->vcpu_started)
        return EXIT_LOAD;
    if (!ui->vcpu_joined) {
        pthread_join(ui->vcpu, NULL);
        ui->vcpu_joined = true;
    }
    status = ui->status;
    if (ui->cfg->screenshot) {
        const struct ui_frame *fr = ui_frames_latest(&ui->frames);
        char err[512];

        ui_text_compose(&ui->text, &fr->frame, DISPLAY_PHASE_SHOWN);
        if (ui_png_write(ui->cfg->screenshot, ui->text.fb, ui->text.w, ui->text.h, err,
                         sizeof(err))) {
            log_error(&ui->log, "%s", err);
            if (!status)
                status = 1;
        }
    }
    return status;
}

const struct ui_frame *ui_sdl_frame(struct frontend *ui)
{
    return ui_frames_latest(&ui->frames);
}

SDL_Window *ui_sdl_window(struct frontend *ui)
{
    return ui->win;
}

const char *ui_sdl_renderer_name(struct frontend *ui)
{
    SDL_RendererInfo info;

    return SDL_GetRendererInfo(ui->ren, &info) ? "?" : info.name;
}

static int ui_sdl_run(struct frontend *ui, struct machine *m)
{
    if (ui_sdl_start(ui, m))
        return EXIT_LOAD;
    while (ui_sdl_iterate(ui, 1000))
        ;
    return ui_sdl_finish(ui);
}

/* ---- Set-up ---- */

/* 720x540 (the 720x400 picture at 4:3), times what fits a large display well. */
static void ui_sdl_default_size(int *w, int *h)
{
    SDL_Rect usable;
    int k = 1;

    if (SDL_GetDisplayUsableBounds(0, &usable) == 0)
        while (k < 4 && 540 * (k + 1) <= usable.h * 85 / 100 && 720 * (k + 1) <= usable.w)
            k++;
    *w = 720 * k;
    *h = 540 * k;
}

static void ui_sdl_destroy(struct frontend *ui)
{
    if (!ui)
        return;
    if (ui->vcpu_started && !ui->vcpu_joined)
        pthread_join(ui->vcpu, NULL);
    if (ui->scaled)
        SDL_DestroyTexture(ui->scaled);
    if (ui->tex)
        SDL_DestroyTexture(ui->tex);
    if (ui->ren)
        SDL_DestroyRenderer(ui->ren);
    if (ui->win)
        SDL_DestroyWindow(ui->win);
    SDL_free(ui->paste);
    ui_text_fini(&ui->text);
    SDL_Quit();
    free(ui);
}

static int ui_sdl_create(struct frontend **out, const struct machine_config *cfg, char *err,
                         size_t errlen)
{
    struct frontend *ui = calloc(1, sizeof(*ui));
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    int w, h;

    if (!ui) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ui->cfg = cfg;
    ui->log.cats = cfg->debug;
    ui->integer_scale = cfg->integer_scale;
    ui_frames_init(&ui->frames);
    atomic_init(&ui->vcpu_done, false);
    /* Ctrl+C in the terminal is hvdos's to handle (exit status 130), not SDL's. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    if (SDL_Init(SDL_INIT_VIDEO) < 0) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        free(ui);
        return -1;
    }
    ui_text_init(&ui->text);
    ui_sdl_make_title(ui);
    ui_sdl_default_size(&w, &h);
    if (cfg->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    ui->win =
        SDL_CreateWindow(ui->title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!ui->win) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        goto fail;
    }
    SDL_SetWindowMinimumSize(ui->win, 320, 240);
    ui->ren = SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!ui->ren)
        ui->ren = SDL_CreateRenderer(ui->win, -1, 0);
    if (!ui->ren) {
        snprintf(err, errlen, "cannot draw in the window: %s", SDL_GetError());
        goto fail;
    }
    ui->sharp = ui_sdl_renderer_on_gpu(ui->ren);
    log_debug(&ui->log, LOG_UI, "window %dx%d, %s renderer, %s scaling", w, h,
              ui_sdl_renderer_name(ui), ui->sharp ? "sharp (GPU)" : "nearest (software)");
    /* Keys are scancodes: no text input, no input method in the way. */
    SDL_StopTextInput();
    ui->redraw = true;
    *out = ui;
    return 0;
fail:
    ui_sdl_destroy(ui);
    return -1;
}

const struct frontend_ops ui_sdl_ops = {
    .name = "sdl",
    .create = ui_sdl_create,
    .run = ui_sdl_run,
    .destroy = ui_sdl_destroy,
};

const struct ui_sdl_module ui_sdl_module = {
    .window = &ui_sdl_ops,
    .screenshot_write = ui_screenshot_write,
};
