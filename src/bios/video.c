/* Video as the BIOS keeps it: the mode, pages and cursors in the BDA, the characters
 * in video memory, the registers and font RAM in the video device (hw/vga.h), which
 * the BIOS programs as a VGA BIOS does. int 10h and the DOS console both write through
 * here. */
#include <stdlib.h>
#include <string.h>

#include "bios/bda.h"
#include "bios/bios.h"
#include "hw/vga.h"

/* The modes int 10h 00h sets: text, the graphics modes drawn (bpp 1, 2, 8), and the
 * planar EGA/VGA ones, which are programmed but not drawn (drawn false). */
struct video_mode_info {
    uint8_t cols, rows, char_h, mono, text, bpp, drawn;
    uint16_t page_size;
};

static bool video_mode_info(uint8_t mode, struct video_mode_info *i)
{
    static const struct {
        uint8_t mode;
        struct video_mode_info info;
    } modes[] = {
        {0x00, {40, 25, 16, 0, 1, 0, 1, 0x0800}}, {0x01, {40, 25, 16, 0, 1, 0, 1, 0x0800}},
        {0x02, {80, 25, 16, 0, 1, 0, 1, 0x1000}}, {0x03, {80, 25, 16, 0, 1, 0, 1, 0x1000}},
        {0x07, {80, 25, 16, 1, 1, 0, 1, 0x1000}}, {0x04, {40, 25, 8, 0, 0, 2, 1, 0x4000}},
        {0x05, {40, 25, 8, 0, 0, 2, 1, 0x4000}},  {0x06, {80, 25, 8, 0, 0, 1, 1, 0x4000}},
        {0x0D, {40, 25, 8, 0, 0, 4, 0, 0x2000}},  {0x0E, {80, 25, 8, 0, 0, 4, 0, 0x4000}},
        {0x0F, {80, 25, 14, 1, 0, 4, 0, 0x8000}}, {0x10, {80, 25, 14, 0, 0, 4, 0, 0x8000}},
        {0x11, {80, 30, 16, 0, 0, 4, 0, 0xA000}}, {0x12, {80, 30, 16, 0, 0, 4, 0, 0xA000}},
        {0x13, {40, 25, 8, 0, 0, 8, 1, 0xFA00}},
    };

    for (size_t k = 0; k < sizeof(modes) / sizeof(modes[0]); k++)
        if (modes[k].mode == mode) {
            *i = modes[k].info;
            return true;
        }
    return false;
}

/* The graphics mode drawn now: its size and bits a pixel; false in text or planar. */
static bool video_gfx(const struct machine *m, unsigned *w, unsigned *h, unsigned *bpp)
{
    struct video_mode_info i;

    if (!video_mode_info(bda_read8(m, BDA_VIDEO_MODE), &i) || i.text || !i.drawn)
        return false;
    *bpp = i.bpp;
    *w = i.bpp == 1 ? 640 : 320;
    *h = 200;
    return true;
}

/* A pixel's byte in video memory and its shift: CGA modes interleave even and odd
 * lines 8 KiB apart; 13h is a byte a pixel. */
static uint32_t video_pixel_addr(unsigned bpp, unsigned x, unsigned y, unsigned *shift)
{
    if (bpp == 8) {
        *shift = 0;
        return 0xA0000u + y * 320 + x;
    }
    *shift = bpp == 2 ? 6 - 2 * (x & 3) : 7 - (x & 7);
    return 0xB8000u + (y & 1) * 0x2000u + (y >> 1) * 80 + x * bpp / 8;
}

bool video_pixel_get(const struct machine *m, unsigned x, unsigned y, uint8_t *colour)
{
    unsigned w, h, bpp, shift;
    uint32_t a;

    if (!video_gfx(m, &w, &h, &bpp) || x >= w || y >= h)
        return false;
    a = video_pixel_addr(bpp, x, y, &shift);
    *colour = (uint8_t)((m->mem.ram[a] >> shift) & ((1u << bpp) - 1));
    return true;
}

/* Bit 7 of the colour XORs in the CGA modes, as the BIOS does. */
bool video_pixel_set(struct machine *m, unsigned x, unsigned y, uint8_t colour)
{
    unsigned w, h, bpp, shift, mask;
    uint32_t a;

    if (!video_gfx(m, &w, &h, &bpp) || x >= w || y >= h)
        return false;
    a = video_pixel_addr(bpp, x, y, &shift);
    if (bpp == 8) {
        m->mem.ram[a] = colour;
        return true;
    }
    mask = ((1u << bpp) - 1) << shift;
    if (colour & 0x80)
        m->mem.ram[a] ^= (uint8_t)(((colour & ((1u << bpp) - 1)) << shift) & mask);
    else
        m->mem.ram[a] = (uint8_t)((m->mem.ram[a] & ~mask) | ((colour << shift) & mask));
    return true;
}

