/* int 10h: the video BIOS for text modes. Every change goes to the BDA fields that
 * programs read directly. */
#include "bios/bda.h"
#include "bios/bios.h"

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

void int10_service(struct machine *m, struct cpu_regs *r)
{
    uint8_t page, row, col;

    switch (r->ah) {
    case 0x00: /* SET VIDEO MODE */
        video_set_mode(m, r->al);
        r->al = 0x30; /* VGA BIOSes return the mode-control byte here */
        break;
    case 0x01: /* SET CURSOR SHAPE */ bda_write16(m, BDA_CURSOR_SHAPE, r->cx); break;
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
        break;
    case 0x06: /* SCROLL UP */
    case 0x07: /* SCROLL DOWN */
        video_scroll(m, r->ah == 0x06 ? r->al : -(int)r->al, r->bh, r->ch, r->cl, r->dh, r->dl,
                     bda_read8(m, BDA_VIDEO_PAGE));
        break;
    case 0x08: { /* READ CHARACTER AND ATTRIBUTE */
        uint32_t cell;
        page = int10_page(m, r->bh);
        video_get_cursor(m, page, &row, &col);
        cell = video_cell(m, page, row, col);
        r->al = m->mem.ram[cell];
        r->ah = m->mem.ram[cell + 1];
        break;
    }
    case 0x09: /* WRITE CHARACTER AND ATTRIBUTE */ int10_write_chars(m, r, true); break;
    case 0x0A: /* WRITE CHARACTER */ int10_write_chars(m, r, false); break;
    case 0x0E: /* TELETYPE OUTPUT */ video_tty_out(m, bda_read8(m, BDA_VIDEO_PAGE), r->al); break;
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
        }
        break;
    case 0x13: /* WRITE STRING */ int10_write_string(m, r); break;
    case 0x1A: /* DISPLAY COMBINATION CODE */
        if (r->al == 0) {
            r->al = 0x1A;
            r->bx = bda_read8(m, BDA_VIDEO_MODE) == 7 ? 0x0007 : 0x0008;
        }
        break;
    default: log_debug(&m->log, LOG_INT, "int 10h AX=%04X: unknown function", r->ax); break;
    }
}
