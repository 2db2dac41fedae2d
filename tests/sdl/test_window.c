/* The SDL2 window in a real X server (meson starts this under xvfb-run): DOS test
 * programs built from source (the .asm files beside this one) run on the CPU backend
 * that --cpu=auto picks, while the test
 * drives the window's loop, injects SDL events, and checks the pixels it shows, the
 * screenshots it saves, and the scancodes the guest's int 9 handler sees.
 *
 * tests/sdl/screen.png is the expected screenshot of screen.com. It is the one binary
 * file committed under tests/ (allowed as the reference image): hvdos itself made it,
 * from screen.asm built from source, with
 *     build/hvdos --headless --screenshot tests/sdl/screen.png build/tests/sdl/screen.com /exit
 * Regenerate it that way when the screen program or the fonts change on purpose. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <png.h>
#include <signal.h>
#include <stdatomic.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cpu/select.h"
#include "pc.h"
#include "test.h"
#include "ui/sdl.h"

extern char **environ;

static const char *opt_progs, *opt_expected, *opt_hvdos;
static char scratch_root[] = "/tmp/hvdos-window-XXXXXX";
static pid_t window_manager;
static struct display_frame last_screen; /* the screen a session's program left */
static const struct cpu_ops *cpu;        /* what --cpu=auto chooses here */

struct session {
    struct machine_config cfg;
    char *args[2];
    char path[512];
    char dir[600];
    struct machine *m;
    struct frontend *ui;
    /* If set, sees the machine's input instead of its keyboard controller. */
    void (*handler)(struct machine *m, const struct input_event *ev);
};

static uint64_t now_ms(void)
{
    return machine_now_ns() / 1000000u;
}

/* A fresh window and machine running PROG (with one argument, or none), in a fresh
 * directory that is drive C:; with a handler, it gets the machine's input. */
static bool session_start_with(struct session *s, const char *prog, const char *arg,
                               void (*handler)(struct machine *, const struct input_event *))
{
    static int n;
    char err[512];
    int rc;

    memset(s, 0, sizeof(*s));
    s->handler = handler;
    snprintf(s->path, sizeof(s->path), "%s/%s", opt_progs, prog);
    snprintf(s->dir, sizeof(s->dir), "%s/%d", scratch_root, ++n);
    if (mkdir(s->dir, 0755) || chdir(s->dir)) {
        printf("FAIL %s: cannot make %s: %s\n", test_current, s->dir, strerror(errno));
        test_failures++;
        return false;
    }
    s->cfg.program = s->path;
    s->cfg.cpu = cpu->name;
    s->args[0] = (char *)arg;
    s->cfg.args = s->args;
    s->cfg.nargs = arg ? 1 : 0;
    if (ui_sdl_ops.create(&s->ui, &s->cfg, err, sizeof(err))) {
        printf("FAIL %s: no window: %s\n", test_current, err);
        test_failures++;
        return false;
    }
    rc = machine_create(&s->m, &s->cfg, &pc_board, cpu, err, sizeof(err));
    if (rc) {
        ui_sdl_ops.destroy(s->ui);
        printf("FAIL %s: %s\n", test_current, err);
        test_failures++;
        return false;
    }
    if (s->handler)
        s->m->input_handler = s->handler;
    if (ui_sdl_start(s->ui, s->m)) {
        printf("FAIL %s: the vCPU thread did not start\n", test_current);
        test_failures++;
        return false;
    }
    return true;
}

static bool session_start(struct session *s, const char *prog, const char *arg)
{
    return session_start_with(s, prog, arg, NULL);
}

/* Runs the window's loop for ms milliseconds (or until the program ends). */
static bool session_pump(struct session *s, int ms)
{
    uint64_t end = now_ms() + (uint64_t)ms;

    while (now_ms() < end)
        if (!ui_sdl_iterate(s->ui, 5))
            return false;
    return true;
}

/* Runs the loop until cell (row, col) of the latest frame holds ch. */
static bool session_wait_cell(struct session *s, int row, int col, uint8_t ch, int timeout_ms)
{
    uint64_t end = now_ms() + (uint64_t)timeout_ms;

    while (now_ms() < end) {
        const struct ui_frame *fr = ui_sdl_frame(s->ui);
        if (fr->seq && fr->frame.cols == 80 && (uint8_t)fr->frame.cells[row * 80 + col] == ch)
            return session_pump(s, 100); /* and the window has drawn it */
        if (!ui_sdl_iterate(s->ui, 5))
            return false;
    }
    printf("FAIL %s: the program's screen did not appear\n", test_current);
    test_failures++;
    return false;
}

/* Closes the window (or, with close=false, waits for the program to end) and returns
 * hvdos's exit status. */
static int session_end(struct session *s, bool close)
{
    uint64_t end = now_ms() + 20000;
    int status;

    if (close) {
        SDL_Event ev = {.type = SDL_QUIT};
        SDL_PushEvent(&ev);
    }
    while (now_ms() < end && ui_sdl_iterate(s->ui, 10))
        ;
    if (now_ms() >= end) {
        /* Only the vCPU thread may stop the machine: a stuck one ends the tests. */
        printf("FAIL %s: the program did not end\n", test_current);
        fflush(stdout);
        _exit(1);
    }
    status = ui_sdl_finish(s->ui);
    last_screen = ui_sdl_frame(s->ui)->frame;
    machine_destroy(s->m);
    ui_sdl_ops.destroy(s->ui);
    return status;
}

static void key(struct session *s, SDL_Scancode sc, bool down, Uint16 mod)
{
    SDL_Event ev = {0};

    ev.type = down ? SDL_KEYDOWN : SDL_KEYUP;
    ev.key.state = down ? SDL_PRESSED : SDL_RELEASED;
    ev.key.windowID = SDL_GetWindowID(ui_sdl_window(s->ui));
    ev.key.keysym.scancode = sc;
    ev.key.keysym.sym = SDL_GetKeyFromScancode(sc);
    ev.key.keysym.mod = mod;
    SDL_PushEvent(&ev);
}

/* Presses and releases a key; with mod, the modifier keys go around it. */
static void tap(struct session *s, SDL_Scancode sc, Uint16 mod)
{
    if (mod & KMOD_LCTRL)
        key(s, SDL_SCANCODE_LCTRL, true, KMOD_LCTRL);
    if (mod & KMOD_LALT)
        key(s, SDL_SCANCODE_LALT, true, mod & (KMOD_LCTRL | KMOD_LALT));
    key(s, sc, true, mod);
    key(s, sc, false, mod);
    if (mod & KMOD_LALT)
        key(s, SDL_SCANCODE_LALT, false, mod & KMOD_LCTRL);
    if (mod & KMOD_LCTRL)
        key(s, SDL_SCANCODE_LCTRL, false, 0);
}

/* ---- Images ---- */

struct image {
    int w, h;
    uint32_t *px; /* ARGB */
};

static bool image_load(struct image *img, const char *path)
{
    png_image p;
    uint8_t *rgb;

    memset(&p, 0, sizeof(p));
    p.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&p, path))
        return false;
    p.format = PNG_FORMAT_RGB;
    rgb = malloc(PNG_IMAGE_SIZE(p));
    if (!rgb || !png_image_finish_read(&p, NULL, rgb, 0, NULL)) {
        free(rgb);
        return false;
    }
    img->w = (int)p.width;
    img->h = (int)p.height;
    img->px = malloc((size_t)img->w * (size_t)img->h * 4);
    for (int i = 0; i < img->w * img->h; i++)
        img->px[i] = 0xFF000000u | (uint32_t)rgb[3 * i] << 16 | (uint32_t)rgb[3 * i + 1] << 8 |
                     rgb[3 * i + 2];
    free(rgb);
    return true;
}

static uint32_t image_at(const struct image *img, int x, int y)
{
    return img->px[(size_t)y * img->w + x];
}

