/* The terminal frontend's ncurses view: a grid of characters and colours drawn into the
 * terminal's alternate screen, colours mapped to what its terminfo entry offers, a
 * scrolled view with a notice when the terminal is smaller than the picture. */
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "ui/terminal.h"

/* term.h names every terminfo capability as a macro (lines, cursor_visible, ...): it
 * comes last, and the ones that clash with names here go. */
#include <term.h>
#undef lines
#undef columns
#undef cursor_visible
#undef buttons

/* xterm's modes for mouse reports: 1003 (every motion, so the DOS pointer follows the
 * terminal's) and 1006 (SGR form: any size, releases name their button). terminfo has
 * no standard capability for them (a few entries carry the XM extension), and every
 * terminal with a mouse knows these numbers; one that does not ignores them. */
#define TERM_MOUSE_ON  "\033[?1003h\033[?1006h"
#define TERM_MOUSE_OFF "\033[?1006l\033[?1003l"

struct term_view {
    SCREEN *scr;
    FILE *out;
    /* Bytes for the terminal that ncurses has no call for (the mouse modes, DECSCUSR),
     * written straight to it once ncurses has flushed what it had (putp would put them
     * into stdio's buffer, out of order). */
    char extra[128];
    size_t extra_len;
    enum term_colors colors;
    int lines, cols; /* the terminal's size */
    /* What was drawn at each terminal cell; `valid` false: draw everything. */
    struct term_cell *drawn;
    bool valid;
    char note[256]; /* the notice line as drawn */
    int top, left;  /* the picture's cell at the view's top left */
    int grid_rows, grid_cols;
    /* The palette the colour maps were made from, and the maps. */
    uint32_t palette[256];
    bool palette_valid;
    int color_of[256];        /* palette index -> terminal colour */
    bool bold_of[256];        /* 8 colours: a bright foreground is bold */
    int cursor_mode;          /* what curs_set was last given; -1: not yet */
    const char *cursor_style; /* terminfo's Ss (DECSCUSR), if the terminal has it */
    int cursor_style_sent;
    char leave[128];
    size_t leave_len;
    int vis_rows, vis_cols; /* the picture's cells in view */
};

static const uint32_t term_cga[16] = {
    0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
    0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF,
};

static unsigned term_dist(uint32_t a, uint32_t b)
{
    int dr = (int)(a >> 16 & 0xFF) - (int)(b >> 16 & 0xFF);
    int dg = (int)(a >> 8 & 0xFF) - (int)(b >> 8 & 0xFF);
    int db = (int)(a & 0xFF) - (int)(b & 0xFF);

    /* Weighted for the eye: green counts most, blue least. */
    return (unsigned)(3 * dr * dr + 4 * dg * dg + 2 * db * db);
}

/* The nearest of the 16 CGA colours, as an ANSI colour number (red is bit 0 there,
 * blue bit 2: the PC's are the other way round). */
static int term_ansi16(uint32_t rgb)
{
    unsigned best = ~0u;
    int pc = 0;

    for (int i = 0; i < 16; i++) {
        unsigned d = term_dist(rgb, term_cga[i]);
        if (d < best) {
            best = d;
            pc = i;
        }
    }
    return (pc & 8) | (pc & 1) << 2 | (pc & 2) | (pc & 4) >> 2;
}

/* The nearest colour of xterm's 256: the 6x6x6 cube (16-231) or the grey ramp
 * (232-255). */
static int term_xterm256(uint32_t rgb)
{
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    int ch[3] = {(int)(rgb >> 16 & 0xFF), (int)(rgb >> 8 & 0xFF), (int)(rgb & 0xFF)}, q[3];
    uint32_t cube = 0, grey;
    int g;

    for (int i = 0; i < 3; i++) {
        q[i] = 0;
        for (int l = 1; l < 6; l++)
            if (abs(level[l] - ch[i]) < abs(level[q[i]] - ch[i]))
                q[i] = l;
        cube = cube << 8 | (uint32_t)level[q[i]];
    }
    g = ((ch[0] + ch[1] + ch[2]) / 3 - 8 + 5) / 10;
    g = g < 0 ? 0 : g > 23 ? 23 : g;
    grey = (uint32_t)(8 + 10 * g) * 0x010101u;
    if (term_dist(rgb, grey) < term_dist(rgb, cube))
        return 232 + g;
    return 16 + 36 * q[0] + 6 * q[1] + q[2];
}

