/* Text-mode video as the BIOS keeps it: the mode, pages and cursors in the BDA, the
 * characters in video memory. int 10h and the DOS console both write through here. */
#include <stdlib.h>
#include <string.h>

#include "bios/bda.h"
#include "bios/bios.h"
#include "hw/vga.h"
#include "machine/screen.h"

struct video_mode_info {
    uint8_t cols, mono, text;
};

static struct video_mode_info video_mode_info(uint8_t mode)
{
    switch (mode) {
    case 0x00:
    case 0x01: return (struct video_mode_info){40, 0, 1};
    case 0x07: return (struct video_mode_info){80, 1, 1};
    case 0x02:
    case 0x03: return (struct video_mode_info){80, 0, 1};
    default: return (struct video_mode_info){80, 0, 0};
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

void video_set_mode(struct machine *m, uint8_t mode)
{
    bool clear = !(mode & 0x80);
    struct video_mode_info info;
    uint16_t equip;
    unsigned page_size;

    mode &= 0x7F;
    info = video_mode_info(mode);
    if (!info.text)
        log_debug(&m->log, LOG_VIDEO, "int 10h: graphics mode %02Xh is not shown", mode);
    page_size = info.cols == 40 ? 0x800 : 0x1000;
    if (info.text) {
        enum vga_lines lines = m->bios->video_lines;
        if (info.mono && lines == VGA_LINES_200)
            lines = VGA_LINES_350;
        vga_set_text_mode(m, info.cols, info.mono, lines);
    }
    bda_write8(m, BDA_VIDEO_MODE, mode);
    bda_write16(m, BDA_VIDEO_COLS, info.cols);
    bda_write16(m, BDA_VIDEO_PAGE_SIZE, (uint16_t)page_size);
    bda_write16(m, BDA_VIDEO_PAGE_OFF, 0);
    for (uint8_t p = 0; p < 8; p++)
        video_set_cursor(m, p, 0, 0);
    bda_write8(m, BDA_VIDEO_PAGE, 0);
    bda_write16(m, BDA_CRTC_BASE, info.mono ? 0x3B4 : 0x3D4);
    bda_write16(m, BDA_CURSOR_SHAPE, info.mono ? 0x0B0C : 0x0607);
    bda_write8(m, BDA_VIDEO_MODE_CTL, info.cols == 40 ? 0x28 : 0x29);
    bda_write8(m, BDA_VIDEO_PALETTE, 0x30);
    bda_write8(m, BDA_VIDEO_ROWS, 24);
    bda_write16(m, BDA_CHAR_HEIGHT,
                m->bios->video_lines == VGA_LINES_400 || !info.text  ? 16
                : m->bios->video_lines == VGA_LINES_350 || info.mono ? 14
                                                                     : 8);
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
    if (clear) {
        uint32_t base = info.mono ? 0xB0000u : 0xB8000u;
        for (uint32_t a = base; a < base + 0x8000u; a += 2) {
            m->mem.ram[a] = info.text ? ' ' : 0;
            m->mem.ram[a + 1] = info.text ? 0x07 : 0;
        }
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
    unsigned rows = video_rows(m), cols = video_cols(m);
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
        uint32_t cell = video_cell(m, page, row, col);
        m->mem.ram[cell] = ch;
        if (++col >= cols) {
            col = 0;
            row++;
        }
    }
    }
    if (row >= rows) {
        /* The new line takes the attribute of the cell the cursor is on. */
        uint8_t attr = m->mem.ram[video_cell(m, page, rows - 1, col) + 1];
        video_scroll(m, 1, attr, 0, 0, (uint8_t)(rows - 1), (uint8_t)(cols - 1), page);
        row = (uint8_t)(rows - 1);
    }
    video_set_cursor(m, page, row, col);
}

char *video_dump_text(const struct machine *m)
{
    struct screen_snapshot *snap = malloc(sizeof(*snap));
    char *out, *p;

    if (!snap)
        return NULL;
    screen_capture(m, snap);
    out = malloc((size_t)snap->rows * (snap->cols * 3 + 1) + 1);
    if (!out) {
        free(snap);
        return NULL;
    }
    p = out;
    for (unsigned r = 0; r < snap->rows; r++) {
        for (unsigned c = 0; c < snap->cols; c++) {
            uint8_t ch = (uint8_t)snap->cells[r * snap->cols + c];
            p += utf8_encode(ch ? cp437_to_unicode(ch) : ' ', p);
        }
        *p++ = '\n';
    }
    *p = 0;
    free(snap);
    return out;
}

/* What the CRTC shows: the start address, the rows, the cursor, so programs that
 * program the CRTC directly (pages, scrolling by start address, hardware cursor) are
 * shown as a monitor would. */
void screen_capture(const struct machine *m, struct screen_snapshot *out)
{
    struct vga_view v;
    unsigned rows, cols;

    vga_view_get(m, &v);
    rows = v.rows > SCREEN_MAX_ROWS ? SCREEN_MAX_ROWS : v.rows;
    cols = v.cols > SCREEN_MAX_COLS ? SCREEN_MAX_COLS : v.cols;
    if (!rows || !cols) {
        rows = 25;
        cols = 80;
    }
    out->mode = bda_read8(m, BDA_VIDEO_MODE);
    out->text = v.text && (out->mode <= 3 || out->mode == 7);
    out->mono = v.window == 0xB0000;
    out->cols = (uint8_t)cols;
    out->rows = (uint8_t)rows;
    out->blink = v.blink;
    out->char_height = v.char_height;
    out->cursor_start = v.cursor_start;
    out->cursor_end = v.cursor_end;
    out->cursor_visible = false;
    out->cursor_row = out->cursor_col = 0;
    if (v.cursor >= v.start && v.stride) {
        unsigned off = (unsigned)(v.cursor - v.start);
        out->cursor_row = (uint8_t)(off / v.stride);
        out->cursor_col = (uint8_t)(off % v.stride);
        out->cursor_visible = !v.cursor_off && out->cursor_row < rows && out->cursor_col < cols &&
                              v.cursor_start <= v.cursor_end;
    }
    for (unsigned r = 0; r < rows; r++)
        for (unsigned c = 0; c < cols; c++) {
            uint32_t cell = v.window + ((v.start + r * v.stride + c) & v.window_mask) * 2u;
            out->cells[r * cols + c] = (uint16_t)(m->mem.ram[cell] | m->mem.ram[cell + 1] << 8);
        }
}
