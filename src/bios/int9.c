/* The BIOS side of IRQ 1 (int 9), as the IBM AT BIOS for the 101-key keyboard does
 * it: the scancode the ROM handler read from port 60h changes the shift and lock
 * states in the BDA (0040:0017, 0018, 0096, 0097) or becomes a BIOS key code in the
 * ring. Ctrl-Break, Print Screen, Pause and SysReq go back to the ROM handler as
 * actions, so the interrupts a PC calls for them (1Bh, 05h, 15h/85h) run as guest
 * code; Ctrl-Alt-Del ends the session. */
#include <stdio.h>

#include "bios/bda.h"
#include "bios/bios.h"
#include "hw/kbd.h"

/* Shift flags at 0040:0017. */
#define F1_RSHIFT 0x01
#define F1_LSHIFT 0x02
#define F1_CTRL   0x04
#define F1_ALT    0x08
#define F1_SCROLL 0x10
#define F1_NUM    0x20
#define F1_CAPS   0x40
#define F1_INSERT 0x80
/* 0040:0018: keys held. */
#define F2_LCTRL  0x01
#define F2_LALT   0x02
#define F2_SYSREQ 0x04
#define F2_PAUSE  0x08
#define F2_SCROLL 0x10
#define F2_NUM    0x20
#define F2_CAPS   0x40
#define F2_INSERT 0x80
/* 0040:0096. */
#define F3_E1    0x01
#define F3_E0    0x02
#define F3_RCTRL 0x04
#define F3_RALT  0x08

/* A key code with this low byte exists only for the extended functions (int 16h
 * 10h-12h): the old ones drop it, the extended ones return it with AL = 0. */
#define FILL 0xF0

struct key_codes {
    uint16_t normal, shift, ctrl, alt; /* 0: the combination stores nothing */
};

#define LETTER(sc, ch)                                                                \
    {                                                                                 \
        (sc) << 8 | (ch), (sc) << 8 | ((ch)-0x20), (sc) << 8 | ((ch)-0x60), (sc) << 8 \
    }
#define FKEY(sc, n)                                                        \
    {                                                                      \
        (sc) << 8, (0x54 + (n)) << 8, (0x5E + (n)) << 8, (0x68 + (n)) << 8 \
    }

