/* The IBM PC/AT-compatible board hvdos emulates: its memory map and the devices and
 * services wired onto the machine, in start-up order (src/pc.c). */
#ifndef HVDOS_PC_H
#define HVDOS_PC_H

#include "machine/machine.h"

extern const struct machine_board pc_board;

#endif
