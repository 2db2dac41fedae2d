/* VGA text on the host: the glyph atlas rendered once with SDL2_ttf from the built-in
 * fonts, and the composer that turns a screen snapshot into pixels cell by cell. */
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "bios/bios.h"
#include "ui/sdl.h"

/* The fonts in fonts/, embedded at build time (see fonts/README.md). */
extern const uint8_t font_vga9x16[], font_ega8x14[], font_cga8x8[];
extern const size_t font_vga9x16_size, font_ega8x14_size, font_cga8x8_size;

static const struct ui_font {
    const char *name;
    const uint8_t *data;
    const size_t *size;
    int height;
} ui_fonts[UI_GLYPH_SETS] = {
    {"Px437 IBM VGA 9x16", font_vga9x16, &font_vga9x16_size, 16},
    {"Px437 IBM EGA 8x14", font_ega8x14, &font_ega8x14_size, 14},
    {"Px437 IBM CGA 8x8", font_cga8x8, &font_cga8x8_size, 8},
};

const uint32_t ui_vga_palette[16] = {
    0xFF000000, 0xFF0000AA, 0xFF00AA00, 0xFF00AAAA, 0xFFAA0000, 0xFFAA00AA, 0xFFAA5500, 0xFFAAAAAA,
    0xFF555555, 0xFF5555FF, 0xFF55FF55, 0xFF55FFFF, 0xFFFF5555, 0xFFFF55FF, 0xFFFFFF55, 0xFFFFFFFF,
};

unsigned ui_blink_phase(uint64_t ms)
{
    uint64_t frames = ms * 70 / 1000;
    unsigned phase = 0;

    if (frames / 8 % 2 == 0)
        phase |= UI_PHASE_CURSOR;
    if (frames / 16 % 2 == 0)
        phase |= UI_PHASE_TEXT;
    return phase;
}

/* A pixel font has one size at which it is its bitmap: the size where a line is
 * `height` pixels and the full block fills every one of them. */
static bool ui_font_fits(TTF_Font *f, int height)
{
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *s;
    bool ok;

    if (TTF_FontHeight(f) != height)
        return false;
    s = TTF_RenderGlyph32_Solid(f, 0x2588, white);
    if (!s)
        return false;
    ok = s->h == height && s->w >= 8 && s->format->BytesPerPixel == 1;
    for (int y = 0; ok && y < s->h; y++)
        for (int x = 0; ok && x < 8; x++)
            ok = ((const uint8_t *)s->pixels)[y * s->pitch + x] != 0;
    SDL_FreeSurface(s);
    return ok;
}

static TTF_Font *ui_font_open(const struct ui_font *font)
{
    for (int pt = font->height - 4; pt <= font->height + 8; pt++) {
        SDL_RWops *rw = SDL_RWFromConstMem(font->data, (int)*font->size);
        TTF_Font *f = rw ? TTF_OpenFontRW(rw, 1, pt) : NULL;
        if (!f)
            return NULL;
        if (ui_font_fits(f, font->height))
            return f;
        TTF_CloseFont(f);
    }
    return NULL;
}

static int ui_glyphs_render(struct ui_glyph_set *g, const struct ui_font *font, char *err,
                            size_t errlen)
{
    SDL_Color white = {255, 255, 255, 255};
    TTF_Font *f = ui_font_open(font);

    if (!f) {
        snprintf(err, errlen, "the built-in font %s does not render at %d lines: %s", font->name,
                 font->height, TTF_GetError());
        return -1;
    }
    memset(g, 0, sizeof(*g));
    g->height = font->height;
    for (int c = 1; c < 256; c++) {
        uint16_t cp = cp437_to_unicode((uint8_t)c);
        SDL_Surface *s;

        if (cp == 0x20 || cp == 0xA0 || !TTF_GlyphIsProvided32(f, cp))
            continue;
        s = TTF_RenderGlyph32_Solid(f, cp, white);
        if (!s)
            continue;
        for (int y = 0; y < s->h && y < g->height; y++) {
            const uint8_t *px = (const uint8_t *)s->pixels + y * s->pitch;
            uint16_t bits = 0;
            for (int x = 0; x < 8 && x < s->w; x++)
                if (px[x])
                    bits |= (uint16_t)(0x100 >> x);
            /* The 9th dot: a VGA repeats the 8th for C0h-DFh so lines join. */
            if (c >= 0xC0 && c <= 0xDF && (bits & 0x002))
                bits |= 0x001;
            g->rows[c][y] = bits;
        }
        SDL_FreeSurface(s);
    }
    TTF_CloseFont(f);
    return 0;
}

int ui_text_init(struct ui_text *t, char *err, size_t errlen)
{
    int rc = 0;

    memset(t, 0, sizeof(*t));
    if (TTF_Init() < 0) {
        snprintf(err, errlen, "cannot start SDL2_ttf: %s", TTF_GetError());
        return -1;
    }
    for (int i = 0; i < UI_GLYPH_SETS && !rc; i++)
        rc = ui_glyphs_render(&t->sets[i], &ui_fonts[i], err, errlen);
    TTF_Quit(); /* the atlas is all a frame needs */
    return rc;
}

void ui_text_fini(struct ui_text *t)
{
    free(t->fb);
    t->fb = NULL;
}

