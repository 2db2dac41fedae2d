/* --speed: the guest CPU runs a set number of instructions per millisecond of host
 * time. Credit accrues with the host clock; each run of the CPU gets what has accrued
 * as its budget (the interpreter stops exactly there, KVM at the time they take), what
 * the CPU counted is charged, and when the credit is spent the vCPU thread sleeps
 * until the next slice is due, or a timer or input comes: no busy waiting. */
#include <math.h>
#include <poll.h>
#include <time.h>

#include "machine/machine.h"

/* The guest gets its instructions in slices of about 1 ms, so timer interrupts (1 kHz
 * when a game reprograms the PIT) still come between slices; it waits for the next
 * slice once less than an eighth of one is left. Credit banks up to SPEED_BURST_NS
 * worth: enough to make up for a wake-up that a loaded host delays by a few ms, not so
 * much that a guest back from idling races (a one-tick calibration loop sees at most
 * 55 + 5 ms of instructions). */
#define SPEED_SLICE_NS 1000000u
#define SPEED_BURST_NS 5000000u

static double speed_per_ns(const struct machine *m)
{
    return m->cfg->speed / 1e6;
}

static void speed_refill(struct machine *m, uint64_t now)
{
    struct machine_speed *sp = &m->speed;
    double cap = speed_per_ns(m) * SPEED_BURST_NS;

    if (!sp->last_ns) {
        sp->start_ns = now;
        sp->start_insns = sp->last_insns = m->cpu->ops->insns(m->cpu);
        sp->last_ns = now;
    }
    sp->credit += speed_per_ns(m) * (double)(now - sp->last_ns);
    if (sp->credit > cap)
        sp->credit = cap;
    sp->last_ns = now;
}

bool machine_speed_slice(struct machine *m)
{
    struct machine_speed *sp = &m->speed;
    uint64_t now, until, deadline;
    struct pollfd pfd = {.fd = m->wake_fd, .events = POLLIN};
    struct timespec ts;
    double slice;

    if (!m->cfg->speed)
        return true;
    now = machine_now_ns();
    speed_refill(m, now);
    slice = speed_per_ns(m) * SPEED_SLICE_NS;
    if (sp->credit >= 1 && sp->credit >= slice / 8) {
        m->cpu->ops->set_budget(m->cpu, (uint64_t)sp->credit);
        return true;
    }
    /* Sleep until a whole slice has accrued; a timer or input ends it sooner (the
     * machine handles those, then comes back here). */
    until = now + (uint64_t)ceil((slice - sp->credit) / speed_per_ns(m));
    deadline = machine_next_deadline(m);
    if (deadline && deadline < until)
        until = deadline;
    if (until > now && !atomic_load(&m->wake_pending)) {
        ts.tv_sec = (time_t)((until - now) / 1000000000u);
        ts.tv_nsec = (long)((until - now) % 1000000000u);
        ppoll(&pfd, 1, &ts, NULL);
        sp->waits++;
    }
    return false;
}

void machine_speed_charge(struct machine *m)
{
    struct machine_speed *sp = &m->speed;
    uint64_t n;

    if (!m->cfg->speed)
        return;
    n = m->cpu->ops->insns(m->cpu);
    sp->credit -= (double)(n - sp->last_insns);
    sp->last_insns = n;
}

void machine_speed_report(struct machine *m)
{
    struct machine_speed *sp = &m->speed;
    double ms;

    if (!m->cfg->speed || !sp->last_ns)
        return;
    ms = (double)(machine_now_ns() - sp->start_ns) / 1e6;
    log_debug(&m->log, LOG_CPU,
              "speed: asked %u instructions/ms, ran %llu in %.0f ms (%.0f/ms), %llu waits",
              m->cfg->speed, (unsigned long long)(sp->last_insns - sp->start_insns), ms,
              ms > 0 ? (double)(sp->last_insns - sp->start_insns) / ms : 0.0,
              (unsigned long long)sp->waits);
}
