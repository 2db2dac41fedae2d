/* The real-time clock: time and date registers read from the host's local time (plus
 * the guest's offset), the update-in-progress bit around each second, the status
 * registers, periodic, alarm and update-ended interrupts on IRQ 8 (a timer is armed
 * only while one is enabled), and the CMOS configuration bytes an AT BIOS keeps. */
#include "hw/rtc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hw.h"
#include "hw/pic.h"

enum {
    RTC_SEC = 0x00,
    RTC_SEC_ALARM,
    RTC_MIN,
    RTC_MIN_ALARM,
    RTC_HOUR,
    RTC_HOUR_ALARM,
    RTC_WEEKDAY,
    RTC_DAY,
    RTC_MONTH,
    RTC_YEAR,
    RTC_A = 0x0A,
    RTC_B,
    RTC_C,
    RTC_D,
    RTC_CENTURY = 0x32,
};

#define B_SET    0x80
#define B_PIE    0x40
#define B_AIE    0x20
#define B_UIE    0x10
#define B_BINARY 0x04
#define B_24H    0x02
#define C_IRQF   0x80
#define C_PF     0x40
#define C_AF     0x20
#define C_UF     0x10

struct rtc {
    uint8_t index;
    uint8_t ram[128];
    long long offset; /* seconds added to the host's time */
    struct machine_timer periodic, second;
};

static time_t rtc_now(const struct machine *m, long *ns)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    if (ns)
        *ns = ts.tv_nsec;
    return ts.tv_sec + (time_t)m->rtc->offset;
}

void rtc_time_get(const struct machine *m, struct tm *tm)
{
    time_t t = rtc_now(m, NULL);
    localtime_r(&t, tm);
}

void rtc_time_set(struct machine *m, const struct tm *tm)
{
    struct tm copy = *tm;
    time_t want;

    copy.tm_isdst = -1;
    want = mktime(&copy);
    if (want != (time_t)-1)
        m->rtc->offset = (long long)want - (long long)(rtc_now(m, NULL) - m->rtc->offset);
}

static uint8_t rtc_enc(const struct rtc *r, unsigned v)
{
    return r->ram[RTC_B] & B_BINARY ? (uint8_t)v : (uint8_t)((v / 10) << 4 | v % 10);
}

static unsigned rtc_dec(const struct rtc *r, uint8_t v)
{
    return r->ram[RTC_B] & B_BINARY ? v : (v >> 4) * 10u + (v & 15);
}

static uint8_t rtc_hour_enc(const struct rtc *r, unsigned h)
{
    if (r->ram[RTC_B] & B_24H)
        return rtc_enc(r, h);
    return (uint8_t)(rtc_enc(r, h % 12 ? h % 12 : 12) | (h >= 12 ? 0x80 : 0));
}

static unsigned rtc_hour_dec(const struct rtc *r, uint8_t v)
{
    unsigned h;

    if (r->ram[RTC_B] & B_24H)
        return rtc_dec(r, v);
    h = rtc_dec(r, v & 0x7F) % 12;
    return v & 0x80 ? h + 12 : h;
}

static uint8_t rtc_time_reg(const struct machine *m, uint8_t reg)
{
    const struct rtc *r = m->rtc;
    struct tm tm;

    rtc_time_get(m, &tm);
    switch (reg) {
    case RTC_SEC: return rtc_enc(r, (unsigned)tm.tm_sec % 60);
    case RTC_MIN: return rtc_enc(r, (unsigned)tm.tm_min);
    case RTC_HOUR: return rtc_hour_enc(r, (unsigned)tm.tm_hour);
    case RTC_WEEKDAY: return rtc_enc(r, (unsigned)tm.tm_wday + 1);
    case RTC_DAY: return rtc_enc(r, (unsigned)tm.tm_mday);
    case RTC_MONTH: return rtc_enc(r, (unsigned)tm.tm_mon + 1);
    case RTC_YEAR: return rtc_enc(r, (unsigned)tm.tm_year % 100);
    default: return rtc_enc(r, (unsigned)(tm.tm_year + 1900) / 100); /* century */
    }
}

