/* int 10h: the video BIOS. Every change goes to the BDA fields that programs read
 * directly and to the video device's registers (hw/vga.h), which the screen is made of. */
#include "bios/bda.h"
#include "bios/bios.h"
#include "hw/vga.h"

/* The far pointer 1130h returns for BH, or 0 for a BH it does not know. */
static uint32_t int10_font_ptr(const struct machine *m, uint8_t which)
{
    uint16_t off;

    switch (which) {
    case 0x00: return mem_rd32(&m->mem, 0x1F * 4); /* 8x8 upper half, or a user's */
    case 0x01: return mem_rd32(&m->mem, 0x43 * 4); /* the graphics font */
    case 0x02: off = m->rom.font_8x14; break;
    case 0x03: off = m->rom.font_8x8; break;
    case 0x04: off = (uint16_t)(m->rom.font_8x8 + 128 * 8); break;
    case 0x05: off = m->rom.font_9x14; break;
    case 0x06: off = m->rom.font_8x16; break;
    case 0x07: off = m->rom.font_9x16; break;
    default: return 0;
    }
    return (uint32_t)ROM_SEG << 16 | off;
}

/* AH=11h: character generator. AL=00h-04h load glyphs into font RAM map BL: a
 * program's own (00h: CX glyphs of BH lines from ES:BP, from character DX), or the ROM's
 * 8x14 (01h), 8x8 (02h), 8x16 (04h); AL=03h selects the maps shown (sequencer register
 * 3). AL=10h-14h load the same and recalculate: the character height becomes the font's
 * and so the rows (8x8 gives 50 rows at 400 lines and 43 at 350; 8x14 gives 28 and 25;
 * 8x16 gives 25). AL=20h-24h point int 1Fh/43h at graphics fonts; AL=30h: font
 * information. */
static void int10_font(struct machine *m, struct cpu_regs *r)
{
    unsigned height = 0, rows, block = r->bl & (VGA_FONT_MAPS - 1);
    uint8_t mode = bda_read8(m, BDA_VIDEO_MODE);

    switch (r->al) {
    case 0x00:
    case 0x10: { /* user font */
        uint32_t src = cpu_linear(r->es, r->bp);
        unsigned count = r->cx, first = r->dx;
        uint8_t glyphs[256 * DISPLAY_FONT_LINES];
        height = r->bh;
        if (height < 1 || height > DISPLAY_FONT_LINES || first > 255) {
            log_debug(&m->log, LOG_VIDEO, "int 10h AX=%04X: %u-line glyphs from %u ignored", r->ax,
                      height, first);
            return;
        }
        if (count > 256 - first)
            count = 256 - first;
        for (unsigned i = 0; i < count * height; i++)
            glyphs[i] = mem_rd8(&m->mem, src + i);
        vga_font_load(m, block, first, count, height, glyphs);
        break;
    }
    case 0x01:
    case 0x11: height = 14; break;
    case 0x02:
    case 0x12: height = 8; break;
    case 0x04:
    case 0x14: height = 16; break;
    case 0x03: vga_seq_set(m, 3, r->bl); return;
    case 0x20: /* user 8x8 upper half for graphics modes: int 1Fh */
        mem_wr32(&m->mem, 0x1F * 4, (uint32_t)r->es << 16 | r->bp);
        return;
    case 0x21: /* user graphics font: int 43h, CX bytes a glyph */
    case 0x22: /* ROM 8x14 */
    case 0x23: /* ROM 8x8 */
    case 0x24: /* ROM 8x16 */
        mem_wr32(&m->mem, 0x43 * 4,
                 r->al == 0x21   ? (uint32_t)r->es << 16 | r->bp
                 : r->al == 0x22 ? int10_font_ptr(m, 0x02)
                 : r->al == 0x23 ? int10_font_ptr(m, 0x03)
                                 : int10_font_ptr(m, 0x06));
        return;
    case 0x30: { /* GET FONT INFORMATION */
        uint32_t ptr = int10_font_ptr(m, r->bh);
        if (ptr) {
            r->es = (uint16_t)(ptr >> 16);
            r->bp = (uint16_t)ptr;
        }
        r->cx = bda_read16(m, BDA_CHAR_HEIGHT);
        r->dl = bda_read8(m, BDA_VIDEO_ROWS);
        return;
    }
    default:
        log_debug(&m->log, LOG_INT, "int 10h AX=%04X: font function not supported", r->ax);
        return;
    }
    if (r->al != 0x00 && r->al != 0x10)
        video_load_rom_font(m, block, height);
    if (r->al < 0x10 || (mode > 3 && mode != 7))
        return;
    rows = vga_set_char_height(m, height);
    if (rows)
        video_set_rows(m, rows, height);
}

