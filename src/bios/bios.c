/* The BIOS module: POST, and the small services (int 11h, 12h, 15h, 19h) that need no
 * file of their own. */
#include <errno.h>
#include <stdlib.h>

#include "bios/bda.h"
#include "bios/bios.h"
#include "hw/vga.h"

static void bios_out(struct machine *m, uint16_t port, uint8_t v)
{
    ioport_out(&m->io, port, 1, v);
}

/* The hardware as an AT BIOS leaves it: the PICs on vectors 08h and 70h with the
 * timer, keyboard, cascade and clock unmasked, and the timer at 18.2 Hz. */
static void bios_post_hardware(struct machine *m)
{
    static const uint8_t pic_init[][2] = {
        {0x20, 0x11}, {0x21, 0x08}, {0x21, 0x04}, {0x21, 0x01}, /* master: ICW1-4 */
        {0xA0, 0x11}, {0xA1, 0x70}, {0xA1, 0x02}, {0xA1, 0x01}, /* slave */
        {0x21, 0xB8}, {0xA1, 0xFE},                             /* masks */
    };
    static const uint8_t pit_init[][2] = {
        {0x43, 0x36}, {0x40, 0x00}, {0x40, 0x00}, /* channel 0: mode 3, 65536 */
        {0x43, 0x54}, {0x41, 18},                 /* channel 1: refresh, 15 us */
        {0x43, 0xB6}, {0x42, 0x33}, {0x42, 0x05}, /* channel 2: the 896 Hz beep */
    };

    for (size_t i = 0; i < sizeof(pic_init) / sizeof(pic_init[0]); i++)
        bios_out(m, pic_init[i][0], pic_init[i][1]);
    for (size_t i = 0; i < sizeof(pit_init) / sizeof(pit_init[0]); i++)
        bios_out(m, pit_init[i][0], pit_init[i][1]);
    if (m->mouse)
        bios_out(m, 0xA1, 0xEE); /* IRQ 12 too: the mouse driver is resident */
}

/* POST: every IVT entry from the ROM's vector table, then the BDA basics. */
static void bios_post(struct machine *m, struct cpu_regs *r)
{
    uint32_t table = MEMMAP_ROM_BASE + m->rom.vector_table;

    bios_post_hardware(m);
    for (unsigned v = 0; v < 256; v++) {
        mem_wr16(&m->mem, v * 4, mem_rd16(&m->mem, table + v * 2));
        mem_wr16(&m->mem, v * 4 + 2, ROM_SEG);
    }
    /* Table pointers rather than code: no video parameter or diskette tables; the
     * 8x8 font's upper half for graphics modes (int 1Fh) and the whole of it, whose
     * lower half the CGA had in its ROM, for int 43h. */
    mem_wr32(&m->mem, 0x1D * 4, 0);
    mem_wr32(&m->mem, 0x1E * 4, 0);
    mem_wr32(&m->mem, 0x1F * 4, (uint32_t)ROM_SEG << 16 | (uint16_t)(m->rom.font_8x8 + 128 * 8));
    mem_wr32(&m->mem, 0x43 * 4, (uint32_t)ROM_SEG << 16 | m->rom.font_8x8);

    mem_fill(&m->mem, BDA_BASE, 0, 0x100);
    /* Equipment: video set by the mode below, x87 bit 1, no floppies or ports. */
    bda_write16(m, BDA_EQUIPMENT, m->bios->fpu ? 0x0002 : 0x0000);
    bda_write16(m, BDA_MEMORY_KB, 640);
    bda_write16(m, BDA_KBD_START, BDA_KBD_RING);
    bda_write16(m, BDA_KBD_END, BDA_KBD_RING + 32);
    bda_write16(m, BDA_KBD_HEAD, BDA_KBD_RING);
    bda_write16(m, BDA_KBD_TAIL, BDA_KBD_RING);
    bda_write8(m, BDA_KBD_FLAGS3, 0x10); /* a 101/102-key keyboard */
    bda_write32(m, BDA_TICKS, bios_ticks_since_midnight());
    video_set_mode(m, 0x03);
    int33_post(m);
}

static void int11_service(struct machine *m, struct cpu_regs *r)
{
    r->ax = bda_read16(m, BDA_EQUIPMENT);
}

static void int12_service(struct machine *m, struct cpu_regs *r)
{
    r->ax = bda_read16(m, BDA_MEMORY_KB);
}

/* int 15h AH=83h: the event wait's end sets bit 7 of the caller's byte. */
static void bios_event_fire(struct machine *m, void *ctx)
{
    struct bios *b = m->bios;

    mem_wr8(&m->mem, b->event_flag, mem_rd8(&m->mem, b->event_flag) | 0x80);
    bda_write8(m, BDA_WAIT_ACTIVE, bda_read8(m, BDA_WAIT_ACTIVE) & ~0x01);
}

/* AH=86h: wait CX:DX microseconds. The guest sleeps with interrupts on (its timer
 * hooks keep running) and the call comes back until the time is up; the caller's
 * stack tells a retry from a new call. */
