/* int 33h: the Microsoft mouse driver interface, as CuteMouse implements it (and Ralf
 * Brown's list where CuteMouse leaves a function out), resident from boot when the
 * machine has a mouse. Positions are in the driver's virtual screen (640 wide; 8
 * pixels a text cell, 16 in 40-column modes), the software text cursor is drawn into
 * video memory (the cell ANDed with the screen mask, XORed with the cursor mask) and
 * taken away again where the program has not overwritten it. The device's reports
 * come in on IRQ 12 (bios/rom.asm), which also calls the program's event handlers.
 *
 * The pointer is absolute: it is where the host's pointer is in the window, mapped
 * onto the virtual screen and kept in the range 07h/08h set. Mickeys are the
 * pointer's travel at the 0Fh ratio; sensitivity and speed thresholds (13h, 1Ah)
 * are kept and reported but cannot change where an absolute pointer is. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bios/bda.h"
#include "bios/bios.h"
#include "hw/mouse.h"
#include "hw/pic.h"
#include "hw/vga.h"

#define INT33_VERSION   0x0705 /* the Microsoft driver version CuteMouse 2.1 imitates */
#define INT33_MAX_CALLS 4      /* the 0Ch/14h handler and three 18h ones */

/* Call mask bits (0Ch, 14h, 18h) and what they are called with in AX. */
#define EV_MOVED      0x01
#define EV_SHIFT_MASK 0xE0 /* 18h: Shift, Ctrl, Alt held during the event */

struct int33_handler {
    uint16_t mask, seg, off;
};

struct int33 {
    /* What int 33h 15h-17h save and restore: 16-bit fields only, in this order. */
    struct int33_state {
        int16_t x, y; /* the pointer, virtual pixels */
        int16_t min_x, max_x, min_y, max_y;
        uint16_t buttons;
        uint16_t presses[3], releases[3];
        int16_t press_x[3], press_y[3], release_x[3], release_y[3];
        int16_t mickey_x, mickey_y;
        uint16_t ratio_x, ratio_y; /* mickeys per 8 pixels */
        uint16_t hidden;           /* 0: shown; counts hides */
        uint16_t hw_cursor;        /* 0Ah BX */
        uint16_t and_mask, xor_mask;
        int16_t hot_x, hot_y;
        uint16_t screen_mask[16], cursor_mask[16];
        int16_t excl_x1, excl_y1, excl_x2, excl_y2; /* 10h; excl_y2 < excl_y1: none */
        uint16_t user_mask, user_seg, user_off;
        uint16_t alt_mask[3], alt_seg[3], alt_off[3];
        uint16_t sens_x, sens_y, threshold, double_speed, rate, page, language;
    } s;
    bool disabled; /* 1Fh */
    /* The virtual screen of the video mode, and the granularity of positions. */
    uint16_t screen_w, screen_h, gran_x, gran_y;
    /* The host pointer at the last report, in 1/65536 virtual pixels; mickey
     * fractions carried over. */
    bool host_seen;
    int64_t host_x, host_y, frac_x, frac_y;
    /* The cursor in video memory: the cell, what was there, and what was drawn. */
    bool drawn, hw_shown;
    uint32_t drawn_at;
    uint16_t saved, drawn_cell;
    /* The handlers this IRQ still calls, with the registers they get. */
    struct int33_call {
        uint16_t seg, off, ax;
    } calls[INT33_MAX_CALLS];
    unsigned ncalls, next_call;
    uint16_t call_bx, call_cx, call_dx, call_si, call_di;
    /* The last 03h answer, to tell a program polling an unchanged mouse. */
    uint32_t last_poll;
};

static const uint16_t int33_default_screen[16] = {
    0x3FFF, 0x1FFF, 0x0FFF, 0x07FF, 0x03FF, 0x01FF, 0x00FF, 0x007F,
    0x003F, 0x001F, 0x01FF, 0x00FF, 0x30FF, 0xF87F, 0xF87F, 0xFCFF,
};
static const uint16_t int33_default_cursor[16] = {
    0x0000, 0x4000, 0x6000, 0x7000, 0x7800, 0x7C00, 0x7E00, 0x7F00,
    0x7F80, 0x7C00, 0x6C00, 0x4600, 0x0600, 0x0300, 0x0300, 0x0000,
};

