/* A CPU backend that runs nothing, for unit tests of the machine's services: tests
 * call services directly with a register set. */
#ifndef HVDOS_NULL_CPU_H
#define HVDOS_NULL_CPU_H

#include "cpu/cpu.h"
#include "machine/machine.h"

extern const struct cpu_ops null_cpu_ops;

/* A machine on the null CPU with the given config (DOS booted: data, MCB chain, SFT,
 * but no program loaded). Aborts on failure: a broken test set-up. */
struct machine *test_machine(struct machine_config *cfg);

#endif
