/* int 1Ah: the tick count in the BDA and the real-time clock (host local time). */
#include <time.h>

#include "bios/bda.h"
#include "bios/bios.h"
#include "hw/rtc.h"

#define TICKS_PER_DAY 0x1800B0u

static uint8_t bcd(unsigned v)
{
    return (uint8_t)((v / 10) << 4 | (v % 10));
}

static unsigned unbcd(uint8_t v)
{
    return (v >> 4) * 10u + (v & 15);
}

/* Ticks since local midnight, at the PIT's 1193182/65536 Hz. */
uint32_t bios_ticks_since_midnight(void)
{
    struct timespec ts;
    struct tm tm;
    double secs;

    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    secs = tm.tm_hour * 3600.0 + tm.tm_min * 60.0 + tm.tm_sec + ts.tv_nsec / 1e9;
    return (uint32_t)(secs * 1193182.0 / 65536.0) % TICKS_PER_DAY;
}

void bios_timer_tick(struct machine *m, struct cpu_regs *r)
{
    uint32_t ticks = bda_read32(m, BDA_TICKS) + 1;

    if (ticks >= TICKS_PER_DAY) {
        ticks = 0;
        bda_write8(m, BDA_MIDNIGHT, 1);
    }
    bda_write32(m, BDA_TICKS, ticks);
}

void int1a_service(struct machine *m, struct cpu_regs *r)
{
    struct tm tm;

    switch (r->ah) {
    case 0x00: /* GET SYSTEM TIME */
        r->cx = (uint16_t)(bda_read32(m, BDA_TICKS) >> 16);
        r->dx = (uint16_t)bda_read32(m, BDA_TICKS);
        r->al = bda_read8(m, BDA_MIDNIGHT);
        bda_write8(m, BDA_MIDNIGHT, 0);
        /* the count changes at the next timer tick: a loop on it waits for that */
        machine_poll_empty(m);
        break;
    case 0x01: /* SET SYSTEM TIME */
        bda_write32(m, BDA_TICKS, (uint32_t)r->cx << 16 | r->dx);
        bda_write8(m, BDA_MIDNIGHT, 0);
        break;
    case 0x02: /* GET RTC TIME */
        rtc_time_get(m, &tm);
        r->ch = bcd((unsigned)tm.tm_hour);
        r->cl = bcd((unsigned)tm.tm_min);
        r->dh = bcd((unsigned)tm.tm_sec % 60);
        r->dl = tm.tm_isdst > 0;
        r->flags &= ~FLAG_CF;
        break;
    case 0x03: /* SET RTC TIME: the guest's clock moves, the host's stays */
        rtc_time_get(m, &tm);
        tm.tm_hour = (int)unbcd(r->ch);
        tm.tm_min = (int)unbcd(r->cl);
        tm.tm_sec = (int)unbcd(r->dh);
        rtc_time_set(m, &tm);
        r->flags &= ~FLAG_CF;
        break;
    case 0x04: /* GET RTC DATE */
        rtc_time_get(m, &tm);
        r->ch = bcd((unsigned)(tm.tm_year + 1900) / 100);
        r->cl = bcd((unsigned)tm.tm_year % 100);
        r->dh = bcd((unsigned)tm.tm_mon + 1);
        r->dl = bcd((unsigned)tm.tm_mday);
        r->flags &= ~FLAG_CF;
        break;
    case 0x05: /* SET RTC DATE */
        rtc_time_get(m, &tm);
        tm.tm_year = (int)(unbcd(r->ch) * 100 + unbcd(r->cl)) - 1900;
        tm.tm_mon = (int)unbcd(r->dh) - 1;
        tm.tm_mday = (int)unbcd(r->dl);
        rtc_time_set(m, &tm);
        r->flags &= ~FLAG_CF;
        break;
    default:
        log_debug(&m->log, LOG_INT, "int 1Ah AX=%04X: unknown function", r->ax);
        r->flags |= FLAG_CF;
        break;
    }
}
