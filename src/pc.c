/* The board: which devices and services make up the PC, and its memory. The machine
 * (src/machine/) runs whatever board it is given and includes none of them. */
#include "pc.h"

#include "bios/bios.h"
#include "dos/dos.h"
#include "hw/hw.h"

/* Start-up order: the hardware first (the interrupt controller before the devices
 * that raise its lines), then the BIOS that drives it, then DOS. */
static const struct device_desc *const pc_devices[] = {
    &pic_dev, &pit_dev,   &kbd_dev,     &sysctl_dev, &vga_dev,
    &rtc_dev, &mouse_dev, &bios_module, &dos_module,
};

const struct machine_board pc_board = {
    .name = "PC",
    .mem_size = MEMMAP_PC_ALLOC,
    .map = memmap_init_pc,
    .devices = pc_devices,
    .ndevices = sizeof(pc_devices) / sizeof(pc_devices[0]),
};
