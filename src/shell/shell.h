/* The command interpreter: COMMAND.COM as a DOS process whose logic runs on the host
 * (src/shell/). Its image lives on hvdos's own read-only drive Z:; the machine boots
 * into it, and programs reach it through COMSPEC. */
#ifndef HVDOS_SHELL_H
#define HVDOS_SHELL_H

#include "machine/machine.h"

extern const struct device_desc shell_module;

/* The drive that holds COMMAND.COM (Z:), and its DOS path. */
#define SHELL_DRIVE   25
#define SHELL_COMSPEC "Z:\\COMMAND.COM"

#endif
