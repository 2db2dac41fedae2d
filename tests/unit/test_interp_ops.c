/* The 386 real-mode extensions (32-bit operands, 0F opcodes) that the 286 vectors do not
 * cover, checked against the host CPU: each instruction runs on the interpreter behind a
 * 66h prefix and natively as its 32-bit form, with the same registers and flags. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"

#if !defined(__x86_64__)
int main(void)
{
    printf("SKIP: the reference is the host x86-64 CPU\n");
    return 77;
}
#else

struct st {
    uint32_t a, b, c, d;
    uint64_t fl;
};

/* The flags a host instruction leaves are read back with PUSHFQ; the red zone is stepped
 * over because the compiler may keep locals there. */
#define HOST(name, insn)                                                                    \
    static void host_##name(struct st *s)                                                   \
    {                                                                                       \
        __asm__ volatile("lea -128(%%rsp), %%rsp\n\tpush %[fl]\n\tpopfq\n\t" insn           \
                         "\n\tpushfq\n\tpop %[fl]\n\tlea 128(%%rsp), %%rsp"                 \
                         : "+a"(s->a), "+b"(s->b), "+c"(s->c), "+d"(s->d), [fl] "+r"(s->fl) \
                         :                                                                  \
                         : "cc", "memory");                                                 \
    }

HOST(add, "addl %%ebx, %%eax")
HOST(adc, "adcl %%ebx, %%eax")
HOST(sub, "subl %%ebx, %%eax")
HOST(sbb, "sbbl %%ebx, %%eax")
HOST(and, "andl %%ebx, %%eax")
HOST(or, "orl %%ebx, %%eax")
HOST(xor, "xorl %%ebx, %%eax")
HOST(cmp, "cmpl %%ebx, %%eax")
HOST(inc, "incl %%eax")
HOST(dec, "decl %%eax")
HOST(neg, "negl %%eax")
HOST(not, "notl %%eax")
HOST(shl, "shll %%cl, %%eax")
HOST(shr, "shrl %%cl, %%eax")
HOST(sar, "sarl %%cl, %%eax")
HOST(rol, "roll %%cl, %%eax")
HOST(ror, "rorl %%cl, %%eax")
HOST(rcl, "rcll %%cl, %%eax")
HOST(rcr, "rcrl %%cl, %%eax")
HOST(shld, "shldl %%cl, %%ebx, %%eax")
HOST(shrd, "shrdl %%cl, %%ebx, %%eax")
HOST(shld16, "shldw %%cl, %%bx, %%ax")
HOST(shrd16, "shrdw %%cl, %%bx, %%ax")
HOST(bt, "btl %%ebx, %%eax")
HOST(bts, "btsl %%ebx, %%eax")
HOST(btr, "btrl %%ebx, %%eax")
HOST(btc, "btcl %%ebx, %%eax")
HOST(bsf, "bsfl %%ebx, %%eax")
HOST(bsr, "bsrl %%ebx, %%eax")
HOST(bsf16, "bsfw %%bx, %%ax")
HOST(imul2, "imull %%ebx, %%eax")
HOST(imul3, "imull $-1234567, %%ebx, %%eax")
HOST(mul, "mull %%ebx")
HOST(imul1, "imull %%ebx")
HOST(movzx8, "movzbl %%bl, %%eax")
HOST(movsx16, "movswl %%bx, %%eax")
HOST(bswap, "bswapl %%eax")
HOST(xadd, "xaddl %%ebx, %%eax")
HOST(cmpxchg, "cmpxchgl %%ebx, %%edx")
HOST(cwde, "cwde")
HOST(cdq, "cltd")
HOST(setb, "setb %%cl")
HOST(setle, "setle %%cl")
HOST(setp, "setp %%cl")
HOST(seto, "seto %%cl")
HOST(setnbe, "setnbe %%cl")

enum { CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800 };
#define ALL (CF | PF | AF | ZF | SF | OF)

/* `flags`: defined flags; `count`: which of them hold only for shift counts of 1. */
struct op {
    const char *name;
    uint8_t code[8];
    void (*host)(struct st *);
    unsigned flags;
    int kind; /* 0 plain, 1 shift by CL, 2 bit scan (dest undefined for 0), 3 divide-safe */
};

