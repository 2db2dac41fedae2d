/* The host half of the x87 guest test: runs x87.asm's operations, instruction for
 * instruction, on this x86 host's own FPU and prints the lines x87.com should print. */
#include <stdint.h>
#include <stdio.h>

#define USED __attribute__((used))
static USED const double c1_5 = 1.5, c2_25 = 2.25, c2 = 2.0, c0_5 = 0.5, c2_5 = 2.5, cm2_5 = -2.5,
                         c3_5 = 3.5, cbig = 123456.75, czero = 0.0, cm1 = -1.0;
static USED const uint64_t cdenorm = 1, i64 = 0x123456789ABCDEF0ull, i1e15 = 1000000000000000ull;
static USED const int32_t i123456789 = 123456789;
static USED const int16_t i3 = 3, i10 = 10, im1234 = -1234;
static USED const uint8_t bcd1[10] = {0x90, 0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0, 0x80};
static USED uint16_t cw;
static USED long double tmp80;
static USED uint8_t res[64];

#define X87(code) __asm__ volatile(code ::: "memory", "ax")

static void show(const char *name, unsigned n)
{
    printf("%s ", name);
    while (n-- > 0)
        printf("%02X", res[n]);
    printf("\r\n");
}

static void decimal(const char *name)
{
    int printed = 0;
    printf("%s %s", name, res[9] & 0x80 ? "-" : "");
    for (int i = 8; i >= 0; i--) {
        for (int sh = 4; sh >= 0; sh -= 4) {
            int d = (res[i] >> sh) & 15;
            if (d || printed) {
                printf("%d", d);
                printed = 1;
            }
        }
    }
    printf("%s\r\n", printed ? "" : "0");
}

