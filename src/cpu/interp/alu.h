/* Arithmetic helpers of the interpreter: lazy-flag producers for every ALU operation,
 * shifts and rotates, condition codes. Sizes are compile-time constants after inlining. */
#ifndef HVDOS_INTERP_ALU_H
#define HVDOS_INTERP_ALU_H

#include "cpu/interp/interp_priv.h"

static inline int32_t alu_sext(uint32_t v, int bits)
{
    return bits == 8 ? (int8_t)v : bits == 16 ? (int16_t)v : (int32_t)v;
}

static inline uint32_t alu_mask(int bits)
{
    return bits == 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
}

/* cv: carry (or borrow) out of every bit position. */
static inline uint32_t alu_norm(uint32_t cv, int bits)
{
    return (cv & 8) | ((cv << (32 - bits)) & 0xC0000000u);
}

static inline void lf_arith(struct interp *s, uint32_t r, uint32_t cv, int bits)
{
    s->lf_res = alu_sext(r, bits);
    s->lf_aux = alu_norm(cv, bits);
}

static inline void lf_logic(struct interp *s, uint32_t r, int bits)
{
    s->lf_res = alu_sext(r, bits);
    s->lf_aux = 0;
}

/* SF, ZF, PF from r; CF, OF, AF given. */
static inline void lf_result(struct interp *s, uint32_t r, int bits, uint32_t cf, uint32_t of,
                             uint32_t af)
{
    s->lf_res = alu_sext(r, bits);
    s->lf_aux = cf << 31 | (cf ^ of) << 30 | af << 3;
}

/* Changes CF and OF only. */
static inline void lf_cf_of(struct interp *s, uint32_t cf, uint32_t of)
{
    s->lf_aux = (s->lf_aux & 0x3FFFFFFFu) | cf << 31 | (cf ^ of) << 30;
}

static inline void lf_set_cf(struct interp *s, uint32_t cf)
{
    if (interp_get_cf(s) != cf)
        s->lf_aux ^= 0xC0000000u; /* flip CF, keep OF */
}

/* INC and DEC keep CF. */
static inline void lf_incdec(struct interp *s, uint32_t r, uint32_t cv, int bits)
{
    uint32_t t = alu_norm(cv, bits);
    uint32_t of = ((t >> 31) ^ (t >> 30)) & 1;
    uint32_t cf = interp_get_cf(s);
    s->lf_res = alu_sext(r, bits);
    s->lf_aux = (t & 8) | cf << 31 | (cf ^ of) << 30;
}

enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

/* ADD, ADC, SUB, SBB, CMP: a +/- b +/- c on operands of `bits` bits. Computed one bit
 * wider, a ^ b ^ r is the carry (or borrow) into every bit position: the one into bit
 * `bits` is CF, the one into the top bit goes to lf_aux bit 30 (OF = CF ^ it) and the one
 * into bit 4 is AF. */
static inline __attribute__((always_inline)) uint32_t
alu_addsub(struct interp *s, uint32_t a, uint32_t b, uint32_t c, bool sub, int bits)
{
    uint32_t aux;
    uint32_t r;
    a &= alu_mask(bits);
    b &= alu_mask(bits);
    if (bits == 32) {
        uint64_t w = sub ? (uint64_t)a - b - c : (uint64_t)a + b + c;
        uint64_t x = a ^ b ^ w;
        aux = (uint32_t)(x >> 1) & 0xC0000008u;
        r = (uint32_t)w;
    } else {
        r = sub ? a - b - c : a + b + c;
        uint32_t x = a ^ b ^ r;
        aux = ((x << (31 - bits)) & 0xC0000000u) | ((x >> 1) & 8);
    }
    s->lf_res = alu_sext(r, bits);
    s->lf_aux = aux;
    return r & alu_mask(bits);
}

static inline uint32_t alu_op(struct interp *s, int op, uint32_t a, uint32_t b, int bits)
{
    uint32_t r;
    /* Group 1 (80-83) passes op at run time: the common CMP, SUB and ADD are tested
     * first, as branches that predict well, instead of a jump through a table. */
    if (op == ALU_CMP || op == ALU_SUB)
        return alu_addsub(s, a, b, 0, true, bits);
    if (op == ALU_ADD)
        return alu_addsub(s, a, b, 0, false, bits);
    switch (op) {
    case ALU_ADC: return alu_addsub(s, a, b, interp_get_cf(s), false, bits);
    case ALU_SBB: return alu_addsub(s, a, b, interp_get_cf(s), true, bits);
    case ALU_OR: r = a | b; break;
    case ALU_AND: r = a & b; break;
    default: r = a ^ b; break; /* ALU_XOR */
    }
    lf_logic(s, r, bits);
    return r & alu_mask(bits);
}

static inline uint32_t alu_inc(struct interp *s, uint32_t a, int bits)
{
    uint32_t r = a + 1;
    lf_incdec(s, r, (a & 1) | ((a | 1) & ~r), bits);
    return r & alu_mask(bits);
}

static inline uint32_t alu_dec(struct interp *s, uint32_t a, int bits)
{
    uint32_t r = a - 1;
    lf_incdec(s, r, (~a & 1) | (~(a ^ 1) & r), bits);
    return r & alu_mask(bits);
}