/* Pixels that differ between a PNG and the expected image (-1: not comparable). */
static long image_diff(const char *path, const char *expected)
{
    struct image a, b;
    long diff = 0;

    if (!image_load(&a, path)) {
        printf("FAIL %s: cannot read %s\n", test_current, path);
        return -1;
    }
    if (!image_load(&b, expected)) {
        printf("FAIL %s: cannot read %s\n", test_current, expected);
        free(a.px);
        return -1;
    }
    if (a.w != b.w || a.h != b.h) {
        printf("FAIL %s: %s is %dx%d, the expected image %dx%d\n", test_current, path, a.w, a.h,
               b.w, b.h);
        diff = -1;
    } else {
        for (int i = 0; i < a.w * a.h; i++)
            diff += a.px[i] != b.px[i];
    }
    free(a.px);
    free(b.px);
    return diff;
}

static int brightness(uint32_t c)
{
    int r = (c >> 16) & 0xFF, g = (c >> 8) & 0xFF, b = c & 0xFF;
    return r > g ? (r > b ? r : b) : (g > b ? g : b);
}

/* The box around what is not black: where the picture is in the window. */
static SDL_Rect lit_box(const uint32_t *px, int w, int h)
{
    int x0 = w, y0 = h, x1 = -1, y1 = -1;

    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (brightness(px[(size_t)y * w + x]) > 24) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
    return (SDL_Rect){x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

/* The window's pixel at the centre of a dot of the 720x400 picture. */
static uint32_t window_dot(const uint32_t *px, int w, SDL_Rect r, double x, double y)
{
    int wx = r.x + (int)((x + 0.5) * r.w / 720.0), wy = r.y + (int)((y + 0.5) * r.h / 400.0);
    return px[(size_t)wy * w + wx];
}

static bool find_screenshot(char *out, size_t len)
{
    DIR *d = opendir(".");
    struct dirent *e;
    bool found = false;

    while (d && (e = readdir(d)))
        if (!strncmp(e->d_name, "hvdos-", 6) && strstr(e->d_name, ".png")) {
            snprintf(out, len, "%s", e->d_name);
            found = true;
        }
    if (d)
        closedir(d);
    return found;
}

/* ---- Screen contents ---- */

TEST(test_window_screenshot_hotkey_matches_expected_image)
{
    struct session s;
    struct image img;
    char shot[256];
    uint32_t grey = test_vga_palette[7];

    if (!session_start(&s, "screen.com", NULL))
        return;
    if (session_wait_cell(&s, 24, 79, '*', 20000)) {
        tap(&s, SDL_SCANCODE_S, KMOD_LCTRL | KMOD_LALT);
        session_pump(&s, 200);
    }
    EXPECT_EQ(session_end(&s, true), 0);
    EXPECT(find_screenshot(shot, sizeof(shot)));
    if (!image_load(&img, shot)) {
        printf("FAIL %s: no readable screenshot in %s\n", test_current, s.dir);
        test_failures++;
        return;
    }
    EXPECT_EQ(img.w, 720);
    EXPECT_EQ(img.h, 400);
    /* Row 2: a full block in each colour at columns 2, 4, ...: the whole cell. */
    for (int i = 0; i < 16; i++)
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 9; x++)
                EXPECT_EQ(image_at(&img, (2 + 2 * i) * 9 + x, 2 * 16 + y), test_vga_palette[i]);
    /* Row 4: backgrounds. */
    for (int i = 0; i < 8; i++)
        EXPECT_EQ(image_at(&img, (2 + 3 * i) * 9 + 4, 4 * 16 + 8), test_vga_palette[i]);
    /* Row 3: 'B' in blue on grey at column 4, as the VGA font draws it. */
    for (int y = 0; y < 16; y++) {
        static const uint8_t rom_b[16] = {0x00, 0x00, 0xFC, 0x66, 0x66, 0x66, 0x7C, 0x66,
                                          0x66, 0x66, 0x66, 0xFC, 0x00, 0x00, 0x00, 0x00};
        for (int x = 0; x < 9; x++) {
            bool on = x < 8 && (rom_b[y] & (0x80 >> x));
            EXPECT_EQ(image_at(&img, 4 * 9 + x, 3 * 16 + y), on ? test_vga_palette[1] : grey);
        }
    }
    /* The cursor: row 20, column 40, scan lines 13 and 14, in the cell's grey. */
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 9; x++)
            EXPECT_EQ(image_at(&img, 40 * 9 + x, 20 * 16 + y),
                      y == 13 || y == 14 ? grey : test_vga_palette[0]);
    /* The single box's top line runs unbroken from its corner to the other. */
    for (int x = 2 * 9 + 4; x <= 30 * 9 + 4; x++)
        EXPECT_EQ(image_at(&img, x, 6 * 16 + 7), test_vga_palette[11]);
    free(img.px);
    EXPECT_EQ(image_diff(shot, opt_expected), 0);
}

TEST(test_window_screenshot_at_exit_matches_expected_image)
{
    struct session s;
    char shot[700];

    if (!session_start(&s, "screen.com", NULL))
        return;
    snprintf(shot, sizeof(shot), "%s/exit.png", s.dir);
    s.cfg.screenshot = shot;
    session_wait_cell(&s, 24, 79, '*', 20000);
    EXPECT_EQ(session_end(&s, true), 0);
    EXPECT_EQ(image_diff(shot, opt_expected), 0);
}

/* This process's environment (malloc'd array), less DISPLAY and WAYLAND_DISPLAY if
 * asked: a child hvdos then finds no display. */
static char **env_without_display(bool drop)
{
    size_t n = 0, k = 0;
    char **env;

    while (environ[n])
        n++;
    env = calloc(n + 1, sizeof(*env));
    for (size_t i = 0; i < n; i++)
        if (!drop ||
            (strncmp(environ[i], "DISPLAY=", 8) && strncmp(environ[i], "WAYLAND_DISPLAY=", 16)))
            env[k++] = environ[i];
    return env;
}

TEST(test_headless_screenshot_needs_no_display)
{
    char dir[600], shot[700], prog[600];
    char *argv[] = {(char *)opt_hvdos, "--headless", "--screenshot", shot, prog, "/exit", NULL};
    char **envp = env_without_display(true);
    int status = -1;
    pid_t pid;

    snprintf(dir, sizeof(dir), "%s/headless", scratch_root);
    mkdir(dir, 0755);
    snprintf(shot, sizeof(shot), "%s/screen.png", dir);
    snprintf(prog, sizeof(prog), "%s/screen.com", opt_progs);
    /* No DISPLAY, no WAYLAND_DISPLAY: nothing to draw on but memory. */
    if (chdir(dir) || posix_spawn(&pid, opt_hvdos, NULL, NULL, argv, envp)) {
        printf("FAIL %s: cannot run %s\n", test_current, opt_hvdos);
        test_failures++;
        return;
    }
    waitpid(pid, &status, 0);
    free(envp);
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(image_diff(shot, opt_expected), 0);
}

/* Runs modes.com with an argument in the window; returns its screenshot at exit. */
static bool modes_shot(const char *arg, struct image *img)
{
    struct session s;
    char shot[700];

    if (!session_start(&s, "modes.com", arg))
        return false;
    snprintf(shot, sizeof(shot), "%s/modes.png", s.dir);
    s.cfg.screenshot = shot;
    EXPECT_EQ(session_end(&s, false), 0);
    if (!image_load(img, shot)) {
        printf("FAIL %s: no screenshot for %s\n", test_current, arg);
        test_failures++;
        return false;
    }
    return true;
}

/* IBM's glyphs as the character generator holds them after a mode set (16 lines) or
 * int 10h 1112h (8), from a frame a machine captured. */
static const struct display_frame *rom_glyphs(int lines)
{
    static struct display_frame *f16, *f8;
    struct display_frame **f = lines == 8 ? &f8 : &f16;

    if (!*f)
        *f = test_text_frame(lines);
    return *f;
}

