/* x87 unit tests for the interpreter: small guest programs run on the interpreter, their
 * results compared with the same operation run on the host's own x87 (x86 hosts only). */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/interp/interp.h"

#if !defined(__x86_64__) && !defined(__i386__)
int main(void)
{
    printf("SKIP: the reference is the host x87, and this host has none\n");
    return 77;
}
#else

/* Guest layout: code at 1000:0000, data at DS = 2000. */
#define CODE  0x10000u
#define DATA  0x20000u
#define D_A   0x00
#define D_B   0x10
#define D_R   0x20
#define D_SW  0x30
#define D_CW  0x40
#define D_R2  0x50
#define D_ENV 0x100

struct fx {
    uint8_t *mem;
    struct memmap map;
    struct cpu *cpu;
    struct cpu_host host;
    uint8_t code[256];
    unsigned n;
};

static int failures, checks;

#define CHECK(cond, ...)                                    \
    do {                                                    \
        checks++;                                           \
        if (!(cond)) {                                      \
            failures++;                                     \
            if (failures < 40) {                            \
                printf("FAIL %s:%d: ", __func__, __LINE__); \
                printf(__VA_ARGS__);                        \
                printf("\n");                               \
            }                                               \
        }                                                   \
    } while (0)

static uint32_t fx_in(void *c, uint16_t p, unsigned s)
{
    (void)c;
    (void)p;
    (void)s;
    return 0xFF;
}
static void fx_out(void *c, uint16_t p, unsigned s, uint32_t v)
{
    (void)c;
    (void)p;
    (void)s;
    (void)v;
}
static int fx_ack(void *c)
{
    (void)c;
    return -1;
}

static void emit(struct fx *f, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        f->code[f->n++] = (uint8_t)va_arg(ap, int);
    va_end(ap);
}

/* op /reg with a [disp16] operand */
static void emit_m(struct fx *f, uint8_t op, unsigned reg, uint16_t disp)
{
    emit(f, 4, op, (int)((reg << 3) | 6), disp & 0xFF, disp >> 8);
}

static void fx_begin(struct fx *f)
{
    f->n = 0;
    emit(f, 2, 0xDB, 0xE3); /* FNINIT */
}

/* Runs the code assembled so far; returns the final registers. */
static struct cpu_regs fx_run(struct fx *f)
{
    emit(f, 1, 0xF4);
    memcpy(f->mem + CODE, f->code, f->n);
    struct cpu_regs r;
    memset(&r, 0, sizeof(r));
    r.cs = CODE >> 4;
    r.ds = DATA >> 4;
    r.ss = 0x3000;
    r.sp = 0xFFFE;
    r.flags = 2;
    f->cpu->ops->set_regs(f->cpu, &r);
    struct cpu_exit ex;
    f->cpu->ops->run(f->cpu, 0, &ex);
    f->cpu->ops->get_regs(f->cpu, &r);
    CHECK(ex.reason == CPU_STOP_HLT, "guest stopped with %d (%s)", ex.reason, ex.msg);
    return r;
}

static void put80(struct fx *f, unsigned off, long double v)
{
    memcpy(f->mem + DATA + off, &v, 10);
}
static void put16(struct fx *f, unsigned off, uint16_t v)
{
    memcpy(f->mem + DATA + off, &v, 2);
}
static uint16_t get16(struct fx *f, unsigned off)
{
    uint16_t v;
    memcpy(&v, f->mem + DATA + off, 2);
    return v;
}

/* ---- host references ---- */
struct href {
    uint8_t r[10];
    uint16_t sw;
};

/* ST(0)=a, ST(1)=b; op 0..7 = D8 C1/C9/-/-/E1/E9/F1/F9 (FADD FMUL - - FSUB FSUBR FDIV FDIVR) */
static struct href host_binop(int op, long double a, long double b, uint16_t cw)
{
    struct href h;
    long double r;
    uint16_t sw;
#define BINOP(insn)                                                             \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn \
                     "\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfstp %%st(0)\n\tfninit" \
                     : [r] "=m"(r), [sw] "=m"(sw)                               \
                     : [a] "m"(a), [b] "m"(b), [cw] "m"(cw))
    switch (op) {
    case 0: BINOP("fadd %%st(1), %%st"); break;
    case 1: BINOP("fmul %%st(1), %%st"); break;
    case 4: BINOP("fsub %%st(1), %%st"); break;
    case 5: BINOP("fsubr %%st(1), %%st"); break;
    case 6: BINOP("fdiv %%st(1), %%st"); break;
    default: BINOP("fdivr %%st(1), %%st"); break;
    }
    memcpy(h.r, &r, 10);
    h.sw = sw;
    return h;
}