/* AH=1Bh: the state of the video system into 64 bytes at ES:DI. */
static void int10_state(struct machine *m, struct cpu_regs *r)
{
    uint32_t buf = cpu_linear(r->es, r->di);
    uint8_t mode = bda_read8(m, BDA_VIDEO_MODE);
    unsigned lines = vga_scan_lines(m);

    if (r->bx != 0)
        return;
    mem_fill(&m->mem, buf, 0, 64);
    mem_wr32(&m->mem, buf, (uint32_t)ROM_SEG << 16 | m->rom.config_table); /* no table yet */
    mem_wr8(&m->mem, buf + 0x04, mode);
    mem_wr16(&m->mem, buf + 0x05, (uint16_t)video_cols(m));
    mem_wr16(&m->mem, buf + 0x07, bda_read16(m, BDA_VIDEO_PAGE_SIZE));
    mem_wr16(&m->mem, buf + 0x09, bda_read16(m, BDA_VIDEO_PAGE_OFF));
    for (unsigned i = 0; i < 8; i++)
        mem_wr16(&m->mem, buf + 0x0B + i * 2,
                 bda_read16(m, (enum bda_field)(BDA_CURSOR_POS + i * 2)));
    mem_wr8(&m->mem, buf + 0x1B, (uint8_t)bda_read16(m, BDA_CURSOR_SHAPE));
    mem_wr8(&m->mem, buf + 0x1C, (uint8_t)(bda_read16(m, BDA_CURSOR_SHAPE) >> 8));
    mem_wr8(&m->mem, buf + 0x1D, bda_read8(m, BDA_VIDEO_PAGE));
    mem_wr16(&m->mem, buf + 0x1E, bda_read16(m, BDA_CRTC_BASE));
    mem_wr8(&m->mem, buf + 0x20, bda_read8(m, BDA_VIDEO_MODE_CTL));
    mem_wr8(&m->mem, buf + 0x21, bda_read8(m, BDA_VIDEO_PALETTE));
    mem_wr8(&m->mem, buf + 0x22, (uint8_t)(bda_read8(m, BDA_VIDEO_ROWS) + 1));
    mem_wr16(&m->mem, buf + 0x23, bda_read16(m, BDA_CHAR_HEIGHT));
    mem_wr8(&m->mem, buf + 0x25, mode == 7 ? 0x07 : 0x08);
    mem_wr16(&m->mem, buf + 0x27, mode == 7 ? 2 : 16);
    mem_wr8(&m->mem, buf + 0x29, 8);
    mem_wr8(&m->mem, buf + 0x2A, lines >= 400 ? 2 : lines >= 350 ? 1 : 0);
    mem_wr8(&m->mem, buf + 0x2D, (uint8_t)(bda_read8(m, BDA_VIDEO_MODE_CTL) & 0x20 ? 0x20 : 0));
    mem_wr8(&m->mem, buf + 0x31, 3); /* 256 KiB */
    r->al = 0x1B;
}

static uint8_t int10_page(const struct machine *m, uint8_t page)
{
    return (uint8_t)(page & 7);
}

