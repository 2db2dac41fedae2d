/* The idle detector: a program that waits for something by polling (a key, a status
 * bit, the time) is napped on the host until what it waits for can have changed, so
 * polling costs no host CPU and the program's own timing is untouched.
 *
 * Every service and port that answers "is it there yet?" reports each poll here (hit:
 * found; empty: not yet, maybe with the host time at which the answer changes by
 * itself). Polls in a row with fewer than IDLE_GAP_INSNS guest instructions between
 * them, and no other service call, are a polling loop; from the IDLE_POLLS-th such
 * poll on, an empty one naps until the next timer deadline, host input, the time its
 * answer changes, or IDLE_NAP_MAX_NS, whichever comes first. Nothing the program can see
 * changes during a nap: timers and input end it, and every other answer that changes
 * with time says when. Work between polls (many instructions, or a service that is not
 * a poll) starts the count again, so a busy program that looks at the keyboard now and
 * then never naps.
 *
 * After a nap the program must get to react to what ended it (a tick its timer hook
 * counted, the retrace bit it waits for) before the next nap: a loop that polls in two
 * places, or reads 3DAh twice per round, would otherwise nap at each and never see the
 * state it leaves on. So the next nap waits until a poll site (the polling instruction,
 * and the word on top of its stack, which tells the callers of one poll routine
 * apart) comes round again: the loop has made a full turn. */
#include <poll.h>
#include <time.h>

#include "machine/machine.h"

/* Polls close together before the first nap, and "close": guest instructions between
 * two polls (a polling loop runs tens; a program doing work between looks runs more). */
#define IDLE_POLLS     32
#define IDLE_GAP_INSNS 2000u
/* The longest nap: bounds the delay for anything that changes unannounced. Everything
 * in the machine is announced (input and kicks through the wake eventfd, devices
 * through their timers, clock-driven answers through change_ns); what is not is data
 * arriving on a host pipe that DOS standard input reads (int 21h 0Bh on a pipe). */
#define IDLE_NAP_MAX_NS 100000000u

/* Where the guest polls from: for a service, the INT's return address and the word
 * above its frame; for a port, the IN instruction and the word on top of the stack. */
static uint32_t idle_site(struct machine *m)
{
    struct cpu_regs r;
    uint32_t frame = m->idle.frame, ip;
    uint16_t word;

    if (frame) {
        ip = cpu_linear(mem_rd16(&m->mem, frame + 2), mem_rd16(&m->mem, frame));
        word = mem_rd16(&m->mem, frame + 6);
    } else {
        m->cpu->ops->get_regs(m->cpu, &r);
        ip = cpu_linear(r.cs, r.ip);
        word = mem_rd16(&m->mem, cpu_linear(r.ss, r.sp));
    }
    return ip ^ (uint32_t)word << 20;
}

/* Counts a poll; false while the loop has not come round since the last nap. */
static bool idle_count(struct machine *m)
{
    struct machine_idle *id = &m->idle;
    uint64_t n = m->cpu->ops->insns(m->cpu);
    uint32_t site;

    id->polled = true;
    if (n - id->last_insns > IDLE_GAP_INSNS)
        id->polls = 0;
    id->last_insns = n;
    if (id->polls < IDLE_POLLS)
        id->polls++;
    if (id->nsites) {
        /* after a nap: has the loop come round? */
        site = idle_site(m);
        for (unsigned i = 0; i < id->nsites; i++)
            if (id->sites[i] == site)
                id->nsites = 0;
        if (id->nsites && id->nsites < MACHINE_IDLE_SITES)
            id->sites[id->nsites++] = site;
        else
            id->nsites = 0; /* a loop with this many polls has surely turned */
    }
    return !id->nsites;
}

/* Sleeps until input, the next timer, change_ns (0: none) or the cap. */
static void idle_nap(struct machine *m, uint64_t change_ns)
{
    uint64_t now = machine_now_ns(), until = now + IDLE_NAP_MAX_NS, deadline, after;
    struct pollfd pfd = {.fd = m->wake_fd, .events = POLLIN};
    struct timespec ts;

    deadline = machine_next_deadline(m);
    if (deadline && deadline < until)
        until = deadline;
    if (change_ns && change_ns < until)
        until = change_ns;
    /* An interrupt waits for the guest, or input for the machine: nothing to nap for. */
    if (m->intr_line || atomic_load(&m->wake_pending) || m->stopped)
        return;
    m->idle.sites[0] = idle_site(m);
    m->idle.nsites = 1;
    if (until > now) {
        ts.tv_sec = (time_t)((until - now) / 1000000000u);
        ts.tv_nsec = (long)((until - now) % 1000000000u);
        ppoll(&pfd, 1, &ts, NULL);
        after = machine_now_ns();
        m->idle.naps++;
        m->idle.nap_ns += after - now;
        now = after;
    }
    /* A timer came due: the CPU comes back for it now rather than at its next look. */
    if (deadline && deadline <= now)
        m->cpu->ops->kick(m->cpu);
}

void machine_poll_hit(struct machine *m)
{
    idle_count(m);
}

void machine_poll_empty(struct machine *m)
{
    machine_poll_empty_until(m, 0);
}

void machine_poll_empty_until(struct machine *m, uint64_t change_ns)
{
    if (idle_count(m) && m->idle.polls >= IDLE_POLLS)
        idle_nap(m, change_ns);
}

void machine_poll_yield(struct machine *m)
{
    /* the program says it has nothing to do: no count of polls to wait for */
    if (idle_count(m))
        idle_nap(m, 0);
}

void machine_poll_busy(struct machine *m)
{
    m->idle.polls = 0;
    m->idle.nsites = 0;
}

void machine_idle_service(struct machine *m, service_fn fn, struct cpu_regs *r, uint32_t frame)
{
    m->idle.polled = false;
    m->idle.frame = frame;
    fn(m, r);
    m->idle.frame = 0;
    if (!m->idle.polled)
        machine_poll_busy(m);
}