static const struct display_frame *vga_glyphs(void)
{
    return rom_glyphs(16);
}

TEST(test_window_40_columns_double_every_dot)
{
    const struct display_frame *g = vga_glyphs();
    struct image img;
    int bad = 0;

    if (!modes_shot("/40", &img))
        return;
    EXPECT_EQ(img.w, 720);
    EXPECT_EQ(img.h, 400);
    /* "Mode 1" from column 2: each cell 18 dots wide, the glyph's dots doubled. */
    for (int i = 0; i < 6; i++) {
        uint8_t ch = (uint8_t) "Mode 1"[i];
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 18; x++) {
                bool on = test_glyph_row(g, ch, y) & (0x100 >> (x / 2));
                bad += image_at(&img, (2 + i) * 18 + x, 16 + y) !=
                       (on ? test_vga_palette[14] : test_vga_palette[1]);
            }
    }
    EXPECT_EQ(bad, 0);
    free(img.px);
}

TEST(test_window_mono_mode_shows_mda_attributes)
{
    const struct display_frame *g = vga_glyphs();
    uint32_t white = 0xFFFFFFFF, grey = test_vga_palette[7], black = test_vga_palette[0];
    struct image img;
    int bad = 0;

    if (!modes_shot("/mono", &img))
        return;
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 9; x++) {
            /* Bright 'M'; a reverse-video blank; an underlined 'U'. */
            bad += image_at(&img, 2 * 9 + x, 16 + y) !=
                   (test_glyph_row(g, 'M', y) & (0x100 >> x) ? white : black);
            bad += image_at(&img, 10 * 9 + x, 16 + y) != grey;
            bad += image_at(&img, 12 * 9 + x, 16 + y) !=
                   (y == 13 || (test_glyph_row(g, 'U', y) & (0x100 >> x)) ? grey : black);
        }
    EXPECT_EQ(bad, 0);
    free(img.px);
}

TEST(test_window_shows_the_active_page)
{
    struct image img;
    int red = 0, green = 0;

    if (!modes_shot("/page", &img))
        return;
    for (int y = 16; y < 32; y++)
        for (int x = 0; x < 720; x++) {
            red += image_at(&img, x, y) == test_vga_palette[12];
            green += image_at(&img, x, y) == test_vga_palette[10];
        }
    EXPECT(red > 100);   /* page 1's "Page 1" */
    EXPECT_EQ(green, 0); /* page 0's text is not on screen */
    free(img.px);
}

/* The window's pixel at the centre of a dot of the picture, drawn now. */
static uint32_t window_sample(struct session *s, double x, double y)
{
    int w, h;
    uint32_t *px = ui_sdl_read_window(s->ui, &w, &h), c;

    if (!px)
        return 0;
    c = window_dot(px, w, ui_sdl_picture_rect(s->ui), x, y);
    free(px);
    return c;
}

/* The 8x8 font's glyph for ch at cell (row, col) of an 8-line screenshot. */
static int glyph8_mismatches(const struct image *img, uint8_t ch, int row, int col)
{
    const struct display_frame *g = rom_glyphs(8);
    int bad = 0;

    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 9; x++)
            bad += image_at(img, col * 9 + x, row * 8 + y) !=
                   (test_glyph_row(g, ch, y) & (0x100 >> x) ? 0xFFFFFFFFu : test_vga_palette[0]);
    return bad;
}

TEST(test_window_50_rows_use_the_8x8_font)
{
    struct image img;
    int bad = 0;

    if (!modes_shot("/50", &img))
        return;
    EXPECT_EQ(last_screen.rows, 50);
    if (last_screen.rows != 50) {
        free(img.px);
        return;
    }
    EXPECT_EQ(img.w, 720);
    EXPECT_EQ(img.h, 400);
    for (int i = 0; i < 6; i++)
        bad += glyph8_mismatches(&img, (uint8_t) "Row 50"[i], 49, 2 + i);
    for (int i = 0; i < 3; i++)
        bad += glyph8_mismatches(&img, (uint8_t) "Top"[i], 0, 2 + i);
    EXPECT_EQ(bad, 0);
    free(img.px);
}

TEST(test_window_43_rows_fill_350_lines)
{
    struct image img;
    int bad = 0;

    if (!modes_shot("/43", &img))
        return;
    EXPECT_EQ(last_screen.rows, 43);
    if (last_screen.rows != 43) {
        free(img.px);
        return;
    }
    EXPECT_EQ(img.w, 720);
    EXPECT_EQ(img.h, 350);
    for (int i = 0; i < 6; i++)
        bad += glyph8_mismatches(&img, (uint8_t) "Row 43"[i], 42, 2 + i);
    EXPECT_EQ(bad, 0);
    free(img.px);
}

TEST(test_window_follows_crtc_start_address_and_cursor)
{
    struct image img;
    const struct display_frame *g = vga_glyphs();
    int bad = 0;

    if (!modes_shot("/crtc", &img))
        return;
    /* The screen follows the CRTC's start address: video memory's row 2 is on top. */
    EXPECT_EQ((uint8_t)last_screen.cells[4], '2');
    if ((uint8_t)last_screen.cells[4] != '2') {
        free(img.px);
        return;
    }
    /* Video memory's row 2 at the top: "Row 2" in yellow. */
    for (int i = 0; i < 5; i++)
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 9; x++)
                bad += image_at(&img, i * 9 + x, y) !=
                       (test_glyph_row(g, (uint8_t) "Row 2"[i], y) & (0x100 >> x)
                            ? test_vga_palette[14]
                            : test_vga_palette[0]);
    EXPECT_EQ(bad, 0);
    /* The cursor where the CRTC's location register puts it: memory row 5, column 7,
     * that is the screen's row 3; its lines those the mode set (13 and 14). */
    EXPECT_EQ(last_screen.cursor_row, 3);
    EXPECT_EQ(last_screen.cursor_col, 7);
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 9; x++)
            EXPECT_EQ(image_at(&img, 7 * 9 + x, 3 * 16 + y),
                      y >= last_screen.cursor_start && y <= last_screen.cursor_end
                          ? test_vga_palette[7]
                          : test_vga_palette[0]);
    EXPECT(last_screen.cursor_start <= last_screen.cursor_end);
    free(img.px);
}

/* A dot of a glyph lit with its neighbours above and below: scaled, its centre keeps
 * the colour exactly. */
static void solid_dot(uint8_t ch, int *dx, int *dy)
{
    const struct display_frame *g = vga_glyphs();

    for (int y = 1; y < 15; y++)
        for (int x = 0; x < 8; x++) {
            unsigned bit = 0x100u >> x;
            if ((test_glyph_row(g, ch, y - 1) & bit) && (test_glyph_row(g, ch, y) & bit) &&
                (test_glyph_row(g, ch, y + 1) & bit)) {
                *dx = x;
                *dy = y;
                return;
            }
        }
    abort();
}

TEST(test_window_text_and_cursor_blink)
{
    struct session s;
    int text_on = 0, text_off = 0, cur_on = 0, cur_off = 0, steady_off = 0, bx, by, sx, sy;

    solid_dot('B', &bx, &by);
    solid_dot('s', &sx, &sy);
    if (!session_start(&s, "screen.com", NULL))
        return;
    if (session_wait_cell(&s, 24, 79, '*', 20000)) {
        /* Over a second: the blinking 'B' (row 15, column 2) comes and goes, and so
         * does the cursor (row 20, column 40, lines 13-14); "steady" stays. */
        for (int i = 0; i < 40; i++) {
            session_pump(&s, 25);
            uint32_t b = window_sample(&s, 2 * 9 + bx, 15 * 16 + by);
            uint32_t c = window_sample(&s, 40 * 9 + 4, 20 * 16 + 13.5);
            uint32_t st = window_sample(&s, 8 * 9 + sx, 15 * 16 + sy);
            text_on += (b & 0xFFFFFF) == 0xFFFF55;
            text_off += (b & 0xFFFFFF) == 0;
            cur_on += (c & 0xFFFFFF) == 0xAAAAAA;
            cur_off += (c & 0xFFFFFF) == 0;
            steady_off += (st & 0xFFFFFF) != 0xFFFF55;
        }
        EXPECT(text_on > 0);
        EXPECT(text_off > 0);
        EXPECT(cur_on > 0);
        EXPECT(cur_off > 0);
        EXPECT_EQ(steady_off, 0);
    }
    EXPECT_EQ(session_end(&s, true), 0);
}

