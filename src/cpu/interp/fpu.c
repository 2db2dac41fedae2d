/* The interpreter's x87 unit (487-class): the register stack in host long double, which is
 * the x87 80-bit format on x86 hosts; rounding and precision control and the exception
 * flags come from the host FPU, set up around each operation. */
#include <fenv.h>
#include <float.h>
#include <math.h>

#include "cpu/interp/interp.h"
#include "cpu/interp/interp_priv.h"

enum { TAG_VALID, TAG_ZERO, TAG_SPECIAL, TAG_EMPTY };

#define SW_IE  0x0001u
#define SW_DE  0x0002u
#define SW_ZE  0x0004u
#define SW_OE  0x0008u
#define SW_UE  0x0010u
#define SW_PE  0x0020u
#define SW_SF  0x0040u
#define SW_ES  0x0080u
#define SW_C0  0x0100u
#define SW_C1  0x0200u
#define SW_C2  0x0400u
#define SW_C3  0x4000u
#define SW_B   0x8000u
#define SW_CC  (SW_C0 | SW_C1 | SW_C2 | SW_C3)
#define SW_TOP 0x3800u

/* ---- the host FPU around one operation ---- */
#if defined(__x86_64__) || defined(__i386__)
#define FPU_X87 1
struct fpu_host {
    uint16_t saved;
};
/* Guest rounding and precision control, all exceptions masked, flags cleared. */
static inline void fpu_host_begin(struct fpu_host *h, uint16_t cw)
{
    uint16_t hcw = (uint16_t)(0x7Fu | (cw & 0xF00u));
    __asm__ volatile("fnstcw %0\n\tfnclex\n\tfldcw %1" : "=m"(h->saved) : "m"(hcw));
}
static inline unsigned fpu_host_end(struct fpu_host *h)
{
    uint16_t sw;
    __asm__ volatile("fnstsw %0\n\tfldcw %1" : "=m"(sw) : "m"(h->saved));
    return sw & (0x3Fu | 0x200u); /* the exception flags, and C1: rounded up */
}
#else
#define FPU_X87 0
struct fpu_host {
    int round;
};
static inline void fpu_host_begin(struct fpu_host *h, uint16_t cw)
{
    static const int modes[4] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
    h->round = fegetround();
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(modes[(cw >> 10) & 3]);
}
static inline unsigned fpu_host_end(struct fpu_host *h)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    fesetround(h->round);
    return (e & FE_INVALID ? SW_IE : 0) | (e & FE_DIVBYZERO ? SW_ZE : 0) |
           (e & FE_OVERFLOW ? SW_OE : 0) | (e & FE_UNDERFLOW ? SW_UE : 0) |
           (e & FE_INEXACT ? SW_PE : 0);
}
#endif

#if FPU_X87
/* One x87 instruction on ST(0) = a (and ST(1) = b) under the guest's control word, with
 * the status read straight after it: the exception flags and C1 (rounded up) are the
 * hardware's own. */
#define X87_OP(insn, r, a, b, cw, sw)                                      \
    do {                                                                   \
        uint16_t sv_, hcw_ = (uint16_t)(0x7Fu | ((cw)&0xF00u));            \
        __asm__ volatile("fnstcw %[sv]\n\tfnclex\n\tfldcw %[hcw]\n\t" insn \
                         "\n\tfnstsw %[sw]\n\tfldcw %[sv]"                 \
                         : "=t"(r), [sw] "=m"(sw), [sv] "=m"(sv_)          \
                         : "0"(a), "u"(b), [hcw] "m"(hcw_));               \
    } while (0)

static long double fpu_x87(int op, long double a, long double b, uint16_t cw, unsigned *e)
{
    long double r;
    uint16_t sw;
    switch (op) {
    case 0: X87_OP("fadd %%st(1), %%st", r, a, b, cw, sw); break;
    case 1: X87_OP("fmul %%st(1), %%st", r, a, b, cw, sw); break;
    case 4: X87_OP("fsub %%st(1), %%st", r, a, b, cw, sw); break;
    case 5: X87_OP("fsubr %%st(1), %%st", r, a, b, cw, sw); break;
    case 6: X87_OP("fdiv %%st(1), %%st", r, a, b, cw, sw); break;
    case 7: X87_OP("fdivr %%st(1), %%st", r, a, b, cw, sw); break;
    case 8: X87_OP("fsqrt", r, a, b, cw, sw); break;
    case 9: X87_OP("frndint", r, a, b, cw, sw); break;
    default: X87_OP("fscale", r, a, b, cw, sw); break;
    }
    *e = sw & (0x3Fu | SW_C1);
    return r;
}
#endif

/* Transcendental and other "full precision" operations ignore PC and RC. */
#define CW_FULL 0x037Fu

static void fpu_raise(struct interp *s, unsigned exc)
{
    struct interp_fpu *f = &s->fpu;
    f->sw |= (uint16_t)exc;
    if (exc & ~f->cw & 0x3Fu) {
        f->sw |= SW_ES | SW_B;
        f->pending = true;
    }
    /* invalid operation, zero divide and denormal operand are found before the result
     * exists: unmasked, they leave registers and memory as they were */
    if (exc & ~f->cw & (SW_IE | SW_ZE | SW_DE))
        f->suppress = true;
}

/* ---- 80-bit format ---- */
static long double fpu_from80(const uint8_t *b)
{
#if LDBL_MANT_DIG == 64
    long double v = 0;
    memcpy(&v, b, 10);
    return v;
#else
    uint64_t m;
    memcpy(&m, b, 8);
    unsigned se = (unsigned)b[8] | (unsigned)b[9] << 8, e = se & 0x7FFF;
    long double v;
    if (e == 0x7FFF)
        v = (m << 1) ? NAN : INFINITY;
    else
        v = ldexpl((long double)m, (int)e - 16383 - 63 + (e == 0));
    return (se & 0x8000) ? -v : v;
#endif
}

static void fpu_to80(long double v, uint8_t *b)
{
#if LDBL_MANT_DIG == 64
    uint8_t t[sizeof(long double)];
    memcpy(t, &v, sizeof(v));
    memcpy(b, t, 10);
#else
    uint64_t m = 0;
    unsigned se = signbit(v) ? 0x8000 : 0;
    v = fabsl(v);
    if (isnan(v)) {
        se |= 0x7FFF;
        m = 0xC000000000000000ull;
    } else if (isinf(v)) {
        se |= 0x7FFF;
        m = 0x8000000000000000ull;
    } else if (v != 0) {
        int e;
        long double fr = frexpl(v, &e); /* v = fr * 2^e, fr in [0.5, 1) */
        int be = e - 1 + 16383;
        if (be <= 0) {
            m = (uint64_t)ldexpl(fr, 63 + be);
            be = 0;
        } else {
            m = (uint64_t)ldexpl(fr, 64);
        }
        se |= (unsigned)be;
    }
    memcpy(b, &m, 8);
    b[8] = (uint8_t)se;
    b[9] = (uint8_t)(se >> 8);
#endif
}

