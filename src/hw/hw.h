/* The emulated PC's devices, each registered on the port bus by its own init; each
 * device's interface to the rest of the machine is in its own header. */
#ifndef HVDOS_HW_H
#define HVDOS_HW_H

#include "machine/machine.h"

extern const struct device_desc pic_dev;    /* 8259A pair: 20h/21h, A0h/A1h */
extern const struct device_desc pit_dev;    /* 8254 timer: 40h-43h */
extern const struct device_desc kbd_dev;    /* 8042 keyboard controller: 60h, 64h */
extern const struct device_desc sysctl_dev; /* system control ports 61h and 92h */
extern const struct device_desc vga_dev;    /* VGA registers: CRTC, status, attributes, DAC */
extern const struct device_desc rtc_dev;    /* MC146818 real-time clock and CMOS: 70h/71h */
extern const struct device_desc mouse_dev;  /* the pointing device: IRQ 12 */

#endif