/* Runs hvdos with the given options and modes.com (no mode: it prints a line and
 * ends with status 1), with or without a display; returns its exit status and what
 * it wrote on stdout and stderr. */
static int run_hvdos(const char *opt, bool display, char *out, size_t outlen, char *errout,
                     size_t errlen)
{
    char prog[600], outp[700], errp[700], **envp = env_without_display(!display);
    char *argv[] = {(char *)opt_hvdos, (char *)opt, prog, NULL};
    posix_spawn_file_actions_t fa;
    int status = -1;
    FILE *f;
    pid_t pid;

    if (!opt) {
        argv[1] = prog;
        argv[2] = NULL;
    }
    snprintf(prog, sizeof(prog), "%s/modes.com", opt_progs);
    snprintf(outp, sizeof(outp), "%s/stdout", scratch_root);
    snprintf(errp, sizeof(errp), "%s/stderr", scratch_root);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (chdir(scratch_root) == 0 && posix_spawn(&pid, opt_hvdos, &fa, NULL, argv, envp) == 0)
        waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&fa);
    free(envp);
    out[0] = errout[0] = 0;
    if ((f = fopen(outp, "r"))) {
        out[fread(out, 1, outlen - 1, f)] = 0;
        fclose(f);
    }
    if ((f = fopen(errp, "r"))) {
        errout[fread(errout, 1, errlen - 1, f)] = 0;
        fclose(f);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(test_no_display_runs_headless_with_one_line_notice)
{
    char out[512], err[512];
    const char *nl;

    EXPECT_EQ(run_hvdos(NULL, false, out, sizeof(out), err, sizeof(err)), 1);
    EXPECT_STR(out, "modes: name a mode: /40, /mono, /page, /gfx or /12\r\n");
    nl = strchr(err, '\n');
    EXPECT(strstr(err, "no display") != NULL);
    EXPECT(nl && nl[1] == 0); /* one line */
}

TEST(test_display_runs_in_window_unless_headless)
{
    char out[512], err[512];

    /* In the window, DOS output goes to the window's screen, not to stdout. */
    EXPECT_EQ(run_hvdos(NULL, true, out, sizeof(out), err, sizeof(err)), 1);
    EXPECT_STR(out, "");
    EXPECT_STR(err, "");
    EXPECT_EQ(run_hvdos("--headless", true, out, sizeof(out), err, sizeof(err)), 1);
    EXPECT_STR(out, "modes: name a mode: /40, /mono, /page, /gfx or /12\r\n");
    EXPECT_STR(err, "");
}

TEST(test_window_title_says_planar_modes_are_not_shown)
{
    struct session s;
    uint64_t end;
    bool said = false;

    if (!session_start(&s, "modes.com", "/12"))
        return;
    for (end = now_ms() + 10000; now_ms() < end && !said;) {
        session_pump(&s, 50);
        said =
            strstr(SDL_GetWindowTitle(ui_sdl_window(s.ui)), "video mode 12h is not shown") != NULL;
    }
    EXPECT(said);
    EXPECT_EQ(session_end(&s, true), 0);
}

/* Runs the loop until the latest frame is what `ready` waits for (and the window has
 * drawn it). */
static bool session_wait_frame(struct session *s, bool (*ready)(const struct display_frame *),
                               int timeout_ms)
{
    uint64_t end = now_ms() + (uint64_t)timeout_ms;

    while (now_ms() < end) {
        const struct ui_frame *fr = ui_sdl_frame(s->ui);
        if (fr->seq && ready(&fr->frame))
            return session_pump(s, 100);
        if (!ui_sdl_iterate(s->ui, 5))
            return false;
    }
    printf("FAIL %s: the program's screen did not appear\n", test_current);
    test_failures++;
    return false;
}

/* The colour at (x, y) of a pw x ph picture, where the window shows it. */
static uint32_t window_at(const uint32_t *px, int w, SDL_Rect r, int pw, int ph, double x, double y)
{
    int wx = r.x + (int)((x + 0.5) * r.w / pw), wy = r.y + (int)((y + 0.5) * r.h / ph);
    return px[(size_t)wy * w + wx] & 0xFFFFFF;
}

static bool mode13_drawn(const struct display_frame *f)
{
    return f->kind == DISPLAY_GRAPHICS && f->width == 320 && f->pixels[199 * 320 + 319] == 2;
}

TEST(test_window_draws_a_mode_13h_frame)
{
    struct session s;
    uint32_t *px;
    SDL_Rect r;
    int w, h;

    if (!session_start(&s, "modes.com", "/gfx"))
        return;
    if (session_wait_frame(&s, mode13_drawn, 20000) && (px = ui_sdl_read_window(s.ui, &w, &h))) {
        r = ui_sdl_picture_rect(s.ui);
        EXPECT(abs(r.w * 3 - r.h * 4) <= 4); /* 320x200 shown at 4:3 */
        EXPECT_EQ(window_at(px, w, r, 320, 200, 160, 50), 0xFF0000);
        EXPECT_EQ(window_at(px, w, r, 320, 200, 2, 2), 0xFF0000);
        EXPECT_EQ(window_at(px, w, r, 320, 200, 80, 150), 0x0000FF);
        EXPECT_EQ(window_at(px, w, r, 320, 200, 240, 150), 0x00AA00);
        EXPECT_EQ(window_at(px, w, r, 320, 200, 317, 197), 0x00AA00);
        free(px);
    }
    EXPECT_EQ(session_end(&s, true), 0);
}

static bool font_loaded(const struct display_frame *f)
{
    return f->kind == DISPLAY_TEXT && f->fonts[1]['A'][0] == 0xFF &&
           (uint8_t)f->cells[80 + 2] == 'A';
}

TEST(test_window_draws_the_glyphs_the_program_loaded)
{
    struct session s;
    uint32_t *px;
    SDL_Rect r;
    int w, h;

    /* IBM's 'A' has its dot 1 lit on line 10 and not on line 3: the loaded one (8 full
     * lines over 8 empty ones) the other way round. */
    EXPECT(test_glyph_row(vga_glyphs(), 'A', 10) & 0x080);
    EXPECT(!(test_glyph_row(vga_glyphs(), 'A', 3) & 0x080));
    if (!session_start(&s, "modes.com", "/font"))
        return;
    if (session_wait_frame(&s, font_loaded, 20000) && (px = ui_sdl_read_window(s.ui, &w, &h))) {
        r = ui_sdl_picture_rect(s.ui);
        for (int c = 2; c < 6; c++) {
            EXPECT_EQ(window_at(px, w, r, 720, 400, c * 9 + 1, 16 + 3), 0xFFFFFF);
            EXPECT_EQ(window_at(px, w, r, 720, 400, c * 9 + 1, 16 + 10), 0x000000);
        }
        EXPECT_EQ(window_at(px, w, r, 720, 400, 6 * 9 + 1, 16 + 3), 0x000000);
        free(px);
    }
    EXPECT_EQ(session_end(&s, true), 0);
}

/* ---- Scaling, resizing, full screen ---- */

/* Along the line a box's top edge draws in the window, from the last dot of its left
 * corner to the first of its right one, every pixel is lit: no gap between cells,
 * whatever the scale. */
static int box_gaps(const uint32_t *px, int w, SDL_Rect r, int row, int col0, int col1)
{
    int best_y = -1, best = -1, gaps = 0;
    int xa = r.x + (int)((col0 * 9 + 8.5) * r.w / 720.0);
    int xb = r.x + (int)((col1 * 9 + 0.5) * r.w / 720.0);
    int xm = (xa + xb) / 2;

    for (int y = r.y + row * 16 * r.h / 400; y < r.y + (row + 1) * 16 * r.h / 400; y++)
        if (brightness(px[(size_t)y * w + xm]) > best) {
            best = brightness(px[(size_t)y * w + xm]);
            best_y = y;
        }
    if (best < 96)
        return -1; /* no line at all */
    for (int x = xa; x <= xb; x++)
        gaps += brightness(px[(size_t)best_y * w + x]) < best / 2;
    return gaps;
}

/* Down a box's left side, from the middle of its top corner (where the side starts)
 * to the line of its bottom corner (line 7 of the cell, where the side ends). */
static int side_gaps(const uint32_t *px, int w, SDL_Rect r, int col, int row0, int row1)
{
    int best_x = -1, best = -1, gaps = 0;
    int ya = r.y + (int)((row0 * 16 + 8.5) * r.h / 400.0);
    int yb = r.y + (int)((row1 * 16 + 6.5) * r.h / 400.0);
    int ym = (ya + yb) / 2;

    for (int x = r.x + col * 9 * r.w / 720; x < r.x + (col + 1) * 9 * r.w / 720; x++)
        if (brightness(px[(size_t)ym * w + x]) > best) {
            best = brightness(px[(size_t)ym * w + x]);
            best_x = x;
        }
    if (best < 96)
        return -1;
    for (int y = ya; y <= yb; y++)
        gaps += brightness(px[(size_t)y * w + best_x]) < best / 2;
    return gaps;
}

static void check_picture(struct session *s, const char *what, int want_w, int want_h)
{
    int w, h;
    uint32_t *px = ui_sdl_read_window(s->ui, &w, &h);
    SDL_Rect box, r = ui_sdl_picture_rect(s->ui);

    if (!px) {
        printf("FAIL %s: %s: cannot read the window: %s\n", test_current, what, SDL_GetError());
        test_failures++;
        return;
    }
    box = lit_box(px, w, h);
    if (want_w) {
        EXPECT_EQ(w, want_w);
        EXPECT_EQ(h, want_h);
    }
    /* The picture is 4:3, centred, and what the frontend says it drew. */
    if (getenv("HVDOS_TEST_DUMP")) {
        char path[700], err[256];
        static int n;
        snprintf(path, sizeof(path), "%s/window-%d.png", getenv("HVDOS_TEST_DUMP"), ++n);
        ui_png_write(path, px, w, h, err, sizeof(err));
        printf("     %s: %s\n", what, path);
    }
    if (abs(box.w * 3 - box.h * 4) > 6 || abs(box.x - (w - box.x - box.w)) > 1 ||
        abs(box.y - (h - box.y - box.h)) > 1 || abs(box.w - r.w) > 1 || abs(box.h - r.h) > 1) {
        printf("FAIL %s: %s: window %dx%d, picture at %d,%d %dx%d (frontend: %d,%d %dx%d)\n",
               test_current, what, w, h, box.x, box.y, box.w, box.h, r.x, r.y, r.w, r.h);
        test_failures++;
    }
    /* Colours at cell centres: the blocks of row 2, the blue title bar. */
    for (int i = 1; i < 16; i++) {
        uint32_t got = window_dot(px, w, r, (2 + 2 * i) * 9 + 4, 2 * 16 + 8);
        if ((got & 0xFFFFFF) != (test_vga_palette[i] & 0xFFFFFF)) {
            printf("FAIL %s: %s: colour %d shows as %06X\n", test_current, what, i, got & 0xFFFFFF);
            test_failures++;
        }
    }
    EXPECT_EQ(window_dot(px, w, r, 60 * 9 + 4, 8) & 0xFFFFFF, 0x0000AA);
    /* Box lines join: the single and double boxes' top edges, the single's side. */
    if (box_gaps(px, w, r, 6, 2, 30) != 0 || box_gaps(px, w, r, 6, 34, 62) != 0 ||
        side_gaps(px, w, r, 2, 6, 10) != 0) {
        printf("FAIL %s: %s: box lines broken (gaps %d, %d, %d) at %dx%d\n", test_current, what,
               box_gaps(px, w, r, 6, 2, 30), box_gaps(px, w, r, 6, 34, 62),
               side_gaps(px, w, r, 2, 6, 10), r.w, r.h);
        test_failures++;
    }
    free(px);
}

static void resize(struct session *s, int w, int h)
{
    SDL_SetWindowSize(ui_sdl_window(s->ui), w, h);
    session_pump(s, 300);
}

TEST(test_window_picture_is_4_3_and_lines_join_at_every_size)
{
    static const int sizes[][2] = {{720, 540},   {1000, 750}, {1237, 911}, {640, 480},
                                   {1500, 1000}, {500, 400},  {900, 1000}, {1440, 1080}};
    struct session s;

    if (!session_start(&s, "screen.com", NULL))
        return;
    if (session_wait_cell(&s, 24, 79, '*', 20000)) {
        check_picture(&s, "at start", 720, 540);
        /* Both ways of scaling: sharp (with a GPU) and nearest (software rasterizers). */
        for (int sharp = 0; sharp < 2; sharp++) {
            ui_sdl_set_sharp(s.ui, sharp);
            for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
                char what[64];
                snprintf(what, sizeof(what), "%s, resized to %dx%d", sharp ? "sharp" : "nearest",
                         sizes[i][0], sizes[i][1]);
                resize(&s, sizes[i][0], sizes[i][1]);
                check_picture(&s, what, sizes[i][0], sizes[i][1]);
            }
        }
    }
    EXPECT_EQ(session_end(&s, true), 0);
}

