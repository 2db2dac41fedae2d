/* The terminal frontend (--frontend=terminal): the machine runs on a vCPU thread; the
 * main thread draws the frames it captures into the terminal with ncursesw
 * (src/ui/term_view.c); the terminal's keys and mouse reports reach the machine from
 * the reader thread of src/keys/term.c. Messages hvdos writes to a terminal on stderr
 * meanwhile are kept and written once the normal screen is back. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hw/display.h"
#include "keys/keys.h"
#include "ui/terminal.h"
#include "ui/ui.h"

struct frontend {
    const struct machine_config *cfg;
    struct machine *m;
    struct term_view *view;
    struct keys_term *keys;
    struct ui_frames frames;
    struct term_grid *grid;
    struct term_point_map map;       /* for the mouse, on the keyboard's reader thread */
    const struct ui_sdl_module *png; /* loaded only for --screenshot */
    uint64_t drawn_seq;
    _Atomic unsigned resumed; /* SIGCONT count, from the keyboard's handler */
    unsigned resumed_seen;
    int saved_stderr; /* the terminal, while stderr goes to `held` */
    int held;

    pthread_t vcpu;
    bool vcpu_started;
    _Atomic bool vcpu_done;
    int status;
};

/* SIGWINCH: a flag the main thread looks at every frame. A handler has no argument,
 * so this is the process's (one terminal) state. */
static volatile sig_atomic_t term_resized;

static void term_on_winch(int sig)
{
    (void)sig;
    term_resized = 1;
}

static int term_create(struct frontend **out, const struct machine_config *cfg, char *err,
                       size_t errlen)
{
    const struct ui_sdl_module *png = NULL;
    struct frontend *ui;
    char why[400];

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errlen,
                 "--frontend=terminal needs a terminal on standard input and output "
                 "(use --headless for pipes and files)");
        return -1;
    }
    /* Known to terminfo? Asked now, before the machine is made. */
    if (term_view_check(err, errlen))
        return -1;
    if (cfg->screenshot && !(png = ui_sdl_module_load(why, sizeof(why)))) {
        snprintf(err, errlen, "cannot write --screenshot: %s", why);
        return -1;
    }
    ui = calloc(1, sizeof(*ui));
    if (ui)
        ui->grid = malloc(sizeof(*ui->grid));
    if (!ui || !ui->grid) {
        free(ui);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ui->cfg = cfg;
    ui->png = png;
    ui->saved_stderr = -1;
    ui->held = -1;
    ui_frames_init(&ui->frames);
    atomic_init(&ui->vcpu_done, false);
    atomic_init(&ui->resumed, 0);
    *out = ui;
    return 0;
}

/* ---- A frame as the terminal shows it ---- */

/* An MDA attribute (mode 7) in the palette's greys: 70h reverse video, foreground 1
 * underlined, bit 3 bright, 00h/08h/80h/88h nothing shown. */
static void term_mono_cell(struct term_cell *c, uint8_t a)
{
    bool reverse = (a & 0x77) == 0x70;

    c->bg = reverse ? 7 : 0;
    if (reverse)
        c->fg = 0;
    else if (!(a & 7))
        c->fg = 0; /* invisible */
    else
        c->fg = a & 8 ? 15 : 7;
    if (!reverse && (a & 7) == 1)
        c->attrs |= TERM_CELL_UNDERLINE;
}

/* A character cell's code point, through the frame's one CP437-to-UTF-8 path. */
static uint16_t term_char(uint8_t ch)
{
    char u[4];
    int n = display_char_utf8(ch, u);
    const uint8_t *b = (const uint8_t *)u;

    if (n == 2)
        return (uint16_t)((b[0] & 0x1F) << 6 | (b[1] & 0x3F));
    if (n == 3)
        return (uint16_t)((b[0] & 0x0F) << 12 | (b[1] & 0x3F) << 6 | (b[2] & 0x3F));
    return b[0];
}

static void term_grid_text(struct term_grid *g, const struct display_frame *f)
{
    g->cols = f->cols < TERM_GRID_MAX_COLS ? f->cols : TERM_GRID_MAX_COLS;
    g->rows = f->rows < TERM_GRID_MAX_ROWS ? f->rows : TERM_GRID_MAX_ROWS;
    memcpy(g->palette, f->palette, sizeof(g->palette));
    for (int r = 0; r < g->rows; r++)
        for (int col = 0; col < g->cols; col++) {
            uint16_t cell = f->cells[r * f->cols + col];
            uint8_t a = (uint8_t)(cell >> 8);
            struct term_cell *c = &g->cells[r * g->cols + col];
            c->uc = term_char((uint8_t)cell);
            c->attrs = f->blink && (a & 0x80) ? TERM_CELL_BLINK : 0;
            if (f->mono) {
                term_mono_cell(c, a);
                continue;
            }
            c->fg = a & 15;
            c->bg = f->blink ? a >> 4 & 7 : a >> 4;
        }
    g->cursor_visible = f->cursor_visible && f->cursor_row < g->rows && f->cursor_col < g->cols;
    g->cursor_row = f->cursor_row;
    g->cursor_col = f->cursor_col;
    g->cursor_block = f->cell_h && (f->cursor_end - f->cursor_start + 1) * 2 >= f->cell_h;
}