/* AH=09h/0Ah: character (and attribute) CX times from the cursor, cursor unmoved. */
static void int10_write_chars(struct machine *m, struct cpu_regs *r, bool with_attr)
{
    unsigned cols = video_cols(m), rows = video_rows(m);
    uint8_t page = int10_page(m, r->bh), row, col;
    unsigned pos, end;

    video_get_cursor(m, page, &row, &col);
    pos = row * cols + col;
    end = pos + r->cx;
    if (end > rows * cols)
        end = rows * cols;
    if (video_graphics(m)) {
        for (; pos < end; pos++)
            video_draw_char(m, pos / cols, pos % cols, r->al, r->bl);
        return;
    }
    for (; pos < end; pos++) {
        uint32_t cell = video_cell(m, page, pos / cols, pos % cols);
        m->mem.ram[cell] = r->al;
        if (with_attr)
            m->mem.ram[cell + 1] = r->bl;
    }
}

/* AH=13h: write string from ES:BP, CX characters, at DH,DL on page BH. */
static void int10_write_string(struct machine *m, struct cpu_regs *r)
{
    uint8_t page = int10_page(m, r->bh), mode = r->al, old_row, old_col;
    uint32_t src = cpu_linear(r->es, r->bp);
    unsigned rows = video_rows(m);

    video_get_cursor(m, page, &old_row, &old_col);
    video_set_cursor(m, page, r->dh, r->dl);
    for (unsigned i = 0; i < r->cx; i++) {
        uint8_t ch = mem_rd8(&m->mem, src++), attr = r->bl, row, col;
        if (mode & 2)
            attr = mem_rd8(&m->mem, src++);
        video_get_cursor(m, page, &row, &col);
        if (ch == 7 || ch == 8 || ch == 10 || ch == 13 || row >= rows) {
            video_tty_out(m, page, ch);
            continue;
        }
        m->mem.ram[video_cell(m, page, row, col) + 1] = attr;
        video_tty_out(m, page, ch);
    }
    if (!(mode & 1))
        video_set_cursor(m, page, old_row, old_col);
}

/* AH=10h: the attribute controller's palette and the DAC, in the device's registers. */
static void int10_palette(struct machine *m, struct cpu_regs *r)
{
    uint32_t table = cpu_linear(r->es, r->dx);
    uint8_t rgb[3];

    switch (r->al) {
    case 0x00: vga_atc_set(m, r->bl & 0x0F, r->bh); break; /* one palette register */
    case 0x01: vga_atc_set(m, 0x11, r->bh); break;         /* overscan */
    case 0x02:                                             /* all 16 and overscan */
        for (uint8_t i = 0; i < 17; i++)
            vga_atc_set(m, i < 16 ? i : 0x11, mem_rd8(&m->mem, table + i));
        break;
    case 0x03: { /* blink (BL=1) or bright background (BL=0) */
        uint8_t ctl = bda_read8(m, BDA_VIDEO_MODE_CTL), atc = vga_atc_get(m, 0x10);
        bool blink = r->bl & 1;
        bda_write8(m, BDA_VIDEO_MODE_CTL, (uint8_t)(blink ? ctl | 0x20 : ctl & ~0x20));
        vga_atc_set(m, 0x10, (uint8_t)(blink ? atc | 0x08 : atc & ~0x08));
        break;
    }
    case 0x07: r->bh = vga_atc_get(m, r->bl & 0x1F); break;
    case 0x08: r->bh = vga_atc_get(m, 0x11); break;
    case 0x09:
        for (uint8_t i = 0; i < 17; i++)
            mem_wr8(&m->mem, table + i, vga_atc_get(m, i < 16 ? i : 0x11));
        break;
    case 0x10:
        rgb[0] = r->dh;
        rgb[1] = r->ch;
        rgb[2] = r->cl;
        vga_dac_set(m, r->bl, rgb);
        break;
    case 0x12: /* CX registers from BX, 3 bytes each at ES:DX */
        for (unsigned i = 0; i < r->cx && r->bx + i < 256; i++) {
            for (unsigned k = 0; k < 3; k++)
                rgb[k] = mem_rd8(&m->mem, table + i * 3 + k);
            vga_dac_set(m, (uint8_t)(r->bx + i), rgb);
        }
        break;
    case 0x13: /* colour paging: BL=0 the mode from BH, BL=1 the page BH */
        if (r->bl == 0) {
            uint8_t atc = vga_atc_get(m, 0x10);
            vga_atc_set(m, 0x10, (uint8_t)(r->bh & 1 ? atc | 0x80 : atc & ~0x80));
        } else if (r->bl == 1) {
            bool sixteen = vga_atc_get(m, 0x10) & 0x80;
            vga_atc_set(m, 0x14, (uint8_t)(sixteen ? r->bh & 0x0F : (r->bh & 3) << 2));
        }
        break;
    case 0x15:
        vga_dac_get(m, r->bl, rgb);
        r->dh = rgb[0];
        r->ch = rgb[1];
        r->cl = rgb[2];
        break;
    case 0x17:
        for (unsigned i = 0; i < r->cx && r->bx + i < 256; i++) {
            vga_dac_get(m, (uint8_t)(r->bx + i), rgb);
            for (unsigned k = 0; k < 3; k++)
                mem_wr8(&m->mem, table + i * 3 + k, rgb[k]);
        }
        break;
    case 0x18: vga_pel_mask_set(m, r->bl); break;
    case 0x19: r->bl = vga_pel_mask_get(m); break;
    case 0x1A: {
        uint8_t atc = vga_atc_get(m, 0x10), cs = vga_atc_get(m, 0x14);
        r->bl = (uint8_t)(atc >> 7);
        r->bh = (uint8_t)(atc & 0x80 ? cs & 0x0F : (cs >> 2) & 3);
        break;
    }
    case 0x1B: /* sum to grey: 30% red, 59% green, 11% blue */
        for (unsigned i = 0; i < r->cx && r->bx + i < 256; i++) {
            unsigned grey;
            vga_dac_get(m, (uint8_t)(r->bx + i), rgb);
            grey = (rgb[0] * 30u + rgb[1] * 59u + rgb[2] * 11u + 50) / 100;
            rgb[0] = rgb[1] = rgb[2] = (uint8_t)grey;
            vga_dac_set(m, (uint8_t)(r->bx + i), rgb);
        }
        break;
    default:
        log_debug(&m->log, LOG_INT, "int 10h AX=%04X: palette function not supported", r->ax);
        break;
    }
}