static uint8_t fpu_tag_of(long double v)
{
    if (v == 0)
        return TAG_ZERO;
    if (!isfinite(v))
        return TAG_SPECIAL;
    if (fabsl(v) < LDBL_MIN)
        return TAG_SPECIAL;
    return TAG_VALID;
}

/* ---- register stack ---- */
static inline unsigned fpu_phys(const struct interp_fpu *f, unsigned i)
{
    return (f->top + i) & 7;
}

static long double fpu_indefinite(void)
{
    return -NAN;
}

/* ST(i), or the masked stack-underflow response. */
static long double fpu_get(struct interp *s, unsigned i)
{
    struct interp_fpu *f = &s->fpu;
    unsigned p = fpu_phys(f, i);
    if (f->tag[p] == TAG_EMPTY) {
        f->sw &= ~SW_C1;
        fpu_raise(s, SW_IE | SW_SF);
        return fpu_indefinite();
    }
    return f->st[p];
}

static void fpu_set(struct interp *s, unsigned i, long double v)
{
    struct interp_fpu *f = &s->fpu;
    if (f->suppress)
        return;
    unsigned p = fpu_phys(f, i);
    f->st[p] = v;
    f->tag[p] = fpu_tag_of(v);
}

static void fpu_push(struct interp *s, long double v)
{
    struct interp_fpu *f = &s->fpu;
    unsigned p = (f->top - 1u) & 7;
    if (f->tag[p] != TAG_EMPTY) {
        f->sw |= SW_C1; /* C1 = 1: the stack overflowed */
        fpu_raise(s, SW_IE | SW_SF);
        v = fpu_indefinite();
    } else {
        f->sw &= ~SW_C1;
    }
    if (f->suppress)
        return;
    f->top = (uint8_t)p;
    f->st[p] = v;
    f->tag[p] = fpu_tag_of(v);
}

static void fpu_pop(struct interp *s)
{
    struct interp_fpu *f = &s->fpu;
    if (f->suppress)
        return;
    f->tag[f->top] = TAG_EMPTY;
    f->top = (f->top + 1) & 7;
}

/* ---- arithmetic ---- */
enum { OP_ADD, OP_MUL, OP_COM, OP_COMP, OP_SUB, OP_SUBR, OP_DIV, OP_DIVR };

static long double fpu_arith(struct interp *s, int op, long double a, long double b)
{
    unsigned e;
#if FPU_X87
    long double vr = fpu_x87(op, a, b, s->fpu.cw, &e);
#else
    struct fpu_host h;
    volatile long double va = a, vb = b, vr = 0;
    fpu_host_begin(&h, s->fpu.cw);
    switch (op) {
    case OP_ADD: vr = va + vb; break;
    case OP_MUL: vr = va * vb; break;
    case OP_SUB: vr = va - vb; break;
    case OP_SUBR: vr = vb - va; break;
    case OP_DIV: vr = va / vb; break;
    default: vr = vb / va; break;
    }
    e = fpu_host_end(&h);
#endif
    /* a zero divisor reports only ZE, even with a denormal dividend */
    bool zdiv = (op == OP_DIV && b == 0) || (op == OP_DIVR && a == 0);
    if (!FPU_X87 && !isnan(a) && !isnan(b) && !zdiv &&
        ((a != 0 && isfinite(a) && fabsl(a) < LDBL_MIN) ||
         (b != 0 && isfinite(b) && fabsl(b) < LDBL_MIN)))
        e |= SW_DE;
    s->fpu.sw &= ~SW_C1;
    if (e)
        fpu_raise(s, e);
    return vr;
}

/* Sets C3 C2 C0 for ST(0) compared with b; `quiet`: only signalling NaNs are invalid. */
static void fpu_compare(struct interp *s, long double a, long double b, bool quiet)
{
    struct interp_fpu *f = &s->fpu;
    f->sw &= ~SW_CC;
    if (isnan(a) || isnan(b)) {
        f->sw |= SW_C0 | SW_C2 | SW_C3;
        if (!quiet || issignaling(a) || issignaling(b))
            fpu_raise(s, SW_IE);
        return;
    }
    if (a < b)
        f->sw |= SW_C0;
    else if (a == b)
        f->sw |= SW_C3;
}

/* Applies op to ST(0) and a memory or register operand. */
static void fpu_op_st0(struct interp *s, int op, long double src)
{
    long double a = fpu_get(s, 0);
    if (op == OP_COM || op == OP_COMP) {
        fpu_compare(s, a, src, false);
        if (op == OP_COMP)
            fpu_pop(s);
        return;
    }
    fpu_set(s, 0, fpu_arith(s, op, a, src));
}

/* ---- memory operands ---- */
static void fpu_read(struct interp *s, int seg, uint32_t off, uint8_t *b, unsigned n)
{
    uint32_t lin = interp_lin(s, seg, off, n);
    for (unsigned i = 0; i < n; i++)
        b[i] = rd8l(s, lin + i);
}

static void fpu_write(struct interp *s, int seg, uint32_t off, const uint8_t *b, unsigned n)
{
    uint32_t lin = interp_lin(s, seg, off, n);
    if (s->fpu.suppress)
        return;
    for (unsigned i = 0; i < n; i++)
        wr8l(s, lin + i, b[i]);
}

static long double fpu_load_real(struct interp *s, int seg, uint32_t off, unsigned size)
{
    uint8_t b[10];
    fpu_read(s, seg, off, b, size);
    struct fpu_host h;
    volatile long double v;
    if (size == 10)
        return fpu_from80(b);
    fpu_host_begin(&h, CW_FULL);
    if (size == 4) {
        float x;
        memcpy(&x, b, 4);
        volatile float vx = x;
        v = vx;
        if (x != 0 && isfinite(x) && fabsf(x) < FLT_MIN)
            fpu_raise(s, SW_DE);
    } else {
        double x;
        memcpy(&x, b, 8);
        volatile double vx = x;
        v = vx;
        if (x != 0 && isfinite(x) && fabs(x) < DBL_MIN)
            fpu_raise(s, SW_DE);
    }
    unsigned e = fpu_host_end(&h);
    if (e & SW_IE)
        fpu_raise(s, SW_IE);
    return v;
}