/* The IBM key code table, by set-1 scancode. */
static const struct key_codes key_table[0x59] = {
    [0x01] = {0x011B, 0x011B, 0x011B, 0x01F0}, /* Esc */
    [0x02] = {0x0231, 0x0221, 0, 0x7800},      /* 1 ! */
    [0x03] = {0x0332, 0x0340, 0x0300, 0x7900}, /* 2 @ */
    [0x04] = {0x0433, 0x0423, 0, 0x7A00},      /* 3 # */
    [0x05] = {0x0534, 0x0524, 0, 0x7B00},      /* 4 $ */
    [0x06] = {0x0635, 0x0625, 0, 0x7C00},      /* 5 % */
    [0x07] = {0x0736, 0x075E, 0x071E, 0x7D00}, /* 6 ^ */
    [0x08] = {0x0837, 0x0826, 0, 0x7E00},      /* 7 & */
    [0x09] = {0x0938, 0x092A, 0, 0x7F00},      /* 8 * */
    [0x0A] = {0x0A39, 0x0A28, 0, 0x8000},      /* 9 ( */
    [0x0B] = {0x0B30, 0x0B29, 0, 0x8100},      /* 0 ) */
    [0x0C] = {0x0C2D, 0x0C5F, 0x0C1F, 0x8200}, /* - _ */
    [0x0D] = {0x0D3D, 0x0D2B, 0, 0x8300},      /* = + */
    [0x0E] = {0x0E08, 0x0E08, 0x0E7F, 0x0EF0}, /* Backspace */
    [0x0F] = {0x0F09, 0x0F00, 0x9400, 0xA500}, /* Tab */
    [0x10] = LETTER(0x10, 'q'),
    [0x11] = LETTER(0x11, 'w'),
    [0x12] = LETTER(0x12, 'e'),
    [0x13] = LETTER(0x13, 'r'),
    [0x14] = LETTER(0x14, 't'),
    [0x15] = LETTER(0x15, 'y'),
    [0x16] = LETTER(0x16, 'u'),
    [0x17] = LETTER(0x17, 'i'),
    [0x18] = LETTER(0x18, 'o'),
    [0x19] = LETTER(0x19, 'p'),
    [0x1A] = {0x1A5B, 0x1A7B, 0x1A1B, 0x1AF0}, /* [ { */
    [0x1B] = {0x1B5D, 0x1B7D, 0x1B1D, 0x1BF0}, /* ] } */
    [0x1C] = {0x1C0D, 0x1C0D, 0x1C0A, 0x1CF0}, /* Enter */
    [0x1E] = LETTER(0x1E, 'a'),
    [0x1F] = LETTER(0x1F, 's'),
    [0x20] = LETTER(0x20, 'd'),
    [0x21] = LETTER(0x21, 'f'),
    [0x22] = LETTER(0x22, 'g'),
    [0x23] = LETTER(0x23, 'h'),
    [0x24] = LETTER(0x24, 'j'),
    [0x25] = LETTER(0x25, 'k'),
    [0x26] = LETTER(0x26, 'l'),
    [0x27] = {0x273B, 0x273A, 0, 0x27F0},      /* ; : */
    [0x28] = {0x2827, 0x2822, 0, 0x28F0},      /* ' " */
    [0x29] = {0x2960, 0x297E, 0, 0x29F0},      /* ` ~ */
    [0x2B] = {0x2B5C, 0x2B7C, 0x2B1C, 0x2BF0}, /* \ | */
    [0x2C] = LETTER(0x2C, 'z'),
    [0x2D] = LETTER(0x2D, 'x'),
    [0x2E] = LETTER(0x2E, 'c'),
    [0x2F] = LETTER(0x2F, 'v'),
    [0x30] = LETTER(0x30, 'b'),
    [0x31] = LETTER(0x31, 'n'),
    [0x32] = LETTER(0x32, 'm'),
    [0x33] = {0x332C, 0x333C, 0, 0x33F0},      /* , < */
    [0x34] = {0x342E, 0x343E, 0, 0x34F0},      /* . > */
    [0x35] = {0x352F, 0x353F, 0, 0x35F0},      /* / ? */
    [0x37] = {0x372A, 0x372A, 0x9600, 0x37F0}, /* keypad * */
    [0x39] = {0x3920, 0x3920, 0x3920, 0x3920}, /* Space */
    [0x3B] = FKEY(0x3B, 0),
    [0x3C] = FKEY(0x3C, 1),
    [0x3D] = FKEY(0x3D, 2),
    [0x3E] = FKEY(0x3E, 3),
    [0x3F] = FKEY(0x3F, 4),
    [0x40] = FKEY(0x40, 5),
    [0x41] = FKEY(0x41, 6),
    [0x42] = FKEY(0x42, 7),
    [0x43] = FKEY(0x43, 8),
    [0x44] = FKEY(0x44, 9),
    [0x47] = {0x4700, 0x4737, 0x7700, 0},      /* keypad 7 Home */
    [0x48] = {0x4800, 0x4838, 0x8D00, 0},      /* keypad 8 Up */
    [0x49] = {0x4900, 0x4939, 0x8400, 0},      /* keypad 9 PgUp */
    [0x4A] = {0x4A2D, 0x4A2D, 0x8E00, 0x4AF0}, /* keypad - */
    [0x4B] = {0x4B00, 0x4B34, 0x7300, 0},      /* keypad 4 Left */
    [0x4C] = {0x4CF0, 0x4C35, 0x8F00, 0},      /* keypad 5 */
    [0x4D] = {0x4D00, 0x4D36, 0x7400, 0},      /* keypad 6 Right */
    [0x4E] = {0x4E2B, 0x4E2B, 0x9000, 0x4EF0}, /* keypad + */
    [0x4F] = {0x4F00, 0x4F31, 0x7500, 0},      /* keypad 1 End */
    [0x50] = {0x5000, 0x5032, 0x9100, 0},      /* keypad 2 Down */
    [0x51] = {0x5100, 0x5133, 0x7600, 0},      /* keypad 3 PgDn */
    [0x52] = {0x5200, 0x5230, 0x9200, 0},      /* keypad 0 Ins */
    [0x53] = {0x5300, 0x532E, 0x9300, 0},      /* keypad . Del */
    [0x56] = {0x565C, 0x567C, 0, 0},           /* the 102nd key */
    [0x57] = {0x8500, 0x8700, 0x8900, 0x8B00}, /* F11 */
    [0x58] = {0x8600, 0x8800, 0x8A00, 0x8C00}, /* F12 */
};