TEST(test_window_alt_enter_toggles_fullscreen_keeping_4_3)
{
    struct session s;
    SDL_DisplayMode dm;

    /* On X11, full screen is the window manager's job. */
    if (!window_manager) {
        printf("     (skipped: no window manager: install evilwm)\n");
        return;
    }
    if (!session_start(&s, "screen.com", NULL))
        return;
    SDL_GetDesktopDisplayMode(0, &dm);
    if (session_wait_cell(&s, 24, 79, '*', 20000)) {
        tap(&s, SDL_SCANCODE_RETURN, KMOD_LALT);
        session_pump(&s, 500);
        EXPECT(SDL_GetWindowFlags(ui_sdl_window(s.ui)) & SDL_WINDOW_FULLSCREEN);
        check_picture(&s, "full screen", dm.w, dm.h);
        tap(&s, SDL_SCANCODE_RETURN, KMOD_LALT);
        session_pump(&s, 500);
        EXPECT(!(SDL_GetWindowFlags(ui_sdl_window(s.ui)) & SDL_WINDOW_FULLSCREEN));
        check_picture(&s, "back in a window", 720, 540);
    }
    EXPECT_EQ(session_end(&s, true), 0);
}

TEST(test_window_integer_scaling_uses_whole_picture_heights)
{
    struct session s;

    if (!session_start(&s, "screen.com", NULL))
        return;
    if (session_wait_cell(&s, 24, 79, '*', 20000)) {
        resize(&s, 1100, 900);
        tap(&s, SDL_SCANCODE_I, KMOD_LCTRL | KMOD_LALT);
        session_pump(&s, 200);
        EXPECT_EQ(ui_sdl_picture_rect(s.ui).h, 800);
        check_picture(&s, "integer scaling at 1100x900", 1100, 900);
        tap(&s, SDL_SCANCODE_I, KMOD_LCTRL | KMOD_LALT);
        session_pump(&s, 200);
        EXPECT_EQ(ui_sdl_picture_rect(s.ui).h, 825);
    }
    EXPECT_EQ(session_end(&s, true), 0);
}