/* One-operand D9 function on ST(0)=a (ST(1)=b for the two-operand ones); result ST(0) after
 * the instruction, and ST(1) into r2 (FPREM, FXTRACT, FSINCOS, FPTAN). */
static struct href host_d9(uint8_t m, long double a, long double b, uint16_t cw, long double *r2)
{
    struct href h;
    long double r = 0, s2 = 0;
    uint16_t sw;
#define UNOP(insn)                                                              \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn \
                     "\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfstpt %[s2]\n\tfninit"  \
                     : [r] "=m"(r), [sw] "=m"(sw), [s2] "=m"(s2)                \
                     : [a] "m"(a), [b] "m"(b), [cw] "m"(cw))
    switch (m) {
    case 0xFA: UNOP("fsqrt"); break;
    case 0xFC: UNOP("frndint"); break;
    case 0xFD: UNOP("fscale"); break;
    case 0xF8: UNOP("fprem"); break;
    case 0xF5: UNOP("fprem1"); break;
    case 0xF4: UNOP("fxtract"); break;
    case 0xFE: UNOP("fsin"); break;
    case 0xFF: UNOP("fcos"); break;
    case 0xFB: UNOP("fsincos"); break;
    case 0xF2: UNOP("fptan"); break;
    case 0xF3: UNOP("fpatan\n\tfld1"); break;
    case 0xF1: UNOP("fyl2x\n\tfld1"); break;
    case 0xF9: UNOP("fyl2xp1\n\tfld1"); break;
    case 0xF0: UNOP("f2xm1"); break;
    case 0xE0: UNOP("fchs"); break;
    case 0xE1: UNOP("fabs"); break;
    default: UNOP("fnop"); break;
    }
    memcpy(h.r, &r, 10);
    h.sw = sw;
    if (r2)
        *r2 = s2;
    return h;
}

