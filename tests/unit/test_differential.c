/* Differential test: seeded random real-mode instruction sequences (8/16/32-bit ALU,
 * shifts and rotates, MUL/DIV with safe operands, string instructions with REP, MOVZX/
 * MOVSX, BT*, BSF/BSR, SETcc, SHLD/SHRD, XCHG, LEA, PUSH/POP, forward Jcc, BCD adjusts,
 * 486 additions; 66h/67h prefixes, segment overrides, memory operands in a scratch area;
 * every other sequence keeps to the 8/16-bit forms of 16-bit code)
 * run from the same registers and memory on the interpreter and on KVM; registers, the
 * defined flags and the scratch memory must agree. Skips when /dev/kvm cannot be used.
 * Where KVM's instruction emulator cannot run an instruction (here DAA, AAA, AAS), the
 * rescue runs it in the interpreter too: the closing line counts those.
 * HVDOS_DIFF_SEED and HVDOS_DIFF_COUNT reproduce a run. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu.h"
#include "cpu/interp/interp.h"

#define CODE_SEG   0x1000u
#define DATA_SEG   0x2000u
#define SCRATCH    0x1000u /* bytes of DATA_SEG compared */
#define STACK_TOP  0x0F00u
#define CODE_MAX   4096
#define ITEMS      24 /* generated items per sequence */
#define ALL_STATUS (FLAG_CF | FLAG_PF | FLAG_AF | FLAG_ZF | FLAG_SF | FLAG_OF)

struct gen {
    uint8_t code[CODE_MAX];
    size_t n;
    uint64_t rng;
    unsigned undef; /* status flags whose value is architecturally undefined now */
    int depth;      /* words pushed and not popped */
    bool in_skip;   /* inside the region a forward Jcc may skip */
    bool no_ecx;    /* ECX holds a count or divisor: addresses must not use it */
    bool w16;       /* 8- and 16-bit forms only, as 16-bit compilers emit (and the
                     * interpreter's predecoded blocks hold) */
};

static uint32_t rnd(struct gen *g)
{
    g->rng ^= g->rng << 13;
    g->rng ^= g->rng >> 7;
    g->rng ^= g->rng << 17;
    return (uint32_t)(g->rng >> 16);
}

static uint32_t rndn(struct gen *g, uint32_t n)
{
    return rnd(g) % n;
}

static void b(struct gen *g, uint32_t v)
{
    g->code[g->n++] = (uint8_t)v;
}

static void w16(struct gen *g, uint32_t v)
{
    b(g, v);
    b(g, v >> 8);
}

static void w32(struct gen *g, uint32_t v)
{
    w16(g, v);
    w16(g, v >> 16);
}

/* A register to write: any but SP, which holds the stack. */
static int dreg(struct gen *g)
{
    int r;
    do
        r = (int)rndn(g, 8);
    while (r == 4);
    return r;
}

static void mov_imm(struct gen *g, int reg, uint32_t v, bool o32)
{
    if (o32)
        b(g, 0x66);
    b(g, 0xB8 + reg);
    if (o32)
        w32(g, v);
    else
        w16(g, v);
}

/* The flags in `need` must be defined before an instruction reads them: a CMP makes them so. */
static void need_flags(struct gen *g, unsigned need)
{
    if (!(g->undef & need))
        return;
    b(g, 0x39);
    b(g, 0xC0 | (unsigned)rndn(g, 8) << 3 | rndn(g, 8));
    g->undef = 0;
}

/* An r/m operand: a register, or memory inside the scratch area (the registers an
 * address needs are loaded first). The prefixes it needs come before the opcode. */
struct rm {
    bool mem;
    uint8_t modrm; /* mod and r/m; reg is added by the user */
    uint8_t sib;
    bool has_sib, a32;
    uint8_t seg; /* override prefix, 0 for none */
    uint8_t disp[4];
    int ndisp;
};

