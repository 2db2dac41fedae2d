/* The BIOS from C, as DOS programs built with small-model compilers used it: the tick
 * count read straight from 0040:006C (through ES, bcc has no far pointers) against
 * int 1Ah, the RTC's BCD time through inline assembly, a video mode set and text
 * written with int 10h and read back from B800h, and keys typed with --keys read with
 * int 16h. Prints what it saw and PASS, or FAIL lines. */
#include <stdio.h>
#include <bios.h>
#include <dos.h>

static int failures;
unsigned rtc_cx, rtc_dx, rtc_cf;

static void expect(int ok, char *what)
{
    if (!ok) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

/* The BIOS tick count from the BIOS data area. */
static long bda_ticks()
{
    unsigned lo, hi;

    __set_es(0x40);
    lo = __deek_es(0x6C);
    hi = __deek_es(0x6E);
    return (long)hi << 16 | lo;
}

static long int1a_ticks()
{
    union REGS r;

    r.h.ah = 0x00;
    int86(0x1A, &r, &r);
    return (long)r.x.cx << 16 | r.x.dx;
}

static void ticks()
{
    long a, b, c, start;

    a = bda_ticks();
    b = int1a_ticks();
    expect(b >= a && b - a <= 1, "int 1Ah 00h agrees with 0040:006C");
    /* Three ticks pass while we watch the data area. */
    start = bda_ticks();
    while (bda_ticks() - start < 3)
        ;
    c = int1a_ticks();
    expect(c - start >= 3 && c - start <= 4, "ticks advance in both");
    printf("ticks ok\n");
}

/* int 1Ah 02h: the RTC's time in BCD, by inline assembly (CF set: clock not running). */
/* clang-format off */
static void rtc_read()
{
#asm
    mov ah,#$02
    int $1A
    mov _rtc_cx,cx
    mov _rtc_dx,dx
    sbb ax,ax
    mov _rtc_cf,ax
#endasm
}
/* clang-format on */

static void rtc()
{
    rtc_read();
    expect(!rtc_cf, "int 1Ah 02h: the clock runs");
    expect((rtc_cx >> 8) <= 0x23 && ((rtc_cx >> 8) & 15) <= 9, "RTC hours in BCD");
    expect((rtc_cx & 0xFF) <= 0x59 && (rtc_cx & 15) <= 9, "RTC minutes in BCD");
    expect((rtc_dx >> 8) <= 0x59, "RTC seconds in BCD");
    printf("rtc ok\n");
}

static void video()
{
    union REGS r;
    char *s = "BCC SAYS HI";
    int i, ok = 1;

    r.x.ax = 0x0001; /* 40x25 colour */
    int86(0x10, &r, &r);
    r.h.ah = 0x0F;
    int86(0x10, &r, &r);
    expect(r.h.al == 1 && r.h.ah == 40, "int 10h 0Fh after mode 01h");
    r.h.ah = 0x02; /* cursor to row 5, column 10 */
    r.h.bh = 0;
    r.x.dx = 0x050A;
    int86(0x10, &r, &r);
    for (i = 0; s[i]; i++) {
        r.h.ah = 0x09; /* character and attribute, then move on */
        r.h.al = s[i];
        r.h.bh = 0;
        r.h.bl = 0x1E;
        r.x.cx = 1;
        int86(0x10, &r, &r);
        r.h.ah = 0x02;
        r.h.bh = 0;
        r.x.dx = 0x050A + i + 1;
        int86(0x10, &r, &r);
    }
    r.h.ah = 0x02;
    r.h.bh = 0;
    r.x.dx = 0x050A;
    int86(0x10, &r, &r);
    r.h.ah = 0x08;
    r.h.bh = 0;
    int86(0x10, &r, &r);
    expect(r.h.al == 'B' && r.h.ah == 0x1E, "int 10h 08h reads the cell back");
    /* Row 5 of a 40-column page: B800:(5 * 40 + 10) * 2. */
    __set_es(0xB800);
    for (i = 0; s[i]; i++)
        if ((__deek_es((5 * 40 + 10 + i) * 2) & 0xFFFF) != (0x1E00 | (unsigned char)s[i]))
            ok = 0;
    expect(ok, "the text is in video memory at B800h");
    printf("video ok\n");
}

static void keys()
{
    union REGS r;
    int n = 0;

    for (;;) {
        r.h.ah = 0x00;
        int86(0x16, &r, &r);
        printf("%04X ", r.x.ax);
        if (r.x.ax == 0x011B || ++n > 20)
            break;
    }
    r.h.ah = 0x01; /* nothing left: ZF set */
    int86(0x16, &r, &r);
    expect(r.x.flags & 0x40, "int 16h 01h: the buffer is empty");
    printf("\n");
}

int main()
{
    ticks();
    rtc();
    video();
    keys();
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
