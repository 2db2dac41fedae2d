/* The interpreter backend's extras beyond struct cpu_ops: the single-instruction "rescue"
 * step the KVM backend uses for what its instruction emulator cannot run (x87), and a
 * test knob. */
#ifndef HVDOS_INTERP_H
#define HVDOS_INTERP_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

/* Executes exactly one instruction (with its prefixes) at regs->cs:regs->ip on `mem`
 * (CPU_MEM_ALLOC bytes, the cpu.h memory map) with the A20 gate as given, calling `host`
 * for port I/O. `cpu` is an instance made by cpu_interp_ops.create and kept for the
 * session, so the x87 state persists between steps. No external interrupt is taken.
 * Returns true when the instruction retired, or raised a guest exception that was
 * delivered through the IVT; regs then holds the new state. exit->reason is CPU_STOP_HLT
 * if the instruction was HLT (exit->addr: its linear address), else CPU_STOP_KICK.
 * Returns false with exit->reason CPU_STOP_SHUTDOWN (triple fault) or CPU_STOP_ERROR
 * (exit->msg says why, e.g. CR0.PE set). */
bool interp_step(struct cpu *cpu, struct cpu_regs *regs, uint8_t *mem, const struct cpu_host *host,
                 bool a20, struct cpu_exit *exit);

/* Test knob: makes C0000-FFFFF plain RAM, as CPU test vectors captured on a bare board
 * assume. Never set by the emulator. */
void interp_set_flat_memory(struct cpu *cpu, bool flat);

#endif
