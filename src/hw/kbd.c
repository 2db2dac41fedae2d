/* The 8042 keyboard controller and an MF2 keyboard in translated (set 1) mode. Host
 * input arrives as whole scancode sequences; the keyboard keeps them in its buffer,
 * tracks which keys are held and repeats the last one held (typematic) on its own
 * clock; the controller hands the guest one byte at a time in its output buffer and
 * raises IRQ 1 for each. Commands to the controller (64h) and to the keyboard (60h)
 * answer as an AT's do. */
#include "hw/kbd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hw.h"
#include "hw/pic.h"

#define KBD_FIFO_SIZE 256 /* bigger than a real keyboard's 16: scripts type in bursts */
/* A keyboard sends a byte in about a millisecond; the next key byte comes that long
 * after the guest took the last one. */
#define KBD_BYTE_NS 1000000u

#define CMD_IRQ      0x01 /* command byte: IRQ 1 on output buffer full */
#define CMD_SYSFLAG  0x04
#define CMD_DISABLED 0x10 /* keyboard interface disabled */
#define CMD_AUX_OFF  0x20
#define CMD_XLATE    0x40

struct kbd_fifo {
    uint8_t buf[KBD_FIFO_SIZE];
    unsigned head, count;
};

/* Collects the bytes of one sequence from the input ring. */
struct kbd_parser {
    uint8_t seq[4];
    unsigned len, need;
};

struct kbd {
    /* The controller. */
    uint8_t cmd_byte;
    uint8_t obf; /* output buffer contents */
    bool obf_full;
    uint8_t pending_cmd;   /* controller command waiting for its data byte on 60h, or 0 */
    bool last_was_cmd;     /* status bit 3 */
    struct kbd_fifo reply; /* controller and keyboard replies: ahead of keys */
    struct kbd_fifo keys;  /* the keyboard's buffer of scancodes */
    struct machine_timer deliver;
    /* The keyboard. */
    bool scanning;
    uint8_t kbd_expect; /* keyboard command waiting for its argument, or 0 */
    uint8_t last_sent;  /* for the resend command */
    uint8_t leds;
    uint8_t delay, rate;
    uint8_t held[32];      /* bitmap of keys down: code | 0x80 for E0 keys */
    uint8_t repeat_seq[2]; /* the key that repeats */
    unsigned repeat_len;
    struct machine_timer repeat;
    struct kbd_parser ring;
};

static bool fifo_put(struct kbd_fifo *f, uint8_t b)
{
    if (f->count >= KBD_FIFO_SIZE)
        return false;
    f->buf[(f->head + f->count++) % KBD_FIFO_SIZE] = b;
    return true;
}

static uint8_t fifo_get(struct kbd_fifo *f)
{
    uint8_t b = f->buf[f->head];
    f->head = (f->head + 1) % KBD_FIFO_SIZE;
    f->count--;
    return b;
}

static void kbd_irq_update(struct machine *m)
{
    struct kbd *k = m->kbd;
    pic_set_irq(m, 1, k->obf_full && (k->cmd_byte & CMD_IRQ));
}

/* Moves the next byte into the output buffer, if it is free. Replies go at once; key
 * bytes wait for the keyboard's serial line (`now` >= the deliver deadline). */
static void kbd_fill(struct machine *m, bool key_time)
{
    struct kbd *k = m->kbd;

    if (k->obf_full)
        return;
    if (k->reply.count) {
        k->obf = fifo_get(&k->reply);
    } else if (k->keys.count && !(k->cmd_byte & CMD_DISABLED)) {
        if (!key_time) {
            if (!k->deliver.deadline)
                machine_timer_arm(&k->deliver, machine_now_ns() + KBD_BYTE_NS / 4);
            return;
        }
        k->obf = fifo_get(&k->keys);
        k->last_sent = k->obf;
    } else {
        return;
    }
    k->obf_full = true;
    log_debug(&m->log, LOG_KBD, "8042: %02Xh in the output buffer", k->obf);
    kbd_irq_update(m);
}

static void kbd_deliver_fire(struct machine *m, void *ctx)
{
    kbd_fill(m, true);
}

static uint64_t kbd_repeat_period_ns(const struct kbd *k)
{
    /* (8 + A) * 2^B * 4.17 ms, A = bits 0-2, B = bits 3-4 of the rate. */
    return (uint64_t)(8 + (k->rate & 7)) * (1u << ((k->rate >> 3) & 3)) * 4170000u;
}

