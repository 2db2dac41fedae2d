/* The 8042 keyboard controller (ports 60h and 64h, IRQ 1) and the keyboard behind it:
 * set-1 scancodes (translated), the keyboard's own buffer and its typematic repeat. */
#ifndef HVDOS_KBD_H
#define HVDOS_KBD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/machine.h"

/* A key goes down or up on the vCPU thread (scripted keys): one whole set-1 sequence,
 * prefixes included (E0 48 is Up pressed, E0 C8 released). The frontends send bytes
 * through the input ring instead (machine_input_push), which ends up here too. */
void kbd_key_sequence(struct machine *m, const uint8_t *codes, size_t n);
/* Bytes are on their way to the guest (keyboard buffer or output buffer full). */
bool kbd_busy(const struct machine *m);
/* Typematic delay (0-3: 250-1000 ms) and rate (0-31: 30-2 per second), as the
 * keyboard's F3h command sets them; int 16h 03h uses these. */
void kbd_set_typematic(struct machine *m, uint8_t delay, uint8_t rate);
void kbd_get_typematic(const struct machine *m, uint8_t *delay, uint8_t *rate);
/* The keyboard's LEDs (bit 0 Scroll, 1 Num, 2 Caps Lock), as the ED command sets them. */
void kbd_set_leds(struct machine *m, uint8_t leds);

#endif