static void rm_pick(struct gen *g, struct rm *o, bool allow_reg)
{
    uint32_t off = 0x20 + rndn(g, 0xCC0);
    memset(o, 0, sizeof(*o));
    if (allow_reg && rndn(g, 2)) {
        o->modrm = (uint8_t)(0xC0 | rndn(g, 8));
        return;
    }
    o->mem = true;
    int8_t d8 = (int8_t)rndn(g, 256);
    switch (rndn(g, g->w16 ? 6 : g->no_ecx ? 8 : 9)) {
    case 0: /* [disp16] */
        o->modrm = 0x06;
        o->disp[0] = (uint8_t)off, o->disp[1] = (uint8_t)(off >> 8), o->ndisp = 2;
        break;
    case 1: /* [bx+d8] */
        mov_imm(g, 3, off + 0x80, false);
        o->modrm = 0x47, o->disp[0] = (uint8_t)d8, o->ndisp = 1;
        break;
    case 2: /* [si+d8] */
        mov_imm(g, 6, off + 0x80, false);
        o->modrm = 0x44, o->disp[0] = (uint8_t)d8, o->ndisp = 1;
        break;
    case 3: /* [di] */
        mov_imm(g, 7, off, false);
        o->modrm = 0x05;
        break;
    case 4: /* [bp+d8]: SS */
        mov_imm(g, 5, off + 0x80, false);
        o->modrm = 0x46, o->disp[0] = (uint8_t)d8, o->ndisp = 1;
        break;
    case 5: /* [bx+si+d8] */
        mov_imm(g, 3, off, false);
        mov_imm(g, 6, rndn(g, 0x40), false);
        o->modrm = 0x40, o->disp[0] = (uint8_t)rndn(g, 0x40), o->ndisp = 1;
        break;
    case 6: /* a32 [ebx+esi*s+d8] */
        mov_imm(g, 3, off, true);
        mov_imm(g, 6, rndn(g, 0x10), true);
        o->a32 = o->has_sib = true;
        o->modrm = 0x44, o->sib = (uint8_t)(rndn(g, 4) << 6 | 6 << 3 | 3);
        o->disp[0] = (uint8_t)rndn(g, 0x40), o->ndisp = 1;
        break;
    case 7: /* a32 [disp32] */
        o->a32 = true;
        o->modrm = 0x05;
        o->disp[0] = (uint8_t)off, o->disp[1] = (uint8_t)(off >> 8), o->ndisp = 4;
        break;
    default: /* a32 [ecx+d8] */
        mov_imm(g, 1, off + 0x80, true);
        o->a32 = true;
        o->modrm = 0x41, o->disp[0] = (uint8_t)d8, o->ndisp = 1;
        break;
    }
    if (!rndn(g, 5)) {
        static const uint8_t segs[] = {0x26, 0x36, 0x3E, 0x64, 0x65};
        o->seg = segs[rndn(g, 5)];
    }
}

/* Emits prefixes, the opcode bytes, ModRM (with `reg`), SIB and displacement. */
static void emit_rm(struct gen *g, const struct rm *o, bool o32, const uint8_t *op, int nop,
                    int reg)
{
    if (o->seg)
        b(g, o->seg);
    if (o->a32)
        b(g, 0x67);
    if (o32)
        b(g, 0x66);
    for (int i = 0; i < nop; i++)
        b(g, op[i]);
    b(g, o->modrm | reg << 3);
    if (o->has_sib)
        b(g, o->sib);
    for (int i = 0; i < o->ndisp; i++)
        b(g, o->disp[i]);
}

static void imm(struct gen *g, int bits)
{
    if (bits == 8)
        b(g, rnd(g));
    else if (bits == 16)
        w16(g, rnd(g));
    else
        w32(g, rnd(g));
}

/* An r/m destination must not be SP. */
static void rm_pick_dst(struct gen *g, struct rm *o, int bits)
{
    do
        rm_pick(g, o, true);
    while (!o->mem && bits != 8 && (o->modrm & 7) == 4);
}

static int pick_bits(struct gen *g)
{
    static const int bits[] = {8, 16, 32};
    return bits[rndn(g, g->w16 ? 2 : 3)];
}

static void gen_alu(struct gen *g)
{
    int op = (int)rndn(g, 8), bits = pick_bits(g);
    bool o32 = bits == 32;
    struct rm o;
    if (op == 2 || op == 3) /* ADC, SBB */
        need_flags(g, FLAG_CF);
    switch (rndn(g, 3)) {
    case 0: { /* op r/m, reg  or  op reg, r/m */
        int dir = (int)rndn(g, 2);
        int reg = dir ? (bits == 8 ? (int)rndn(g, 8) : dreg(g)) : (int)rndn(g, 8);
        if (dir)
            rm_pick(g, &o, true);
        else
            rm_pick_dst(g, &o, bits);
        uint8_t opc = (uint8_t)(op * 8 + dir * 2 + (bits != 8));
        emit_rm(g, &o, o32, &opc, 1, reg);
        break;
    }
    case 1: { /* op r/m, imm */
        rm_pick_dst(g, &o, bits);
        bool sx = bits != 8 && rndn(g, 2);
        uint8_t opc = bits == 8 ? 0x80 : sx ? 0x83 : 0x81;
        emit_rm(g, &o, o32, &opc, 1, op);
        imm(g, sx ? 8 : bits);
        break;
    }
    default: /* op AL/AX/EAX, imm */
        if (o32)
            b(g, 0x66);
        b(g, op * 8 + 4 + (bits != 8));
        imm(g, bits);
        break;
    }
    g->undef &= ~ALL_STATUS;
    if (op == 1 || op == 4 || op == 6) /* OR, AND, XOR */
        g->undef |= FLAG_AF;
}

