/* The null CPU backend and a machine on it for unit tests. */
#include "null_cpu.h"

#include <stdlib.h>
#include <string.h>

#include "dos/dos.h"
#include "dos/files.h"
#include "pc.h"

struct null_cpu {
    struct cpu base;
    struct cpu_regs regs;
};

static int null_create(const struct cpu_config *cfg, struct cpu **out, char *err, size_t errlen)
{
    struct null_cpu *c = calloc(1, sizeof(*c));
    if (!c)
        return -1;
    c->base.ops = &null_cpu_ops;
    *out = &c->base;
    return 0;
}

static void null_destroy(struct cpu *cpu)
{
    free(cpu);
}

static int null_run(struct cpu *cpu, uint64_t deadline_ns, struct cpu_exit *exit)
{
    memset(exit, 0, sizeof(*exit));
    exit->reason = CPU_STOP_SHUTDOWN;
    return 0;
}

static void null_get_regs(struct cpu *cpu, struct cpu_regs *regs)
{
    *regs = ((struct null_cpu *)cpu)->regs;
}

static void null_set_regs(struct cpu *cpu, const struct cpu_regs *regs)
{
    ((struct null_cpu *)cpu)->regs = *regs;
}

static void null_set_intr(struct cpu *cpu, bool level)
{
}

static void null_remap(struct cpu *cpu, unsigned region)
{
}

static void null_kick(struct cpu *cpu)
{
}

static uint64_t null_insns(struct cpu *cpu)
{
    return 0; /* runs nothing */
}

static void null_set_budget(struct cpu *cpu, uint64_t n)
{
}

const struct cpu_ops null_cpu_ops = {
    .name = "null",
    .create = null_create,
    .destroy = null_destroy,
    .run = null_run,
    .get_regs = null_get_regs,
    .set_regs = null_set_regs,
    .set_intr = null_set_intr,
    .remap = null_remap,
    .kick = null_kick,
    .insns = null_insns,
    .set_budget = null_set_budget,
};

struct machine *test_machine(struct machine_config *cfg)
{
    struct machine *m;
    struct cpu_regs r = {0};
    char err[256];

    if (!cfg->cpu)
        cfg->cpu = "null";
    cfg->headless = true;
    if (machine_create(&m, cfg, &pc_board, &null_cpu_ops, err, sizeof(err))) {
        fprintf(stderr, "test machine: %s\n", err);
        abort();
    }
    /* What the ROM's boot path does, minus loading a program. */
    m->rom_services[RC_POST](m, &r);
    dos_startup(m);
    return m;
}