static void term_map_palette(struct term_view *v, const uint32_t *palette)
{
    for (int i = 0; i < 256; i++) {
        uint32_t rgb = palette[i] & 0xFFFFFF;
        int c = 0;
        bool bold = false;

        switch (v->colors) {
        case TERM_COLORS_NONE: break;
        case TERM_COLORS_8:
            c = term_ansi16(rgb);
            bold = c >= 8;
            c &= 7;
            break;
        case TERM_COLORS_16: c = term_ansi16(rgb); break;
        case TERM_COLORS_256: c = term_xterm256(rgb); break;
        case TERM_COLORS_DIRECT:
            /* Direct-colour entries read values below 8 as the ANSI colours. */
            c = rgb < 8 ? 8 : (int)rgb;
            break;
        }
        v->color_of[i] = c;
        v->bold_of[i] = bold;
    }
    memcpy(v->palette, palette, sizeof(v->palette));
    v->palette_valid = true;
}

static void term_extra(struct term_view *v, const char *s)
{
    size_t n = strlen(s);

    if (v->extra_len + n < sizeof(v->extra)) {
        memcpy(v->extra + v->extra_len, s, n);
        v->extra_len += n;
    }
}

/* After doupdate (ncurses' buffer is empty then). */
static void term_extra_flush(struct term_view *v)
{
    if (v->extra_len && write(fileno(v->out), v->extra, v->extra_len) < 0) {
        /* the terminal went away: nothing to do */
    }
    v->extra_len = 0;
}

static void term_leave_add(struct term_view *v, const char *s)
{
    size_t n = s && s != (char *)-1 ? strlen(s) : 0;

    if (v->leave_len + n < sizeof(v->leave)) {
        memcpy(v->leave + v->leave_len, s, n);
        v->leave_len += n;
    }
}

int term_view_check(char *err, size_t errlen)
{
    int ok = 0;
    const char *t = getenv("TERM");

    if (setupterm(NULL, 1, &ok) != OK) {
        snprintf(err, errlen,
                 "the terminal type %s is unknown to terminfo (set TERM, or use --headless)",
                 t && *t ? t : "(TERM is unset)");
        return -1;
    }
    del_curterm(cur_term);
    return 0;
}

struct term_view *term_view_open(FILE *out, FILE *in, const char *term, char *err, size_t errlen)
{
    struct term_view *v = calloc(1, sizeof(*v));
    const char *name = term ? term : getenv("TERM");
    char *ss;

    if (!v) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    v->out = out;
    /* ncursesw draws characters beyond ASCII only in a UTF-8 locale: the environment's
     * if it is one, else C.UTF-8 (hvdos shows CP437 as UTF-8 everywhere). */
    if (!setlocale(LC_CTYPE, "") || strcmp(nl_langinfo(CODESET), "UTF-8"))
        setlocale(LC_CTYPE, "C.UTF-8");
    v->scr = newterm(term, out, in);
    if (!v->scr) {
        snprintf(err, errlen,
                 "the terminal type %s is unknown to terminfo (set TERM, or use --headless)",
                 name && *name ? name : "(TERM is unset)");
        free(v);
        return NULL;
    }
    set_term(v->scr);
    nonl();
    leaveok(stdscr, FALSE);
    scrollok(stdscr, FALSE);
    idlok(stdscr, FALSE); /* the picture never scrolls as a whole in the terminal */
    if (has_colors() && start_color() == OK) {
        int rgb = tigetflag("RGB");
        if (COLORS >= 0x1000000 || (rgb > 0 && COLORS > 256))
            v->colors = TERM_COLORS_DIRECT;
        else if (COLORS >= 256)
            v->colors = TERM_COLORS_256;
        else if (COLORS >= 16)
            v->colors = TERM_COLORS_16;
        else if (COLORS >= 8)
            v->colors = TERM_COLORS_8;
    }
    ss = tigetstr("Ss");
    v->cursor_style = ss && ss != (char *)-1 ? ss : NULL;
    v->cursor_style_sent = -1;
    v->cursor_mode = -1;
    term_leave_add(v, TERM_MOUSE_OFF);
    term_leave_add(v, tigetstr("Se"));
    term_leave_add(v, tigetstr("sgr0"));
    term_leave_add(v, tigetstr("cnorm"));
    term_leave_add(v, tigetstr("rmcup"));
    term_extra(v, TERM_MOUSE_ON);
    term_view_relayout(v, false);
    return v;
}

enum term_colors term_view_colors(const struct term_view *v)
{
    return v->colors;
}