static long double fpu_load_int(struct interp *s, int seg, uint32_t off, unsigned size)
{
    uint8_t b[8];
    fpu_read(s, seg, off, b, size);
    if (size == 2) {
        int16_t v;
        memcpy(&v, b, 2);
        return v;
    }
    if (size == 4) {
        int32_t v;
        memcpy(&v, b, 4);
        return v;
    }
    int64_t v;
    memcpy(&v, b, 8);
    return (long double)v;
}

static void fpu_store_real(struct interp *s, int seg, uint32_t off, unsigned size, long double v)
{
    uint8_t b[10];
    if (size == 10) {
        fpu_to80(v, b);
        s->fpu.sw &= ~SW_C1; /* exact: never rounded up */
    } else {
        struct fpu_host h;
        volatile long double vv = v;
        fpu_host_begin(&h, s->fpu.cw);
        if (size == 4) {
            volatile float x = (float)vv;
            float y = x;
            memcpy(b, &y, 4);
        } else {
            volatile double x = (double)vv;
            double y = x;
            memcpy(b, &y, 8);
        }
        unsigned e = fpu_host_end(&h);
        s->fpu.sw &= ~SW_C1;
        /* an unmasked overflow or underflow leaves the memory operand alone, and then
         * there is no rounded result to be inexact */
        if (e & ~s->fpu.cw & (SW_OE | SW_UE)) {
            e &= ~(SW_PE | SW_C1);
            s->fpu.suppress = true;
        }
        if (e)
            fpu_raise(s, e);
    }
    fpu_write(s, seg, off, b, size);
}

static void fpu_store_int(struct interp *s, int seg, uint32_t off, unsigned size, long double v)
{
    struct fpu_host h;
    long long r = 0;
    bool bad = isnan(v);
    if (!bad) {
        volatile long double vv = v;
        fpu_host_begin(&h, s->fpu.cw);
        volatile long double rv = rintl(vv);
        unsigned e = fpu_host_end(&h);
        long double ri = rv;
        long double lim = size == 2 ? 32768.0L : size == 4 ? 2147483648.0L : 9223372036854775808.0L;
        if (ri >= lim || ri < -lim) {
            bad = true;
        } else {
            r = (long long)ri;
            s->fpu.sw = (uint16_t)((s->fpu.sw & ~SW_C1) | (e & SW_C1));
            if (e & SW_PE)
                fpu_raise(s, SW_PE);
        }
    }
    if (bad) {
        fpu_raise(s, SW_IE);
        if (s->fpu.cw & SW_IE)
            r = size == 2 ? INT16_MIN : size == 4 ? INT32_MIN : INT64_MIN; /* indefinite */
        else
            return;
    }
    uint8_t b[8];
    uint64_t u = (uint64_t)r;
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(u >> (8 * i));
    fpu_write(s, seg, off, b, size);
}

static long double fpu_load_bcd(struct interp *s, int seg, uint32_t off)
{
    uint8_t b[10];
    fpu_read(s, seg, off, b, 10);
    uint64_t v = 0;
    for (int i = 8; i >= 0; i--)
        v = v * 100 + (uint64_t)(b[i] >> 4) * 10 + (b[i] & 0xF);
    long double r = (long double)v;
    return (b[9] & 0x80) ? -r : r;
}

static void fpu_store_bcd(struct interp *s, int seg, uint32_t off, long double v)
{
    uint8_t b[10] = {0};
    struct fpu_host h;
    volatile long double vv = v;
    fpu_host_begin(&h, s->fpu.cw);
    volatile long double rv = rintl(vv);
    unsigned e = fpu_host_end(&h);
    long double r = rv;
    if (isnan(r) || fabsl(r) >= 1e18L) {
        fpu_raise(s, SW_IE);
        if (!(s->fpu.cw & SW_IE))
            return;
        b[9] = 0xFF;
        b[8] = 0xFF;
        b[7] = 0xC0;
    } else {
        uint64_t u = (uint64_t)fabsl(r);
        for (int i = 0; i < 9; i++) {
            b[i] = (uint8_t)(u % 10 | (u / 10 % 10) << 4);
            u /= 100;
        }
        b[9] = signbit(r) ? 0x80 : 0;
        s->fpu.sw = (uint16_t)((s->fpu.sw & ~SW_C1) | (e & SW_C1));
        if (e & SW_PE)
            fpu_raise(s, SW_PE);
    }
    fpu_write(s, seg, off, b, 10);
}

/* ---- control ---- */
static uint16_t fpu_status(const struct interp_fpu *f)
{
    return (uint16_t)((f->sw & ~SW_TOP) | (f->top << 11));
}

static uint16_t fpu_tagword(const struct interp_fpu *f)
{
    uint16_t tw = 0;
    for (unsigned i = 0; i < 8; i++)
        tw |= (uint16_t)(f->tag[i] << (2 * i));
    return tw;
}

void interp_fpu_init(struct interp_fpu *f)
{
    f->cw = 0x037F;
    f->sw = 0;
    f->top = 0;
    for (int i = 0; i < 8; i++)
        f->tag[i] = TAG_EMPTY;
    f->fop = 0;
    f->fip = 0;
    f->fdp = 0;
    f->pending = false;
}

/* FSTENV/FSAVE header in the real-mode layout: 14 bytes, or 28 with a 32-bit operand size. */
static unsigned fpu_env_store(struct interp *s, uint8_t *b, bool o32)
{
    struct interp_fpu *f = &s->fpu;
    uint16_t v16[7] = {f->cw,
                       fpu_status(f),
                       fpu_tagword(f),
                       (uint16_t)f->fip,
                       (uint16_t)(((f->fip >> 4) & 0xF000u) | (f->fop & 0x7FFu)),
                       (uint16_t)f->fdp,
                       (uint16_t)((f->fdp >> 4) & 0xF000u)};
    if (!o32) {
        for (unsigned i = 0; i < 7; i++) {
            b[2 * i] = (uint8_t)v16[i];
            b[2 * i + 1] = (uint8_t)(v16[i] >> 8);
        }
        return 14;
    }
    uint32_t v32[7] = {0xFFFF0000u | f->cw,
                       0xFFFF0000u | fpu_status(f),
                       0xFFFF0000u | fpu_tagword(f),
                       0xFFFF0000u | (f->fip & 0xFFFFu),
                       ((f->fip >> 4) & 0x0FFFF000u) | (f->fop & 0x7FFu),
                       0xFFFF0000u | (f->fdp & 0xFFFFu),
                       (f->fdp >> 4) & 0x0FFFF000u};
    for (unsigned i = 0; i < 7; i++)
        for (unsigned j = 0; j < 4; j++)
            b[4 * i + j] = (uint8_t)(v32[i] >> (8 * j));
    return 28;
}

