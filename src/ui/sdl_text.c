/* VGA text and graphics on the host: the composer that turns a display_frame into one
 * ARGB picture, drawing text cells from the frame's own glyphs (the character
 * generator's font RAM: IBM's ROM fonts or what the program loaded) in the frame's
 * colours, and graphics through the frame's palette. */
#include <stdlib.h>
#include <string.h>

#include "ui/sdl.h"

void ui_text_init(struct ui_text *t)
{
    memset(t, 0, sizeof(*t));
}

void ui_text_fini(struct ui_text *t)
{
    free(t->fb);
    t->fb = NULL;
}

/* The glyphs as 9-dot rows, made again only when the font RAM (its generation), the
 * cell width or the line-graphics rule changed: the 9th dot repeats the 8th for
 * C0h-DFh when the attribute controller says so, and is background otherwise. */
static bool ui_text_glyphs(struct ui_text *t, const struct display_frame *f)
{
    bool nine = f->cell_w == 9, lge = nine && f->line_graphics;

    if (t->glyphs_valid && t->font_gen == f->font_gen && t->glyph_nine == nine &&
        t->glyph_lge == lge)
        return false;
    for (int map = 0; map < 2; map++)
        for (int ch = 0; ch < 256; ch++)
            for (int y = 0; y < DISPLAY_FONT_LINES; y++) {
                uint8_t b = f->fonts[map][ch][y];
                t->glyphs[map][ch][y] =
                    (uint16_t)(b << 1 | (lge && ch >= 0xC0 && ch <= 0xDF ? (b & 1) : 0));
            }
    t->two_maps = memcmp(f->fonts[0], f->fonts[1], sizeof(f->fonts[0])) != 0;
    t->glyphs_valid = true;
    t->font_gen = f->font_gen;
    t->glyph_nine = nine;
    t->glyph_lge = lge;
    return true;
}

/* The picture's height in text: a 400-line or 350-line display, whatever the rows fill. */
static int ui_text_lines(int used)
{
    if (used <= 350 && used > 200)
        return 350;
    return used <= 400 ? 400 : used;
}

static bool ui_text_geometry(struct ui_text *t, const struct display_frame *s)
{
    enum display_kind kind = s->kind;
    bool text = kind == DISPLAY_TEXT;
    int cols = text ? s->cols : 80, rows = text ? s->rows : 25;
    int dots = text && s->cell_w == 8 ? 8 : 9, xdup = text && s->wide_dots ? 2 : 1;
    int ydup = text && s->double_scan ? 2 : 1;
    int lines = text && s->cell_h ? s->cell_h : 16;
    int w, h;
    uint32_t *fb;

    if (cols < 1 || cols > 255)
        cols = 80;
    if (rows < 1 || rows * cols > DISPLAY_MAX_CELLS)
        rows = 25;
    if (lines > DISPLAY_FONT_LINES)
        lines = DISPLAY_FONT_LINES;
    w = cols * dots * xdup;
    h = ui_text_lines(rows * lines * ydup);
    if (kind == DISPLAY_GRAPHICS) { /* the picture at the mode's own pixels */
        w = s->width;
        h = s->height;
    }
    if (t->fb && t->kind == kind && t->cols == cols && t->rows == rows && t->dots == dots &&
        t->xdup == xdup && t->lines == lines && t->ydup == ydup && t->w == w && t->h == h)
        return false;
    fb = realloc(t->fb, (size_t)w * (size_t)h * sizeof(*fb));
    if (!fb)
        abort(); /* a few hundred KiB: a host that cannot give them cannot go on */
    t->fb = fb;
    t->kind = kind;
    t->cols = cols;
    t->rows = rows;
    t->dots = dots;
    t->xdup = xdup;
    t->lines = lines;
    t->ydup = ydup;
    t->cell_w = dots * xdup;
    t->cell_h = lines * ydup;
    t->w = w;
    t->h = h;
    for (int i = 0; i < w * h; i++)
        fb[i] = 0xFF000000;
    memset(t->keys, 0, sizeof(t->keys));
    t->dirty_y0 = 0;
    t->dirty_y1 = h;
    return true;
}

/* What a cell shows, packed: the glyph and its font map, colours, underline, whether
 * the glyph is shown (blink), and the cursor's lines if it is here. Bit 31 marks a
 * drawn cell. */
struct ui_cell {
    uint8_t ch, fg, bg, map;
    bool underline, glyph, cursor;
    uint8_t cur_start, cur_end;
};

static uint32_t ui_cell_key(const struct ui_cell *c)
{
    return 1u << 31 | c->ch | (uint32_t)c->fg << 8 | (uint32_t)c->bg << 12 |
           (uint32_t)c->underline << 16 | (uint32_t)c->glyph << 17 | (uint32_t)c->cursor << 18 |
           (uint32_t)(c->cur_start & 31) << 19 | (uint32_t)(c->cur_end & 31) << 24 |
           (uint32_t)(c->map & 1) << 29;
}

