/* The MC146818 real-time clock and CMOS RAM (ports 70h/71h, IRQ 8). The clock is the
 * host's local time plus an offset the guest may set. */
#ifndef HVDOS_RTC_H
#define HVDOS_RTC_H

#include <time.h>

#include "machine/machine.h"

/* The guest's local time now, and setting it (the host clock stays as it is). */
void rtc_time_get(const struct machine *m, struct tm *tm);
void rtc_time_set(struct machine *m, const struct tm *tm);

#endif