static void gen_unary(struct gen *g)
{
    int bits = pick_bits(g), kind = (int)rndn(g, 5);
    struct rm o;
    rm_pick_dst(g, &o, bits);
    uint8_t opc;
    switch (kind) {
    case 0: /* INC, DEC */
    case 1:
        opc = bits == 8 ? 0xFE : 0xFF;
        emit_rm(g, &o, bits == 32, &opc, 1, kind);
        g->undef &= FLAG_CF;
        break;
    case 2: /* NOT */
    case 3: /* NEG */
        opc = bits == 8 ? 0xF6 : 0xF7;
        emit_rm(g, &o, bits == 32, &opc, 1, kind);
        if (kind == 3)
            g->undef = 0;
        break;
    default: /* INC/DEC r16/r32 short forms */
        if (bits == 32)
            b(g, 0x66);
        b(g, 0x40 + rndn(g, 2) * 8 + dreg(g));
        g->undef &= FLAG_CF;
        break;
    }
}

static void gen_shift(struct gen *g)
{
    static const int ops[] = {0, 1, 2, 3, 4, 5, 7};
    int op = ops[rndn(g, 7)], bits = pick_bits(g);
    unsigned count = 1 + rndn(g, (unsigned)bits - 1);
    struct rm o;
    uint8_t opc;
    if (op == 2 || op == 3)
        need_flags(g, FLAG_CF);
    int form = (int)rndn(g, 3);
    if (form == 2) {
        b(g, 0xB1); /* mov cl, count */
        b(g, count);
    }
    g->no_ecx = form == 2;
    rm_pick_dst(g, &o, bits);
    g->no_ecx = false;
    if (form == 2 && !o.mem && bits == 8 && (o.modrm & 7) == 1)
        o.modrm = 0xC0; /* the count must stay in CL */
    if (form == 2 && !o.mem && bits != 8 && (o.modrm & 7) == 1)
        o.modrm = 0xC0;
    if (form == 0)
        count = 1;
    opc = (uint8_t)((form == 0 ? 0xD0 : form == 1 ? 0xC0 : 0xD2) + (bits != 8));
    emit_rm(g, &o, bits == 32, &opc, 1, op);
    if (form == 1)
        b(g, count);
    if (op <= 3) {
        g->undef &= ~(FLAG_CF | FLAG_OF);
    } else {
        g->undef &= ~ALL_STATUS;
        g->undef |= FLAG_AF;
    }
    if (count != 1)
        g->undef |= FLAG_OF;
}

static void gen_muldiv(struct gen *g)
{
    int bits = pick_bits(g), kind = (int)rndn(g, 6);
    bool o32 = bits == 32;
    struct rm o;
    uint8_t opc[2];
    switch (kind) {
    case 0: /* MUL, IMUL r/m */
        rm_pick(g, &o, true);
        opc[0] = bits == 8 ? 0xF6 : 0xF7;
        emit_rm(g, &o, o32, opc, 1, 4 + (int)rndn(g, 2));
        break;
    case 1: /* IMUL reg, r/m */
        if (bits == 8)
            bits = 16;
        rm_pick(g, &o, true);
        opc[0] = 0x0F, opc[1] = 0xAF;
        emit_rm(g, &o, bits == 32, opc, 2, dreg(g));
        break;
    case 2: { /* IMUL reg, r/m, imm */
        if (bits == 8)
            bits = 16;
        bool i8 = rndn(g, 2);
        rm_pick(g, &o, true);
        opc[0] = i8 ? 0x6B : 0x69;
        emit_rm(g, &o, bits == 32, opc, 1, dreg(g));
        imm(g, i8 ? 8 : bits);
        break;
    }
    case 3:
    case 4: { /* DIV by a divisor above the high half: the quotient fits */
        uint32_t dv = bits == 8    ? 0x10 + rndn(g, 0xF0)
                      : bits == 16 ? 0x100 + rndn(g, 0xFF00)
                                   : 0x10000 + rnd(g);
        if (bits == 8) {
            b(g, 0xB4); /* mov ah, below dv */
            b(g, rndn(g, dv));
            b(g, 0xB1); /* mov cl, dv */
            b(g, dv);
        } else {
            mov_imm(g, 2, rndn(g, dv), o32);
            mov_imm(g, 1, dv, o32);
        }
        if (kind == 4) { /* from memory: store the divisor first */
            g->no_ecx = true;
            rm_pick(g, &o, false);
            g->no_ecx = false;
            uint8_t mv = bits == 8 ? 0x88 : 0x89;
            emit_rm(g, &o, o32, &mv, 1, 1);
        } else {
            memset(&o, 0, sizeof(o));
            o.modrm = 0xC1;
        }
        opc[0] = bits == 8 ? 0xF6 : 0xF7;
        emit_rm(g, &o, o32, opc, 1, 6);
        break;
    }
    default: { /* IDIV of a sign-extended accumulator by |divisor| >= 2 */
        uint32_t dv = 2 + rndn(g, bits == 8 ? 100 : 30000);
        if (rndn(g, 2))
            dv = (uint32_t) - (int32_t)dv;
        if (bits == 8) {
            b(g, 0x98); /* cbw */
            b(g, 0xB1);
            b(g, dv);
        } else {
            if (o32)
                b(g, 0x66);
            b(g, 0x99); /* cwd / cdq */
            mov_imm(g, 1, dv, o32);
        }
        memset(&o, 0, sizeof(o));
        o.modrm = 0xC1;
        opc[0] = bits == 8 ? 0xF6 : 0xF7;
        emit_rm(g, &o, o32, opc, 1, 7);
        break;
    }
    }
    g->undef =
        kind <= 2 ? (g->undef & ~ALL_STATUS) | (ALL_STATUS & ~(FLAG_CF | FLAG_OF)) : ALL_STATUS;
}