/* ---- The window and the program ---- */

TEST(test_window_title_names_the_program)
{
    struct session s;

    if (!session_start(&s, "screen.com", NULL))
        return;
    EXPECT_STR(SDL_GetWindowTitle(ui_sdl_window(s.ui)), "SCREEN.COM - hvdos");
    EXPECT_EQ(session_end(&s, true), 0);
}

TEST(test_window_close_ends_program_with_status_0)
{
    struct session s;
    uint64_t t0;

    if (!session_start(&s, "ticker.com", NULL))
        return;
    session_pump(&s, 300);
    t0 = now_ms();
    EXPECT_EQ(session_end(&s, true), 0);
    EXPECT(now_ms() - t0 < 2000);
}

TEST(test_window_program_end_closes_window_with_its_status)
{
    struct session s;

    if (!session_start(&s, "screen.com", "/exit"))
        return;
    EXPECT_EQ(session_end(&s, false), 0);
}

static uint32_t ticker_count(struct session *s)
{
    const struct ui_frame *fr = ui_sdl_frame(s->ui);
    uint32_t v = 0;

    for (int i = 0; i < 8; i++) {
        uint8_t c = (uint8_t)fr->frame.cells[i];
        v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : c - 'A' + 10);
    }
    return v;
}

TEST(test_vcpu_runs_while_window_thread_is_busy)
{
    struct session s;
    uint64_t seq0;
    uint32_t c0, c1;

    if (!session_start(&s, "ticker.com", NULL))
        return;
    session_pump(&s, 500);
    c0 = ticker_count(&s);
    seq0 = ui_sdl_frame(s.ui)->seq;
    /* The UI thread does nothing for half a second, as in a modal move or resize. */
    usleep(500000);
    c1 = ticker_count(&s);
    EXPECT(ui_sdl_frame(s.ui)->seq >= seq0 + 20); /* 60 captures a second went on */
    EXPECT(c1 > c0 + 1000);
    /* And while the window is resized again and again. */
    for (int i = 0; i < 20; i++) {
        SDL_SetWindowSize(ui_sdl_window(s.ui), 640 + 20 * i, 480 + 10 * i);
        ui_sdl_iterate(s.ui, 1);
    }
    session_pump(&s, 100);
    EXPECT(ticker_count(&s) > c1);
    EXPECT_EQ(session_end(&s, true), 0);
}

TEST(test_copy_hotkey_puts_screen_text_on_clipboard)
{
    struct session s;
    char *text = NULL;

    if (!session_start(&s, "screen.com", NULL))
        return;
    if (session_wait_cell(&s, 24, 79, '*', 20000)) {
        SDL_SetClipboardText("");
        tap(&s, SDL_SCANCODE_C, KMOD_LCTRL | KMOD_LALT);
        session_pump(&s, 200);
        text = SDL_GetClipboardText();
    }
    EXPECT_EQ(session_end(&s, true), 0);
    if (!text)
        return;
    EXPECT(!strncmp(text, " hvdos window test\n\n", 20));
    EXPECT(strstr(text, "\n  \xE2\x94\x8C\xE2\x94\x80\xE2\x94\x80") != NULL); /* ┌── */
    EXPECT(strstr(text, "\xE2\x95\x94\xE2\x95\x90") != NULL);                 /* ╔═ */
    EXPECT(strstr(text, "  BLINK steady\n") != NULL);
    EXPECT(strstr(text, "\xC3\x87\xC3\xBC\xC3\xA9\xCE\xB1\xC3\x9F\xCF\x80") != NULL); /* Çüéαßπ */
    EXPECT(strstr(text, "\n Esc quits") != NULL);
    SDL_free(text);
}

/* ---- Keys reach the machine ---- */

/* What the machine's input handler got: written on the vCPU thread, read after it
 * ended. */
static struct input_event recorded[4096];
static _Atomic size_t nrecorded;

static void record_input(struct machine *m, const struct input_event *ev)
{
    size_t n = atomic_load(&nrecorded);

    (void)m;
    if (n < sizeof(recorded) / sizeof(recorded[0])) {
        recorded[n] = *ev;
        atomic_store(&nrecorded, n + 1);
    }
}

/* The events recorded from index `from` as text: scancode bytes in hex, R for
 * release-all. */
static const char *recorded_text(size_t from)
{
    static char buf[8192];
    size_t len = 0, n = atomic_load(&nrecorded);

    buf[0] = 0;
    for (size_t i = from; i < n && len < sizeof(buf) - 8; i++) {
        const char *sep = i > from ? " " : "";
        if (recorded[i].type == INPUT_SCANCODE)
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%02X", sep, recorded[i].code);
        else
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%sR", sep);
    }
    return buf;
}

static void window_event(struct session *s, Uint8 what)
{
    SDL_Event ev = {0};

    ev.type = SDL_WINDOWEVENT;
    ev.window.event = what;
    ev.window.windowID = SDL_GetWindowID(ui_sdl_window(s->ui));
    SDL_PushEvent(&ev);
}

TEST(test_window_keys_reach_machine_as_set1_bytes)
{
    struct session s;
    SDL_Event rep = {0};
    size_t mark;

    atomic_store(&nrecorded, 0);
    if (!session_start_with(&s, "ticker.com", NULL, record_input))
        return;
    session_pump(&s, 300);
    mark = atomic_load(&nrecorded); /* (a lock sync at start is another test's) */
    tap(&s, SDL_SCANCODE_A, 0);
    key(&s, SDL_SCANCODE_RIGHT, true, 0);
    rep.type = SDL_KEYDOWN; /* the host's repeat: not the guest's business */
    rep.key.state = SDL_PRESSED;
    rep.key.repeat = 1;
    rep.key.keysym.scancode = SDL_SCANCODE_RIGHT;
    SDL_PushEvent(&rep);
    key(&s, SDL_SCANCODE_RIGHT, false, 0);
    tap(&s, SDL_SCANCODE_C, KMOD_LCTRL | KMOD_LALT); /* a hotkey: its C stays home */
    tap(&s, SDL_SCANCODE_PAUSE, 0);
    key(&s, SDL_SCANCODE_LSHIFT, true, KMOD_LSHIFT);
    tap(&s, SDL_SCANCODE_PRINTSCREEN, KMOD_LSHIFT);
    window_event(&s, SDL_WINDOWEVENT_FOCUS_LOST); /* Shift is still down */
    session_pump(&s, 300);
    EXPECT_EQ(session_end(&s, true), 0);
    EXPECT_STR(recorded_text(mark),
               "1E 9E E0 4D E0 CD 1D 38 B8 9D E1 1D 45 E1 9D C5 2A E0 37 E0 B7 R");
}

TEST(test_window_focus_gain_toggles_guest_locks_to_host_state)
{
    struct session s;
    uint8_t flags;
    char want[64] = "";
    size_t mark;

    atomic_store(&nrecorded, 0);
    if (!session_start_with(&s, "ticker.com", NULL, record_input))
        return;
    session_pump(&s, 300);
    flags = ui_sdl_frame(s.ui)->kbd_flags;
    mark = atomic_load(&nrecorded);
    /* The host has Caps Lock on and Num Lock off; the guest toggles whichever differ
     * (its BIOS keeps them in 0040:0017: Caps bit 6, Num bit 5). */
    SDL_SetModState(KMOD_CAPS);
    window_event(&s, SDL_WINDOWEVENT_FOCUS_GAINED);
    session_pump(&s, 300);
    SDL_SetModState(KMOD_NONE);
    EXPECT_EQ(session_end(&s, true), 0);
    if (!(flags & 0x40))
        strcat(want, "3A BA");
    if (flags & 0x20)
        strcat(want, want[0] ? " 45 C5" : "45 C5");
    EXPECT_STR(recorded_text(mark), want);
}