static void rtc_time_write(struct machine *m, uint8_t reg, uint8_t v)
{
    struct rtc *r = m->rtc;
    struct tm tm;

    rtc_time_get(m, &tm);
    switch (reg) {
    case RTC_SEC: tm.tm_sec = (int)rtc_dec(r, v); break;
    case RTC_MIN: tm.tm_min = (int)rtc_dec(r, v); break;
    case RTC_HOUR: tm.tm_hour = (int)rtc_hour_dec(r, v); break;
    case RTC_WEEKDAY: return; /* follows from the date */
    case RTC_DAY: tm.tm_mday = (int)rtc_dec(r, v); break;
    case RTC_MONTH: tm.tm_mon = (int)rtc_dec(r, v) - 1; break;
    case RTC_YEAR: tm.tm_year = (tm.tm_year + 1900) / 100 * 100 + (int)rtc_dec(r, v) - 1900; break;
    default: tm.tm_year = (int)rtc_dec(r, v) * 100 + tm.tm_year % 100 - 1900; break;
    }
    rtc_time_set(m, &tm);
}

static void rtc_irq_update(struct machine *m)
{
    struct rtc *r = m->rtc;
    uint8_t flags = r->ram[RTC_C] & r->ram[RTC_B] & (C_PF | C_AF | C_UF);

    if (flags)
        r->ram[RTC_C] |= C_IRQF;
    pic_set_irq(m, 8, (r->ram[RTC_C] & C_IRQF) != 0);
}

static uint64_t rtc_periodic_ns(const struct rtc *r)
{
    unsigned rate = r->ram[RTC_A] & 0x0F;

    if (!rate)
        return 0;
    if (rate < 3)
        rate += 7; /* 1 and 2 give 256 and 128 Hz */
    return 1000000000ull * (1u << (rate - 1)) / 32768u;
}

/* Timers only while an interrupt that needs them is enabled. */
static void rtc_schedule(struct machine *m)
{
    struct rtc *r = m->rtc;
    uint64_t now = machine_now_ns(), period = rtc_periodic_ns(r);
    long ns;

    if ((r->ram[RTC_B] & B_PIE) && period) {
        if (!r->periodic.deadline)
            machine_timer_arm(&r->periodic, now + period);
    } else {
        machine_timer_arm(&r->periodic, 0);
    }
    if (r->ram[RTC_B] & (B_AIE | B_UIE)) {
        rtc_now(m, &ns);
        machine_timer_arm(&r->second, now + (uint64_t)(1000000000 - ns));
    } else {
        machine_timer_arm(&r->second, 0);
    }
}

static void rtc_periodic_fire(struct machine *m, void *ctx)
{
    struct rtc *r = m->rtc;

    r->ram[RTC_C] |= C_PF;
    rtc_irq_update(m);
    if ((r->ram[RTC_B] & B_PIE) && rtc_periodic_ns(r))
        machine_timer_arm(&r->periodic, machine_now_ns() + rtc_periodic_ns(r));
}

static bool rtc_alarm_match(const struct machine *m, uint8_t alarm, uint8_t reg)
{
    return (alarm & 0xC0) == 0xC0 || alarm == rtc_time_reg(m, reg); /* C0h-FFh: any */
}

static void rtc_second_fire(struct machine *m, void *ctx)
{
    struct rtc *r = m->rtc;

    if (r->ram[RTC_B] & B_SET)
        return;
    r->ram[RTC_C] |= C_UF;
    if (rtc_alarm_match(m, r->ram[RTC_SEC_ALARM], RTC_SEC) &&
        rtc_alarm_match(m, r->ram[RTC_MIN_ALARM], RTC_MIN) &&
        rtc_alarm_match(m, r->ram[RTC_HOUR_ALARM], RTC_HOUR))
        r->ram[RTC_C] |= C_AF;
    rtc_irq_update(m);
    rtc_schedule(m);
}

static uint8_t rtc_read(void *ctx, uint16_t port)
{
    struct machine *m = ctx;
    struct rtc *r = m->rtc;
    uint8_t reg = r->index, v;
    long ns;

    if (port == 0x70)
        return 0xFF; /* the index port is write-only */
    switch (reg) {
    case RTC_SEC:
    case RTC_MIN:
    case RTC_HOUR:
    case RTC_WEEKDAY:
    case RTC_DAY:
    case RTC_MONTH:
    case RTC_YEAR:
    case RTC_CENTURY: return rtc_time_reg(m, reg);
    case RTC_A:
        /* Update in progress: the 244 us before the second changes, and the update. */
        rtc_now(m, &ns);
        return (uint8_t)((r->ram[RTC_A] & 0x7F) | (ns >= 1000000000 - 2228000 ? 0x80 : 0));
    case RTC_C:
        v = r->ram[RTC_C];
        r->ram[RTC_C] = 0; /* reading clears the flags and the interrupt */
        rtc_irq_update(m);
        return v;
    default: return r->ram[reg & 0x7F];
    }
}