/* A character in a graphics mode, drawn with the font as the BIOS does: int 43h's
 * glyphs (and int 1Fh's for 80h-FFh in the CGA modes), in colour `fg` on 0. */
bool video_graphics(const struct machine *m)
{
    unsigned w, h, bpp;

    return video_gfx(m, &w, &h, &bpp);
}

void video_draw_char(struct machine *m, unsigned row, unsigned col, uint8_t ch, uint8_t fg)
{
    unsigned w, h, bpp, height = bda_read16(m, BDA_CHAR_HEIGHT);
    uint32_t font = mem_rd32(&m->mem, 0x43 * 4), base;

    if (!video_gfx(m, &w, &h, &bpp))
        return;
    if (height < 1 || height > 16)
        height = 8;
    if (ch >= 0x80 && bpp != 8) {
        font = mem_rd32(&m->mem, 0x1F * 4);
        ch = (uint8_t)(ch - 0x80);
    }
    base = cpu_linear((uint16_t)(font >> 16), (uint16_t)font) + (uint32_t)ch * height;
    for (unsigned y = 0; y < height; y++) {
        uint8_t bits = mem_rd8(&m->mem, base + y);
        for (unsigned x = 0; x < 8; x++) {
            bool on = bits & (0x80 >> x);
            if ((fg & 0x80) && bpp != 8 && !on)
                continue; /* XOR leaves the background */
            video_pixel_set(m, col * 8 + x, row * height + y, on ? fg : (uint8_t)0);
        }
    }
}

/* The character drawn at a cell of a graphics mode, found as the BIOS finds it: the
 * cell's lit pixels (any colour but 0) against each glyph of the graphics font; 0 if
 * none matches. */
uint8_t video_read_char(const struct machine *m, unsigned row, unsigned col)
{
    unsigned w, h, bpp, height = bda_read16(m, BDA_CHAR_HEIGHT);
    uint8_t cell[16];

    if (!video_gfx(m, &w, &h, &bpp))
        return 0;
    if (height < 1 || height > 16)
        height = 8;
    for (unsigned y = 0; y < height; y++) {
        cell[y] = 0;
        for (unsigned x = 0; x < 8; x++) {
            uint8_t c = 0;
            video_pixel_get(m, col * 8 + x, row * height + y, &c);
            if (c)
                cell[y] |= (uint8_t)(0x80 >> x);
        }
    }
    for (unsigned ch = 0; ch < 256; ch++) {
        uint32_t font = mem_rd32(&m->mem, ch >= 0x80 && bpp != 8 ? 0x1F * 4 : 0x43 * 4);
        uint32_t base = cpu_linear((uint16_t)(font >> 16), (uint16_t)font) +
                        (ch >= 0x80 && bpp != 8 ? ch - 0x80 : ch) * height;
        unsigned y = 0;
        while (y < height && mem_rd8(&m->mem, base + y) == cell[y])
            y++;
        if (y == height)
            return (uint8_t)ch;
    }
    return 0;
}

/* Scrolls a window of character cells in a graphics mode, pixel row by pixel row. */
static void video_gfx_scroll(struct machine *m, int lines, uint8_t fill, unsigned top,
                             unsigned left, unsigned bottom, unsigned right)
{
    unsigned w, h, bpp, ch = bda_read16(m, BDA_CHAR_HEIGHT);
    unsigned n = lines < 0 ? (unsigned)-lines : (unsigned)lines, height = bottom - top + 1;

    if (!video_gfx(m, &w, &h, &bpp))
        return;
    if (ch < 1 || ch > 16)
        ch = 8;
    if (n == 0 || n > height)
        n = height;
    for (unsigned i = 0; i < height * ch; i++) {
        unsigned y = lines >= 0 ? top * ch + i : (bottom + 1) * ch - 1 - i;
        unsigned from = lines >= 0 ? y + n * ch : y - n * ch;
        bool keep = i + n * ch < height * ch;
        for (unsigned x = left * 8; x < (right + 1) * 8; x++) {
            uint8_t c = 0;
            if (keep)
                video_pixel_get(m, x, from, &c);
            else
                c = (uint8_t)(fill & 0x7F);
            video_pixel_set(m, x, y, c);
        }
    }
}