static long double ld_of(const uint8_t *b)
{
    long double v = 0;
    memcpy(&v, b, 10);
    return v;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd64(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static long double rnd_ld(void)
{
    static const long double special[] = {0.0L, -0.0L,  1.0L,          -1.0L,   3.0L,
                                          0.1L, 1e300L, -1e-300L,      1e4000L, 1e-4940L,
                                          0.5L, 1e18L,  123456789.125L};
    uint64_t r = rnd64();
    if ((r & 7) == 0)
        return special[(r >> 3) % (sizeof(special) / sizeof(special[0]))];
    if ((r & 31) == 1)
        return INFINITY;
    if ((r & 63) == 2)
        return NAN;
    long double m = (long double)(rnd64() >> 11) / 9007199254740992.0L + 0.5L;
    int e = (int)((r >> 8) % 200) - 100;
    return ((r >> 20) & 1 ? -1 : 1) * ldexpl(m + (long double)(rnd64() >> 40) * 0x1p-70L, e);
}

static const uint16_t cws[] = {0x037F, 0x077F, 0x0B7F, 0x0F7F, 0x027F, 0x007F, 0x0E7F};

/* ---- tests ---- */
static void test_arith_matches_host(struct fx *f)
{
    static const uint8_t ops[] = {0, 1, 4, 5, 6, 7};
    static const uint8_t modrm[] = {0xC1, 0xC9, 0, 0, 0xE1, 0xE9, 0xF1, 0xF9};
    for (int i = 0; i < 3000; i++) {
        long double a = rnd_ld(), b = rnd_ld();
        int op = ops[i % 6];
        uint16_t cw = cws[(i / 6) % 7];
        fx_begin(f);
        put80(f, D_A, a);
        put80(f, D_B, b);
        put16(f, D_CW, cw);
        emit_m(f, 0xD9, 5, D_CW);
        emit_m(f, 0xDB, 5, D_B);
        emit_m(f, 0xDB, 5, D_A);
        emit(f, 2, 0xD8, modrm[op]);
        emit_m(f, 0xDD, 7, D_SW);
        emit_m(f, 0xDB, 7, D_R);
        fx_run(f);
        struct href h = host_binop(op, a, b, cw);
        CHECK(!memcmp(f->mem + DATA + D_R, h.r, 10), "op %d cw %04x: %La, %La -> %La, host %La", op,
              cw, a, b, ld_of(f->mem + DATA + D_R), ld_of(h.r));
        CHECK((get16(f, D_SW) & 0x23F) == (h.sw & 0x23F),
              "op %d cw %04x %La %La: exceptions and C1 %03x, host %03x", op, cw, a, b,
              get16(f, D_SW) & 0x23F, h.sw & 0x23F);
    }
}

/* Functions whose result the host x87 defines exactly (correctly rounded or exact). */
static void test_exact_functions_match_host(struct fx *f)
{
    static const uint8_t fns[] = {0xFA, 0xFC, 0xFD, 0xF8, 0xF5, 0xF4, 0xE0, 0xE1};
    for (int i = 0; i < 2000; i++) {
        uint8_t m = fns[i % 8];
        long double a = fabsl(rnd_ld()), b = rnd_ld();
        if (m == 0xFD)
            b = (long double)((int64_t)(rnd64() % 200) - 100) + 0.5L;
        if (m == 0xFC)
            a = (rnd64() & 1 ? -1 : 1) * ldexpl(a, -(int)(rnd64() % 40));
        if ((m == 0xF8 || m == 0xF5) && (isnan(a) || isnan(b) || isinf(a) || b == 0))
            continue;
        uint16_t cw = cws[(i / 8) % 7];
        fx_begin(f);
        put80(f, D_A, a);
        put80(f, D_B, b);
        put16(f, D_CW, cw);
        emit_m(f, 0xD9, 5, D_CW);
        emit_m(f, 0xDB, 5, D_B);
        emit_m(f, 0xDB, 5, D_A);
        emit(f, 2, 0xD9, m);
        emit_m(f, 0xDD, 7, D_SW);
        emit_m(f, 0xDB, 7, D_R);
        emit_m(f, 0xDB, 7, D_R2);
        fx_run(f);
        long double h2;
        struct href h = host_d9(m, a, b, cw, &h2);
        long double got = ld_of(f->mem + DATA + D_R), got2 = ld_of(f->mem + DATA + D_R2);
        bool same = !memcmp(f->mem + DATA + D_R, h.r, 10) || (isnan(got) && isnan(ld_of(h.r)));
        CHECK(same, "D9 %02X cw %04x: %La, %La -> %La, host %La", m, cw, a, b, got, ld_of(h.r));
        CHECK(!memcmp(&got2, &h2, 10) || (isnan(got2) && isnan(h2)), "D9 %02X: ST(1) %La, host %La",
              m, got2, h2);
        unsigned ccmask = (m == 0xF8 || m == 0xF5) ? 0x4700 : 0x0200; /* C1 always */
        CHECK((get16(f, D_SW) & ccmask) == (h.sw & ccmask),
              "D9 %02X %La %La: condition codes %04x, host %04x", m, a, b, get16(f, D_SW) & ccmask,
              h.sw & ccmask);
    }
}

/* The transcendental group: on an x86 host the interpreter runs the x87's own
 * instructions, so results and C2 (argument out of range) must match it bit for bit. */
static void test_transcendental_match_host(struct fx *f)
{
    static const uint8_t fns[] = {0xFE, 0xFF, 0xFB, 0xF2, 0xF3, 0xF1, 0xF9, 0xF0};
    for (int i = 0; i < 1600; i++) {
        uint8_t m = fns[i % 8];
        long double a = ldexpl((long double)(rnd64() >> 11) / 9007199254740992.0L, 3) - 4;
        long double b = ldexpl((long double)(rnd64() >> 11) / 9007199254740992.0L, 4) - 8;
        if (m == 0xF1)
            a = fabsl(a) * 100 + 0.01L;
        if (m == 0xF9 || m == 0xF0)
            a = a / 16; /* their domains: |x| < 1 - sqrt(2)/2, |x| < 1 */
        if ((i / 8) % 10 == 0 && (m == 0xFE || m == 0xFF || m == 0xFB || m == 0xF2))
            a = ldexpl(a, 70); /* out of range: C2 = 1, ST(0) unchanged */
        fx_begin(f);
        put80(f, D_A, a);
        put80(f, D_B, b);
        emit_m(f, 0xDB, 5, D_B);
        emit_m(f, 0xDB, 5, D_A);
        emit(f, 2, 0xD9, m);
        if (m == 0xF3 || m == 0xF1 || m == 0xF9)
            emit(f, 2, 0xD9, 0xE8); /* FLD1, as the host sequence does */
        emit_m(f, 0xDD, 7, D_SW);
        emit_m(f, 0xDB, 7, D_R);
        emit_m(f, 0xDB, 7, D_R2);
        fx_run(f);
        long double h2;
        struct href h = host_d9(m, a, b, 0x37F, &h2);
        CHECK(!memcmp(f->mem + DATA + D_R, h.r, 10), "D9 %02X (%La, %La): %La, host %La", m, a, b,
              ld_of(f->mem + DATA + D_R), ld_of(h.r));
        CHECK(!memcmp(f->mem + DATA + D_R2, &h2, 10), "D9 %02X (%La, %La): ST(1) %La, host %La", m,
              a, b, ld_of(f->mem + DATA + D_R2), h2);
        CHECK((get16(f, D_SW) & 0x3F7F) == (h.sw & 0x3F7F), "D9 %02X (%La): sw %04x, host %04x", m,
              a, get16(f, D_SW), h.sw);
    }
}

static void test_compare_codes_match_host(struct fx *f)
{
    static const long double v[] = {0.0L, -0.0L,    1.0L,      -1.0L,   2.5L,
                                    NAN,  INFINITY, -INFINITY, 1e-4940L};
    const unsigned nv = sizeof(v) / sizeof(v[0]);
    for (unsigned i = 0; i < nv; i++)
        for (unsigned j = 0; j < nv; j++)
            for (int kind = 0; kind < 4; kind++) {
                long double a = v[i], b = v[j];
                fx_begin(f);
                put80(f, D_A, a);
                put80(f, D_B, b);
                emit_m(f, 0xDB, 5, D_B);
                emit_m(f, 0xDB, 5, D_A);
                static const uint8_t insn[4][2] = {
                    {0xD8, 0xD1}, {0xDD, 0xE1}, {0xD9, 0xE4}, {0xD9, 0xE5}};
                emit(f, 2, insn[kind][0], insn[kind][1]);
                emit(f, 2, 0xDF, 0xE0); /* FNSTSW AX */
                struct cpu_regs r = fx_run(f);
                uint16_t sw;
#define CMP(insn)                                                                             \
    __asm__ volatile("fninit\n\tfldt %[b]\n\tfldt %[a]\n\t" insn "\n\tfnstsw %[sw]\n\tfninit" \
                     : [sw] "=m"(sw)                                                          \
                     : [a] "m"(a), [b] "m"(b))
                switch (kind) {
                case 0: CMP("fcom %%st(1)"); break;
                case 1: CMP("fucom %%st(1)"); break;
                case 2: CMP("ftst"); break;
                default: CMP("fxam"); break;
                }
                CHECK((r.ax & 0x4741) == (sw & 0x4741), "%s %La, %La: sw %04x, host %04x",
                      (const char *[]){"fcom", "fucom", "ftst", "fxam"}[kind], a, b, r.ax, sw);
            }
    /* FXAM of an unnormal (integer bit clear, exponent not 0): unsupported */
    {
        uint8_t un[10] = {0, 0, 0, 0, 0, 0, 0, 0x40, 0xFF, 0x3F};
        long double a;
        memcpy(&a, un, 10);
        memcpy(f->mem + DATA + D_A, un, 10);
        fx_begin(f);
        emit_m(f, 0xDB, 5, D_A);
        emit(f, 2, 0xD9, 0xE5);
        emit(f, 2, 0xDF, 0xE0);
        struct cpu_regs r = fx_run(f);
        uint16_t sw;
        __asm__ volatile("fninit\n\tfldt %1\n\tfxam\n\tfnstsw %0\n\tfninit" : "=m"(sw) : "m"(a));
        CHECK((r.ax & 0x4700) == (sw & 0x4700), "fxam unnormal: %04x, host %04x", r.ax, sw);
    }
    /* FXAM of an empty register */
    fx_begin(f);
    emit(f, 2, 0xD9, 0xE5);
    emit(f, 2, 0xDF, 0xE0);
    struct cpu_regs r = fx_run(f);
    uint16_t sw;
    __asm__ volatile("fninit\n\tfxam\n\tfnstsw %0\n\tfninit" : "=m"(sw));
    CHECK((r.ax & 0x4500) == (sw & 0x4500), "fxam empty: %04x, host %04x", r.ax, sw);
}

static void test_integer_and_bcd_stores_match_host(struct fx *f)
{
    for (int i = 0; i < 1500; i++) {
        long double a = rnd_ld();
        if (i % 3 == 0)
            a = ldexpl((long double)(int64_t)rnd64(), -(int)(rnd64() % 70));
        uint16_t cw = cws[i % 4];
        int kind = (i / 4) % 4; /* m16, m32, m64, bcd */
        fx_begin(f);
        put80(f, D_A, a);
        put16(f, D_CW, cw);
        memset(f->mem + DATA + D_R, 0xAA, 10);
        emit_m(f, 0xD9, 5, D_CW);
        emit_m(f, 0xDB, 5, D_A);
        static const uint8_t op[4] = {0xDF, 0xDB, 0xDF, 0xDF}, reg[4] = {3, 3, 7, 6};
        emit_m(f, op[kind], reg[kind], D_R);
        emit_m(f, 0xDD, 7, D_SW);
        fx_run(f);
        uint8_t hr[10];
        memset(hr, 0xAA, 10);
        uint16_t sw;
#define STI(insn)                                                  \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn \
                     " %[r]\n\tfnstsw %[sw]\n\tfninit"             \
                     : [r] "+m"(hr), [sw] "=m"(sw)                 \
                     : [a] "m"(a), [cw] "m"(cw))
        switch (kind) {
        case 0: STI("fistps"); break;
        case 1: STI("fistpl"); break;
        case 2: STI("fistpll"); break;
        default: STI("fbstp"); break;
        }
        CHECK(!memcmp(f->mem + DATA + D_R, hr, 10), "store kind %d cw %04x of %La differs", kind,
              cw, a);
        CHECK((get16(f, D_SW) & 0x21) == (sw & 0x21), "store kind %d of %La: sw %04x, host %04x",
              kind, a, get16(f, D_SW), sw);
    }
    /* FBLD and FILD read back what the host wrote */
    for (int i = 0; i < 300; i++) {
        int64_t n = (int64_t)(rnd64() % 1000000000000000000ull) * (rnd64() & 1 ? -1 : 1);
        uint8_t bcd[10];
        long double ln = (long double)n;
        __asm__ volatile("fninit\n\tfldt %1\n\tfbstp %0\n\tfninit" : "=m"(bcd) : "m"(ln));
        memcpy(f->mem + DATA + D_A, bcd, 10);
        memcpy(f->mem + DATA + D_B, &n, 8);
        fx_begin(f);
        emit_m(f, 0xDF, 4, D_A); /* FBLD */
        emit_m(f, 0xDB, 7, D_R);
        emit_m(f, 0xDF, 5, D_B); /* FILD m64 */
        emit_m(f, 0xDB, 7, D_R2);
        fx_run(f);
        CHECK(ld_of(f->mem + DATA + D_R) == ln, "fbld of %lld", (long long)n);
        CHECK(ld_of(f->mem + DATA + D_R2) == ln, "fild m64 of %lld", (long long)n);
    }
}

static void test_real_stores_match_host(struct fx *f)
{
    for (int i = 0; i < 1500; i++) {
        long double a = rnd_ld();
        uint16_t cw = cws[i % 4];
        bool dbl = (i / 4) & 1;
        fx_begin(f);
        put80(f, D_A, a);
        put16(f, D_CW, cw);
        emit_m(f, 0xD9, 5, D_CW);
        emit_m(f, 0xDB, 5, D_A);
        emit_m(f, dbl ? 0xDD : 0xD9, 3, D_R);
        emit_m(f, 0xDD, 7, D_SW);
        fx_run(f);
        uint8_t hr[8] = {0};
        uint16_t sw;
        if (dbl)
            __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfstpl %[r]\n\tfnstsw "
                             "%[sw]\n\tfninit"
                             : [r] "=m"(hr), [sw] "=m"(sw)
                             : [a] "m"(a), [cw] "m"(cw));
        else
            __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfstps %[r]\n\tfnstsw "
                             "%[sw]\n\tfninit"
                             : [r] "=m"(hr), [sw] "=m"(sw)
                             : [a] "m"(a), [cw] "m"(cw));
        CHECK(!memcmp(f->mem + DATA + D_R, hr, dbl ? 8 : 4), "fstp m%d cw %04x of %La differs",
              dbl ? 64 : 32, cw, a);
        CHECK((get16(f, D_SW) & 0x3D) == (sw & 0x3D), "fstp m%d of %La: sw %04x, host %04x",
              dbl ? 64 : 32, a, get16(f, D_SW), sw);
    }
}