static bool int33_text_mode(const struct machine *m)
{
    uint8_t mode = bda_read8(m, BDA_VIDEO_MODE);
    return mode <= 3 || mode == 7;
}

static int16_t int33_gx(const struct int33 *d)
{
    return (int16_t)(d->s.x & ~(d->gran_x - 1));
}

static int16_t int33_gy(const struct int33 *d)
{
    return (int16_t)(d->s.y & ~(d->gran_y - 1));
}

/* ---- The cursor ---- */

static void int33_cursor_remove(struct machine *m)
{
    struct int33 *d = m->bios->mouse;

    if (d->drawn && mem_rd16(&m->mem, d->drawn_at) == d->drawn_cell)
        mem_wr16(&m->mem, d->drawn_at, d->saved); /* the program did not write over it */
    d->drawn = false;
    if (d->hw_shown)
        video_sync_crtc(m); /* the BIOS's cursor back where it was */
    d->hw_shown = false;
}

/* Draws the cursor where the pointer is, if it is shown: the software text cursor
 * into video memory, the hardware one through the CRTC. Graphics modes have no
 * cursor here yet (the video device draws no graphics modes). */
static void int33_cursor_draw(struct machine *m)
{
    struct int33 *d = m->bios->mouse;
    int16_t x = int33_gx(d), y = int33_gy(d);
    unsigned col, row, cols = video_cols(m), rows = video_rows(m);
    uint32_t cell;

    int33_cursor_remove(m);
    if (d->s.hidden || d->disabled || !int33_text_mode(m))
        return;
    if (x >= d->s.excl_x1 && x <= d->s.excl_x2 && y >= d->s.excl_y1 && y <= d->s.excl_y2)
        return; /* inside the area 10h keeps free */
    col = (unsigned)x / (640u / cols);
    row = (unsigned)y / 8u;
    if (x < 0 || y < 0 || col >= cols || row >= rows)
        return;
    cell = video_cell(m, (uint8_t)d->s.page, row, col);
    if (d->s.hw_cursor) {
        uint16_t at =
            (uint16_t)((cell - video_cell(m, (uint8_t)d->s.page, 0, 0)) / 2 +
                       vga_crtc_get(m, CRTC_START_HI) * 256u + vga_crtc_get(m, CRTC_START_LO));
        vga_crtc_set(m, CRTC_CURSOR_HI, (uint8_t)(at >> 8));
        vga_crtc_set(m, CRTC_CURSOR_LO, (uint8_t)at);
        d->hw_shown = true;
        return;
    }
    d->drawn_at = cell;
    d->saved = mem_rd16(&m->mem, cell);
    d->drawn_cell = (uint16_t)((d->saved & d->s.and_mask) ^ d->s.xor_mask);
    mem_wr16(&m->mem, cell, d->drawn_cell);
    d->drawn = true;
}

/* ---- Position and state ---- */

static int16_t int33_clamp(int v, int lo, int hi)
{
    return (int16_t)(v < lo ? lo : v > hi ? hi : v);
}

static void int33_set_pos(struct int33 *d, int x, int y)
{
    d->s.x = int33_clamp(x, d->s.min_x, d->s.max_x);
    d->s.y = int33_clamp(y, d->s.min_y, d->s.max_y);
}

/* The virtual screen of the current video mode (CuteMouse's table), the full
 * ranges, and the pointer in the middle of it. */
static void int33_setup_video(struct machine *m)
{
    struct int33 *d = m->bios->mouse;
    uint8_t mode = bda_read8(m, BDA_VIDEO_MODE);

    d->screen_w = 640;
    d->gran_x = d->gran_y = 1;
    if (int33_text_mode(m)) {
        d->screen_h = (uint16_t)(video_rows(m) * 8);
        d->gran_x = video_cols(m) <= 40 ? 16 : 8;
        d->gran_y = 8;
    } else if (mode == 0x0F || mode == 0x10) {
        d->screen_h = 350;
    } else if (mode == 0x11 || mode == 0x12) {
        d->screen_h = 480;
    } else {
        d->screen_h = 200;
        if (mode == 0x04 || mode == 0x05 || mode == 0x0D || mode == 0x13)
            d->gran_x = 2; /* two virtual pixels a screen pixel */
    }
    d->s.min_x = d->s.min_y = 0;
    d->s.max_x = (int16_t)(d->screen_w - 1);
    d->s.max_y = (int16_t)(d->screen_h - 1);
    int33_set_pos(d, d->screen_w / 2, d->screen_h / 2);
    d->host_seen = false;
}

