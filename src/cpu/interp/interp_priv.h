/* Internal state of the interpreter backend, shared by the executor, the run loop and the
 * x87 unit: register file, lazy flags, memory access fast paths and fault raising. */
#ifndef HVDOS_INTERP_PRIV_H
#define HVDOS_INTERP_PRIV_H

#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu/cpu.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };
enum { R_AX, R_CX, R_DX, R_BX, R_SP, R_BP, R_SI, R_DI };

/* Flags kept in `eflags` as they are; the six status flags are computed lazily. */
#define EFLAGS_STATUS 0x8D5u
/* What POPF/POPFD may change in real mode: status, TF, IF, DF, IOPL, NT, AC, ID. */
#define EFLAGS_WRITABLE 0x247FD5u
#define EFLAGS_AC       0x40000u
#define EFLAGS_ID       0x200000u

#define CR0_PE 0x1u
#define CR0_MP 0x2u
#define CR0_EM 0x4u
#define CR0_TS 0x8u
#define CR0_ET 0x10u
#define CR0_NE 0x20u

/* Instructions between two looks at the kick flag and the interrupt line. */
#define INTERP_CHUNK 4096

union interp_gpr {
    uint32_t d;
    uint16_t w;
    uint8_t b[2];
};

struct interp_fpu {
    long double st[8]; /* physical registers; ST(i) is st[(top + i) & 7] */
    uint16_t cw, sw, tw_unused;
    uint8_t top;
    uint8_t tag[8];    /* per physical register: 0 valid, 1 zero, 2 special, 3 empty */
    uint16_t fop;      /* last opcode (11 bits) */
    uint32_t fip, fdp; /* last instruction and operand linear addresses */
    bool pending;      /* an unmasked exception waits for the next waiting instruction */
    bool suppress;     /* an unmasked exception stops this instruction's results */
};

struct interp {
    struct cpu hdr;

    union interp_gpr r[8];
    uint32_t eip;    /* at an instruction boundary; inside one, the instruction's start */
    uint32_t eflags; /* every bit but the six status flags, which live in lf_* */
    /* Lazy status flags. lf_res is the last result sign-extended to 32 bits (ZF, SF, PF);
     * lf_aux holds the carry out of the top bit (CF) at bit 31, the carry out of the bit
     * below it at bit 30 (OF = bit31 ^ bit30), AF at bit 3, a parity delta in bits 8-15 and
     * an SF delta at bit 0, so that any flag combination can be represented. */
    int32_t lf_res;
    uint32_t lf_aux;

    uint16_t sreg[6];
    uint32_t sbase[6];

    uint8_t *mem; /* the map's allocation: 00000-BFFFF is read and written here in place */
    const struct memmap *map;
    const struct cpu_host *host;

    /* Code fetch fast path: while eip <= cs_fast_limit, CS:eip..+15 is plain memory at
     * cs_ptr + eip (cs_fast_limit is -1 when the segment is not entirely plain memory). */
    const uint8_t *cs_ptr;
    int32_t cs_fast_limit;

    uint32_t cr0, cr2, cr3, dr[8];
    uint32_t idt_base, idt_limit, gdt_base, gdt_limit;

    bool intr;   /* the INTR line */
    bool shadow; /* interrupts held off for one instruction (STI, MOV SS, POP SS) */
    bool trap;   /* TF was set when the current instruction began: int 1 after it */
    bool stepping, stepped;
    int32_t countdown; /* instructions until the next event check */
    /* Instructions run: `retired` up to the last interp_countdown_set, plus what the
     * countdown has charged since it was set to cd_start (interp_retired). */
    uint64_t retired;
    int32_t cd_start;
    uint64_t stop_at; /* interp_retired() at which run() stops (set_budget); 0 = none */
    uint32_t chunks;  /* event checks since the last deadline check */
    uint64_t deadline;
    atomic_bool kicked;

    jmp_buf fault_jb;
    int fault_vec;
    struct cpu_exit *exit;
    bool stop; /* the executor must return; *exit says why */

    uint8_t ibuf[16]; /* instruction bytes when they cannot be read in place */

    /* Predecoded blocks (block.c); NULL when they are switched off. While a block runs,
     * a store at a linear address within blk_span bytes of blk_lo ends it. */
    struct iblock *blocks;
    uint32_t blk_lo, blk_span;
    /* A bit per linear address below INTERP_BLK_LIN_END: set where a block could not
     * start when it was last looked at (a block ended there at an instruction it cannot
     * hold, or one made there held nothing), so the switch goes on without a look at the
     * cache. The bytes there may change: the bits are forgotten every
     * INTERP_NONE_INSNS instructions (interp_events), so new code gets its blocks. */
    uint8_t *blk_none;
    uint64_t blk_none_since; /* interp_retired() when the bits were last forgotten */
    uint64_t blk_insns;      /* instructions run in blocks (counted per block entered) */
    uint64_t blk_runs;       /* blocks entered */
    uint64_t blk_builds;     /* blocks decoded (misses of the cache, and code that changed) */

