/* The interpreter backend behind struct cpu_ops: creation, the run loop around the
 * executor (events, interrupts, faults), the page table's slow paths and the rescue step. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cpu/interp/interp.h"
#include "cpu/interp/interp_priv.h"

_Static_assert(sizeof(union interp_gpr) == 4, "register union is 32 bits");

const uint8_t interp_parity[256] = {
#define P2(n) n, n ^ 4, n ^ 4, n
#define P4(n) P2(n), P2(n ^ 4), P2(n ^ 4), P2(n)
#define P6(n) P4(n), P4(n ^ 4), P4(n ^ 4), P4(n)
    P6(4),
    P6(0),
    P6(0),
    P6(4),
#undef P2
#undef P4
#undef P6
};

#define C_CF(i)      (((i) >> 1) & 1)
#define C_OF(i)      (C_CF(i) ^ ((i)&1))
#define C_ZF(i)      (((i) >> 2) & 1)
#define C_SF(i)      (((i) >> 3) & 1)
#define C_PAIR(n, c) ((c) << (2 * (n)) | (1 - (c)) << (2 * (n) + 1))
#define C_ALL(i)                                                                                   \
    (C_PAIR(0, C_OF(i)) | C_PAIR(1, C_CF(i)) | C_PAIR(2, C_ZF(i)) | C_PAIR(3, C_CF(i) | C_ZF(i)) | \
     C_PAIR(4, C_SF(i)) | C_PAIR(6, C_SF(i) ^ C_OF(i)) | C_PAIR(7, C_ZF(i) | (C_SF(i) ^ C_OF(i))))
const uint16_t interp_cond[16] = {
    C_ALL(0), C_ALL(1), C_ALL(2),  C_ALL(3),  C_ALL(4),  C_ALL(5),  C_ALL(6),  C_ALL(7),
    C_ALL(8), C_ALL(9), C_ALL(10), C_ALL(11), C_ALL(12), C_ALL(13), C_ALL(14), C_ALL(15),
};
#undef C_CF
#undef C_OF
#undef C_ZF
#undef C_SF
#undef C_PAIR
#undef C_ALL

static struct interp *interp_of(struct cpu *cpu)
{
    return (struct interp *)cpu;
}

_Noreturn void interp_fault(struct interp *s, int vec)
{
    s->fault_vec = vec;
    longjmp(s->fault_jb, 1);
}

void interp_stop_error(struct interp *s, const char *fmt, ...)
{
    char what[120];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    uint32_t lin = s->sbase[SEG_CS] + s->eip;
    uint8_t b[6];
    for (unsigned i = 0; i < sizeof(b); i++)
        b[i] = rd8l(s, lin + i);
    snprintf(s->exit->msg, sizeof(s->exit->msg),
             "%s at %04X:%04X (bytes %02X %02X %02X %02X %02X %02X)", what, s->sreg[SEG_CS],
             (unsigned)s->eip, b[0], b[1], b[2], b[3], b[4], b[5]);
    s->exit->reason = CPU_STOP_ERROR;
    s->stop = true;
}

static uint8_t interp_rdb(struct interp *s, uint32_t a)
{
    return memmap_view_rd8(&s->view, a);
}

static void interp_wrb(struct interp *s, uint32_t a, uint8_t v)
{
    memmap_view_wr8(&s->view, a, v);
}

uint32_t interp_rd_slow(struct interp *s, uint32_t lin, unsigned size)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)interp_rdb(s, lin + i) << (8 * i);
    return v;
}

void interp_wr_slow(struct interp *s, uint32_t lin, unsigned size, uint32_t v)
{
    for (unsigned i = 0; i < size; i++)
        interp_wrb(s, lin + i, (uint8_t)(v >> (8 * i)));
}

/* Where can code be read in place: CS:IP..IP+15 inside one run of plain memory? */
void interp_update_code(struct interp *s)
{
    uint32_t base = s->sbase[SEG_CS];
    uint32_t end = base < MEMMAP_REAL_TOP ? s->view.plain_end[base >> MEMMAP_PAGE_SHIFT] : 0;
    int64_t lim = (int64_t)end - 16 - base;
    if (lim > 0xFFF0)
        lim = 0xFFF0;
    s->cs_fast_limit = lim < 0 ? -1 : (int32_t)lim;
    s->cs_ptr = s->mem + base;
}

