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

/* Runs `code` (HLT appended) at 1000:0000 with DS=ES=3000, SS=2000; returns the regs. */
static struct cpu_regs run_code(struct cpu *cpu, uint8_t *mem, const uint8_t *code, unsigned n,
                                const struct cpu_regs *in)
{
    memcpy(mem + 0x10000, code, n);
    mem[0x10000 + n] = 0xF4;
    struct cpu_regs r = *in;
    r.cs = 0x1000;
    r.ip = 0;
    r.ds = r.es = 0x3000;
    r.ss = 0x2000;
    cpu->ops->set_regs(cpu, &r);
    struct cpu_exit ex;
    /* a fault would run into the zeroed IVT's handlers forever: HLT at 0000:0000 */
    memset(mem, 0, 0x400);
    mem[0] = 0xF4;
    cpu->ops->run(cpu, 0, &ex);
    cpu->ops->get_regs(cpu, &r);
    if (ex.reason != CPU_STOP_HLT || r.cs != 0x1000)
        r.eflags |= 0x80000000u; /* marks a run that did not end at our HLT */
    return r;
}

static uint32_t reg_of(const struct cpu_regs *r, unsigned i)
{
    const uint32_t v[8] = {r->eax, r->ecx, r->edx, r->ebx, r->esp, r->ebp, r->esi, r->edi};
    return v[i];
}

/* 67h addressing: LEA EAX with every ModR/M and SIB form against base + index * scale +
 * disp computed here, and a load through the same form from the right segment. */
static int test_ea32(struct cpu *cpu, uint8_t *mem, int *checks)
{
    int fails = 0;
    for (int t = 0; t < 20000; t++) {
        uint8_t mod = (uint8_t)(rnd32() % 3), rm = (uint8_t)(rnd32() % 8);
        uint8_t sib = (uint8_t)rnd32();
        uint32_t disp = rnd32();
        struct cpu_regs in;
        memset(&in, 0, sizeof(in));
        in.eax = rnd32();
        in.ecx = rnd32();
        in.edx = rnd32();
        in.ebx = rnd32();
        in.esp = 0xFFF0;
        in.ebp = rnd32();
        in.esi = rnd32();
        in.edi = rnd32();
        in.eflags = 2;
        uint8_t code[16] = {0x66, 0x67, 0x8D, (uint8_t)(mod << 6 | rm)};
        unsigned n = 4;
        uint32_t ea = 0;
        bool ss = false;
        if (rm == 4) {
            code[n++] = sib;
            unsigned base = sib & 7, idx = (sib >> 3) & 7;
            if (idx != 4)
                ea += reg_of(&in, idx) << (sib >> 6);
            if (base == 5 && mod == 0) {
                ea += disp;
                memcpy(code + n, &disp, 4);
                n += 4;
            } else {
                ea += reg_of(&in, base);
                ss = base == 4 || base == 5;
            }
        } else if (rm == 5 && mod == 0) {
            ea = disp;
            memcpy(code + n, &disp, 4);
            n += 4;
        } else {
            ea = reg_of(&in, rm);
            ss = rm == 5;
        }
        if (mod == 1) {
            code[n++] = (uint8_t)disp;
            ea += (uint32_t)(int8_t)disp;
        } else if (mod == 2) {
            memcpy(code + n, &disp, 4);
            n += 4;
            ea += disp;
        }
        struct cpu_regs r = run_code(cpu, mem, code, n, &in);
        (*checks)++;
        if (r.eax != ea || (r.eflags & 0x80000000u)) {
            if (fails++ < 3)
                printf("FAIL lea32 %02x %02x: got %08x, want %08x\n", code[3], sib, r.eax, ea);
        }
        /* the same operand as a load: bring the offset into the segment */
        if (rm != 4 && !(rm == 5 && mod == 0)) {
            in.ebp = in.ebp & 0xFFF;
            uint32_t reg = rm == 5 ? in.ebp : reg_of(&in, rm);
            if (rm != 5)
                reg = reg & 0xFFF;
            uint32_t *regs[8] = {&in.eax, &in.ecx, &in.edx, &in.ebx,
                                 &in.esp, &in.ebp, &in.esi, &in.edi};
            *regs[rm] = reg;
            uint32_t off = reg + (mod == 1   ? (uint32_t)(int8_t)disp
                                  : mod == 2 ? (disp & 0x7FF)
                                             : 0);
            if (mod == 2) {
                uint32_t d2 = disp & 0x7FF;
                memcpy(code + 4, &d2, 4);
            }
            code[2] = 0x8B; /* MOV EAX, [...] */
            uint32_t lin = (ss ? 0x20000u : 0x30000u) + off;
            uint32_t val = rnd32();
            memcpy(mem + lin, &val, 4);
            r = run_code(cpu, mem, code, n, &in);
            (*checks)++;
            if (off <= 0xFFFC && (r.eax != val || (r.eflags & 0x80000000u))) {
                if (fails++ < 6)
                    printf("FAIL mov eax,[ea32] %02x: got %08x, want %08x (%s:%04x)\n", code[3],
                           r.eax, val, ss ? "ss" : "ds", off);
            }
            memset(mem + lin, 0, 4);
        }
    }
    return fails;
}