const struct ui_glyph_set *ui_text_glyphs(const struct ui_text *t, int height)
{
    /* Taller cells than the font leave blank lines below it, as a VGA does. */
    if (height >= 16)
        return &t->sets[0];
    if (height >= 14)
        return &t->sets[1];
    return &t->sets[2];
}

/* The picture's height: a 400-line or 350-line display, whatever the rows fill. */
static int ui_text_lines(int used)
{
    if (used <= 350 && used > 200)
        return 350;
    return used <= 400 ? 400 : used;
}

static bool ui_text_geometry(struct ui_text *t, const struct screen_snapshot *s)
{
    int cols = s->text ? s->cols : 80, rows = s->text ? s->rows : 25;
    int cell_h = s->text && s->char_height ? s->char_height : 16;
    int cell_w = cols <= 40 ? 2 * UI_CELL_W : UI_CELL_W;
    int w, h;
    uint32_t *fb;

    if (cols < 1 || cols > SCREEN_MAX_COLS)
        cols = 80;
    if (rows < 1 || rows > SCREEN_MAX_ROWS)
        rows = 25;
    if (cell_h > 32)
        cell_h = 32;
    w = cols * cell_w;
    h = ui_text_lines(rows * cell_h);
    if (t->fb && t->cols == cols && t->rows == rows && t->cell_h == cell_h && t->cell_w == cell_w &&
        t->text == s->text && t->w == w && t->h == h)
        return false;
    fb = realloc(t->fb, (size_t)w * (size_t)h * sizeof(*fb));
    if (!fb)
        abort(); /* a few hundred KiB: a host that cannot give them cannot go on */
    t->fb = fb;
    t->cols = cols;
    t->rows = rows;
    t->cell_w = cell_w;
    t->cell_h = cell_h;
    t->text = s->text;
    t->w = w;
    t->h = h;
    for (int i = 0; i < w * h; i++)
        fb[i] = ui_vga_palette[0];
    memset(t->keys, 0, sizeof(t->keys));
    t->dirty_y0 = 0;
    t->dirty_y1 = h;
    return true;
}

/* What a cell shows, packed: the glyph, colours, underline, whether the glyph is
 * shown (blink), and the cursor's lines if it is here. Bit 31 marks a drawn cell. */
struct ui_cell {
    uint8_t ch, fg, bg;
    bool underline, glyph, cursor;
    uint8_t cur_start, cur_end;
};

static uint32_t ui_cell_key(const struct ui_cell *c)
{
    return 1u << 31 | c->ch | (uint32_t)c->fg << 8 | (uint32_t)c->bg << 12 |
           (uint32_t)c->underline << 16 | (uint32_t)c->glyph << 17 | (uint32_t)c->cursor << 18 |
           (uint32_t)(c->cur_start & 31) << 19 | (uint32_t)(c->cur_end & 31) << 24;
}

/* An attribute byte as a VGA shows it: colour, or MDA-style in mode 7. */
static void ui_cell_decode(struct ui_cell *c, uint8_t attr, const struct screen_snapshot *s,
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
    if (blinking && !(phase & UI_PHASE_TEXT)) {
        c->glyph = false;
        c->underline = false;
    }
}

static void ui_cell_draw(struct ui_text *t, const struct ui_glyph_set *g, int row, int col,
                         const struct ui_cell *c)
{
    uint32_t fg = ui_vga_palette[c->fg], bg = ui_vga_palette[c->bg];
    int underline_line = t->cell_h == 16 ? 13 : t->cell_h - 1;
    uint32_t *p = t->fb + (size_t)row * t->cell_h * t->w + (size_t)col * t->cell_w;

    for (int y = 0; y < t->cell_h; y++, p += t->w) {
        unsigned bits = c->glyph && y < g->height ? g->rows[c->ch][y] : 0;
        if ((c->underline && y == underline_line) ||
            (c->cursor && y >= c->cur_start && y <= c->cur_end))
            bits = 0x1FF;
        if (t->cell_w == UI_CELL_W) {
            for (int x = 0; x < UI_CELL_W; x++)
                p[x] = bits & (0x100u >> x) ? fg : bg;
        } else {
            for (int x = 0; x < UI_CELL_W; x++)
                p[2 * x] = p[2 * x + 1] = bits & (0x100u >> x) ? fg : bg;
        }
    }
}

bool ui_text_compose(struct ui_text *t, const struct screen_snapshot *s, unsigned phase)
{
    bool changed = ui_text_geometry(t, s);
    const struct ui_glyph_set *g = ui_text_glyphs(t, t->cell_h);
    int cur = -1, cur_start = s->cursor_start, cur_end = s->cursor_end;

    if (!t->text)
        return changed; /* graphics modes are not shown: the picture stays black */
    if (cur_end >= t->cell_h)
        cur_end = t->cell_h - 1;
    /* A VGA shows no cursor when it starts below its end line. */
    if (s->cursor_visible && (phase & UI_PHASE_CURSOR) && cur_start <= cur_end &&
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
            if (i == cur) {
                c.cursor = true;
                c.cur_start = (uint8_t)cur_start;
                c.cur_end = (uint8_t)cur_end;
            }
            key = ui_cell_key(&c);
            if (t->keys[i] == key)
                continue;
            t->keys[i] = key;
            ui_cell_draw(t, g, r, col, &c);
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
