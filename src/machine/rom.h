/* The ROM image (bios/rom.asm) and the layout the host reads from its header. */
#ifndef HVDOS_ROM_H
#define HVDOS_ROM_H

#include <stddef.h>
#include <stdint.h>

#define ROM_SEG 0xF000u

/* Keep in step with bios/rom.inc (checked at start-up against the ROM header). */
enum rom_call {
    RC_POST,
    RC_BOOT,
    RC_TIMER_TICK,
    RC_KBD_SCANCODE,
    RC_MOUSE_EVENT,
    RC_MOUSE_NEXT,
    RC_SHELL_BREAK = 13, /* the shell's (src/shell) below DOS's */
    RC_SHELL = 14,
    RC_DOS_INT23 = 15, /* DOS ROM calls count down from 15 */
    ROM_CALL_COUNT = 16,
};

struct rom {
    uint16_t int_stubs, stub_size;
    uint16_t rom_calls, rom_call_size;
    uint16_t vector_table;
    uint16_t reset_entry;
    uint16_t font_8x8, font_8x14, font_8x16;
    uint16_t config_table;
    uint16_t font_9x14, font_9x16; /* 9-dot alternates: (char, glyph) pairs, 0 ends */
};

/* Offsets within the stub of each vector (see bios/rom.asm). */
#define ROM_STUB_CALL 0
#define ROM_STUB_WAIT 2
#define ROM_STUB_IDLE 3

extern const uint8_t rom_image[];
extern const size_t rom_image_size;

/* Copies the ROM into guest memory and reads its header. Returns 0, or -1 if the
 * image does not match this build of the host (a build error). */
int rom_load(struct rom *rom, uint8_t *mem);

static inline uint16_t rom_stub(const struct rom *rom, uint8_t vector)
{
    return (uint16_t)(rom->int_stubs + vector * rom->stub_size);
}

#endif
