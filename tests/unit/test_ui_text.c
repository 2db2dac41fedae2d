/* The window's text renderer without a window: the glyph atlas against IBM's ROM
 * fonts, VGA colours and attributes, blink, the cursor, the text modes' geometry, the
 * cells redrawn, the 4:3 fit, and PNG screenshots read back with libpng. */
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "ui/sdl.h"

static struct ui_text *text_new(void)
{
    struct ui_text *t = malloc(sizeof(*t));
    char err[256] = "";

    if (!t || ui_text_init(t, err, sizeof(err))) {
        printf("FAIL: cannot render the glyph atlas: %s\n", err);
        exit(1);
    }
    return t;
}

static void text_free(struct ui_text *t)
{
    ui_text_fini(t);
    free(t);
}

/* An 80x25 colour screen of blanks in grey on black, the cursor off. */
static struct screen_snapshot *snap_new(void)
{
    struct screen_snapshot *s = calloc(1, sizeof(*s));

    s->cols = 80;
    s->rows = 25;
    s->mode = 3;
    s->text = true;
    s->blink = true;
    s->char_height = 16;
    s->cursor_start = 13;
    s->cursor_end = 14;
    for (int i = 0; i < SCREEN_MAX_COLS * SCREEN_MAX_ROWS; i++)
        s->cells[i] = 0x0720;
    return s;
}

static void put(struct screen_snapshot *s, int row, int col, uint8_t ch, uint8_t attr)
{
    s->cells[row * s->cols + col] = (uint16_t)(ch | attr << 8);
}

static uint32_t px(const struct ui_text *t, int x, int y)
{
    return t->fb[(size_t)y * t->w + x];
}

/* The 8 columns of a row of a glyph in a cell as a byte, 9th column apart. */
static uint8_t cell_row_bits(const struct ui_text *t, int row, int col, int line, uint32_t fg)
{
    uint8_t bits = 0;

    for (int x = 0; x < 8; x++)
        if (px(t, col * t->cell_w + x * (t->cell_w / 9), row * t->cell_h + line) == fg)
            bits |= (uint8_t)(0x80 >> x);
    return bits;
}

TEST(test_atlas_vga_glyph_matches_ibm_vga_rom)
{
    /* 'A' in the IBM VGA BIOS's 8x16 font. */
    static const uint8_t rom_a[16] = {0x00, 0x00, 0x10, 0x38, 0x6C, 0xC6, 0xC6, 0xFE,
                                      0xC6, 0xC6, 0xC6, 0xC6, 0x00, 0x00, 0x00, 0x00};
    struct ui_text *t = text_new();
    const struct ui_glyph_set *g = ui_text_glyphs(t, 16);

    EXPECT_EQ(g->height, 16);
    for (int y = 0; y < 16; y++)
        EXPECT_EQ(g->rows['A'][y], rom_a[y] << 1);
    text_free(t);
}

TEST(test_atlas_8x8_glyph_matches_ibm_rom)
{
    static const uint8_t rom_a[8] = {0x30, 0x78, 0xCC, 0xCC, 0xFC, 0xCC, 0xCC, 0x00};
    struct ui_text *t = text_new();
    const struct ui_glyph_set *g = ui_text_glyphs(t, 8);

    EXPECT_EQ(g->height, 8);
    for (int y = 0; y < 8; y++)
        EXPECT_EQ(g->rows['A'][y], rom_a[y] << 1);
    text_free(t);
}

TEST(test_atlas_ninth_column_repeats_only_for_c0_to_df)
{
    struct ui_text *t = text_new();
    int lit_ninth = 0;

    for (int s = 0; s < UI_GLYPH_SETS; s++) {
        const struct ui_glyph_set *g = &t->sets[s];
        for (int c = 0; c < 256; c++)
            for (int y = 0; y < g->height; y++) {
                unsigned eighth = (g->rows[c][y] >> 1) & 1, ninth = g->rows[c][y] & 1;
                if (c >= 0xC0 && c <= 0xDF)
                    EXPECT_EQ(ninth, eighth);
                else
                    EXPECT_EQ(ninth, 0);
                lit_ninth += ninth;
            }
        /* The full block and the horizontal line fill all 9 columns. */
        for (int y = 0; y < g->height; y++)
            EXPECT_EQ(g->rows[0xDB][y], 0x1FF);
    }
    EXPECT(lit_ninth > 100);
    text_free(t);
}