/* The tag word, status and control words of FSTENV agree with the host's FNSTENV; FSAVE
 * and FRSTOR round-trip the registers; FSAVE reinitializes. */
static void test_env_and_save(struct fx *f)
{
    long double vals[3] = {0.0L, 1.5L, INFINITY};
    fx_begin(f);
    for (int i = 0; i < 3; i++) {
        put80(f, D_A + 0x10 * (unsigned)i, vals[i]);
        emit_m(f, 0xDB, 5, (uint16_t)(D_A + 0x10 * i));
    }
    emit_m(f, 0xD9, 6, D_ENV); /* FNSTENV, 14 bytes */
    fx_run(f);
    uint8_t env[28];
    long double v0 = vals[0], v1 = vals[1], v2 = vals[2];
    __asm__ volatile("fninit\n\tfldt %1\n\tfldt %2\n\tfldt %3\n\tfnstenv %0\n\tfninit"
                     : "=m"(env)
                     : "m"(v0), "m"(v1), "m"(v2));
    uint16_t hcw, hsw, htw;
    memcpy(&hcw, env, 2);
    memcpy(&hsw, env + 4, 2);
    memcpy(&htw, env + 8, 2);
    CHECK(get16(f, D_ENV) == hcw, "fstenv cw %04x, host %04x", get16(f, D_ENV), hcw);
    CHECK(get16(f, D_ENV + 2) == hsw, "fstenv sw %04x, host %04x", get16(f, D_ENV + 2), hsw);
    CHECK(get16(f, D_ENV + 4) == htw, "fstenv tw %04x, host %04x", get16(f, D_ENV + 4), htw);

    /* FLDENV brings back what FSTENV stored, across an FNINIT */
    uint8_t env1[14];
    memcpy(env1, f->mem + DATA + D_ENV, 14);
    fx_begin(f);
    for (int i = 0; i < 3; i++)
        emit_m(f, 0xDB, 5, (uint16_t)(D_A + 0x10 * i));
    emit_m(f, 0xD9, 6, D_ENV);
    emit(f, 2, 0xDB, 0xE3);    /* FNINIT */
    emit_m(f, 0xD9, 4, D_ENV); /* FLDENV */
    emit_m(f, 0xD9, 6, D_ENV + 0x20);
    fx_run(f);
    CHECK(!memcmp(f->mem + DATA + D_ENV, f->mem + DATA + D_ENV + 0x20, 14),
          "FSTENV after FLDENV differs from the image loaded");
    CHECK(!memcmp(env1 + 4, f->mem + DATA + D_ENV + 0x20 + 4, 2), "tag word not restored");

    /* FSAVE, then load 1.0, FRSTOR and pop everything back out */
    fx_begin(f);
    for (int i = 0; i < 3; i++)
        emit_m(f, 0xDB, 5, (uint16_t)(D_A + 0x10 * i));
    emit_m(f, 0xDD, 6, D_ENV); /* FNSAVE */
    emit(f, 2, 0xDF, 0xE0);    /* FNSTSW AX: after FSAVE, TOP = 0 */
    emit(f, 2, 0xD9, 0xE8);    /* FLD1 */
    emit_m(f, 0xDD, 4, D_ENV); /* FRSTOR */
    for (int i = 0; i < 3; i++)
        emit_m(f, 0xDB, 7, (uint16_t)(D_R + 0x10 * i));
    struct cpu_regs r = fx_run(f);
    CHECK((r.ax & 0x3800) == 0, "TOP after FSAVE is %u", (r.ax >> 11) & 7);
    for (int i = 0; i < 3; i++) {
        long double got = ld_of(f->mem + DATA + D_R + 0x10 * (unsigned)i);
        CHECK(!memcmp(&got, &vals[2 - i], 10), "FRSTOR ST(%d) = %La, want %La", i, got,
              vals[2 - i]);
    }
}