static unsigned fpu_env_load(struct interp *s, const uint8_t *b, bool o32)
{
    struct interp_fpu *f = &s->fpu;
    unsigned step = o32 ? 4 : 2;
    uint16_t cw = (uint16_t)(b[0] | b[1] << 8);
    uint16_t sw = (uint16_t)(b[step] | b[step + 1] << 8);
    uint16_t tw = (uint16_t)(b[2 * step] | b[2 * step + 1] << 8);
    uint32_t ip = (uint32_t)(b[3 * step] | b[3 * step + 1] << 8);
    uint32_t hi = (uint32_t)(b[4 * step] | b[4 * step + 1] << 8);
    uint32_t dp = (uint32_t)(b[5 * step] | b[5 * step + 1] << 8);
    uint32_t dhi = (uint32_t)(b[6 * step] | b[6 * step + 1] << 8);
    if (o32) {
        hi |= (uint32_t)(b[4 * step + 2] | b[4 * step + 3] << 8) << 16;
        dhi |= (uint32_t)(b[6 * step + 2] | b[6 * step + 3] << 8) << 16;
    }
    f->cw = cw;
    f->sw = sw & ~SW_TOP;
    f->top = (sw >> 11) & 7;
    f->fop = hi & 0x7FF;
    f->fip = ip | ((hi & 0xF000u) << 4);
    f->fdp = dp | ((dhi & 0xF000u) << 4);
    for (unsigned i = 0; i < 8; i++) {
        unsigned t = (tw >> (2 * i)) & 3;
        /* a non-empty tag is recomputed from the register contents */
        f->tag[i] = t == TAG_EMPTY ? TAG_EMPTY : fpu_tag_of(f->st[i]);
    }
    /* unmasked exceptions that are flagged stay pending */
    if (f->sw & ~f->cw & 0x3Fu) {
        f->sw |= SW_ES | SW_B;
        f->pending = true;
    } else {
        f->sw &= ~(SW_ES | SW_B);
        f->pending = false;
    }
    return o32 ? 28 : 14;
}

static void fpu_retag_loaded(struct interp_fpu *f)
{
    for (unsigned i = 0; i < 8; i++)
        if (f->tag[i] != TAG_EMPTY)
            f->tag[i] = fpu_tag_of(f->st[i]);
}

/* A pending unmasked exception is signalled when the next waiting instruction starts: as
 * #MF (int 16) with CR0.NE, else the PC/AT way, FERR# wired to IRQ13 (int 75h). */
static void fpu_check_pending(struct interp *s)
{
    if (s->fpu.pending) {
        s->fpu.pending = false;
        interp_fault(s, (s->cr0 & CR0_NE) ? 16 : 0x75);
    }
}

void interp_fpu_wait(struct interp *s)
{
    fpu_check_pending(s);
}

/* ---- D9 E0-FF: constants and functions of ST(0) ---- */
static void fpu_fxam(struct interp *s)
{
    struct interp_fpu *f = &s->fpu;
    unsigned p = fpu_phys(f, 0);
    long double v = f->st[p];
    f->sw &= ~SW_CC;
    if (signbit(v))
        f->sw |= SW_C1;
    uint8_t raw[10];
    fpu_to80(v, raw);
    unsigned exp = (raw[8] | raw[9] << 8) & 0x7FFFu;
    if (f->tag[p] == TAG_EMPTY)
        f->sw |= SW_C3 | SW_C0;
    else if (exp != 0 && !(raw[7] & 0x80))
        ; /* unnormal, pseudo-NaN, pseudo-infinity: unsupported (C3 C2 C0 = 000) */
    else if (isnan(v))
        f->sw |= SW_C0;
    else if (isinf(v))
        f->sw |= SW_C2 | SW_C0;
    else if (v == 0)
        f->sw |= SW_C3;
    else if (fabsl(v) < LDBL_MIN)
        f->sw |= SW_C3 | SW_C2;
    else
        f->sw |= SW_C2;
}

/* Full-precision function under the host FPU with its exception flags. */
#define FPU_FULL(s, expr)                 \
    ({                                    \
        struct fpu_host h_;               \
        fpu_host_begin(&h_, CW_FULL);     \
        volatile long double r_ = (expr); \
        unsigned e_ = fpu_host_end(&h_);  \
        (s)->fpu.sw &= ~SW_C1;            \
        if (e_)                           \
            fpu_raise((s), e_);           \
        (long double)r_;                  \
    })

/* FSIN, FCOS, FSINCOS and FPTAN take operands below 2^63 in magnitude; beyond, C2 is
 * set and the stack is left as it was. */
static bool fpu_trig_operand_ok(struct interp_fpu *f, long double a)
{
    f->sw &= ~SW_C2;
    if (fabsl(a) >= 0x1p63L) {
        f->sw |= SW_C2;
        return false;
    }
    return true;
}

static void fpu_prem(struct interp *s, bool ieee)
{
    struct interp_fpu *f = &s->fpu;
    long double a = fpu_get(s, 0), b = fpu_get(s, 1);
    f->sw &= ~SW_CC;
    if (isnan(a) || isnan(b) || isinf(a) || b == 0) {
        fpu_raise(s, SW_IE);
        fpu_set(s, 0, isnan(a) ? a : isnan(b) ? b : fpu_indefinite());
        return;
    }
    if (isinf(b) || a == 0)
        return;
    int ea = ilogbl(a), eb = ilogbl(b);
    if (ea - eb >= 64) {
        /* partial remainder: reduce by b * 2^(D - N) with N = 32 + D mod 32, as x87
         * hardware does; C2 = 1 asks for another round */
        int d = ea - eb;
        long double r = fmodl(a, ldexpl(b, d - 32 - (d & 31)));
        fpu_set(s, 0, r);
        f->sw |= SW_C2;
        return;
    }
    int q;
    long double r;
    if (ieee) {
        r = remquol(a, b, &q);
        if (q < 0)
            q = -q;
    } else {
        r = fmodl(a, b);
        /* the low three quotient bits: (a - r) / b is an integer below 2^64 */
        long double r8 = fmodl(a, 8 * b);
        q = (int)truncl(fabsl(r8 / b));
        /* r8 / b may round up to the next integer: check with one exact rounding */
        if (fmal(-fabsl(b), (long double)q, fabsl(r8)) < 0)
            q--;
        q &= 7;
    }
    fpu_set(s, 0, r);
    if (q & 1)
        f->sw |= SW_C1;
    if (q & 2)
        f->sw |= SW_C3;
    if (q & 4)
        f->sw |= SW_C0;
}

