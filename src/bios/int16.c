/* int 16h: the keyboard BIOS over the BDA ring buffer that the int 9 logic fills. */
#include "bios/bda.h"
#include "bios/bios.h"
#include "hw/kbd.h"

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

unsigned bios_kbd_count(const struct machine *m)
{
    unsigned head = bda_read16(m, BDA_KBD_HEAD), tail = bda_read16(m, BDA_KBD_TAIL);
    unsigned size = bda_read16(m, BDA_KBD_END) - bda_read16(m, BDA_KBD_START);

    return size ? ((tail + size - head) % size) / 2 : 0;
}

/* How the functions see a stored key, as the IBM BIOS translates them: the old
 * functions (00h, 01h) drop the 101-key additions and show grey keys as their keypad
 * twins; the extended ones (10h, 11h) show everything, fill-ins with AL = 0. Returns
 * false if the key is dropped. */
static bool kbd_translate(uint16_t *key, bool ext)
{
    uint8_t scan = (uint8_t)(*key >> 8), ascii = (uint8_t)*key;

    if (ext) {
        if (ascii == 0xF0 && scan)
            *key &= 0xFF00;
        return true;
    }
    if (scan == 0xE0) { /* keypad Enter and / */
        *key = (uint16_t)((ascii == 0x2F ? 0x35 : 0x1C) << 8 | ascii);
        return true;
    }
    if (scan > 0x84 || (ascii == 0xF0 && scan))
        return false;
    if (ascii == 0xE0 && scan)
        *key &= 0xFF00;
    return true;
}

bool bios_kbd_get(struct machine *m, bool take, bool ext, uint16_t *key)
{
    for (;;) {
        uint16_t head = bda_read16(m, BDA_KBD_HEAD), k;
        if (head == bda_read16(m, BDA_KBD_TAIL))
            return false;
        k = mem_rd16(&m->mem, BDA_BASE + head);
        if (!kbd_translate(&k, ext)) {
            bda_write16(m, BDA_KBD_HEAD, kbd_next(m, head));
            continue;
        }
        if (take)
            bda_write16(m, BDA_KBD_HEAD, kbd_next(m, head));
        *key = k;
        return true;
    }
}

void bios_kbd_wait(struct machine *m, struct cpu_regs *r)
{
    /* Keys still on their way through the keyboard controller may yet arrive. */
    if (m->bios->keyboard_closed && !kbd_busy(m)) {
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
    uint8_t delay, rate;

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
            machine_poll_hit(m);
        } else {
            /* A program polling in a loop (it may be animating too: only --timeout
             * ends it when no key can come) gets naps, not an end. */
            r->flags |= FLAG_ZF;
            machine_poll_empty(m);
        }
        break;
    case 0x02: /* GET SHIFT FLAGS: only a key changes them, so a loop on them waits */
        r->al = bda_read8(m, BDA_KBD_FLAGS1);
        machine_poll_empty(m);
        break;
    case 0x03: /* SET TYPEMATIC RATE AND DELAY */
        if (r->al == 0x05) {
            kbd_set_typematic(m, r->bh, r->bl);
        } else if (r->al == 0x06) {
            kbd_get_typematic(m, &delay, &rate);
            r->bh = delay;
            r->bl = rate;
        }
        break;
    case 0x04: /* SET KEYCLICK: there is no click */ break;
    case 0x05: /* STORE KEYSTROKE */ r->al = bios_kbd_push(m, r->cx) ? 0 : 1; break;
    case 0x09: /* GET KEYBOARD FUNCTIONALITY: 0305h, 0306h, 10h-12h */ r->al = 0x2C; break;
    case 0x0A: /* GET KEYBOARD ID: an MF2 keyboard */ r->bx = 0x41AB; break;
    case 0x12: /* GET EXTENDED SHIFT FLAGS */
        r->al = bda_read8(m, BDA_KBD_FLAGS1);
        r->ah = (uint8_t)((bda_read8(m, BDA_KBD_FLAGS2) & 0x73) |
                          (bda_read8(m, BDA_KBD_FLAGS3) & 0x0C) |
                          (bda_read8(m, BDA_KBD_FLAGS2) & 0x04 ? 0x80 : 0));
        machine_poll_empty(m);
        break;
    default: log_debug(&m->log, LOG_INT, "int 16h AX=%04X: unknown function", r->ax); break;
    }
}
