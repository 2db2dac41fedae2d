/* The 8254 timer on the host clock. A channel's count and OUT are computed from the
 * host's monotonic time since the count was loaded, so reads are exact without any
 * periodic work; only channel 0 arms a timer, for the next rising edge of OUT (IRQ 0).
 * Edges the PIC cannot take yet (IRQ 0 still requested) are owed and delivered as
 * soon as it can, spaced out, so the guest's tick count keeps step with the host
 * clock without bunching. */
#include "hw/pit.h"

#include <errno.h>
#include <stdlib.h>

#include "hw/hw.h"
#include "hw/pic.h"

struct pit_channel {
    uint8_t mode; /* 0-5 */
    uint8_t rw;   /* 1 LSB only, 2 MSB only, 3 LSB then MSB */
    bool bcd;
    bool gate;
    bool loaded;     /* a count was written since the control word */
    bool running;    /* counting since start_ns (plus base clocks before it) */
    bool null_count; /* a count was written but not yet loaded (status bit 6) */
    uint32_t reload; /* clocks per cycle: 2..65536 (1..65536 in modes 0, 1, 4, 5) */
    uint64_t start_ns;
    uint64_t base; /* clocks counted before start_ns (a gate pause in modes 0 and 4) */
    /* A count written in mode 2 or 3 takes over at the end of the running cycle: until
     * then (now < start_ns), the old cycle goes on. */
    uint32_t old_reload;
    uint64_t old_start_ns;
    /* Byte sequencing of the count registers. */
    bool write_msb, read_msb;
    uint8_t write_lsb;
    uint8_t latch_left; /* bytes of the latched count still to read: 0, 1 or 2 */
    uint16_t latch;
    bool status_latched;
    uint8_t status;
    /* Channel 0: the index of the next rising edge of OUT since start_ns, and edges
     * the PIC had no room for. */
    uint64_t edge;
    unsigned owed;
};

struct pit {
    struct pit_channel ch[3];
    struct machine_timer timer;
};

static uint64_t pit_clocks_between(uint64_t from, uint64_t to)
{
    return to > from ? (uint64_t)((unsigned __int128)(to - from) * PIT_HZ / 1000000000u) : 0;
}

/* Host time of the moment `clocks` clocks after start. */
static uint64_t pit_clock_time(uint64_t start, uint64_t clocks)
{
    return start + (uint64_t)(((unsigned __int128)clocks * 1000000000u + PIT_HZ - 1) / PIT_HZ);
}

static uint64_t pit_elapsed(const struct pit_channel *c, uint64_t now)
{
    return c->base + (c->running ? pit_clocks_between(c->start_ns, now) : 0);
}

/* The counting element and OUT at host time `now`. */
static void pit_state(const struct pit_channel *c, uint64_t now, uint16_t *count, bool *out)
{
    uint32_t n = c->reload;
    uint64_t e;

    if (!c->loaded) {
        *count = (uint16_t)n;
        *out = c->mode != 0; /* mode 0 starts low, the others high */
        return;
    }
    if (!c->running && c->mode != 0 && c->mode != 4) {
        *count = (uint16_t)n; /* waiting for the gate */
        *out = true;
        return;
    }
    if (now < c->start_ns && (c->mode == 2 || c->mode == 3) && c->old_reload) {
        n = c->old_reload;
        e = pit_clocks_between(c->old_start_ns, now);
    } else {
        e = pit_elapsed(c, now);
    }
    switch (c->mode) {
    case 0: /* interrupt on terminal count */
        *count = (uint16_t)(n - e);
        *out = e >= n;
        break;
    case 1: /* hardware one-shot */
        *count = (uint16_t)(n - e);
        *out = e >= n;
        break;
    case 2: { /* rate generator: OUT low for the last clock of each cycle */
        uint64_t ph = e % n;
        *count = (uint16_t)(n - ph);
        *out = ph != n - 1;
        break;
    }
    case 3: { /* square wave: high for the first half, low for the second */
        uint64_t ph = e % n, half = (n + 1) / 2;
        *out = ph < half;
        *count = (uint16_t)(n - 2 * (ph < half ? ph : ph - half));
        *count &= 0xFFFE;
        break;
    }
    default: /* 4, 5: software or hardware strobe, OUT low for one clock */
        *count = (uint16_t)(n - e);
        *out = e != n;
        break;
    }
}

static uint16_t pit_to_bcd(uint16_t v)
{
    v %= 10000;
    return (uint16_t)((v / 1000) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10);
}

bool pit_out(struct machine *m, unsigned ch)
{
    uint16_t count;
    bool out;

    pit_state(&m->pit->ch[ch], machine_now_ns(), &count, &out);
    return out;
}