void term_view_size(const struct term_view *v, int *lines, int *cols)
{
    *lines = v->lines;
    *cols = v->cols;
}

const char *term_view_leave_bytes(const struct term_view *v, size_t *len)
{
    *len = v->leave_len;
    return v->leave;
}

void term_view_relayout(struct term_view *v, bool resumed)
{
    struct winsize ws;

    set_term(v->scr);
    if (resumed) {
        /* The terminal was handed back (SIGTSTP) and taken again: ncurses' modes,
         * the alternate screen and the mouse again, everything drawn anew. */
        endwin();
        refresh();
        term_extra(v, TERM_MOUSE_ON);
        v->cursor_style_sent = -1;
        v->cursor_mode = -1;
    }
    if (!ioctl(fileno(v->out), TIOCGWINSZ, &ws) && ws.ws_row && ws.ws_col)
        resize_term(ws.ws_row, ws.ws_col);
    if (v->lines != LINES || v->cols != COLS) {
        struct term_cell *d = calloc((size_t)LINES * (size_t)COLS, sizeof(*d));
        if (d) {
            free(v->drawn);
            v->drawn = d;
            v->lines = LINES;
            v->cols = COLS;
        }
    }
    v->valid = false;
    v->note[0] = 0;
    clearok(curscr, TRUE);
}

static int term_pair(struct term_view *v, const struct term_cell *c, attr_t *attr)
{
    int fg = v->color_of[c->fg], bg = v->color_of[c->bg], pair;

    *attr = 0;
    if (c->attrs & TERM_CELL_BLINK)
        *attr |= A_BLINK;
    if (c->attrs & TERM_CELL_UNDERLINE)
        *attr |= A_UNDERLINE;
    if (v->colors == TERM_COLORS_NONE) {
        /* Monochrome: light on dark is normal, dark on light reverse. */
        uint32_t f = v->palette[c->fg], b = v->palette[c->bg];
        if (term_dist(b, 0) > term_dist(f, 0))
            *attr |= A_REVERSE;
        return 0;
    }
    if (v->bold_of[c->fg])
        *attr |= A_BOLD;
    pair = alloc_pair(fg, bg);
    return pair < 0 ? 0 : pair;
}

static void term_put(struct term_view *v, int y, int x, const struct term_cell *c)
{
    wchar_t w[2] = {c->uc && c->uc != 0xFFFF ? (wchar_t)c->uc : L' ', 0};
    attr_t attr;
    int pair = term_pair(v, c, &attr);
    cchar_t cc;

    if (wcwidth(w[0]) != 1)
        w[0] = L'?'; /* a character the terminal would draw wide (or not at all) */
    setcchar(&cc, w, attr, 0, &pair);
    mvwadd_wch(stdscr, y, x, &cc);
}

/* The picture's first row and column in view: the cursor kept in it. */
static int term_follow(int pos, int first, int vis, int total)
{
    if (total <= vis)
        return 0;
    if (pos >= 0 && pos < first)
        first = pos;
    else if (pos >= first + vis)
        first = pos - vis + 1;
    if (first + vis > total)
        first = total - vis;
    return first < 0 ? 0 : first;
}

static void term_cursor(struct term_view *v, const struct term_grid *g, int vis_rows, int vis_cols)
{
    int y = g->cursor_row - v->top, x = g->cursor_col - v->left;
    bool shown = g->cursor_visible && y >= 0 && y < vis_rows && x >= 0 && x < vis_cols;
    int mode = shown ? (g->cursor_block ? 2 : 1) : 0;

    if (shown && v->cursor_style) {
        /* DECSCUSR: 1 a blinking block, 3 a blinking underline, as a VGA's. */
        int style = g->cursor_block ? 1 : 3;
        if (style != v->cursor_style_sent) {
            term_extra(v, tiparm(v->cursor_style, style));
            v->cursor_style_sent = style;
        }
        mode = 1;
    }
    if (mode != v->cursor_mode) {
        curs_set(mode);
        v->cursor_mode = mode;
    }
    if (shown)
        wmove(stdscr, y, x);
}

