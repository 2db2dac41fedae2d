/* The board: which devices and services make up the PC, and its memory. The machine
 * (src/machine/) runs whatever board it is given and includes none of them. */
#include "pc.h"

#include <stdlib.h>

#include "bios/bios.h"
#include "dos/dos.h"
#include "hw/hw.h"
#include "shell/shell.h"

/* Start-up order: the hardware first (the interrupt controller before the devices
 * that raise its lines), then the BIOS that drives it, then DOS, then the shell that
 * boots into it. */
static const struct device_desc *const pc_devices[] = {
    &pic_dev, &pit_dev,   &kbd_dev,     &sysctl_dev, &vga_dev,
    &rtc_dev, &mouse_dev, &bios_module, &dos_module, &shell_module,
};

/* Guest RAM: --memory MiB in all, the first of them the conventional and upper memory
 * below 1 MiB, the rest extended memory from 1 MiB up (as a PC's CMOS counts it). */
static uint32_t pc_ram_end(const struct machine_config *cfg)
{
    unsigned mib = cfg->memory_mib ? cfg->memory_mib : CONFIG_MEMORY_DEFAULT_MIB;
    return mib << 20 > MEMMAP_REAL_TOP ? mib << 20 : MEMMAP_REAL_TOP;
}

static uint32_t pc_mem_size(const struct machine_config *cfg)
{
    /* A page of slack past the end for an access that straddles it. */
    return pc_ram_end(cfg) + MEMMAP_PAGE_SIZE;
}

static void pc_map(struct memmap *map, uint8_t *host, uint32_t size,
                   const struct machine_config *cfg)
{
    uint32_t end = pc_ram_end(cfg);

    memmap_init_pc(map, host, size);
    if (end > MEMMAP_REAL_TOP && memmap_add_extended(map, end) != MEMMAP_PC_EXTENDED)
        abort(); /* pc_mem_size allocated room for it */
}

const struct machine_board pc_board = {
    .name = "PC",
    .mem_size = pc_mem_size,
    .map = pc_map,
    .devices = pc_devices,
    .ndevices = sizeof(pc_devices) / sizeof(pc_devices[0]),
};
