/* The pointing device. It reports absolute positions, as a virtual machine's
 * integrated mouse does: the pointer in the window is where the DOS cursor goes.
 * Reports queue until the driver takes them, so that a click shorter than the
 * interrupt rate is not lost; motion alone is folded into the last report. Each new
 * report raises IRQ 12, no faster than the rate the driver chose (PS/2 mice report
 * 100 times a second by default). */
#include "hw/mouse.h"

#include <errno.h>
#include <stdlib.h>

#include "hw/hw.h"
#include "hw/pic.h"

#define MOUSE_QUEUE   16
#define MOUSE_IRQ     12
#define MOUSE_RATE_HZ 100

struct mouse {
    struct mouse_report queue[MOUSE_QUEUE];
    unsigned head, count;
    struct mouse_report now; /* the latest report */
    unsigned buttons;        /* 2 or 3 */
    uint64_t gap_ns;         /* between interrupts, at least */
    uint64_t last_irq_ns;
    struct machine_timer timer;
};

static void mouse_irq(struct machine *m)
{
    struct mouse *ms = m->mouse;
    uint64_t now = machine_now_ns();

    if (!ms->count)
        return;
    if (now - ms->last_irq_ns < ms->gap_ns) {
        if (!ms->timer.deadline)
            machine_timer_arm(&ms->timer, ms->last_irq_ns + ms->gap_ns);
        return;
    }
    ms->last_irq_ns = now;
    pic_pulse_irq(m, MOUSE_IRQ);
}

static void mouse_timer_fire(struct machine *m, void *ctx)
{
    mouse_irq(m);
}

void mouse_set(struct machine *m, struct mouse_report rep)
{
    struct mouse *ms = m->mouse;
    struct mouse_report *last;

    if (!ms)
        return;
    rep.buttons &= ms->buttons == 3 ? 0x07 : 0x03;
    last = ms->count ? &ms->queue[(ms->head + ms->count - 1) % MOUSE_QUEUE] : NULL;
    if (last && (last->buttons == rep.buttons || ms->count == MOUSE_QUEUE))
        *last = rep; /* motion: the newest position is all that matters */
    else
        ms->queue[(ms->head + ms->count++) % MOUSE_QUEUE] = rep;
    ms->now = rep;
    log_debug(&m->log, LOG_MOUSE, "mouse: %u,%u of %u, buttons %u", rep.x, rep.y, INPUT_MOUSE_SCALE,
              rep.buttons);
    mouse_irq(m);
}

bool mouse_take(struct machine *m, struct mouse_report *rep)
{
    struct mouse *ms = m->mouse;

    if (!ms || !ms->count)
        return false;
    *rep = ms->queue[ms->head];
    ms->head = (ms->head + 1) % MOUSE_QUEUE;
    ms->count--;
    mouse_irq(m); /* the next report, after the gap */
    return true;
}

struct mouse_report mouse_state(const struct machine *m)
{
    return m->mouse->now;
}

void mouse_set_rate(struct machine *m, unsigned per_second)
{
    if (m->mouse && per_second)
        m->mouse->gap_ns = 1000000000u / per_second;
}

unsigned mouse_button_count(const struct machine *m)
{
    return m->mouse ? m->mouse->buttons : 0;
}

static void mouse_input(struct machine *m, const struct input_event *ev)
{
    mouse_set(m, (struct mouse_report){ev->x, ev->y, ev->code});
}

static int mouse_init(struct machine *m)
{
    struct mouse *ms;

    if (!m->cfg->mouse_buttons)
        return 0; /* --no-mouse */
    ms = calloc(1, sizeof(*ms));
    if (!ms)
        return -ENOMEM;
    ms->buttons = m->cfg->mouse_buttons == 3 ? 3 : 2;
    ms->gap_ns = 1000000000u / MOUSE_RATE_HZ;
    ms->now = (struct mouse_report){INPUT_MOUSE_SCALE / 2, INPUT_MOUSE_SCALE / 2, 0};
    ms->timer.fire = mouse_timer_fire;
    m->mouse = ms;
    machine_timer_add(m, &ms->timer);
    m->mouse_handler = mouse_input;
    return 0;
}

static void mouse_fini(struct machine *m)
{
    free(m->mouse);
    m->mouse = NULL;
}

const struct device_desc mouse_dev = {
    .name = "mouse",
    .init = mouse_init,
    .fini = mouse_fini,
};
