/* Places the ROM at F0000 and reads its header. */
#include "machine/rom.h"

#include <string.h>

#include "machine/memmap.h"

static uint16_t rom_word(const uint8_t *p, unsigned off)
{
    return (uint16_t)(p[off] | p[off + 1] << 8);
}

int rom_load(struct rom *rom, uint8_t *mem)
{
    const uint8_t *p = rom_image;

    if (rom_image_size != MEMMAP_ROM_SIZE || memcmp(p, "HVDOSROM", 8) || rom_word(p, 8) != 1)
        return -1;
    rom->int_stubs = rom_word(p, 10);
    rom->stub_size = rom_word(p, 12);
    rom->rom_calls = rom_word(p, 14);
    if (rom_word(p, 16) != ROM_CALL_COUNT)
        return -1;
    rom->rom_call_size = rom_word(p, 18);
    rom->vector_table = rom_word(p, 20);
    rom->reset_entry = rom_word(p, 22);
    rom->font_8x8 = rom_word(p, 24);
    rom->font_8x14 = rom_word(p, 26);
    rom->font_8x16 = rom_word(p, 28);
    rom->config_table = rom_word(p, 30);
    rom->font_9x14 = rom_word(p, 32);
    rom->font_9x16 = rom_word(p, 34);
    memcpy(mem + MEMMAP_ROM_BASE, p, MEMMAP_ROM_SIZE);
    return 0;
}