/* The digit of a keypad key, for Alt + keypad number entry; -1 if none. */
static int keypad_digit(uint8_t sc)
{
    static const int8_t digits[13] = {7, 8, 9, -1, 4, 5, 6, -1, 1, 2, 3, 0, -1};
    return sc >= 0x47 && sc <= 0x53 ? digits[sc - 0x47] : -1;
}

static void kbd_bios_leds(struct machine *m, uint8_t f1)
{
    uint8_t leds = (uint8_t)((f1 >> 4) & 7);

    bda_write8(m, BDA_KBD_LEDS, (uint8_t)((bda_read8(m, BDA_KBD_LEDS) & ~7) | leds));
    kbd_set_leds(m, leds);
}

/* The key code for a make code that is not a shift key, or 0. */
static uint16_t kbd_key_code(struct machine *m, uint8_t sc, bool ext, uint8_t f1)
{
    const struct key_codes *k = sc < 0x59 ? &key_table[sc] : NULL;
    bool shift = f1 & (F1_LSHIFT | F1_RSHIFT);
    uint16_t key;

    if (!k)
        return 0;
    if (ext) {
        if (sc == 0x1C) /* keypad Enter */
            return f1 & F1_ALT ? 0xA600 : f1 & F1_CTRL ? 0xE00A : 0xE00D;
        if (sc == 0x35) /* keypad / */
            return f1 & F1_ALT ? 0xA400 : f1 & F1_CTRL ? 0x9500 : 0xE02F;
        if (keypad_digit(sc) >= 0 || sc == 0x53) {
            /* The grey cursor keys: E0 in AL tells them from their keypad twins. */
            if (f1 & F1_ALT)
                return (uint16_t)((sc + 0x50) << 8);
            if (f1 & F1_CTRL)
                return (uint16_t)((k->ctrl & 0xFF00) | 0xE0);
            return (uint16_t)(sc << 8 | 0xE0);
        }
        return 0; /* Windows keys and the like: nothing for DOS */
    }
    if (keypad_digit(sc) >= 0 || sc == 0x53) {
        if (f1 & F1_ALT) {
            int d = keypad_digit(sc);
            if (d >= 0) /* Alt + keypad digits type a character code */
                bda_write8(m, BDA_KBD_ALTNUM, (uint8_t)(bda_read8(m, BDA_KBD_ALTNUM) * 10 + d));
            return 0;
        }
        if (f1 & F1_CTRL)
            return k->ctrl;
        return shift != !!(f1 & F1_NUM) ? k->shift : k->normal;
    }
    if (f1 & F1_ALT)
        return k->alt;
    if (f1 & F1_CTRL)
        return k->ctrl;
    key = shift ? k->shift : k->normal;
    if ((f1 & F1_CAPS) && ((uint8_t)k->normal >= 'a' && (uint8_t)k->normal <= 'z'))
        key = shift ? k->normal : k->shift;
    return key;
}

/* Ctrl-Break: the BIOS empties the ring, stores a 0000h key and sets 0040:0071 bit 7. */
static void kbd_bios_break(struct machine *m)
{
    uint16_t start = bda_read16(m, BDA_KBD_START);

    bda_write8(m, BDA_BREAK, 0x80);
    bda_write16(m, BDA_KBD_HEAD, start);
    bda_write16(m, BDA_KBD_TAIL, start);
    bios_kbd_push(m, 0x0000);
}

