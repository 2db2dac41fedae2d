/* The 8259A programmable interrupt controllers: master at 20h/21h (IRQ 0-7), slave at
 * A0h/A1h (IRQ 8-15) cascaded on the master's IRQ 2, edge-triggered as on the AT. */
#ifndef HVDOS_PIC_H
#define HVDOS_PIC_H

#include <stdbool.h>

#include "machine/machine.h"

/* The level of an IRQ line (0-15); a rising edge requests the interrupt. */
void pic_set_irq(struct machine *m, unsigned irq, bool level);
/* A rising and a falling edge: one request. */
void pic_pulse_irq(struct machine *m, unsigned irq);
/* The request is latched and not yet acknowledged by the CPU. */
bool pic_irq_pending(const struct machine *m, unsigned irq);
/* The IRQ is masked in its controller (or, for the slave's, on the master's IRQ 2). */
bool pic_irq_masked(const struct machine *m, unsigned irq);

#endif