static void rtc_checksum(struct rtc *r)
{
    unsigned sum = 0;

    for (int i = 0x10; i <= 0x2D; i++)
        sum += r->ram[i];
    r->ram[0x2E] = (uint8_t)(sum >> 8);
    r->ram[0x2F] = (uint8_t)sum;
}

static void rtc_write(void *ctx, uint16_t port, uint8_t value)
{
    struct machine *m = ctx;
    struct rtc *r = m->rtc;
    uint8_t reg = r->index;

    if (port == 0x70) {
        r->index = value & 0x7F; /* bit 7 masks the NMI: there is none to mask */
        return;
    }
    switch (reg) {
    case RTC_SEC:
    case RTC_MIN:
    case RTC_HOUR:
    case RTC_WEEKDAY:
    case RTC_DAY:
    case RTC_MONTH:
    case RTC_YEAR:
    case RTC_CENTURY: rtc_time_write(m, reg, value); return;
    case RTC_A: r->ram[RTC_A] = value & 0x7F; break;
    case RTC_B: r->ram[RTC_B] = value; break;
    case RTC_C:
    case RTC_D: return; /* read-only */
    default: r->ram[reg] = value; return;
    }
    rtc_irq_update(m);
    rtc_schedule(m);
}

/* Extended memory as the BIOS setup records it: KiB from 1 MiB up in 17h/18h and (as
 * POST found it) 30h/31h, at most FFFFh; 64 KiB blocks above 16 MiB in 34h/35h. */
static void rtc_memory_init(const struct machine *m, struct rtc *r)
{
    uint32_t ext_kb = (m->memmap.ext_end - MEMMAP_HMA_BASE) / 1024;
    uint32_t kb = ext_kb > 0xFFFF ? 0xFFFF : ext_kb;
    uint32_t above16 = m->memmap.ext_end > 0x1000000 ? (m->memmap.ext_end - 0x1000000) >> 16 : 0;

    if (above16 > 0xFFFF)
        above16 = 0xFFFF;
    r->ram[0x17] = r->ram[0x30] = (uint8_t)kb;
    r->ram[0x18] = r->ram[0x31] = (uint8_t)(kb >> 8);
    r->ram[0x34] = (uint8_t)above16;
    r->ram[0x35] = (uint8_t)(above16 >> 8);
}

static int rtc_init(struct machine *m)
{
    struct rtc *r = calloc(1, sizeof(*r));
    int rc;

    if (!r)
        return -ENOMEM;
    m->rtc = r;
    r->ram[RTC_A] = 0x26; /* 32.768 kHz time base, 1024 Hz periodic rate */
    r->ram[RTC_B] = B_24H;
    r->ram[RTC_D] = 0x80; /* the battery is good */
    r->ram[0x10] = 0x00;  /* no floppy drives */
    r->ram[0x14] = 0x00;  /* equipment: no floppies, a VGA, no coprocessor */
    r->ram[0x15] = 0x80;  /* 640 KiB of base memory */
    r->ram[0x16] = 0x02;
    rtc_memory_init(m, r);
    rtc_checksum(r);
    r->periodic.fire = rtc_periodic_fire;
    r->second.fire = rtc_second_fire;
    machine_timer_add(m, &r->periodic);
    machine_timer_add(m, &r->second);
    rc = ioport_register(&m->io, "RTC", 0x70, 2, rtc_read, rtc_write, m);
    if (rc) {
        free(r);
        m->rtc = NULL;
    }
    return rc;
}

static void rtc_fini(struct machine *m)
{
    free(m->rtc);
    m->rtc = NULL;
}

const struct device_desc rtc_dev = {
    .name = "real-time clock",
    .init = rtc_init,
    .fini = rtc_fini,
};