/* The level of a 6x6x6 colour cube nearest to an 8-bit value. */
static unsigned term_level(unsigned v)
{
    return (v + 25) / 51;
}

/* A graphics frame at reduced size: each terminal cell an upper half block (U+2580),
 * its foreground the average colour of the upper half of the pixels the cell covers,
 * its background that of the lower half, in a 6x6x6 colour cube. The picture keeps a
 * VGA's 4:3, as large as the terminal allows above the line that says so. */
static void term_grid_graphics(struct term_grid *g, const struct display_frame *f, int lines,
                               int cols, uint8_t mode)
{
    int w = cols < TERM_GRID_MAX_COLS ? cols : TERM_GRID_MAX_COLS;
    int rows = lines - 1 < TERM_GRID_MAX_ROWS ? lines - 1 : TERM_GRID_MAX_ROWS;
    int h2;

    if (rows < 1)
        rows = 1;
    /* Half blocks are about square: 4:3 is w x w*3/4 of them. */
    if (w * 3 / 4 > 2 * rows)
        w = 2 * rows * 4 / 3;
    if (w > f->width)
        w = f->width;
    h2 = w * 3 / 4;
    if (h2 > f->height)
        h2 = f->height;
    h2 &= ~1;
    if (w < 1 || h2 < 2) {
        w = 1;
        h2 = 2;
    }
    for (int i = 0; i < 216; i++)
        g->palette[i] = (uint32_t)(i / 36 * 51) << 16 | (uint32_t)(i / 6 % 6 * 51) << 8 |
                        (uint32_t)(i % 6 * 51);
    g->cols = w;
    g->rows = h2 / 2;
    for (int y = 0; y < h2; y++) {
        unsigned y0 = (unsigned)(y * f->height / h2), y1 = (unsigned)((y + 1) * f->height / h2);
        for (int x = 0; x < w; x++) {
            unsigned x0 = (unsigned)(x * f->width / w), x1 = (unsigned)((x + 1) * f->width / w);
            unsigned r = 0, gr = 0, b = 0, n = 0, idx;
            struct term_cell *c = &g->cells[(y / 2) * w + x];
            for (unsigned py = y0; py < y1; py++)
                for (unsigned px = x0; px < x1; px++) {
                    uint32_t rgb = f->palette[f->pixels[py * f->width + px]];
                    r += rgb >> 16 & 0xFF;
                    gr += rgb >> 8 & 0xFF;
                    b += rgb & 0xFF;
                    n++;
                }
            n = n ? n : 1;
            idx = term_level(r / n) * 36 + term_level(gr / n) * 6 + term_level(b / n);
            if (y % 2 == 0) {
                c->uc = 0x2580;
                c->fg = (uint8_t)idx;
                c->attrs = 0;
            } else {
                c->bg = (uint8_t)idx;
            }
        }
    }
    g->cursor_visible = false;
    snprintf(g->note, sizeof(g->note), "graphics mode %02Xh, %ux%u, drawn %dx%d in half blocks",
             mode, f->width, f->height, w, h2);
}

static void term_grid_from_frame(struct term_grid *g, const struct ui_frame *fr, int lines,
                                 int cols)
{
    const struct display_frame *f = &fr->frame;

    g->note[0] = 0;
    switch (f->kind) {
    case DISPLAY_TEXT: term_grid_text(g, f); break;
    case DISPLAY_GRAPHICS: term_grid_graphics(g, f, lines, cols, fr->bios_mode); break;
    default:
        memset(g->palette, 0, sizeof(g->palette));
        g->palette[7] = 0xAAAAAA;
        g->cols = 80;
        g->rows = 25;
        g->cursor_visible = false;
        for (int i = 0; i < 80 * 25; i++)
            g->cells[i] = (struct term_cell){.uc = ' ', .fg = 7, .bg = 0, .attrs = 0};
        snprintf(g->note, sizeof(g->note), "graphics mode %02Xh is not shown in a terminal",
                 fr->bios_mode);
        break;
    }
}

/* ---- The mouse ---- */

static bool term_mouse(void *ctx, int line, int col, unsigned buttons, struct input_event *ev)
{
    struct frontend *ui = ctx;
    uint16_t x, y;

    if (!term_point_map_point(&ui->map, line, col, &x, &y))
        return false;
    *ev = (struct input_event){.type = INPUT_MOUSE, .code = (uint8_t)buttons, .x = x, .y = y};
    return true;
}

/* ---- stderr held while the screen is ncurses' ---- */

static void term_hold_stderr(struct frontend *ui)
{
    int fd;

    if (!isatty(STDERR_FILENO))
        return;
    fd = memfd_create("hvdos-stderr", MFD_CLOEXEC);
    if (fd < 0)
        return;
    fflush(stderr);
    ui->saved_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (ui->saved_stderr < 0 || dup2(fd, STDERR_FILENO) < 0) {
        close(fd);
        if (ui->saved_stderr >= 0)
            close(ui->saved_stderr);
        ui->saved_stderr = -1;
        return;
    }
    ui->held = fd;
}