/* Updates a lock key: the held bit in 0040:0018, and on a fresh press the toggle. */
static void kbd_bios_lock(struct machine *m, uint8_t *f1, uint8_t *f2, uint8_t f1_bit,
                          uint8_t f2_bit, bool brk)
{
    if (brk) {
        *f2 &= (uint8_t)~f2_bit;
        return;
    }
    if (*f2 & f2_bit)
        return; /* typematic repeat of a lock key: no toggle */
    *f2 |= f2_bit;
    *f1 ^= f1_bit;
    kbd_bios_leds(m, *f1);
}

void bios_kbd_scancode(struct machine *m, struct cpu_regs *r)
{
    uint8_t code = r->al, sc = code & 0x7F;
    uint8_t f1 = bda_read8(m, BDA_KBD_FLAGS1), f2 = bda_read8(m, BDA_KBD_FLAGS2);
    uint8_t f3 = bda_read8(m, BDA_KBD_FLAGS3);
    bool brk = code & 0x80, ext = f3 & F3_E0, e1 = f3 & F3_E1;
    uint8_t action = 0;
    uint16_t key;

    r->ah = 0;
    log_debug(&m->log, LOG_KBD, "int 9: scancode %s%02Xh", ext ? "E0 " : e1 ? "E1 " : "", code);
    switch (code) {
    case 0xE0: bda_write8(m, BDA_KBD_FLAGS3, (uint8_t)((f3 & ~F3_E1) | F3_E0)); return;
    case 0xE1: bda_write8(m, BDA_KBD_FLAGS3, (uint8_t)((f3 & ~F3_E0) | F3_E1)); return;
    case 0xFA: /* acknowledge */
        bda_write8(m, BDA_KBD_LEDS, bda_read8(m, BDA_KBD_LEDS) | 0x10);
        return;
    case 0xFE: /* resend */ bda_write8(m, BDA_KBD_LEDS, bda_read8(m, BDA_KBD_LEDS) | 0x20); return;
    case 0x00:
    case 0xFF: /* keyboard overrun: a PC beeps */
        bda_write8(m, BDA_KBD_FLAGS3, f3 & (uint8_t) ~(F3_E0 | F3_E1));
        return;
    default: break;
    }
    f3 &= (uint8_t)~F3_E0;
    if (e1) {
        /* Pause is E1 1D 45 (make) and E1 9D C5: the 1D is not the Ctrl key. */
        if (sc == 0x1D) {
            bda_write8(m, BDA_KBD_FLAGS3, f3);
            return;
        }
        f3 &= (uint8_t)~F3_E1;
        bda_write8(m, BDA_KBD_FLAGS3, f3);
        if (sc == 0x45 && !brk && !(f2 & F2_PAUSE)) {
            bda_write8(m, BDA_KBD_FLAGS2, f2 | F2_PAUSE);
            r->ah = KBD_ACT_PAUSE;
        }
        return;
    }
    switch (sc) {
    case 0x2A: /* left Shift; E0 2A is the fake shift around grey keys */
    case 0x36: /* right Shift */
        if (ext)
            break;
        if (brk)
            f1 &= (uint8_t) ~(sc == 0x2A ? F1_LSHIFT : F1_RSHIFT);
        else
            f1 |= sc == 0x2A ? F1_LSHIFT : F1_RSHIFT;
        break;
    case 0x1D: /* Ctrl: E0 1D is the right one */
        if (ext)
            f3 = brk ? (uint8_t)(f3 & ~F3_RCTRL) : (uint8_t)(f3 | F3_RCTRL);
        else
            f2 = brk ? (uint8_t)(f2 & ~F2_LCTRL) : (uint8_t)(f2 | F2_LCTRL);
        f1 = (f2 & F2_LCTRL) || (f3 & F3_RCTRL) ? f1 | F1_CTRL : f1 & (uint8_t)~F1_CTRL;
        break;
    case 0x38: /* Alt: E0 38 is the right one */
        if (ext)
            f3 = brk ? (uint8_t)(f3 & ~F3_RALT) : (uint8_t)(f3 | F3_RALT);
        else
            f2 = brk ? (uint8_t)(f2 & ~F2_LALT) : (uint8_t)(f2 | F2_LALT);
        if ((f2 & F2_LALT) || (f3 & F3_RALT)) {
            f1 |= F1_ALT;
        } else {
            f1 &= (uint8_t)~F1_ALT;
            if (bda_read8(m, BDA_KBD_ALTNUM)) { /* Alt released after keypad digits */
                bios_kbd_push(m, bda_read8(m, BDA_KBD_ALTNUM));
                bda_write8(m, BDA_KBD_ALTNUM, 0);
            }
        }
        break;
    case 0x3A: kbd_bios_lock(m, &f1, &f2, F1_CAPS, F2_CAPS, brk); break;
    case 0x45:
        if ((f1 & F1_CTRL) && !brk) { /* Ctrl+NumLock: Pause on old keyboards */
            if (!(f2 & F2_PAUSE)) {
                f2 |= F2_PAUSE;
                action = KBD_ACT_PAUSE;
            }
            break;
        }
        kbd_bios_lock(m, &f1, &f2, F1_NUM, F2_NUM, brk);
        break;
    case 0x46:
        if (ext || (f1 & F1_CTRL)) { /* Ctrl+Pause sends E0 46: Break */
            if (!brk) {
                kbd_bios_break(m);
                action = KBD_ACT_BREAK;
            }
            break;
        }
        kbd_bios_lock(m, &f1, &f2, F1_SCROLL, F2_SCROLL, brk);
        break;
    case 0x54: /* SysReq (Alt+PrtSc) */
        if (brk == !(f2 & F2_SYSREQ))
            break;
        f2 = brk ? (uint8_t)(f2 & ~F2_SYSREQ) : (uint8_t)(f2 | F2_SYSREQ);
        action = KBD_ACT_SYSREQ;
        r->al = brk ? 1 : 0;
        break;
    default:
        if (brk) {
            if (sc == 0x52)
                f2 &= (uint8_t)~F2_INSERT;
            break;
        }
        if (f2 & F2_PAUSE) { /* the key that ends a pause is eaten */
            f2 &= (uint8_t)~F2_PAUSE;
            break;
        }
        if (sc == 0x53 && (f1 & F1_CTRL) && (f1 & F1_ALT)) {
            log_msg(&m->log, "hvdos", "Ctrl+Alt+Del: the session ends");
            machine_stop(m, 0);
            break;
        }
        if (sc == 0x37 && ext) { /* Print Screen; Ctrl+PrtSc is a key */
            if (f1 & F1_CTRL)
                bios_kbd_push(m, 0x7200);
            else
                action = KBD_ACT_PRTSC;
            break;
        }
        if (sc == 0x52 && !(f1 & (F1_ALT | F1_CTRL)) &&
            (ext || !(f1 & F1_NUM) == !(f1 & (F1_LSHIFT | F1_RSHIFT))) && !(f2 & F2_INSERT)) {
            f1 ^= F1_INSERT; /* Insert toggles on a fresh press */
            f2 |= F2_INSERT;
        }
        key = kbd_key_code(m, sc, ext, f1);
        if (key && !bios_kbd_push(m, key))
            log_debug(&m->log, LOG_KBD, "int 9: the BIOS key buffer is full, key %04Xh lost", key);
        else if (key)
            log_debug(&m->log, LOG_KBD, "int 9: key %04Xh", key);
        break;
    }
    bda_write8(m, BDA_KBD_FLAGS1, f1);
    bda_write8(m, BDA_KBD_FLAGS2, f2);
    bda_write8(m, BDA_KBD_FLAGS3, f3);
    r->ah = action;
}
