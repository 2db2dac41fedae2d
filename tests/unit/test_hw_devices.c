/* The PIT, the PIC pair and the RTC through the port bus, as a program programs them,
 * on a machine whose CPU runs nothing: the acknowledge cycle is called by hand. */
#include <time.h>

#include "hw/pic.h"
#include "hw/rtc.h"
#include "null_cpu.h"
#include "test.h"

static struct machine *machine_new(void)
{
    struct machine_config cfg = {0};
    return test_machine(&cfg);
}

static void out(struct machine *m, uint16_t port, uint8_t v)
{
    ioport_out(&m->io, port, 1, v);
}

static uint8_t in(struct machine *m, uint16_t port)
{
    return (uint8_t)ioport_in(&m->io, port, 1);
}

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, us % 1000000 * 1000};
    nanosleep(&ts, NULL);
}

/* --- PIT ------------------------------------------------------------------------ */

static uint16_t pit_read16(struct machine *m, uint16_t port)
{
    uint8_t lo = in(m, port);
    return (uint16_t)(lo | in(m, port) << 8);
}

static void pit_write16(struct machine *m, uint16_t port, uint16_t v)
{
    out(m, port, (uint8_t)v);
    out(m, port, (uint8_t)(v >> 8));
}

TEST(pit_latched_count_holds_still_until_read)
{
    struct machine *m = machine_new();
    uint16_t first, held, later;

    out(m, 0x43, 0x74); /* channel 1, LSB then MSB, mode 2 */
    pit_write16(m, 0x41, 60000);
    out(m, 0x43, 0x40); /* latch channel 1 */
    first = pit_read16(m, 0x41);
    out(m, 0x43, 0x40);
    sleep_us(5000); /* 5 ms: about 5966 clocks */
    held = pit_read16(m, 0x41);
    later = pit_read16(m, 0x41); /* unlatched: the live count */
    EXPECT(first <= 60000 && first > 0);
    EXPECT(held <= first);
    EXPECT(first - held < 5000);                  /* latched before the sleep */
    EXPECT(held - later >= 5000 || later > held); /* counted on (or wrapped) meanwhile */
    machine_destroy(m);
}

TEST(pit_read_back_gives_status_then_count)
{
    struct machine *m = machine_new();
    uint8_t status;
    uint16_t count;

    out(m, 0x61, (uint8_t)(in(m, 0x61) | 0x01)); /* channel 2's gate up */
    out(m, 0x43, 0xB0);                          /* channel 2, LSB/MSB, mode 0 */
    out(m, 0x43, 0xE8);                          /* read-back: status of channel 2 */
    EXPECT_EQ(in(m, 0x42), 0x70);                /* OUT low, null count, LSB/MSB, mode 0 */
    pit_write16(m, 0x42, 50000);                 /* about 42 ms */
    out(m, 0x43, 0xC8);                          /* read-back: count and status */
    status = in(m, 0x42);
    count = pit_read16(m, 0x42);
    EXPECT_EQ(status, 0x30);                 /* counting, OUT still low */
    EXPECT(count <= 50000 && count > 20000); /* read within 25 ms, even on a loaded host */
    out(m, 0x43, 0xB0);
    pit_write16(m, 0x42, 1000); /* under 1 ms */
    sleep_us(3000);
    out(m, 0x43, 0xE8);
    EXPECT_EQ(in(m, 0x42), 0xB0); /* terminal count: OUT high */
    machine_destroy(m);
}

TEST(pit_mode_3_counts_down_by_two_and_mode_2_by_one)
{
    struct machine *m = machine_new();
    bool even = true, in_range = true;

    out(m, 0x43, 0x76); /* channel 1, mode 3 */
    pit_write16(m, 0x41, 1001);
    for (int i = 0; i < 50; i++) {
        uint16_t c;
        out(m, 0x43, 0x40);
        c = pit_read16(m, 0x41);
        even &= (c & 1) == 0;
        in_range &= c <= 1001 && c >= 2;
    }
    EXPECT(even);
    EXPECT(in_range);
    out(m, 0x43, 0x74); /* mode 2: 1..N, OUT high but for the last clock */
    pit_write16(m, 0x41, 7);
    out(m, 0x43, 0xE4); /* status of channel 1 */
    EXPECT_EQ(in(m, 0x41) & 0x3F, 0x34);
    out(m, 0x43, 0x40);
    EXPECT(pit_read16(m, 0x41) <= 7);
    machine_destroy(m);
}