void interp_load_seg(struct interp *s, int seg, uint16_t sel)
{
    s->sreg[seg] = sel;
    s->sbase[seg] = (uint32_t)sel << 4;
    if (seg == SEG_CS)
        interp_update_code(s);
}

bool interp_deliver(struct interp *s, int vec, uint32_t ret_ip)
{
    if ((uint32_t)vec * 4 + 3 > s->idt_limit) {
        /* the vector lies past the IDT limit: #GP, and if that cannot be delivered either,
         * the double fault ends in shutdown */
        if (vec != 13 && 13 * 4 + 3 <= s->idt_limit)
            return interp_deliver(s, 13, ret_ip);
        s->exit->reason = CPU_STOP_SHUTDOWN;
        s->stop = true;
        return false;
    }
    uint32_t sp = s->r[R_SP].w;
    /* a push that would straddle SS:FFFF faults again while delivering: shutdown */
    if (sp == 1 || sp == 3 || sp == 5) {
        s->exit->reason = CPU_STOP_SHUTDOWN;
        s->stop = true;
        return false;
    }
    uint32_t f = interp_flags(s);
    uint32_t ss = s->sbase[SEG_SS];
    sp = (sp - 2) & 0xFFFF;
    wr16l(s, ss + sp, (uint16_t)f);
    sp = (sp - 2) & 0xFFFF;
    wr16l(s, ss + sp, s->sreg[SEG_CS]);
    sp = (sp - 2) & 0xFFFF;
    wr16l(s, ss + sp, (uint16_t)ret_ip);
    s->r[R_SP].w = (uint16_t)sp;
    s->eflags &= ~(FLAG_IF | FLAG_TF | EFLAGS_AC);
    uint32_t v = s->idt_base + (uint32_t)vec * 4;
    uint16_t ip = rd16l(s, v), cs = rd16l(s, v + 2);
    interp_load_seg(s, SEG_CS, cs);
    s->eip = ip;
    return true;
}

static uint64_t interp_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Leaves the executor before the instruction at the boundary, which the countdown has
 * charged already: that charge is taken back (countdown 0 -> 1). */
static bool interp_events_stop(struct interp *s)
{
    s->countdown++;
    s->exit->reason = CPU_STOP_KICK;
    return true;
}

/* Runs at an instruction boundary every INTERP_CHUNK instructions, or at once when
 * something asked for it (countdown = 1). Returns true to leave the executor. */
bool interp_events(struct interp *s)
{
    int32_t next = INTERP_CHUNK;

    if (s->stepping) {
        if (s->stepped)
            return interp_events_stop(s);
        s->stepped = true;
        interp_countdown_set(s, 1);
        return false;
    }
    if (s->trap) {
        s->trap = false;
        if (!interp_deliver(s, 1, s->eip))
            return true;
    }
    if (atomic_load_explicit(&s->kicked, memory_order_relaxed)) {
        atomic_store(&s->kicked, false);
        return interp_events_stop(s);
    }
    if (s->blocks && interp_retired(s) - s->blk_none_since >= INTERP_NONE_INSNS)
        interp_blocks_forget_none(s);
    if (s->deadline && ++s->chunks >= 4) {
        s->chunks = 0;
        if (interp_now() >= s->deadline)
            return interp_events_stop(s);
    }
    if (s->stop_at) {
        /* the budget: the charged instruction runs only if it is within it */
        uint64_t done = interp_retired(s);
        if (done > s->stop_at)
            return interp_events_stop(s);
        if (s->stop_at - done < (uint64_t)next)
            next = (int32_t)(s->stop_at - done) + 1;
    }
    interp_countdown_set(s, next);
    if (s->shadow) {
        /* the instruction after STI / MOV SS runs before any interrupt */
        s->shadow = false;
        interp_countdown_set(s, 1);
    } else if (s->intr && (s->eflags & FLAG_IF)) {
        int v = s->host->intr_ack(s->host->ctx);
        if (v >= 0 && !interp_deliver(s, v, s->eip))
            return true;
    }
    if (s->eflags & FLAG_TF) {
        s->trap = true;
        interp_countdown_set(s, 1);
    }
    if (s->intr && (s->eflags & FLAG_IF))
        interp_countdown_set(s, 1);
    return false;
}

