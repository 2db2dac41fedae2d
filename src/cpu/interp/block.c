/* Predecoded blocks: runs of the common 16-bit instructions along their likely path (on
 * through JMPs, round small loops), decoded once into arrays of handler calls ("uops")
 * with their operands worked out, and run from a cache keyed by CS:IP. What a block
 * cannot hold (prefixes 66h/67h/F0h/F2h/F3h, string, far and system instructions, ...)
 * ends it and runs in exec.c's switch.
 *
 * Self-modifying code needs no write tracking: a block keeps a copy of its bytes and
 * compares them with memory each time it is entered (a word or two for a typical loop
 * body), so any change made by the guest, the host (DOS reading a program in) or another
 * block is seen; a store from inside a block into its own bytes ends the block after that
 * instruction, so the changed code runs as changed. */
#include <stdlib.h>
#include <sys/mman.h>

#include "cpu/interp/alu.h"
#include "cpu/interp/interp_priv.h"

#define BLK_INSNS 24    /* instructions in a block at most (loops unrolled included) */
#define BLK_BYTES 64    /* bytes in a block at most */
#define BLK_SLOTS 16384 /* direct-mapped cache entries */
/* Blocks start only where their bytes, and the 8-byte words compared with them, lie in
 * RAM below C0000 and inside the code segment without wrapping. */
#define BLK_LIN_END    INTERP_BLK_LIN_END
#define BLK_ALLOC      (BLK_SLOTS * sizeof(struct iblock))
#define BLK_NONE_ALLOC (BLK_LIN_END / 8 + 1)
_Static_assert(BLK_LIN_END <= MEMMAP_LOW_END - BLK_BYTES - 16, "block bytes stay in RAM");
#define BLK_EIP_END  (0x10000u - BLK_BYTES - 16)
#define BLK_KEY(lin) ((lin) | 0x80000000u)

struct uop;
/* A handler runs its instruction and tail-calls the next uop's, so a block runs as a chain
 * of jumps; a handler that leaves the block (a taken branch, its end) stores the next IP
 * in s->eip and returns. */
typedef void uop_fn(struct interp *s, const struct uop *u);

struct uop {
    uop_fn *fn;
    uint32_t imm;  /* immediate, or a branch target */
    uint16_t ip;   /* this instruction's IP */
    uint16_t nip;  /* the next one's */
    uint16_t disp; /* memory operand: (base & bmask) + (index & imask) + disp in segment seg */
    uint16_t bmask, imask;
    uint8_t base, idx, seg;
    /* register operands: an index into s->r for 16 bits, a byte offset into s->r for 8
     * bits; `d` is the destination (or the ModRM reg operand of a memory form) */
    uint8_t d, src;
    uint8_t cc;
};

struct iblock {
    uint32_t key, eip; /* tag: where it starts, as BLK_KEY(lin) (0 in an empty slot) */
    uint32_t vlin;     /* its bytes: len from vlin (from before lin when it holds a loop) */
    uint8_t n;         /* instructions; 0: none starts here that a block can hold */
    uint8_t len;       /* bytes to compare */
    uint8_t words;
    uint64_t code[BLK_BYTES / 8 + 1]; /* the bytes, zero past len */
    uint64_t mask[2];                 /* the bytes of the first two words that count */
    struct uop u[BLK_INSNS + 1];      /* ends with a uop that leaves the block */
};

#define R16(i) (s->r[(i)].w)
#define R8(o)  (((uint8_t *)s->r)[(o)])

static inline uint64_t ld64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* ---- operands ---- */

static inline uint32_t u_off(const struct interp *s, const struct uop *u)
{
    return ((s->r[u->base].w & u->bmask) + (s->r[u->idx].w & u->imask) + u->disp) & 0xFFFFu;
}

/* The memory operand's linear address; a segment overrun faults with IP at this
 * instruction. */
static inline uint32_t u_lin(struct interp *s, const struct uop *u, unsigned size)
{
    uint32_t off = u_off(s, u);
    if (unlikely(off > 0x10000u - size)) {
        s->eip = u->ip;
        interp_fault(s, u->seg == SEG_SS ? 12 : 13);
    }
    return s->sbase[u->seg] + off;
}

/* After a store at lin: on to the next uop, unless the store reached the running block's
 * own bytes; then the block ends with IP past this instruction. */
#define STORED(lin)                                    \
    do {                                               \
        if (unlikely((lin)-s->blk_lo < s->blk_span)) { \
            s->eip = u->nip;                           \
            return;                                    \
        }                                              \
        NEXT();                                        \
    } while (0)

/* ---- handlers ---- */

#define UOP(name) static void name(struct interp *s, const struct uop *u)
#define NEXT()             \
    do {                   \
        u[1].fn(s, u + 1); \
        return;            \
    } while (0)

/* A memory uop is written once as name_do(s, u, lin, fast) and made into a handler whose
 * common path (the operand in RAM: `fast`) touches s->mem directly and calls nothing, so
 * it needs no stack frame; any other address goes to a cold copy through the memory map. */