#if FPU_X87
/* The transcendental group, FPREM/FPREM1 and FXTRACT as the host's x87 instructions:
 * bit-exact results, C2 for out-of-range arguments and the quotient bits of FPREM. */
#define X87_BEGIN(cw)                                                                \
    do {                                                                             \
        hcw_ = (uint16_t)(0x7Fu | ((cw)&0xF00u));                                    \
        __asm__ volatile("fnstcw %0\n\tfnclex\n\tfldcw %1" : "=m"(sv_) : "m"(hcw_)); \
    } while (0)
/* the status is read inside each instruction's asm: compiler stores would change C1 */
#define X87_END_CW() __asm__ volatile("fldcw %0" : : "m"(sv_))

static bool fpu_d9_x87(struct interp *s, uint8_t m)
{
    struct interp_fpu *f = &s->fpu;
    long double a, b, r0 = 0, r1;
    uint16_t sv_, sw_ = 0, hcw_;
    switch (m) {
    case 0xF0: /* F2XM1, FSIN, FCOS: ST(0) in, ST(0) out */
    case 0xFE:
    case 0xFF: {
        a = fpu_get(s, 0);
        if (f->suppress)
            return true;
        X87_BEGIN(f->cw);
        if (m == 0xF0)
            __asm__ volatile("f2xm1\n\tfnstsw %[sw]" : "=t"(r0), [sw] "=m"(sw_) : "0"(a));
        else if (m == 0xFE)
            __asm__ volatile("fsin\n\tfnstsw %[sw]" : "=t"(r0), [sw] "=m"(sw_) : "0"(a));
        else
            __asm__ volatile("fcos\n\tfnstsw %[sw]" : "=t"(r0), [sw] "=m"(sw_) : "0"(a));
        X87_END_CW();
        break;
    }
    case 0xF1: /* FYL2X, FPATAN, FYL2XP1: ST(0), ST(1) in, pop, ST(0) out */
    case 0xF3:
    case 0xF9: {
        a = fpu_get(s, 0);
        b = fpu_get(s, 1);
        if (f->suppress)
            return true;
        X87_BEGIN(f->cw);
        if (m == 0xF1)
            __asm__ volatile("fyl2x\n\tfnstsw %[sw]"
                             : "=t"(r0), [sw] "=m"(sw_)
                             : "0"(a), "u"(b)
                             : "st(1)");
        else if (m == 0xF3)
            __asm__ volatile("fpatan\n\tfnstsw %[sw]"
                             : "=t"(r0), [sw] "=m"(sw_)
                             : "0"(a), "u"(b)
                             : "st(1)");
        else
            __asm__ volatile("fyl2xp1\n\tfnstsw %[sw]"
                             : "=t"(r0), [sw] "=m"(sw_)
                             : "0"(a), "u"(b)
                             : "st(1)");
        X87_END_CW();
        f->sw = (uint16_t)((f->sw & ~SW_C1) | (sw_ & SW_C1));
        fpu_raise(s, sw_ & 0x3Fu);
        fpu_set(s, 1, r0);
        fpu_pop(s);
        return true;
    }
    case 0xF8: /* FPREM, FPREM1: ST(0), ST(1) in, ST(0) out, condition codes */
    case 0xF5: {
        a = fpu_get(s, 0);
        b = fpu_get(s, 1);
        if (f->suppress)
            return true;
        X87_BEGIN(f->cw);
        if (m == 0xF8)
            __asm__ volatile("fprem\n\tfnstsw %[sw]"
                             : "=t"(r0), "=u"(r1), [sw] "=m"(sw_)
                             : "0"(a), "1"(b));
        else
            __asm__ volatile("fprem1\n\tfnstsw %[sw]"
                             : "=t"(r0), "=u"(r1), [sw] "=m"(sw_)
                             : "0"(a), "1"(b));
        X87_END_CW();
        break;
    }
    case 0xF2: /* FPTAN, FSINCOS, FXTRACT: ST(0) in, two results */
    case 0xFB:
    case 0xF4: {
        a = fpu_get(s, 0);
        if (f->suppress)
            return true;
        X87_BEGIN(f->cw);
        if (m == 0xF2)
            __asm__ volatile("fptan\n\tfnstsw %[sw]" : "=t"(r0), "=u"(r1), [sw] "=m"(sw_) : "0"(a));
        else if (m == 0xFB)
            __asm__ volatile("fsincos\n\tfnstsw %[sw]"
                             : "=t"(r0), "=u"(r1), [sw] "=m"(sw_)
                             : "0"(a));
        else
            __asm__ volatile("fxtract\n\tfnstsw %[sw]"
                             : "=t"(r0), "=u"(r1), [sw] "=m"(sw_)
                             : "0"(a));
        X87_END_CW();
        fpu_raise(s, sw_ & 0x3Fu);
        if (!(m != 0xF4 && (sw_ & SW_C2))) { /* else out of range: ST(0) stays */
            fpu_set(s, 0, r1);
            fpu_push(s, r0);
        }
        if (!(f->sw & SW_SF)) {
            /* FPTAN and FSINCOS define C1 and C2, FXTRACT only C1; the rest stay */
            unsigned cc = m == 0xF4 ? SW_C1 : SW_C1 | SW_C2;
            f->sw = (uint16_t)((f->sw & ~cc) | (sw_ & cc));
        }
        return true;
    }
    default: return false;
    }
    {
        /* FPREM/FPREM1 define all four codes, FSIN/FCOS C1 and C2, F2XM1 only C1 */
        unsigned cc = (m == 0xF8 || m == 0xF5) ? SW_CC : m == 0xF0 ? SW_C1 : SW_C1 | SW_C2;
        f->sw = (uint16_t)((f->sw & ~cc) | (sw_ & cc));
    }
    fpu_raise(s, sw_ & 0x3Fu);
    if ((m == 0xFE || m == 0xFF) && (sw_ & SW_C2))
        return true; /* argument out of range: ST(0) stays */
    fpu_set(s, 0, r0);
    return true;
}
#endif