/* An attribute byte as a VGA shows it: colour, or MDA-style in mode 7. */
static void ui_cell_decode(struct ui_cell *c, uint8_t attr, const struct display_frame *s,
                           unsigned phase)
{
    bool blinking = s->blink && (attr & 0x80);

    c->underline = false;
    c->glyph = true;
    if (!s->mono) {
        c->fg = attr & 0x0F;
        c->bg = s->blink ? (attr >> 4) & 0x07 : attr >> 4;
    } else {
        uint8_t base = attr & 0x77;
        c->bg = 0;
        if (base == 0x00) { /* non-display */
            c->fg = 0;
        } else if (base == 0x70) { /* reverse video */
            c->fg = 0;
            c->bg = !s->blink && (attr & 0x80) ? 15 : 7;
        } else {
            c->fg = attr & 0x08 ? 15 : 7;
            c->underline = base == 0x01;
        }
    }
    /* Blinking hides the glyph; the cursor keeps the foreground colour. */
    if (blinking && !(phase & DISPLAY_PHASE_TEXT)) {
        c->glyph = false;
        c->underline = false;
    }
}

static void ui_cell_draw(struct ui_text *t, int row, int col, const struct ui_cell *c)
{
    uint32_t fg = t->palette[c->fg], bg = t->palette[c->bg];
    int underline_line = t->lines == 16 ? 13 : t->lines - 1;
    uint32_t *p = t->fb + (size_t)row * t->cell_h * t->w + (size_t)col * t->cell_w;
    const uint16_t *glyph = t->glyphs[c->map][c->ch];

    for (int py = 0; py < t->cell_h; py++, p += t->w) {
        int y = py / t->ydup;
        unsigned bits = c->glyph ? glyph[y] : 0;
        if ((c->underline && y == underline_line) ||
            (c->cursor && y >= c->cur_start && y <= c->cur_end))
            bits = 0x1FF;
        if (t->xdup == 1) {
            for (int x = 0; x < t->dots; x++)
                p[x] = bits & (0x100u >> x) ? fg : bg;
        } else {
            for (int x = 0; x < t->dots; x++)
                p[2 * x] = p[2 * x + 1] = bits & (0x100u >> x) ? fg : bg;
        }
    }
}

static bool ui_graphics_compose(struct ui_text *t, const struct display_frame *s, bool changed)
{
    for (int i = 0; i < t->w * t->h; i++) {
        uint32_t c = s->palette[s->pixels[i]];
        changed |= t->fb[i] != c;
        t->fb[i] = c;
    }
    if (changed) {
        t->dirty_y0 = 0;
        t->dirty_y1 = t->h;
    }
    return changed;
}

bool ui_text_compose(struct ui_text *t, const struct display_frame *s, unsigned phase)
{
    bool changed = ui_text_geometry(t, s);
    int cur = -1, cur_start = s->cursor_start, cur_end = s->cursor_end;

    if (t->kind == DISPLAY_GRAPHICS)
        return ui_graphics_compose(t, s, changed);
    if (t->kind != DISPLAY_TEXT)
        return changed; /* planar modes are not shown: the picture stays black */
    /* New glyphs or colours: every cell anew. */
    if (ui_text_glyphs(t, s))
        memset(t->keys, 0, sizeof(t->keys));
    if (memcmp(t->palette, s->palette, sizeof(t->palette))) {
        memcpy(t->palette, s->palette, sizeof(t->palette));
        memset(t->keys, 0, sizeof(t->keys));
    }
    if (cur_end >= t->lines)
        cur_end = t->lines - 1;
    /* A VGA shows no cursor when it starts below its end line. */
    if (s->cursor_visible && (phase & DISPLAY_PHASE_CURSOR) && cur_start <= cur_end &&
        s->cursor_row < t->rows && s->cursor_col < t->cols)
        cur = s->cursor_row * t->cols + s->cursor_col;
    for (int r = 0; r < t->rows; r++) {
        bool row_changed = false;
        for (int col = 0; col < t->cols; col++) {
            int i = r * t->cols + col;
            uint16_t cell = s->cells[i];
            struct ui_cell c = {.ch = (uint8_t)cell};
            uint32_t key;

            ui_cell_decode(&c, (uint8_t)(cell >> 8), s, phase);
            /* Attribute bit 3 picks font map A when two maps are shown. */
            c.map = !t->two_maps || (cell & 0x0800) ? 1 : 0;
            if (i == cur) {
                c.cursor = true;
                c.cur_start = (uint8_t)cur_start;
                c.cur_end = (uint8_t)cur_end;
            }
            key = ui_cell_key(&c);
            if (t->keys[i] == key)
                continue;
            t->keys[i] = key;
            ui_cell_draw(t, r, col, &c);
            row_changed = true;
        }
        if (row_changed) {
            int y0 = r * t->cell_h, y1 = y0 + t->cell_h;
            if (t->dirty_y0 >= t->dirty_y1) {
                t->dirty_y0 = y0;
                t->dirty_y1 = y1;
            } else {
                t->dirty_y0 = y0 < t->dirty_y0 ? y0 : t->dirty_y0;
                t->dirty_y1 = y1 > t->dirty_y1 ? y1 : t->dirty_y1;
            }
            changed = true;
        }
    }
    return changed;
}

bool ui_text_take_dirty(struct ui_text *t, int *y0, int *y1)
{
    if (t->dirty_y0 >= t->dirty_y1)
        return false;
    *y0 = t->dirty_y0;
    *y1 = t->dirty_y1;
    t->dirty_y0 = t->dirty_y1 = 0;
    return true;
}