static inline uint32_t alu_neg(struct interp *s, uint32_t a, int bits)
{
    uint32_t r = 0 - a;
    lf_arith(s, r, a | r, bits);
    return r & alu_mask(bits);
}

/* Condition cc (the low nibble of Jcc/SETcc) without a branch on cc: a switch here would
 * be an indirect jump per Jcc whose target follows the guest's mix of conditions. The
 * lazy-flag bits CF, CF^OF, ZF and SF index interp_cond (interp_priv.h), whose bit cc says
 * whether condition cc holds; only P/NP look at the parity. */
static inline bool alu_cond(const struct interp *s, unsigned cc)
{
    uint32_t aux = s->lf_aux, res = (uint32_t)s->lf_res;
    if (unlikely((cc & 0xE) == 0xA))
        return interp_get_pf(s) ^ (cc & 1);
    unsigned i = aux >> 30 | (unsigned)(res == 0) << 2 | ((res >> 31 ^ aux) & 1) << 3;
    return (interp_cond[i] >> cc) & 1;
}

/* Condition cc where cc is a constant after inlining (the predecoded blocks' Jcc
 * handlers, one per condition): the flag tests themselves, with no table. */
static inline __attribute__((always_inline)) bool alu_cond_const(const struct interp *s,
                                                                 unsigned cc)
{
    bool v;
    switch (cc >> 1) {
    case 0: v = interp_get_of(s); break;
    case 1: v = interp_get_cf(s); break;
    case 2: v = interp_get_zf(s); break;
    case 3: v = interp_get_cf(s) | interp_get_zf(s); break;
    case 4: v = interp_get_sf(s); break;
    case 5: v = interp_get_pf(s); break;
    case 6: v = interp_get_sf(s) ^ interp_get_of(s); break;
    default: v = interp_get_zf(s) | (interp_get_sf(s) ^ interp_get_of(s)); break;
    }
    return v ^ (cc & 1);
}

/* Group 2: ROL ROR RCL RCR SHL SHR SAL SAR. The count is already masked to 5 bits and
 * non-zero. Flags for counts above 1 follow the bit-at-a-time model of the 286/386
 * microcode (OF from the last step). */
static inline uint32_t alu_shift(struct interp *s, int op, uint32_t a, unsigned cnt, int bits)
{
    uint32_t m = alu_mask(bits), top = bits - 1, r, cf, of;
    a &= m;
    switch (op & 7) {
    case 0: { /* ROL */
        unsigned c = cnt & top;
        r = c ? ((a << c) | (a >> (bits - c))) & m : a;
        cf = r & 1;
        of = ((r >> top) ^ cf) & 1;
        lf_cf_of(s, cf, of);
        return r;
    }
    case 1: { /* ROR */
        unsigned c = cnt & top;
        r = c ? ((a >> c) | (a << (bits - c))) & m : a;
        cf = (r >> top) & 1;
        of = ((r >> top) ^ (r >> (top - 1))) & 1;
        lf_cf_of(s, cf, of);
        return r;
    }
    case 2: { /* RCL */
        unsigned c = cnt % (bits + 1);
        uint64_t v = (uint64_t)a | (uint64_t)interp_get_cf(s) << bits;
        if (c)
            v = ((v << c) | (v >> (bits + 1 - c))) & ((2ull << bits) - 1);
        r = (uint32_t)v & m;
        cf = (uint32_t)(v >> bits) & 1;
        of = ((r >> top) ^ cf) & 1;
        lf_cf_of(s, cf, of);
        return r;
    }
    case 3: { /* RCR */
        unsigned c = cnt % (bits + 1);
        uint64_t v = (uint64_t)a | (uint64_t)interp_get_cf(s) << bits;
        if (c)
            v = ((v >> c) | (v << (bits + 1 - c))) & ((2ull << bits) - 1);
        r = (uint32_t)v & m;
        cf = (uint32_t)(v >> bits) & 1;
        of = ((r >> top) ^ (r >> (top - 1))) & 1;
        lf_cf_of(s, cf, of);
        return r;
    }
    case 4:
    case 6: { /* SHL/SAL */
        uint64_t v = (uint64_t)a << cnt;
        r = (uint32_t)v & m;
        cf = (uint32_t)(v >> bits) & 1;
        of = ((r >> top) ^ cf) & 1;
        lf_result(s, r, bits, cf, of, 0);
        return r;
    }
    case 5: { /* SHR */
        r = (uint32_t)((uint64_t)a >> cnt);
        cf = (uint32_t)((uint64_t)a >> (cnt - 1)) & 1;
        of = (uint32_t)((uint64_t)a >> (cnt - 1) >> top) & 1;
        lf_result(s, r, bits, cf, of, 0);
        return r;
    }
    default: { /* SAR */
        int64_t sa = alu_sext(a, bits);
        r = (uint32_t)(sa >> cnt) & m;
        cf = (uint32_t)(sa >> (cnt - 1)) & 1;
        lf_result(s, r, bits, cf, 0, 0);
        return r;
    }
    }
}

#endif
