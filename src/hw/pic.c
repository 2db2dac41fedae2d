/* The 8259A pair as the AT wires it: edge-triggered inputs, the slave's output on the
 * master's IRQ 2, fully nested priorities with rotation, specific and non-specific
 * EOI, auto-EOI, special mask mode and the poll command. The master's output is the
 * CPU's INTR line; the CPU's acknowledge cycle (machine->intr_ack) takes the vector. */
#include "hw/pic.h"

#include <errno.h>
#include <stdlib.h>

#include "hw/hw.h"

struct pic_chip {
    uint8_t irr, isr, imr;
    uint8_t lines;  /* input levels, for edge detection */
    uint8_t base;   /* vector of IRQ 0 (ICW2) */
    uint8_t lowest; /* the IRQ with the lowest priority (rotation) */
    uint8_t init;   /* the ICW expected next on the odd port: 2, 3, 4, or 0 */
    bool need_icw4, single, auto_eoi, rotate_aeoi, special_mask, read_isr, poll;
};

struct pic {
    struct pic_chip chip[2]; /* master, slave */
};

/* 0 = highest priority. */
static int pic_rank(const struct pic_chip *c, int irq)
{
    return (irq - c->lowest - 1) & 7;
}

static int pic_best(const struct pic_chip *c, uint8_t bits)
{
    for (int r = 0; r < 8; r++) {
        int irq = (c->lowest + 1 + r) & 7;
        if (bits & (1u << irq))
            return irq;
    }
    return -1;
}

/* The request the chip would signal now: unmasked, and of higher priority than what
 * is in service (in special mask mode, masked in-service levels do not block). */
static int pic_chip_pending(const struct pic_chip *c)
{
    int req = pic_best(c, (uint8_t)(c->irr & ~c->imr));
    int svc = pic_best(c, c->special_mask ? (uint8_t)(c->isr & ~c->imr) : c->isr);

    if (req < 0 || (svc >= 0 && pic_rank(c, req) >= pic_rank(c, svc)))
        return -1;
    return req;
}

static void pic_chip_line(struct pic_chip *c, unsigned n, bool level)
{
    uint8_t bit = (uint8_t)(1u << n);

    if (level && !(c->lines & bit))
        c->irr |= bit;
    if (level)
        c->lines |= bit;
    else
        c->lines &= (uint8_t)~bit;
}

static void pic_chip_ack(struct pic_chip *c, int irq)
{
    c->irr &= (uint8_t) ~(1u << irq);
    if (!c->auto_eoi)
        c->isr |= (uint8_t)(1u << irq);
    else if (c->rotate_aeoi)
        c->lowest = (uint8_t)irq;
}

static void pic_update(struct machine *m)
{
    struct pic *p = m->pic;

    pic_chip_line(&p->chip[0], 2, pic_chip_pending(&p->chip[1]) >= 0);
    machine_set_intr(m, pic_chip_pending(&p->chip[0]) >= 0);
}

void pic_set_irq(struct machine *m, unsigned irq, bool level)
{
    if (irq > 15)
        return;
    pic_chip_line(&m->pic->chip[irq >> 3], irq & 7, level);
    pic_update(m);
}

void pic_pulse_irq(struct machine *m, unsigned irq)
{
    pic_set_irq(m, irq, true);
    pic_set_irq(m, irq, false);
}

bool pic_irq_pending(const struct machine *m, unsigned irq)
{
    return irq < 16 && (m->pic->chip[irq >> 3].irr & (1u << (irq & 7)));
}

bool pic_irq_masked(const struct machine *m, unsigned irq)
{
    const struct pic *p = m->pic;

    if (irq > 15)
        return true;
    if (irq >= 8 && (p->chip[0].imr & 0x04))
        return true;
    return (p->chip[irq >> 3].imr & (1u << (irq & 7))) != 0;
}

/* The interrupt acknowledge cycle: the highest request goes in service. */
static int pic_ack(struct machine *m)
{
    struct pic *p = m->pic;
    struct pic_chip *mc = &p->chip[0], *sc = &p->chip[1];
    int irq = pic_chip_pending(mc), vec;

    if (irq < 0)
        return -1;
    pic_chip_ack(mc, irq);
    if (irq == 2 && !mc->single) {
        int s = pic_chip_pending(sc);
        if (s < 0) {
            vec = sc->base + 7; /* the slave's request went away: spurious IRQ 15 */
        } else {
            pic_chip_ack(sc, s);
            vec = sc->base + s;
        }
    } else {
        vec = mc->base + irq;
    }
    pic_update(m);
    log_debug(&m->log, LOG_IRQ, "interrupt acknowledge: vector %02Xh", vec);
    return vec;
}

