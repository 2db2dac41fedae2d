/* The BIOS data area at 0040:0000, laid out as an IBM BIOS keeps it: programs read
 * it directly, so the BIOS services keep all their state here. */
#ifndef HVDOS_BDA_H
#define HVDOS_BDA_H

#include "machine/machine.h"

#define BDA_BASE 0x400u

enum bda_field {
    BDA_COM_PORTS = 0x00, /* 4 words */
    BDA_LPT_PORTS = 0x08, /* 3 words */
    BDA_EBDA_SEG = 0x0E,
    BDA_EQUIPMENT = 0x10,  /* word, as int 11h returns it */
    BDA_MEMORY_KB = 0x13,  /* word, as int 12h returns it */
    BDA_KBD_FLAGS1 = 0x17, /* shift, ctrl, alt, locks */
    BDA_KBD_FLAGS2 = 0x18, /* keys held: left ctrl/alt, sysreq, pause, ... */
    BDA_KBD_ALTNUM = 0x19, /* Alt+keypad number being typed */
    BDA_KBD_HEAD = 0x1A,   /* word: offset from 0040h of the next key */
    BDA_KBD_TAIL = 0x1C,   /* word: offset of the next free slot */
    BDA_KBD_RING = 0x1E,   /* 16 words */
    BDA_VIDEO_MODE = 0x49,
    BDA_VIDEO_COLS = 0x4A,      /* word */
    BDA_VIDEO_PAGE_SIZE = 0x4C, /* word, bytes */
    BDA_VIDEO_PAGE_OFF = 0x4E,  /* word: offset of the active page in video memory */
    BDA_CURSOR_POS = 0x50,      /* 8 words, one per page: low byte column, high byte row */
    BDA_CURSOR_SHAPE = 0x60,    /* word: low byte end line, high byte start line */
    BDA_VIDEO_PAGE = 0x62,
    BDA_CRTC_BASE = 0x63, /* word: 3D4h colour, 3B4h mono */
    BDA_VIDEO_MODE_CTL = 0x65,
    BDA_VIDEO_PALETTE = 0x66,
    BDA_TICKS = 0x6C,       /* dword: ticks since midnight */
    BDA_MIDNIGHT = 0x70,    /* non-zero: midnight passed since the last read */
    BDA_BREAK = 0x71,       /* bit 7: Ctrl-Break pressed */
    BDA_RESET_FLAG = 0x72,  /* word: 1234h = warm boot */
    BDA_KBD_START = 0x80,   /* word: offset of the ring's first slot */
    BDA_KBD_END = 0x82,     /* word: offset just past the ring */
    BDA_VIDEO_ROWS = 0x84,  /* rows - 1 */
    BDA_CHAR_HEIGHT = 0x85, /* word: scan lines per character */
    BDA_VIDEO_EGA_MISC = 0x87,
    BDA_VIDEO_EGA_SWITCHES = 0x88,
    BDA_VIDEO_VGA_FLAGS = 0x89,
    BDA_VIDEO_DCC = 0x8A,
    BDA_WAIT_ACTIVE = 0xA0, /* bit 0: an int 15h 83h/86h wait runs */
    BDA_KBD_FLAGS3 = 0x96,  /* 101-key keyboard, last code was E0/E1 */
    BDA_KBD_LEDS = 0x97,
    BDA_VIDEO_SAVE_PTR = 0xA8, /* dword far pointer */
};

static inline uint8_t bda_read8(const struct machine *m, enum bda_field f)
{
    return m->mem.ram[BDA_BASE + f];
}

static inline uint16_t bda_read16(const struct machine *m, enum bda_field f)
{
    return (uint16_t)(m->mem.ram[BDA_BASE + f] | m->mem.ram[BDA_BASE + f + 1] << 8);
}

static inline uint32_t bda_read32(const struct machine *m, enum bda_field f)
{
    return bda_read16(m, f) | (uint32_t)bda_read16(m, (enum bda_field)(f + 2)) << 16;
}

static inline void bda_write8(struct machine *m, enum bda_field f, uint8_t v)
{
    m->mem.ram[BDA_BASE + f] = v;
}

static inline void bda_write16(struct machine *m, enum bda_field f, uint16_t v)
{
    m->mem.ram[BDA_BASE + f] = (uint8_t)v;
    m->mem.ram[BDA_BASE + f + 1] = (uint8_t)(v >> 8);
}

static inline void bda_write32(struct machine *m, enum bda_field f, uint32_t v)
{
    bda_write16(m, f, (uint16_t)v);
    bda_write16(m, (enum bda_field)(f + 2), (uint16_t)(v >> 16));
}

#endif