#define RD8(lin)  (fast ? s->mem[lin] : rd8l(s, lin))
#define RD16(lin) (fast ? ld16(s->mem + (lin)) : rd16l(s, lin))
#define WR8(lin, v)                     \
    do {                                \
        if (fast)                       \
            s->mem[lin] = (uint8_t)(v); \
        else                            \
            wr8l(s, lin, (uint8_t)(v)); \
    } while (0)
#define WR16(lin, v)                             \
    do {                                         \
        if (fast)                                \
            st16(s->mem + (lin), (uint16_t)(v)); \
        else                                     \
            wr16l(s, lin, (uint16_t)(v));        \
    } while (0)
#define UOP_DO(name)                                             \
    static inline __attribute__((always_inline)) void name##_do( \
        struct interp *s, const struct uop *u, uint32_t lin, const bool fast)
#define UOP_SPLIT(name, LIN)                                                                       \
    static __attribute__((noinline, cold)) void name##_slow(struct interp *s, const struct uop *u, \
                                                            uint32_t lin)                          \
    {                                                                                              \
        name##_do(s, u, lin, false);                                                               \
    }                                                                                              \
    UOP(name)                                                                                      \
    {                                                                                              \
        uint32_t lin = (LIN);                                                                      \
        if (unlikely(lin > MEMMAP_LOW_END - 4)) {                                                  \
            name##_slow(s, u, lin);                                                                \
            return;                                                                                \
        }                                                                                          \
        name##_do(s, u, lin, true);                                                                \
    }
/* a memory uop on the ModRM operand of `size` bytes */
#define MEM_UOP(name, size, ...) UOP_DO(name){__VA_ARGS__} UOP_SPLIT(name, u_lin(s, u, size))

UOP(u_end)
{
    s->eip = u->ip;
}

/* The handlers of one instruction in both operand widths are one macro with the width W
 * (16 or 8) pasted into names: REGW is the register accessor, RDW/WRW the memory ones. */
#define REG16(i) R16(i)
#define REG8(o)  R8(o)

/* ALU operations: rr (register, register), ri (register, immediate), mr (memory
 * destination, register source), rm (register destination, memory source), mi (memory,
 * immediate). */
#define ALU_UOPS_W(name, OP, W)                                                      \
    UOP(u_##name##W##rr)                                                             \
    {                                                                                \
        uint##W##_t v = (uint##W##_t)alu_op(s, OP, REG##W(u->d), REG##W(u->src), W); \
        if (OP != ALU_CMP)                                                           \
            REG##W(u->d) = v;                                                        \
        NEXT();                                                                      \
    }                                                                                \
    UOP(u_##name##W##ri)                                                             \
    {                                                                                \
        uint##W##_t v = (uint##W##_t)alu_op(s, OP, REG##W(u->d), u->imm, W);         \
        if (OP != ALU_CMP)                                                           \
            REG##W(u->d) = v;                                                        \
        NEXT();                                                                      \
    }                                                                                \
    MEM_UOP(u_##name##W##mr, W / 8, {                                                \
        uint##W##_t v = (uint##W##_t)alu_op(s, OP, RD##W(lin), REG##W(u->d), W);     \
        if (OP == ALU_CMP)                                                           \
            NEXT();                                                                  \
        WR##W(lin, v);                                                               \
        STORED(lin);                                                                 \
    })                                                                               \
    MEM_UOP(u_##name##W##rm, W / 8, {                                                \
        uint##W##_t v = (uint##W##_t)alu_op(s, OP, REG##W(u->d), RD##W(lin), W);     \
        if (OP != ALU_CMP)                                                           \
            REG##W(u->d) = v;                                                        \
        NEXT();                                                                      \
    })                                                                               \
    MEM_UOP(u_##name##W##mi, W / 8, {                                                \
        uint##W##_t v = (uint##W##_t)alu_op(s, OP, RD##W(lin), u->imm, W);           \
        if (OP == ALU_CMP)                                                           \
            NEXT();                                                                  \
        WR##W(lin, v);                                                               \
        STORED(lin);                                                                 \
    })
#define ALU_UOPS(name, OP) ALU_UOPS_W(name, OP, 16) ALU_UOPS_W(name, OP, 8)

ALU_UOPS(add, ALU_ADD)
ALU_UOPS(or, ALU_OR)
ALU_UOPS(adc, ALU_ADC)
ALU_UOPS(sbb, ALU_SBB)
ALU_UOPS(and, ALU_AND)
ALU_UOPS(sub, ALU_SUB)
ALU_UOPS(xor, ALU_XOR)
ALU_UOPS(cmp, ALU_CMP)
#undef ALU_UOPS
#undef ALU_UOPS_W