TEST(pit_bcd_counts_in_decimal_digits)
{
    struct machine *m = machine_new();
    uint16_t c;

    out(m, 0x43, 0x71); /* channel 1, LSB/MSB, mode 0, BCD */
    pit_write16(m, 0x41, 0x9999);
    sleep_us(2000);
    out(m, 0x43, 0x40);
    c = pit_read16(m, 0x41);
    for (int d = 0; d < 4; d++)
        EXPECT(((c >> (d * 4)) & 15) <= 9);
    EXPECT(c < 0x9999 && c > 0x1000); /* 2 ms is about 2400 of 9999; a loaded host sleeps longer */
    machine_destroy(m);
}

TEST(pit_lsb_only_access_reads_one_byte)
{
    struct machine *m = machine_new();

    out(m, 0x43, 0x50); /* channel 1, LSB only, mode 0 */
    out(m, 0x41, 200);
    out(m, 0x43, 0x40);
    EXPECT(in(m, 0x41) <= 200);
    out(m, 0x43, 0xE4);
    EXPECT_EQ(in(m, 0x41) & 0x3F, 0x10); /* LSB only, mode 0, binary */
    machine_destroy(m);
}

/* --- PIC ------------------------------------------------------------------------ */

/* Both PICs as the POST leaves them (vectors 08h and 70h), every IRQ masked but
 * those given. */
static struct machine *pic_machine(uint16_t unmasked)
{
    struct machine *m = machine_new();

    out(m, 0x21, (uint8_t)~unmasked);
    out(m, 0xA1, (uint8_t) ~(unmasked >> 8));
    return m;
}

TEST(pic_masks_read_back_and_hold_requests)
{
    struct machine *m = pic_machine(0);

    out(m, 0x21, 0xB5);
    EXPECT_EQ(in(m, 0x21), 0xB5);
    out(m, 0x21, 0xFF);
    pic_pulse_irq(m, 3);
    EXPECT(pic_irq_pending(m, 3));
    EXPECT_EQ(m->intr_ack(m), -1); /* masked: not delivered */
    out(m, 0x21, 0xF7);            /* unmask IRQ 3: the latched request comes */
    EXPECT(m->intr_line);
    EXPECT_EQ(m->intr_ack(m), 0x0B);
    machine_destroy(m);
}

TEST(pic_higher_priority_first_and_lower_waits_for_eoi)
{
    struct machine *m = pic_machine(0x0018);

    pic_pulse_irq(m, 4);
    pic_pulse_irq(m, 3);
    out(m, 0x20, 0x0A); /* OCW3: read IRR */
    EXPECT_EQ(in(m, 0x20), 0x18);
    EXPECT_EQ(m->intr_ack(m), 0x0B); /* IRQ 3 before IRQ 4 */
    EXPECT_EQ(m->intr_ack(m), -1);   /* IRQ 4 waits while 3 is in service */
    out(m, 0x20, 0x0B);              /* OCW3: read ISR */
    EXPECT_EQ(in(m, 0x20), 0x08);
    out(m, 0x20, 0x20); /* non-specific EOI */
    EXPECT_EQ(m->intr_ack(m), 0x0C);
    out(m, 0x20, 0x20);
    EXPECT_EQ(in(m, 0x20), 0x00); /* ISR empty */
    machine_destroy(m);
}