static void gen_string(struct gen *g)
{
    static const uint8_t ops[] = {0xA4, 0xA5, 0xAA, 0xAB, 0xAC, 0xAD, 0xA6, 0xA7, 0xAE, 0xAF};
    uint8_t op = ops[rndn(g, sizeof(ops))];
    bool a32 = !rndn(g, 3), o32 = (op & 1) && !rndn(g, 2);
    bool cmp = op >= 0xA6 && (op <= 0xA7 || op >= 0xAE);
    unsigned n = 1 + rndn(g, 16);
    b(g, rndn(g, 2) ? 0xFC : 0xFD); /* cld / std */
    mov_imm(g, 6, 0x300 + rndn(g, 0x900), a32);
    mov_imm(g, 7, 0x300 + rndn(g, 0x900), a32);
    mov_imm(g, 1, n, a32);
    if (!rndn(g, 4) && op != 0xAA && op != 0xAB && op != 0xAE && op != 0xAF)
        b(g, rndn(g, 2) ? 0x26 : 0x64); /* DS:SI source may be overridden */
    if (a32)
        b(g, 0x67);
    if (o32)
        b(g, 0x66);
    if (rndn(g, 4))
        b(g, cmp ? (rndn(g, 2) ? 0xF3 : 0xF2) : 0xF3);
    b(g, op);
    if (cmp)
        g->undef = 0;
}