/* by ALU operation, then form: rr ri mr rm mi for 16 bits, then the same for 8 */
#define ALU_ROW(name)                                                                   \
    {                                                                                   \
        u_##name##16rr, u_##name##16ri, u_##name##16mr, u_##name##16rm, u_##name##16mi, \
            u_##name##8rr, u_##name##8ri, u_##name##8mr, u_##name##8rm, u_##name##8mi   \
    }
enum { F_RR, F_RI, F_MR, F_RM, F_MI, F_8 = 5 };
static uop_fn *const alu_uops[8][10] = {
    ALU_ROW(add), ALU_ROW(or),  ALU_ROW(adc), ALU_ROW(sbb),
    ALU_ROW(and), ALU_ROW(sub), ALU_ROW(xor), ALU_ROW(cmp),
};
#undef ALU_ROW

/* TEST (AND without the store), MOV */
#define TEST_MOV_UOPS(W)                               \
    UOP(u_test##W##rr)                                 \
    {                                                  \
        lf_logic(s, REG##W(u->d) & REG##W(u->src), W); \
        NEXT();                                        \
    }                                                  \
    UOP(u_test##W##ri)                                 \
    {                                                  \
        lf_logic(s, REG##W(u->d) & u->imm, W);         \
        NEXT();                                        \
    }                                                  \
    MEM_UOP(u_test##W##mr, W / 8, {                    \
        lf_logic(s, RD##W(lin) & REG##W(u->d), W);     \
        NEXT();                                        \
    })                                                 \
    MEM_UOP(u_test##W##mi, W / 8, {                    \
        lf_logic(s, RD##W(lin) & u->imm, W);           \
        NEXT();                                        \
    })                                                 \
    UOP(u_mov##W##rr)                                  \
    {                                                  \
        REG##W(u->d) = REG##W(u->src);                 \
        NEXT();                                        \
    }                                                  \
    UOP(u_mov##W##ri)                                  \
    {                                                  \
        REG##W(u->d) = (uint##W##_t)u->imm;            \
        NEXT();                                        \
    }                                                  \
    MEM_UOP(u_mov##W##mr, W / 8, {                     \
        WR##W(lin, REG##W(u->d));                      \
        STORED(lin);                                   \
    })                                                 \
    MEM_UOP(u_mov##W##rm, W / 8, {                     \
        REG##W(u->d) = RD##W(lin);                     \
        NEXT();                                        \
    })                                                 \
    MEM_UOP(u_mov##W##mi, W / 8, {                     \
        WR##W(lin, u->imm);                            \
        STORED(lin);                                   \
    })
TEST_MOV_UOPS(16)
TEST_MOV_UOPS(8)
#undef TEST_MOV_UOPS

UOP(u_lea16)
{
    R16(u->d) = (uint16_t)u_off(s, u);
    NEXT();
}

/* One-operand instructions on a register (r) or memory (m): INC and DEC (CF kept), NOT,
 * NEG; EXPR computes the result from v. */
#define UNARY_UOPS(name, W, EXPR)           \
    UOP(u_##name##W##r)                     \
    {                                       \
        uint32_t v = REG##W(u->d);          \
        REG##W(u->d) = (uint##W##_t)(EXPR); \
        NEXT();                             \
    }                                       \
    MEM_UOP(u_##name##W##m, W / 8, {        \
        uint32_t v = RD##W(lin);            \
        WR##W(lin, EXPR);                   \
        STORED(lin);                        \
    })
#define UNARY_UOPS_BOTH(W)               \
    UNARY_UOPS(inc, W, alu_inc(s, v, W)) \
    UNARY_UOPS(dec, W, alu_dec(s, v, W)) \
    UNARY_UOPS(not, W, ~v)               \
    UNARY_UOPS(neg, W, alu_neg(s, v, W))
UNARY_UOPS_BOTH(16)
UNARY_UOPS_BOTH(8)
#undef UNARY_UOPS_BOTH
#undef UNARY_UOPS

/* Shifts and rotates (group 2, the operation in `cc`): by CL when `src` is set, else by
 * `imm`; a count of 0 (after masking to 5 bits) changes nothing, but a memory operand is
 * still read. XCHG swaps a register with a register or memory. */
static inline unsigned u_count(const struct interp *s, const struct uop *u)
{
    return (u->src ? s->r[R_CX].b[0] : u->imm) & 0x1Fu;
}
#define SHIFT_XCHG_UOPS(W)                                                         \
    UOP(u_shift##W##r)                                                             \
    {                                                                              \
        unsigned cnt = u_count(s, u);                                              \
        if (cnt)                                                                   \
            REG##W(u->d) = (uint##W##_t)alu_shift(s, u->cc, REG##W(u->d), cnt, W); \
        NEXT();                                                                    \
    }                                                                              \
    MEM_UOP(u_shift##W##m, W / 8, {                                                \
        unsigned cnt = u_count(s, u);                                              \
        uint##W##_t v = RD##W(lin);                                                \
        if (!cnt)                                                                  \
            NEXT();                                                                \
        WR##W(lin, alu_shift(s, u->cc, v, cnt, W));                                \
        STORED(lin);                                                               \
    })                                                                             \
    UOP(u_xchg##W##rr)                                                             \
    {                                                                              \
        uint##W##_t t = REG##W(u->d);                                              \
        REG##W(u->d) = REG##W(u->src);                                             \
        REG##W(u->src) = t;                                                        \
        NEXT();                                                                    \
    }                                                                              \
    MEM_UOP(u_xchg##W##m, W / 8, {                                                 \
        uint##W##_t t = RD##W(lin);                                                \
        WR##W(lin, REG##W(u->d));                                                  \
        REG##W(u->d) = t;                                                          \
        STORED(lin);                                                               \
    })
SHIFT_XCHG_UOPS(16)
SHIFT_XCHG_UOPS(8)
#undef SHIFT_XCHG_UOPS

/* NOP, CBW, CWD, flag instructions */
UOP(u_nop)
{
    NEXT();
}
UOP(u_cbw)
{
    R16(R_AX) = (uint16_t)(int16_t)(int8_t)s->r[R_AX].b[0];
    NEXT();
}
UOP(u_cwd)
{
    R16(R_DX) = R16(R_AX) & 0x8000 ? 0xFFFF : 0;
    NEXT();
}
UOP(u_clc)
{
    lf_set_cf(s, 0);
    NEXT();
}
UOP(u_stc)
{
    lf_set_cf(s, 1);
    NEXT();
}
UOP(u_cmc)
{
    s->lf_aux ^= 0xC0000000u;
    NEXT();
}
UOP(u_cld)
{
    s->eflags &= ~FLAG_DF;
    NEXT();
}
UOP(u_std)
{
    s->eflags |= FLAG_DF;
    NEXT();
}

/* Segment registers: MOV r/m16, Sreg and MOV ES/DS/FS/GS, r/m16 (SS, with its interrupt
 * shadow, and CS stay in the switch). */
UOP(u_movsr_r)
{
    R16(u->d) = s->sreg[u->src];
    NEXT();
}
MEM_UOP(u_movsr_m, 2, {
    WR16(lin, s->sreg[u->src]);
    STORED(lin);
})
UOP(u_movseg_r)
{
    interp_load_seg(s, u->src, R16(u->d));
    NEXT();
}
MEM_UOP(u_movseg_m, 2, {
    interp_load_seg(s, u->src, RD16(lin));
    NEXT();
})

/* Stack: SP is 16 bits; a push or pop straddling SS:FFFF raises #SS. */
static inline uint32_t u_stack(struct interp *s, const struct uop *u, uint32_t sp)
{
    if (unlikely(sp > 0xFFFEu)) {
        s->eip = u->ip;
        interp_fault(s, 12);
    }
    return s->sbase[SEG_SS] + sp;
}
#define SP_PUSH() ((R16(R_SP) - 2u) & 0xFFFFu)
UOP_DO(u_push16)
{
    WR16(lin, R16(u->d)); /* PUSH SP pushes the value before the push, as on a 286 */
    R16(R_SP) = (uint16_t)(R16(R_SP) - 2);
    STORED(lin);
}
UOP_SPLIT(u_push16, u_stack(s, u, SP_PUSH()))
UOP_DO(u_pop16)
{
    uint16_t v = RD16(lin);
    R16(R_SP) = (uint16_t)(R16(R_SP) + 2);
    R16(u->d) = v; /* after SP: POP SP loads the value popped */
    NEXT();
}
UOP_SPLIT(u_pop16, u_stack(s, u, R16(R_SP)))

UOP_DO(u_pushi)
{
    WR16(lin, u->imm);
    R16(R_SP) = (uint16_t)(R16(R_SP) - 2);
    STORED(lin);
}
UOP_SPLIT(u_pushi, u_stack(s, u, SP_PUSH()))

/* Transfers: a taken branch ends the block; a branch not taken goes on in it. */
#define JCC_UOP(cc)                  \
    UOP(u_jcc##cc)                   \
    {                                \
        if (alu_cond_const(s, cc)) { \
            s->eip = u->imm;         \
            return;                  \
        }                            \
        NEXT();                      \
    }
JCC_UOP(0)
JCC_UOP(1)
JCC_UOP(2)
JCC_UOP(3)
JCC_UOP(4)
JCC_UOP(5)
JCC_UOP(6)
JCC_UOP(7)
JCC_UOP(8)
JCC_UOP(9)
JCC_UOP(10)
JCC_UOP(11)
JCC_UOP(12)
JCC_UOP(13)
JCC_UOP(14)
JCC_UOP(15)
#undef JCC_UOP
static uop_fn *const jcc_uops[16] = {
    u_jcc0, u_jcc1, u_jcc2,  u_jcc3,  u_jcc4,  u_jcc5,  u_jcc6,  u_jcc7,
    u_jcc8, u_jcc9, u_jcc10, u_jcc11, u_jcc12, u_jcc13, u_jcc14, u_jcc15,
};

UOP(u_jmp)
{
    s->eip = u->imm;
}
UOP(u_loop)
{
    if (--R16(R_CX) != 0) {
        s->eip = u->imm;
        return;
    }
    NEXT();
}
/* LOOP back to the top of a loop the block holds again: on while CX is not 0 */
UOP(u_loop_back)
{
    if (--R16(R_CX) == 0) {
        s->eip = u->nip;
        return;
    }
    NEXT();
}
UOP_DO(u_call)
{
    WR16(lin, u->nip);
    R16(R_SP) = (uint16_t)(R16(R_SP) - 2);
    s->eip = u->imm;
}
UOP_SPLIT(u_call, u_stack(s, u, SP_PUSH()))
UOP_DO(u_ret)
{
    uint16_t v = RD16(lin);
    R16(R_SP) = (uint16_t)(R16(R_SP) + 2 + u->imm);
    s->eip = v;
}
UOP_SPLIT(u_ret, u_stack(s, u, R16(R_SP)))

/* ---- the decoder ---- */

/* 8-bit register i (AL CL DL BL AH CH DH BH) as a byte offset into s->r */
static uint8_t r8_off(unsigned i)
{
    return (uint8_t)((i & 3) * sizeof(union interp_gpr) + ((i >> 2) & 1));
}

/* Decodes the ModRM operand at *pp: true for a register (its number in *rm), false for
 * memory (the uop's address fields set). */
static bool dec_modrm(const uint8_t **pp, struct uop *u, int segovr, unsigned *reg, unsigned *rm)
{
    static const uint8_t base[8] = {R_BX, R_BX, R_BP, R_BP, R_SI, R_DI, R_BP, R_BX};
    static const uint8_t idx[8] = {R_SI, R_DI, R_SI, R_DI, 0, 0, 0, 0};
    const uint8_t *p = *pp;
    uint8_t m = *p++;
    unsigned mod = m >> 6;
    *reg = (m >> 3) & 7;
    *rm = m & 7;
    if (mod == 3) {
        *pp = p;
        return true;
    }
    u->bmask = 0xFFFF;
    u->base = base[m & 7];
    u->idx = idx[m & 7];
    u->imask = (m & 7) < 4 ? 0xFFFF : 0;
    u->seg = (m & 7) == 2 || (m & 7) == 3 || (m & 7) == 6 ? SEG_SS : SEG_DS;
    u->disp = 0;
    if (mod == 0 && (m & 7) == 6) {
        u->bmask = 0;
        u->seg = SEG_DS;
        u->disp = ld16(p);
        p += 2;
    } else if (mod == 1) {
        u->disp = (uint16_t)(int8_t)*p++;
    } else if (mod == 2) {
        u->disp = ld16(p);
        p += 2;
    }
    if (segovr >= 0)
        u->seg = (uint8_t)segovr;
    *pp = p;
    return false;
}

/* Sets a register operand of width `w` (16 or 8). */
static uint8_t reg_of(unsigned i, int w)
{
    return w == 16 ? (uint8_t)i : r8_off(i);
}

/* Decodes one instruction at p (IP `ip`) into *u. Returns its length, 0 when a block cannot
 * hold it; *ends is set for a transfer that ends the block. */
static unsigned dec_insn(const uint8_t *p0, uint16_t ip, struct uop *u, bool *ends)
{
    const uint8_t *p = p0;
    int segovr = -1;
    unsigned reg, rm;
    *ends = false;
    *u = (struct uop){0};
    for (;;) {
        uint8_t b = *p;
        if (b == 0x26 || b == 0x2E || b == 0x36 || b == 0x3E)
            segovr = (b >> 3) & 3;
        else if (b == 0x64 || b == 0x65)
            segovr = b - 0x60;
        else
            break;
        if (++p - p0 > 4)
            return 0;
    }
    uint8_t op = *p++;
    int w = op & 1 ? 16 : 8;
    unsigned f8 = op & 1 ? 0 : F_8;
    if (op < 0x40 && (op & 7) < 6) {
        uop_fn *const *row = alu_uops[op >> 3];
        if ((op & 7) >= 4) { /* AL/AX, imm */
            u->d = 0;
            u->imm = w == 16 ? ld16(p) : *p;
            p += w / 8;
            u->fn = row[F_RI + f8];
        } else if (dec_modrm(&p, u, segovr, &reg, &rm)) {
            bool to_reg = op & 2;
            u->d = reg_of(to_reg ? reg : rm, w);
            u->src = reg_of(to_reg ? rm : reg, w);
            u->fn = row[F_RR + f8];
        } else {
            u->d = reg_of(reg, w);
            u->fn = row[(op & 2 ? F_RM : F_MR) + f8];
        }
    } else if (op >= 0x40 && op <= 0x4F) {
        u->d = op & 7;
        u->fn = op < 0x48 ? u_inc16r : u_dec16r;
    } else if (op >= 0x50 && op <= 0x5F) {
        u->d = op & 7;
        u->fn = op < 0x58 ? u_push16 : u_pop16;
    } else if (op >= 0x70 && op <= 0x7F) {
        int8_t rel = (int8_t)*p++;
        u->imm = (uint16_t)(ip + (p - p0) + rel);
        u->cc = op & 0xF;
        u->fn = jcc_uops[op & 0xF];
    } else if (op >= 0x80 && op <= 0x83) {
        bool isreg = dec_modrm(&p, u, segovr, &reg, &rm);
        w = op == 0x80 || op == 0x82 ? 8 : 16;
        f8 = w == 8 ? F_8 : 0;
        if (op == 0x81) {
            u->imm = ld16(p);
            p += 2;
        } else {
            u->imm = op == 0x83 ? (uint16_t)(int8_t)*p : *p;
            p++;
        }
        if (isreg)
            u->d = reg_of(rm, w);
        u->fn = alu_uops[reg][(isreg ? F_RI : F_MI) + f8];
    } else if (op >= 0x84 && op <= 0x87) { /* TEST, XCHG r/m, reg */
        static uop_fn *const tx[2][2][2] = {
            {{u_test8mr, u_test8rr}, {u_test16mr, u_test16rr}},
            {{u_xchg8m, u_xchg8rr}, {u_xchg16m, u_xchg16rr}},
        };
        bool isreg = dec_modrm(&p, u, segovr, &reg, &rm);
        u->d = reg_of(isreg ? rm : reg, w);
        u->src = reg_of(reg, w);
        u->fn = tx[op >= 0x86][w == 16][isreg];
    } else if (op >= 0x88 && op <= 0x8B) {
        if (dec_modrm(&p, u, segovr, &reg, &rm)) {
            bool to_reg = op & 2;
            u->d = reg_of(to_reg ? reg : rm, w);
            u->src = reg_of(to_reg ? rm : reg, w);
            u->fn = w == 16 ? u_mov16rr : u_mov8rr;
        } else {
            u->d = reg_of(reg, w);
            if (op & 2)
                u->fn = w == 16 ? u_mov16rm : u_mov8rm;
            else
                u->fn = w == 16 ? u_mov16mr : u_mov8mr;
        }
    } else if (op == 0x8D) {
        if (dec_modrm(&p, u, segovr, &reg, &rm))
            return 0; /* LEA with a register operand: #UD, left to exec.c */
        u->d = (uint8_t)reg;
        u->fn = u_lea16;
    } else if (op == 0xA8 || op == 0xA9) {
        u->d = 0;
        u->imm = w == 16 ? ld16(p) : *p;
        p += w / 8;
        u->fn = w == 16 ? u_test16ri : u_test8ri;
    } else if (op >= 0xB0 && op <= 0xBF) {
        w = op >= 0xB8 ? 16 : 8;
        u->d = reg_of(op & 7, w);
        u->imm = w == 16 ? ld16(p) : *p;
        p += w / 8;
        u->fn = w == 16 ? u_mov16ri : u_mov8ri;
    } else if (op == 0xC2 || op == 0xC3) {
        u->imm = 0;
        if (op == 0xC2) {
            u->imm = ld16(p);
            p += 2;
        }
        u->fn = u_ret;
        *ends = true;
    } else if (op == 0xE2) {
        int8_t rel = (int8_t)*p++;
        u->imm = (uint16_t)(ip + (p - p0) + rel);
        u->fn = u_loop;
    } else if (op == 0xE8 || op == 0xE9) {
        uint16_t rel = ld16(p);
        p += 2;
        u->imm = (uint16_t)(ip + (p - p0) + rel);
        u->fn = op == 0xE8 ? u_call : u_jmp;
        *ends = true;
    } else if (op == 0xEB) {
        int8_t rel = (int8_t)*p++;
        u->imm = (uint16_t)(ip + (p - p0) + rel);
        u->fn = u_jmp;
        *ends = true;
    } else if (op == 0xC6 || op == 0xC7 || op == 0xF6 || op == 0xF7) {
        /* MOV r/m, imm (C6/C7 /0); TEST r/m, imm (F6/F7 /0), NOT (/2), NEG (/3) */
        static uop_fn *const imm_form[2][2][2] = {
            {{u_mov8mi, u_mov8ri}, {u_mov16mi, u_mov16ri}},
            {{u_test8mi, u_test8ri}, {u_test16mi, u_test16ri}},
        };
        static uop_fn *const not_neg[2][2][2] = {
            {{u_not8m, u_neg8m}, {u_not8r, u_neg8r}},
            {{u_not16m, u_neg16m}, {u_not16r, u_neg16r}},
        };
        bool test = op >= 0xF6, isreg = dec_modrm(&p, u, segovr, &reg, &rm);
        u->d = reg_of(rm, w); /* used by the register forms only */
        if (test && (reg == 2 || reg == 3)) {
            u->fn = not_neg[w == 16][isreg][reg - 2];
            goto done;
        }
        if (reg != 0)
            return 0; /* C6/C7 /1-7 (#UD), TEST's alias /1, MUL, IMUL, DIV, IDIV: exec.c */
        u->imm = w == 16 ? ld16(p) : *p;
        p += w / 8;
        u->fn = imm_form[test][w == 16][isreg];
    } else if (op == 0xFE || op == 0xFF) {
        bool isreg = dec_modrm(&p, u, segovr, &reg, &rm);
        if (reg > 1)
            return 0;
        if (isreg) {
            u->d = reg_of(rm, w);
            u->fn = w == 16 ? (reg ? u_dec16r : u_inc16r) : (reg ? u_dec8r : u_inc8r);
        } else {
            u->fn = w == 16 ? (reg ? u_dec16m : u_inc16m) : (reg ? u_dec8m : u_inc8m);
        }
    } else if (op == 0x8C || op == 0x8E) {
        bool isreg = dec_modrm(&p, u, segovr, &reg, &rm);
        if (reg > 5 || (op == 0x8E && (reg == SEG_CS || reg == SEG_SS)))
            return 0;
        u->src = (uint8_t)reg;
        u->d = (uint8_t)rm;
        if (op == 0x8C)
            u->fn = isreg ? u_movsr_r : u_movsr_m;
        else
            u->fn = isreg ? u_movseg_r : u_movseg_m;
    } else if (op == 0x90) {
        u->fn = u_nop;
    } else if (op >= 0x91 && op <= 0x97) {
        u->d = R_AX;
        u->src = op & 7;
        u->fn = u_xchg16rr;
    } else if (op == 0x98 || op == 0x99) {
        u->fn = op == 0x98 ? u_cbw : u_cwd;
    } else if (op == 0x68 || op == 0x6A) {
        if (op == 0x68) {
            u->imm = ld16(p);
            p += 2;
        } else {
            u->imm = (uint16_t)(int8_t)*p++;
        }
        u->fn = u_pushi;
    } else if (op == 0xC0 || op == 0xC1 || (op >= 0xD0 && op <= 0xD3)) {
        bool isreg = dec_modrm(&p, u, segovr, &reg, &rm);
        u->cc = (uint8_t)reg;
        u->src = op == 0xD2 || op == 0xD3;
        if (op < 0xD0)
            u->imm = *p++;
        else
            u->imm = 1;
        if (isreg) {
            u->d = reg_of(rm, w);
            u->fn = w == 16 ? u_shift16r : u_shift8r;
        } else {
            u->fn = w == 16 ? u_shift16m : u_shift8m;
        }
    } else if (op == 0xF5) {
        u->fn = u_cmc;
    } else if (op == 0xF8 || op == 0xF9) {
        u->fn = op == 0xF8 ? u_clc : u_stc;
    } else if (op == 0xFC || op == 0xFD) {
        u->fn = op == 0xFC ? u_cld : u_std;
    } else {
        return 0;
    }
done:
    /* the 16-bit IP of the next instruction; a block never wraps it (BLK_EIP_END) */
    u->ip = ip;
    u->nip = (uint16_t)(ip + (p - p0));
    return (unsigned)(p - p0);
}

static unsigned blk_slot(uint32_t lin)
{
    return (lin ^ (lin >> 12)) & (BLK_SLOTS - 1);
}

static void blk_none_set(struct interp *s, uint32_t lin)
{
    if (lin < BLK_LIN_END)
        s->blk_none[lin >> 3] |= (uint8_t)(1u << (lin & 7));
}

/* Fills slot b with the block at lin (CS:eip). */
static __attribute__((noinline, cold)) void blk_build(struct interp *s, struct iblock *b,
                                                      uint32_t lin, uint32_t eip)
{
    const uint8_t *p = s->mem + lin;
    /* offsets from lin: where decoding is, and the extent of the bytes decoded */
    int pos = 0, lo = 0, hi = 0;
    unsigned n = 0, insns = 0;
    bool ends = false;
    while (insns < BLK_INSNS) {
        struct uop *u = &b->u[n];
        unsigned len = dec_insn(p + pos, (uint16_t)(eip + pos), u, &ends);
        int nlo = pos < lo ? pos : lo, nhi = pos + (int)len > hi ? pos + (int)len : hi;
        if (len == 0 && insns)
            blk_none_set(s, lin + (uint32_t)pos); /* the block ends here: none starts */
        if (len == 0 || nhi - nlo > BLK_BYTES)
            break;
        insns++;
        lo = nlo;
        hi = nhi;
        int at = pos;
        pos += (int)len;
        /* Branches are followed where their target lies near enough for the block's bytes
         * to stay within BLK_BYTES: a JMP always (it leaves no uop), a Jcc or LOOP back to
         * an earlier instruction (a loop: it becomes its opposite, which leaves the block),
         * so one block runs a small loop several times round, or the path through two
         * pieces of code. A forward Jcc goes on at the next instruction. */
        int target = (int)(int16_t)(uint16_t)(u->imm - eip);
        bool near = target > hi - BLK_BYTES && target < lo + BLK_BYTES && (int)eip + target >= 0;
        if (u->fn == u_jmp && near) {
            pos = target;
            ends = false;
            continue;
        }
        if (u->fn == jcc_uops[u->cc] && near && target <= at) {
            u->fn = jcc_uops[u->cc ^ 1];
            u->imm = u->nip;
            n++;
            pos = target;
            continue;
        }
        if (u->fn == u_loop && near && target <= at) {
            u->fn = u_loop_back;
            n++;
            pos = target;
            continue;
        }
        n++;
        if (ends)
            break;
    }
    if (!ends) {
        b->u[n].fn = u_end;
        b->u[n].ip = (uint16_t)(eip + pos);
    }
    b->key = BLK_KEY(lin);
    b->eip = eip;
    b->n = (uint8_t)insns;
    /* an empty block still remembers the first bytes, so new code there is decoded */
    if (!insns)
        hi = 8;
    b->vlin = lin + (uint32_t)lo;
    b->len = (uint8_t)(hi - lo);
    b->words = (uint8_t)((b->len + 7) / 8);
    for (unsigned i = 0; i < 2; i++) {
        unsigned have = b->len > 8 * i ? b->len - 8 * i : 0;
        b->mask[i] = have >= 8 ? ~0ull : (1ull << 8 * have) - 1;
    }
    s->blk_builds++;
    memset(b->code, 0, sizeof(b->code));
    memcpy(b->code, s->mem + b->vlin, b->len);
    if (insns)
        s->blk_none[lin >> 3] &= (uint8_t) ~(1u << (lin & 7));
    else
        blk_none_set(s, lin);
}

void interp_blocks_forget_none(struct interp *s)
{
    memset(s->blk_none, 0, BLK_NONE_ALLOC);
    s->blk_none_since = interp_retired(s);
}

/* The block's bytes are still in memory: the first 16 under masks (most blocks are no
 * longer), whole words past them. */
static inline bool blk_valid(const struct interp *s, const struct iblock *b)
{
    const uint8_t *p = s->mem + b->vlin;
    uint64_t diff =
        ((ld64(p) & b->mask[0]) ^ b->code[0]) | ((ld64(p + 8) & b->mask[1]) ^ b->code[1]);
    if (unlikely(b->words > 2)) {
        unsigned last = b->words - 1u;
        for (unsigned i = 2; i < last; i++)
            diff |= ld64(p + 8 * i) ^ b->code[i];
        uint64_t m = b->len & 7 ? (1ull << 8 * (b->len & 7)) - 1 : ~0ull;
        diff |= (ld64(p + 8 * last) & m) ^ b->code[last];
    }
    return diff == 0;
}

bool interp_block_run(struct interp *s, uint32_t eip)
{
    /* the caller charged the countdown for one instruction: the blocks charge their own */
    int32_t budget = s->countdown + 1;
    bool ran = false;
    for (;;) {
        uint32_t lin = s->sbase[SEG_CS] + eip;
        /* where a block ended at an instruction it cannot hold, or one was tried and
         * held nothing, the switch goes on without a look at the cache */
        if (!interp_block_maybe(s, lin) || eip >= BLK_EIP_END)
            break;
        struct iblock *b = &s->blocks[blk_slot(lin)];
        if (b->key != BLK_KEY(lin) || b->eip != eip || !blk_valid(s, b))
            blk_build(s, b, lin, eip);
        /* the countdown must cover the whole block and stay above 0 (it is 1 while
         * single-stepping, with TF, a pending interrupt or an interrupt shadow) */
        if (b->n == 0) {
            blk_none_set(s, lin);
            break;
        }
        if (budget <= b->n)
            break;
        budget -= b->n;
        s->countdown = budget;
        s->blk_insns += b->n;
        s->blk_runs++;
        s->blk_lo = b->vlin - 3; /* a store of up to 4 bytes that reaches the block */
        s->blk_span = b->len + 3u;
        b->u[0].fn(s, b->u);
        eip = s->eip;
        ran = true;
    }
    s->blk_span = 0;
    return ran;
}

bool interp_blocks_init(struct interp *s)
{
    /* Zeroed by the kernel (every slot empty), its pages touched only as blocks are
     * made: calloc would clear what comes from its heap, at start-up. */
    s->blocks = mmap(NULL, BLK_ALLOC, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    s->blk_none =
        mmap(NULL, BLK_NONE_ALLOC, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (s->blocks == MAP_FAILED)
        s->blocks = NULL;
    if (s->blk_none == MAP_FAILED)
        s->blk_none = NULL;
    if (!s->blocks || !s->blk_none) {
        interp_blocks_free(s);
        return false;
    }
    return true;
}

void interp_blocks_free(struct interp *s)
{
    if (s->blocks)
        munmap(s->blocks, BLK_ALLOC);
    if (s->blk_none)
        munmap(s->blk_none, BLK_NONE_ALLOC);
    s->blocks = NULL;
    s->blk_none = NULL;
}
