/* The instruction loop: one switch over the opcode byte (prefixes loop back into it), the
 * common path free of calls through pointers. Faults longjmp out to the run loop. */
#include <stdio.h>

#include "cpu/interp/alu.h"
#include "cpu/interp/interp_priv.h"

/* Decoder state of the current instruction. */
struct dec {
    const uint8_t *pc;
    /* The prefixes in one word, to spare registers in interp_exec: the segment override
     * (PFX_NOSEG for none), PFX_O32, PFX_A32, and the REP byte (0, F2, F3) in bits 8-15. */
    uint32_t pfx;
};
#define PFX_NOSEG   7u
#define PFX_O32     0x08u
#define PFX_A32     0x10u
#define DEC_O32(dp) (((dp)->pfx & PFX_O32) != 0)
#define DEC_A32(dp) (((dp)->pfx & PFX_A32) != 0)
#define DEC_REP(dp) (((dp)->pfx >> 8) & 0xFF)

/* The segment of a memory operand: the override, else `def`. */
static inline int dec_seg(const struct dec *dp, int def)
{
    unsigned seg = dp->pfx & PFX_NOSEG;
    return seg == PFX_NOSEG ? def : (int)seg;
}

#define R8(i)     (&s->r[(i)&3].b[((i) >> 2) & 1])
#define R16(i)    (s->r[(i)].w)
#define R32(i)    (s->r[(i)].d)
#define FETCH8()  (*d.pc++)
#define FETCH16() (d.pc += 2, ld16(d.pc - 2))
#define FETCH32() (d.pc += 4, ld32(d.pc - 4))
/* The next IP; past FFFF only when an instruction ends the segment, and the next fetch
 * raises #GP as on a 386. */
#define NIP() (eip + (uint32_t)(d.pc - pc0))
#define UD()  interp_fault(s, 6)

/* Stores an 8-, 16- or 32-bit value in general register `i` (AL..BH for 8 bits). */
static inline __attribute__((always_inline)) void put_reg(struct interp *s, unsigned i,
                                                          unsigned bits, uint32_t v)
{
    if (bits == 8)
        *R8(i) = (uint8_t)v;
    else if (bits == 16)
        R16(i) = (uint16_t)v;
    else
        R32(i) = v;
}

/* Stores an 8-, 16- or 32-bit result in the ModRM operand: a register for mod 3,
 * else memory at `lin`. */
static inline __attribute__((always_inline)) void put_rm(struct interp *s, unsigned m, uint32_t lin,
                                                         unsigned bits, uint32_t v)
{
    if (m >= 0xC0) {
        put_reg(s, m & 7, bits, v);
    } else if (bits == 8) {
        wr8l(s, lin, (uint8_t)v);
    } else if (bits == 16) {
        wr16l(s, lin, (uint16_t)v);
    } else {
        wr32l(s, lin, v);
    }
}

static inline __attribute__((always_inline)) uint32_t ea_off(struct interp *s, struct dec *dp,
                                                             uint8_t m, int *segp)
{
    int seg = SEG_DS;
    uint32_t off;
    unsigned mod = m >> 6;
    if (!DEC_A32(dp)) {
        /* by r/m: base register, index register, default segment, index mask (bits 16-31);
         * a table rather than a switch, whose indirect jump would follow the guest's mix
         * of addressing forms */
#define EA16(b, i, sg, msk) ((b) | (i) << 3 | (sg) << 6 | (uint32_t)(msk) << 16)
        static const uint32_t ea16[8] = {
            EA16(R_BX, R_SI, SEG_DS, 0xFFFF), EA16(R_BX, R_DI, SEG_DS, 0xFFFF),
            EA16(R_BP, R_SI, SEG_SS, 0xFFFF), EA16(R_BP, R_DI, SEG_SS, 0xFFFF),
            EA16(R_SI, 0, SEG_DS, 0),         EA16(R_DI, 0, SEG_DS, 0),
            EA16(R_BP, 0, SEG_SS, 0),         EA16(R_BX, 0, SEG_DS, 0),
        };
#undef EA16
        if (mod == 0 && (m & 7) == 6) {
            off = ld16(dp->pc);
            dp->pc += 2;
        } else {
            uint32_t e = ea16[m & 7];
            off = s->r[e & 7].w + (s->r[(e >> 3) & 7].w & (e >> 16));
            seg = (int)((e >> 6) & 3);
        }
        if (mod == 1)
            off += (uint32_t)(int8_t)*dp->pc++;
        else if (mod == 2) {
            off += ld16(dp->pc);
            dp->pc += 2;
        }
        off &= 0xFFFF;
    } else {
        unsigned rm = m & 7;
        if (rm == 4) {
            uint8_t sib = *dp->pc++;
            unsigned base = sib & 7, idx = (sib >> 3) & 7;
            off = idx == 4 ? 0 : s->r[idx].d << (sib >> 6);
            if (base == 5 && mod == 0) {
                off += ld32(dp->pc);
                dp->pc += 4;
            } else {
                off += s->r[base].d;
                if (base == R_SP || base == R_BP)
                    seg = SEG_SS;
            }
        } else if (rm == 5 && mod == 0) {
            off = ld32(dp->pc);
            dp->pc += 4;
        } else {
            off = s->r[rm].d;
            if (rm == R_BP)
                seg = SEG_SS;
        }
        if (mod == 1)
            off += (uint32_t)(int8_t)*dp->pc++;
        else if (mod == 2) {
            off += ld32(dp->pc);
            dp->pc += 4;
        }
    }
    *segp = dec_seg(dp, seg);
    return off;
}

static inline __attribute__((always_inline)) uint32_t ea_lin(struct interp *s, struct dec *dp,
                                                             uint8_t m, unsigned size)
{
    int seg;
    uint32_t off = ea_off(s, dp, m, &seg);
    return interp_lin(s, seg, off, size);
}

/* ---- stack (always 16-bit SP in real mode) ---- */
static inline void push16(struct interp *s, uint16_t v)
{
    uint32_t sp = (s->r[R_SP].w - 2u) & 0xFFFF;
    interp_wr16(s, SEG_SS, sp, v);
    s->r[R_SP].w = (uint16_t)sp;
}
static inline void push32(struct interp *s, uint32_t v)
{
    uint32_t sp = (s->r[R_SP].w - 4u) & 0xFFFF;
    interp_wr32(s, SEG_SS, sp, v);
    s->r[R_SP].w = (uint16_t)sp;
}
static inline void pushv(struct interp *s, bool o32, uint32_t v)
{
    if (o32)
        push32(s, v);
    else
        push16(s, (uint16_t)v);
}
/* Pushes at *sp without committing SP, for multi-push instructions that must not change SP
 * when a later push faults. */
static inline void push_at(struct interp *s, uint32_t *sp, bool o32, uint32_t v)
{
    if (o32) {
        *sp = (*sp - 4) & 0xFFFF;
        interp_wr32(s, SEG_SS, *sp, v);
    } else {
        *sp = (*sp - 2) & 0xFFFF;
        interp_wr16(s, SEG_SS, *sp, (uint16_t)v);
    }
}
static inline uint32_t pop_at(struct interp *s, uint32_t *sp, bool o32)
{
    uint32_t v;
    if (o32) {
        v = interp_rd32(s, SEG_SS, *sp);
        *sp = (*sp + 4) & 0xFFFF;
    } else {
        v = interp_rd16(s, SEG_SS, *sp);
        *sp = (*sp + 2) & 0xFFFF;
    }
    return v;
}
static inline uint32_t popv(struct interp *s, bool o32)
{
    uint32_t sp = s->r[R_SP].w;
    uint32_t v = pop_at(s, &sp, o32);
    s->r[R_SP].w = (uint16_t)sp;
    return v;
}

/* Length of the instruction at p (at most 15 bytes readable), for the rare fetch that
 * meets the end of the code segment. */
static unsigned insn_length(const uint8_t *p)
{
    /* one-byte opcodes with a ModR/M byte */
    static const uint8_t modrm1[32] = {
        0x0F, 0x0F, 0x0F, 0x0F, 0x0F, 0x0F, 0x0F, 0x0F, /* 00-3F: ALU r/m forms */
        0x00, 0x00, 0x00, 0x00, 0x0C, 0x0A, 0x00, 0x00, /* 62 63 69 6B */
        0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* 80-8F */
        0xF3, 0x00, 0x0F, 0xFF, 0x00, 0x00, 0xC0, 0xC0, /* C0 C1 C4-C7 D0-D3 D8-DF F6 F7 FE FF */
    };
    unsigned n = 0;
    bool o32 = false, a32 = false;
    for (;; n++) {
        uint8_t b = p[n];
        if (n >= 14)
            return 16; /* too long: #GP either way */
        if (b == 0x66)
            o32 = true;
        else if (b == 0x67)
            a32 = true;
        else if (!(b == 0x26 || b == 0x2E || b == 0x36 || b == 0x3E || b == 0x64 || b == 0x65 ||
                   b == 0xF0 || b == 0xF2 || b == 0xF3))
            break;
    }
    uint8_t op = p[n++];
    unsigned iv = o32 ? 4 : 2, imm = 0;
    bool has_modrm;
    if (op == 0x0F) {
        uint8_t op2 = p[n++];
        if (op2 >= 0x80 && op2 <= 0x8F)
            return n + iv;
        has_modrm = !(op2 == 0x06 || op2 == 0x08 || op2 == 0x09 || op2 == 0x0B || op2 == 0xA0 ||
                      op2 == 0xA1 || op2 == 0xA2 || op2 == 0xA8 || op2 == 0xA9 || op2 >= 0xC8);
        if (op2 == 0xA4 || op2 == 0xAC || op2 == 0xBA)
            imm = 1;
    } else {
        has_modrm = (modrm1[op >> 3] >> (op & 7)) & 1;
        if (op < 0x40 && (op & 7) == 4)
            imm = 1;
        else if (op < 0x40 && (op & 7) == 5)
            imm = iv;
        else if (op == 0x68 || op == 0x69 || op == 0x81 || op == 0xA9 || op == 0xC7 || op == 0xE8 ||
                 op == 0xE9 || (op >= 0xB8 && op <= 0xBF))
            imm = iv;
        else if (op == 0x6A || op == 0x6B || (op >= 0x70 && op <= 0x7F) || op == 0x80 ||
                 op == 0x82 || op == 0x83 || op == 0xA8 || (op >= 0xB0 && op <= 0xB7) ||
                 op == 0xC0 || op == 0xC1 || op == 0xC6 || op == 0xCD || op == 0xD4 || op == 0xD5 ||
                 (op >= 0xE0 && op <= 0xE7) || op == 0xEB)
            imm = 1;
        else if (op == 0xC2 || op == 0xCA)
            imm = 2;
        else if (op == 0xC8)
            imm = 3;
        else if (op == 0x9A || op == 0xEA)
            imm = iv + 2;
        else if (op >= 0xA0 && op <= 0xA3)
            imm = a32 ? 4 : 2;
        else if ((op == 0xF6 || op == 0xF7) && ((p[n] >> 3) & 7) < 2)
            imm = op == 0xF6 ? 1 : iv;
    }
    if (has_modrm) {
        uint8_t m = p[n++];
        unsigned mod = m >> 6, rm = m & 7;
        if (mod != 3) {
            if (a32) {
                if (rm == 4 && ((p[n++] & 7) == 5) && mod == 0)
                    n += 4;
                else if (rm == 5 && mod == 0)
                    n += 4;
                n += mod == 1 ? 1 : mod == 2 ? 4 : 0;
            } else {
                n += mod == 1 ? 1 : mod == 2 ? 2 : (rm == 6 && mod == 0) ? 2 : 0;
            }
        }
    }
    return n + imm;
}