static void gen_bits(struct gen *g)
{
    int kind = (int)rndn(g, 6), bits = rndn(g, 2) ? 32 : 16;
    bool o32 = bits == 32;
    struct rm o;
    uint8_t opc[2] = {0x0F, 0};
    switch (kind) {
    case 0: { /* BT/BTS/BTR/BTC r/m, reg: a small bit offset in the register */
        int reg = (int)rndn(g, 2) * 2; /* AX or DX: no address uses them */
        mov_imm(g, reg, rndn(g, 64), o32);
        rm_pick(g, &o, true);
        if (!o.mem && (o.modrm & 7) == 4)
            o.modrm = 0xC0 | (uint8_t)reg;
        opc[1] = (uint8_t)(0xA3 + 8 * rndn(g, 4));
        emit_rm(g, &o, o32, opc, 2, reg);
        g->undef = (g->undef & ~FLAG_CF) | FLAG_OF | FLAG_SF | FLAG_AF | FLAG_PF;
        break;
    }
    case 1: /* BT* r/m, imm8 */
        rm_pick_dst(g, &o, bits);
        opc[1] = 0xBA;
        emit_rm(g, &o, o32, opc, 2, 4 + (int)rndn(g, 4));
        b(g, rnd(g));
        g->undef = (g->undef & ~FLAG_CF) | FLAG_OF | FLAG_SF | FLAG_AF | FLAG_PF;
        break;
    case 2: { /* BSF/BSR of a source made non-zero */
        int src = dreg(g);
        if (o32)
            b(g, 0x66);
        b(g, 0x0D + 0); /* or ax, imm (accumulator), then move it to src */
        if (o32)
            w32(g, rnd(g) | 1);
        else
            w16(g, rnd(g) | 1);
        if (o32)
            b(g, 0x66);
        b(g, 0x89);
        b(g, 0xC0 | 0 << 3 | src);
        memset(&o, 0, sizeof(o));
        o.modrm = (uint8_t)(0xC0 | src);
        opc[1] = rndn(g, 2) ? 0xBC : 0xBD;
        emit_rm(g, &o, o32, opc, 2, dreg(g));
        g->undef = ALL_STATUS & ~FLAG_ZF;
        break;
    }
    case 3: { /* SETcc */
        static const unsigned reads[8] = {
            FLAG_OF, FLAG_CF, FLAG_ZF,           FLAG_CF | FLAG_ZF,
            FLAG_SF, FLAG_PF, FLAG_SF | FLAG_OF, FLAG_SF | FLAG_OF | FLAG_ZF};
        unsigned cc = rndn(g, 16);
        need_flags(g, reads[cc / 2]);
        rm_pick_dst(g, &o, 8);
        opc[1] = (uint8_t)(0x90 + cc);
        emit_rm(g, &o, false, opc, 2, 0);
        break;
    }
    case 4: { /* SHLD/SHRD */
        unsigned count = 1 + rndn(g, (unsigned)bits - 1);
        bool cl = rndn(g, 2);
        if (cl) {
            b(g, 0xB1);
            b(g, count);
        }
        g->no_ecx = cl;
        rm_pick_dst(g, &o, bits);
        g->no_ecx = false;
        if (cl && !o.mem && (o.modrm & 7) == 1)
            o.modrm = 0xC0;
        int reg = (int)rndn(g, 8);
        opc[1] = (uint8_t)((rndn(g, 2) ? 0xA4 : 0xAC) + cl);
        emit_rm(g, &o, o32, opc, 2, reg);
        if (!cl)
            b(g, count);
        g->undef = FLAG_AF | (count != 1 ? FLAG_OF : 0);
        break;
    }
    default: { /* MOVZX/MOVSX */
        bool word = rndn(g, 2);
        rm_pick(g, &o, true);
        opc[1] = (uint8_t)((rndn(g, 2) ? 0xB6 : 0xBE) + word);
        emit_rm(g, &o, o32 || word, opc, 2, dreg(g));
        break;
    }
    }
}

static void gen_move(struct gen *g)
{
    int bits = pick_bits(g);
    bool o32 = bits == 32;
    struct rm o;
    uint8_t opc;
    switch (rndn(g, g->w16 ? 5 : 7)) {
    case 0: /* XCHG r/m, reg */
        rm_pick_dst(g, &o, bits);
        opc = bits == 8 ? 0x86 : 0x87;
        emit_rm(g, &o, o32, &opc, 1, bits == 8 ? (int)rndn(g, 8) : dreg(g));
        break;
    case 1: /* XCHG AX, reg */
        if (o32)
            b(g, 0x66);
        b(g, 0x90 + dreg(g));
        break;
    case 2: { /* LEA with any registers: no memory is touched */
        int reg = dreg(g);
        if (g->w16 || rndn(g, 2)) {
            if (o32)
                b(g, 0x66);
            b(g, 0x8D);
            b(g, (unsigned)(0x80 | reg << 3 | rndn(g, 8)));
            w16(g, rnd(g));
        } else {
            b(g, 0x67);
            if (o32)
                b(g, 0x66);
            b(g, 0x8D);
            b(g, (unsigned)(0x84 | reg << 3));
            b(g, rnd(g) & 0xFF);
            w32(g, rnd(g));
        }
        break;
    }
    case 3: /* MOV r/m, reg / reg, r/m */
    {
        int dir = (int)rndn(g, 2);
        if (dir)
            rm_pick(g, &o, true);
        else
            rm_pick_dst(g, &o, bits);
        opc = (uint8_t)(0x88 + dir * 2 + (bits != 8));
        emit_rm(g, &o, o32, &opc, 1,
                dir ? (bits == 8 ? (int)rndn(g, 8) : dreg(g)) : (int)rndn(g, 8));
        break;
    }
    case 4: /* MOV r/m, imm */
        rm_pick_dst(g, &o, bits);
        opc = bits == 8 ? 0xC6 : 0xC7;
        emit_rm(g, &o, o32, &opc, 1, 0);
        imm(g, bits);
        break;
    case 5: /* CBW/CWDE, CWD/CDQ, XLAT */
        if (rndn(g, 3) == 0) {
            mov_imm(g, 3, 0x100 + rndn(g, 0xB00), false);
            b(g, 0xD7);
        } else {
            if (o32)
                b(g, 0x66);
            b(g, 0x98 + rndn(g, 2));
        }
        break;
    default: /* BSWAP r32 */
        b(g, 0x66);
        b(g, 0x0F);
        b(g, 0xC8 + dreg(g));
        break;
    }
}

