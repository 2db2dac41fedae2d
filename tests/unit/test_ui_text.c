/* The window's picture without a window, from frames a machine captured: the glyphs
 * of the frame's font RAM (IBM's at power-on, a program's after a load, two maps), the
 * 9th dot, the frame's colours, attributes, blink, the cursor, the text modes' geometry
 * (40 columns, 50 and 100 rows, double scanning), graphics frames, the cells redrawn,
 * the 4:3 fit, and PNG screenshots read back with libpng. */
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "ui/sdl.h"

static struct ui_text *text_new(void)
{
    struct ui_text *t = malloc(sizeof(*t));

    if (!t)
        abort();
    ui_text_init(t);
    return t;
}

static void text_free(struct ui_text *t)
{
    ui_text_fini(t);
    free(t);
}

/* An 80x25 colour screen of blanks in grey on black, the cursor off. */
static struct display_frame *snap_new(void)
{
    struct display_frame *s = test_text_frame(16);

    s->cursor_visible = false;
    s->cursor_start = 13;
    s->cursor_end = 14;
    for (int i = 0; i < DISPLAY_MAX_CELLS; i++)
        s->cells[i] = 0x0720;
    return s;
}

static void put(struct display_frame *s, int row, int col, uint8_t ch, uint8_t attr)
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
        if (px(t, col * t->cell_w + x * t->xdup, row * t->cell_h + line) == fg)
            bits |= (uint8_t)(0x80 >> x);
    return bits;
}

TEST(test_glyphs_are_the_frames_font_ibm_vga_at_power_on)
{
    /* 'A' in the IBM VGA BIOS's 8x16 font. */
    static const uint8_t rom_a[16] = {0x00, 0x00, 0x10, 0x38, 0x6C, 0xC6, 0xC6, 0xFE,
                                      0xC6, 0xC6, 0xC6, 0xC6, 0x00, 0x00, 0x00, 0x00};
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();

    EXPECT_EQ(s->cell_h, 16);
    EXPECT_EQ(s->cell_w, 9);
    put(s, 0, 0, 'A', 0x0F);
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    for (int y = 0; y < 16; y++)
        EXPECT_EQ(cell_row_bits(t, 0, 0, y, 0xFFFFFFFF), rom_a[y]);
    text_free(t);
    free(s);
}

TEST(test_glyphs_8x8_after_int10_1112h)
{
    static const uint8_t rom_a[8] = {0x30, 0x78, 0xCC, 0xCC, 0xFC, 0xCC, 0xCC, 0x00};
    struct ui_text *t = text_new();
    struct display_frame *s = test_text_frame(8);

    EXPECT_EQ(s->cell_h, 8);
    EXPECT_EQ(s->rows, 50);
    s->cells[49 * 80] = 'A' | 0x0F00;
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    for (int y = 0; y < 8; y++)
        EXPECT_EQ(cell_row_bits(t, 49, 0, y, 0xFFFFFFFF), rom_a[y]);
    text_free(t);
    free(s);
}

TEST(test_ninth_dot_repeats_the_eighth_only_for_c0_to_df_with_line_graphics)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();
    int lit_ninth = 0;

    for (int c = 0; c < 256; c++)
        put(s, c / 80, c % 80, (uint8_t)c, 0x0F);
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    for (int c = 0; c < 256; c++)
        for (int y = 0; y < 16; y++) {
            int x = (c % 80) * 9, row = c / 80;
            bool eighth = px(t, x + 7, row * 16 + y) == 0xFFFFFFFF;
            bool ninth = px(t, x + 8, row * 16 + y) == 0xFFFFFFFF;
            if (c >= 0xC0 && c <= 0xDF)
                EXPECT_EQ(ninth, eighth);
            else
                EXPECT_EQ(ninth, 0);
            lit_ninth += ninth;
        }
    EXPECT(lit_ninth > 20);
    /* Without the line-graphics bit (attribute mode control bit 2): background. */
    s->line_graphics = false;
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(px(t, (0xC4 % 80) * 9 + 8, (0xC4 / 80) * 16 + 7), 0xFF000000);
    EXPECT_EQ(px(t, (0xC4 % 80) * 9 + 7, (0xC4 / 80) * 16 + 7), 0xFFFFFFFF);
    /* 8-dot cells: 640 dots. */
    s->cell_w = 8;
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(t->w, 640);
    EXPECT_EQ(cell_row_bits(t, 0, 'A', 5, 0xFFFFFFFF), s->fonts[1]['A'][5]);
    text_free(t);
    free(s);
}

