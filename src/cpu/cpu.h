/* The interface every CPU backend implements: a real-mode x86 CPU that runs guest code
 * until it needs the machine (HLT, a kick, an error). Nothing outside src/cpu/ knows
 * which backend runs, and no backend knows of devices or DOS. */
#ifndef HVDOS_CPU_H
#define HVDOS_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/memmap.h"

/* Register file. Little-endian host: `ax` aliases the low half of `eax`. */
#define CPU_GPR(n)              \
    union {                     \
        uint32_t e##n##x;       \
        uint16_t n##x;          \
        struct {                \
            uint8_t n##l, n##h; \
        };                      \
    }
#define CPU_REG16(n)   \
    union {            \
        uint32_t e##n; \
        uint16_t n;    \
    }

struct cpu_regs {
    CPU_GPR(a);
    CPU_GPR(c);
    CPU_GPR(d);
    CPU_GPR(b);
    CPU_REG16(sp);
    CPU_REG16(bp);
    CPU_REG16(si);
    CPU_REG16(di);
    CPU_REG16(ip);
    CPU_REG16(flags);
    /* Real mode: every segment base is selector * 16 and every limit 0xFFFF. */
    uint16_t es, cs, ss, ds, fs, gs;
};

#define FLAG_CF 0x0001u
#define FLAG_PF 0x0004u
#define FLAG_AF 0x0010u
#define FLAG_ZF 0x0040u
#define FLAG_SF 0x0080u
#define FLAG_TF 0x0100u
#define FLAG_IF 0x0200u
#define FLAG_DF 0x0400u
#define FLAG_OF 0x0800u
/* The flags an interrupt service returns results in; the rest of the caller's FLAGS
 * (IF, DF, TF) are left as they were. */
#define FLAG_STATUS (FLAG_CF | FLAG_PF | FLAG_AF | FLAG_ZF | FLAG_SF | FLAG_OF)

enum cpu_stop {
    CPU_STOP_HLT,      /* HLT executed: `addr` is its linear address, IP is past it */
    CPU_STOP_KICK,     /* kick() was called or the deadline passed */
    CPU_STOP_SHUTDOWN, /* triple fault */
    CPU_STOP_ERROR,    /* the backend cannot go on: `msg` says why, with CS:IP and bytes */
};

struct cpu_exit {
    enum cpu_stop reason;
    uint32_t addr;
    char msg[200];
};

/* What a backend calls back into while it runs, always on the thread that called run().
 * io_in/io_out: port I/O (size 1, 2 or 4). intr_ack: the interrupt acknowledge cycle,
 * called when the INTR line is high and the CPU takes the interrupt (IF=1, no
 * interrupt shadow); returns the vector to deliver, or -1 if the request went away. */
struct cpu_host {
    void *ctx;
    uint32_t (*io_in)(void *ctx, uint16_t port, unsigned size);
    void (*io_out)(void *ctx, uint16_t port, unsigned size, uint32_t value);
    int (*intr_ack)(void *ctx);
};

struct cpu_config {
    /* Guest memory: the map (kept by the caller for the backend's lifetime) and its
     * page-aligned allocation, shared with the machine. 00000-BFFFF must be plain RAM
     * (memmap_low_plain). */
    const struct memmap *map;
    const struct cpu_host *host;
};

struct cpu_ops;

/* Each backend's state begins with this header. */
struct cpu {
    const struct cpu_ops *ops;
};

struct cpu_ops {
    const char *name;
    /* Returns 0, or -errno with a one-line message (what happened and how to fix it)
     * in err. */
    int (*create)(const struct cpu_config *cfg, struct cpu **out, char *err, size_t errlen);
    void (*destroy)(struct cpu *cpu);
    /* Runs guest code until one of enum cpu_stop. deadline_ns is an absolute
     * CLOCK_MONOTONIC time at which to stop with CPU_STOP_KICK (0: none). */
    int (*run)(struct cpu *cpu, uint64_t deadline_ns, struct cpu_exit *exit);
    void (*get_regs)(struct cpu *cpu, struct cpu_regs *regs);
    void (*set_regs)(struct cpu *cpu, const struct cpu_regs *regs);
    /* The level of the INTR line (the PIC's output). */
    void (*set_intr)(struct cpu *cpu, bool level);
    /* Region `region` of the map was added, or its kind or offset changed (the A20
     * gate, an EMS page mapped): the backend's view follows the map. */
    void (*remap)(struct cpu *cpu, unsigned region);
    /* Makes a running run() return CPU_STOP_KICK soon; if run() is not running, the
     * next run() returns at once. Async-signal-safe and callable from any thread. */
    void (*kick)(struct cpu *cpu);
    /* Guest instructions run so far: counted by the interpreter; for KVM see kvm.c
     * (counted where the kernel emulates real mode, estimated where the hardware runs
     * it). The machine's idle detector and --speed throttle work from it. Callable
     * from inside run() (a port handler). */
    uint64_t (*insns)(struct cpu *cpu);
    /* Makes run() return CPU_STOP_KICK once about n more guest instructions have run
     * (0: no limit), for --speed: the interpreter stops at exactly n; KVM turns n into
     * a deadline at the rate it measured (kvm.c). Holds for every run() until set
     * again. */
    void (*set_budget)(struct cpu *cpu, uint64_t n);
    /* Optional: one line of run statistics for --debug=cpu at exit. */
    void (*stats)(struct cpu *cpu, char *buf, size_t len);
};

extern const struct cpu_ops cpu_kvm_ops;
extern const struct cpu_ops cpu_interp_ops;

static inline uint32_t cpu_linear(uint16_t seg, uint16_t off)
{
    return ((uint32_t)seg << 4) + off;
}

#endif
