/* The ROM's character generator tables (drawn from fonts/ at build time by
 * bios/ttf2font.py) against the window's glyphs, which SDL2_ttf's FreeType renders from
 * the same fonts: every glyph of 8x8, 8x14 and 8x16, and the 9-dot alternates. */
#include <stdlib.h>

#include "machine/rom.h"
#include "cpu/cpu.h"
#include "test.h"
#include "ui/sdl.h"

static uint8_t *mem;
static struct rom rom;
static struct ui_text *text;

static void setup(void)
{
    char err[256] = "";

    if (mem)
        return;
    mem = calloc(1, MEMMAP_ROM_BASE + MEMMAP_ROM_SIZE);
    text = malloc(sizeof(*text));
    if (!mem || !text || rom_load(&rom, mem) || ui_text_init(text, err, sizeof(err))) {
        printf("FAIL: set-up: %s\n", err);
        exit(1);
    }
}

static const uint8_t *rom_at(uint16_t off)
{
    return mem + MEMMAP_ROM_BASE + off;
}

/* Counts the glyphs of a table of `height` bytes each that differ from a window set. */
static int font_mismatches(const uint8_t *table, int height, int set)
{
    const struct ui_glyph_set *g = &text->sets[set];
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

TEST(rom_8x8_font_is_the_windows_cga_font)
{
    setup();
    EXPECT_EQ(font_mismatches(rom_at(rom.font_8x8), 8, 2), 0);
}

TEST(rom_8x14_font_is_the_windows_ega_font)
{
    setup();
    EXPECT_EQ(font_mismatches(rom_at(rom.font_8x14), 14, 1), 0);
}

/* The window draws 16-line text with the VGA 9x16 font: the 8x16 table with the 9-dot
 * alternates put in is that font's 8 left columns. */
TEST(rom_8x16_font_with_9_dot_alternates_is_the_windows_vga_font)
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
    /* And the alternates are real: without them 'M' is not the window's. */
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

TEST_MAIN(T(rom_8x8_font_is_the_windows_cga_font), T(rom_8x14_font_is_the_windows_ega_font),
          T(rom_8x16_font_with_9_dot_alternates_is_the_windows_vga_font),
          T(rom_9x14_alternates_are_an_empty_table),
          T(rom_full_block_fills_every_line_of_each_font))