/* 00h and 21h: the driver's defaults (the hardware is not touched). */
static void int33_soft_reset(struct machine *m)
{
    struct int33 *d = m->bios->mouse;

    int33_cursor_remove(m);
    memset(&d->s, 0, sizeof(d->s));
    d->s.ratio_x = 8;
    d->s.ratio_y = 16;
    d->s.hidden = 1;
    d->s.and_mask = 0x77FF;
    d->s.xor_mask = 0x7700;
    memcpy(d->s.screen_mask, int33_default_screen, sizeof(d->s.screen_mask));
    memcpy(d->s.cursor_mask, int33_default_cursor, sizeof(d->s.cursor_mask));
    d->s.excl_y1 = 0;
    d->s.excl_y2 = -1;
    d->s.sens_x = d->s.sens_y = d->s.threshold = 50;
    d->s.double_speed = 64;
    d->s.rate = 4; /* 100 reports a second, the PS/2 default */
    d->s.page = bda_read8(m, BDA_VIDEO_PAGE);
    d->s.buttons = mouse_state(m).buttons;
    d->frac_x = d->frac_y = 0;
    int33_setup_video(m);
}

/* A report from the device: the new position, the mickeys travelled, the buttons.
 * Returns the events (call mask bits). */
static uint16_t int33_report(struct machine *m, const struct mouse_report *rep)
{
    struct int33 *d = m->bios->mouse;
    int64_t hx = (int64_t)rep->x * d->screen_w, hy = (int64_t)rep->y * d->screen_h;
    int64_t dx, dy, mx, my;
    int16_t old_x = int33_gx(d), old_y = int33_gy(d);
    uint16_t ev = 0;

    /* The first report moves from where the driver's pointer is. */
    dx = d->host_seen ? hx - d->host_x : hx - (int64_t)d->s.x * INPUT_MOUSE_SCALE;
    dy = d->host_seen ? hy - d->host_y : hy - (int64_t)d->s.y * INPUT_MOUSE_SCALE;
    d->host_x = hx;
    d->host_y = hy;
    d->host_seen = true;
    d->frac_x += dx * d->s.ratio_x;
    d->frac_y += dy * d->s.ratio_y;
    mx = d->frac_x / (8 * (int64_t)INPUT_MOUSE_SCALE);
    my = d->frac_y / (8 * (int64_t)INPUT_MOUSE_SCALE);
    d->frac_x -= mx * 8 * (int64_t)INPUT_MOUSE_SCALE;
    d->frac_y -= my * 8 * (int64_t)INPUT_MOUSE_SCALE;
    d->s.mickey_x = (int16_t)(d->s.mickey_x + mx);
    d->s.mickey_y = (int16_t)(d->s.mickey_y + my);
    int33_set_pos(d, (int)(hx / INPUT_MOUSE_SCALE), (int)(hy / INPUT_MOUSE_SCALE));
    if (mx || my || int33_gx(d) != old_x || int33_gy(d) != old_y)
        ev |= EV_MOVED;
    for (unsigned b = 0; b < 3; b++) {
        bool was = d->s.buttons & (1u << b), is = rep->buttons & (1u << b);
        if (was == is)
            continue;
        if (is) {
            d->s.presses[b]++;
            d->s.press_x[b] = int33_gx(d);
            d->s.press_y[b] = int33_gy(d);
            ev |= (uint16_t)(2u << (2 * b));
        } else {
            d->s.releases[b]++;
            d->s.release_x[b] = int33_gx(d);
            d->s.release_y[b] = int33_gy(d);
            ev |= (uint16_t)(4u << (2 * b));
        }
    }
    d->s.buttons = rep->buttons;
    if (ev & EV_MOVED)
        int33_cursor_draw(m);
    return ev;
}

