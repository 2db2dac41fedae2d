/* The screen's hand-over from the vCPU thread to the UI thread: a triple buffer filled
 * by a 60 Hz machine timer, so the UI thread never touches guest memory. */
#include <stdlib.h>

#include "bios/bda.h"
#include "hw/vga.h"
#include "ui/ui.h"

void ui_frames_init(struct ui_frames *f)
{
    memset(f->slot, 0, sizeof(f->slot));
    f->back = 0;
    atomic_init(&f->middle, 1u);
    f->front = 2;
    f->seq = 0;
    f->timer = (struct machine_timer){0};
    f->next_ns = 0;
}

static void ui_frames_tick(struct machine *m, void *ctx)
{
    struct ui_frames *f = ctx;
    uint64_t now = machine_now_ns(), period = 1000000000u / UI_FRAME_HZ;

    ui_frames_capture(f, m);
    /* Keep the cadence; after a stall (a long service), start again from now. */
    f->next_ns += period;
    if (f->next_ns <= now)
        f->next_ns = now + period;
    machine_timer_arm(&f->timer, f->next_ns);
}

void ui_frames_attach(struct ui_frames *f, struct machine *m)
{
    f->timer.fire = ui_frames_tick;
    f->timer.ctx = f;
    machine_timer_add(m, &f->timer);
    f->next_ns = machine_now_ns() + 1000000000u / UI_FRAME_HZ;
    machine_timer_arm(&f->timer, f->next_ns);
}

/* Keys in the BDA ring: the paste feeder waits while the program has not read them. */
static uint8_t ui_frames_kbd_keys(const struct machine *m)
{
    unsigned head = bda_read16(m, BDA_KBD_HEAD), tail = bda_read16(m, BDA_KBD_TAIL);
    unsigned start = bda_read16(m, BDA_KBD_START), end = bda_read16(m, BDA_KBD_END);

    if (end <= start || head < start || head >= end || tail < start || tail >= end)
        return 0; /* a program moved the ring somewhere odd: do not guess */
    return (uint8_t)(((tail + (end - start) - head) % (end - start)) / 2);
}

void ui_frames_capture(struct ui_frames *f, const struct machine *m)
{
    struct ui_frame *fr = &f->slot[f->back];

    vga_capture(m, &fr->frame);
    fr->bios_mode = bda_read8(m, BDA_VIDEO_MODE);
    fr->seq = ++f->seq;
    fr->kbd_flags = bda_read8(m, BDA_KBD_FLAGS1);
    fr->kbd_keys = ui_frames_kbd_keys(m);
    /* Release: the frame's contents are visible to whoever acquires the index. */
    f->back = atomic_exchange_explicit(&f->middle, f->back | UI_FRAME_FRESH, memory_order_acq_rel) &
              ~UI_FRAME_FRESH;
}

const struct ui_frame *ui_frames_latest(struct ui_frames *f)
{
    if (atomic_load_explicit(&f->middle, memory_order_relaxed) & UI_FRAME_FRESH)
        f->front =
            atomic_exchange_explicit(&f->middle, f->front, memory_order_acq_rel) & ~UI_FRAME_FRESH;
    return &f->slot[f->front];
}
