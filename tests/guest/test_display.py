"""The picture the video device makes, checked pixel by pixel in headless screenshots
(--screenshot: drawn in memory, no display) and in --dump-screen: the guest's fonts,
the DAC and the attribute palette, the CRTC's geometry, and the graphics modes 04h,
06h and 13h (tests/guest/display.asm draws each case)."""
import os

from guest import Suite, read_png, rom_glyphs

s = Suite()

BLACK, WHITE, YELLOW = 0x000000, 0xFFFFFF, 0xFFFF55


def shot(t, case, dump=False):
    """Runs display.com's case headless; returns (width, height, pixels) of its
    screenshot, and the --dump-screen rows when asked."""
    png = t.path('shot.png')
    options = ['--screenshot', png]
    if dump:
        options += ['--dump-screen', t.path('screen.txt')]
    r = t.run('display.com', case, options=options)
    if r.status != 0 and b'without SDL2' in r.stderr:
        t.skip('this hvdos cannot write screenshots')
    t.ok(r, b'PASS\r\n')
    w, h, px = read_png(png)
    if not dump:
        return w, h, px
    return w, h, px, open(t.path('screen.txt'), encoding='utf-8').read().split('\n')[:-1]


def glyph_at(px, x0, y0, lines, on, wide=1):
    """The 8 left dots of a cell's lines as bytes: bit set where the pixel is `on`."""
    return [sum(0x80 >> i for i in range(8) if px[y0 + y][x0 + i * wide] == on)
            for y in range(lines)]


@s.test
def custom_glyph_loaded_with_1100h_is_drawn_where_placed(t):
    w, h, px = shot(t, 'g')
    t.eq((w, h), (720, 400), 'picture')
    diag = [0x80, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01,
            0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80]
    t.eq(glyph_at(px, 3 * 9, 2 * 16, 16, WHITE), diag, 'glyph 80h at row 2, column 3')
    t.eq([px[2 * 16 + y][3 * 9 + 8] for y in range(16)], [BLACK] * 16, "80h's 9th dot")
    # C0h-DFh: the 9th dot repeats the 8th, so the loaded line reaches the next cell.
    t.eq([px[2 * 16 + y][5 * 9 + 8] for y in range(16)], [WHITE] * 16, "C0h's 9th dot")
    t.eq([px[2 * 16 + y][5 * 9 + 6] for y in range(16)], [BLACK] * 16, "C0h's 7th dot")


@s.test
def dac_set_by_1010h_and_ports_3c8h_3c9h_colours_the_screen(t):
    w, h, px = shot(t, 'd')
    t.eq('%06X' % px[8][4], 'FF0000', 'colour 1 after 1010h')
    # (16, 32, 48) of 63 on the 6-bit DAC.
    t.eq('%06X' % px[8][9 + 4], '4081C2', 'colour 2 after 3C8h/3C9h')
    t.eq('%06X' % px[8][18 + 4], '000000', 'the next cell')


@s.test
def blink_off_by_1003h_gives_bright_backgrounds(t):
    w, h, px = shot(t, 'b')
    t.eq('%06X' % px[8][4], 'FF5555', 'background C of attribute C0h')


def check_100_rows(t, case):
    w, h, px, rows = shot(t, case, dump=True)
    t.eq(len(rows), 100, 'rows in the dump')
    t.eq([r[0] for r in rows[:3]] + [rows[99][0]], ['A', 'B', 'C', chr(ord('A') + 99 % 26)])
    t.eq((w, h), (720, 400), 'picture')
    return px


@s.test
def max_scan_line_3_on_400_lines_shows_100_rows(t):
    px = check_100_rows(t, 'h')
    t.eq([px[99 * 4 + y][79 * 9 + 4] for y in range(4)], [YELLOW] * 4, 'the last row')


@s.test
def max_scan_line_1_with_double_scanning_shows_100_rows(t):
    px = check_100_rows(t, 'c')
    # Two-line cells, every line twice: 4 picture lines a row.
    t.eq([px[99 * 4 + y][79 * 9 + 4] for y in range(4)], [YELLOW] * 4, 'the last row')


@s.test
def mode_04h_draws_pixels_in_palette_0_on_the_background_of_int10_0bh(t):
    w, h, px = shot(t, '4')
    t.eq((w, h), (320, 200), 'picture')
    t.eq(['%06X' % px[0][x] for x in range(8)],
         ['00AA00', 'AA0000', 'AA5500', '0000AA', 'AA5500', 'AA0000', '00AA00', '0000AA'])
    t.eq('%06X' % px[1][0], 'AA5500', 'the odd line')