unsigned video_rows(const struct machine *m)
{
    return bda_read8(m, BDA_VIDEO_ROWS) + 1u;
}

unsigned video_cols(const struct machine *m)
{
    unsigned cols = bda_read16(m, BDA_VIDEO_COLS);
    return cols ? cols : 80;
}

static uint32_t video_base(const struct machine *m)
{
    return bda_read8(m, BDA_VIDEO_MODE) == 7 ? 0xB0000u : 0xB8000u;
}

uint32_t video_cell(const struct machine *m, uint8_t page, unsigned row, unsigned col)
{
    uint32_t page_size = bda_read16(m, BDA_VIDEO_PAGE_SIZE);
    return video_base(m) + (page & 7) * page_size + (row * video_cols(m) + col) * 2;
}

void video_get_cursor(const struct machine *m, uint8_t page, uint8_t *row, uint8_t *col)
{
    uint16_t pos = bda_read16(m, (enum bda_field)(BDA_CURSOR_POS + (page & 7) * 2));
    *col = (uint8_t)pos;
    *row = (uint8_t)(pos >> 8);
}

/* The CRTC shows the active page: its start address and the cursor there. */
void video_sync_crtc(struct machine *m)
{
    uint8_t page = bda_read8(m, BDA_VIDEO_PAGE), row, col;
    uint16_t start = (uint16_t)(bda_read16(m, BDA_VIDEO_PAGE_OFF) / 2);
    uint16_t pos;

    video_get_cursor(m, page, &row, &col);
    pos = (uint16_t)(start + row * video_cols(m) + col);
    vga_crtc_set(m, CRTC_START_HI, (uint8_t)(start >> 8));
    vga_crtc_set(m, CRTC_START_LO, (uint8_t)start);
    vga_crtc_set(m, CRTC_CURSOR_HI, (uint8_t)(pos >> 8));
    vga_crtc_set(m, CRTC_CURSOR_LO, (uint8_t)pos);
}

void video_set_cursor(struct machine *m, uint8_t page, uint8_t row, uint8_t col)
{
    bda_write16(m, (enum bda_field)(BDA_CURSOR_POS + (page & 7) * 2), (uint16_t)(row << 8 | col));
    if ((page & 7) == bda_read8(m, BDA_VIDEO_PAGE))
        video_sync_crtc(m);
}

/* Page size in the regen buffer: rows * cols cells, rounded up to 256 bytes. */
static uint16_t video_page_size(unsigned rows, unsigned cols)
{
    return (uint16_t)((rows * cols * 2 + 0xFF) & ~0xFFu);
}

void video_set_rows(struct machine *m, unsigned rows, unsigned char_height)
{
    bda_write8(m, BDA_VIDEO_ROWS, (uint8_t)(rows - 1));
    bda_write16(m, BDA_CHAR_HEIGHT, (uint16_t)char_height);
    bda_write16(m, BDA_VIDEO_PAGE_SIZE, video_page_size(rows, video_cols(m)));
    bda_write16(m, BDA_VIDEO_PAGE_OFF,
                (uint16_t)(bda_read8(m, BDA_VIDEO_PAGE) * bda_read16(m, BDA_VIDEO_PAGE_SIZE)));
    bda_write16(
        m, BDA_CURSOR_SHAPE,
        (uint16_t)(vga_crtc_get(m, CRTC_CURSOR_START) << 8 | vga_crtc_get(m, CRTC_CURSOR_END)));
    video_sync_crtc(m);
}

void video_set_cursor_shape(struct machine *m, uint8_t start, uint8_t end)
{
    unsigned h = bda_read16(m, BDA_CHAR_HEIGHT);

    bda_write16(m, BDA_CURSOR_SHAPE, (uint16_t)(start << 8 | end));
    if ((start & 0x60) == 0x20) { /* invisible */
        vga_crtc_set(m, CRTC_CURSOR_START, 0x20);
        return;
    }
    /* Cursor emulation (0040:0087 bit 0 clear): shapes given for the CGA's 8-line
     * cells are scaled to the character height, as a VGA BIOS does. */
    if (!(bda_read8(m, BDA_VIDEO_EGA_MISC) & 0x01) && h > 8 && start < 8 && end < 8) {
        if (end < start) {
            start = (uint8_t)end;
            end = (uint8_t)(h - 1);
        } else {
            start = (uint8_t)(start * h / 8);
            end = (uint8_t)((end + 1) * h / 8 - 1);
            if (end >= h - 1 && h > 8)
                end = (uint8_t)(h - 2);
            if (start > end)
                start = end;
        }
    }
    vga_crtc_set(m, CRTC_CURSOR_START, (uint8_t)(start & 0x1F));
    vga_crtc_set(m, CRTC_CURSOR_END, (uint8_t)(end & 0x1F));
}