int main(void)
{
    /* int 11h bit 1: a PC with an x87 reports it; this host has one */
    res[0] = 1;
    show("equip_fpu", 1);

    X87("fninit; fldl c1_5(%%rip); faddl c2_25(%%rip); fstpt res(%%rip)");
    show("add", 10);
    X87("fninit; fld1; fidivs i3(%%rip); fstpt res(%%rip)");
    show("div3", 10);
    X87("fninit; fldpi; fsubl c1_5(%%rip); fstpt res(%%rip)");
    show("sub", 10);
    X87("fninit; fldpi; fmull c1_5(%%rip); fstpt res(%%rip)");
    show("mul", 10);
    X87("fninit; fldl c2(%%rip); fsqrt; fstpt res(%%rip)");
    show("sqrt2", 10);
    X87("fninit; fld1; fsin; fstpt res(%%rip)");
    show("sin1", 10);
    X87("fninit; fld1; fcos; fstpt res(%%rip)");
    show("cos1", 10);
    X87("fninit; fldl c0_5(%%rip); fptan; fstpt res(%%rip); fstpt res+10(%%rip)");
    show("ptan", 20);
    X87("fninit; fld1; fldl c2(%%rip); fpatan; fstpt res(%%rip)");
    show("patan", 10);
    X87("fninit; fldl c0_5(%%rip); f2xm1; fstpt res(%%rip)");
    show("f2xm1", 10);
    X87("fninit; fld1; filds i10(%%rip); fyl2x; fstpt res(%%rip)");
    show("fyl2x", 10);
    X87("fninit; fldl2t; fstpt res(%%rip); fldl2e; fstpt res+10(%%rip); fldlg2;"
        "fstpt res+20(%%rip); fldln2; fstpt res+30(%%rip); fldpi; fstpt res+40(%%rip)");
    show("consts", 50);
    X87("fninit; filds im1234(%%rip); fstpl res(%%rip); fildl i123456789(%%rip);"
        "fmul %%st(0), %%st; fstpt res+8(%%rip); fildll i64(%%rip); fstpt res+18(%%rip)");
    show("fild", 28);

    X87("fninit");
    for (unsigned rc = 0; rc < 4; rc++) {
        uint8_t *p = res + 6 * rc;
        cw = (uint16_t)(0x037F | rc << 10);
        __asm__ volatile("fldcw cw(%%rip); fldl c2_5(%%rip); fistps %0; fldl cm2_5(%%rip);"
                         "fistps %1; fldl c3_5(%%rip); fistps %2"
                         : "=m"(*(int16_t *)p), "=m"(*(int16_t *)(p + 2)), "=m"(*(int16_t *)(p + 4))
                         :
                         : "memory");
    }
    show("fist_rc", 24);
    X87("fninit; fldl cbig(%%rip); fistpl res(%%rip); fildll i64(%%rip); fchs;"
        "fistpll res+4(%%rip)");
    show("fist32_64", 12);
    X87("fninit; fbld bcd1(%%rip); fld %%st(0); fstpt res+20(%%rip); fbstp res(%%rip);"
        "fildl i123456789(%%rip); fbstp res+10(%%rip)");
    show("bcd", 30);
    X87("fninit; fld1; fidivs i3(%%rip); fsts res(%%rip); fstl res+4(%%rip);"
        "fstpt res+12(%%rip); flds res(%%rip); fstpt res+22(%%rip)");
    show("formats", 32);
    X87("fninit; fld1; fldl c2(%%rip); fcom %%st(1); fstsw %%ax; movw %%ax, res(%%rip);"
        "fxch; fcom %%st(1); fstsw %%ax; movw %%ax, res+2(%%rip);"
        "fcom %%st(0); fstsw %%ax; movw %%ax, res+4(%%rip);"
        "fldz; ftst; fstsw %%ax; movw %%ax, res+6(%%rip);"
        "fldl cm1(%%rip); fsqrt; fucom %%st(1); fstsw %%ax; movw %%ax, res+8(%%rip);"
        "fcompp; fstsw %%ax; movw %%ax, res+10(%%rip)");
    show("compare", 12);
    X87("fninit; fld1; fxam; fstsw %%ax; movw %%ax, res(%%rip);"
        "fldz; fchs; fxam; fstsw %%ax; movw %%ax, res+2(%%rip);"
        "fld1; fdivl czero(%%rip); fxam; fstsw %%ax; movw %%ax, res+4(%%rip);"
        "fldl cm1(%%rip); fsqrt; fxam; fstsw %%ax; movw %%ax, res+6(%%rip);"
        "fldl cdenorm(%%rip); fxam; fstsw %%ax; movw %%ax, res+8(%%rip);"
        "fninit; fxam; fstsw %%ax; movw %%ax, res+10(%%rip)");
    show("fxam", 12);

    X87("fninit");
    for (unsigned rc = 0; rc < 4; rc++) {
        cw = (uint16_t)(0x037F | rc << 10);
        __asm__ volatile("fldcw cw(%%rip); fld1; fidivs i3(%%rip); fstpt %0"
                         : "=m"(*(long double *)(res + 10 * rc))
                         :
                         : "memory");
    }
    cw = 0x007F;
    X87("fldcw cw(%%rip); fld1; fidivs i3(%%rip); fstpt res+40(%%rip); fnstcw res+50(%%rip)");
    show("rounding", 52);
    X87("fninit; fldl c1_5(%%rip); fldpi; fprem; fstsw %%ax; movw %%ax, res(%%rip);"
        "fstpt res+2(%%rip); fstp %%st(0)");
    show("fprem", 12);
    X87("fninit; fldl c2_5(%%rip); frndint; fstpt res(%%rip); filds i3(%%rip);"
        "fldl c1_5(%%rip); fscale; fstpt res+10(%%rip); fstp %%st(0); filds i10(%%rip);"
        "fxtract; fstpt res+20(%%rip); fstpt res+30(%%rip)");
    show("rndint_scale_xtract", 40);
    X87("fninit; fld1; fdivl czero(%%rip); fstsw %%ax; movw %%ax, res(%%rip);"
        "fstpt res+2(%%rip); fldl cm1(%%rip); fsqrt; fstsw %%ax; movw %%ax, res+12(%%rip);"
        "fstpt res+14(%%rip); fnclex; fld1; fidivs i3(%%rip); fstsw %%ax;"
        "movw %%ax, res+24(%%rip); fstp %%st(0)");
    show("exceptions", 26);
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fst %%st(1); fnstsw res+0(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fstp %%st(1); fnstsw res+2(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fxch; fnstsw res+4(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fldl c1_5(%%rip); fnstsw res+6(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fld %%st(1); fnstsw res+8(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fchs; fnstsw res+10(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fabs; fnstsw res+12(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fstpt tmp80(%%rip); fnstsw res+14(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); filds i3(%%rip); fnstsw res+16(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fincstp; fnstsw res+18(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fdecstp; fnstsw res+20(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fldz; fnstsw res+22(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fxam; fnstsw res+24(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); ftst; fnstsw res+26(%%rip)");
    X87("fninit; fld1; fld1; fidivs i3(%%rip); fcom %%st(1); fnstsw res+28(%%rip)");
    show("c1", 30);
    cw = 0x0B7F;
    X87("fninit; fldcw cw(%%rip); nop; fnstcw res(%%rip); nop; fld1; nop; fnstsw res+2(%%rip);"
        "nop; fninit; nop; fnstcw res+4(%%rip); nop; fnstsw res+6(%%rip); nop; fld1; nop;"
        "fidivs i3(%%rip); nop; fstpt res+8(%%rip); nop; fnstsw res+18(%%rip)");
    show("mixed", 20);
    X87("fninit; fldpi; fildll i1e15(%%rip); fmulp %%st, %%st(1); fbstp res(%%rip)");
    decimal("pi_e15");
    X87("fninit; fldl c2(%%rip); fsqrt; fildll i1e15(%%rip); fmulp %%st, %%st(1); fchs;"
        "fbstp res(%%rip)");
    decimal("minus_sqrt2_e15");
    return 0;
}