/* Nine pushes overflow the eight registers; an empty operand underflows. */
static void test_stack_faults_match_host(struct fx *f)
{
    fx_begin(f);
    for (int i = 0; i < 9; i++)
        emit(f, 2, 0xD9, 0xE8);
    emit(f, 2, 0xDF, 0xE0);
    emit_m(f, 0xDB, 7, D_R);
    struct cpu_regs r = fx_run(f);
    uint16_t sw;
    uint8_t hr[10];
    __asm__ volatile("fninit\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\t"
                     "fld1\n\tfnstsw %0\n\tfstpt %1\n\tfninit"
                     : "=m"(sw), "=m"(hr));
    CHECK(r.ax == sw, "overflow: sw %04x, host %04x", r.ax, sw);
    CHECK(!memcmp(f->mem + DATA + D_R, hr, 10), "overflow: the indefinite differs");

    fx_begin(f);
    emit(f, 2, 0xD8, 0xC1); /* FADD ST, ST(1) on an empty stack */
    emit(f, 2, 0xDF, 0xE0);
    r = fx_run(f);
    __asm__ volatile("fninit\n\tfadd %%st(1), %%st\n\tfnstsw %0\n\tfninit" : "=m"(sw));
    CHECK(r.ax == sw, "underflow: sw %04x, host %04x", r.ax, sw);
}