    struct interp_fpu fpu;

    /* The page table everything outside 00000-BFFFF goes through (last: it is large and
     * the hot fields above keep short offsets). */
    struct memmap_view view;
};

/* Instructions run so far. The countdown charges an instruction at the boundary before
 * it runs (a predecoded block charges all of its own), so this is exact to the block. */
static inline uint64_t interp_retired(const struct interp *s)
{
    return s->retired + (uint32_t)(s->cd_start - s->countdown);
}

/* Sets the instructions until the next event check (1: at the next boundary), keeping
 * the count of those charged so far. */
static inline void interp_countdown_set(struct interp *s, int32_t n)
{
    s->retired += (uint32_t)(s->cd_start - s->countdown);
    s->cd_start = s->countdown = n;
}

/* ---- faults, stops (interp.c) ---- */
_Noreturn void interp_fault(struct interp *s, int vec);
void interp_stop_error(struct interp *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Delivers interrupt `vec` through the IVT with `ret_ip` as the return address; false if
 * the CPU shut down instead. */
bool interp_deliver(struct interp *s, int vec, uint32_t ret_ip);
void interp_load_seg(struct interp *s, int seg, uint16_t sel);
void interp_update_code(struct interp *s);
int interp_exec(struct interp *s);
/* At an instruction boundary: kick, deadline, trap and interrupts; true to stop. */
bool interp_events(struct interp *s);

/* ---- predecoded blocks (block.c) ---- */
/* At an instruction boundary (the countdown already charged for one instruction): runs
 * the block at CS:eip if there is one the countdown covers, leaving the next IP in
 * s->eip; false to run the instruction in interp_exec instead. */
bool interp_block_run(struct interp *s, uint32_t eip);
/* Blocks start below this linear address (their bytes lie in RAM below C0000). */
#define INTERP_BLK_LIN_END (MEMMAP_LOW_END - 80)
/* Whether a block may start at lin: false where one was tried and held nothing. */
static inline bool interp_block_maybe(const struct interp *s, uint32_t lin)
{
    return lin < INTERP_BLK_LIN_END && !((s->blk_none[lin >> 3] >> (lin & 7)) & 1);
}
#define INTERP_NONE_INSNS (1u << 24)
void interp_blocks_forget_none(struct interp *s);
bool interp_blocks_init(struct interp *s);
void interp_blocks_free(struct interp *s);

/* ---- memory (slow paths in interp.c) ---- */
uint32_t interp_rd_slow(struct interp *s, uint32_t lin, unsigned size);
void interp_wr_slow(struct interp *s, uint32_t lin, unsigned size, uint32_t v);

static inline uint16_t ld16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}
static inline uint32_t ld32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static inline void st16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, 2);
}
static inline void st32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

/* A 386 in real mode still checks the 64 KiB segment limit: an access reaching past
 * offset 0xFFFF raises #SS for the stack segment and #GP for the others. */
static inline uint32_t interp_lin(struct interp *s, int seg, uint32_t off, unsigned size)
{
    if (unlikely(off > 0x10000u - size))
        interp_fault(s, seg == SEG_SS ? 12 : 13);
    return s->sbase[seg] + off;
}

static inline uint8_t rd8l(struct interp *s, uint32_t lin)
{
    if (likely(lin < MEMMAP_LOW_END))
        return s->mem[lin];
    return (uint8_t)interp_rd_slow(s, lin, 1);
}
static inline uint16_t rd16l(struct interp *s, uint32_t lin)
{
    if (likely(lin < MEMMAP_LOW_END - 1))
        return ld16(s->mem + lin);
    return (uint16_t)interp_rd_slow(s, lin, 2);
}
static inline uint32_t rd32l(struct interp *s, uint32_t lin)
{
    if (likely(lin < MEMMAP_LOW_END - 3))
        return ld32(s->mem + lin);
    return interp_rd_slow(s, lin, 4);
}
static inline void wr8l(struct interp *s, uint32_t lin, uint8_t v)
{
    if (likely(lin < MEMMAP_LOW_END))
        s->mem[lin] = v;
    else
        interp_wr_slow(s, lin, 1, v);
}
static inline void wr16l(struct interp *s, uint32_t lin, uint16_t v)
{
    if (likely(lin < MEMMAP_LOW_END - 1))
        st16(s->mem + lin, v);
    else
        interp_wr_slow(s, lin, 2, v);
}
static inline void wr32l(struct interp *s, uint32_t lin, uint32_t v)
{
    if (likely(lin < MEMMAP_LOW_END - 3))
        st32(s->mem + lin, v);
    else
        interp_wr_slow(s, lin, 4, v);
}