TEST(pic_higher_priority_nests_and_specific_eoi_ends_one_level)
{
    struct machine *m = pic_machine(0x0012);

    pic_pulse_irq(m, 4);
    EXPECT_EQ(m->intr_ack(m), 0x0C);
    pic_pulse_irq(m, 1); /* higher priority: interrupts the IRQ 4 handler */
    EXPECT_EQ(m->intr_ack(m), 0x09);
    out(m, 0x20, 0x0B);
    EXPECT_EQ(in(m, 0x20), 0x12);
    out(m, 0x20, 0x64); /* specific EOI for IRQ 4 */
    EXPECT_EQ(in(m, 0x20), 0x02);
    out(m, 0x20, 0x61); /* and for IRQ 1 */
    EXPECT_EQ(in(m, 0x20), 0x00);
    machine_destroy(m);
}

TEST(pic_slave_irqs_come_through_irq2_with_its_vectors)
{
    struct machine *m = pic_machine(0x1004); /* IRQ 12 and the cascade */

    pic_pulse_irq(m, 12);
    EXPECT_EQ(m->intr_ack(m), 0x74);
    out(m, 0xA0, 0x0B);
    EXPECT_EQ(in(m, 0xA0), 0x10);
    out(m, 0xA0, 0x20); /* EOI to both, slave first */
    out(m, 0x20, 0x20);
    EXPECT_EQ(in(m, 0xA0), 0x00);
    out(m, 0xA1, 0xFF); /* masked on the slave: nothing reaches the master */
    pic_pulse_irq(m, 12);
    EXPECT_EQ(m->intr_ack(m), -1);
    machine_destroy(m);
}

TEST(pic_set_priority_rotates_the_order)
{
    struct machine *m = pic_machine(0x0022);

    out(m, 0x20, 0xC3); /* IRQ 3 lowest: 4, 5, ..., 1, 2, 3 */
    pic_pulse_irq(m, 1);
    pic_pulse_irq(m, 5);
    EXPECT_EQ(m->intr_ack(m), 0x0D);
    out(m, 0x20, 0x20);
    EXPECT_EQ(m->intr_ack(m), 0x09);
    out(m, 0x20, 0x20);
    out(m, 0x20, 0xC7); /* back to the usual order */
    machine_destroy(m);
}

TEST(pic_reinitialised_with_icws_moves_its_vectors)
{
    struct machine *m = machine_new();

    out(m, 0x20, 0x11);           /* ICW1: cascade, ICW4 */
    out(m, 0x21, 0x50);           /* ICW2: IRQ 0 at 50h */
    out(m, 0x21, 0x04);           /* ICW3 */
    out(m, 0x21, 0x01);           /* ICW4: 8086 */
    EXPECT_EQ(in(m, 0x21), 0x00); /* initialisation clears the mask */
    out(m, 0x21, 0xBF);
    pic_pulse_irq(m, 6);
    EXPECT_EQ(m->intr_ack(m), 0x56);
    machine_destroy(m);
}

/* --- RTC ------------------------------------------------------------------------ */

static uint8_t rtc_reg(struct machine *m, uint8_t reg)
{
    out(m, 0x70, reg);
    return in(m, 0x71);
}

static void rtc_set(struct machine *m, uint8_t reg, uint8_t v)
{
    out(m, 0x70, reg);
    out(m, 0x71, v);
}

static unsigned bcd(uint8_t v)
{
    return (v >> 4) * 10u + (v & 15);
}

static bool same_minute(const struct tm *a, const struct tm *b)
{
    return a->tm_min == b->tm_min && a->tm_hour == b->tm_hour;
}

TEST(rtc_bcd_time_is_the_hosts_local_time)
{
    struct machine *m = machine_new();
    struct tm before, after;
    uint8_t h, min, day, mon, year, cent;
    time_t t;

    for (int tries = 0; tries < 3; tries++) {
        t = time(NULL);
        localtime_r(&t, &before);
        h = rtc_reg(m, 4);
        min = rtc_reg(m, 2);
        day = rtc_reg(m, 7);
        mon = rtc_reg(m, 8);
        year = rtc_reg(m, 9);
        cent = rtc_reg(m, 0x32);
        t = time(NULL);
        localtime_r(&t, &after);
        if (same_minute(&before, &after))
            break;
    }
    EXPECT_EQ(rtc_reg(m, 0x0B) & 0x06, 0x02); /* BCD, 24-hour */
    EXPECT_EQ(bcd(h), before.tm_hour);
    EXPECT_EQ(bcd(min), before.tm_min);
    EXPECT_EQ(bcd(day), before.tm_mday);
    EXPECT_EQ(bcd(mon), before.tm_mon + 1);
    EXPECT_EQ(bcd(cent) * 100 + bcd(year), before.tm_year + 1900);
    EXPECT_EQ(rtc_reg(m, 0x0D), 0x80); /* battery good */
    machine_destroy(m);
}