static void fpu_d9_special(struct interp *s, uint8_t m)
{
#if FPU_X87
    if (fpu_d9_x87(s, m))
        return;
#endif
    struct interp_fpu *f = &s->fpu;
    long double a;
    switch (m) {
    case 0xE0:
        f->sw &= ~SW_C1;
        fpu_set(s, 0, -fpu_get(s, 0));
        break;
    case 0xE1:
        f->sw &= ~SW_C1;
        fpu_set(s, 0, fabsl(fpu_get(s, 0)));
        break;
    case 0xE4: fpu_compare(s, fpu_get(s, 0), 0.0L, false); break;
    case 0xE5: fpu_fxam(s); break;
    case 0xE8: fpu_push(s, 1.0L); break;
    case 0xE9: fpu_push(s, 3.321928094887362347870319429489390175864831393L); break;
    case 0xEA: fpu_push(s, 1.442695040888963407359924681001892137426645954L); break;
    case 0xEB: fpu_push(s, 3.141592653589793238462643383279502884197169399L); break;
    case 0xEC: fpu_push(s, 0.301029995663981195213738894724493026768189881L); break;
    case 0xED: fpu_push(s, 0.693147180559945309417232121458176568075500134L); break;
    case 0xEE: fpu_push(s, 0.0L); break;
    case 0xF0: /* F2XM1 */
        a = fpu_get(s, 0);
        fpu_set(s, 0, FPU_FULL(s, expm1l(a * 0.693147180559945309417232121458176568L)));
        break;
    case 0xF1: { /* FYL2X */
        long double x = fpu_get(s, 0), y = fpu_get(s, 1);
        if (x == 0 && !isnan(y))
            fpu_raise(s, SW_ZE);
        else if (x < 0)
            fpu_raise(s, SW_IE); /* libm need not flag the domain error */
        fpu_set(s, 1, FPU_FULL(s, y * log2l(x)));
        fpu_pop(s);
        break;
    }
    case 0xF2: /* FPTAN */
        a = fpu_get(s, 0);
        if (!fpu_trig_operand_ok(f, a))
            break;
        fpu_set(s, 0, FPU_FULL(s, tanl(a)));
        fpu_push(s, 1.0L);
        break;
    case 0xF3: { /* FPATAN */
        long double x = fpu_get(s, 0), y = fpu_get(s, 1);
        fpu_set(s, 1, FPU_FULL(s, atan2l(y, x)));
        fpu_pop(s);
        break;
    }
    case 0xF4: { /* FXTRACT */
        a = fpu_get(s, 0);
        if (a == 0) {
            fpu_raise(s, SW_ZE);
            fpu_set(s, 0, -INFINITY);
            fpu_push(s, a);
        } else if (isinf(a)) {
            fpu_set(s, 0, INFINITY);
            fpu_push(s, a);
        } else if (isnan(a)) {
            fpu_push(s, a);
        } else {
            int e = ilogbl(a);
            fpu_set(s, 0, (long double)e);
            fpu_push(s, scalbnl(a, -e));
        }
        break;
    }
    case 0xF5: fpu_prem(s, true); break;
    case 0xF6:
        f->sw &= ~SW_C1;
        f->top = (f->top - 1) & 7;
        break;
    case 0xF7:
        f->sw &= ~SW_C1;
        f->top = (f->top + 1) & 7;
        break;
    case 0xF8: fpu_prem(s, false); break;
    case 0xF9: { /* FYL2XP1 */
        long double x = fpu_get(s, 0), y = fpu_get(s, 1);
        if (x < -1)
            fpu_raise(s, SW_IE);
        fpu_set(s, 1, FPU_FULL(s, y * log1pl(x) * 1.442695040888963407359924681001892137L));
        fpu_pop(s);
        break;
    }
    case 0xFA: {
        a = fpu_get(s, 0);
        unsigned e;
#if FPU_X87
        long double vr = fpu_x87(8, a, 0, f->cw, &e);
#else
        struct fpu_host h;
        volatile long double va = a, vr;
        fpu_host_begin(&h, f->cw);
        vr = sqrtl(va);
        e = fpu_host_end(&h);
        /* libm's sqrtl need not leave the invalid flag behind for a negative operand */
        if (va < 0)
            e |= SW_IE;
#endif
        f->sw &= ~SW_C1;
        if (e)
            fpu_raise(s, e);
        fpu_set(s, 0, vr);
        break;
    }
    case 0xFB: /* FSINCOS */
        a = fpu_get(s, 0);
        if (!fpu_trig_operand_ok(f, a))
            break;
        fpu_set(s, 0, FPU_FULL(s, sinl(a)));
        fpu_push(s, FPU_FULL(s, cosl(a)));
        break;
    case 0xFC: { /* FRNDINT */ a = fpu_get(s, 0); unsigned e;
#if FPU_X87
        long double vr = fpu_x87(9, a, 0, f->cw, &e);
#else
        struct fpu_host h;
        volatile long double va = a, vr;
        fpu_host_begin(&h, (uint16_t)((f->cw & 0xC00u) | 0x37Fu));
        vr = rintl(va);
        e = fpu_host_end(&h);
#endif
        f->sw &= ~SW_C1;
        if (e)
            fpu_raise(s, e);
        fpu_set(s, 0, vr);
        break;
    }
    case 0xFD: { /* FSCALE */
#if FPU_X87
        long double x = fpu_get(s, 0), y = fpu_get(s, 1);
        unsigned e;
        long double vr = fpu_x87(10, x, y, f->cw, &e);
        f->sw &= ~SW_C1;
        if (e)
            fpu_raise(s, e);
        fpu_set(s, 0, vr);
#else
        long double x = fpu_get(s, 0), y = truncl(fpu_get(s, 1));
        long n = y > 100000 ? 100000 : y < -100000 ? -100000 : (long)y;
        if (isnan(y))
            fpu_set(s, 0, y);
        else if (isinf(y))
            fpu_set(s, 0,
                    y > 0 ? (x == 0 ? fpu_indefinite() : x * INFINITY)
                          : (isinf(x) ? fpu_indefinite() : x * 0.0L));
        else {
            struct fpu_host h;
            volatile long double vx = x, vr;
            /* rounded as RC says, at full precision whatever PC says */
            fpu_host_begin(&h, (uint16_t)((f->cw & 0xC00u) | 0x37Fu));
            vr = scalblnl(vx, n);
            unsigned e = fpu_host_end(&h);
            f->sw &= ~SW_C1;
            if (e)
                fpu_raise(s, e);
            fpu_set(s, 0, vr);
        }
#endif
        break;
    }
    case 0xFE:
    case 0xFF:
        a = fpu_get(s, 0);
        if (!fpu_trig_operand_ok(f, a))
            break;
        fpu_set(s, 0, m == 0xFE ? FPU_FULL(s, sinl(a)) : FPU_FULL(s, cosl(a)));
        break;
    case 0xD0: break; /* FNOP */
    default: interp_fault(s, 6);
    }
}