static void int15_wait(struct machine *m, struct cpu_regs *r)
{
    struct bios *b = m->bios;
    uint64_t now = machine_now_ns();
    uint32_t id = cpu_linear(r->ss, r->sp);

    if (!b->wait_active || b->wait_id != id) {
        b->wait_active = true;
        b->wait_id = id;
        b->wait_end = now + ((uint64_t)r->cx << 16 | r->dx) * 1000u;
        bda_write8(m, BDA_WAIT_ACTIVE, bda_read8(m, BDA_WAIT_ACTIVE) | 0x01);
    }
    if (now >= b->wait_end) {
        b->wait_active = false;
        bda_write8(m, BDA_WAIT_ACTIVE, bda_read8(m, BDA_WAIT_ACTIVE) & ~0x01);
        r->ah = 0;
        r->flags &= ~FLAG_CF;
        return;
    }
    machine_wait_until(m, r, b->wait_end);
}

/* AH=87h: copy CX words between the addresses in the descriptor table at ES:SI (the
 * source descriptor at +10h, the destination at +18h: base bits 0-23 at +2, 24-31 at
 * +7 as a 386 has them), anywhere in physical memory. As on an AT the copy runs with
 * A20 on (the HMA is its own RAM), and memory that is not there reads FFh. */
static void int15_move(struct machine *m, struct cpu_regs *r)
{
    uint32_t gdt = cpu_linear(r->es, r->si);
    uint32_t src =
        (mem_rd32(&m->mem, gdt + 0x12) & 0xFFFFFF) | (uint32_t)mem_rd8(&m->mem, gdt + 0x17) << 24;
    uint32_t dst =
        (mem_rd32(&m->mem, gdt + 0x1A) & 0xFFFFFF) | (uint32_t)mem_rd8(&m->mem, gdt + 0x1F) << 24;

    if (r->cx > 0x8000) {
        r->ah = 0x02; /* what a protected-mode fault would give */
        r->flags |= FLAG_CF;
        return;
    }
    memmap_phys_move(&m->memmap, dst, src, r->cx * 2u);
    r->ah = 0;
    r->flags &= ~FLAG_CF;
}

/* Extended memory in KiB from 1 MiB up. */
static uint32_t bios_ext_kb(const struct machine *m)
{
    return (m->memmap.ext_end - MEMMAP_HMA_BASE) / 1024;
}

/* AX=E820h: the physical memory map, one entry per call (EBX continues, 0 after the
 * last): conventional memory, the ROM, extended memory. */
static void int15_e820(struct machine *m, struct cpu_regs *r)
{
    const uint32_t map[][3] = {
        {0, MEMMAP_VRAM_BASE, 1},
        {MEMMAP_ROM_BASE, MEMMAP_ROM_SIZE, 2},
        {MEMMAP_HMA_BASE, m->memmap.ext_end - MEMMAP_HMA_BASE, 1},
    };
    const unsigned n = sizeof(map) / sizeof(map[0]);
    uint32_t buf = cpu_linear(r->es, r->di);

    if (r->edx != 0x534D4150 || r->ebx >= n || r->ecx < 20) { /* 'SMAP' */
        r->ah = 0x86;
        r->flags |= FLAG_CF;
        return;
    }
    mem_wr32(&m->mem, buf, map[r->ebx][0]);
    mem_wr32(&m->mem, buf + 4, 0);
    mem_wr32(&m->mem, buf + 8, map[r->ebx][1]);
    mem_wr32(&m->mem, buf + 12, 0);
    mem_wr32(&m->mem, buf + 16, map[r->ebx][2]);
    r->eax = 0x534D4150;
    r->ecx = 20;
    r->ebx = r->ebx + 1 < n ? r->ebx + 1 : 0;
    r->flags &= ~FLAG_CF;
}