TEST(test_atlas_has_every_cp437_glyph)
{
    struct ui_text *t = text_new();

    for (int s = 0; s < UI_GLYPH_SETS; s++)
        for (int c = 1; c < 256; c++) {
            unsigned any = 0;
            if (c == 0x20 || c == 0xFF)
                continue; /* blanks */
            for (int y = 0; y < t->sets[s].height; y++)
                any |= t->sets[s].rows[c][y];
            if (!any)
                printf("FAIL %s: set %d glyph %02Xh is empty\n", test_current, s, c);
            EXPECT(any);
        }
    text_free(t);
}

TEST(test_compose_character_in_vga_colours_at_its_cell)
{
    struct ui_text *t = text_new();
    struct screen_snapshot *s = snap_new();
    const struct ui_glyph_set *g = ui_text_glyphs(t, 16);

    put(s, 3, 10, 'A', 0x1E); /* yellow on blue */
    EXPECT(ui_text_compose(t, s, UI_PHASE_SHOWN));
    EXPECT_EQ(t->w, 720);
    EXPECT_EQ(t->h, 400);
    for (int y = 0; y < 16; y++)
        EXPECT_EQ(cell_row_bits(t, 3, 10, y, 0xFFFFFF55), g->rows['A'][y] >> 1);
    EXPECT_EQ(px(t, 10 * 9 + 8, 3 * 16 + 7), 0xFF0000AA); /* the 9th column: background */
    EXPECT_EQ(px(t, 10 * 9, 3 * 16), 0xFF0000AA);
    EXPECT_EQ(px(t, 11 * 9, 3 * 16), 0xFF000000); /* the next cell: black */
    for (int i = 0; i < 16; i++) {
        put(s, 5, i, 0xDB, (uint8_t)i);
    }
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    for (int i = 0; i < 16; i++)
        EXPECT_EQ(px(t, i * 9 + 4, 5 * 16 + 8), ui_vga_palette[i]);
    EXPECT_EQ(ui_vga_palette[6], 0xFFAA5500); /* brown, not dark yellow */
    text_free(t);
    free(s);
}

TEST(test_compose_box_lines_join_across_cells)
{
    struct ui_text *t = text_new();
    struct screen_snapshot *s = snap_new();
    int y_line = -1;

    put(s, 2, 0, 0xDA, 0x07);
    for (int c = 1; c < 20; c++)
        put(s, 2, c, 0xC4, 0x07);
    put(s, 2, 20, 0xBF, 0x07);
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    for (int y = 32; y < 48; y++)
        if (px(t, 5 * 9 + 4, y) == 0xFFAAAAAA)
            y_line = y;
    EXPECT(y_line >= 0);
    for (int x = 4; x <= 20 * 9 + 4; x++)
        EXPECT_EQ(px(t, x, y_line), 0xFFAAAAAA);
    text_free(t);
    free(s);
}

TEST(test_compose_blink_hides_glyph_or_gives_bright_background)
{
    struct ui_text *t = text_new();
    struct screen_snapshot *s = snap_new();

    put(s, 0, 0, 0xDB, 0x9C); /* blinking bright red on blue */
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    EXPECT_EQ(px(t, 4, 8), 0xFFFF5555);
    ui_text_compose(t, s, UI_PHASE_CURSOR); /* blinking characters off */
    EXPECT_EQ(px(t, 4, 8), 0xFF0000AA);
    s->blink = false; /* int 10h 1003h BL=0: bit 7 is a bright background */
    put(s, 0, 0, ' ', 0x9C);
    ui_text_compose(t, s, UI_PHASE_CURSOR);
    EXPECT_EQ(px(t, 4, 8), 0xFF5555FF);
    text_free(t);
    free(s);
}

TEST(test_compose_mono_attributes)
{
    struct ui_text *t = text_new();
    struct screen_snapshot *s = snap_new();

    s->mode = 7;
    s->mono = true;
    put(s, 0, 0, 0xDB, 0x07); /* normal */
    put(s, 0, 1, 0xDB, 0x0F); /* bright */
    put(s, 0, 2, ' ', 0x70);  /* reverse */
    put(s, 0, 3, 0xDB, 0x00); /* non-display */
    put(s, 0, 4, ' ', 0x01);  /* underline */
    put(s, 0, 5, 0xDB, 0x1F); /* colour bits mean nothing in mode 7: bright */
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    EXPECT_EQ(px(t, 4, 4), 0xFFAAAAAA);
    EXPECT_EQ(px(t, 9 + 4, 4), 0xFFFFFFFF);
    EXPECT_EQ(px(t, 18 + 4, 4), 0xFFAAAAAA);
    EXPECT_EQ(px(t, 27 + 4, 4), 0xFF000000);
    EXPECT_EQ(px(t, 36 + 4, 13), 0xFFAAAAAA); /* the underline line */
    EXPECT_EQ(px(t, 36 + 4, 12), 0xFF000000);
    EXPECT_EQ(px(t, 45 + 4, 4), 0xFFFFFFFF);
    text_free(t);
    free(s);
}