TEST(test_window_paste_types_clipboard_text_as_keystrokes)
{
    static const char text[] = "Hi!\r\n\xC3\xA9\xE2\x82\xAC|The quick brown fox jumps over "
                               "the lazy dog 0123456789.\n";
    struct session s;
    char want[4096] = "";
    size_t mark, len = 0;
    bool caps;

    atomic_store(&nrecorded, 0);
    if (!session_start_with(&s, "ticker.com", NULL, record_input))
        return;
    session_pump(&s, 300);
    caps = ui_sdl_frame(s.ui)->kbd_flags & 0x40;
    mark = atomic_load(&nrecorded);
    SDL_SetClipboardText(text);
    tap(&s, SDL_SCANCODE_V, KMOD_LCTRL | KMOD_LALT);
    session_pump(&s, 2000);
    EXPECT_EQ(session_end(&s, true), 0);
    /* The hotkey's Ctrl and Alt, then each character's keys (CR LF one Enter; é as
     * Alt+130 on the keypad; € is not in CP437: skipped), in order. */
    len += (size_t)snprintf(want, sizeof(want), "1D 38 B8 9D");
    for (const char *p = text; *p;) {
        uint8_t keys[UI_TYPE_MAX_BYTES];
        uint32_t cp = ui_utf8_next(&p);
        int n;
        if (cp == '\r')
            continue;
        n = ui_key_type_char(cp, caps, keys);
        for (int i = 0; i < n; i++)
            len += (size_t)snprintf(want + len, sizeof(want) - len, " %02X", keys[i]);
    }
    EXPECT(strstr(want, " 1C 9C 38 4F CF 51 D1 52 D2 B8 2A 2B AB AA") != NULL);
    EXPECT_STR(recorded_text(mark), want);
}

/* ---- Keys reach the guest's int 9 handler ---- */

/* Runs keys.com, types with the given function, ends with Esc, and returns what the
 * program's int 9 handler read from port 60h (malloc'd, length in *len), less any Caps
 * or Num Lock toggles the window sent first to match the host's lock state. */
static uint8_t *keys_run(void (*type)(struct session *), size_t *len)
{
    struct session s;
    char path[700];
    uint8_t *buf = NULL, *p;
    FILE *f;

    if (!session_start(&s, "keys.com", NULL))
        return NULL;
    EXPECT(s.m->input_handler != NULL); /* the 8042 takes the window's scancodes */
    if (!s.m->input_handler) {
        session_end(&s, true);
        return NULL;
    }
    if (session_wait_cell(&s, 0, 0, 'R', 20000)) {
        type(&s);
        tap(&s, SDL_SCANCODE_ESCAPE, 0);
        EXPECT_EQ(session_end(&s, false), 0);
    } else {
        session_end(&s, true);
        return NULL;
    }
    snprintf(path, sizeof(path), "%s/keys.bin", s.dir);
    f = fopen(path, "rb");
    if (!f) {
        printf("FAIL %s: the program wrote no keys.bin\n", test_current);
        test_failures++;
        return NULL;
    }
    buf = malloc(4096);
    *len = fread(buf, 1, 4096, f);
    fclose(f);
    p = buf;
    while (*len >= 2 && ((p[0] == 0x3A && p[1] == 0xBA) || (p[0] == 0x45 && p[1] == 0xC5))) {
        p += 2;
        *len -= 2;
    }
    memmove(buf, p, *len);
    return buf;
}

static void expect_bytes(const uint8_t *got, size_t len, const uint8_t *want, size_t wlen)
{
    if (len == wlen && !memcmp(got, want, len))
        return;
    printf("FAIL %s: int 9 saw", test_current);
    for (size_t i = 0; i < len; i++)
        printf(" %02X", got[i]);
    printf(", expected");
    for (size_t i = 0; i < wlen; i++)
        printf(" %02X", want[i]);
    printf("\n");
    test_failures++;
}

static void type_keys(struct session *s)
{
    tap(s, SDL_SCANCODE_A, 0);
    key(s, SDL_SCANCODE_LSHIFT, true, KMOD_LSHIFT);
    tap(s, SDL_SCANCODE_1, KMOD_LSHIFT);
    key(s, SDL_SCANCODE_LSHIFT, false, 0);
    tap(s, SDL_SCANCODE_UP, 0);
    tap(s, SDL_SCANCODE_KP_ENTER, 0);
    tap(s, SDL_SCANCODE_RCTRL, 0);
    tap(s, SDL_SCANCODE_PRINTSCREEN, 0);
    tap(s, SDL_SCANCODE_PAUSE, 0);
    /* Host key repeat is not the guest's: the emulated keyboard repeats by itself. */
    {
        SDL_Event ev = {0};
        key(s, SDL_SCANCODE_B, true, 0);
        ev.type = SDL_KEYDOWN;
        ev.key.state = SDL_PRESSED;
        ev.key.repeat = 1;
        ev.key.keysym.scancode = SDL_SCANCODE_B;
        SDL_PushEvent(&ev);
        key(s, SDL_SCANCODE_B, false, 0);
    }
    session_pump(s, 300);
}

TEST(test_keys_reach_int9_as_set1_scancodes)
{
    static const uint8_t want[] = {
        0x1E, 0x9E,                                     /* a */
        0x2A, 0x02, 0x82, 0xAA,                         /* Shift+1 */
        0xE0, 0x48, 0xE0, 0xC8,                         /* Up */
        0xE0, 0x1C, 0xE0, 0x9C,                         /* keypad Enter */
        0xE0, 0x1D, 0xE0, 0x9D,                         /* right Ctrl */
        0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA, /* Print Screen */
        0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5,             /* Pause */
        0x30, 0xB0,                                     /* b, its repeat event ignored */
        0x01, 0x81,                                     /* Esc */
    };
    size_t len = 0;
    uint8_t *got = keys_run(type_keys, &len);

    if (got)
        expect_bytes(got, len, want, sizeof(want));
    else
        EXPECT(got != NULL);
    free(got);
}

static void type_hotkeys_and_paste(struct session *s)
{
    SDL_SetClipboardText("Hi!\r\n");
    tap(s, SDL_SCANCODE_V, KMOD_LCTRL | KMOD_LALT); /* the V itself goes nowhere */
    session_pump(s, 500);
}

TEST(test_paste_types_clipboard_as_keystrokes)
{
    static const uint8_t want[] = {
        0x1D, 0x38, 0xB8, 0x9D, /* Ctrl and Alt of the hotkey, but not its V */
        0x2A, 0x23, 0xA3, 0xAA, /* H */
        0x17, 0x97,             /* i */
        0x2A, 0x02, 0x82, 0xAA, /* ! */
        0x1C, 0x9C,             /* CR LF: one Enter */
        0x01, 0x81,             /* Esc */
    };
    size_t len = 0;
    uint8_t *got = keys_run(type_hotkeys_and_paste, &len);

    if (got)
        expect_bytes(got, len, want, sizeof(want));
    else
        EXPECT(got != NULL);
    free(got);
}

/* evilwm, a small window manager, so that full screen works as on a desktop. */
static void start_window_manager(void)
{
    char *argv[] = {"evilwm", "-fn", "cursor", NULL};
    int devnull = open("/dev/null", O_WRONLY);
    posix_spawn_file_actions_t fa;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, devnull, 1);
    posix_spawn_file_actions_adddup2(&fa, devnull, 2);
    if (posix_spawnp(&window_manager, "evilwm", &fa, NULL, argv, environ))
        window_manager = 0;
    posix_spawn_file_actions_destroy(&fa);
    close(devnull);
    usleep(500000); /* let it take over the root window */
    if (window_manager && waitpid(window_manager, NULL, WNOHANG) == window_manager)
        window_manager = 0; /* it could not start */
}