/* The handlers an event calls: the 0Ch/14h one for the events in its mask, and each
 * 18h one whose Shift/Ctrl/Alt combination is the one held. */
static void int33_plan_calls(struct machine *m, uint16_t ev)
{
    struct int33 *d = m->bios->mouse;
    uint8_t kf = bda_read8(m, BDA_KBD_FLAGS1);
    uint16_t shift =
        (uint16_t)((kf & 0x03 ? 0x20 : 0) | (kf & 0x04 ? 0x40 : 0) | (kf & 0x08 ? 0x80 : 0));

    d->ncalls = d->next_call = 0;
    if (!ev)
        return;
    if (ev & d->s.user_mask && (d->s.user_seg || d->s.user_off))
        d->calls[d->ncalls++] =
            (struct int33_call){d->s.user_seg, d->s.user_off, (uint16_t)(ev & d->s.user_mask)};
    for (unsigned i = 0; i < 3; i++) {
        uint16_t mask = d->s.alt_mask[i];
        if (!mask || (mask & EV_SHIFT_MASK) != shift || !(ev & mask & 0x1F))
            continue;
        d->calls[d->ncalls++] = (struct int33_call){d->s.alt_seg[i], d->s.alt_off[i],
                                                    (uint16_t)((ev & mask & 0x1F) | shift)};
    }
    d->call_bx = d->s.buttons;
    d->call_cx = (uint16_t)int33_gx(d);
    d->call_dx = (uint16_t)int33_gy(d);
    d->call_si = (uint16_t)d->s.mickey_x;
    d->call_di = (uint16_t)d->s.mickey_y;
}

/* ROM call: the next handler for the IRQ handler to call (ZF=0, ES:BP and the
 * handler's registers), or ZF=1. */
static void int33_next_call(struct machine *m, struct cpu_regs *r)
{
    struct int33 *d = m->bios->mouse;

    if (!d || d->next_call >= d->ncalls) {
        r->flags |= FLAG_ZF;
        return;
    }
    r->flags &= ~FLAG_ZF;
    r->es = d->calls[d->next_call].seg;
    r->bp = d->calls[d->next_call].off;
    r->ax = d->calls[d->next_call].ax;
    r->bx = d->call_bx;
    r->cx = d->call_cx;
    r->dx = d->call_dx;
    r->si = d->call_si;
    r->di = d->call_di;
    r->ds = ROM_SEG; /* the driver's data segment */
    d->next_call++;
}

/* ROM call from IRQ 12: the device's report. */
static void int33_irq(struct machine *m, struct cpu_regs *r)
{
    struct int33 *d = m->bios->mouse;
    struct mouse_report rep;
    uint16_t ev = 0;

    if (d) {
        d->ncalls = d->next_call = 0;
        if (mouse_take(m, &rep) && !d->disabled)
            ev = int33_report(m, &rep);
        int33_plan_calls(m, ev);
    }
    int33_next_call(m, r);
}

/* ---- Functions ---- */

static uint16_t *int33_state_word(struct int33 *d, unsigned i)
{
    return (uint16_t *)&d->s + i;
}

#define INT33_STATE_WORDS (sizeof(struct int33_state) / 2)

/* After 17h: a state from guest memory, made safe to use. */
static void int33_state_check(struct int33 *d)
{
    struct int33_state *s = &d->s;

    if (s->min_x > s->max_x)
        s->max_x = s->min_x;
    if (s->min_y > s->max_y)
        s->max_y = s->min_y;
    int33_set_pos(d, s->x, s->y);
    s->buttons &= 7;
    if (!s->ratio_x)
        s->ratio_x = 8;
    if (!s->ratio_y)
        s->ratio_y = 16;
    if (s->page > 7)
        s->page = 0;
    d->host_seen = false;
}