/* Channel 0: the host time of the next rising edge of OUT, or 0 for none. */
static uint64_t pit0_next_edge(const struct pit_channel *c)
{
    if (!c->loaded || !c->running)
        return 0;
    switch (c->mode) {
    case 2:
    case 3: return pit_clock_time(c->start_ns, c->edge * c->reload);
    case 0: return c->edge == 1 ? pit_clock_time(c->start_ns, c->reload) : 0;
    case 4: return c->edge == 1 ? pit_clock_time(c->start_ns, c->reload + 1u) : 0;
    default: return 0;
    }
}

static void pit0_schedule(struct machine *m, uint64_t now)
{
    struct pit_channel *c = &m->pit->ch[0];
    uint64_t next = pit0_next_edge(c);

    if (c->owed) {
        /* Catch up at up to four edges per period, never back to back. */
        uint64_t gap = (uint64_t)c->reload * 1000000000u / PIT_HZ / 4;
        uint64_t soon = now + (gap < 100000 ? 100000 : gap);
        if (!next || soon < next)
            next = soon;
    }
    machine_timer_arm(&m->pit->timer, next);
}

static void pit0_fire(struct machine *m, void *ctx)
{
    struct pit_channel *c = &m->pit->ch[0];
    uint64_t now = machine_now_ns(), t;
    unsigned max_owed = PIT_HZ / c->reload + 2; /* a second's worth */

    while ((t = pit0_next_edge(c)) && t <= now) {
        c->edge++;
        c->owed++;
    }
    if (c->owed > max_owed) {
        log_debug(&m->log, LOG_IRQ, "PIT: %u timer ticks behind the host clock, dropped",
                  c->owed - 1);
        c->owed = 1;
    }
    if (c->owed && pic_irq_masked(m, 0)) {
        c->owed = 0; /* a masked request latches once, as on the PC */
        pic_pulse_irq(m, 0);
    } else if (c->owed && !pic_irq_pending(m, 0)) {
        c->owed--;
        pic_pulse_irq(m, 0);
    }
    pit0_schedule(m, now);
}

/* Starts counting a freshly written count. */
static void pit_load(struct machine *m, unsigned i, uint32_t n, uint64_t now)
{
    struct pit_channel *c = &m->pit->ch[i];

    if ((c->mode == 2 || c->mode == 3) && n < 2)
        n = 2;
    if (c->loaded && c->running && (c->mode == 2 || c->mode == 3)) {
        /* The new count takes over at the end of the running cycle. */
        uint64_t e = pit_elapsed(c, now), end = (e / c->reload + 1) * c->reload;
        c->old_reload = c->reload;
        c->old_start_ns = c->start_ns;
        c->start_ns = pit_clock_time(c->start_ns, end);
        c->reload = n;
        c->base = 0;
        c->edge = 0; /* the edge that ends the old cycle is the new start */
        c->null_count = false;
        if (i == 0)
            pit0_schedule(m, now);
        return;
    }
    c->reload = n;
    c->old_reload = 0;
    c->loaded = true;
    c->null_count = false;
    c->base = 0;
    c->start_ns = now;
    c->edge = 1;
    c->owed = 0;
    /* Modes 1 and 5 wait for a rising gate; the others count while the gate is high. */
    c->running = c->mode != 1 && c->mode != 5 && c->gate;
    if (i == 0)
        pit0_schedule(m, now);
}

void pit_set_gate(struct machine *m, unsigned i, bool level)
{
    struct pit_channel *c = &m->pit->ch[i];
    uint64_t now = machine_now_ns();

    if (c->gate == level)
        return;
    c->gate = level;
    if (!c->loaded)
        return;
    if (!level) {
        if (c->mode == 0 || c->mode == 4) {
            c->base = pit_elapsed(c, now); /* counting pauses */
            c->running = false;
        } else if (c->mode == 2 || c->mode == 3) {
            c->running = false; /* OUT goes high; the next rising gate reloads */
        }
        return;
    }
    if (c->mode == 0 || c->mode == 4) {
        c->start_ns = now;
        c->running = true;
    } else {
        /* Modes 1, 2, 3, 5: a rising gate (re)starts the cycle. */
        c->base = 0;
        c->start_ns = now;
        c->old_reload = 0;
        c->running = true;
    }
}

static void pit_latch_count(struct pit_channel *c, uint64_t now)
{
    uint16_t count;
    bool out;

    if (c->latch_left)
        return; /* a latched count stays until it is read */
    pit_state(c, now, &count, &out);
    c->latch = c->bcd ? pit_to_bcd(count) : count;
    c->latch_left = c->rw == 3 ? 2 : 1;
}

static void pit_latch_status(struct pit_channel *c, uint64_t now)
{
    uint16_t count;
    bool out;

    if (c->status_latched)
        return;
    pit_state(c, now, &count, &out);
    c->status = (uint8_t)((out ? 0x80 : 0) | (c->null_count ? 0x40 : 0) | c->rw << 4 |
                          c->mode << 1 | c->bcd);
    c->status_latched = true;
}

