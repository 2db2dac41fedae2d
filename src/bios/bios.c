/* The BIOS module: POST, and the small services (int 11h, 12h, 15h, 19h) that need no
 * file of their own. */
#include <errno.h>
#include <stdlib.h>

#include "bios/bda.h"
#include "bios/bios.h"

/* POST: every IVT entry from the ROM's vector table, then the BDA basics. */
static void bios_post(struct machine *m, struct cpu_regs *r)
{
    uint32_t table = CPU_ROM_BASE + m->rom.vector_table;

    for (unsigned v = 0; v < 256; v++) {
        mem_wr16(&m->mem, v * 4, mem_rd16(&m->mem, table + v * 2));
        mem_wr16(&m->mem, v * 4 + 2, ROM_SEG);
    }
    /* Table pointers rather than code: nothing to point at yet. */
    mem_wr32(&m->mem, 0x1D * 4, 0);
    mem_wr32(&m->mem, 0x1E * 4, 0);
    mem_wr32(&m->mem, 0x1F * 4, 0);
    mem_wr32(&m->mem, 0x43 * 4, 0);

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
}

static void int11_service(struct machine *m, struct cpu_regs *r)
{
    r->ax = bda_read16(m, BDA_EQUIPMENT);
}

static void int12_service(struct machine *m, struct cpu_regs *r)
{
    r->ax = bda_read16(m, BDA_MEMORY_KB);
}

static void int15_service(struct machine *m, struct cpu_regs *r)
{
    switch (r->ah) {
    case 0x4F: /* KEYBOARD INTERCEPT: keep the key */ r->flags |= FLAG_CF; return;
    case 0x88: /* EXTENDED MEMORY SIZE: none without XMS */
        r->ax = 0;
        r->flags &= ~FLAG_CF;
        return;
    case 0xC0: /* GET CONFIGURATION */
        r->es = ROM_SEG;
        r->bx = m->rom.config_table;
        r->ah = 0;
        r->flags &= ~FLAG_CF;
        return;
    default:
        log_debug(&m->log, LOG_INT, "int 15h AX=%04X: unknown function", r->ax);
        r->ah = 0x86; /* function not supported */
        r->flags |= FLAG_CF;
        return;
    }
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
    machine_set_rom_service(m, RC_POST, bios_post);
    machine_set_rom_service(m, RC_TIMER_TICK, bios_timer_tick);
    machine_set_int_service(m, 0x06, int06_service);
    machine_set_int_service(m, 0x10, int10_service);
    machine_set_int_service(m, 0x11, int11_service);
    machine_set_int_service(m, 0x12, int12_service);
    machine_set_int_service(m, 0x15, int15_service);
    machine_set_int_service(m, 0x16, int16_service);
    machine_set_int_service(m, 0x18, int19_service);
    machine_set_int_service(m, 0x19, int19_service);
    machine_set_int_service(m, 0x1A, int1a_service);
    return 0;
}

static void bios_fini(struct machine *m)
{
    free(m->bios);
    m->bios = NULL;
}

const struct device_desc bios_module = {
    .name = "BIOS",
    .init = bios_init,
    .fini = bios_fini,
};