static void interp_run_core(struct interp *s, struct cpu_exit *exit)
{
    s->exit = exit;
    s->stop = false;
    exit->msg[0] = 0;
    if (setjmp(s->fault_jb)) {
        /* the instruction at CS:eip faulted; nothing of it was committed */
        s->trap = false;
        s->shadow = false;
        if (!interp_deliver(s, s->fault_vec, s->eip))
            return;
    }
    interp_exec(s);
}

static int interp_run(struct cpu *cpu, uint64_t deadline_ns, struct cpu_exit *exit)
{
    struct interp *s = interp_of(cpu);
    if (atomic_exchange(&s->kicked, false)) {
        exit->reason = CPU_STOP_KICK;
        exit->msg[0] = 0;
        return 0;
    }
    s->deadline = deadline_ns;
    s->chunks = 0;
    interp_countdown_set(s, 1);
    interp_run_core(s, exit);
    return 0;
}

static uint64_t interp_insns(struct cpu *cpu)
{
    return interp_retired(interp_of(cpu));
}

static void interp_set_budget(struct cpu *cpu, uint64_t n)
{
    struct interp *s = interp_of(cpu);

    s->stop_at = n ? interp_retired(s) + n : 0;
    interp_countdown_set(s, 1);
}

static void interp_get_regs(struct cpu *cpu, struct cpu_regs *regs)
{
    struct interp *s = interp_of(cpu);
    regs->eax = s->r[R_AX].d;
    regs->ecx = s->r[R_CX].d;
    regs->edx = s->r[R_DX].d;
    regs->ebx = s->r[R_BX].d;
    regs->esp = s->r[R_SP].d;
    regs->ebp = s->r[R_BP].d;
    regs->esi = s->r[R_SI].d;
    regs->edi = s->r[R_DI].d;
    regs->eip = s->eip;
    regs->eflags = interp_flags(s);
    regs->es = s->sreg[SEG_ES];
    regs->cs = s->sreg[SEG_CS];
    regs->ss = s->sreg[SEG_SS];
    regs->ds = s->sreg[SEG_DS];
    regs->fs = s->sreg[SEG_FS];
    regs->gs = s->sreg[SEG_GS];
}

static void interp_set_regs(struct cpu *cpu, const struct cpu_regs *regs)
{
    struct interp *s = interp_of(cpu);
    s->r[R_AX].d = regs->eax;
    s->r[R_CX].d = regs->ecx;
    s->r[R_DX].d = regs->edx;
    s->r[R_BX].d = regs->ebx;
    s->r[R_SP].d = regs->esp;
    s->r[R_BP].d = regs->ebp;
    s->r[R_SI].d = regs->esi;
    s->r[R_DI].d = regs->edi;
    s->eip = regs->eip;
    interp_set_flags(s, (regs->eflags & (EFLAGS_WRITABLE | 0x10000u)) | 2u);
    const uint16_t sel[6] = {regs->es, regs->cs, regs->ss, regs->ds, regs->fs, regs->gs};
    for (int i = 0; i < 6; i++)
        interp_load_seg(s, i, sel[i]);
    interp_countdown_set(s, 1);
}

