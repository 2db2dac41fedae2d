/* The ROM's character generator tables (drawn from fonts/ at build time by
 * bios/ttf2font.py in plain Python), which the video device's font RAM is loaded from
 * and so everything on screen is drawn with, against SDL2_ttf's FreeType rendering of
 * the same fonts: every glyph of 8x8, 8x14 and 8x16, and the 9-dot alternates. SDL2_ttf
 * is needed for this test only. */
#include <SDL_ttf.h>
#include <stdlib.h>

#include "bios/bios.h"
#include "machine/rom.h"
#include "cpu/cpu.h"
#include "test.h"

/* A font's 256 glyphs as FreeType draws them: bit 8 the leftmost of 9 dots. */
struct ttf_glyphs {
    int height;
    uint16_t rows[256][16];
};

/* The fonts in fonts/, embedded at build time (see fonts/README.md). */
extern const uint8_t font_vga9x16[], font_ega8x14[], font_cga8x8[];
extern const size_t font_vga9x16_size, font_ega8x14_size, font_cga8x8_size;

static const struct ui_font {
    const char *name;
    const uint8_t *data;
    const size_t *size;
    int height;
} ui_fonts[3] = {
    {"Px437 IBM VGA 9x16", font_vga9x16, &font_vga9x16_size, 16},
    {"Px437 IBM EGA 8x14", font_ega8x14, &font_ega8x14_size, 14},
    {"Px437 IBM CGA 8x8", font_cga8x8, &font_cga8x8_size, 8},
};

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

static int ui_glyphs_render(struct ttf_glyphs *g, const struct ui_font *font, char *err,
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

static uint8_t *mem;
static struct rom rom;
static struct ttf_glyphs sets[3];

static void setup(void)
{
    char err[256] = "";

    if (mem)
        return;
    mem = calloc(1, MEMMAP_ROM_BASE + MEMMAP_ROM_SIZE);
    if (TTF_Init() < 0) {
        printf("FAIL: cannot start SDL2_ttf: %s\n", TTF_GetError());
        exit(1);
    }
    for (int i = 0; i < 3; i++)
        if (ui_glyphs_render(&sets[i], &ui_fonts[i], err, sizeof(err))) {
            printf("FAIL: %s\n", err);
            exit(1);
        }
    if (!mem || rom_load(&rom, mem)) {
        printf("FAIL: set-up: %s\n", err);
        exit(1);
    }
}

static const uint8_t *rom_at(uint16_t off)
{
    return mem + MEMMAP_ROM_BASE + off;
}

/* Counts the glyphs of a table of `height` bytes each that differ from a FreeType set. */
static int font_mismatches(const uint8_t *table, int height, int set)
{
    const struct ttf_glyphs *g = &sets[set];
    int bad = 0;

    EXPECT_EQ(g->height, height);
    for (int c = 0; c < 256; c++) {
        bool same = true;
        for (int y = 0; y < height; y++)
            same &= table[c * height + y] == (uint8_t)(g->rows[c][y] >> 1);
        if (!same) {
            printf("  glyph %02Xh (%d lines) differs\n", c, height);
            bad++;
        }
    }
    return bad;
}

TEST(rom_8x8_font_is_freetypes_cga_font)
{
    setup();
    EXPECT_EQ(font_mismatches(rom_at(rom.font_8x8), 8, 2), 0);
}

TEST(rom_8x14_font_is_freetypes_ega_font)
{
    setup();
    EXPECT_EQ(font_mismatches(rom_at(rom.font_8x14), 14, 1), 0);
}

/* The VGA 9x16 font as FreeType draws it: the 8x16 table with the 9-dot
 * alternates put in is that font's 8 left columns. */
TEST(rom_8x16_font_with_9_dot_alternates_is_freetypes_vga_font)
{
    static uint8_t table[256 * 16];
    const uint8_t *alt = rom_at(rom.font_9x16);
    int n = 0;

    setup();
    memcpy(table, rom_at(rom.font_8x16), sizeof(table));
    for (; *alt && n < 256; alt += 17, n++)
        memcpy(table + alt[0] * 16, alt + 1, 16);
    EXPECT(n > 10 && n < 64); /* IBM's VGA has about twenty */
    EXPECT_EQ(font_mismatches(table, 16, 0), 0);
    /* And the alternates are real: without them 'M' is not FreeType's. */
    EXPECT(memcmp(rom_at(rom.font_8x16) + 'M' * 16, table + 'M' * 16, 16) != 0);
}

TEST(rom_9x14_alternates_are_an_empty_table)
{
    setup();
    EXPECT_EQ(*rom_at(rom.font_9x14), 0);
}

TEST(rom_full_block_fills_every_line_of_each_font)
{
    setup();
    for (int y = 0; y < 8; y++)
        EXPECT_EQ(rom_at(rom.font_8x8)[0xDB * 8 + y], 0xFF);
    for (int y = 0; y < 14; y++)
        EXPECT_EQ(rom_at(rom.font_8x14)[0xDB * 14 + y], 0xFF);
    for (int y = 0; y < 16; y++)
        EXPECT_EQ(rom_at(rom.font_8x16)[0xDB * 16 + y], 0xFF);
}

TEST_MAIN(T(rom_8x8_font_is_freetypes_cga_font), T(rom_8x14_font_is_freetypes_ega_font),
          T(rom_8x16_font_with_9_dot_alternates_is_freetypes_vga_font),
          T(rom_9x14_alternates_are_an_empty_table),
          T(rom_full_block_fills_every_line_of_each_font))