static void int15_service(struct machine *m, struct cpu_regs *r)
{
    struct bios *b = m->bios;

    switch (r->ah) {
    case 0x24: /* A20 GATE */
        switch (r->al) {
        case 0x00: machine_set_a20(m, false); break;
        case 0x01: machine_set_a20(m, true); break;
        case 0x02: r->al = m->mem.a20; break;
        case 0x03: r->bx = 0x0003; break; /* keyboard controller and port 92h */
        default:
            r->ah = 0x86;
            r->flags |= FLAG_CF;
            return;
        }
        r->ah = 0;
        r->flags &= ~FLAG_CF;
        return;
    case 0x10: /* TopView / DESQview */
        if (r->al != 0x00)
            break;
        /* PAUSE: give up the time slice. There is no other task: the host naps. */
        machine_poll_yield(m);
        return;
    case 0x4F: /* KEYBOARD INTERCEPT: keep the key */ r->flags |= FLAG_CF; return;
    case 0x80: /* DEVICE OPEN */
    case 0x81: /* DEVICE CLOSE */
    case 0x82: /* PROCESS TERMINATION */
    case 0x85: /* SYSREQ KEY: nobody listens */
    case 0x90: /* DEVICE BUSY */
    case 0x91: /* INTERRUPT COMPLETE */
        r->ah = 0;
        r->flags &= ~FLAG_CF;
        return;
    case 0x83: /* EVENT WAIT */
        if (r->al == 0x01) {
            machine_timer_arm(&b->event, 0);
            bda_write8(m, BDA_WAIT_ACTIVE, bda_read8(m, BDA_WAIT_ACTIVE) & ~0x01);
            r->flags &= ~FLAG_CF;
            return;
        }
        if (bda_read8(m, BDA_WAIT_ACTIVE) & 0x01) {
            r->flags |= FLAG_CF; /* one is running */
            return;
        }
        b->event_flag = cpu_linear(r->es, r->bx);
        bda_write8(m, BDA_WAIT_ACTIVE, bda_read8(m, BDA_WAIT_ACTIVE) | 0x01);
        machine_timer_arm(&b->event, machine_now_ns() + ((uint64_t)r->cx << 16 | r->dx) * 1000u);
        r->flags &= ~FLAG_CF;
        return;
    case 0x86: /* WAIT */ int15_wait(m, r); return;
    case 0x87: /* MOVE EXTENDED MEMORY BLOCK */ int15_move(m, r); return;
    case 0x88: { /* EXTENDED MEMORY SIZE: as CMOS has it, at most 63 MiB as most BIOSes
                    report (XMS takes this over and reports 0) */
        uint32_t kb = bios_ext_kb(m);
        r->ax = (uint16_t)(kb > 0xFFC0 ? 0xFFC0 : kb);
        r->flags &= ~FLAG_CF;
        return;
    }
    case 0xE8:
        if (r->al == 0x01) { /* GET MEMORY SIZE FOR >64M: KiB 1-16 MiB, 64 KiB above */
            uint32_t kb = bios_ext_kb(m), low = kb > 0x3C00 ? 0x3C00 : kb;
            uint32_t high =
                m->memmap.ext_end > 0x1000000 ? (m->memmap.ext_end - 0x1000000) >> 16 : 0;
            r->ax = r->cx = (uint16_t)low;
            r->bx = r->dx = (uint16_t)(high > 0xFFFF ? 0xFFFF : high);
            r->flags &= ~FLAG_CF;
            return;
        }
        if (r->al == 0x20) { /* GET SYSTEM MEMORY MAP */
            int15_e820(m, r);
            return;
        }
        log_debug(&m->log, LOG_INT, "int 15h AX=%04X: unknown function", r->ax);
        r->ah = 0x86;
        r->flags |= FLAG_CF;
        return;
    case 0xC0: /* GET CONFIGURATION */
        r->es = ROM_SEG;
        r->bx = m->rom.config_table;
        r->ah = 0;
        r->flags &= ~FLAG_CF;
        return;
    default: break;
    }
    log_debug(&m->log, LOG_INT, "int 15h AX=%04X: unknown function", r->ax);
    r->ah = 0x86; /* function not supported */
    r->flags |= FLAG_CF;
}

/* int 19h (bootstrap) and int 18h (ROM BASIC): there is nothing to boot into. */
static void int19_service(struct machine *m, struct cpu_regs *r)
{
    log_debug(&m->log, LOG_INT, "int %02Xh: the program rebooted the machine", m->cur_vector);
    machine_stop(m, 0);
}

static int bios_init(struct machine *m)
{
    m->bios = calloc(1, sizeof(*m->bios));
    if (!m->bios)
        return -ENOMEM;
    m->bios->video_lines = VGA_LINES_400;
    /* Both backends have an x87: the interpreter's own, and under KVM the host's (run
     * natively, or by the interpreter's rescue where KVM only emulates real mode). */
    m->bios->fpu = true;
    machine_set_rom_service(m, RC_POST, bios_post);
    machine_set_rom_service(m, RC_TIMER_TICK, bios_timer_tick);
    machine_set_int_service(m, 0x06, int06_service);
    machine_set_rom_service(m, RC_KBD_SCANCODE, bios_kbd_scancode);
    m->bios->event.fire = bios_event_fire;
    machine_timer_add(m, &m->bios->event);
    machine_set_int_service(m, 0x10, int10_service);
    machine_set_int_service(m, 0x11, int11_service);
    machine_set_int_service(m, 0x12, int12_service);
    machine_set_int_service(m, 0x15, int15_service);
    machine_set_int_service(m, 0x16, int16_service);
    machine_set_int_service(m, 0x18, int19_service);
    machine_set_int_service(m, 0x19, int19_service);
    machine_set_int_service(m, 0x1A, int1a_service);
    if (int33_init(m)) {
        free(m->bios);
        m->bios = NULL;
        return -ENOMEM;
    }
    return 0;
}

static void bios_fini(struct machine *m)
{
    int33_fini(m);
    free(m->bios);
    m->bios = NULL;
}

const struct device_desc bios_module = {
    .name = "BIOS",
    .init = bios_init,
    .fini = bios_fini,
};