/* BT/BTS/BTR/BTC with a register bit offset on memory reach outside the addressed dword:
 * the host does the same on a buffer. */
static int test_bt_memory(struct cpu *cpu, uint8_t *mem, int *checks)
{
    static const uint8_t ops2[4] = {0xA3, 0xAB, 0xB3, 0xBB};
    int fails = 0;
    for (int t = 0; t < 4000; t++) {
        uint8_t buf[64], hbuf[64];
        for (unsigned i = 0; i < sizeof(buf); i++)
            buf[i] = (uint8_t)rnd32();
        memcpy(hbuf, buf, sizeof(buf));
        int32_t bit = (int32_t)(rnd32() % 512) - 256;
        int op = t & 3;
        uint64_t fl = 0x202;
        uint32_t b = (uint32_t)bit;
        uint8_t *p = hbuf + 32;
#define BTM(insn)                                                                          \
    __asm__ volatile("push %[fl]\n\tpopfq\n\t" insn " %[b], (%[p])\n\tpushfq\n\tpop %[fl]" \
                     : [fl] "+r"(fl)                                                       \
                     : [b] "r"(b), [p] "r"(p)                                              \
                     : "cc", "memory")
        switch (op) {
        case 0: BTM("btl"); break;
        case 1: BTM("btsl"); break;
        case 2: BTM("btrl"); break;
        default: BTM("btcl"); break;
        }
        memcpy(mem + 0x30000 + 0x100 - 32, buf, sizeof(buf));
        /* BTx [SI], EBX with SI = 0x100 */
        const uint8_t code[] = {0x66, 0x0F, ops2[op], 0x1C};
        struct cpu_regs in;
        memset(&in, 0, sizeof(in));
        in.ebx = b;
        in.esi = 0x100;
        in.esp = 0xFFF0;
        in.eflags = 2;
        struct cpu_regs r = run_code(cpu, mem, code, sizeof(code), &in);
        (*checks)++;
        if (memcmp(mem + 0x30000 + 0x100 - 32, hbuf, sizeof(hbuf)) || ((r.eflags ^ fl) & 1) ||
            (r.eflags & 0x80000000u)) {
            if (fails++ < 3)
                printf("FAIL bt-family %d with bit offset %d on memory\n", op, bit);
        }
    }
    return fails;
}

/* ENTER with nesting levels, against the Intel pseudo-code written out here. */
static int test_enter(struct cpu *cpu, uint8_t *mem, int *checks)
{
    int fails = 0;
    for (int t = 0; t < 200; t++) {
        uint16_t size = (uint16_t)(rnd32() & 0xFF);
        uint8_t level = (uint8_t)(t % 8);
        bool o32 = t & 8;
        struct cpu_regs in;
        memset(&in, 0, sizeof(in));
        in.esp = 0x8000;
        in.ebp = 0x9000 + (rnd32() & 0xFE);
        in.eflags = 2;
        for (unsigned i = 0; i < 0x2000; i++)
            mem[0x20000 + 0x8000 + i] = (uint8_t)rnd32();
        uint8_t want[0x10000 / 16];
        /* model */
        uint8_t *ss = malloc(0x10000);
        memcpy(ss, mem + 0x20000, 0x10000);
        unsigned w = o32 ? 4 : 2;
        uint32_t sp = in.esp, bp = in.ebp;
        sp -= w;
        memcpy(ss + sp, &bp, w);
        uint32_t frame = sp;
        for (unsigned i = 1; i < level; i++) {
            bp -= w;
            sp -= w;
            memcpy(ss + sp, ss + bp, w);
        }
        if (level) {
            sp -= w;
            memcpy(ss + sp, &frame, w);
        }
        uint32_t wsp = (sp - size) & 0xFFFF;
        (void)want;
        uint8_t code[6] = {0x66, 0xC8, (uint8_t)size, (uint8_t)(size >> 8), level};
        struct cpu_regs r = run_code(cpu, mem, o32 ? code : code + 1, o32 ? 5 : 4, &in);
        (*checks)++;
        if ((r.esp & 0xFFFF) != wsp || (r.ebp & 0xFFFF) != frame ||
            memcmp(ss + 0x7000, mem + 0x20000 + 0x7000, 0x1000) || (r.eflags & 0x80000000u)) {
            if (fails++ < 3)
                printf("FAIL enter %u,%u o32=%d: sp %04x bp %04x, want %04x %04x\n", size, level,
                       o32, r.esp, r.ebp, wsp, frame);
        }
        free(ss);
    }
    return fails;
}