static void int33_buttons_data(struct int33 *d, struct cpu_regs *r, bool press)
{
    unsigned b = r->bx;

    r->ax = d->s.buttons;
    if (b > 2) {
        r->bx = r->cx = r->dx = 0;
        return;
    }
    r->bx = press ? d->s.presses[b] : d->s.releases[b];
    r->cx = (uint16_t)(press ? d->s.press_x[b] : d->s.release_x[b]);
    r->dx = (uint16_t)(press ? d->s.press_y[b] : d->s.release_y[b]);
    if (press)
        d->s.presses[b] = 0;
    else
        d->s.releases[b] = 0;
}

static void int33_set_alt(struct int33 *d, struct cpu_regs *r)
{
    uint16_t shift = r->cx & EV_SHIFT_MASK;
    int free_slot = -1;

    if (!shift) {
        r->ax = 0xFFFF; /* an alternate handler needs Shift, Ctrl or Alt */
        return;
    }
    for (int i = 0; i < 3; i++) {
        if (d->s.alt_mask[i] && (d->s.alt_mask[i] & EV_SHIFT_MASK) == shift) {
            free_slot = i; /* the same combination: replaced (0:0 removes it) */
            break;
        }
        if (!d->s.alt_mask[i] && free_slot < 0)
            free_slot = i;
    }
    if (free_slot < 0) {
        r->ax = 0xFFFF;
        return;
    }
    if (!r->es && !r->dx)
        d->s.alt_mask[free_slot] = 0;
    else
        d->s.alt_mask[free_slot] = r->cx;
    d->s.alt_seg[free_slot] = r->es;
    d->s.alt_off[free_slot] = r->dx;
    r->ax = 0x0018;
}

static void int33_get_alt(struct int33 *d, struct cpu_regs *r)
{
    for (int i = 0; i < 3; i++) {
        if (d->s.alt_mask[i] && (d->s.alt_mask[i] & EV_SHIFT_MASK) == (r->cx & EV_SHIFT_MASK)) {
            r->cx = d->s.alt_mask[i];
            r->bx = d->s.alt_seg[i];
            r->dx = d->s.alt_off[i];
            return;
        }
    }
    r->cx = 0;
}

