/* The 8254 programmable interval timer: channel 0 drives IRQ 0, channel 1 the memory
 * refresh, channel 2 the speaker (gated and read back through port 61h). */
#ifndef HVDOS_PIT_H
#define HVDOS_PIT_H

#include <stdbool.h>

#include "machine/machine.h"

#define PIT_HZ 1193182u /* input clock: 105/88 MHz */

/* The OUT line of a channel now. */
bool pit_out(struct machine *m, unsigned ch);
/* The GATE input of channel 2 (port 61h bit 0); channels 0 and 1 are tied high. */
void pit_set_gate(struct machine *m, unsigned ch, bool level);

#endif