TEST(test_font_change_redraws_the_cells_with_the_new_glyphs)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();

    put(s, 1, 1, 'A', 0x0F);
    put(s, 1, 2, 'B', 0x0F);
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    for (int y = 0; y < 16; y++)
        s->fonts[0]['A'][y] = s->fonts[1]['A'][y] = (uint8_t)(0x80 >> (y & 7));
    s->font_gen++; /* what a load into font RAM does */
    EXPECT(ui_text_compose(t, s, DISPLAY_PHASE_SHOWN));
    for (int y = 0; y < 16; y++)
        EXPECT_EQ(cell_row_bits(t, 1, 1, y, 0xFFFFFFFF), 0x80 >> (y & 7));
    EXPECT_EQ(cell_row_bits(t, 1, 2, 5, 0xFFFFFFFF), s->fonts[1]['B'][5]);
    /* The common path: the same generation, nothing to draw. */
    EXPECT(!ui_text_compose(t, s, DISPLAY_PHASE_SHOWN));
    text_free(t);
    free(s);
}

TEST(test_attribute_bit_3_picks_font_map_a_when_two_are_shown)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();

    memset(s->fonts[1]['A'], 0xFF, DISPLAY_FONT_LINES); /* map A: a solid 'A' */
    s->font_gen++;
    put(s, 0, 0, 'A', 0x0F); /* bit 3 set: map A */
    put(s, 0, 1, 'A', 0x07); /* clear: map B */
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(cell_row_bits(t, 0, 0, 0, 0xFFFFFFFF), 0xFF);
    EXPECT_EQ(cell_row_bits(t, 0, 1, 5, 0xFFAAAAAA), s->fonts[0]['A'][5]);
    text_free(t);
    free(s);
}

TEST(test_colours_come_from_the_frames_palette)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();

    put(s, 0, 0, 0xDB, 0x01);
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(px(t, 4, 8), 0xFF0000AA);
    s->palette[1] = 0xFF123456; /* a DAC change */
    EXPECT(ui_text_compose(t, s, DISPLAY_PHASE_SHOWN));
    EXPECT_EQ(px(t, 4, 8), 0xFF123456);
    text_free(t);
    free(s);
}

TEST(test_compose_character_in_vga_colours_at_its_cell)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();

    put(s, 3, 10, 'A', 0x1E); /* yellow on blue */
    EXPECT(ui_text_compose(t, s, DISPLAY_PHASE_SHOWN));
    EXPECT_EQ(t->w, 720);
    EXPECT_EQ(t->h, 400);
    for (int y = 0; y < 16; y++)
        EXPECT_EQ(cell_row_bits(t, 3, 10, y, 0xFFFFFF55), s->fonts[1]['A'][y]);
    EXPECT_EQ(px(t, 10 * 9 + 8, 3 * 16 + 7), 0xFF0000AA); /* the 9th column: background */
    EXPECT_EQ(px(t, 10 * 9, 3 * 16), 0xFF0000AA);
    EXPECT_EQ(px(t, 11 * 9, 3 * 16), 0xFF000000); /* the next cell: black */
    for (int i = 0; i < 16; i++) {
        put(s, 5, i, 0xDB, (uint8_t)i);
    }
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    for (int i = 0; i < 16; i++)
        EXPECT_EQ(px(t, i * 9 + 4, 5 * 16 + 8), test_vga_palette[i]);
    EXPECT_EQ(test_vga_palette[6], 0xFFAA5500); /* brown, not dark yellow */
    text_free(t);
    free(s);
}

TEST(test_compose_box_lines_join_across_cells)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();
    int y_line = -1;

    put(s, 2, 0, 0xDA, 0x07);
    for (int c = 1; c < 20; c++)
        put(s, 2, c, 0xC4, 0x07);
    put(s, 2, 20, 0xBF, 0x07);
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
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
    struct display_frame *s = snap_new();

    put(s, 0, 0, 0xDB, 0x9C); /* blinking bright red on blue */
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(px(t, 4, 8), 0xFFFF5555);
    ui_text_compose(t, s, DISPLAY_PHASE_CURSOR); /* blinking characters off */
    EXPECT_EQ(px(t, 4, 8), 0xFF0000AA);
    s->blink = false; /* int 10h 1003h BL=0: bit 7 is a bright background */
    put(s, 0, 0, ' ', 0x9C);
    ui_text_compose(t, s, DISPLAY_PHASE_CURSOR);
    EXPECT_EQ(px(t, 4, 8), 0xFF5555FF);
    text_free(t);
    free(s);
}