@s.test
def mode_04h_takes_palette_1_bright_from_port_3d9h(t):
    w, h, px = shot(t, 'q')
    t.eq(['%06X' % px[0][x] for x in range(8)],
         ['55FFFF', 'FF55FF', 'FFFFFF', '000000', 'FFFFFF', 'FF55FF', '55FFFF', '000000'])
    t.eq('%06X' % px[1][0], 'FFFFFF', 'the odd line')


@s.test
def mode_06h_draws_640x200_pixels(t):
    w, h, px = shot(t, '6')
    t.eq((w, h), (640, 200), 'picture')
    t.eq((px[0][0], px[199][639], px[0][1], px[1][639], px[1][638]),
         (WHITE, WHITE, BLACK, WHITE, BLACK))


@s.test
def mode_13h_draws_pixels_and_teletype_text_in_the_default_palette(t):
    w, h, px = shot(t, 'm')
    t.eq((w, h), (320, 200), 'picture')
    t.eq(['%06X' % p for p in (px[0][0], px[199][319], px[100][100], px[0][1])],
         ['AA0000', 'FF0000', 'FFFFFF', '000000'])
    cga = rom_glyphs('Px_IBM_CGA.ttf', 8)
    t.eq(glyph_at(px, 80, 80, 8, YELLOW), list(cga[ord('H')]), "'H' at row 10, column 10")
    t.eq(glyph_at(px, 88, 80, 8, YELLOW), list(cga[ord('i')]), "'i' after it")


@s.test
def font_8x8_gives_80x50_cells_of_8_lines(t):
    w, h, px, rows = shot(t, 'x', dump=True)
    t.eq((len(rows), len(rows[0])), (50, 80), 'the dump')
    t.eq((w, h), (720, 400), 'picture')
    cga = rom_glyphs('Px_IBM_CGA.ttf', 8)
    t.eq(glyph_at(px, 79 * 9, 49 * 8, 8, WHITE), list(cga[ord('A')]), "'A' at row 49")


@s.test
def mode_01h_gives_40x25_cells_of_doubled_dots(t):
    w, h, px, rows = shot(t, 'y', dump=True)
    t.eq((len(rows), len(rows[0])), (25, 40), 'the dump')
    t.eq((w, h), (720, 400), 'picture')
    vga = rom_glyphs('Px_IBM_VGA9.ttf', 16)
    t.eq(glyph_at(px, 39 * 18, 24 * 16, 16, WHITE, wide=2), list(vga[ord('A')]), "'A'")
    t.eq(glyph_at(px, 39 * 18 + 1, 24 * 16, 16, WHITE, wide=2), list(vga[ord('A')]),
         'every dot twice')


@s.test
def cursor_shape_written_to_the_crtc_is_drawn(t):
    w, h, px = shot(t, 'k')
    # Lines 2-5 of the cell at row 1, column 1, in the cell's foreground (yellow).
    got = [px[16 + y][9 + 4] for y in range(16)]
    t.eq(got, [BLACK] * 2 + [YELLOW] * 4 + [BLACK] * 10, 'cursor lines')


@s.test
def sequencer_8_dot_cells_give_640_dots(t):
    w, h, px = shot(t, '8')
    t.eq((w, h), (640, 400), 'picture')
    t.eq([px[8][x] for x in range(6, 18)], [BLACK] * 2 + [WHITE] * 8 + [BLACK] * 2,
         'the block at column 1: dots 8-15')


@s.test
def blink_off_through_port_3c0h_gives_bright_backgrounds(t):
    w, h, px = shot(t, 'a')
    t.eq('%06X' % px[8][4], 'FF5555', 'background C of attribute C0h')


@s.test
def attribute_bit_3_picks_font_map_a_after_int10_1103h(t):
    w, h, px = shot(t, '2')
    cga, vga = rom_glyphs('Px_IBM_CGA.ttf', 8), rom_glyphs('Px_IBM_VGA9.ttf', 16)
    t.eq(glyph_at(px, 0, 0, 8, WHITE), list(cga[ord('A')]), "map A's 8x8 'A'")
    t.eq(glyph_at(px, 9, 0, 16, 0xAAAAAA), list(vga[ord('A')]), "map B's 8x16 'A'")


@s.test
def int10_08h_reads_a_character_back_in_mode_13h(t):
    r = t.run('display.com', 'r')
    t.ok(r, b'PASS\r\n')


@s.test
def planar_mode_is_set_but_not_drawn_with_one_notice(t):
    r = t.run('display.com', 'p', options=['--debug=video'])
    t.ok(r, b'PASS\r\n')
    notes = [l for l in r.stderr.decode().splitlines() if 'not drawn' in l]
    t.eq(len(notes), 1, 'notices: %r' % r.stderr)
    t.check('12h' in notes[0], notes[0])


s.main()