void int10_service(struct machine *m, struct cpu_regs *r)
{
    uint8_t page, row, col;

    switch (r->ah) {
    case 0x00: /* SET VIDEO MODE */
        int33_video_changing(m);
        video_set_mode(m, r->al);
        int33_video_changed(m);
        r->al = 0x30; /* VGA BIOSes return the mode-control byte here */
        break;
    case 0x01: /* SET CURSOR SHAPE */ video_set_cursor_shape(m, r->ch, r->cl); break;
    case 0x02: /* SET CURSOR POSITION */
        video_set_cursor(m, int10_page(m, r->bh), r->dh, r->dl);
        break;
    case 0x03: /* GET CURSOR POSITION AND SHAPE */
        video_get_cursor(m, int10_page(m, r->bh), &row, &col);
        r->dh = row;
        r->dl = col;
        r->cx = bda_read16(m, BDA_CURSOR_SHAPE);
        break;
    case 0x05: /* SELECT ACTIVE PAGE */
        page = int10_page(m, r->al);
        bda_write8(m, BDA_VIDEO_PAGE, page);
        bda_write16(m, BDA_VIDEO_PAGE_OFF, (uint16_t)(page * bda_read16(m, BDA_VIDEO_PAGE_SIZE)));
        video_sync_crtc(m);
        break;
    case 0x04: /* READ LIGHT PEN: never triggered */ r->ah = 0; break;
    case 0x0B: { /* SET PALETTE (CGA): background/border, or palette 0 or 1 */
        uint8_t pal = bda_read8(m, BDA_VIDEO_PALETTE);
        if (r->bh == 0)
            pal = (uint8_t)((pal & 0xE0) | (r->bl & 0x1F));
        else if (r->bh == 1)
            pal = (uint8_t)((pal & ~0x20) | (r->bl & 1 ? 0x20 : 0));
        bda_write8(m, BDA_VIDEO_PALETTE, pal);
        vga_cga_color_set(m, pal);
        break;
    }
    case 0x0C: /* WRITE PIXEL */
        if (!video_pixel_set(m, r->cx, r->dx, r->al))
            log_debug(&m->log, LOG_VIDEO, "int 10h 0Ch: no pixel %u,%u in this mode", r->cx, r->dx);
        break;
    case 0x0D: /* READ PIXEL */
        if (!video_pixel_get(m, r->cx, r->dx, &r->al))
            r->al = 0;
        break;
    case 0x10: /* PALETTE */ int10_palette(m, r); break;
    case 0x11: /* CHARACTER GENERATOR: loading a font with 1110h-111Fh changes the rows */
        if (r->al < 0x10 || r->al >= 0x20) {
            int10_font(m, r);
            break;
        }
        int33_video_changing(m);
        int10_font(m, r);
        int33_video_changed(m);
        break;
    case 0x1B: /* FUNCTIONALITY AND STATE */ int10_state(m, r); break;
    case 0x1C: /* SAVE/RESTORE STATE: not supported */ r->al = 0; break;
    case 0x06: /* SCROLL UP */
    case 0x07: /* SCROLL DOWN */
        video_scroll(m, r->ah == 0x06 ? r->al : -(int)r->al, r->bh, r->ch, r->cl, r->dh, r->dl,
                     bda_read8(m, BDA_VIDEO_PAGE));
        break;
    case 0x08: { /* READ CHARACTER AND ATTRIBUTE */
        uint32_t cell;
        page = int10_page(m, r->bh);
        video_get_cursor(m, page, &row, &col);
        if (video_graphics(m)) {
            r->al = video_read_char(m, row, col);
            r->ah = 0;
            break;
        }
        cell = video_cell(m, page, row, col);
        r->al = m->mem.ram[cell];
        r->ah = m->mem.ram[cell + 1];
        break;
    }
    case 0x09: /* WRITE CHARACTER AND ATTRIBUTE */ int10_write_chars(m, r, true); break;
    case 0x0A: /* WRITE CHARACTER */ int10_write_chars(m, r, false); break;
    case 0x0E: /* TELETYPE OUTPUT */
        video_tty_out_colour(m, bda_read8(m, BDA_VIDEO_PAGE), r->al, r->bl);
        break;
    case 0x0F: /* GET VIDEO MODE */
        r->al = bda_read8(m, BDA_VIDEO_MODE);
        r->ah = (uint8_t)video_cols(m);
        r->bh = bda_read8(m, BDA_VIDEO_PAGE);
        break;
    case 0x12:               /* ALTERNATE SELECT */
        if (r->bl == 0x10) { /* get EGA info: colour, 256 KiB */
            r->bh = bda_read8(m, BDA_VIDEO_MODE) == 7;
            r->bl = 3;
            r->cx = 0x0009;
        } else if (r->bl == 0x30 && r->al <= 2) { /* scan lines for the next mode set */
            static const int lines[3] = {VGA_LINES_200, VGA_LINES_350, VGA_LINES_400};
            m->bios->video_lines = lines[r->al];
            r->al = 0x12;
        } else if (r->bl == 0x34 && r->al <= 1) { /* cursor emulation on (0) or off */
            uint8_t misc = bda_read8(m, BDA_VIDEO_EGA_MISC);
            bda_write8(m, BDA_VIDEO_EGA_MISC, (uint8_t)(r->al ? misc | 1 : misc & ~1));
            r->al = 0x12;
        } else if (r->bl >= 0x31 && r->bl <= 0x36) {
            r->al = 0x12; /* palette loading, video enable, summing, switching: accepted */
        }
        break;
    case 0x13: /* WRITE STRING */ int10_write_string(m, r); break;
    case 0x1A: /* DISPLAY COMBINATION CODE: a VGA with a colour (or mono) display */
        if (r->al == 0) {
            r->bx = bda_read8(m, BDA_VIDEO_MODE) == 7 ? 0x0007 : 0x0008;
            r->al = 0x1A;
        } else if (r->al == 1) {
            r->al = 0x1A; /* setting it is accepted; the display stays what it is */
        }
        break;
    default: log_debug(&m->log, LOG_INT, "int 10h AX=%04X: unknown function", r->ax); break;
    }
}