static const uint8_t *fetch_slow(struct interp *s, uint32_t eip)
{
    /* sequential execution ran past CS:FFFF */
    if (eip > 0xFFFF)
        interp_fault(s, 13);
    for (unsigned i = 0; i < 16; i++)
        s->ibuf[i] = rd8l(s, s->sbase[SEG_CS] + ((eip + i) & 0xFFFF));
    /* an instruction may not run past CS:FFFF on a 386: #GP before it starts */
    if (eip + 15 > 0xFFFF && insn_length(s->ibuf) > 0x10000 - eip)
        interp_fault(s, 13);
    return s->ibuf;
}

/* Sets EIP for a near transfer: with a 32-bit operand size a target past the segment limit
 * raises #GP, a 16-bit one wraps. */
static inline void jump_near(struct interp *s, uint32_t target, bool o32)
{
    if (o32) {
        if (target > 0xFFFF)
            interp_fault(s, 13);
        s->eip = target;
    } else {
        s->eip = target & 0xFFFF;
    }
}

static inline void jump_far(struct interp *s, uint16_t cs, uint32_t ip)
{
    if (ip > 0xFFFF)
        interp_fault(s, 13);
    interp_load_seg(s, SEG_CS, cs);
    s->eip = ip;
}

static void set_flags_popf(struct interp *s, uint32_t v, bool o32)
{
    uint32_t keep = o32 ? ~EFLAGS_WRITABLE : (0xFFFF0000u | ~EFLAGS_WRITABLE);
    uint32_t old = interp_flags(s);
    interp_set_flags(s, (old & keep) | (v & EFLAGS_WRITABLE & ~keep));
    interp_countdown_set(s, 1); /* IF or TF may have changed */
}

static uint32_t io_in(struct interp *s, uint16_t port, unsigned size)
{
    return s->host->io_in(s->host->ctx, port, size);
}
static void io_out(struct interp *s, uint16_t port, unsigned size, uint32_t v)
{
    s->host->io_out(s->host->ctx, port, size, v);
}

static inline uint32_t rd_sz(struct interp *s, int seg, uint32_t off, unsigned size)
{
    return size == 1   ? interp_rd8(s, seg, off)
           : size == 2 ? interp_rd16(s, seg, off)
                       : interp_rd32(s, seg, off);
}
static inline void wr_sz(struct interp *s, int seg, uint32_t off, unsigned size, uint32_t v)
{
    if (size == 1)
        interp_wr8(s, seg, off, (uint8_t)v);
    else if (size == 2)
        interp_wr16(s, seg, off, (uint16_t)v);
    else
        interp_wr32(s, seg, off, v);
}

/* REP MOVS/STOS over plain RAM with no offset wrap: the bulk of every DOS string copy. */
static bool string_fast(struct interp *s, uint8_t op, int sseg, unsigned size, uint32_t n)
{
    if (s->eflags & FLAG_DF)
        return false;
    uint32_t len = n * size;
    uint32_t di = s->r[R_DI].w, si = s->r[R_SI].w;
    if (di + len > 0x10000)
        return false;
    uint32_t dl = s->sbase[SEG_ES] + di;
    if (dl + len > MEMMAP_LOW_END)
        return false;
    uint8_t *dst = s->mem + dl;
    if (op == 0xAA || op == 0xAB) {
        uint32_t v = s->r[R_AX].d;
        if (size == 1)
            memset(dst, (int)(v & 0xFF), len);
        else if (size == 2)
            for (uint32_t i = 0; i < n; i++)
                st16(dst + 2 * i, (uint16_t)v);
        else
            for (uint32_t i = 0; i < n; i++)
                st32(dst + 4 * i, v);
        s->r[R_DI].w = (uint16_t)(di + len);
    } else {
        if (si + len > 0x10000)
            return false;
        uint32_t sl = s->sbase[sseg] + si;
        if (sl + len > MEMMAP_LOW_END)
            return false;
        const uint8_t *src = s->mem + sl;
        if (dl <= sl || dl >= sl + len) {
            memmove(dst, src, len);
        } else {
            /* overlapping forward copy replicates a pattern, element by element */
            for (uint32_t i = 0; i < len; i += size)
                memmove(dst + i, src + i, size);
        }
        s->r[R_DI].w = (uint16_t)(di + len);
        s->r[R_SI].w = (uint16_t)(si + len);
    }
    s->r[R_CX].w = 0;
    return true;
}

/* String instructions A4-A7, AA-AF, 6C-6F. Returns false when a REP was cut short to let
 * events through; EIP then stays on the instruction, which resumes. */
static bool string_op(struct interp *s, uint8_t op, struct dec dcopy)
{
    const struct dec *dp = &dcopy;
    unsigned size = (op & 1) ? (DEC_O32(dp) ? 4 : 2) : 1;
    int sseg = dec_seg(dp, SEG_DS);
    uint32_t amask = DEC_A32(dp) ? 0xFFFFFFFFu : 0xFFFFu;
    uint32_t delta = (s->eflags & FLAG_DF) ? (uint32_t)-size : size;
    uint32_t count = 0;
    int bits = (int)size * 8;
    if (DEC_REP(dp)) {
        count = s->r[R_CX].d & amask;
        if (count == 0)
            return true;
        if (!DEC_A32(dp) && (op == 0xA4 || op == 0xA5 || op == 0xAA || op == 0xAB) &&
            string_fast(s, op, sseg, size, count))
            return true;
    }
    for (unsigned iter = 0;; iter++) {
        uint32_t si = s->r[R_SI].d & amask, di = s->r[R_DI].d & amask;
        uint32_t a, b;
        bool use_si = false, use_di = false;
        switch (op) {
        case 0xA4:
        case 0xA5:
            a = rd_sz(s, sseg, si, size);
            wr_sz(s, SEG_ES, di, size, a);
            use_si = use_di = true;
            break;
        case 0xA6:
        case 0xA7:
            a = rd_sz(s, sseg, si, size);
            b = rd_sz(s, SEG_ES, di, size);
            alu_op(s, ALU_CMP, a, b, bits);
            use_si = use_di = true;
            break;
        case 0xAA:
        case 0xAB:
            wr_sz(s, SEG_ES, di, size, s->r[R_AX].d);
            use_di = true;
            break;
        case 0xAC:
        case 0xAD:
            a = rd_sz(s, sseg, si, size);
            if (size == 1)
                s->r[R_AX].b[0] = (uint8_t)a;
            else if (size == 2)
                s->r[R_AX].w = (uint16_t)a;
            else
                s->r[R_AX].d = a;
            use_si = true;
            break;
        case 0xAE:
        case 0xAF:
            b = rd_sz(s, SEG_ES, di, size);
            alu_op(s, ALU_CMP, s->r[R_AX].d & alu_mask(bits), b, bits);
            use_di = true;
            break;
        case 0x6C:
        case 0x6D:
            interp_lin(s, SEG_ES, di, size); /* fault before the port is read */
            a = io_in(s, s->r[R_DX].w, size);
            wr_sz(s, SEG_ES, di, size, a);
            use_di = true;
            break;
        default: /* 6E, 6F */
            a = rd_sz(s, sseg, si, size);
            io_out(s, s->r[R_DX].w, size, a);
            use_si = true;
            break;
        }
        if (use_si)
            s->r[R_SI].d = (s->r[R_SI].d & ~amask) | ((si + delta) & amask);
        if (use_di)
            s->r[R_DI].d = (s->r[R_DI].d & ~amask) | ((di + delta) & amask);
        if (!DEC_REP(dp))
            return true;
        count--;
        s->r[R_CX].d = (s->r[R_CX].d & ~amask) | (count & amask);
        if (count == 0)
            return true;
        if ((op & 0xF6) == 0xA6) { /* CMPS, SCAS: REPE/REPNE */
            bool zf = s->lf_res == 0;
            if (zf != (DEC_REP(dp) == 0xF3))
                return true;
        }
        if (iter >= 16384)
            return false;
    }
}

static void do_mul(struct interp *s, int op, uint32_t v, int bits)
{
    uint32_t cf;
    if (bits == 8) {
        uint16_t r;
        if (op == 4) {
            r = (uint16_t)(s->r[R_AX].b[0] * (uint8_t)v);
            cf = (r >> 8) != 0;
        } else {
            r = (uint16_t)((int8_t)s->r[R_AX].b[0] * (int8_t)v);
            cf = (int16_t)r != (int8_t)r;
        }
        s->r[R_AX].w = r;
        lf_result(s, r, 8, cf, cf, 0);
    } else if (bits == 16) {
        uint32_t r;
        if (op == 4) {
            r = (uint32_t)s->r[R_AX].w * (uint16_t)v;
            cf = (r >> 16) != 0;
        } else {
            r = (uint32_t)((int32_t)(int16_t)s->r[R_AX].w * (int16_t)v);
            cf = (int32_t)r != (int16_t)r;
        }
        s->r[R_AX].w = (uint16_t)r;
        s->r[R_DX].w = (uint16_t)(r >> 16);
        lf_result(s, r, 16, cf, cf, 0);
    } else {
        uint64_t r;
        if (op == 4) {
            r = (uint64_t)s->r[R_AX].d * v;
            cf = (r >> 32) != 0;
        } else {
            r = (uint64_t)((int64_t)(int32_t)s->r[R_AX].d * (int32_t)v);
            cf = (int64_t)r != (int32_t)r;
        }
        s->r[R_AX].d = (uint32_t)r;
        s->r[R_DX].d = (uint32_t)(r >> 32);
        lf_result(s, (uint32_t)r, 32, cf, cf, 0);
    }
}