void interp_fpu_exec(struct interp *s, uint8_t op, uint8_t m, int seg, uint32_t off, bool o32)
{
    struct interp_fpu *f = &s->fpu;
    unsigned reg = (m >> 3) & 7, rm = m & 7;
    bool mem = m < 0xC0;
    /* The no-wait control instructions neither check nor update the error pointers. */
    bool nowait = (op == 0xDB && m >= 0xE0 && m <= 0xE4) ||
                  (mem && op == 0xD9 && (reg == 6 || reg == 7)) ||
                  (mem && op == 0xDD && (reg == 6 || reg == 7)) || (op == 0xDF && m == 0xE0);
    f->suppress = false;
    if (!nowait) {
        fpu_check_pending(s);
        f->fop = (uint16_t)(((op & 7u) << 8) | m);
        f->fip = s->sbase[SEG_CS] + s->eip;
        if (mem)
            f->fdp = s->sbase[seg] + off;
    }
    switch (op) {
    case 0xD8:
        if (mem)
            fpu_op_st0(s, (int)reg, fpu_load_real(s, seg, off, 4));
        else
            fpu_op_st0(s, (int)reg, fpu_get(s, rm));
        return;
    case 0xDC:
        if (mem) {
            fpu_op_st0(s, (int)reg, fpu_load_real(s, seg, off, 8));
            return;
        }
        goto reg_dest;
    case 0xDA:
        if (mem) {
            fpu_op_st0(s, (int)reg, fpu_load_int(s, seg, off, 4));
            return;
        }
        if (m == 0xE9) { /* FUCOMPP */
            fpu_compare(s, fpu_get(s, 0), fpu_get(s, 1), true);
            fpu_pop(s);
            fpu_pop(s);
            return;
        }
        interp_fault(s, 6);
    case 0xDE:
        if (mem) {
            fpu_op_st0(s, (int)reg, fpu_load_int(s, seg, off, 2));
            return;
        }
        if (reg == OP_COMP) {
            if (rm != 1)
                interp_fault(s, 6);
            /* FCOMPP */
            fpu_compare(s, fpu_get(s, 0), fpu_get(s, 1), false);
            fpu_pop(s);
            fpu_pop(s);
            return;
        }
        goto reg_dest;
    case 0xD9:
        if (mem) {
            switch (reg) {
            case 0: fpu_push(s, fpu_load_real(s, seg, off, 4)); return;
            case 2: fpu_store_real(s, seg, off, 4, fpu_get(s, 0)); return;
            case 3:
                fpu_store_real(s, seg, off, 4, fpu_get(s, 0));
                fpu_pop(s);
                return;
            case 4: {
                uint8_t b[28];
                unsigned n = o32 ? 28 : 14;
                fpu_read(s, seg, off, b, n);
                fpu_env_load(s, b, o32);
                return;
            }
            case 5: {
                uint8_t b[2];
                fpu_read(s, seg, off, b, 2);
                f->cw = (uint16_t)(b[0] | b[1] << 8);
                if (f->sw & ~f->cw & 0x3Fu) {
                    f->sw |= SW_ES | SW_B;
                    f->pending = true;
                }
                return;
            }
            case 6: {
                uint8_t b[28];
                unsigned n = fpu_env_store(s, b, o32);
                fpu_write(s, seg, off, b, n);
                f->cw |= 0x3F; /* FSTENV masks all exceptions afterwards */
                return;
            }
            case 7: {
                uint8_t b[2] = {(uint8_t)f->cw, (uint8_t)(f->cw >> 8)};
                fpu_write(s, seg, off, b, 2);
                return;
            }
            default: interp_fault(s, 6);
            }
        }
        switch (reg) {
        case 0: { /* FLD ST(i) */
            long double v = fpu_get(s, rm);
            fpu_push(s, v);
            return;
        }
        case 1: { /* FXCH */
            long double a = fpu_get(s, 0), b = fpu_get(s, rm);
            fpu_set(s, 0, b);
            fpu_set(s, rm, a);
            f->sw &= ~SW_C1;
            return;
        }
        case 3: /* FSTP ST(i), undocumented alias */
            fpu_set(s, rm, fpu_get(s, 0));
            f->sw &= ~SW_C1; /* no rounding: C1 = 0 */
            fpu_pop(s);
            return;
        default: fpu_d9_special(s, m); return;
        }
    case 0xDB:
        if (mem) {
            switch (reg) {
            case 0: fpu_push(s, fpu_load_int(s, seg, off, 4)); return;
            case 2: fpu_store_int(s, seg, off, 4, fpu_get(s, 0)); return;
            case 3:
                fpu_store_int(s, seg, off, 4, fpu_get(s, 0));
                fpu_pop(s);
                return;
            case 5: fpu_push(s, fpu_load_real(s, seg, off, 10)); return;
            case 7:
                fpu_store_real(s, seg, off, 10, fpu_get(s, 0));
                fpu_pop(s);
                return;
            default: interp_fault(s, 6);
            }
        }
        switch (m) {
        case 0xE0:
        case 0xE1:
        case 0xE4: return; /* FENI, FDISI, FSETPM: no-ops after the 8087 */
        case 0xE2:         /* FNCLEX */
            f->sw &= ~(0x00FFu | SW_B);
            f->pending = false;
            return;
        case 0xE3: interp_fpu_init(f); return;
        default: interp_fault(s, 6);
        }
    case 0xDD:
        if (mem) {
            switch (reg) {
            case 0: fpu_push(s, fpu_load_real(s, seg, off, 8)); return;
            case 2: fpu_store_real(s, seg, off, 8, fpu_get(s, 0)); return;
            case 3:
                fpu_store_real(s, seg, off, 8, fpu_get(s, 0));
                fpu_pop(s);
                return;
            case 4: { /* FRSTOR */
                uint8_t b[108];
                unsigned n = o32 ? 108 : 94;
                fpu_read(s, seg, off, b, n);
                unsigned hdr = o32 ? 28 : 14;
                /* registers are stored in stack order: ST(0) first */
                uint8_t top = (uint8_t)((b[o32 ? 4 : 2] | b[o32 ? 5 : 3] << 8) >> 11 & 7);
                for (unsigned i = 0; i < 8; i++)
                    f->st[(top + i) & 7] = fpu_from80(b + hdr + 10 * i);
                fpu_env_load(s, b, o32);
                fpu_retag_loaded(f);
                return;
            }
            case 6: { /* FNSAVE */
                uint8_t b[108];
                unsigned hdr = fpu_env_store(s, b, o32);
                for (unsigned i = 0; i < 8; i++)
                    fpu_to80(f->st[fpu_phys(f, i)], b + hdr + 10 * i);
                fpu_write(s, seg, off, b, hdr + 80);
                interp_fpu_init(f);
                return;
            }
            case 7: { /* FNSTSW m16 */
                uint16_t sw = fpu_status(f);
                uint8_t b[2] = {(uint8_t)sw, (uint8_t)(sw >> 8)};
                fpu_write(s, seg, off, b, 2);
                return;
            }
            default: interp_fault(s, 6);
            }
        }
        switch (reg) {
        case 0: f->tag[fpu_phys(f, rm)] = TAG_EMPTY; return; /* FFREE */
        case 1: {                                            /* FXCH alias */
            long double a = fpu_get(s, 0), b = fpu_get(s, rm);
            fpu_set(s, 0, b);
            fpu_set(s, rm, a);
            return;
        }
        case 2: /* FST ST(i) */
            fpu_set(s, rm, fpu_get(s, 0));
            f->sw &= ~SW_C1; /* no rounding: C1 = 0 */
            return;
        case 3: /* FSTP ST(i) */
            fpu_set(s, rm, fpu_get(s, 0));
            f->sw &= ~SW_C1; /* no rounding: C1 = 0 */
            fpu_pop(s);
            return;
        case 4: /* FUCOM */ fpu_compare(s, fpu_get(s, 0), fpu_get(s, rm), true); return;
        case 5: /* FUCOMP */
            fpu_compare(s, fpu_get(s, 0), fpu_get(s, rm), true);
            fpu_pop(s);
            return;
        default: interp_fault(s, 6);
        }
    default: /* DF */
        if (mem) {
            switch (reg) {
            case 0: fpu_push(s, fpu_load_int(s, seg, off, 2)); return;
            case 2: fpu_store_int(s, seg, off, 2, fpu_get(s, 0)); return;
            case 3:
                fpu_store_int(s, seg, off, 2, fpu_get(s, 0));
                fpu_pop(s);
                return;
            case 4: fpu_push(s, fpu_load_bcd(s, seg, off)); return;
            case 5: fpu_push(s, fpu_load_int(s, seg, off, 8)); return;
            case 6:
                fpu_store_bcd(s, seg, off, fpu_get(s, 0));
                fpu_pop(s);
                return;
            default:
                fpu_store_int(s, seg, off, 8, fpu_get(s, 0));
                fpu_pop(s);
                return;
            }
        }
        if (m == 0xE0) { /* FNSTSW AX */
            s->r[R_AX].w = fpu_status(f);
            return;
        }
        if (reg == 0) { /* FFREEP, undocumented */
            f->tag[fpu_phys(f, rm)] = TAG_EMPTY;
            fpu_pop(s);
            return;
        }
        if (reg == 1) { /* FXCH alias */
            long double a = fpu_get(s, 0), b = fpu_get(s, rm);
            fpu_set(s, 0, b);
            fpu_set(s, rm, a);
            return;
        }
        if (reg == 2 || reg == 3) { /* FSTP alias */
            fpu_set(s, rm, fpu_get(s, 0));
            f->sw &= ~SW_C1; /* no rounding: C1 = 0 */
            fpu_pop(s);
            return;
        }
        interp_fault(s, 6);
    }

reg_dest:
    /* DC and DE register forms: ST(i) = ST(i) op ST(0); the SUB/DIV pairs are swapped in
     * this encoding (DC E0+i is FSUBR ST(i),ST(0)). DE pops. */
    {
        if (reg == OP_COM || reg == OP_COMP) { /* aliases of FCOM/FCOMP */
            fpu_compare(s, fpu_get(s, 0), fpu_get(s, rm), false);
            if (reg == OP_COMP || op == 0xDE)
                fpu_pop(s);
            return;
        }
        /* with st0 first, the ModR/M reg field is already the right operation */
        long double r = fpu_arith(s, (int)reg, fpu_get(s, 0), fpu_get(s, rm));
        fpu_set(s, rm, r);
        if (op == 0xDE)
            fpu_pop(s);
    }
}