static void gen_stack(struct gen *g)
{
    bool o32 = !g->w16 && rndn(g, 2);
    struct rm o;
    if (g->in_skip)
        return;
    if (g->depth > 0 && rndn(g, 2)) {
        int words = o32 ? 2 : 1;
        if (g->depth < words)
            o32 = false, words = 1;
        if (rndn(g, 3)) {
            if (o32)
                b(g, 0x66);
            b(g, 0x58 + dreg(g));
        } else {
            uint8_t opc = 0x8F;
            rm_pick(g, &o, false);
            emit_rm(g, &o, o32, &opc, 1, 0);
        }
        g->depth -= words;
        return;
    }
    if (g->depth > 40)
        return;
    switch (rndn(g, 3)) {
    case 0:
        if (o32)
            b(g, 0x66);
        b(g, 0x50 + rndn(g, 8));
        break;
    case 1:
        if (o32)
            b(g, 0x66);
        if (rndn(g, 2)) {
            b(g, 0x6A);
            b(g, rnd(g));
        } else {
            b(g, 0x68);
            imm(g, o32 ? 32 : 16);
        }
        break;
    default: {
        uint8_t opc = 0xFF;
        rm_pick(g, &o, false);
        emit_rm(g, &o, o32, &opc, 1, 6);
        break;
    }
    }
    g->depth += o32 ? 2 : 1;
}

static void gen_misc(struct gen *g)
{
    bool o32 = rndn(g, 2);
    struct rm o;
    uint8_t opc[2] = {0x0F, 0};
    switch (rndn(g, 8)) {
    case 0: /* CLC, STC, CMC */
    {
        int k = (int)rndn(g, 3);
        if (k == 2)
            need_flags(g, FLAG_CF);
        b(g, k == 0 ? 0xF8 : k == 1 ? 0xF9 : 0xF5);
        g->undef &= ~FLAG_CF;
        break;
    }
    case 1: /* LAHF, SAHF */
        if (rndn(g, 2)) {
            need_flags(g, ALL_STATUS & ~FLAG_OF);
            b(g, 0x9F);
        } else {
            b(g, 0x9E);
            g->undef &= FLAG_OF;
        }
        break;
    case 2: /* DAA, DAS */
        need_flags(g, FLAG_CF | FLAG_AF);
        b(g, rndn(g, 2) ? 0x27 : 0x2F);
        g->undef = FLAG_OF;
        break;
    case 3: /* AAA, AAS */
        need_flags(g, FLAG_AF);
        b(g, rndn(g, 2) ? 0x37 : 0x3F);
        g->undef = FLAG_OF | FLAG_SF | FLAG_ZF | FLAG_PF;
        break;
    case 4: /* AAM, AAD with a non-zero base */
        b(g, rndn(g, 2) ? 0xD4 : 0xD5);
        b(g, 1 + rndn(g, 255));
        /* KVM's emulator (em_aam, em_aad) takes SF and ZF from all of AX rather than AL:
         * those two are not compared after AAM/AAD */
        g->undef = FLAG_OF | FLAG_AF | FLAG_CF | FLAG_SF | FLAG_ZF;
        break;
    case 5: { /* XADD */
        int bits = pick_bits(g);
        rm_pick_dst(g, &o, bits);
        opc[1] = bits == 8 ? 0xC0 : 0xC1;
        emit_rm(g, &o, bits == 32, opc, 2, bits == 8 ? (int)rndn(g, 8) : dreg(g));
        g->undef = 0;
        break;
    }
    case 6: { /* CMPXCHG */
        int bits = pick_bits(g);
        rm_pick_dst(g, &o, bits);
        opc[1] = bits == 8 ? 0xB0 : 0xB1;
        emit_rm(g, &o, bits == 32, opc, 2, bits == 8 ? (int)rndn(g, 8) : dreg(g));
        g->undef = 0;
        break;
    }
    default: /* TEST r/m, reg / imm */
    {
        int bits = pick_bits(g);
        rm_pick(g, &o, true);
        if (rndn(g, 2)) {
            uint8_t t = bits == 8 ? 0x84 : 0x85;
            emit_rm(g, &o, bits == 32, &t, 1, (int)rndn(g, 8));
        } else {
            uint8_t t = bits == 8 ? 0xF6 : 0xF7;
            emit_rm(g, &o, bits == 32, &t, 1, 0);
            imm(g, bits);
        }
        g->undef = FLAG_AF;
        (void)o32;
        break;
    }
    }
}

static void gen_item(struct gen *g);

/* A forward Jcc over one to three items: both paths join with the union of what is
 * undefined on each. */
