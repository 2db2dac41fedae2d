/* The terminal frontend's picture: what a frame becomes in a terminal (a grid of
 * characters with colours) and the ncurses view that draws only the cells that changed.
 * Apart from the frontend (src/ui/terminal.c) so that a benchmark can drive it. */
#ifndef HVDOS_UI_TERMINAL_H
#define HVDOS_UI_TERMINAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define TERM_GRID_MAX_COLS 160
#define TERM_GRID_MAX_ROWS 100

#define TERM_CELL_BLINK     0x01
#define TERM_CELL_UNDERLINE 0x02

struct term_cell {
    uint16_t uc;    /* the character, as Unicode */
    uint8_t fg, bg; /* indexes into the grid's palette */
    uint8_t attrs;  /* TERM_CELL_* */
};

/* One frame as the terminal shows it. */
struct term_grid {
    int cols, rows;
    bool cursor_visible;
    bool cursor_block; /* the cursor covers half the cell or more */
    int cursor_row, cursor_col;
    /* Set when the picture is not the DOS screen cell for cell: a graphics mode drawn
     * at reduced size, or a line saying what is not shown. */
    char note[96];
    uint32_t palette[256]; /* 0xRRGGBB */
    struct term_cell cells[TERM_GRID_MAX_COLS * TERM_GRID_MAX_ROWS];
};

/* How colours reach the terminal, from what its terminfo entry says. */
enum term_colors {
    TERM_COLORS_NONE,
    TERM_COLORS_8,
    TERM_COLORS_16,
    TERM_COLORS_256,
    TERM_COLORS_DIRECT
};

struct term_view;

/* Whether terminfo knows $TERM: 0, or -1 with a one-line reason in err. */
int term_view_check(char *err, size_t errlen);

/* Starts ncurses on the terminal (out, in; `term`: NULL for $TERM): the alternate
 * screen, colours, the mouse reporting xterm-compatible terminals have. NULL with a
 * one-line reason in err. */
struct term_view *term_view_open(FILE *out, FILE *in, const char *term, char *err, size_t errlen);
/* The terminal's size changed (SIGWINCH) or its screen is not what ncurses thinks (after
 * SIGCONT): lays the view out again and draws everything at the next term_view_draw. */
void term_view_relayout(struct term_view *v, bool resumed);
/* Draws a grid: only what differs from the last one reaches ncurses, and ncurses
 * sends only what differs from the terminal's screen. */
void term_view_draw(struct term_view *v, const struct term_grid *g);
/* Back to the normal screen and the terminal's modes as they were at term_view_open. */
void term_view_close(struct term_view *v);
enum term_colors term_view_colors(const struct term_view *v);
/* The terminal's size, as last laid out. */
void term_view_size(const struct term_view *v, int *lines, int *cols);
/* What the terminal must be sent to leave the view (for SIGTSTP: the normal screen,
 * the cursor, no mouse reports). */
const char *term_view_leave_bytes(const struct term_view *v, size_t *len);
/* Where the picture is in the terminal, for the mouse: the UI thread stores it after
 * each draw (term_view_map), the terminal's reader thread reads it. */
struct term_point_map {
    _Atomic int top, left, rows, cols, vis_rows, vis_cols;
};
void term_view_map(const struct term_view *v, struct term_point_map *map);
/* Any thread: a terminal cell as a position on the picture, 0..65535 on each axis (the
 * input ring's mouse scale). False outside the picture, or before the first draw. */
bool term_point_map_point(struct term_point_map *map, int line, int col, uint16_t *x, uint16_t *y);

#endif