static void do_div(struct interp *s, int op, uint32_t v, int bits)
{
    if (v == 0)
        interp_fault(s, 0);
    if (bits == 8) {
        uint16_t a = s->r[R_AX].w;
        if (op == 6) {
            uint32_t q = a / (uint8_t)v;
            if (q > 0xFF)
                interp_fault(s, 0);
            s->r[R_AX].b[0] = (uint8_t)q;
            s->r[R_AX].b[1] = (uint8_t)(a % (uint8_t)v);
        } else {
            int32_t sa = (int16_t)a, sv = (int8_t)v;
            int32_t q = sa / sv;
            if (q > 127 || q < -128)
                interp_fault(s, 0);
            s->r[R_AX].b[0] = (uint8_t)q;
            s->r[R_AX].b[1] = (uint8_t)(sa % sv);
        }
    } else if (bits == 16) {
        uint32_t a = (uint32_t)s->r[R_DX].w << 16 | s->r[R_AX].w;
        if (op == 6) {
            uint32_t q = a / (uint16_t)v;
            if (q > 0xFFFF)
                interp_fault(s, 0);
            s->r[R_AX].w = (uint16_t)q;
            s->r[R_DX].w = (uint16_t)(a % (uint16_t)v);
        } else {
            int64_t sa = (int32_t)a, sv = (int16_t)v;
            int64_t q = sa / sv;
            if (q > 32767 || q < -32768)
                interp_fault(s, 0);
            s->r[R_AX].w = (uint16_t)q;
            s->r[R_DX].w = (uint16_t)(sa % sv);
        }
    } else {
        uint64_t a = (uint64_t)s->r[R_DX].d << 32 | s->r[R_AX].d;
        if (op == 6) {
            uint64_t q = a / v;
            if (q > 0xFFFFFFFFu)
                interp_fault(s, 0);
            s->r[R_AX].d = (uint32_t)q;
            s->r[R_DX].d = (uint32_t)(a % v);
        } else {
            int64_t sa = (int64_t)a, sv = (int32_t)v;
            if (sa == INT64_MIN && sv == -1)
                interp_fault(s, 0);
            int64_t q = sa / sv;
            if (q > INT32_MAX || q < INT32_MIN)
                interp_fault(s, 0);
            s->r[R_AX].d = (uint32_t)q;
            s->r[R_DX].d = (uint32_t)(sa % sv);
        }
    }
}

/* IMUL r, r/m, imm and IMUL r, r/m: the product truncated to the operand size. */
static uint32_t do_imul3(struct interp *s, uint32_t a, uint32_t b, int bits)
{
    uint32_t r, cf;
    if (bits == 16) {
        int32_t p = (int16_t)a * (int16_t)b;
        r = (uint32_t)p & 0xFFFF;
        cf = p != (int16_t)p;
    } else {
        int64_t p = (int64_t)(int32_t)a * (int32_t)b;
        r = (uint32_t)p;
        cf = p != (int32_t)p;
    }
    lf_result(s, r, bits, cf, cf, 0);
    return r;
}

/* SHLD/SHRD with the count already masked to 5 bits and non-zero. */
static uint32_t do_shxd(struct interp *s, bool left, uint32_t dst, uint32_t src, unsigned cnt,
                        int bits)
{
    uint32_t r, cf, of;
    if (bits == 16) {
        /* counts above 16 are undefined: shift through dst:src:dst like a 386 */
        uint64_t x;
        if (left) {
            x = ((uint64_t)dst << 32 | (uint64_t)src << 16 | dst) << cnt;
            r = (uint32_t)(x >> 32) & 0xFFFF;
            cf = (uint32_t)(x >> 48) & 1;
        } else {
            x = (uint64_t)dst << 32 | (uint64_t)src << 16 | dst;
            r = (uint32_t)(x >> cnt) & 0xFFFF;
            cf = (uint32_t)(x >> (cnt - 1)) & 1;
        }
    } else if (left) {
        r = (dst << cnt) | (src >> (32 - cnt));
        cf = (dst >> (32 - cnt)) & 1;
    } else {
        r = (dst >> cnt) | (src << (32 - cnt));
        cf = (dst >> (cnt - 1)) & 1;
    }
    if (left)
        of = ((r >> (bits - 1)) ^ cf) & 1;
    else
        of = ((r ^ dst) >> (bits - 1)) & 1;
    lf_result(s, r, bits, cf, of, 0);
    return r;
}

/* BT/BTS/BTR/BTC on a value: returns the new value; CF = the tested bit. */
static inline uint32_t do_bt(struct interp *s, int op, uint32_t v, unsigned bit)
{
    uint32_t m = 1u << bit;
    lf_set_cf(s, (v & m) != 0);
    switch (op & 3) {
    case 1: return v | m;
    case 2: return v & ~m;
    case 3: return v ^ m;
    default: return v;
    }
}

static void do_cpuid(struct interp *s)
{
    switch (s->r[R_AX].d) {
    case 0:
        s->r[R_AX].d = 1;
        s->r[R_BX].d = 0x756E6547; /* "Genu" */
        s->r[R_DX].d = 0x49656E69; /* "ineI" */
        s->r[R_CX].d = 0x6C65746E; /* "ntel" */
        break;
    default:
        /* family 4 (486), model 8 (DX4), stepping 0; features: on-chip FPU */
        s->r[R_AX].d = 0x480;
        s->r[R_BX].d = 0;
        s->r[R_CX].d = 0;
        s->r[R_DX].d = 0x1;
        break;
    }
}

static void set_cr0(struct interp *s, uint32_t v)
{
    if (v & CR0_PE) {
        interp_stop_error(s, "protected mode is not supported: the program set CR0.PE");
        return;
    }
    s->cr0 = v | CR0_ET;
}

/* Can a LOCK prefix precede this instruction (a 486 raises #UD otherwise)? */
static bool lock_ok(const uint8_t *p, unsigned avail)
{
    unsigned i = 0;
    while (i < avail && (p[i] == 0x26 || p[i] == 0x2E || p[i] == 0x36 || p[i] == 0x3E ||
                         p[i] == 0x64 || p[i] == 0x65 || p[i] == 0x66 || p[i] == 0x67 ||
                         p[i] == 0xF0 || p[i] == 0xF2 || p[i] == 0xF3))
        i++;
    if (i + 3 > avail)
        return true; /* too long anyway: the length limit raises #GP */
    p += i;
    uint8_t op = p[0], m = p[1];
    if (op == 0x0F) {
        op = p[1];
        m = p[2];
        if (m >= 0xC0)
            return false;
        if (op == 0xAB || op == 0xB3 || op == 0xBB || op == 0xB0 || op == 0xB1 || op == 0xC0 ||
            op == 0xC1)
            return true;
        return op == 0xBA && ((m >> 3) & 7) >= 5;
    }
    if (m >= 0xC0)
        return false;
    if (op < 0x40)
        return (op & 7) < 2 && (op >> 3) != 7;
    switch (op) {
    case 0x80:
    case 0x81:
    case 0x82:
    case 0x83: return ((m >> 3) & 7) != 7;
    case 0x86:
    case 0x87: return true;
    case 0xF6:
    case 0xF7: return ((m >> 3) & 7) == 2 || ((m >> 3) & 7) == 3;
    case 0xFE:
    case 0xFF: return ((m >> 3) & 7) < 2;
    default: return false;
    }
}

/* The 0F opcodes, out of line: rare in real-mode code, and kept out of interp_exec they
 * leave its hot paths more registers. Returns the end of the instruction, or NULL when
 * CS:EIP moved (s->eip) or the run must stop (s->stop). */
