/* int 16h: the keyboard BIOS over the BDA ring buffer that the int 9 logic fills. */
#include "bios/bda.h"
#include "bios/bios.h"

static uint16_t kbd_next(const struct machine *m, uint16_t ptr)
{
    ptr = (uint16_t)(ptr + 2);
    return ptr >= bda_read16(m, BDA_KBD_END) ? bda_read16(m, BDA_KBD_START) : ptr;
}

bool bios_kbd_push(struct machine *m, uint16_t key)
{
    uint16_t tail = bda_read16(m, BDA_KBD_TAIL), next = kbd_next(m, tail);

    if (next == bda_read16(m, BDA_KBD_HEAD))
        return false; /* full: a real BIOS beeps */
    mem_wr16(&m->mem, BDA_BASE + tail, key);
    bda_write16(m, BDA_KBD_TAIL, next);
    return true;
}

/* Keys only the extended functions (10h-12h) return: F11, F12 and the codes the
 * 101-key keyboard added; the old functions skip them. */
static bool kbd_extended_only(uint16_t key)
{
    uint8_t scan = key >> 8, ascii = (uint8_t)key;
    return scan > 0x84 || (ascii == 0xE0 && scan == 0) || (ascii == 0 && scan == 0x01);
}

/* The next key (peek or take); `ext` selects the extended functions' view. */
bool bios_kbd_get(struct machine *m, bool take, bool ext, uint16_t *key)
{
    for (;;) {
        uint16_t head = bda_read16(m, BDA_KBD_HEAD), k;
        if (head == bda_read16(m, BDA_KBD_TAIL))
            return false;
        k = mem_rd16(&m->mem, BDA_BASE + head);
        if (!ext && kbd_extended_only(k)) {
            bda_write16(m, BDA_KBD_HEAD, kbd_next(m, head));
            continue;
        }
        if (!ext && (uint8_t)k == 0xE0 && (k >> 8))
            k &= 0xFF00; /* grey keys look like their keypad twins */
        if (take)
            bda_write16(m, BDA_KBD_HEAD, kbd_next(m, head));
        *key = k;
        return true;
    }
}

void bios_kbd_wait(struct machine *m, struct cpu_regs *r)
{
    if (m->bios->keyboard_closed) {
        log_error(&m->log, "the program waits for a key and no more input can come "
                           "(give keys with --keys, or run it in a terminal or a window)");
        machine_stop(m, EXIT_TIMEOUT);
        return;
    }
    machine_wait_event(m, r, -1);
}

void int16_service(struct machine *m, struct cpu_regs *r)
{
    uint16_t key;

    switch (r->ah) {
    case 0x00: /* GET KEYSTROKE */
    case 0x10: /* GET ENHANCED KEYSTROKE */
        if (bios_kbd_get(m, true, r->ah == 0x10, &key))
            r->ax = key;
        else
            bios_kbd_wait(m, r);
        break;
    case 0x01: /* CHECK FOR KEYSTROKE */
    case 0x11: /* CHECK FOR ENHANCED KEYSTROKE */
        if (bios_kbd_get(m, false, r->ah == 0x11, &key)) {
            r->ax = key;
            r->flags &= ~FLAG_ZF;
        } else {
            r->flags |= FLAG_ZF;
        }
        break;
    case 0x02: /* GET SHIFT FLAGS */ r->al = bda_read8(m, BDA_KBD_FLAGS1); break;
    case 0x12: /* GET EXTENDED SHIFT FLAGS */
        r->al = bda_read8(m, BDA_KBD_FLAGS1);
        r->ah = (uint8_t)((bda_read8(m, BDA_KBD_FLAGS2) & 0x73) |
                          (bda_read8(m, BDA_KBD_FLAGS3) & 0x0C) |
                          (bda_read8(m, BDA_KBD_FLAGS2) & 0x04 ? 0x80 : 0));
        break;
    case 0x05: /* STORE KEYSTROKE */ r->al = bios_kbd_push(m, r->cx) ? 0 : 1; break;
    default: log_debug(&m->log, LOG_INT, "int 16h AX=%04X: unknown function", r->ax); break;
    }
}