static void stop_window_manager(void)
{
    if (window_manager) {
        kill(window_manager, SIGTERM);
        waitpid(window_manager, NULL, 0);
    }
}

static void type_shift_then_lose_focus(struct session *s)
{
    key(s, SDL_SCANCODE_LSHIFT, true, KMOD_LSHIFT);
    session_pump(s, 100);
    window_event(s, SDL_WINDOWEVENT_FOCUS_LOST);
    session_pump(s, 300);
}

TEST(test_focus_loss_releases_keys_the_guest_holds)
{
    /* Shift went down, the window lost the keyboard before it came up: the keyboard
     * lets go of it (AA), so the program does not see Shift stuck. */
    static const uint8_t want[] = {0x2A, 0xAA, 0x01, 0x81};
    size_t len = 0;
    uint8_t *got = keys_run(type_shift_then_lose_focus, &len);

    if (got)
        expect_bytes(got, len, want, sizeof(want));
    else
        EXPECT(got != NULL);
    free(got);
}

/* Runs the loop until the guest's BDA lock flags (0040:0017) masked by `mask` equal
 * `want`. */
static bool wait_kbd_flags(struct session *s, uint8_t mask, uint8_t want)
{
    for (uint64_t end = now_ms() + 5000; now_ms() < end;) {
        if ((ui_sdl_frame(s->ui)->kbd_flags & mask) == want)
            return true;
        session_pump(s, 20);
    }
    return false;
}

TEST(test_focus_gain_brings_guest_locks_to_host_state)
{
    struct session s;

    if (!session_start(&s, "echo.com", NULL))
        return;
    EXPECT(s.m->input_handler != NULL);
    if (!s.m->input_handler) {
        session_end(&s, true);
        return;
    }
    if (session_wait_cell(&s, 0, 0, 'R', 20000)) {
        SDL_SetModState(KMOD_CAPS | KMOD_NUM);
        window_event(&s, SDL_WINDOWEVENT_FOCUS_GAINED);
        EXPECT(wait_kbd_flags(&s, 0x60, 0x60)); /* Caps Lock and Num Lock on */
        SDL_SetModState(KMOD_NUM);
        window_event(&s, SDL_WINDOWEVENT_FOCUS_GAINED);
        EXPECT(wait_kbd_flags(&s, 0x60, 0x20)); /* Caps Lock off again */
        SDL_SetModState(KMOD_NONE);
    }
    EXPECT_EQ(session_end(&s, true), 0);
}

TEST(test_paste_reaches_program_through_the_bios)
{
    struct session s;
    char *text = NULL;

    if (!session_start(&s, "echo.com", NULL))
        return;
    EXPECT(s.m->input_handler != NULL);
    if (!s.m->input_handler) {
        session_end(&s, true);
        return;
    }
    if (session_wait_cell(&s, 0, 0, 'R', 20000)) {
        /* ASCII by its keys, é and ░ by Alt and the keypad, € (not in CP437) left out;
         * typed faster than the program reads would overflow the BIOS's 15 keys. */
        SDL_SetClipboardText("Hello, world! 0123456789 (x+y)*z=\"q\"; ~`|\\\r\n"
                             "caf\xC3\xA9 \xE2\x96\x91 5\xE2\x82\xAC done");
        tap(&s, SDL_SCANCODE_V, KMOD_LCTRL | KMOD_LALT);
        for (uint64_t end = now_ms() + 20000; now_ms() < end;) {
            session_pump(&s, 50);
            free(text);
            text = display_frame_text(&ui_sdl_frame(s.ui)->frame, true);
            if (text && strstr(text, "done"))
                break;
        }
    }
    EXPECT_EQ(session_end(&s, true), 0);
    if (!text)
        return;
    EXPECT_STR(strchr(text, '\n') + 1, "\nHello, world! 0123456789 (x+y)*z=\"q\"; ~`|\\\n"
                                       "caf\xC3\xA9 \xE2\x96\x91 5 done\n");
    free(text);
}

static void rm_tree(const char *path)
{
    char cmd[700];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
    if (system(cmd)) {
        /* a scratch directory left in /tmp is no failure */
    }
}

int test_failures;
const char *test_current;

int main(int argc, char **argv)
{
    static const struct test_case tests[] = {
        T(test_window_screenshot_hotkey_matches_expected_image),
        T(test_window_screenshot_at_exit_matches_expected_image),
        T(test_headless_screenshot_needs_no_display),
        T(test_no_display_runs_headless_with_one_line_notice),
        T(test_display_runs_in_window_unless_headless),
        T(test_window_40_columns_double_every_dot),
        T(test_window_mono_mode_shows_mda_attributes),
        T(test_window_shows_the_active_page),
        T(test_window_title_says_planar_modes_are_not_shown),
        T(test_window_draws_a_mode_13h_frame),
        T(test_window_draws_the_glyphs_the_program_loaded),
        T(test_window_50_rows_use_the_8x8_font),
        T(test_window_43_rows_fill_350_lines),
        T(test_window_follows_crtc_start_address_and_cursor),
        T(test_window_text_and_cursor_blink),
        T(test_window_picture_is_4_3_and_lines_join_at_every_size),
        T(test_window_alt_enter_toggles_fullscreen_keeping_4_3),
        T(test_window_integer_scaling_uses_whole_picture_heights),
        T(test_window_title_names_the_program),
        T(test_window_close_ends_program_with_status_0),
        T(test_window_program_end_closes_window_with_its_status),
        T(test_vcpu_runs_while_window_thread_is_busy),
        T(test_copy_hotkey_puts_screen_text_on_clipboard),
        T(test_window_keys_reach_machine_as_set1_bytes),
        T(test_window_focus_gain_toggles_guest_locks_to_host_state),
        T(test_window_paste_types_clipboard_text_as_keystrokes),
        T(test_keys_reach_int9_as_set1_scancodes),
        T(test_paste_types_clipboard_as_keystrokes),
        T(test_focus_loss_releases_keys_the_guest_holds),
        T(test_focus_gain_brings_guest_locks_to_host_state),
        T(test_paste_reaches_program_through_the_bios),
    };
    char err[256], note[160], notice[256];
    int rc;

    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--progs"))
            opt_progs = argv[i + 1];
        else if (!strcmp(argv[i], "--expected"))
            opt_expected = argv[i + 1];
        else if (!strcmp(argv[i], "--hvdos"))
            opt_hvdos = argv[i + 1];
    }
    if (!opt_progs || !opt_expected || !opt_hvdos) {
        printf("usage: test_window --progs DIR --expected PNG --hvdos HVDOS\n");
        return 2;
    }
    /* The tests change directory: make the paths absolute. */
    opt_progs = realpath(opt_progs, NULL);
    opt_expected = realpath(opt_expected, NULL);
    opt_hvdos = realpath(opt_hvdos, NULL);
    if (!opt_progs || !opt_expected || !opt_hvdos) {
        printf("FAIL: a path given does not exist: %s\n", strerror(errno));
        return 1;
    }
    if (!ui_display_named()) {
        printf("SKIP: no display (run under xvfb-run)\n");
        return 77;
    }
    cpu = cpu_select("auto", err, sizeof(err), note, sizeof(note), notice, sizeof(notice));
    if (!cpu) {
        printf("SKIP: no CPU backend can run here: %s\n", err);
        return 77;
    }
    printf("     %s\n", note);
    if (!mkdtemp(scratch_root)) {
        printf("FAIL: cannot make a scratch directory: %s\n", strerror(errno));
        return 1;
    }
    start_window_manager();
    rc = test_run(tests, sizeof(tests) / sizeof(tests[0]));
    stop_window_manager();
    if (chdir("/") == 0 && rc == 0)
        rm_tree(scratch_root);
    return rc;
}