static __attribute__((noinline)) const uint8_t *exec_0f(struct interp *s, struct dec d,
                                                        uint32_t eip, const uint8_t *pc0)
{

    uint8_t op2 = FETCH8();
    switch (op2) {
    case 0x01: { /* group 7 */
        uint8_t m = FETCH8();
        int gop = (m >> 3) & 7;
        if (gop == 4) { /* SMSW */
            if (m >= 0xC0) {
                if (DEC_O32(&d))
                    R32(m & 7) = s->cr0;
                else
                    R16(m & 7) = (uint16_t)s->cr0;
            } else {
                wr16l(s, ea_lin(s, &d, m, 2), (uint16_t)s->cr0);
            }
            break;
        }
        if (gop == 6) { /* LMSW: cannot clear PE; setting it enters protected mode */
            uint16_t v = m >= 0xC0 ? R16(m & 7) : rd16l(s, ea_lin(s, &d, m, 2));
            set_cr0(s, (s->cr0 & ~0xEu) | (v & 0xF));
            if (s->stop)
                return NULL;
            break;
        }
        if (gop == 7) { /* INVLPG: no paging */
            if (m >= 0xC0)
                UD();
            ea_off(s, &d, m, &(int){0});
            break;
        }
        if (m >= 0xC0 || gop == 5)
            UD();
        int seg;
        uint32_t off = ea_off(s, &d, m, &seg);
        uint32_t *base = gop & 1 ? &s->idt_base : &s->gdt_base;
        uint32_t *limit = gop & 1 ? &s->idt_limit : &s->gdt_limit;
        if (gop < 2) { /* SGDT/SIDT */
            interp_lin(s, seg, off, 6);
            interp_wr16(s, seg, off, (uint16_t)*limit);
            /* a 16-bit store leaves the top byte of the base 0 on a 486 */
            interp_wr32(s, seg, off + 2, DEC_O32(&d) ? *base : *base & 0xFFFFFF);
        } else { /* LGDT/LIDT */
            uint16_t l = interp_rd16(s, seg, off);
            uint32_t b = interp_rd32(s, seg, off + 2);
            *limit = l;
            *base = DEC_O32(&d) ? b : b & 0xFFFFFF;
        }
        break;
    }
    case 0x06: s->cr0 &= ~CR0_TS; break; /* CLTS */
    case 0x08:
    case 0x09: break; /* INVD, WBINVD */
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24:
    case 0x26: { /* MOV to/from CRn, DRn, TRn: always register operands */
        uint8_t m = FETCH8();
        unsigned n = (m >> 3) & 7, rg = m & 7;
        uint32_t *cr[8] = {&s->cr0, NULL, &s->cr2, &s->cr3, NULL, NULL, NULL, NULL};
        if (op2 == 0x20) {
            if (!cr[n])
                UD();
            R32(rg) = *cr[n];
        } else if (op2 == 0x22) {
            if (!cr[n])
                UD();
            if (n == 0) {
                set_cr0(s, R32(rg));
                if (s->stop)
                    return NULL;
            } else {
                *cr[n] = R32(rg);
            }
        } else if (op2 == 0x21) {
            R32(rg) = s->dr[n];
        } else if (op2 == 0x23) {
            s->dr[n] = R32(rg);
        } else if (op2 == 0x24) {
            R32(rg) = 0;
        }
        break;
    }
    case 0x80 ... 0x8F: {
        uint32_t rel = DEC_O32(&d) ? FETCH32() : (uint32_t)(int32_t)(int16_t)FETCH16();
        if (alu_cond(s, op2 & 0xF)) {
            uint32_t t = eip + (uint32_t)(d.pc - pc0) + rel;
            jump_near(s, DEC_O32(&d) ? t : t & 0xFFFF, DEC_O32(&d));
            return NULL;
        }
        break;
    }
    case 0x90 ... 0x9F: {
        uint8_t m = FETCH8();
        uint8_t v = alu_cond(s, op2 & 0xF);
        if (m >= 0xC0)
            *R8(m & 7) = v;
        else
            wr8l(s, ea_lin(s, &d, m, 1), v);
        break;
    }
    case 0xA0:
    case 0xA8: pushv(s, DEC_O32(&d), s->sreg[op2 == 0xA0 ? SEG_FS : SEG_GS]); break;
    case 0xA1:
    case 0xA9: {
        uint32_t v = popv(s, DEC_O32(&d));
        interp_load_seg(s, op2 == 0xA1 ? SEG_FS : SEG_GS, (uint16_t)v);
        break;
    }
    case 0xA2: do_cpuid(s); break;
    case 0xA3:
    case 0xAB:
    case 0xB3:
    case 0xBB:
    case 0xBA: {
        uint8_t m = FETCH8();
        int bop = op2 == 0xBA ? ((m >> 3) & 7) - 4 : (op2 >> 3) & 3;
        if (op2 == 0xBA && bop < 0)
            UD();
        int bits = DEC_O32(&d) ? 32 : 16;
        if (m >= 0xC0) {
            unsigned bit = (op2 == 0xBA ? FETCH8() : R32((m >> 3) & 7)) & (bits - 1);
            uint32_t v = bits == 32 ? R32(m & 7) : R16(m & 7);
            v = do_bt(s, bop, v, bit);
            if (bits == 32)
                R32(m & 7) = v;
            else
                R16(m & 7) = (uint16_t)v;
        } else {
            int seg;
            uint32_t off = ea_off(s, &d, m, &seg);
            int32_t bitoff;
            if (op2 == 0xBA) {
                bitoff = FETCH8() & (bits - 1);
            } else {
                /* the register bit offset is signed and reaches outside the operand */
                bitoff = bits == 32 ? (int32_t)R32((m >> 3) & 7) : (int16_t)R16((m >> 3) & 7);
                int32_t disp = (bitoff >> (bits == 32 ? 5 : 4)) * (bits / 8);
                off += (uint32_t)disp;
                if (!DEC_A32(&d))
                    off &= 0xFFFF;
                bitoff &= bits - 1;
            }
            uint32_t lin = interp_lin(s, seg, off, (unsigned)bits / 8);
            uint32_t v = bits == 32 ? rd32l(s, lin) : rd16l(s, lin);
            uint32_t nv = do_bt(s, bop, v, (unsigned)bitoff);
            if (bop) {
                if (bits == 32)
                    wr32l(s, lin, nv);
                else
                    wr16l(s, lin, (uint16_t)nv);
            }
        }
        break;
    }
    case 0xA4:
    case 0xA5:
    case 0xAC:
    case 0xAD: { /* SHLD, SHRD */
        uint8_t m = FETCH8();
        int bits = DEC_O32(&d) ? 32 : 16;
        uint32_t lin = 0, v;
        if (m < 0xC0)
            lin = ea_lin(s, &d, m, (unsigned)bits / 8);
        unsigned cnt = ((op2 & 1) ? s->r[R_CX].b[0] : FETCH8()) & 0x1F;
        uint32_t src = bits == 32 ? R32((m >> 3) & 7) : R16((m >> 3) & 7);
        if (m >= 0xC0)
            v = bits == 32 ? R32(m & 7) : R16(m & 7);
        else
            v = bits == 32 ? rd32l(s, lin) : rd16l(s, lin);
        if (cnt == 0)
            break;
        v = do_shxd(s, op2 < 0xA8, v, src, cnt, bits);
        if (m >= 0xC0) {
            if (bits == 32)
                R32(m & 7) = v;
            else
                R16(m & 7) = (uint16_t)v;
        } else if (bits == 32) {
            wr32l(s, lin, v);
        } else {
            wr16l(s, lin, (uint16_t)v);
        }
        break;
    }
    case 0xAF: {
        uint8_t m = FETCH8();
        unsigned rg = (m >> 3) & 7;
        if (DEC_O32(&d)) {
            uint32_t a = m >= 0xC0 ? R32(m & 7) : rd32l(s, ea_lin(s, &d, m, 4));
            R32(rg) = do_imul3(s, R32(rg), a, 32);
        } else {
            uint32_t a = m >= 0xC0 ? R16(m & 7) : rd16l(s, ea_lin(s, &d, m, 2));
            R16(rg) = (uint16_t)do_imul3(s, R16(rg), a, 16);
        }
        break;
    }
    case 0xB0:
    case 0xB1: { /* CMPXCHG */
        uint8_t m = FETCH8();
        int bits = op2 == 0xB0 ? 8 : DEC_O32(&d) ? 32 : 16;
        uint32_t lin = 0, v, acc = s->r[R_AX].d & alu_mask(bits);
        unsigned rg = (m >> 3) & 7;
        uint32_t src = bits == 8 ? *R8(rg) : bits == 16 ? R16(rg) : R32(rg);
        if (m < 0xC0) {
            lin = ea_lin(s, &d, m, (unsigned)bits / 8);
            v = bits == 8 ? rd8l(s, lin) : bits == 16 ? rd16l(s, lin) : rd32l(s, lin);
        } else {
            v = bits == 8 ? *R8(m & 7) : bits == 16 ? R16(m & 7) : R32(m & 7);
        }
        alu_op(s, ALU_CMP, acc, v, bits);
        uint32_t nv = acc == v ? src : v;
        if (acc != v) {
            if (bits == 8)
                s->r[R_AX].b[0] = (uint8_t)v;
            else if (bits == 16)
                s->r[R_AX].w = (uint16_t)v;
            else
                s->r[R_AX].d = v;
        }
        if (m >= 0xC0) {
            put_reg(s, m & 7, bits, nv);
        } else if (bits == 8) {
            wr8l(s, lin, (uint8_t)nv); /* a 486 always writes the destination */
        } else if (bits == 16) {
            wr16l(s, lin, (uint16_t)nv);
        } else {
            wr32l(s, lin, nv);
        }
        break;
    }
    case 0xB2:
    case 0xB4:
    case 0xB5: { /* LSS, LFS, LGS */
        uint8_t m = FETCH8();
        if (m >= 0xC0)
            UD();
        int seg;
        uint32_t off = ea_off(s, &d, m, &seg);
        uint32_t v;
        uint16_t sel;
        if (DEC_O32(&d)) {
            v = interp_rd32(s, seg, off);
            sel = interp_rd16(s, seg, off + 4);
        } else {
            v = interp_rd16(s, seg, off);
            sel = interp_rd16(s, seg, DEC_A32(&d) ? off + 2 : (off + 2) & 0xFFFF);
        }
        int sr = op2 == 0xB2 ? SEG_SS : op2 == 0xB4 ? SEG_FS : SEG_GS;
        interp_load_seg(s, sr, sel);
        if (DEC_O32(&d))
            R32((m >> 3) & 7) = v;
        else
            R16((m >> 3) & 7) = (uint16_t)v;
        break;
    }
    case 0xB6:
    case 0xB7:
    case 0xBE:
    case 0xBF: { /* MOVZX, MOVSX */
        uint8_t m = FETCH8();
        uint32_t v;
        if (op2 & 1) {
            v = m >= 0xC0 ? R16(m & 7) : rd16l(s, ea_lin(s, &d, m, 2));
            if (op2 & 8)
                v = (uint32_t)(int32_t)(int16_t)v;
        } else {
            v = m >= 0xC0 ? *R8(m & 7) : rd8l(s, ea_lin(s, &d, m, 1));
            if (op2 & 8)
                v = (uint32_t)(int32_t)(int8_t)v;
        }
        if (DEC_O32(&d))
            R32((m >> 3) & 7) = v;
        else
            R16((m >> 3) & 7) = (uint16_t)v;
        break;
    }
    case 0xBC:
    case 0xBD: { /* BSF, BSR */
        uint8_t m = FETCH8();
        uint32_t v;
        if (DEC_O32(&d))
            v = m >= 0xC0 ? R32(m & 7) : rd32l(s, ea_lin(s, &d, m, 4));
        else
            v = m >= 0xC0 ? R16(m & 7) : rd16l(s, ea_lin(s, &d, m, 2));
        if (v == 0) {
            /* ZF=1, destination unchanged */
            interp_set_status(s, (interp_flags(s) | FLAG_ZF));
            break;
        }
        uint32_t idx = op2 == 0xBC ? (uint32_t)__builtin_ctz(v) : 31u - (uint32_t)__builtin_clz(v);
        interp_set_status(s, interp_flags(s) & ~FLAG_ZF);
        if (DEC_O32(&d))
            R32((m >> 3) & 7) = idx;
        else
            R16((m >> 3) & 7) = (uint16_t)idx;
        break;
    }
    case 0xC0:
    case 0xC1: { /* XADD */
        uint8_t m = FETCH8();
        int bits = op2 == 0xC0 ? 8 : DEC_O32(&d) ? 32 : 16;
        unsigned rg = (m >> 3) & 7;
        uint32_t lin = 0, v;
        if (m < 0xC0) {
            lin = ea_lin(s, &d, m, (unsigned)bits / 8);
            v = bits == 8 ? rd8l(s, lin) : bits == 16 ? rd16l(s, lin) : rd32l(s, lin);
        } else {
            v = bits == 8 ? *R8(m & 7) : bits == 16 ? R16(m & 7) : R32(m & 7);
        }
        uint32_t src = bits == 8 ? *R8(rg) : bits == 16 ? R16(rg) : R32(rg);
        uint32_t sum = alu_op(s, ALU_ADD, v, src, bits);
        put_reg(s, rg, bits, v);
        put_rm(s, m, lin, bits, sum);
        break;
    }
    case 0xC8 ... 0xCF: R32(op2 & 7) = __builtin_bswap32(R32(op2 & 7)); break;
    default: UD();
    }
    return d.pc;
}