static void gen_jcc(struct gen *g)
{
    static const unsigned reads[8] = {
        FLAG_OF, FLAG_CF, FLAG_ZF,           FLAG_CF | FLAG_ZF,
        FLAG_SF, FLAG_PF, FLAG_SF | FLAG_OF, FLAG_SF | FLAG_OF | FLAG_ZF};
    unsigned cc = rndn(g, 16);
    bool near = !g->w16 && rndn(g, 2);
    if (g->in_skip)
        return;
    need_flags(g, reads[cc / 2]);
    unsigned before = g->undef;
    size_t at;
    if (near) {
        b(g, 0x0F);
        b(g, 0x80 + cc);
        at = g->n;
        w16(g, 0);
    } else {
        b(g, 0x70 + cc);
        at = g->n;
        b(g, 0);
    }
    g->in_skip = true;
    for (unsigned i = 1 + rndn(g, 3); i > 0; i--)
        gen_item(g);
    g->in_skip = false;
    size_t dist = g->n - at - (near ? 2 : 1);
    if (!near && dist > 127) { /* too far for rel8: skip nothing */
        g->code[at] = 0;
    } else if (near) {
        g->code[at] = (uint8_t)dist;
        g->code[at + 1] = (uint8_t)(dist >> 8);
    } else {
        g->code[at] = (uint8_t)dist;
    }
    g->undef |= before;
}

static void gen_item(struct gen *g)
{
    if (g->w16) {
        switch (rndn(g, 9)) {
        case 0:
        case 1:
        case 2: gen_alu(g); break;
        case 3: gen_unary(g); break;
        case 4:
        case 5: gen_move(g); break;
        case 6: gen_stack(g); break;
        case 7: gen_shift(g); break;
        default: gen_jcc(g); break;
        }
        return;
    }
    switch (rndn(g, 10)) {
    case 0:
    case 1: gen_alu(g); break;
    case 2: gen_unary(g); break;
    case 3: gen_shift(g); break;
    case 4: gen_muldiv(g); break;
    case 5: gen_string(g); break;
    case 6: gen_bits(g); break;
    case 7: gen_move(g); break;
    case 8: rndn(g, 2) ? gen_stack(g) : gen_misc(g); break;
    default: rndn(g, 2) ? gen_jcc(g) : gen_misc(g); break;
    }
}

/* ---- running ---- */
static uint32_t no_in(void *ctx, uint16_t port, unsigned size)
{
    return 0xFFFFFFFFu;
}

static void no_out(void *ctx, uint16_t port, unsigned size, uint32_t value)
{
}

static int no_ack(void *ctx)
{
    return -1;
}