static void pit_control(struct machine *m, uint8_t v, uint64_t now)
{
    unsigned sc = v >> 6, rw = (v >> 4) & 3;
    struct pit_channel *c;

    if (sc == 3) { /* read-back: bit 5 clear latches counts, bit 4 clear the status */
        for (unsigned i = 0; i < 3; i++) {
            if (!(v & (2u << i)))
                continue;
            if (!(v & 0x20))
                pit_latch_count(&m->pit->ch[i], now);
            if (!(v & 0x10))
                pit_latch_status(&m->pit->ch[i], now);
        }
        return;
    }
    c = &m->pit->ch[sc];
    if (rw == 0) {
        pit_latch_count(c, now);
        return;
    }
    c->rw = (uint8_t)rw;
    c->mode = (v >> 1) & 7;
    if (c->mode > 5)
        c->mode -= 4; /* 6 and 7 are 2 and 3 */
    c->bcd = v & 1;
    c->write_msb = c->read_msb = false;
    c->latch_left = 0;
    c->status_latched = false;
    c->loaded = c->running = false;
    c->old_reload = 0;
    c->null_count = true;
    c->owed = 0;
    if (sc == 0)
        machine_timer_arm(&m->pit->timer, 0);
    log_debug(&m->log, LOG_IRQ, "PIT channel %u: mode %u, access %u%s", sc, c->mode, rw,
              c->bcd ? ", BCD" : "");
}

static uint32_t pit_count_value(const struct pit_channel *c, uint16_t raw)
{
    if (c->bcd) {
        uint32_t v =
            (raw >> 12 & 15) * 1000u + (raw >> 8 & 15) * 100u + (raw >> 4 & 15) * 10u + (raw & 15);
        return v ? v : 10000;
    }
    return raw ? raw : 65536;
}

static void pit_write(void *ctx, uint16_t port, uint8_t v)
{
    struct machine *m = ctx;
    uint64_t now = machine_now_ns();
    unsigned i = port & 3;
    struct pit_channel *c;
    uint16_t raw;

    if (i == 3) {
        pit_control(m, v, now);
        return;
    }
    c = &m->pit->ch[i];
    switch (c->rw) {
    case 1: raw = v; break;
    case 2: raw = (uint16_t)(v << 8); break;
    case 3:
        if (!c->write_msb) {
            c->write_lsb = v;
            c->write_msb = true;
            if (c->mode == 0 && c->running) { /* the first byte stops mode 0 counting */
                c->base = pit_elapsed(c, now);
                c->running = false;
            }
            return;
        }
        c->write_msb = false;
        raw = (uint16_t)(c->write_lsb | v << 8);
        break;
    default: return; /* never programmed */
    }
    if (i == 0)
        log_debug(&m->log, LOG_IRQ, "PIT channel 0: count %u (%.3f Hz)", pit_count_value(c, raw),
                  (double)PIT_HZ / pit_count_value(c, raw));
    pit_load(m, i, pit_count_value(c, raw), now);
}

static uint8_t pit_read(void *ctx, uint16_t port)
{
    struct machine *m = ctx;
    unsigned i = port & 3;
    struct pit_channel *c;
    uint16_t count;
    bool out, msb;

    if (i == 3)
        return 0xFF; /* the control register cannot be read */
    c = &m->pit->ch[i];
    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    if (c->latch_left) {
        msb = c->rw == 2 || (c->rw == 3 && c->latch_left == 1);
        c->latch_left--;
        return msb ? (uint8_t)(c->latch >> 8) : (uint8_t)c->latch;
    }
    pit_state(c, machine_now_ns(), &count, &out);
    if (c->bcd)
        count = pit_to_bcd(count);
    msb = c->rw == 2;
    if (c->rw == 3) {
        msb = c->read_msb;
        c->read_msb = !c->read_msb;
    }
    return msb ? (uint8_t)(count >> 8) : (uint8_t)count;
}

static int pit_init(struct machine *m)
{
    int rc;

    m->pit = calloc(1, sizeof(*m->pit));
    if (!m->pit)
        return -ENOMEM;
    m->pit->ch[0].gate = m->pit->ch[1].gate = true; /* tied high on the PC */
    m->pit->timer.fire = pit0_fire;
    rc = ioport_register(&m->io, "PIT", 0x40, 4, pit_read, pit_write, m);
    if (rc) {
        free(m->pit);
        m->pit = NULL;
        return rc;
    }
    machine_timer_add(m, &m->pit->timer);
    return 0;
}

static void pit_fini(struct machine *m)
{
    free(m->pit);
    m->pit = NULL;
}

const struct device_desc pit_dev = {
    .name = "timer",
    .init = pit_init,
    .fini = pit_fini,
};