TEST(test_compose_cursor_lines_and_blink)
{
    struct ui_text *t = text_new();
    struct screen_snapshot *s = snap_new();

    put(s, 12, 40, ' ', 0x0E);
    s->cursor_visible = true;
    s->cursor_row = 12;
    s->cursor_col = 40;
    s->cursor_start = 13;
    s->cursor_end = 14;
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 9; x++)
            EXPECT_EQ(px(t, 40 * 9 + x, 12 * 16 + y), y == 13 || y == 14 ? 0xFFFFFF55 : 0xFF000000);
    ui_text_compose(t, s, UI_PHASE_TEXT); /* the cursor's off phase */
    EXPECT_EQ(px(t, 40 * 9, 12 * 16 + 13), 0xFF000000);
    s->cursor_start = 14; /* a VGA shows nothing when start > end */
    s->cursor_end = 2;
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    EXPECT_EQ(px(t, 40 * 9, 12 * 16 + 14), 0xFF000000);
    s->cursor_start = 0;
    s->cursor_end = 31; /* clipped to the cell */
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    EXPECT_EQ(px(t, 40 * 9, 12 * 16), 0xFFFFFF55);
    EXPECT_EQ(px(t, 40 * 9, 12 * 16 + 15), 0xFFFFFF55);
    EXPECT_EQ(px(t, 40 * 9, 13 * 16), 0xFF000000);
    s->cursor_visible = false;
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    EXPECT_EQ(px(t, 40 * 9, 12 * 16 + 13), 0xFF000000);
    text_free(t);
    free(s);
}

TEST(test_compose_modes_geometry)
{
    struct ui_text *t = text_new();
    struct screen_snapshot *s = snap_new();
    const struct ui_glyph_set *g8 = ui_text_glyphs(t, 8);

    /* 40 columns: the same 720 dots, each doubled. */
    s->cols = 40;
    s->mode = 1;
    put(s, 0, 39, 'A', 0x0F);
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    EXPECT_EQ(t->w, 720);
    EXPECT_EQ(t->h, 400);
    EXPECT_EQ(t->cell_w, 18);
    EXPECT_EQ(cell_row_bits(t, 0, 39, 5, 0xFFFFFFFF), 0xC6);
    EXPECT_EQ(px(t, 39 * 18 + 1, 5), px(t, 39 * 18, 5)); /* doubled dots */
    /* 50 rows of 8 lines with the 8x8 font. */
    s->cols = 80;
    s->rows = 50;
    s->mode = 3;
    s->char_height = 8;
    put(s, 49, 79, 'A', 0x0F);
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    EXPECT_EQ(t->h, 400);
    for (int y = 0; y < 8; y++)
        EXPECT_EQ(cell_row_bits(t, 49, 79, y, 0xFFFFFFFF), g8->rows['A'][y] >> 1);
    /* 43 rows of 8 lines: a 350-line display. */
    s->rows = 43;
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    EXPECT_EQ(t->h, 350);
    /* A graphics mode is not shown: black. */
    s->text = false;
    s->mode = 0x13;
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    EXPECT_EQ(t->w, 720);
    EXPECT_EQ(px(t, 79 * 9 + 2, 49 * 8 + 2), 0xFF000000);
    text_free(t);
    free(s);
}

TEST(test_compose_redraws_only_changed_cells)
{
    struct ui_text *t = text_new();
    struct screen_snapshot *s = snap_new();
    int y0, y1;

    ui_text_compose(t, s, UI_PHASE_SHOWN);
    EXPECT(ui_text_take_dirty(t, &y0, &y1));
    EXPECT(!ui_text_compose(t, s, UI_PHASE_SHOWN));
    EXPECT(!ui_text_take_dirty(t, &y0, &y1));
    put(s, 7, 3, 'x', 0x07);
    EXPECT(ui_text_compose(t, s, UI_PHASE_SHOWN));
    EXPECT(ui_text_take_dirty(t, &y0, &y1));
    EXPECT_EQ(y0, 7 * 16);
    EXPECT_EQ(y1, 8 * 16);
    /* A blink phase change redraws only cells that blink. */
    put(s, 9, 3, 'x', 0x87);
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    ui_text_take_dirty(t, &y0, &y1);
    EXPECT(ui_text_compose(t, s, UI_PHASE_CURSOR));
    EXPECT(ui_text_take_dirty(t, &y0, &y1));
    EXPECT_EQ(y0, 9 * 16);
    EXPECT_EQ(y1, 10 * 16);
    text_free(t);
    free(s);
}