static inline uint8_t interp_rd8(struct interp *s, int seg, uint32_t off)
{
    return rd8l(s, interp_lin(s, seg, off, 1));
}
static inline uint16_t interp_rd16(struct interp *s, int seg, uint32_t off)
{
    return rd16l(s, interp_lin(s, seg, off, 2));
}
static inline uint32_t interp_rd32(struct interp *s, int seg, uint32_t off)
{
    return rd32l(s, interp_lin(s, seg, off, 4));
}
static inline void interp_wr8(struct interp *s, int seg, uint32_t off, uint8_t v)
{
    wr8l(s, interp_lin(s, seg, off, 1), v);
}
static inline void interp_wr16(struct interp *s, int seg, uint32_t off, uint16_t v)
{
    wr16l(s, interp_lin(s, seg, off, 2), v);
}
static inline void interp_wr32(struct interp *s, int seg, uint32_t off, uint32_t v)
{
    wr32l(s, interp_lin(s, seg, off, 4), v);
}

/* ---- lazy flags ---- */
extern const uint8_t interp_parity[256]; /* FLAG_PF if the byte has even parity */
/* Indexed by CF^OF | CF << 1 | ZF << 2 | SF << 3 (lf_aux's top bits, ZF, SF): bit cc is set
 * when condition cc (O, NO, B, AE, Z, NZ, BE, A, S, NS, -, -, L, GE, LE, G) holds. */
extern const uint16_t interp_cond[16];

static inline uint32_t interp_get_cf(const struct interp *s)
{
    return s->lf_aux >> 31;
}
static inline uint32_t interp_get_of(const struct interp *s)
{
    return ((s->lf_aux >> 31) ^ (s->lf_aux >> 30)) & 1;
}
static inline uint32_t interp_get_zf(const struct interp *s)
{
    return s->lf_res == 0;
}
static inline uint32_t interp_get_sf(const struct interp *s)
{
    return ((uint32_t)s->lf_res >> 31 ^ s->lf_aux) & 1;
}
static inline uint32_t interp_get_af(const struct interp *s)
{
    return (s->lf_aux >> 3) & 1;
}
static inline uint32_t interp_get_pf(const struct interp *s)
{
    return interp_parity[(uint8_t)(s->lf_res ^ (s->lf_aux >> 8))] != 0;
}

/* Materialized EFLAGS. */
static inline uint32_t interp_flags(const struct interp *s)
{
    return (s->eflags & ~EFLAGS_STATUS) | 2u | interp_get_cf(s) | interp_get_pf(s) << 2 |
           interp_get_af(s) << 4 | interp_get_zf(s) << 6 | interp_get_sf(s) << 7 |
           interp_get_of(s) << 11;
}

/* Loads the status flags of `f` into the lazy representation. */
static inline void interp_set_status(struct interp *s, uint32_t f)
{
    int32_t res = (f & FLAG_ZF) ? 0 : 1;
    uint32_t aux = 0;
    uint32_t cf = f & 1, of = (f >> 11) & 1;
    aux |= cf << 31 | (cf ^ of) << 30;
    aux |= f & FLAG_AF ? 8 : 0;
    /* sign of res is 0, so SF comes from the delta alone */
    aux |= (f >> 7) & 1;
    /* parity of res (0 -> even, 1 -> odd) fixed up by the delta byte */
    if (((f & FLAG_PF) != 0) != (interp_parity[(uint8_t)res] != 0))
        aux |= 1u << 8;
    s->lf_res = res;
    s->lf_aux = aux;
}

static inline void interp_set_flags(struct interp *s, uint32_t f)
{
    s->eflags = (f & ~EFLAGS_STATUS) | 2u;
    interp_set_status(s, f);
}

/* ---- x87 (fpu.c) ---- */
void interp_fpu_init(struct interp_fpu *f);
/* Executes escape opcode `op` (D8-DF) with ModR/M `modrm`; for a memory form, the operand
 * is at seg:off. o32: a 66h prefix (32-bit FSTENV/FSAVE layout). */
void interp_fpu_exec(struct interp *s, uint8_t op, uint8_t modrm, int seg, uint32_t off, bool o32);
/* WAIT/FWAIT: raises a pending unmasked x87 exception. */
void interp_fpu_wait(struct interp *s);

#endif
