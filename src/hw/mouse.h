/* The pointing device on IRQ 12: where the host's pointer is and which buttons are
 * held. The frontends and scripted input set it; the mouse driver (src/bios/int33.c)
 * takes its reports in the IRQ handler. */
#ifndef HVDOS_MOUSE_H
#define HVDOS_MOUSE_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/machine.h"

/* A report: the position as a fraction of the screen (0..INPUT_MOUSE_SCALE-1 each
 * way) and the buttons held (INPUT_MOUSE_*). */
struct mouse_report {
    uint16_t x, y;
    uint8_t buttons;
};

/* vCPU thread: the pointer moved or a button changed. */
void mouse_set(struct machine *m, struct mouse_report rep);
/* The oldest report the driver has not taken yet; false if there is none. */
bool mouse_take(struct machine *m, struct mouse_report *rep);
/* The latest report (the pointer as it is now). */
struct mouse_report mouse_state(const struct machine *m);
/* Reports per second the device interrupts at, at most (int 33h 1Ch). */
void mouse_set_rate(struct machine *m, unsigned per_second);
/* Buttons the mouse has: 2 or 3. */
unsigned mouse_button_count(const struct machine *m);

#endif