TEST(test_compose_mono_attributes)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();

    s->mono = true;
    put(s, 0, 0, 0xDB, 0x07); /* normal */
    put(s, 0, 1, 0xDB, 0x0F); /* bright */
    put(s, 0, 2, ' ', 0x70);  /* reverse */
    put(s, 0, 3, 0xDB, 0x00); /* non-display */
    put(s, 0, 4, ' ', 0x01);  /* underline */
    put(s, 0, 5, 0xDB, 0x1F); /* colour bits mean nothing in mode 7: bright */
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
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
    struct display_frame *s = snap_new();

    put(s, 12, 40, ' ', 0x0E);
    s->cursor_visible = true;
    s->cursor_row = 12;
    s->cursor_col = 40;
    s->cursor_start = 13;
    s->cursor_end = 14;
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 9; x++)
            EXPECT_EQ(px(t, 40 * 9 + x, 12 * 16 + y), y == 13 || y == 14 ? 0xFFFFFF55 : 0xFF000000);
    ui_text_compose(t, s, DISPLAY_PHASE_TEXT); /* the cursor's off phase */
    EXPECT_EQ(px(t, 40 * 9, 12 * 16 + 13), 0xFF000000);
    s->cursor_start = 14; /* a VGA shows nothing when start > end */
    s->cursor_end = 2;
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(px(t, 40 * 9, 12 * 16 + 14), 0xFF000000);
    s->cursor_start = 0;
    s->cursor_end = 31; /* clipped to the cell */
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(px(t, 40 * 9, 12 * 16), 0xFFFFFF55);
    EXPECT_EQ(px(t, 40 * 9, 12 * 16 + 15), 0xFFFFFF55);
    EXPECT_EQ(px(t, 40 * 9, 13 * 16), 0xFF000000);
    s->cursor_visible = false;
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(px(t, 40 * 9, 12 * 16 + 13), 0xFF000000);
    text_free(t);
    free(s);
}

TEST(test_compose_modes_geometry)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new(), *s8 = test_text_frame(8);

    /* 40 columns: the same 720 dots, each doubled. */
    s->cols = 40;
    s->wide_dots = true;
    put(s, 0, 39, 'A', 0x0F);
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(t->w, 720);
    EXPECT_EQ(t->h, 400);
    EXPECT_EQ(t->cell_w, 18);
    EXPECT_EQ(cell_row_bits(t, 0, 39, 5, 0xFFFFFFFF), 0xC6);
    EXPECT_EQ(px(t, 39 * 18 + 1, 5), px(t, 39 * 18, 5)); /* doubled dots */
    /* 50 rows of 8 lines with the 8x8 font. */
    s8->cells[49 * 80 + 79] = 'A' | 0x0F00;
    ui_text_compose(t, s8, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(t->h, 400);
    for (int y = 0; y < 8; y++)
        EXPECT_EQ(cell_row_bits(t, 49, 79, y, 0xFFFFFFFF), s8->fonts[1]['A'][y]);
    /* 43 rows of 8 lines: a 350-line display. */
    s8->rows = 43;
    ui_text_compose(t, s8, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(t->h, 350);
    /* 100 rows of 4 lines (the max scan line trick): the glyphs' top 4 lines. */
    s->cols = 80;
    s->wide_dots = false;
    s->rows = 100;
    s->cell_h = 4;
    put(s, 99, 0, 0xDB, 0x0E);
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(t->h, 400);
    EXPECT_EQ(px(t, 4, 99 * 4 + 3), 0xFFFFFF55);
    /* 200 lines: 2-line cells, every line twice. */
    s->cell_h = 2;
    s->double_scan = true;
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(t->cell_h, 4);
    EXPECT_EQ(px(t, 4, 99 * 4 + 3), 0xFFFFFF55);
    /* A planar graphics mode is not shown: black. */
    s->kind = DISPLAY_UNSUPPORTED;
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(t->w, 720);
    EXPECT_EQ(px(t, 2, 99 * 4 + 2), 0xFF000000);
    text_free(t);
    free(s);
    free(s8);
}

TEST(test_compose_graphics_frame_through_its_palette)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();
    int y0, y1;

    s->kind = DISPLAY_GRAPHICS;
    s->width = 320;
    s->height = 200;
    memset(s->pixels, 0, sizeof(s->pixels));
    s->pixels[0] = 40;
    s->pixels[199 * 320 + 319] = 255;
    s->palette[40] = 0xFFFF0000;
    s->palette[255] = 0xFF00FF00;
    EXPECT(ui_text_compose(t, s, DISPLAY_PHASE_SHOWN));
    EXPECT_EQ(t->w, 320);
    EXPECT_EQ(t->h, 200);
    EXPECT_EQ(px(t, 0, 0), 0xFFFF0000);
    EXPECT_EQ(px(t, 319, 199), 0xFF00FF00);
    EXPECT_EQ(px(t, 1, 0), s->palette[0]);
    EXPECT(ui_text_take_dirty(t, &y0, &y1));
    EXPECT(!ui_text_compose(t, s, DISPLAY_PHASE_SHOWN)); /* unchanged */
    s->palette[40] = 0xFF0000FF;                         /* a palette fade */
    EXPECT(ui_text_compose(t, s, DISPLAY_PHASE_SHOWN));
    EXPECT_EQ(px(t, 0, 0), 0xFF0000FF);
    text_free(t);
    free(s);
}