static void kbd_repeat_fire(struct machine *m, void *ctx)
{
    struct kbd *k = m->kbd;

    if (!k->repeat_len)
        return;
    /* A real keyboard's buffer would fill up; repeats the guest does not take are
     * dropped here rather than piling up. */
    if (!k->keys.count && k->scanning)
        for (unsigned i = 0; i < k->repeat_len; i++)
            fifo_put(&k->keys, k->repeat_seq[i]);
    kbd_fill(m, false);
    machine_timer_arm(&k->repeat, machine_now_ns() + kbd_repeat_period_ns(k));
}

static void kbd_reset_keyboard(struct kbd *k)
{
    k->keys.count = 0;
    k->repeat_len = 0;
    machine_timer_arm(&k->repeat, 0);
    k->delay = 1;   /* 500 ms */
    k->rate = 0x0B; /* 10.9 per second */
    k->scanning = true;
}

void kbd_key_sequence(struct machine *m, const uint8_t *codes, size_t n)
{
    struct kbd *k = m->kbd;
    bool ext = n == 2 && codes[0] == 0xE0;
    uint8_t code, key;

    if (!n || n > 4)
        return;
    code = codes[n - 1];
    key = (uint8_t)((code & 0x7F) | (ext ? 0x80 : 0));
    if (!k->scanning) {
        log_debug(&m->log, LOG_KBD, "keyboard disabled: key %02Xh dropped", code);
        return;
    }
    if (k->keys.count + n > KBD_FIFO_SIZE) {
        log_debug(&m->log, LOG_KBD, "keyboard buffer full: key %02Xh dropped", code);
        return;
    }
    /* Held keys and typematic: not for the fake shifts around grey keys (E0 2A/36),
     * nor for Pause (E1), which has no break code. */
    if ((n == 1 || ext) && !(ext && (key & 0x7F) == 0x2A) && !(ext && (key & 0x7F) == 0x36)) {
        uint8_t bit = (uint8_t)(1u << (key & 7));
        if (!(code & 0x80)) {
            if (k->held[key >> 3] & bit)
                return; /* the host repeats the key: repeat is the keyboard's job */
            k->held[key >> 3] |= bit;
            memcpy(k->repeat_seq, codes, n);
            k->repeat_len = (unsigned)n;
            machine_timer_arm(&k->repeat, machine_now_ns() + (k->delay + 1u) * 250000000ull);
        } else {
            k->held[key >> 3] &= (uint8_t)~bit;
            if (k->repeat_len == n && (k->repeat_seq[n - 1] & 0x7F) == (code & 0x7F) &&
                (n == 1 || k->repeat_seq[0] == 0xE0)) {
                k->repeat_len = 0;
                machine_timer_arm(&k->repeat, 0);
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        fifo_put(&k->keys, codes[i]);
    log_debug(&m->log, LOG_KBD, "key %s%02Xh", n > 1 ? "E0 " : "", code);
    kbd_fill(m, false);
}

static void kbd_release_all(struct machine *m)
{
    struct kbd *k = m->kbd;

    for (unsigned key = 0; key < 256; key++) {
        if (!(k->held[key >> 3] & (1u << (key & 7))))
            continue;
        if (key & 0x80) {
            uint8_t seq[2] = {0xE0, (uint8_t)(key | 0x80)};
            kbd_key_sequence(m, seq, 2);
        } else {
            uint8_t seq[1] = {(uint8_t)(key | 0x80)};
            kbd_key_sequence(m, seq, 1);
        }
    }
}

/* Bytes from the input ring: whole sequences go to the keyboard. */
static void kbd_input(struct machine *m, const struct input_event *ev)
{
    struct kbd_parser *p = &m->kbd->ring;

    if (ev->type == INPUT_RELEASE_ALL) {
        p->len = p->need = 0;
        kbd_release_all(m);
        return;
    }
    if (ev->type != INPUT_SCANCODE)
        return;
    if (p->len >= sizeof(p->seq))
        p->len = p->need = 0; /* a broken sequence: start over */
    p->seq[p->len++] = ev->code;
    if (p->len == 1 && ev->code == 0xE0)
        return;
    if (p->len == 1 && ev->code == 0xE1) {
        p->need = 3; /* E1 1D 45 (Pause) or E1 9D C5 */
        return;
    }
    if (p->need && p->len < p->need)
        return;
    kbd_key_sequence(m, p->seq, p->len);
    p->len = p->need = 0;
}

bool kbd_busy(const struct machine *m)
{
    const struct kbd *k = m->kbd;
    return k->obf_full || k->keys.count || k->reply.count;
}

void kbd_set_typematic(struct machine *m, uint8_t delay, uint8_t rate)
{
    m->kbd->delay = delay & 3;
    m->kbd->rate = rate & 31;
}

void kbd_get_typematic(const struct machine *m, uint8_t *delay, uint8_t *rate)
{
    *delay = m->kbd->delay;
    *rate = m->kbd->rate;
}

void kbd_set_leds(struct machine *m, uint8_t leds)
{
    m->kbd->leds = leds & 7;
}

static void kbd_reply(struct machine *m, uint8_t b)
{
    fifo_put(&m->kbd->reply, b);
}

/* A byte written to 60h with no controller command pending goes to the keyboard. */
static void kbd_keyboard_command(struct machine *m, uint8_t v)
{
    struct kbd *k = m->kbd;

    if (k->kbd_expect) {
        uint8_t cmd = k->kbd_expect;
        k->kbd_expect = 0;
        switch (cmd) {
        case 0xED: kbd_set_leds(m, v); break;
        case 0xF3: kbd_set_typematic(m, (uint8_t)(v >> 5), v); break;
        case 0xF0:
            if (v == 0) {
                kbd_reply(m, 0xFA);
                kbd_reply(m, 0x41); /* set 2, as translation shows it */
                return;
            }
            break;
        default: break;
        }
        kbd_reply(m, 0xFA);
        return;
    }
    switch (v) {
    case 0xED: /* set LEDs */
    case 0xF3: /* set typematic rate */
    case 0xF0: /* scancode set */
        k->kbd_expect = v;
        kbd_reply(m, 0xFA);
        break;
    case 0xEE: kbd_reply(m, 0xEE); break; /* echo */
    case 0xF2:                            /* identify: an MF2 keyboard, translated */
        kbd_reply(m, 0xFA);
        kbd_reply(m, 0xAB);
        kbd_reply(m, 0x41);
        break;
    case 0xF4: /* enable */
        k->keys.count = 0;
        k->scanning = true;
        kbd_reply(m, 0xFA);
        break;
    case 0xF5: /* disable and set defaults */
        kbd_reset_keyboard(k);
        k->scanning = false;
        kbd_reply(m, 0xFA);
        break;
    case 0xF6: /* set defaults */
        kbd_reset_keyboard(k);
        kbd_reply(m, 0xFA);
        break;
    case 0xFE: kbd_reply(m, k->last_sent); break; /* resend */
    case 0xFF:                                    /* reset and self-test */
        kbd_reset_keyboard(k);
        kbd_reply(m, 0xFA);
        kbd_reply(m, 0xAA);
        break;
    default:
        if (v >= 0xF7 && v <= 0xFD) {
            kbd_reply(m, 0xFA); /* set-3 key modes: accepted, meaningless in set 1 */
            break;
        }
        log_debug(&m->log, LOG_KBD, "keyboard: unknown command %02Xh", v);
        kbd_reply(m, 0xFE);
        break;
    }
}

static void kbd_reset_cpu(struct machine *m)
{
    log_debug(&m->log, LOG_KBD, "8042: CPU reset requested, ending the session");
    machine_stop(m, 0);
}

static void kbd_controller_command(struct machine *m, uint8_t v)
{
    struct kbd *k = m->kbd;

    if (v >= 0x20 && v <= 0x3F) { /* read controller RAM: byte 0 is the command byte */
        kbd_reply(m, v == 0x20 ? k->cmd_byte : 0);
        return;
    }
    if ((v >= 0x60 && v <= 0x7F) || v == 0xD1 || v == 0xD2 || v == 0xD3 || v == 0xD4) {
        k->pending_cmd = v; /* the data byte follows on 60h */
        return;
    }
    if (v >= 0xF0) { /* pulse output lines: a 0 in bit 0 is the reset line */
        if (!(v & 1))
            kbd_reset_cpu(m);
        return;
    }
    switch (v) {
    case 0xA7: k->cmd_byte |= CMD_AUX_OFF; break;
    case 0xA8: k->cmd_byte &= (uint8_t)~CMD_AUX_OFF; break;
    case 0xA9: kbd_reply(m, 0x02); break; /* aux interface test: no mouse here */
    case 0xAA:                            /* self-test */
        k->cmd_byte |= CMD_SYSFLAG;
        kbd_reply(m, 0x55);
        break;
    case 0xAB: kbd_reply(m, 0x00); break; /* keyboard interface test: fine */
    case 0xAD: k->cmd_byte |= CMD_DISABLED; break;
    case 0xAE: k->cmd_byte &= (uint8_t)~CMD_DISABLED; break;
    case 0xC0: kbd_reply(m, 0xA0); break; /* input port: keyboard not inhibited */
    case 0xD0: /* output port: reset high, A20, IRQ 1 = output buffer full */
        kbd_reply(m, (uint8_t)(0xC1 | (m->mem.a20 ? 0x02 : 0) | (k->obf_full ? 0x10 : 0)));
        break;
    case 0xDD: machine_set_a20(m, false); break;
    case 0xDF: machine_set_a20(m, true); break;
    case 0xE0: kbd_reply(m, 0x00); break; /* test inputs */
    case 0xA1: kbd_reply(m, 0x00); break; /* controller version */
    case 0xA4: kbd_reply(m, 0xF1); break; /* no password installed */
    default: log_debug(&m->log, LOG_KBD, "8042: unknown command %02Xh", v); break;
    }
}

static void kbd_data_write(struct machine *m, uint8_t v)
{
    struct kbd *k = m->kbd;
    uint8_t cmd = k->pending_cmd;

    k->pending_cmd = 0;
    if (cmd >= 0x60 && cmd <= 0x7F) {
        if (cmd == 0x60) {
            k->cmd_byte = v;
            kbd_irq_update(m);
        }
        return;
    }
    switch (cmd) {
    case 0xD1: /* write output port: A20 and the reset line */
        machine_set_a20(m, (v & 0x02) != 0);
        if (!(v & 0x01))
            kbd_reset_cpu(m);
        return;
    case 0xD2: /* as if the keyboard had sent it */ kbd_reply(m, v); return;
    case 0xD3: /* the mouse's output buffer: no mouse, nobody reads it */
    case 0xD4: /* to the mouse: there is none */ return;
    default: kbd_keyboard_command(m, v); return;
    }
}

static uint8_t kbd_read(void *ctx, uint16_t port)
{
    struct machine *m = ctx;
    struct kbd *k = m->kbd;

    if (port == 0x64) {
        uint8_t st = (uint8_t)((k->obf_full ? 0x01 : 0) | (k->cmd_byte & CMD_SYSFLAG) |
                               (k->last_was_cmd ? 0x08 : 0) | 0x10);
        if (k->obf_full)
            machine_poll_hit(m);
        else
            machine_poll_empty(m);
        return st;
    }
    if (!k->obf_full) {
        machine_poll_empty(m); /* the last byte again, as the 8042 does */
        return k->obf;
    }
    machine_poll_hit(m);
    k->obf_full = false;
    kbd_irq_update(m);
    if (k->reply.count)
        kbd_fill(m, true);
    else if (k->keys.count)
        machine_timer_arm(&k->deliver, machine_now_ns() + KBD_BYTE_NS);
    return k->obf;
}

static void kbd_write(void *ctx, uint16_t port, uint8_t v)
{
    struct machine *m = ctx;
    struct kbd *k = m->kbd;

    k->last_was_cmd = port == 0x64;
    if (port == 0x64)
        kbd_controller_command(m, v);
    else
        kbd_data_write(m, v);
    kbd_fill(m, false);
}

static int kbd_init(struct machine *m)
{
    struct kbd *k = calloc(1, sizeof(*k));
    int rc;

    if (!k)
        return -ENOMEM;
    m->kbd = k;
    k->cmd_byte = CMD_IRQ | CMD_SYSFLAG | CMD_XLATE;
    k->deliver.fire = kbd_deliver_fire;
    k->repeat.fire = kbd_repeat_fire;
    machine_timer_add(m, &k->deliver);
    machine_timer_add(m, &k->repeat);
    kbd_reset_keyboard(k);
    rc = ioport_register(&m->io, "keyboard data", 0x60, 1, kbd_read, kbd_write, m);
    if (!rc)
        rc = ioport_register(&m->io, "keyboard status", 0x64, 1, kbd_read, kbd_write, m);
    if (rc) {
        free(k);
        m->kbd = NULL;
        return rc;
    }
    m->input_handler = kbd_input;
    return 0;
}

static void kbd_fini(struct machine *m)
{
    free(m->kbd);
    m->kbd = NULL;
}

const struct device_desc kbd_dev = {
    .name = "keyboard controller",
    .init = kbd_init,
    .fini = kbd_fini,
};
