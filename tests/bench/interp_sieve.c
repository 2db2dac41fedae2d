/* Micro benchmark of the interpreter: runs the sieve from sieve.asm and prints guest
 * instructions per second. The instruction count is exact: one and two passes are first
 * single-stepped through interp_step, which gives the count per pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu.h"
#include "cpu/interp/interp.h"

static uint32_t bench_in(void *ctx, uint16_t port, unsigned size)
{
    (void)ctx;
    (void)port;
    (void)size;
    return 0xFFFFFFFFu;
}
static void bench_out(void *ctx, uint16_t port, unsigned size, uint32_t v)
{
    (void)ctx;
    (void)port;
    (void)size;
    (void)v;
}
static int bench_ack(void *ctx)
{
    (void)ctx;
    return -1;
}

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void bench_regs(struct cpu_regs *r, uint16_t passes)
{
    memset(r, 0, sizeof(*r));
    r->cs = 0x1000;
    r->ss = 0x3000;
    r->sp = 0xFFFE;
    r->cx = passes;
    r->flags = 2;
}

/* Instructions executed by `passes` passes, by single-stepping. */
static uint64_t bench_count(struct cpu *cpu, uint16_t passes)
{
    struct cpu_regs r;
    struct cpu_exit ex;
    bench_regs(&r, passes);
    for (uint64_t n = 1;; n++) {
        if (!interp_step(cpu, &r, &ex))
            return 0;
        if (ex.reason == CPU_STOP_HLT)
            return n;
    }
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : SIEVE_BIN;
    unsigned passes = argc > 2 ? (unsigned)atoi(argv[2]) : 2000;
    uint8_t *mem = calloc(1, MEMMAP_PC_ALLOC);
    struct memmap map;
    FILE *f = fopen(path, "rb");
    if (!mem || !f) {
        fprintf(stderr, "cannot load %s\n", path);
        return 1;
    }
    size_t n = fread(mem + 0x10000, 1, 0x10000, f);
    fclose(f);
    if (n == 0)
        return 1;

    struct cpu_host host = {.io_in = bench_in, .io_out = bench_out, .intr_ack = bench_ack};
    struct cpu_config cfg = {.map = &map, .host = &host};
    memmap_init_pc(&map, mem, MEMMAP_PC_ALLOC);
    struct cpu *cpu;
    char err[200];
    if (cpu_interp_ops.create(&cfg, &cpu, err, sizeof(err)) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    uint64_t c1 = bench_count(cpu, 1), c2 = bench_count(cpu, 2);
    uint64_t per = c2 - c1, total = c1 + per * (passes - 1);

    /* the machine is shared: report the best of several trials, and the median */
    enum { TRIALS = 5 };
    double t[TRIALS];
    for (int i = 0; i < TRIALS; i++) {
        struct cpu_regs r;
        struct cpu_exit ex;
        bench_regs(&r, (uint16_t)passes);
        cpu->ops->set_regs(cpu, &r);
        double t0 = bench_now();
        do
            cpu->ops->run(cpu, 0, &ex);
        while (ex.reason == CPU_STOP_KICK);
        t[i] = bench_now() - t0;
        cpu->ops->get_regs(cpu, &r);
        if (ex.reason != CPU_STOP_HLT || r.ax != 1899) {
            fprintf(stderr, "sieve went wrong: stop %d, AX=%u (want 1899)\n", ex.reason, r.ax);
            return 1;
        }
    }
    for (int i = 1; i < TRIALS; i++)
        for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
            double x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
        }
    printf("sieve: %u passes = %llu guest instructions (%llu per pass); best of %d: %.3f s, "
           "%.1f M instructions/s; median %.1f M instructions/s\n",
           passes, (unsigned long long)total, (unsigned long long)per, TRIALS, t[0],
           (double)total / t[0] / 1e6, (double)total / t[TRIALS / 2] / 1e6);
    cpu_interp_ops.destroy(cpu);
    free(mem);
    return 0;
}