TEST(rtc_binary_and_12_hour_modes)
{
    struct machine *m = machine_new();
    struct tm now;
    uint8_t h24, h12;
    time_t t;

    rtc_set(m, 0x0B, 0x06); /* binary, 24-hour */
    h24 = rtc_reg(m, 4);
    rtc_set(m, 0x0B, 0x04); /* binary, 12-hour */
    h12 = rtc_reg(m, 4);
    t = time(NULL);
    localtime_r(&t, &now);
    EXPECT(h24 < 24);
    EXPECT(rtc_reg(m, 2) < 60);
    if (h24 == now.tm_hour) { /* not across an hour's change */
        unsigned want = h24 % 12 ? h24 % 12 : 12;
        EXPECT_EQ(h12 & 0x7F, want);
        EXPECT_EQ(!!(h12 & 0x80), h24 >= 12);
    }
    machine_destroy(m);
}

TEST(rtc_time_written_by_the_guest_moves_its_clock_only)
{
    struct machine *m = machine_new();
    struct tm tm;

    rtc_set(m, 0x0B, 0x82); /* SET while writing */
    rtc_set(m, 4, 0x07);    /* 07 hours, BCD */
    rtc_set(m, 2, 0x30);
    rtc_set(m, 0x0B, 0x02);
    EXPECT_EQ(rtc_reg(m, 4), 0x07);
    EXPECT_EQ(rtc_reg(m, 2), 0x30);
    rtc_time_get(m, &tm);
    EXPECT_EQ(tm.tm_hour, 7);
    EXPECT_EQ(tm.tm_min, 30);
    machine_destroy(m);
}

TEST(rtc_cmos_bytes_keep_what_is_written_and_c_clears_on_read)
{
    struct machine *m = machine_new();

    rtc_set(m, 0x40, 0x5A);
    EXPECT_EQ(rtc_reg(m, 0x40), 0x5A);
    rtc_set(m, 0x0D, 0x00); /* read-only */
    EXPECT_EQ(rtc_reg(m, 0x0D), 0x80);
    EXPECT_EQ(rtc_reg(m, 0x0A) & 0x7F, 0x26); /* time base and rate as the POST set */
    EXPECT_EQ(in(m, 0x70), 0xFF);             /* the index port is write-only */
    rtc_reg(m, 0x0C);
    EXPECT_EQ(rtc_reg(m, 0x0C), 0x00);
    machine_destroy(m);
}

TEST_MAIN(T(pit_latched_count_holds_still_until_read), T(pit_read_back_gives_status_then_count),
          T(pit_mode_3_counts_down_by_two_and_mode_2_by_one), T(pit_bcd_counts_in_decimal_digits),
          T(pit_lsb_only_access_reads_one_byte), T(pic_masks_read_back_and_hold_requests),
          T(pic_higher_priority_first_and_lower_waits_for_eoi),
          T(pic_higher_priority_nests_and_specific_eoi_ends_one_level),
          T(pic_slave_irqs_come_through_irq2_with_its_vectors),
          T(pic_set_priority_rotates_the_order), T(pic_reinitialised_with_icws_moves_its_vectors),
          T(rtc_bcd_time_is_the_hosts_local_time), T(rtc_binary_and_12_hour_modes),
          T(rtc_time_written_by_the_guest_moves_its_clock_only),
          T(rtc_cmos_bytes_keep_what_is_written_and_c_clears_on_read))