/* ---- state exchange with the KVM backend (rescue) ---- */
void interp_x87_get(struct cpu *cpu, struct interp_x87_state *x)
{
    const struct interp_fpu *f = &((struct interp *)cpu)->fpu;
    x->fcw = f->cw;
    x->fsw = fpu_status(f);
    x->ftwx = 0;
    for (unsigned i = 0; i < 8; i++) {
        if (f->tag[i] != TAG_EMPTY)
            x->ftwx |= (uint8_t)(1u << i);
        fpu_to80(f->st[fpu_phys(f, i)], x->st[i]);
    }
    x->fop = f->fop;
    x->fip = f->fip;
    x->fdp = f->fdp;
}

void interp_x87_set(struct cpu *cpu, const struct interp_x87_state *x)
{
    struct interp_fpu *f = &((struct interp *)cpu)->fpu;
    f->cw = x->fcw;
    f->sw = x->fsw & ~SW_TOP;
    f->top = (x->fsw >> 11) & 7;
    for (unsigned i = 0; i < 8; i++) {
        unsigned p = fpu_phys(f, i);
        f->st[p] = fpu_from80(x->st[i]);
        f->tag[p] = TAG_EMPTY;
    }
    for (unsigned i = 0; i < 8; i++)
        if (x->ftwx & (1u << i))
            f->tag[i] = fpu_tag_of(f->st[i]);
    f->fop = x->fop & 0x7FF;
    f->fip = x->fip;
    f->fdp = x->fdp;
    f->pending = (f->sw & ~f->cw & 0x3Fu) != 0;
    f->suppress = false;
}