static void interp_set_intr(struct cpu *cpu, bool level)
{
    struct interp *s = interp_of(cpu);
    s->intr = level;
    if (level)
        interp_countdown_set(s, 1);
}

static void interp_remap(struct cpu *cpu, unsigned region)
{
    struct interp *s = interp_of(cpu);
    memmap_view_update(&s->view, s->map, region);
    interp_update_code(s);
}

static void interp_kick(struct cpu *cpu)
{
    atomic_store(&interp_of(cpu)->kicked, true);
}

static int interp_create(const struct cpu_config *cfg, struct cpu **out, char *err, size_t errlen)
{
    struct interp *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "interpreter: out of memory");
        return -ENOMEM;
    }
    if (!memmap_low_plain(cfg->map)) {
        free(s);
        snprintf(err, errlen, "interpreter: 00000-BFFFF is not plain RAM in the memory map");
        return -EINVAL;
    }
    s->hdr.ops = &cpu_interp_ops;
    s->map = cfg->map;
    s->mem = cfg->map->host;
    memmap_view_build(&s->view, s->map);
    s->host = cfg->host;
    atomic_init(&s->kicked, false);
    s->idt_limit = 0x3FF;
    s->gdt_limit = 0xFFFF;
    s->cr0 = CR0_ET;
    interp_set_flags(s, 2);
    for (int i = 0; i < 6; i++)
        interp_load_seg(s, i, 0);
    interp_fpu_init(&s->fpu);
    if (!interp_blocks_init(s)) {
        free(s);
        snprintf(err, errlen, "interpreter: out of memory");
        return -ENOMEM;
    }
    *out = &s->hdr;
    return 0;
}

static void interp_destroy(struct cpu *cpu)
{
    interp_blocks_free(interp_of(cpu));
    free(interp_of(cpu));
}

static void interp_stats(struct cpu *cpu, char *buf, size_t len)
{
    struct interp *s = interp_of(cpu);
    snprintf(buf, len,
             "interp: %llu instructions, %llu of them in predecoded blocks%s (%llu entered, "
             "%llu decoded)",
             (unsigned long long)interp_retired(s), (unsigned long long)s->blk_insns,
             s->blocks ? "" : " (blocks off)", (unsigned long long)s->blk_runs,
             (unsigned long long)s->blk_builds);
}

const struct cpu_ops cpu_interp_ops = {
    .name = "interp",
    .create = interp_create,
    .destroy = interp_destroy,
    .run = interp_run,
    .get_regs = interp_get_regs,
    .set_regs = interp_set_regs,
    .set_intr = interp_set_intr,
    .remap = interp_remap,
    .kick = interp_kick,
    .insns = interp_insns,
    .set_budget = interp_set_budget,
    .stats = interp_stats,
};

bool interp_step(struct cpu *cpu, struct cpu_regs *regs, struct cpu_exit *exit)
{
    struct interp *s = interp_of(cpu);
    interp_set_regs(cpu, regs);
    s->stepping = true;
    s->stepped = false;
    s->shadow = false;
    s->trap = false;
    interp_countdown_set(s, 1);
    interp_run_core(s, exit);
    s->stepping = false;
    interp_get_regs(cpu, regs);
    return exit->reason != CPU_STOP_ERROR && exit->reason != CPU_STOP_SHUTDOWN;
}

bool interp_set_blocks(struct cpu *cpu, bool on)
{
    struct interp *s = interp_of(cpu);
    if (!on)
        interp_blocks_free(s);
    else if (!s->blocks)
        return interp_blocks_init(s);
    return true;
}

uint64_t interp_block_insns(struct cpu *cpu)
{
    return interp_of(cpu)->blk_insns;
}

uint32_t interp_get_cr0(struct cpu *cpu)
{
    return interp_of(cpu)->cr0;
}

void interp_set_cr0(struct cpu *cpu, uint32_t cr0)
{
    interp_of(cpu)->cr0 = cr0 | CR0_ET;
}