TEST(test_compose_redraws_only_changed_cells)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();
    int y0, y1;

    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    EXPECT(ui_text_take_dirty(t, &y0, &y1));
    EXPECT(!ui_text_compose(t, s, DISPLAY_PHASE_SHOWN));
    EXPECT(!ui_text_take_dirty(t, &y0, &y1));
    put(s, 7, 3, 'x', 0x07);
    EXPECT(ui_text_compose(t, s, DISPLAY_PHASE_SHOWN));
    EXPECT(ui_text_take_dirty(t, &y0, &y1));
    EXPECT_EQ(y0, 7 * 16);
    EXPECT_EQ(y1, 8 * 16);
    /* A blink phase change redraws only cells that blink. */
    put(s, 9, 3, 'x', 0x87);
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    ui_text_take_dirty(t, &y0, &y1);
    EXPECT(ui_text_compose(t, s, DISPLAY_PHASE_CURSOR));
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
    EXPECT_EQ(display_blink_phase(0000000ull), DISPLAY_PHASE_SHOWN);
    EXPECT_EQ(display_blink_phase(120000000ull), DISPLAY_PHASE_TEXT);
    EXPECT_EQ(display_blink_phase(240000000ull), DISPLAY_PHASE_CURSOR);
    EXPECT_EQ(display_blink_phase(350000000ull), 0);
    EXPECT_EQ(display_blink_phase(460000000ull), DISPLAY_PHASE_SHOWN);
}

TEST(test_screenshot_png_reads_back_pixel_for_pixel)
{
    struct ui_text *t = text_new();
    struct display_frame *s = snap_new();
    char path[] = "/tmp/hvdos-png-XXXXXX", err[256];
    png_image img;
    uint8_t *rgb;
    int fd = mkstemp(path), bad = 0;

    EXPECT(fd >= 0);
    close(fd);
    for (int i = 0; i < 80 * 25; i++)
        s->cells[i] = (uint16_t)((i & 0xFF) | ((i * 7) & 0x7F) << 8);
    EXPECT_EQ(ui_screenshot_write(s, path, err, sizeof(err)), 0);
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
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

TEST_MAIN(T(test_glyphs_are_the_frames_font_ibm_vga_at_power_on),
          T(test_glyphs_8x8_after_int10_1112h),
          T(test_ninth_dot_repeats_the_eighth_only_for_c0_to_df_with_line_graphics),
          T(test_font_change_redraws_the_cells_with_the_new_glyphs),
          T(test_attribute_bit_3_picks_font_map_a_when_two_are_shown),
          T(test_colours_come_from_the_frames_palette),
          T(test_compose_graphics_frame_through_its_palette),
          T(test_compose_character_in_vga_colours_at_its_cell),
          T(test_compose_box_lines_join_across_cells),
          T(test_compose_blink_hides_glyph_or_gives_bright_background),
          T(test_compose_mono_attributes), T(test_compose_cursor_lines_and_blink),
          T(test_compose_modes_geometry), T(test_compose_redraws_only_changed_cells),
          T(test_fit_keeps_4_3_and_letterboxes), T(test_blink_phases_follow_vga_frame_counts),
          T(test_screenshot_png_reads_back_pixel_for_pixel))
