/* The interpreter backend's extras beyond struct cpu_ops: the single-instruction "rescue"
 * step the KVM backend uses for what its instruction emulator cannot run (x87), and the
 * knobs tests and benchmarks use. */
#ifndef HVDOS_INTERP_H
#define HVDOS_INTERP_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

/* Executes exactly one instruction (with its prefixes) at regs->cs:regs->ip on the
 * memory map and port I/O `cpu` was created with (the caller forwards remaps to it).
 * `cpu` is an instance made by cpu_interp_ops.create and kept for the session, so the
 * x87 state persists between steps. No external interrupt is taken.
 * Returns true when the instruction retired, or raised a guest exception that was
 * delivered through the IVT; regs then holds the new state. exit->reason is CPU_STOP_HLT
 * if the instruction was HLT (exit->addr: its linear address), else CPU_STOP_KICK.
 * Returns false with exit->reason CPU_STOP_SHUTDOWN (triple fault) or CPU_STOP_ERROR
 * (exit->msg says why, e.g. CR0.PE set). */
bool interp_step(struct cpu *cpu, struct cpu_regs *regs, struct cpu_exit *exit);

/* The x87 state in FXSAVE terms, for a backend that keeps its own copy (KVM's vCPU FPU,
 * which its instruction emulator reads and writes for FNINIT, FNSTCW, FNSTSW, FXRSTOR). */
struct interp_x87_state {
    uint16_t fcw, fsw; /* fsw with TOP in bits 11-13 */
    uint8_t ftwx;      /* abridged tag word: bit i set when physical register i is in use */
    uint16_t fop;      /* last opcode, 11 bits */
    uint32_t fip, fdp; /* last instruction and operand addresses (linear) */
    uint8_t st[8][10]; /* ST(0)..ST(7) in the 80-bit format */
};

void interp_x87_get(struct cpu *cpu, struct interp_x87_state *x);
/* Loads the state; non-empty tags are recomputed from the contents, and an unmasked
 * exception flagged in fsw is pending (signalled at the next waiting instruction). */
void interp_x87_set(struct cpu *cpu, const struct interp_x87_state *x);

/* CR0 (MP, EM, TS, NE decide how x87 instructions trap and report errors). */
uint32_t interp_get_cr0(struct cpu *cpu);
void interp_set_cr0(struct cpu *cpu, uint32_t cr0);

/* Switches predecoded blocks on (the default) or off, so tests and benchmarks can compare
 * them with the plain executor; false if they could not be allocated. */
bool interp_set_blocks(struct cpu *cpu, bool on);
/* Instructions run in predecoded blocks so far (a block taken counts all of its own,
 * also when a branch leaves it early). */
uint64_t interp_block_insns(struct cpu *cpu);

#endif