/* Operand-size forms of the stack and control transfers. */
static int test_stack32(struct cpu *cpu, uint8_t *mem, int *checks)
{
    int fails = 0;
    struct cpu_regs in;
    memset(&in, 0, sizeof(in));
    in.esp = 0x1000;
    in.eflags = 2;
    in.eax = 0x12345678;
    /* push eax; pop bx; pop cx */
    const uint8_t c1[] = {0x66, 0x50, 0x5B, 0x59};
    struct cpu_regs r = run_code(cpu, mem, c1, sizeof(c1), &in);
    (*checks)++;
    if (r.bx != 0x5678 || r.cx != 0x1234 || r.sp != 0x1000) {
        fails++;
        printf("FAIL push eax; pop bx; pop cx: bx=%04x cx=%04x sp=%04x\n", r.bx, r.cx, r.sp);
    }
    /* pushad; popad leaves every register but ESP as it was, and pushes 32 bytes */
    in.ebx = 0xB0B0B0B0;
    in.ecx = 0xC1C1C1C1;
    in.edx = 0xD2D2D2D2;
    in.esi = 0x51515151;
    in.edi = 0xD1D1D1D1;
    in.ebp = 0xBBBB0000;
    const uint8_t c2[] = {0x66, 0x60, 0x66, 0x31, 0xC0, 0x66, 0x61};
    r = run_code(cpu, mem, c2, sizeof(c2), &in);
    (*checks)++;
    uint32_t pushed_esp;
    memcpy(&pushed_esp, mem + 0x20000 + 0x1000 - 20, 4);
    if (r.eax != in.eax || r.ebx != in.ebx || r.ecx != in.ecx || r.edx != in.edx ||
        r.esi != in.esi || r.edi != in.edi || r.ebp != in.ebp || r.sp != 0x1000 ||
        pushed_esp != 0x1000) {
        fails++;
        printf("FAIL pushad/popad\n");
    }
    /* o32 call near: pushes a 32-bit return address; o32 ret pops it */
    /* 0: 66 E8 02 00 00 00  call +2 -> 8;  6: F4;  7: 90;  8: 66 C3  ret */
    const uint8_t c3[] = {0x66, 0xE8, 0x02, 0x00, 0x00, 0x00, 0xF4, 0x90, 0x66, 0xC3};
    memset(mem + 0x20000 + 0x0FF0, 0, 16);
    r = run_code(cpu, mem, c3, sizeof(c3), &in);
    uint32_t ret;
    memcpy(&ret, mem + 0x20000 + 0x1000 - 4, 4);
    (*checks)++;
    if (r.ip != 7 || r.sp != 0x1000 || ret != 6) {
        fails++;
        printf("FAIL o32 call/ret: ip %04x sp %04x pushed %08x\n", r.ip, r.sp, ret);
    }
    /* FS/GS: mov ax,0x3001; mov fs,ax; mov gs,ax; mov al,[fs:0]; mov ah,[gs:1]; lfs bx,[0] */
    mem[0x30010] = 0xAB;
    mem[0x30011] = 0xCD;
    memcpy(mem + 0x30000, "\x34\x12\x78\x56", 4);
    const uint8_t c4[] = {0xB8, 0x01, 0x30, 0x8E, 0xE0, 0x8E, 0xE8, 0x64, 0xA0, 0x00, 0x00,
                          0x65, 0x8A, 0x26, 0x01, 0x00, 0x0F, 0xB4, 0x1E, 0x00, 0x00};
    r = run_code(cpu, mem, c4, sizeof(c4), &in);
    (*checks)++;
    if (r.ax != 0xCDAB || r.fs != 0x5678 || r.gs != 0x3001 || r.bx != 0x1234) {
        fails++;
        printf("FAIL fs/gs: ax=%04x fs=%04x gs=%04x bx=%04x\n", r.ax, r.fs, r.gs, r.bx);
    }
    /* 67h REP MOVSB counts ECX and steps ESI/EDI */
    memcpy(mem + 0x30200, "interpreter", 11);
    const uint8_t c5[] = {0x67, 0xF3, 0xA4};
    in.ecx = 11;
    in.esi = 0x200;
    in.edi = 0x300;
    r = run_code(cpu, mem, c5, sizeof(c5), &in);
    (*checks)++;
    if (memcmp(mem + 0x30300, "interpreter", 11) || r.ecx != 0 || r.esi != 0x20B ||
        r.edi != 0x30B) {
        fails++;
        printf("FAIL a32 rep movsb: ecx=%08x esi=%08x edi=%08x\n", r.ecx, r.esi, r.edi);
    }
    return fails;
}

int main(void)
{
    uint8_t *mem = calloc(1, MEMMAP_PC_ALLOC);
    struct cpu_host host = {.io_in = io_in, .io_out = io_out, .intr_ack = ack};
    struct memmap map;
    struct cpu_config cfg = {.map = &map, .host = &host};
    struct cpu *cpu;
    char err[200];
    memmap_init_pc(&map, mem, MEMMAP_PC_ALLOC);
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
    fails += test_ea32(cpu, mem, &checks);
    fails += test_bt_memory(cpu, mem, &checks);
    fails += test_enter(cpu, mem, &checks);
    fails += test_stack32(cpu, mem, &checks);
    printf("386 ops vs host: %d checks, %d failed\n", checks, fails);
    cpu_interp_ops.destroy(cpu);
    free(mem);
    return fails ? 1 : 0;
}
#endif
