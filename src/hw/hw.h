/* The emulated PC's devices, each registered on the port bus by its own init. */
#ifndef HVDOS_HW_H
#define HVDOS_HW_H

#include "machine/machine.h"

extern const struct device_desc sysctl_dev; /* port 92h: fast A20 and reset */

#endif