struct side {
    const struct cpu_ops *ops;
    struct cpu *cpu;
    uint8_t *mem;
    struct memmap map;
    struct cpu_regs r;
    struct cpu_exit ex;
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void side_run(struct side *s, const struct gen *g, const uint8_t *scratch,
                     const struct cpu_regs *init)
{
    memcpy(s->mem + CODE_SEG * 16, g->code, g->n);
    s->mem[CODE_SEG * 16 + g->n] = 0xF4; /* HLT */
    memcpy(s->mem + DATA_SEG * 16, scratch, SCRATCH);
    s->ops->set_regs(s->cpu, init);
    s->ops->run(s->cpu, now_ns() + 2000000000u, &s->ex);
    s->ops->get_regs(s->cpu, &s->r);
}

static void dump(const struct gen *g)
{
    printf("  code (%zu bytes):", g->n);
    for (size_t i = 0; i < g->n; i++)
        printf("%s%02X", i % 24 ? " " : "\n    ", g->code[i]);
    printf("\n");
}

int main(void)
{
    static const struct cpu_host host = {NULL, no_in, no_out, no_ack};
    const char *env_seed = getenv("HVDOS_DIFF_SEED"), *env_count = getenv("HVDOS_DIFF_COUNT");
    uint64_t seed = env_seed ? strtoull(env_seed, NULL, 0) : 20261126u;
    unsigned count = env_count ? (unsigned)atoi(env_count) : 600;
    struct side side[2] = {{.ops = &cpu_interp_ops}, {.ops = &cpu_kvm_ops}};
    char err[256];
    uint8_t scratch[SCRATCH];
    unsigned failures = 0;
    size_t instr_bytes = 0;

    for (int i = 0; i < 2; i++) {
        struct cpu_config cfg;
        side[i].mem = aligned_alloc(4096, MEMMAP_PC_ALLOC);
        if (!side[i].mem)
            return 1;
        memset(side[i].mem, 0, MEMMAP_PC_ALLOC);
        memmap_init_pc(&side[i].map, side[i].mem, MEMMAP_PC_ALLOC);
        cfg.map = &side[i].map;
        cfg.host = &host;
        if (side[i].ops->create(&cfg, &side[i].cpu, err, sizeof(err))) {
            printf("SKIP: %s backend: %s\n", side[i].ops->name, err);
            return 77;
        }
    }
    for (unsigned seq = 0; seq < count; seq++) {
        struct gen g = {.rng = (seed + seq) * 0x9E3779B97F4A7C15ull | 1, .w16 = seq & 1};
        struct cpu_regs init = {0};
        for (int i = 0; i < 8; i++)
            rnd(&g);
        for (unsigned i = 0; i < ITEMS && g.n < CODE_MAX - 200; i++)
            gen_item(&g);
        instr_bytes += g.n;
        for (unsigned i = 0; i < SCRATCH; i++)
            scratch[i] = (uint8_t)rnd(&g);
        init.eax = rnd(&g) ^ rnd(&g) << 16;
        init.ecx = rnd(&g) ^ rnd(&g) << 16;
        init.edx = rnd(&g) ^ rnd(&g) << 16;
        init.ebx = rnd(&g) ^ rnd(&g) << 16;
        init.ebp = rnd(&g) ^ rnd(&g) << 16;
        init.esi = rnd(&g) ^ rnd(&g) << 16;
        init.edi = rnd(&g) ^ rnd(&g) << 16;
        init.esp = STACK_TOP;
        init.eflags = 0x0002u | (rnd(&g) & ALL_STATUS) | (rndn(&g, 2) ? FLAG_DF : 0);
        init.cs = CODE_SEG;
        init.ip = 0;
        init.ds = init.es = init.ss = init.fs = init.gs = DATA_SEG;

        for (int i = 0; i < 2; i++)
            side_run(&side[i], &g, scratch, &init);

        const struct cpu_regs *a = &side[0].r, *k = &side[1].r;
        uint32_t fmask = ~(g.undef | 0xFFFF0000u);
        bool bad = side[0].ex.reason != CPU_STOP_HLT || side[1].ex.reason != CPU_STOP_HLT;
        char what[600] = "";
        size_t wn = 0;
#define CMP(f)                                                                                \
    if (a->f != k->f) {                                                                       \
        bad = true;                                                                           \
        wn += (size_t)snprintf(what + wn, sizeof(what) - wn, " " #f ": interp %08X kvm %08X", \
                               (unsigned)a->f, (unsigned)k->f);                               \
    }
        CMP(eax) CMP(ecx) CMP(edx) CMP(ebx) CMP(esp) CMP(ebp) CMP(esi) CMP(edi) CMP(eip);
        if ((a->eflags & fmask) != (k->eflags & fmask)) {
            bad = true;
            wn += (size_t)snprintf(
                what + wn, sizeof(what) - wn, " flags: interp %04X kvm %04X (undefined %04X)",
                (unsigned)a->eflags & 0xFFFF, (unsigned)k->eflags & 0xFFFF, g.undef);
        }
        for (unsigned i = 0; i < SCRATCH; i++) {
            uint8_t va = side[0].mem[DATA_SEG * 16 + i], vk = side[1].mem[DATA_SEG * 16 + i];
            if (va != vk) {
                bad = true;
                snprintf(what + wn, sizeof(what) - wn, " memory %04X: interp %02X kvm %02X", i, va,
                         vk);
                break;
            }
        }
        if (bad) {
            failures++;
            printf("FAIL: sequence %u (HVDOS_DIFF_SEED=%llu, sequence seed %llu):%s\n", seq,
                   (unsigned long long)seed, (unsigned long long)(seed + seq), what);
            if (side[0].ex.reason != CPU_STOP_HLT || side[1].ex.reason != CPU_STOP_HLT)
                printf("  stops: interp %d (%s), kvm %d (%s)\n", side[0].ex.reason, side[0].ex.msg,
                       side[1].ex.reason, side[1].ex.msg);
            dump(&g);
            if (failures >= 5)
                break;
        }
    }
    char stats[200] = "", istats[200] = "";
    if (side[1].ops->stats)
        side[1].ops->stats(side[1].cpu, stats, sizeof(stats));
    side[0].ops->stats(side[0].cpu, istats, sizeof(istats));
    printf("%u sequences, %zu code bytes, seed %llu: %u differ (%s; %s)\n", count, instr_bytes,
           (unsigned long long)seed, failures, istats, stats);
    /* the sequences must also have exercised the predecoded blocks, not only the switch */
    if (interp_block_insns(side[0].cpu) == 0) {
        printf("FAIL: no instruction ran in a predecoded block\n");
        failures++;
    }
    for (int i = 0; i < 2; i++) {
        side[i].ops->destroy(side[i].cpu);
        free(side[i].mem);
    }
    return failures ? 1 : 0;
}