int interp_exec(struct interp *s)
{
    /* EIP and the code window live in registers; s->eip is stored at every boundary for
     * faults and helpers, and everything that may move CS:IP or the window goes through
     * `reload`. */
    uint32_t eip = s->eip;
    const uint8_t *cs_ptr = s->cs_ptr;
    int32_t cs_lim = s->cs_fast_limit;
    const uint8_t *pc0;
    for (;;) {
        s->eip = eip;
        if (unlikely(--s->countdown <= 0)) {
            if (interp_events(s))
                return 0;
            eip = s->eip;
            cs_ptr = s->cs_ptr;
            cs_lim = s->cs_fast_limit;
        }
        if (likely(s->blocks != NULL) && interp_block_run(s, eip)) {
            eip = s->eip;
            continue;
        }
        if (likely((int32_t)eip <= cs_lim))
            pc0 = cs_ptr + eip;
        else
            pc0 = fetch_slow(s, eip);
    dispatch:;
        struct dec d = {.pc = pc0, .pfx = PFX_NOSEG};
        uint8_t op;
    next_op:
        op = FETCH8();
        switch (op) {
#define ALU_CASES(base, OP)                                                         \
    case base + 0: {                                                                \
        uint8_t m = FETCH8();                                                       \
        if (m >= 0xC0) {                                                            \
            uint8_t *dd = R8(m & 7);                                                \
            uint8_t v = (uint8_t)alu_op(s, OP, *dd, *R8((m >> 3) & 7), 8);          \
            if (OP != ALU_CMP)                                                      \
                *dd = v;                                                            \
        } else {                                                                    \
            uint32_t lin = ea_lin(s, &d, m, 1);                                     \
            uint8_t v = (uint8_t)alu_op(s, OP, rd8l(s, lin), *R8((m >> 3) & 7), 8); \
            if (OP != ALU_CMP)                                                      \
                wr8l(s, lin, v);                                                    \
        }                                                                           \
        break;                                                                      \
    }                                                                               \
    case base + 1: {                                                                \
        uint8_t m = FETCH8();                                                       \
        unsigned rg = (m >> 3) & 7;                                                 \
        if (DEC_O32(&d)) {                                                          \
            if (m >= 0xC0) {                                                        \
                uint32_t v = alu_op(s, OP, R32(m & 7), R32(rg), 32);                \
                if (OP != ALU_CMP)                                                  \
                    R32(m & 7) = v;                                                 \
            } else {                                                                \
                uint32_t lin = ea_lin(s, &d, m, 4);                                 \
                uint32_t v = alu_op(s, OP, rd32l(s, lin), R32(rg), 32);             \
                if (OP != ALU_CMP)                                                  \
                    wr32l(s, lin, v);                                               \
            }                                                                       \
        } else {                                                                    \
            if (m >= 0xC0) {                                                        \
                uint16_t v = (uint16_t)alu_op(s, OP, R16(m & 7), R16(rg), 16);      \
                if (OP != ALU_CMP)                                                  \
                    R16(m & 7) = v;                                                 \
            } else {                                                                \
                uint32_t lin = ea_lin(s, &d, m, 2);                                 \
                uint16_t v = (uint16_t)alu_op(s, OP, rd16l(s, lin), R16(rg), 16);   \
                if (OP != ALU_CMP)                                                  \
                    wr16l(s, lin, v);                                               \
            }                                                                       \
        }                                                                           \
        break;                                                                      \
    }                                                                               \
    case base + 2: {                                                                \
        uint8_t m = FETCH8();                                                       \
        uint8_t b = m >= 0xC0 ? *R8(m & 7) : rd8l(s, ea_lin(s, &d, m, 1));          \
        uint8_t *dd = R8((m >> 3) & 7);                                             \
        uint8_t v = (uint8_t)alu_op(s, OP, *dd, b, 8);                              \
        if (OP != ALU_CMP)                                                          \
            *dd = v;                                                                \
        break;                                                                      \
    }                                                                               \
    case base + 3: {                                                                \
        uint8_t m = FETCH8();                                                       \
        unsigned rg = (m >> 3) & 7;                                                 \
        if (DEC_O32(&d)) {                                                          \
            uint32_t b = m >= 0xC0 ? R32(m & 7) : rd32l(s, ea_lin(s, &d, m, 4));    \
            uint32_t v = alu_op(s, OP, R32(rg), b, 32);                             \
            if (OP != ALU_CMP)                                                      \
                R32(rg) = v;                                                        \
        } else {                                                                    \
            uint16_t b = m >= 0xC0 ? R16(m & 7) : rd16l(s, ea_lin(s, &d, m, 2));    \
            uint16_t v = (uint16_t)alu_op(s, OP, R16(rg), b, 16);                   \
            if (OP != ALU_CMP)                                                      \
                R16(rg) = v;                                                        \
        }                                                                           \
        break;                                                                      \
    }                                                                               \
    case base + 4: {                                                                \
        uint8_t v = (uint8_t)alu_op(s, OP, s->r[R_AX].b[0], FETCH8(), 8);           \
        if (OP != ALU_CMP)                                                          \
            s->r[R_AX].b[0] = v;                                                    \
        break;                                                                      \
    }                                                                               \
    case base + 5: {                                                                \
        if (DEC_O32(&d)) {                                                          \
            uint32_t v = alu_op(s, OP, s->r[R_AX].d, FETCH32(), 32);                \
            if (OP != ALU_CMP)                                                      \
                s->r[R_AX].d = v;                                                   \
        } else {                                                                    \
            uint16_t v = (uint16_t)alu_op(s, OP, s->r[R_AX].w, FETCH16(), 16);      \
            if (OP != ALU_CMP)                                                      \
                s->r[R_AX].w = v;                                                   \
        }                                                                           \
        break;                                                                      \
    }
            ALU_CASES(0x00, ALU_ADD)
            ALU_CASES(0x08, ALU_OR)
            ALU_CASES(0x10, ALU_ADC)
            ALU_CASES(0x18, ALU_SBB)
            ALU_CASES(0x20, ALU_AND)
            ALU_CASES(0x28, ALU_SUB)
            ALU_CASES(0x30, ALU_XOR)
            ALU_CASES(0x38, ALU_CMP)
#undef ALU_CASES

        case 0x06:
        case 0x0E:
        case 0x16:
        case 0x1E: pushv(s, DEC_O32(&d), s->sreg[op >> 3]); break;
        case 0x07:
        case 0x17:
        case 0x1F: {
            uint32_t v = popv(s, DEC_O32(&d));
            interp_load_seg(s, op >> 3, (uint16_t)v);
            if (op == 0x17) {
                s->shadow = true;
                interp_countdown_set(s, 1);
            }
            break;
        }

        case 0x26:
        case 0x2E:
        case 0x36:
        case 0x3E: d.pfx = (d.pfx & ~PFX_NOSEG) | ((op >> 3) & 3u); goto prefix;
        case 0x64:
        case 0x65: d.pfx = (d.pfx & ~PFX_NOSEG) | (op - 0x60u); goto prefix;
        case 0x66: d.pfx |= PFX_O32; goto prefix;
        case 0x67: d.pfx |= PFX_A32; goto prefix;
        case 0xF2:
        case 0xF3: d.pfx = (d.pfx & ~0xFF00u) | (uint32_t)op << 8; goto prefix;
        case 0xF0:
            if (!lock_ok(d.pc, 15 - (unsigned)(d.pc - pc0)))
                UD();
        prefix:
            if (d.pc - pc0 >= 15)
                interp_fault(s, 13);
            goto next_op;

        case 0x27: { /* DAA */
            uint8_t al = s->r[R_AX].b[0], old = al;
            uint32_t cf = interp_get_cf(s), af = 0, ncf = 0;
            if ((al & 0xF) > 9 || interp_get_af(s)) {
                al += 6;
                ncf = cf || old > 0xF9;
                af = 1;
            }
            if (old > 0x99 || cf) {
                al += 0x60;
                ncf = 1;
            }
            s->r[R_AX].b[0] = al;
            lf_result(s, al, 8, ncf, 0, af);
            break;
        }
        case 0x2F: { /* DAS */
            uint8_t al = s->r[R_AX].b[0], old = al;
            uint32_t cf = interp_get_cf(s), af = 0, ncf = 0;
            if ((al & 0xF) > 9 || interp_get_af(s)) {
                al -= 6;
                ncf = cf || old < 6;
                af = 1;
            }
            if (old > 0x99 || cf) {
                al -= 0x60;
                ncf = 1;
            }
            s->r[R_AX].b[0] = al;
            lf_result(s, al, 8, ncf, 0, af);
            break;
        }
        case 0x37:
        case 0x3F: { /* AAA, AAS */
            uint32_t c = 0;
            if ((s->r[R_AX].b[0] & 0xF) > 9 || interp_get_af(s)) {
                if (op == 0x37) {
                    s->r[R_AX].w += 0x106;
                } else {
                    s->r[R_AX].w -= 6;
                    s->r[R_AX].b[1] -= 1;
                }
                c = 1;
            }
            s->r[R_AX].b[0] &= 0xF;
            lf_result(s, s->r[R_AX].b[0], 8, c, 0, c);
            break;
        }

        case 0x40 ... 0x47:
            if (DEC_O32(&d))
                R32(op & 7) = alu_inc(s, R32(op & 7), 32);
            else
                R16(op & 7) = (uint16_t)alu_inc(s, R16(op & 7), 16);
            break;
        case 0x48 ... 0x4F:
            if (DEC_O32(&d))
                R32(op & 7) = alu_dec(s, R32(op & 7), 32);
            else
                R16(op & 7) = (uint16_t)alu_dec(s, R16(op & 7), 16);
            break;
        case 0x50 ... 0x57:
            if (DEC_O32(&d))
                push32(s, R32(op & 7));
            else
                push16(s, R16(op & 7));
            break;
        case 0x58 ... 0x5F:
            if (DEC_O32(&d)) {
                uint32_t v = popv(s, true);
                R32(op & 7) = v;
            } else {
                uint16_t v = (uint16_t)popv(s, false);
                R16(op & 7) = v;
            }
            break;
        case 0x60: { /* PUSHA */
            uint32_t sp = s->r[R_SP].w, osp = DEC_O32(&d) ? s->r[R_SP].d : s->r[R_SP].w;
            for (int i = 0; i < 8; i++)
                push_at(s, &sp, DEC_O32(&d), i == R_SP ? osp : s->r[i].d);
            s->r[R_SP].w = (uint16_t)sp;
            break;
        }
        case 0x61: { /* POPA */
            uint32_t sp = s->r[R_SP].w, v[8];
            for (int i = 7; i >= 0; i--)
                v[i] = pop_at(s, &sp, DEC_O32(&d));
            for (int i = 0; i < 8; i++) {
                if (i == R_SP)
                    continue;
                if (DEC_O32(&d))
                    s->r[i].d = v[i];
                else
                    s->r[i].w = (uint16_t)v[i];
            }
            s->r[R_SP].w = (uint16_t)sp;
            break;
        }
        case 0x62: { /* BOUND */
            uint8_t m = FETCH8();
            if (m >= 0xC0)
                UD();
            int seg;
            uint32_t off = ea_off(s, &d, m, &seg);
            if (DEC_O32(&d)) {
                int32_t lo = (int32_t)interp_rd32(s, seg, off);
                int32_t hi = (int32_t)interp_rd32(s, seg, off + 4);
                int32_t v = (int32_t)R32((m >> 3) & 7);
                if (v < lo || v > hi)
                    interp_fault(s, 5);
            } else {
                int16_t lo = (int16_t)interp_rd16(s, seg, off);
                int16_t hi =
                    (int16_t)interp_rd16(s, seg, (off + 2) & (DEC_A32(&d) ? ~0u : 0xFFFFu));
                int16_t v = (int16_t)R16((m >> 3) & 7);
                if (v < lo || v > hi)
                    interp_fault(s, 5);
            }
            break;
        }
        case 0x63: UD(); /* ARPL is not recognized in real mode */
        case 0x68:
            if (DEC_O32(&d))
                push32(s, FETCH32());
            else
                push16(s, FETCH16());
            break;
        case 0x6A: {
            uint32_t v = (uint32_t)(int8_t)FETCH8();
            pushv(s, DEC_O32(&d), v);
            break;
        }
        case 0x69:
        case 0x6B: {
            uint8_t m = FETCH8();
            unsigned rg = (m >> 3) & 7;
            if (DEC_O32(&d)) {
                uint32_t a = m >= 0xC0 ? R32(m & 7) : rd32l(s, ea_lin(s, &d, m, 4));
                uint32_t b = op == 0x69 ? FETCH32() : (uint32_t)(int8_t)FETCH8();
                R32(rg) = do_imul3(s, a, b, 32);
            } else {
                uint32_t a = m >= 0xC0 ? R16(m & 7) : rd16l(s, ea_lin(s, &d, m, 2));
                uint32_t b = op == 0x69 ? FETCH16() : (uint32_t)(int8_t)FETCH8();
                R16(rg) = (uint16_t)do_imul3(s, a, b, 16);
            }
            break;
        }
        case 0x6C ... 0x6F:
        case 0xA4 ... 0xA7:
        case 0xAA ... 0xAF:
            if (!string_op(s, op, d))
                goto reload;
            if (op < 0x70)
                goto io;
            break;

        case 0x70 ... 0x7F: {
            int8_t rel = (int8_t)FETCH8();
            if (alu_cond(s, op & 0xF)) {
                uint32_t t = eip + (uint32_t)(d.pc - pc0) + (uint32_t)(int32_t)rel;
                jump_near(s, DEC_O32(&d) ? t : t & 0xFFFF, DEC_O32(&d));
                goto reload;
            }
            break;
        }

        case 0x80:
        case 0x81:
        case 0x82:
        case 0x83: {
            uint8_t m = FETCH8();
            int aop = (m >> 3) & 7;
            if (likely(m >= 0xC0) && (op & 1) && !DEC_O32(&d)) {
                /* the common CMP/ADD/SUB reg16, imm */
                uint32_t imm = op == 0x81 ? FETCH16() : (uint32_t)(int8_t)FETCH8() & 0xFFFF;
                uint16_t v = (uint16_t)alu_op(s, aop, R16(m & 7), imm, 16);
                if (aop != ALU_CMP)
                    R16(m & 7) = v;
                break;
            }
            if (op != 0x81 && op != 0x83) {
                if (m >= 0xC0) {
                    uint8_t *dd = R8(m & 7);
                    uint8_t v = (uint8_t)alu_op(s, aop, *dd, FETCH8(), 8);
                    if (aop != ALU_CMP)
                        *dd = v;
                } else {
                    uint32_t lin = ea_lin(s, &d, m, 1);
                    uint8_t imm = FETCH8();
                    uint8_t v = (uint8_t)alu_op(s, aop, rd8l(s, lin), imm, 8);
                    if (aop != ALU_CMP)
                        wr8l(s, lin, v);
                }
            } else if (DEC_O32(&d)) {
                uint32_t lin = 0;
                if (m < 0xC0)
                    lin = ea_lin(s, &d, m, 4);
                uint32_t imm = op == 0x81 ? FETCH32() : (uint32_t)(int8_t)FETCH8();
                if (m >= 0xC0) {
                    uint32_t v = alu_op(s, aop, R32(m & 7), imm, 32);
                    if (aop != ALU_CMP)
                        R32(m & 7) = v;
                } else {
                    uint32_t v = alu_op(s, aop, rd32l(s, lin), imm, 32);
                    if (aop != ALU_CMP)
                        wr32l(s, lin, v);
                }
            } else {
                uint32_t lin = 0;
                if (m < 0xC0)
                    lin = ea_lin(s, &d, m, 2);
                uint32_t imm = op == 0x81 ? FETCH16() : (uint32_t)(int8_t)FETCH8() & 0xFFFF;
                if (m >= 0xC0) {
                    uint16_t v = (uint16_t)alu_op(s, aop, R16(m & 7), imm, 16);
                    if (aop != ALU_CMP)
                        R16(m & 7) = v;
                } else {
                    uint16_t v = (uint16_t)alu_op(s, aop, rd16l(s, lin), imm, 16);
                    if (aop != ALU_CMP)
                        wr16l(s, lin, v);
                }
            }
            break;
        }
        case 0x84: {
            uint8_t m = FETCH8();
            uint8_t a = m >= 0xC0 ? *R8(m & 7) : rd8l(s, ea_lin(s, &d, m, 1));
            lf_logic(s, a & *R8((m >> 3) & 7), 8);
            break;
        }
        case 0x85: {
            uint8_t m = FETCH8();
            if (DEC_O32(&d)) {
                uint32_t a = m >= 0xC0 ? R32(m & 7) : rd32l(s, ea_lin(s, &d, m, 4));
                lf_logic(s, a & R32((m >> 3) & 7), 32);
            } else {
                uint16_t a = m >= 0xC0 ? R16(m & 7) : rd16l(s, ea_lin(s, &d, m, 2));
                lf_logic(s, a & R16((m >> 3) & 7), 16);
            }
            break;
        }
        case 0x86: {
            uint8_t m = FETCH8();
            uint8_t *rg = R8((m >> 3) & 7);
            if (m >= 0xC0) {
                uint8_t t = *R8(m & 7);
                *R8(m & 7) = *rg;
                *rg = t;
            } else {
                uint32_t lin = ea_lin(s, &d, m, 1);
                uint8_t t = rd8l(s, lin);
                wr8l(s, lin, *rg);
                *rg = t;
            }
            break;
        }
        case 0x87: {
            uint8_t m = FETCH8();
            unsigned rg = (m >> 3) & 7;
            if (DEC_O32(&d)) {
                if (m >= 0xC0) {
                    uint32_t t = R32(m & 7);
                    R32(m & 7) = R32(rg);
                    R32(rg) = t;
                } else {
                    uint32_t lin = ea_lin(s, &d, m, 4);
                    uint32_t t = rd32l(s, lin);
                    wr32l(s, lin, R32(rg));
                    R32(rg) = t;
                }
            } else {
                if (m >= 0xC0) {
                    uint16_t t = R16(m & 7);
                    R16(m & 7) = R16(rg);
                    R16(rg) = t;
                } else {
                    uint32_t lin = ea_lin(s, &d, m, 2);
                    uint16_t t = rd16l(s, lin);
                    wr16l(s, lin, R16(rg));
                    R16(rg) = t;
                }
            }
            break;
        }
        case 0x88: {
            uint8_t m = FETCH8();
            if (m >= 0xC0)
                *R8(m & 7) = *R8((m >> 3) & 7);
            else
                wr8l(s, ea_lin(s, &d, m, 1), *R8((m >> 3) & 7));
            break;
        }
        case 0x89: {
            uint8_t m = FETCH8();
            if (DEC_O32(&d)) {
                if (m >= 0xC0)
                    R32(m & 7) = R32((m >> 3) & 7);
                else
                    wr32l(s, ea_lin(s, &d, m, 4), R32((m >> 3) & 7));
            } else {
                if (m >= 0xC0)
                    R16(m & 7) = R16((m >> 3) & 7);
                else
                    wr16l(s, ea_lin(s, &d, m, 2), R16((m >> 3) & 7));
            }
            break;
        }
        case 0x8A: {
            uint8_t m = FETCH8();
            uint8_t v = m >= 0xC0 ? *R8(m & 7) : rd8l(s, ea_lin(s, &d, m, 1));
            *R8((m >> 3) & 7) = v;
            break;
        }
        case 0x8B: {
            uint8_t m = FETCH8();
            if (DEC_O32(&d)) {
                uint32_t v = m >= 0xC0 ? R32(m & 7) : rd32l(s, ea_lin(s, &d, m, 4));
                R32((m >> 3) & 7) = v;
            } else {
                uint16_t v = m >= 0xC0 ? R16(m & 7) : rd16l(s, ea_lin(s, &d, m, 2));
                R16((m >> 3) & 7) = v;
            }
            break;
        }
        case 0x8C: {
            uint8_t m = FETCH8();
            unsigned sr = (m >> 3) & 7;
            if (sr > 5)
                UD();
            if (m >= 0xC0) {
                /* a register destination takes the selector zero-extended */
                if (DEC_O32(&d))
                    R32(m & 7) = s->sreg[sr];
                else
                    R16(m & 7) = s->sreg[sr];
            } else {
                wr16l(s, ea_lin(s, &d, m, 2), s->sreg[sr]);
            }
            break;
        }
        case 0x8D: {
            uint8_t m = FETCH8();
            if (m >= 0xC0)
                UD();
            int seg;
            uint32_t off = ea_off(s, &d, m, &seg);
            if (DEC_O32(&d))
                R32((m >> 3) & 7) = off;
            else
                R16((m >> 3) & 7) = (uint16_t)off;
            break;
        }
        case 0x8E: {
            uint8_t m = FETCH8();
            unsigned sr = (m >> 3) & 7;
            if (sr > 5 || sr == SEG_CS)
                UD();
            uint16_t v = m >= 0xC0 ? R16(m & 7) : rd16l(s, ea_lin(s, &d, m, 2));
            interp_load_seg(s, (int)sr, v);
            if (sr == SEG_SS) {
                s->shadow = true;
                interp_countdown_set(s, 1);
            }
            break;
        }
        case 0x8F: {
            uint8_t m = FETCH8();
            if ((m >> 3) & 7)
                UD();
            unsigned size = DEC_O32(&d) ? 4 : 2;
            uint32_t sp = s->r[R_SP].w;
            uint32_t v = pop_at(s, &sp, DEC_O32(&d));
            if (m >= 0xC0) {
                s->r[R_SP].w = (uint16_t)sp;
                if (DEC_O32(&d))
                    R32(m & 7) = v;
                else
                    R16(m & 7) = (uint16_t)v;
            } else {
                int seg;
                const uint8_t *sib = d.pc;
                uint32_t off = ea_off(s, &d, m, &seg);
                /* an ESP base sees the value after the pop */
                if (DEC_A32(&d) && (m & 7) == 4 && (*sib & 7) == R_SP)
                    off += size;
                wr_sz(s, seg, off, size, v);
                s->r[R_SP].w = (uint16_t)sp;
            }
            break;
        }
        case 0x90: /* NOP; with F3, PAUSE */ break;
        case 0x91 ... 0x97:
            if (DEC_O32(&d)) {
                uint32_t t = R32(op & 7);
                R32(op & 7) = s->r[R_AX].d;
                s->r[R_AX].d = t;
            } else {
                uint16_t t = R16(op & 7);
                R16(op & 7) = s->r[R_AX].w;
                s->r[R_AX].w = t;
            }
            break;
        case 0x98:
            if (DEC_O32(&d))
                s->r[R_AX].d = (uint32_t)(int32_t)(int16_t)s->r[R_AX].w;
            else
                s->r[R_AX].w = (uint16_t)(int16_t)(int8_t)s->r[R_AX].b[0];
            break;
        case 0x99:
            if (DEC_O32(&d))
                s->r[R_DX].d = (s->r[R_AX].d & 0x80000000u) ? 0xFFFFFFFFu : 0;
            else
                s->r[R_DX].w = (s->r[R_AX].w & 0x8000) ? 0xFFFF : 0;
            break;
        case 0x9A: { /* CALL far */
            uint32_t nip = DEC_O32(&d) ? FETCH32() : FETCH16();
            uint16_t ncs = FETCH16();
            uint32_t sp = s->r[R_SP].w;
            push_at(s, &sp, DEC_O32(&d), s->sreg[SEG_CS]);
            push_at(s, &sp, DEC_O32(&d), NIP());
            jump_far(s, ncs, nip);
            s->r[R_SP].w = (uint16_t)sp;
            goto reload;
        }
        case 0x9B: /* WAIT */
            if ((s->cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS))
                interp_fault(s, 7);
            interp_fpu_wait(s);
            break;
        case 0x9C: {
            uint32_t f = interp_flags(s);
            if (DEC_O32(&d))
                push32(s, f & 0x00FCFFFFu); /* VM and RF read as 0 */
            else
                push16(s, (uint16_t)f);
            break;
        }
        case 0x9D: {
            uint32_t v = popv(s, DEC_O32(&d));
            set_flags_popf(s, v, DEC_O32(&d));
            break;
        }
        case 0x9E: { /* SAHF */
            uint32_t f = interp_flags(s);
            f = (f & ~0xD5u) | (s->r[R_AX].b[1] & 0xD5u);
            interp_set_status(s, f);
            break;
        }
        case 0x9F: s->r[R_AX].b[1] = (uint8_t)((interp_flags(s) & 0xD5u) | 2u); break;
        case 0xA0:
        case 0xA1:
        case 0xA2:
        case 0xA3: {
            uint32_t off = DEC_A32(&d) ? FETCH32() : FETCH16();
            int seg = dec_seg(&d, SEG_DS);
            unsigned size = (op & 1) ? (DEC_O32(&d) ? 4 : 2) : 1;
            if (op < 0xA2) {
                uint32_t v = rd_sz(s, seg, off, size);
                if (size == 1)
                    s->r[R_AX].b[0] = (uint8_t)v;
                else if (size == 2)
                    s->r[R_AX].w = (uint16_t)v;
                else
                    s->r[R_AX].d = v;
            } else {
                wr_sz(s, seg, off, size, s->r[R_AX].d);
            }
            break;
        }
        case 0xA8: lf_logic(s, s->r[R_AX].b[0] & FETCH8(), 8); break;
        case 0xA9:
            if (DEC_O32(&d))
                lf_logic(s, s->r[R_AX].d & FETCH32(), 32);
            else
                lf_logic(s, s->r[R_AX].w & FETCH16(), 16);
            break;
        case 0xB0 ... 0xB7: *R8(op & 7) = FETCH8(); break;
        case 0xB8 ... 0xBF:
            if (DEC_O32(&d))
                R32(op & 7) = FETCH32();
            else
                R16(op & 7) = FETCH16();
            break;

        case 0xC0:
        case 0xC1:
        case 0xD0:
        case 0xD1:
        case 0xD2:
        case 0xD3: {
            uint8_t m = FETCH8();
            int sop = (m >> 3) & 7;
            int bits = (op & 1) ? (DEC_O32(&d) ? 32 : 16) : 8;
            unsigned size = (unsigned)bits / 8;
            uint32_t lin = 0, v;
            if (m < 0xC0)
                lin = ea_lin(s, &d, m, size);
            unsigned cnt = op < 0xD0 ? FETCH8() : op < 0xD2 ? 1 : s->r[R_CX].b[0];
            cnt &= 0x1F;
            if (m >= 0xC0) {
                v = bits == 8 ? *R8(m & 7) : bits == 16 ? R16(m & 7) : R32(m & 7);
            } else {
                v = bits == 8 ? rd8l(s, lin) : bits == 16 ? rd16l(s, lin) : rd32l(s, lin);
            }
            if (cnt == 0)
                break;
            if (bits == 8)
                v = alu_shift(s, sop, v, cnt, 8);
            else if (bits == 16)
                v = alu_shift(s, sop, v, cnt, 16);
            else
                v = alu_shift(s, sop, v, cnt, 32);
            put_rm(s, m, lin, bits, v);
            break;
        }

        case 0xC2:
        case 0xC3: {
            uint16_t n = op == 0xC2 ? FETCH16() : 0;
            uint32_t sp = s->r[R_SP].w;
            uint32_t t = pop_at(s, &sp, DEC_O32(&d));
            jump_near(s, t, DEC_O32(&d));
            s->r[R_SP].w = (uint16_t)(sp + n);
            goto reload;
        }
        case 0xC4:
        case 0xC5: {
            uint8_t m = FETCH8();
            if (m >= 0xC0)
                UD();
            int seg;
            uint32_t off = ea_off(s, &d, m, &seg);
            uint32_t v;
            uint16_t sel;
            if (DEC_O32(&d)) {
                v = interp_rd32(s, seg, off);
                sel = interp_rd16(s, seg, off + 4);
            } else {
                v = interp_rd16(s, seg, off);
                sel = interp_rd16(s, seg, DEC_A32(&d) ? off + 2 : (off + 2) & 0xFFFF);
            }
            interp_load_seg(s, op == 0xC4 ? SEG_ES : SEG_DS, sel);
            if (DEC_O32(&d))
                R32((m >> 3) & 7) = v;
            else
                R16((m >> 3) & 7) = (uint16_t)v;
            break;
        }
        case 0xC6: {
            uint8_t m = FETCH8();
            if ((m >> 3) & 7)
                UD();
            if (m >= 0xC0) {
                *R8(m & 7) = FETCH8();
            } else {
                uint32_t lin = ea_lin(s, &d, m, 1);
                wr8l(s, lin, FETCH8());
            }
            break;
        }
        case 0xC7: {
            uint8_t m = FETCH8();
            if ((m >> 3) & 7)
                UD();
            if (DEC_O32(&d)) {
                if (m >= 0xC0) {
                    R32(m & 7) = FETCH32();
                } else {
                    uint32_t lin = ea_lin(s, &d, m, 4);
                    wr32l(s, lin, FETCH32());
                }
            } else {
                if (m >= 0xC0) {
                    R16(m & 7) = FETCH16();
                } else {
                    uint32_t lin = ea_lin(s, &d, m, 2);
                    wr16l(s, lin, FETCH16());
                }
            }
            break;
        }
        case 0xC8: { /* ENTER */
            uint16_t size = FETCH16();
            unsigned level = FETCH8() & 0x1F;
            uint32_t sp = s->r[R_SP].w;
            unsigned w = DEC_O32(&d) ? 4 : 2;
            push_at(s, &sp, DEC_O32(&d), DEC_O32(&d) ? s->r[R_BP].d : s->r[R_BP].w);
            uint32_t frame = sp;
            if (level) {
                uint32_t bp = s->r[R_BP].w;
                for (unsigned i = 1; i < level; i++) {
                    bp = (bp - w) & 0xFFFF;
                    push_at(s, &sp, DEC_O32(&d), rd_sz(s, SEG_SS, bp, w));
                }
                push_at(s, &sp, DEC_O32(&d), frame);
            }
            /* the new stack top must be writable (a 386 checks it) */
            uint32_t nsp = (sp - size) & 0xFFFF;
            s->r[R_BP].w = (uint16_t)frame;
            s->r[R_SP].w = (uint16_t)nsp;
            break;
        }
        case 0xC9: { /* LEAVE */
            uint32_t sp = s->r[R_BP].w;
            uint32_t v = pop_at(s, &sp, DEC_O32(&d));
            s->r[R_SP].w = (uint16_t)sp;
            if (DEC_O32(&d))
                s->r[R_BP].d = v;
            else
                s->r[R_BP].w = (uint16_t)v;
            break;
        }
        case 0xCA:
        case 0xCB: {
            uint16_t n = op == 0xCA ? FETCH16() : 0;
            uint32_t sp = s->r[R_SP].w;
            uint32_t t = pop_at(s, &sp, DEC_O32(&d));
            uint16_t cs = (uint16_t)pop_at(s, &sp, DEC_O32(&d));
            jump_far(s, cs, DEC_O32(&d) ? t : t & 0xFFFF);
            s->r[R_SP].w = (uint16_t)(sp + n);
            goto reload;
        }
        case 0xCC:
            if (!interp_deliver(s, 3, NIP()))
                return 0;
            goto reload;
        case 0xCD: {
            uint8_t v = FETCH8();
            if (!interp_deliver(s, v, NIP()))
                return 0;
            goto reload;
        }
        case 0xCE:
            if (interp_get_of(s)) {
                if (!interp_deliver(s, 4, NIP()))
                    return 0;
                goto reload;
            }
            break;
        case 0xCF: { /* IRET */
            uint32_t sp = s->r[R_SP].w;
            uint32_t t = pop_at(s, &sp, DEC_O32(&d));
            uint16_t cs = (uint16_t)pop_at(s, &sp, DEC_O32(&d));
            uint32_t f = pop_at(s, &sp, DEC_O32(&d));
            jump_far(s, cs, DEC_O32(&d) ? t : t & 0xFFFF);
            s->r[R_SP].w = (uint16_t)sp;
            set_flags_popf(s, f, DEC_O32(&d));
            goto reload;
        }

        case 0xD4: { /* AAM */
            uint8_t b = FETCH8();
            if (b == 0)
                interp_fault(s, 0);
            uint8_t al = s->r[R_AX].b[0];
            s->r[R_AX].b[1] = al / b;
            s->r[R_AX].b[0] = al % b;
            lf_result(s, s->r[R_AX].b[0], 8, 0, 0, 0);
            break;
        }
        case 0xD5: { /* AAD */
            uint8_t b = FETCH8();
            uint8_t al = s->r[R_AX].b[0], ah = s->r[R_AX].b[1];
            /* flags as the addition AL + AH*imm that produces the result */
            uint32_t x = (uint8_t)(ah * b);
            uint32_t r = (al + x) & 0xFF;
            lf_arith(s, r, (al & x) | ((al | x) & ~r), 8);
            s->r[R_AX].w = (uint16_t)r;
            break;
        }
        case 0xD6: s->r[R_AX].b[0] = interp_get_cf(s) ? 0xFF : 0; break; /* SALC */
        case 0xD7: {                                                     /* XLAT */
            int seg = dec_seg(&d, SEG_DS);
            uint32_t off = DEC_A32(&d) ? s->r[R_BX].d + s->r[R_AX].b[0]
                                       : (uint32_t)(s->r[R_BX].w + s->r[R_AX].b[0]) & 0xFFFF;
            s->r[R_AX].b[0] = interp_rd8(s, seg, off);
            break;
        }
        case 0xD8 ... 0xDF: {
            uint8_t m = FETCH8();
            if (s->cr0 & (CR0_EM | CR0_TS))
                interp_fault(s, 7);
            int seg = 0;
            uint32_t off = 0;
            if (m < 0xC0)
                off = ea_off(s, &d, m, &seg);
            interp_fpu_exec(s, op, m, seg, off, DEC_O32(&d));
            break;
        }

        case 0xE0:
        case 0xE1:
        case 0xE2:
        case 0xE3: {
            int8_t rel = (int8_t)FETCH8();
            uint32_t cmask = DEC_A32(&d) ? 0xFFFFFFFFu : 0xFFFFu;
            uint32_t c = s->r[R_CX].d & cmask;
            bool take;
            if (op == 0xE3) {
                take = c == 0;
            } else {
                c = (c - 1) & cmask;
                take = c != 0;
                if (op == 0xE0)
                    take = take && s->lf_res != 0;
                else if (op == 0xE1)
                    take = take && s->lf_res == 0;
            }
            if (take) {
                uint32_t t = eip + (uint32_t)(d.pc - pc0) + (uint32_t)(int32_t)rel;
                jump_near(s, DEC_O32(&d) ? t : t & 0xFFFF, DEC_O32(&d));
            }
            if (op != 0xE3)
                s->r[R_CX].d = (s->r[R_CX].d & ~cmask) | c;
            if (take)
                goto reload;
            break;
        }
        case 0xE4: s->r[R_AX].b[0] = (uint8_t)io_in(s, FETCH8(), 1); goto io;
        case 0xE5: {
            uint8_t p = FETCH8();
            if (DEC_O32(&d))
                s->r[R_AX].d = io_in(s, p, 4);
            else
                s->r[R_AX].w = (uint16_t)io_in(s, p, 2);
            goto io;
        }
        case 0xE6: {
            uint8_t p = FETCH8();
            io_out(s, p, 1, s->r[R_AX].b[0]);
            goto io;
        }
        case 0xE7: {
            uint8_t p = FETCH8();
            if (DEC_O32(&d))
                io_out(s, p, 4, s->r[R_AX].d);
            else
                io_out(s, p, 2, s->r[R_AX].w);
            goto io;
        }
        case 0xEC: s->r[R_AX].b[0] = (uint8_t)io_in(s, s->r[R_DX].w, 1); goto io;
        case 0xED:
            if (DEC_O32(&d))
                s->r[R_AX].d = io_in(s, s->r[R_DX].w, 4);
            else
                s->r[R_AX].w = (uint16_t)io_in(s, s->r[R_DX].w, 2);
            goto io;
        case 0xEE: io_out(s, s->r[R_DX].w, 1, s->r[R_AX].b[0]); goto io;
        case 0xEF:
            if (DEC_O32(&d))
                io_out(s, s->r[R_DX].w, 4, s->r[R_AX].d);
            else
                io_out(s, s->r[R_DX].w, 2, s->r[R_AX].w);
            goto io;
        case 0xE8: {
            uint32_t rel = DEC_O32(&d) ? FETCH32() : FETCH16();
            uint32_t nip = NIP();
            uint32_t t = nip + rel;
            if (!DEC_O32(&d))
                t &= 0xFFFF;
            else if (t > 0xFFFF)
                interp_fault(s, 13);
            pushv(s, DEC_O32(&d), nip);
            s->eip = t;
            goto reload;
        }
        case 0xE9: {
            uint32_t rel = DEC_O32(&d) ? FETCH32() : FETCH16();
            jump_near(s, NIP() + rel, DEC_O32(&d));
            goto reload;
        }
        case 0xEA: {
            uint32_t nip = DEC_O32(&d) ? FETCH32() : FETCH16();
            uint16_t ncs = FETCH16();
            jump_far(s, ncs, nip);
            goto reload;
        }
        case 0xEB: {
            int8_t rel = (int8_t)FETCH8();
            jump_near(s, NIP() + (uint32_t)(int32_t)rel, DEC_O32(&d));
            goto reload;
        }
        case 0xF1: /* ICEBP */
            if (!interp_deliver(s, 1, NIP()))
                return 0;
            goto reload;
        case 0xF4: /* HLT */
            s->exit->reason = CPU_STOP_HLT;
            s->exit->addr = s->sbase[SEG_CS] + ((eip + (uint32_t)(d.pc - 1 - pc0)) & 0xFFFF);
            s->eip = NIP();
            return 0;
        case 0xF5: s->lf_aux ^= 0xC0000000u; break; /* CMC */
        case 0xF6:
        case 0xF7: {
            uint8_t m = FETCH8();
            int gop = (m >> 3) & 7;
            int bits = op == 0xF6 ? 8 : DEC_O32(&d) ? 32 : 16;
            uint32_t lin = 0, v;
            if (m < 0xC0)
                lin = ea_lin(s, &d, m, (unsigned)bits / 8);
            if (m >= 0xC0)
                v = bits == 8 ? *R8(m & 7) : bits == 16 ? R16(m & 7) : R32(m & 7);
            else
                v = bits == 8 ? rd8l(s, lin) : bits == 16 ? rd16l(s, lin) : rd32l(s, lin);
            uint32_t r;
            switch (gop) {
            case 0:
            case 1: {
                uint32_t imm = bits == 8 ? FETCH8() : bits == 16 ? FETCH16() : FETCH32();
                lf_logic(s, v & imm, bits);
                goto next;
            }
            case 2: r = ~v & alu_mask(bits); break;
            case 3:
                r = bits == 8    ? alu_neg(s, v, 8)
                    : bits == 16 ? alu_neg(s, v, 16)
                                 : alu_neg(s, v, 32);
                break;
            case 4:
            case 5: do_mul(s, gop, v, bits); goto next;
            default: do_div(s, gop, v, bits); goto next;
            }
            put_rm(s, m, lin, bits, r);
            break;
        }
        case 0xF8: lf_set_cf(s, 0); break;
        case 0xF9: lf_set_cf(s, 1); break;
        case 0xFA: s->eflags &= ~FLAG_IF; break;
        case 0xFB:
            if (!(s->eflags & FLAG_IF)) {
                s->eflags |= FLAG_IF;
                s->shadow = true;
            }
            interp_countdown_set(s, 1);
            break;
        case 0xFC: s->eflags &= ~FLAG_DF; break;
        case 0xFD: s->eflags |= FLAG_DF; break;
        case 0xFE: {
            uint8_t m = FETCH8();
            int gop = (m >> 3) & 7;
            if (gop > 1)
                UD();
            if (m >= 0xC0) {
                uint8_t *p = R8(m & 7);
                *p = (uint8_t)(gop ? alu_dec(s, *p, 8) : alu_inc(s, *p, 8));
            } else {
                uint32_t lin = ea_lin(s, &d, m, 1);
                uint8_t v = rd8l(s, lin);
                wr8l(s, lin, (uint8_t)(gop ? alu_dec(s, v, 8) : alu_inc(s, v, 8)));
            }
            break;
        }
        case 0xFF: {
            uint8_t m = FETCH8();
            int gop = (m >> 3) & 7;
            unsigned size = DEC_O32(&d) ? 4 : 2;
            int bits = DEC_O32(&d) ? 32 : 16;
            if (gop == 7)
                UD();
            if ((gop == 3 || gop == 5) && m >= 0xC0)
                UD();
            int seg = 0;
            uint32_t off = 0, lin = 0, v;
            if (m < 0xC0) {
                off = ea_off(s, &d, m, &seg);
                lin = interp_lin(s, seg, off, size);
                v = DEC_O32(&d) ? rd32l(s, lin) : rd16l(s, lin);
            } else {
                v = DEC_O32(&d) ? R32(m & 7) : R16(m & 7);
            }
            switch (gop) {
            case 0:
            case 1:
                v = gop ? (bits == 16 ? alu_dec(s, v, 16) : alu_dec(s, v, 32))
                        : (bits == 16 ? alu_inc(s, v, 16) : alu_inc(s, v, 32));
                if (m >= 0xC0) {
                    if (DEC_O32(&d))
                        R32(m & 7) = v;
                    else
                        R16(m & 7) = (uint16_t)v;
                } else if (DEC_O32(&d)) {
                    wr32l(s, lin, v);
                } else {
                    wr16l(s, lin, (uint16_t)v);
                }
                break;
            case 2: { /* CALL near indirect */
                uint32_t nip = NIP();
                if (DEC_O32(&d) && v > 0xFFFF)
                    interp_fault(s, 13);
                pushv(s, DEC_O32(&d), nip);
                s->eip = v;
                goto reload;
            }
            case 3: { /* CALL far indirect */
                uint16_t ncs = interp_rd16(
                    s, seg, DEC_A32(&d) || DEC_O32(&d) ? off + size : (off + 2) & 0xFFFF);
                uint32_t sp = s->r[R_SP].w;
                push_at(s, &sp, DEC_O32(&d), s->sreg[SEG_CS]);
                push_at(s, &sp, DEC_O32(&d), NIP());
                jump_far(s, ncs, v);
                s->r[R_SP].w = (uint16_t)sp;
                goto reload;
            }
            case 4: jump_near(s, v, DEC_O32(&d)); goto reload;
            case 5: {
                uint16_t ncs = interp_rd16(
                    s, seg, DEC_A32(&d) || DEC_O32(&d) ? off + size : (off + 2) & 0xFFFF);
                jump_far(s, ncs, v);
                goto reload;
            }
            default: pushv(s, DEC_O32(&d), v); break;
            }
            break;
        }

        case 0x0F: {
            d.pc = exec_0f(s, d, eip, pc0);
            if (unlikely(!d.pc)) {
                if (s->stop)
                    return 0;
                goto reload;
            }
            break;
        }

        default: UD();
        }
    next:
        eip = NIP();
        /* A short Jcc or JMP straight after runs here without a trip through the dispatch
         * (most Jcc follow a CMP, TEST or DEC); not when the next boundary must look at
         * events. Any other next instruction is dispatched from here, past the checks the
         * top of the loop would repeat. */
        if (likely((int32_t)eip <= cs_lim) && s->countdown > 1) {
            pc0 = cs_ptr + eip;
            uint8_t j0 = pc0[0];
            if ((j0 & 0xF0) == 0x70 || j0 == 0xEB) {
                int8_t rel = (int8_t)pc0[1];
                s->countdown--;
                eip += 2;
                if (j0 == 0xEB || alu_cond(s, j0 & 0xF))
                    eip = (eip + (uint32_t)(int32_t)rel) & 0xFFFF;
                continue;
            }
            /* the top of the loop looks for a block here, unless one was tried and held
             * nothing */
            if (likely(s->blocks != NULL) && interp_block_maybe(s, s->sbase[SEG_CS] + eip))
                continue;
            /* what the top of the loop would find: no event due, code in the window */
            s->eip = eip;
            s->countdown--;
            goto dispatch;
        }
        continue;
    io:
        /* port I/O may have moved the A20 gate or raised INTR */
        s->eip = NIP();
    reload:
        eip = s->eip;
        cs_ptr = s->cs_ptr;
        cs_lim = s->cs_fast_limit;
    }
}