static void term_release_stderr(struct frontend *ui)
{
    char buf[4096];
    ssize_t n;

    if (ui->held < 0)
        return;
    fflush(stderr);
    dup2(ui->saved_stderr, STDERR_FILENO);
    close(ui->saved_stderr);
    lseek(ui->held, 0, SEEK_SET);
    while ((n = read(ui->held, buf, sizeof(buf))) > 0)
        if (write(STDERR_FILENO, buf, (size_t)n) < 0)
            break;
    close(ui->held);
    ui->held = -1;
    ui->saved_stderr = -1;
}

/* ---- The loop ---- */

static void *term_vcpu_main(void *arg)
{
    struct frontend *ui = arg;

    ui->status = machine_run(ui->m);
    ui_frames_capture(&ui->frames, ui->m); /* the screen the program left */
    atomic_store(&ui->vcpu_done, true);
    return NULL;
}

static void term_frame(struct frontend *ui)
{
    const struct ui_frame *fr = ui_frames_latest(&ui->frames);
    bool relayout = term_resized;
    unsigned resumed = atomic_load(&ui->resumed);
    int lines, cols;

    if (relayout || resumed != ui->resumed_seen) {
        term_resized = 0;
        term_view_relayout(ui->view, resumed != ui->resumed_seen);
        ui->resumed_seen = resumed;
    } else if (!fr->seq || fr->seq == ui->drawn_seq) {
        return;
    }
    term_view_size(ui->view, &lines, &cols);
    term_grid_from_frame(ui->grid, fr, lines, cols);
    term_view_draw(ui->view, ui->grid);
    term_view_map(ui->view, &ui->map);
    ui->drawn_seq = fr->seq;
}

static int term_run(struct frontend *ui, struct machine *m)
{
    struct sigaction winch = {.sa_handler = term_on_winch}, dfl = {.sa_handler = SIG_DFL};
    struct keys_term_hooks hooks = {.mouse = term_mouse, .ctx = ui, .resumed = &ui->resumed};
    const char *leave;
    size_t leave_len;
    char err[512];
    int rc;

    ui->m = m;
    /* Before ncurses starts: it then leaves SIGWINCH (and the keyboard's SIGTSTP) to us,
     * and takes the terminal's modes as they are then for the ones to go back to. */
    sigaction(SIGWINCH, &winch, NULL);
    if (keys_term_start(m, STDIN_FILENO, &hooks, &ui->keys, err, sizeof(err))) {
        fprintf(stderr, "hvdos: %s\n", err);
        return EXIT_USAGE;
    }
    ui->view = term_view_open(stdout, stdin, NULL, err, sizeof(err));
    if (!ui->view) {
        keys_term_stop(ui->keys);
        ui->keys = NULL;
        fprintf(stderr, "hvdos: %s\n", err);
        return EXIT_USAGE;
    }
    leave = term_view_leave_bytes(ui->view, &leave_len);
    keys_term_set_leave(ui->keys, leave, leave_len);
    term_hold_stderr(ui);
    ui_frames_attach(&ui->frames, m);
    rc = pthread_create(&ui->vcpu, NULL, term_vcpu_main, ui);
    if (rc) {
        log_error(&m->log, "cannot start the vCPU thread: %s", strerror(rc));
        ui->status = EXIT_LOAD;
    } else {
        ui->vcpu_started = true;
        while (!atomic_load(&ui->vcpu_done)) {
            term_frame(ui);
            poll(NULL, 0, 1000 / UI_FRAME_HZ);
        }
        pthread_join(ui->vcpu, NULL);
    }
    term_view_close(ui->view);
    ui->view = NULL;
    keys_term_stop(ui->keys); /* the terminal's modes back before anything else is said */
    ui->keys = NULL;
    sigaction(SIGWINCH, &dfl, NULL);
    term_release_stderr(ui);
    if (ui->png && ui->vcpu_started) {
        /* The frame the vCPU thread captured when the program ended, blinking parts
         * shown. */
        struct display_frame *f = malloc(sizeof(*f));
        if (f) {
            *f = ui_frames_latest(&ui->frames)->frame;
            f->phase = DISPLAY_PHASE_SHOWN;
        }
        if (!f || ui->png->screenshot_write(f, ui->cfg->screenshot, err, sizeof(err))) {
            log_error(&m->log, "%s", f ? err : "cannot write the screenshot: out of memory");
            if (!ui->status)
                ui->status = 1;
        }
        free(f);
    }
    return ui->status;
}

static void term_destroy(struct frontend *ui)
{
    if (!ui)
        return;
    free(ui->grid);
    free(ui);
}

const struct frontend_ops ui_terminal_ops = {
    .name = "terminal",
    .create = term_create,
    .run = term_run,
    .destroy = term_destroy,
};