/* The ROM font of `height` lines (8, 14 or 16) into font RAM map `block`, with the
 * 9-dot alternates when the cells are 9 dots wide, as a VGA BIOS loads it. */
void video_load_rom_font(struct machine *m, unsigned block, unsigned height)
{
    uint16_t off = height == 16   ? m->rom.font_8x16
                   : height == 14 ? m->rom.font_8x14
                                  : m->rom.font_8x8;
    uint16_t alt = height == 16 ? m->rom.font_9x16 : height == 14 ? m->rom.font_9x14 : 0;
    uint32_t base = (uint32_t)ROM_SEG << 4;
    uint8_t glyphs[256 * 16];

    if (height != 16 && height != 14)
        height = 8;
    for (unsigned i = 0; i < 256 * height; i++)
        glyphs[i] = mem_rd8(&m->mem, base + off + i);
    vga_font_load(m, block, 0, 256, height, glyphs);
    if (!alt || (vga_seq_get(m, 1) & 0x01))
        return;
    for (uint32_t a = base + alt; mem_rd8(&m->mem, a) && a < base + 0x10000u; a += height + 1) {
        for (unsigned y = 0; y < height; y++)
            glyphs[y] = mem_rd8(&m->mem, a + 1 + y);
        vga_font_load(m, block, mem_rd8(&m->mem, a), 1, height, glyphs);
    }
}

void video_set_mode(struct machine *m, uint8_t mode)
{
    bool clear = !(mode & 0x80);
    struct video_mode_info info;
    enum vga_lines lines = m->bios->video_lines;
    uint16_t equip;

    mode &= 0x7F;
    if (!video_mode_info(mode, &info)) {
        log_debug(&m->log, LOG_VIDEO, "int 10h: there is no video mode %02Xh: nothing set", mode);
        return;
    }
    if (!info.drawn)
        log_debug(&m->log, LOG_VIDEO,
                  "int 10h: video mode %02Xh (planar EGA/VGA graphics) is set but not drawn", mode);
    if (info.text) {
        if (info.mono && lines == VGA_LINES_200)
            lines = VGA_LINES_350;
        vga_set_text_mode(m, info.cols, info.mono, lines);
        info.char_h = lines == VGA_LINES_400 ? 16 : lines == VGA_LINES_350 ? 14 : 8;
        video_load_rom_font(m, 0, info.char_h);
    } else {
        vga_set_graphics_mode(m, mode);
        /* The graphics font for characters drawn in this mode. */
        mem_wr32(&m->mem, 0x43 * 4,
                 (uint32_t)ROM_SEG << 16 | (info.char_h == 16   ? m->rom.font_8x16
                                            : info.char_h == 14 ? m->rom.font_8x14
                                                                : m->rom.font_8x8));
    }
    bda_write8(m, BDA_VIDEO_MODE, mode);
    bda_write16(m, BDA_VIDEO_COLS, info.cols);
    bda_write16(m, BDA_VIDEO_PAGE_SIZE, info.page_size);
    bda_write16(m, BDA_VIDEO_PAGE_OFF, 0);
    for (uint8_t p = 0; p < 8; p++)
        video_set_cursor(m, p, 0, 0);
    bda_write8(m, BDA_VIDEO_PAGE, 0);
    bda_write16(m, BDA_CRTC_BASE, info.mono ? 0x3B4 : 0x3D4);
    bda_write16(m, BDA_CURSOR_SHAPE, info.mono ? 0x0B0C : 0x0607);
    bda_write8(m, BDA_VIDEO_MODE_CTL,
               mode == 0x06 ? 0x1E
               : info.text  ? (info.cols == 40 ? 0x28 : 0x29)
                            : 0x2A);
    bda_write8(m, BDA_VIDEO_PALETTE, mode == 0x06 ? 0x3F : 0x30);
    bda_write8(m, BDA_VIDEO_ROWS, (uint8_t)(info.rows - 1));
    bda_write16(m, BDA_CHAR_HEIGHT, info.char_h);
    bda_write8(m, BDA_VIDEO_EGA_MISC, (uint8_t)(0x60 | (clear ? 0 : 0x80)));
    bda_write8(m, BDA_VIDEO_EGA_SWITCHES, 0x09);
    /* VGA active, palette loading on; bits 7 and 4: 200, 350 or 400 lines. */
    bda_write8(m, BDA_VIDEO_VGA_FLAGS,
               m->bios->video_lines == VGA_LINES_400   ? 0x51
               : m->bios->video_lines == VGA_LINES_350 ? 0x41
                                                       : 0xC1);
    bda_write8(m, BDA_VIDEO_DCC, 0x08);
    equip = bda_read16(m, BDA_EQUIPMENT) & ~0x30u;
    equip |= info.mono ? 0x30 : info.cols == 40 ? 0x10 : 0x20;
    bda_write16(m, BDA_EQUIPMENT, equip);
    if (info.text)
        video_sync_crtc(m);
    if (clear && info.text) {
        uint32_t base = info.mono ? 0xB0000u : 0xB8000u;
        for (uint32_t a = base; a < base + 0x8000u; a += 2) {
            m->mem.ram[a] = ' ';
            m->mem.ram[a + 1] = 0x07;
        }
    } else if (clear) {
        uint32_t base = info.bpp == 1 || info.bpp == 2 ? 0xB8000u : 0xA0000u;
        memset(m->mem.ram + base, 0, base == 0xB8000u ? 0x8000u : 0x10000u);
    }
}