static void pic_command(struct pic_chip *c, uint8_t v, struct machine *m, int chip)
{
    int irq;

    if (v & 0x10) { /* ICW1: start initialisation */
        if (v & 0x08)
            log_debug(&m->log, LOG_IRQ, "PIC %d: level-triggered mode asked; staying on edges",
                      chip);
        c->need_icw4 = v & 0x01;
        c->single = v & 0x02;
        c->irr = c->isr = c->imr = 0;
        c->lowest = 7;
        c->auto_eoi = c->rotate_aeoi = c->special_mask = c->read_isr = c->poll = false;
        c->init = 2;
        return;
    }
    if (v & 0x08) { /* OCW3 */
        if (v & 0x04)
            c->poll = true;
        if (v & 0x02)
            c->read_isr = v & 0x01;
        if (v & 0x40)
            c->special_mask = (v & 0x20) != 0;
        return;
    }
    switch (v >> 5) { /* OCW2 */
    case 0: c->rotate_aeoi = false; break;
    case 4: c->rotate_aeoi = true; break;
    case 1: /* non-specific EOI */
    case 5: /* rotate on non-specific EOI */
        irq = pic_best(c, c->special_mask ? (uint8_t)(c->isr & ~c->imr) : c->isr);
        if (irq >= 0) {
            c->isr &= (uint8_t) ~(1u << irq);
            if (v >> 5 == 5)
                c->lowest = (uint8_t)irq;
        }
        break;
    case 3: /* specific EOI */
    case 7: /* rotate on specific EOI */
        c->isr &= (uint8_t) ~(1u << (v & 7));
        if (v >> 5 == 7)
            c->lowest = v & 7;
        break;
    case 6: c->lowest = v & 7; break; /* set priority */
    default: break;
    }
}

static void pic_data(struct pic_chip *c, uint8_t v)
{
    switch (c->init) {
    case 2:
        c->base = v & 0xF8;
        c->init = c->single ? (c->need_icw4 ? 4 : 0) : 3;
        break;
    case 3: c->init = c->need_icw4 ? 4 : 0; break; /* ICW3: the cascade wiring is fixed */
    case 4:
        c->auto_eoi = v & 0x02;
        c->init = 0;
        break;
    default: c->imr = v; break; /* OCW1 */
    }
}

static void pic_write(void *ctx, uint16_t port, uint8_t v)
{
    struct machine *m = ctx;
    int chip = port >= 0xA0;
    struct pic_chip *c = &m->pic->chip[chip];

    if (port & 1)
        pic_data(c, v);
    else
        pic_command(c, v, m, chip);
    pic_update(m);
}

static uint8_t pic_read(void *ctx, uint16_t port)
{
    struct machine *m = ctx;
    struct pic_chip *c = &m->pic->chip[port >= 0xA0];

    if (port & 1)
        return c->imr;
    if (c->poll) {
        /* The poll command: the read is the acknowledge. */
        int irq = pic_chip_pending(c);
        c->poll = false;
        if (irq < 0)
            return 0;
        pic_chip_ack(c, irq);
        pic_update(m);
        return (uint8_t)(0x80 | irq);
    }
    return c->read_isr ? c->isr : c->irr;
}

static int pic_init(struct machine *m)
{
    int rc;

    m->pic = calloc(1, sizeof(*m->pic));
    if (!m->pic)
        return -ENOMEM;
    for (int i = 0; i < 2; i++) {
        m->pic->chip[i].imr = 0xFF; /* until the POST programs them */
        m->pic->chip[i].lowest = 7;
    }
    rc = ioport_register(&m->io, "PIC master", 0x20, 2, pic_read, pic_write, m);
    if (!rc)
        rc = ioport_register(&m->io, "PIC slave", 0xA0, 2, pic_read, pic_write, m);
    if (rc) {
        free(m->pic);
        m->pic = NULL;
        return rc;
    }
    m->intr_ack = pic_ack;
    return 0;
}

static void pic_fini(struct machine *m)
{
    free(m->pic);
    m->pic = NULL;
}

const struct device_desc pic_dev = {
    .name = "interrupt controller",
    .init = pic_init,
    .fini = pic_fini,
};