TEST(test_fit_keeps_4_3_and_letterboxes)
{
    SDL_Rect r = ui_sdl_fit(720, 540, 400, false);

    EXPECT_EQ(r.x, 0);
    EXPECT_EQ(r.y, 0);
    EXPECT_EQ(r.w, 720);
    EXPECT_EQ(r.h, 540);
    r = ui_sdl_fit(1920, 1080, 400, false); /* pillarbox */
    EXPECT_EQ(r.w, 1440);
    EXPECT_EQ(r.h, 1080);
    EXPECT_EQ(r.x, 240);
    EXPECT_EQ(r.y, 0);
    r = ui_sdl_fit(800, 1000, 400, false); /* letterbox */
    EXPECT_EQ(r.w, 800);
    EXPECT_EQ(r.h, 600);
    EXPECT_EQ(r.y, 200);
    r = ui_sdl_fit(1920, 1080, 400, true); /* two whole picture heights */
    EXPECT_EQ(r.h, 800);
    EXPECT_EQ(r.w, 1067);
    EXPECT_EQ(r.x, (1920 - 1067) / 2);
    r = ui_sdl_fit(600, 300, 400, true); /* smaller than one: scaled to fit */
    EXPECT_EQ(r.h, 300);
    EXPECT_EQ(r.w, 400);
}

TEST(test_blink_phases_follow_vga_frame_counts)
{
    /* At 70 Hz: the cursor toggles every 8 frames (114 ms), text every 16 (229 ms). */
    EXPECT_EQ(ui_blink_phase(0), UI_PHASE_SHOWN);
    EXPECT_EQ(ui_blink_phase(120), UI_PHASE_TEXT);
    EXPECT_EQ(ui_blink_phase(240), UI_PHASE_CURSOR);
    EXPECT_EQ(ui_blink_phase(350), 0);
    EXPECT_EQ(ui_blink_phase(460), UI_PHASE_SHOWN);
}

TEST(test_screenshot_png_reads_back_pixel_for_pixel)
{
    struct ui_text *t = text_new();
    struct screen_snapshot *s = snap_new();
    char path[] = "/tmp/hvdos-png-XXXXXX", err[256];
    png_image img;
    uint8_t *rgb;
    int fd = mkstemp(path), bad = 0;

    EXPECT(fd >= 0);
    close(fd);
    for (int i = 0; i < 80 * 25; i++)
        s->cells[i] = (uint16_t)((i & 0xFF) | ((i * 7) & 0x7F) << 8);
    EXPECT_EQ(ui_screenshot_write(s, path, err, sizeof(err)), 0);
    ui_text_compose(t, s, UI_PHASE_SHOWN);
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    EXPECT(png_image_begin_read_from_file(&img, path));
    EXPECT_EQ(img.width, 720);
    EXPECT_EQ(img.height, 400);
    img.format = PNG_FORMAT_RGB;
    rgb = malloc(PNG_IMAGE_SIZE(img));
    EXPECT(png_image_finish_read(&img, NULL, rgb, 0, NULL));
    for (int i = 0; i < 720 * 400; i++)
        bad += ((uint32_t)rgb[3 * i] << 16 | rgb[3 * i + 1] << 8 | rgb[3 * i + 2]) !=
               (t->fb[i] & 0xFFFFFF);
    EXPECT_EQ(bad, 0);
    EXPECT(ui_png_write("/nonexistent-dir/x.png", t->fb, 720, 400, err, sizeof(err)) < 0);
    EXPECT(strstr(err, "No such file or directory") != NULL);
    free(rgb);
    unlink(path);
    text_free(t);
    free(s);
}

TEST_MAIN(T(test_atlas_vga_glyph_matches_ibm_vga_rom), T(test_atlas_8x8_glyph_matches_ibm_rom),
          T(test_atlas_ninth_column_repeats_only_for_c0_to_df), T(test_atlas_has_every_cp437_glyph),
          T(test_compose_character_in_vga_colours_at_its_cell),
          T(test_compose_box_lines_join_across_cells),
          T(test_compose_blink_hides_glyph_or_gives_bright_background),
          T(test_compose_mono_attributes), T(test_compose_cursor_lines_and_blink),
          T(test_compose_modes_geometry), T(test_compose_redraws_only_changed_cells),
          T(test_fit_keeps_4_3_and_letterboxes), T(test_blink_phases_follow_vga_frame_counts),
          T(test_screenshot_png_reads_back_pixel_for_pixel))