static void int33_service(struct machine *m, struct cpu_regs *r)
{
    struct int33 *d = m->bios->mouse;
    uint32_t buf = cpu_linear(r->es, r->dx);

    switch (r->ax) {
    case 0x00: /* RESET DRIVER AND READ STATUS */
        mouse_set_rate(m, 100);
        /* fall through */
    case 0x21: /* SOFTWARE RESET */
        int33_soft_reset(m);
        d->disabled = false;
        r->ax = 0xFFFF;
        r->bx = (uint16_t)mouse_button_count(m); /* 2 or 3, as CuteMouse says it */
        break;
    case 0x01: /* SHOW CURSOR */
        if (d->s.hidden)
            d->s.hidden--;
        d->s.excl_y2 = (int16_t)(d->s.excl_y1 - 1); /* showing ends the exclusion area */
        int33_cursor_draw(m);
        break;
    case 0x02: /* HIDE CURSOR */
        if (d->s.hidden < 255)
            d->s.hidden++;
        int33_cursor_draw(m);
        break;
    case 0x03: /* GET POSITION AND BUTTONS */
        r->bx = d->s.buttons;
        r->cx = (uint16_t)int33_gx(d);
        r->dx = (uint16_t)int33_gy(d);
        /* A program polling a mouse that does not move is waiting for it. */
        if (d->last_poll == ((uint32_t)r->bx << 24 ^ (uint32_t)r->cx << 12 ^ r->dx))
            machine_poll_empty(m);
        else
            machine_poll_hit(m);
        d->last_poll = (uint32_t)r->bx << 24 ^ (uint32_t)r->cx << 12 ^ r->dx;
        break;
    case 0x04: /* SET POSITION */
        int33_set_pos(d, (int16_t)r->cx, (int16_t)r->dx);
        d->frac_x = d->frac_y = 0;
        int33_cursor_draw(m);
        break;
    case 0x05: /* GET BUTTON PRESS DATA */ int33_buttons_data(d, r, true); break;
    case 0x06: /* GET BUTTON RELEASE DATA */ int33_buttons_data(d, r, false); break;
    case 0x07: /* SET HORIZONTAL RANGE */
    case 0x08: /* SET VERTICAL RANGE */ {
        int16_t lo = (int16_t)r->cx, hi = (int16_t)r->dx;
        if (lo > hi) {
            int16_t s = lo;
            lo = hi;
            hi = s;
        }
        if (r->ax == 0x07) {
            d->s.min_x = lo;
            d->s.max_x = hi;
        } else {
            d->s.min_y = lo;
            d->s.max_y = hi;
        }
        int33_set_pos(d, d->s.x, d->s.y);
        int33_cursor_draw(m);
        break;
    }
    case 0x09: /* DEFINE GRAPHICS CURSOR: kept for the graphics modes */
        d->s.hot_x = (int16_t)r->bx;
        d->s.hot_y = (int16_t)r->cx;
        for (unsigned i = 0; i < 16; i++) {
            d->s.screen_mask[i] = mem_rd16(&m->mem, buf + i * 2);
            d->s.cursor_mask[i] = mem_rd16(&m->mem, buf + 32 + i * 2);
        }
        int33_cursor_draw(m);
        break;
    case 0x0A: /* DEFINE TEXT CURSOR */
        int33_cursor_remove(m);
        d->s.hw_cursor = r->bx != 0;
        d->s.and_mask = r->cx;
        d->s.xor_mask = r->dx;
        if (d->s.hw_cursor)
            video_set_cursor_shape(m, r->cl, r->dl); /* the scan lines */
        int33_cursor_draw(m);
        break;
    case 0x0B: /* READ MOTION COUNTERS */
        r->cx = (uint16_t)d->s.mickey_x;
        r->dx = (uint16_t)d->s.mickey_y;
        d->s.mickey_x = d->s.mickey_y = 0;
        break;
    case 0x0C: /* DEFINE USER HANDLER */
        d->s.user_mask = r->cx;
        d->s.user_seg = r->es;
        d->s.user_off = r->dx;
        break;
    case 0x0D: /* LIGHT PEN EMULATION ON */
    case 0x0E: /* LIGHT PEN EMULATION OFF: there is no light pen to emulate */ break;
    case 0x0F: /* SET MICKEY/PIXEL RATIO */
        if (r->cx && r->dx) {
            d->s.ratio_x = r->cx;
            d->s.ratio_y = r->dx;
        }
        break;
    case 0x10: /* DEFINE EXCLUSION AREA */ {
        int16_t x1 = (int16_t)r->cx, y1 = (int16_t)r->dx, x2 = (int16_t)r->si, y2 = (int16_t)r->di;
        d->s.excl_x1 = x1 < x2 ? x1 : x2;
        d->s.excl_x2 = x1 < x2 ? x2 : x1;
        d->s.excl_y1 = y1 < y2 ? y1 : y2;
        d->s.excl_y2 = y1 < y2 ? y2 : y1;
        int33_cursor_draw(m);
        break;
    }
    case 0x13: /* SET DOUBLE-SPEED THRESHOLD */ d->s.double_speed = r->dx ? r->dx : 64; break;
    case 0x14: /* EXCHANGE USER HANDLERS */ {
        struct int33_handler old = {d->s.user_mask, d->s.user_seg, d->s.user_off};
        d->s.user_mask = r->cx;
        d->s.user_seg = r->es;
        d->s.user_off = r->dx;
        r->cx = old.mask;
        r->es = old.seg;
        r->dx = old.off;
        break;
    }
    case 0x15: /* GET STATE STORAGE SIZE */ r->bx = (uint16_t)sizeof(struct int33_state); break;
    case 0x16: /* SAVE STATE */
        for (unsigned i = 0; i < INT33_STATE_WORDS; i++)
            mem_wr16(&m->mem, buf + i * 2, *int33_state_word(d, i));
        break;
    case 0x17: /* RESTORE STATE */
        int33_cursor_remove(m);
        for (unsigned i = 0; i < INT33_STATE_WORDS; i++)
            *int33_state_word(d, i) = mem_rd16(&m->mem, buf + i * 2);
        int33_state_check(d);
        int33_cursor_draw(m);
        break;
    case 0x18: /* SET ALTERNATE USER HANDLER */ int33_set_alt(d, r); break;
    case 0x19: /* GET ALTERNATE USER HANDLER */ int33_get_alt(d, r); break;
    case 0x1A: /* SET SENSITIVITY: 1-100, others are ignored */
        if (r->bx >= 1 && r->bx <= 100)
            d->s.sens_x = r->bx;
        if (r->cx >= 1 && r->cx <= 100)
            d->s.sens_y = r->cx;
        if (r->dx >= 1 && r->dx <= 100)
            d->s.threshold = r->dx;
        break;
    case 0x1B: /* GET SENSITIVITY */
        r->bx = d->s.sens_x;
        r->cx = d->s.sens_y;
        r->dx = d->s.threshold;
        break;
    case 0x1C: /* SET INTERRUPT RATE: 1-4 are 30, 50, 100, 200 a second */ {
        static const unsigned rates[5] = {0, 30, 50, 100, 200};
        if (r->bx >= 1 && r->bx <= 4) {
            d->s.rate = r->bx;
            mouse_set_rate(m, rates[r->bx]);
        }
        break;
    }
    case 0x1D: /* SET DISPLAY PAGE: the page the cursor is drawn on */
        int33_cursor_remove(m);
        d->s.page = r->bl & 7;
        int33_cursor_draw(m);
        break;
    case 0x1E: /* GET DISPLAY PAGE */ r->bx = d->s.page; break;
    case 0x1F: /* DISABLE DRIVER */
        int33_cursor_remove(m);
        d->disabled = true;
        r->es = 0; /* no driver was here before */
        r->bx = 0;
        break;
    case 0x20: /* ENABLE DRIVER */
        d->disabled = false;
        int33_cursor_draw(m);
        break;
    case 0x22: /* SET LANGUAGE */ d->s.language = r->bx; break;
    case 0x23: /* GET LANGUAGE: messages in English only */ r->bx = 0; break;
    case 0x24: /* GET VERSION, MOUSE TYPE AND IRQ */
        r->bx = INT33_VERSION;
        r->ch = 4; /* PS/2 */
        r->cl = 0; /* PS/2 mice have no IRQ number here */
        break;
    case 0x26: /* GET MAXIMUM VIRTUAL COORDINATES */
        r->bx = d->disabled ? 0xFFFF : 0;
        r->cx = (uint16_t)(d->screen_w - 1);
        r->dx = (uint16_t)(d->screen_h - 1);
        break;
    default: log_debug(&m->log, LOG_MOUSE, "int 33h AX=%04X: unknown function", r->ax); break;
    }
}

