/* The screen's hand-over between threads: every frame the UI thread takes is one whole
 * capture (no cell from another one), frames only move forward, and the keyboard state
 * travels with them. Run under TSan by scripts/test.sh. */
#include <pthread.h>
#include <stdlib.h>

#include "bios/bda.h"
#include "null_cpu.h"
#include "test.h"
#include "ui/ui.h"

#define CAPTURES 5000

struct producer {
    struct machine *m;
    struct ui_frames *f;
};

/* The vCPU thread's part: change every cell, then capture. */
static void *produce(void *arg)
{
    struct producer *p = arg;

    for (unsigned i = 1; i <= CAPTURES; i++) {
        for (uint32_t a = 0xB8000; a < 0xB8000 + 80 * 25 * 2; a += 2) {
            p->m->mem.ram[a] = (uint8_t)i;
            p->m->mem.ram[a + 1] = (uint8_t)(i >> 8);
        }
        bda_write8(p->m, BDA_KBD_FLAGS1, (uint8_t)i);
        ui_frames_capture(p->f, p->m);
    }
    return NULL;
}

TEST(test_frames_are_whole_captures_in_order)
{
    struct machine_config cfg = {0};
    struct machine *m = test_machine(&cfg);
    struct ui_frames *f = malloc(sizeof(*f));
    struct producer p = {m, f};
    uint64_t last = 0, seen = 0;
    int torn = 0, backwards = 0, flags = 0;
    pthread_t t;

    ui_frames_init(f);
    EXPECT_EQ(ui_frames_latest(f)->seq, 0);
    pthread_create(&t, NULL, produce, &p);
    while (last < CAPTURES) {
        const struct ui_frame *fr = ui_frames_latest(f);
        uint16_t want = (uint16_t)fr->seq;

        if (fr->seq < last)
            backwards++;
        if (fr->seq != last && fr->seq) {
            seen++;
            for (int i = 0; i < 80 * 25; i++)
                torn += fr->frame.cells[i] != want;
            flags += fr->kbd_flags != (uint8_t)fr->seq;
        }
        last = fr->seq;
    }
    pthread_join(t, NULL);
    EXPECT_EQ(torn, 0);
    EXPECT_EQ(backwards, 0);
    EXPECT_EQ(flags, 0);
    EXPECT(seen > 1);
    EXPECT_EQ(ui_frames_latest(f)->seq, CAPTURES);
    EXPECT_EQ(ui_frames_latest(f)->frame.cols, 80);
    free(f);
    machine_destroy(m);
}

TEST(test_frames_count_keys_waiting_in_bios_ring)
{
    struct machine_config cfg = {0};
    struct machine *m = test_machine(&cfg);
    struct ui_frames *f = malloc(sizeof(*f));
    uint16_t head = bda_read16(m, BDA_KBD_HEAD);

    ui_frames_init(f);
    ui_frames_capture(f, m);
    EXPECT_EQ(ui_frames_latest(f)->kbd_keys, 0);
    bda_write16(m, BDA_KBD_TAIL, (uint16_t)(head + 6));
    ui_frames_capture(f, m);
    EXPECT_EQ(ui_frames_latest(f)->kbd_keys, 3);
    /* Wrapped around the end of the ring. */
    bda_write16(m, BDA_KBD_HEAD, (uint16_t)(bda_read16(m, BDA_KBD_END) - 2));
    bda_write16(m, BDA_KBD_TAIL, (uint16_t)(bda_read16(m, BDA_KBD_START) + 2));
    ui_frames_capture(f, m);
    EXPECT_EQ(ui_frames_latest(f)->kbd_keys, 2);
    free(f);
    machine_destroy(m);
}

TEST_MAIN(T(test_frames_are_whole_captures_in_order),
          T(test_frames_count_keys_waiting_in_bios_ring))