void term_view_draw(struct term_view *v, const struct term_grid *g)
{
    int vis_rows, vis_cols, note_row = -1;
    bool small, full;
    char note[256];

    set_term(v->scr);
    if (!v->drawn)
        return;
    if (!v->palette_valid || memcmp(v->palette, g->palette, sizeof(v->palette))) {
        term_map_palette(v, g->palette);
        v->valid = false;
    }
    small = g->rows > v->lines || g->cols > v->cols;
    vis_rows = g->rows < v->lines ? g->rows : v->lines;
    vis_cols = g->cols < v->cols ? g->cols : v->cols;
    note[0] = 0;
    if ((small || g->note[0]) && v->lines > 1) {
        if (vis_rows == v->lines)
            vis_rows--;
        note_row = small ? v->lines - 1 : vis_rows;
    }
    v->top = term_follow(g->cursor_visible ? g->cursor_row : -1, v->top, vis_rows, g->rows);
    v->left = term_follow(g->cursor_visible ? g->cursor_col : -1, v->left, vis_cols, g->cols);
    if (g->rows != v->grid_rows || g->cols != v->grid_cols) {
        v->valid = false;
        v->grid_rows = g->rows;
        v->grid_cols = g->cols;
    }
    full = !v->valid;
    if (full) { /* what the picture does not cover: the DOS screen's black */
        struct term_cell blank = {.uc = ' ', .fg = 7, .bg = 0};
        wchar_t w[2] = {L' ', 0};
        attr_t a;
        int pair = term_pair(v, &blank, &a);
        cchar_t cc;
        setcchar(&cc, w, a, 0, &pair);
        wbkgrndset(stdscr, &cc);
        werase(stdscr);
    }
    for (int y = 0; y < vis_rows; y++) {
        const struct term_cell *src =
            &g->cells[(size_t)(y + v->top) * (size_t)g->cols + (size_t)v->left];
        struct term_cell *d = &v->drawn[(size_t)y * (size_t)v->cols];
        for (int x = 0; x < vis_cols; x++) {
            if (!full && !memcmp(&d[x], &src[x], sizeof(d[x])))
                continue;
            term_put(v, y, x, &src[x]);
            d[x] = src[x];
        }
    }
    if (note_row >= 0) {
        if (small)
            snprintf(note, sizeof(note),
                     "%dx%d screen, %dx%d terminal: rows %d-%d, columns %d-%d shown (the "
                     "view follows the cursor; enlarge the terminal to see it all)%s%.90s",
                     g->cols, g->rows, v->cols, v->lines, v->top + 1, v->top + vis_rows,
                     v->left + 1, v->left + vis_cols, g->note[0] ? "; " : "", g->note);
        else
            snprintf(note, sizeof(note), "%s", g->note);
        if (full || strcmp(note, v->note)) {
            wattrset(stdscr, A_REVERSE);
            mvwaddnstr(stdscr, note_row, 0, note, v->cols);
            wclrtoeol(stdscr);
            wattrset(stdscr, A_NORMAL);
            snprintf(v->note, sizeof(v->note), "%s", note);
        }
    }
    v->valid = true;
    v->vis_rows = vis_rows;
    v->vis_cols = vis_cols;
    term_cursor(v, g, vis_rows, vis_cols);
    wnoutrefresh(stdscr);
    doupdate();
    term_extra_flush(v);
}

void term_view_map(const struct term_view *v, struct term_point_map *map)
{
    atomic_store(&map->top, v->top);
    atomic_store(&map->left, v->left);
    atomic_store(&map->rows, v->grid_rows);
    atomic_store(&map->cols, v->grid_cols);
    atomic_store(&map->vis_rows, v->vis_rows);
    atomic_store(&map->vis_cols, v->vis_cols);
}

bool term_point_map_point(struct term_point_map *map, int line, int col, uint16_t *x, uint16_t *y)
{
    int rows = atomic_load(&map->rows), cols = atomic_load(&map->cols);
    int r = line + atomic_load(&map->top), c = col + atomic_load(&map->left);

    if (rows <= 0 || cols <= 0 || line >= atomic_load(&map->vis_rows) ||
        col >= atomic_load(&map->vis_cols))
        return false;
    /* The middle of the cell: the driver's cell is then the one under the pointer. */
    *x = (uint16_t)((2 * c + 1) * 32768 / cols);
    *y = (uint16_t)((2 * r + 1) * 32768 / rows);
    return true;
}

void term_view_close(struct term_view *v)
{
    if (!v)
        return;
    set_term(v->scr);
    curs_set(1);
    doupdate();
    term_extra(v, TERM_MOUSE_OFF);
    if (v->cursor_style_sent >= 0) {
        char *se = tigetstr("Se");
        if (se && se != (char *)-1)
            term_extra(v, se);
    }
    term_extra_flush(v);
    endwin();
    delscreen(v->scr);
    free(v->drawn);
    free(v);
}