/* With ZE unmasked and CR0.NE clear, dividing by zero is reported at the next FWAIT
 * through int 75h, as FERR# and IRQ13 do on a PC/AT. */
static void test_unmasked_exception_reaches_int75(struct fx *f)
{
    memset(f->mem + 0x75 * 4, 0, 4);
    f->mem[0x75 * 4 + 2] = 0x00; /* handler at 0500:0000 */
    f->mem[0x75 * 4 + 3] = 0x05;
    f->mem[0x5000] = 0xF4;
    fx_begin(f);
    put16(f, D_CW, 0x037B);
    put80(f, D_A, 1.0L);
    put80(f, D_B, 0.0L);
    emit_m(f, 0xD9, 5, D_CW);
    emit_m(f, 0xDB, 5, D_B);
    emit_m(f, 0xDB, 5, D_A);
    emit(f, 2, 0xD8, 0xF1); /* FDIV ST, ST(1) */
    unsigned wait_ip = f->n;
    emit(f, 1, 0x9B); /* FWAIT */
    struct cpu_regs r = fx_run(f);
    CHECK(r.cs == 0x0500 && r.ip == 1, "stopped at %04x:%04x, want the int 75h handler", r.cs,
          r.ip);
    uint16_t ret;
    memcpy(&ret, f->mem + ((uint32_t)r.ss << 4) + r.sp, 2);
    CHECK(ret == wait_ip, "int 75h returns to %04x, want the FWAIT at %04x", ret, wait_ip);
    memset(f->mem + 0x75 * 4, 0, 4);
}