static const struct op ops[] = {
    {"add", {0x66, 0x01, 0xD8}, host_add, ALL, 0},
    {"adc", {0x66, 0x11, 0xD8}, host_adc, ALL, 0},
    {"sub", {0x66, 0x29, 0xD8}, host_sub, ALL, 0},
    {"sbb", {0x66, 0x19, 0xD8}, host_sbb, ALL, 0},
    {"and", {0x66, 0x21, 0xD8}, host_and, ALL & ~AF, 0},
    {"or", {0x66, 0x09, 0xD8}, host_or, ALL & ~AF, 0},
    {"xor", {0x66, 0x31, 0xD8}, host_xor, ALL & ~AF, 0},
    {"cmp", {0x66, 0x39, 0xD8}, host_cmp, ALL, 0},
    {"inc", {0x66, 0x40}, host_inc, ALL, 0},
    {"dec", {0x66, 0x48}, host_dec, ALL, 0},
    {"neg", {0x66, 0xF7, 0xD8}, host_neg, ALL, 0},
    {"not", {0x66, 0xF7, 0xD0}, host_not, ALL, 0},
    {"shl", {0x66, 0xD3, 0xE0}, host_shl, ALL & ~AF, 1},
    {"shr", {0x66, 0xD3, 0xE8}, host_shr, ALL & ~AF, 1},
    {"sar", {0x66, 0xD3, 0xF8}, host_sar, ALL & ~AF, 1},
    {"rol", {0x66, 0xD3, 0xC0}, host_rol, ALL, 1},
    {"ror", {0x66, 0xD3, 0xC8}, host_ror, ALL, 1},
    {"rcl", {0x66, 0xD3, 0xD0}, host_rcl, ALL, 1},
    {"rcr", {0x66, 0xD3, 0xD8}, host_rcr, ALL, 1},
    {"shld", {0x66, 0x0F, 0xA5, 0xD8}, host_shld, ALL & ~AF, 1},
    {"shrd", {0x66, 0x0F, 0xAD, 0xD8}, host_shrd, ALL & ~AF, 1},
    {"shld16", {0x0F, 0xA5, 0xD8}, host_shld16, ALL & ~AF, 4},
    {"shrd16", {0x0F, 0xAD, 0xD8}, host_shrd16, ALL & ~AF, 4},
    {"bt", {0x66, 0x0F, 0xA3, 0xD8}, host_bt, CF, 0},
    {"bts", {0x66, 0x0F, 0xAB, 0xD8}, host_bts, CF, 0},
    {"btr", {0x66, 0x0F, 0xB3, 0xD8}, host_btr, CF, 0},
    {"btc", {0x66, 0x0F, 0xBB, 0xD8}, host_btc, CF, 0},
    {"bsf", {0x66, 0x0F, 0xBC, 0xC3}, host_bsf, ZF, 2},
    {"bsr", {0x66, 0x0F, 0xBD, 0xC3}, host_bsr, ZF, 2},
    {"bsf16", {0x0F, 0xBC, 0xC3}, host_bsf16, ZF, 2},
    {"imul r,rm", {0x66, 0x0F, 0xAF, 0xC3}, host_imul2, CF | OF, 0},
    {"imul r,rm,imm", {0x66, 0x69, 0xC3, 0x79, 0x29, 0xED, 0xFF}, host_imul3, CF | OF, 0},
    {"mul", {0x66, 0xF7, 0xE3}, host_mul, CF | OF, 0},
    {"imul", {0x66, 0xF7, 0xEB}, host_imul1, CF | OF, 0},
    {"movzx", {0x66, 0x0F, 0xB6, 0xC3}, host_movzx8, ALL, 0},
    {"movsx", {0x66, 0x0F, 0xBF, 0xC3}, host_movsx16, ALL, 0},
    {"bswap", {0x66, 0x0F, 0xC8}, host_bswap, ALL, 0},
    {"xadd", {0x66, 0x0F, 0xC1, 0xD8}, host_xadd, ALL, 0},
    {"cmpxchg", {0x66, 0x0F, 0xB1, 0xDA}, host_cmpxchg, ALL, 3},
    {"cwde", {0x66, 0x98}, host_cwde, ALL, 0},
    {"cdq", {0x66, 0x99}, host_cdq, ALL, 0},
    {"setb", {0x0F, 0x92, 0xC1}, host_setb, ALL, 0},
    {"setle", {0x0F, 0x9E, 0xC1}, host_setle, ALL, 0},
    {"setp", {0x0F, 0x9A, 0xC1}, host_setp, ALL, 0},
    {"seto", {0x0F, 0x90, 0xC1}, host_seto, ALL, 0},
    {"setnbe", {0x0F, 0x97, 0xC1}, host_setnbe, ALL, 0},
};

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint32_t rnd32(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static uint32_t rnd_operand(void)
{
    static const uint32_t edge[] = {0,      1,    0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x8000,
                                    0xFFFF, 0x7F, 0x80,       31,         32,         16};
    uint32_t r = rnd32();
    if ((r & 3) == 0)
        return edge[(r >> 2) % (sizeof(edge) / sizeof(edge[0]))];
    return rnd32();
}

static uint32_t io_in(void *c, uint16_t p, unsigned s)
{
    (void)c;
    (void)p;
    (void)s;
    return 0;
}
static void io_out(void *c, uint16_t p, unsigned s, uint32_t v)
{
    (void)c;
    (void)p;
    (void)s;
    (void)v;
}
static int ack(void *c)
{
    (void)c;
    return -1;
}

int main(void)
{
    uint8_t *mem = calloc(1, CPU_MEM_ALLOC);
    struct cpu_host host = {.io_in = io_in, .io_out = io_out, .intr_ack = ack};
    struct cpu_config cfg = {.mem = mem, .host = &host};
    struct cpu *cpu;
    char err[200];
    if (cpu_interp_ops.create(&cfg, &cpu, err, sizeof(err)) < 0) {
        printf("FAIL: %s\n", err);
        return 1;
    }
    int fails = 0, checks = 0;
    for (unsigned oi = 0; oi < sizeof(ops) / sizeof(ops[0]); oi++) {
        const struct op *op = &ops[oi];
        unsigned len = 0;
        while (len < 8 && op->code[len])
            len++;
        if (op->code[len - 1] == 0x00)
            len--;
        /* imm operands may hold zero bytes: the longest encoding is given in full */
        if (!strcmp(op->name, "imul r,rm,imm"))
            len = 7;
        int opfails = 0;
        for (int t = 0; t < 4000; t++) {
            struct st in = {rnd_operand(), rnd_operand(), rnd32(), rnd_operand(), 0};
            if (op->kind == 1 || op->kind == 4)
                in.c = rnd32() & 0xFF; /* any count: the CPU masks it */
            if (op->kind == 3 && (t & 1))
                in.d = in.a; /* CMPXCHG: take the equal path half the time */
            if (op->kind == 2 && (t & 7) == 0)
                in.b = 0;
            in.fl = 0x202 | (rnd32() & ALL);
            struct st want = in;
            op->host(&want);

            memcpy(mem + 0x10000, op->code, len);
            mem[0x10000 + len] = 0xF4;
            struct cpu_regs r;
            memset(&r, 0, sizeof(r));
            r.eax = in.a;
            r.ebx = in.b;
            r.ecx = in.c;
            r.edx = in.d;
            r.cs = 0x1000;
            r.ss = 0x2000;
            r.sp = 0xFFF0;
            r.eflags = (uint32_t)in.fl;
            cpu->ops->set_regs(cpu, &r);
            struct cpu_exit ex;
            cpu->ops->run(cpu, 0, &ex);
            cpu->ops->get_regs(cpu, &r);

            unsigned fmask = op->flags;
            unsigned cnt = in.c & 31;
            if (op->kind == 1 || op->kind == 4) {
                if (cnt == 0)
                    fmask = ALL; /* nothing changes */
                else if (cnt != 1)
                    fmask &= ~(unsigned)OF;
                if (op->kind == 4 && cnt > 16)
                    fmask = 0; /* a 16-bit double shift above 16 is undefined */
            }
            bool regs_ok = r.eax == want.a && r.ebx == want.b && r.ecx == want.c && r.edx == want.d;
            if (op->kind == 2 && in.b == 0)
                regs_ok = r.ebx == want.b; /* destination undefined */
            if (op->kind == 4 && cnt > 16)
                regs_ok = true;
            bool ok = ex.reason == CPU_STOP_HLT && regs_ok &&
                      ((r.eflags ^ (uint32_t)want.fl) & fmask) == 0;
            checks++;
            if (!ok) {
                fails++;
                if (opfails++ < 3)
                    printf("FAIL %s: in a=%08x b=%08x c=%08x d=%08x fl=%03x -> got a=%08x "
                           "b=%08x c=%08x d=%08x fl=%03x, host a=%08x b=%08x c=%08x d=%08x "
                           "fl=%03x (mask %03x)\n",
                           op->name, in.a, in.b, in.c, in.d, (unsigned)in.fl & ALL, r.eax, r.ebx,
                           r.ecx, r.edx, r.eflags & ALL, want.a, want.b, want.c, want.d,
                           (unsigned)want.fl & ALL, fmask);
            }
        }
    }
    printf("386 ops vs host: %d checks, %d failed\n", checks, fails);
    cpu_interp_ops.destroy(cpu);
    free(mem);
    return fails ? 1 : 0;
}
#endif