void video_scroll(struct machine *m, int lines, uint8_t attr, uint8_t top, uint8_t left,
                  uint8_t bottom, uint8_t right, uint8_t page)
{
    unsigned rows = video_rows(m), cols = video_cols(m);
    unsigned height, width, n;

    if (bottom >= rows)
        bottom = (uint8_t)(rows - 1);
    if (right >= cols)
        right = (uint8_t)(cols - 1);
    if (top > bottom || left > right)
        return;
    if (bda_read8(m, BDA_VIDEO_MODE) > 3 && bda_read8(m, BDA_VIDEO_MODE) != 7) {
        video_gfx_scroll(m, lines, attr, top, left, bottom, right);
        return;
    }
    height = bottom - top + 1u;
    width = right - left + 1u;
    n = lines < 0 ? (unsigned)-lines : (unsigned)lines;
    if (n == 0 || n > height)
        n = height; /* 0 lines, or more than the window: clear it */
    for (unsigned i = 0; i < height; i++) {
        /* Scrolling up copies rows downwards-first; scrolling down, upwards-first. */
        unsigned row = lines >= 0 ? top + i : bottom - i;
        uint32_t dst = video_cell(m, page, row, left);
        if (i + n < height) {
            unsigned from = lines >= 0 ? row + n : row - n;
            memmove(m->mem.ram + dst, m->mem.ram + video_cell(m, page, from, left), width * 2);
        } else {
            for (unsigned c = 0; c < width; c++) {
                m->mem.ram[dst + c * 2] = ' ';
                m->mem.ram[dst + c * 2 + 1] = attr;
            }
        }
    }
}

void video_tty_out(struct machine *m, uint8_t page, uint8_t ch)
{
    video_tty_out_colour(m, page, ch, 0x07); /* DOS's CON asks for BX=0007h */
}

void video_tty_out_colour(struct machine *m, uint8_t page, uint8_t ch, uint8_t colour)
{
    unsigned rows = video_rows(m), cols = video_cols(m), w, h, bpp;
    bool gfx = video_gfx(m, &w, &h, &bpp);
    uint8_t row, col;

    video_get_cursor(m, page, &row, &col);
    switch (ch) {
    case 0x07: return; /* bell: no speaker in a text window */
    case 0x08:
        if (col > 0)
            col--;
        break;
    case 0x0A: row++; break;
    case 0x0D: col = 0; break;
    default: {
        if (gfx)
            video_draw_char(m, row, col, ch, colour);
        else
            m->mem.ram[video_cell(m, page, row, col)] = ch;
        if (++col >= cols) {
            col = 0;
            row++;
        }
    }
    }
    if (row >= rows) {
        /* The new line takes the attribute of the cell the cursor is on (in graphics,
         * colour 0). */
        uint8_t attr = gfx ? 0 : m->mem.ram[video_cell(m, page, rows - 1, col) + 1];
        video_scroll(m, 1, attr, 0, 0, (uint8_t)(rows - 1), (uint8_t)(cols - 1), page);
        row = (uint8_t)(rows - 1);
    }
    video_set_cursor(m, page, row, col);
}