void int33_video_changing(struct machine *m)
{
    if (m->bios->mouse)
        int33_cursor_remove(m);
}

void int33_video_changed(struct machine *m)
{
    struct int33 *d = m->bios->mouse;

    if (!d)
        return;
    d->drawn = d->hw_shown = false;
    d->s.hidden = 1; /* as CuteMouse does after a mode set */
    int33_setup_video(m);
}

void int33_virtual_screen(const struct machine *m, unsigned *w, unsigned *h)
{
    const struct int33 *d = m->bios->mouse;

    *w = d ? d->screen_w : 640;
    *h = d ? d->screen_h : 200;
}

int int33_init(struct machine *m)
{
    if (!m->mouse)
        return 0; /* --no-mouse: int 33h stays without a service, AX=0 on reset */
    m->bios->mouse = calloc(1, sizeof(*m->bios->mouse));
    if (!m->bios->mouse)
        return -ENOMEM;
    machine_set_int_service(m, 0x33, int33_service);
    machine_set_rom_service(m, RC_MOUSE_EVENT, int33_irq);
    machine_set_rom_service(m, RC_MOUSE_NEXT, int33_next_call);
    return 0;
}

/* At POST, once the video mode is set: the driver's defaults. */
void int33_post(struct machine *m)
{
    if (m->bios->mouse)
        int33_soft_reset(m);
}

void int33_fini(struct machine *m)
{
    free(m->bios->mouse);
    m->bios->mouse = NULL;
}