/* An unmasked exception stops the instruction's results: the registers, TOP and the
 * memory operand stay as they were, as FNSAVE (which does not wait) shows on the host. */
static void test_unmasked_exceptions_keep_state_like_host(struct fx *f)
{
    enum { K_ZDIV, K_SQRT_NEG, K_OVERFLOW_PUSH, K_FIST_BIG, K_FST_HUGE, K_COUNT };
    for (int k = 0; k < K_COUNT; k++) {
        uint16_t cw = 0x0360; /* all six exceptions unmasked */
        long double a = k == K_SQRT_NEG ? -1.0L : k == K_FIST_BIG ? 1e10L : 1e300L, b = 0.0L;
        fx_begin(f);
        put16(f, D_CW, cw);
        put80(f, D_A, a);
        put80(f, D_B, b);
        memset(f->mem + DATA + D_R, 0x5A, 16);
        emit_m(f, 0xD9, 5, D_CW);
        emit_m(f, 0xDB, 5, D_B);
        emit_m(f, 0xDB, 5, D_A);
        switch (k) {
        case K_ZDIV: emit(f, 2, 0xD8, 0xF1); break;
        case K_SQRT_NEG: emit(f, 2, 0xD9, 0xFA); break;
        case K_OVERFLOW_PUSH:
            for (int i = 0; i < 7; i++)
                emit(f, 2, 0xD9, 0xE8);
            break;
        case K_FIST_BIG: emit_m(f, 0xDF, 3, D_R); break;
        default: emit_m(f, 0xD9, 3, D_R); break;
        }
        emit_m(f, 0xDD, 6, D_ENV); /* FNSAVE */
        fx_run(f);
        uint8_t save[108], hr[16];
        memset(hr, 0x5A, sizeof(hr));
#define UNMASKED(insn)                                                          \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn \
                     "\n\tfnsave %[sv]\n\tfninit"                               \
                     : [sv] "=m"(save), [r] "+m"(hr)                            \
                     : [a] "m"(a), [b] "m"(b), [cw] "m"(cw))
        switch (k) {
        case K_ZDIV: UNMASKED("fdiv %%st(1), %%st"); break;
        case K_SQRT_NEG: UNMASKED("fsqrt"); break;
        case K_OVERFLOW_PUSH:
            UNMASKED("fld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1");
            break;
        case K_FIST_BIG: UNMASKED("fistps %[r]"); break;
        default: UNMASKED("fstps %[r]"); break;
        }
        uint16_t hsw, htw;
        memcpy(&hsw, save + 4, 2);
        memcpy(&htw, save + 8, 2);
        CHECK(get16(f, D_ENV + 2) == hsw, "case %d: status %04x, host %04x", k, get16(f, D_ENV + 2),
              hsw);
        CHECK(get16(f, D_ENV + 4) == htw, "case %d: tags %04x, host %04x", k, get16(f, D_ENV + 4),
              htw);
        /* empty registers hold whatever was there before: compare the valid ones */
        for (unsigned i = 0; i < 8; i++) {
            unsigned phys = ((hsw >> 11) + i) & 7;
            if (((htw >> (2 * phys)) & 3) == 3)
                continue;
            CHECK(!memcmp(f->mem + DATA + D_ENV + 14 + 10 * i, save + 28 + 10 * i, 10),
                  "case %d: ST(%u) %La, host %La", k, i, ld_of(f->mem + DATA + D_ENV + 14 + 10 * i),
                  ld_of(save + 28 + 10 * i));
        }
        CHECK(!memcmp(f->mem + DATA + D_R, hr, 16), "case %d: memory operand differs", k);
    }
}

int main(void)
{
    struct fx f = {0};
    f.mem = calloc(1, MEMMAP_PC_ALLOC);
    memmap_init_pc(&f.map, f.mem, MEMMAP_PC_ALLOC);
    f.host.io_in = fx_in;
    f.host.io_out = fx_out;
    f.host.intr_ack = fx_ack;
    struct cpu_config cfg = {.map = &f.map, .host = &f.host};
    char err[200];
    if (cpu_interp_ops.create(&cfg, &f.cpu, err, sizeof(err)) < 0) {
        printf("FAIL: %s\n", err);
        return 1;
    }
    test_arith_matches_host(&f);
    test_exact_functions_match_host(&f);
    test_transcendental_match_host(&f);
    test_compare_codes_match_host(&f);
    test_integer_and_bcd_stores_match_host(&f);
    test_real_stores_match_host(&f);
    test_env_and_save(&f);
    test_stack_faults_match_host(&f);
    test_unmasked_exception_reaches_int75(&f);
    test_unmasked_exceptions_keep_state_like_host(&f);
    cpu_interp_ops.destroy(f.cpu);
    free(f.mem);
    printf("fpu: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
#endif
