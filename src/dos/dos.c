/* The DOS module: its data in guest memory (List of Lists, devices, CDS, DPBs,
 * country tables), the boot that loads the program, and the small interrupts around
 * int 21h (20h, 23h-29h, 2Fh, the divide error, Ctrl-Break). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bios/bios.h"
#include "dos/dos.h"
#include "dos/files.h"
#include "dos/find.h"
#include "dos/nls.h"
#include "dos/paths.h"
#include "dos/process.h"

#define DOS_RETF (DOS_SDA + DOS_SDA_SIZE - 1) /* a RETF for device strategy entries */

static void dos_device_header_init(struct machine *m, uint32_t at, uint32_t next, uint16_t attr,
                                   const char *name)
{
    char padded[8];

    memset(padded, ' ', sizeof(padded));
    memcpy(padded, name, strlen(name));
    mem_wr32(&m->mem, at + DEV_NEXT, next);
    mem_wr16(&m->mem, at + DEV_ATTR, attr);
    mem_wr16(&m->mem, at + DEV_STRATEGY, DOS_RETF);
    mem_wr16(&m->mem, at + DEV_INTERRUPT, DOS_RETF);
    mem_write(&m->mem, at + DEV_NAME, padded, 8);
}

static uint32_t dos_far(uint16_t off)
{
    return (uint32_t)DOS_SEG << 16 | off;
}

/* A drive parameter block for each drive, chained; the geometry is what int 21h
 * 36h reports (src/dos/files.c), refreshed when a program asks for the DPB. */
static void dos_dpb_init(struct machine *m)
{
    int prev = -1;

    for (int drive = 0; drive < 26; drive++) {
        uint32_t dpb = dos_addr(dos_dpb_offset(drive));
        struct dos_disk_info info;
        int shift = 0;

        mem_fill(&m->mem, dpb, 0, DOS_DPB_ENTRY);
        if (!dos_disk_info(m, drive, &info))
            continue;
        while ((1u << shift) < info.sectors_per_cluster)
            shift++;
        mem_wr8(&m->mem, dpb + DPB_DRIVE, (uint8_t)drive);
        mem_wr8(&m->mem, dpb + DPB_UNIT, (uint8_t)drive);
        mem_wr16(&m->mem, dpb + DPB_SECTOR_SIZE, info.bytes_per_sector);
        mem_wr8(&m->mem, dpb + DPB_CLUSTER_MASK, (uint8_t)(info.sectors_per_cluster - 1));
        mem_wr8(&m->mem, dpb + DPB_CLUSTER_SHIFT, (uint8_t)shift);
        mem_wr16(&m->mem, dpb + DPB_RESERVED, 1);
        mem_wr8(&m->mem, dpb + DPB_FATS, 2);
        mem_wr16(&m->mem, dpb + DPB_ROOT_ENTRIES, 512);
        mem_wr16(&m->mem, dpb + DPB_FAT_SECTORS, 256);
        mem_wr16(&m->mem, dpb + DPB_FIRST_DIR, 1 + 2 * 256);
        mem_wr16(&m->mem, dpb + DPB_FIRST_DATA, 1 + 2 * 256 + 32);
        mem_wr16(&m->mem, dpb + DPB_MAX_CLUSTER, (uint16_t)(info.total_clusters + 1));
        mem_wr32(&m->mem, dpb + DPB_DEVICE, dos_far(DOS_LOL + LOL_NUL_DEV));
        mem_wr8(&m->mem, dpb + DPB_MEDIA, 0xF8);
        mem_wr8(&m->mem, dpb + DPB_ACCESSED, 0xFF);
        mem_wr32(&m->mem, dpb + DPB_NEXT, 0xFFFFFFFFu);
        mem_wr16(&m->mem, dpb + DPB_FREE, info.free_clusters);
        if (prev >= 0)
            mem_wr32(&m->mem, dos_addr(dos_dpb_offset(prev)) + DPB_NEXT,
                     dos_far(dos_dpb_offset(drive)));
        else
            mem_wr32(&m->mem, dos_addr(DOS_LOL + LOL_DPB), dos_far(dos_dpb_offset(drive)));
        prev = drive;
    }
}

static void dos_data_init(struct machine *m)
{
    static const struct {
        const char *name;
        uint16_t attr;
    } devs[] = {{"CON", 0x8013}, {"AUX", 0x8000}, {"PRN", 0xA0C0}, {"CLOCK$", 0x8008}};
    uint32_t lol = dos_addr(DOS_LOL);
    unsigned ndev = sizeof(devs) / sizeof(devs[0]), ndrives = 0;

    mem_fill(&m->mem, dos_addr(0), 0, DOS_DATA_END);
    mem_wr8(&m->mem, dos_addr(DOS_RETF), 0xCB);
    mem_wr8(&m->mem, dos_addr(DOS_MEDIA_ID), 0xF8);
    mem_wr32(&m->mem, lol + LOL_DPB, 0xFFFFFFFFu);
    mem_wr32(&m->mem, lol + LOL_SFT, dos_far(DOS_SFT));
    mem_wr32(&m->mem, lol + LOL_CLOCK_DEV, dos_far((uint16_t)(DOS_DEVICES + 3 * DOS_DEVICE_SIZE)));
    mem_wr32(&m->mem, lol + LOL_CON_DEV, dos_far(DOS_DEVICES));
    mem_wr16(&m->mem, lol + LOL_MAX_SECTOR, 512);
    mem_wr32(&m->mem, lol + LOL_BUFFERS, 0xFFFFFFFFu);
    mem_wr32(&m->mem, lol + LOL_CDS, dos_far(DOS_CDS));
    mem_wr32(&m->mem, lol + LOL_FCB_SFT, 0xFFFFFFFFu);
    for (int i = 0; i < 26; i++)
        ndrives += dos_drive_valid(m, i);
    mem_wr8(&m->mem, lol + LOL_BLOCK_DEVS, (uint8_t)ndrives);
    mem_wr8(&m->mem, lol + LOL_LASTDRIVE, 26);
    mem_wr16(&m->mem, lol + LOL_BUFFERS_X, 15);
    mem_wr8(&m->mem, lol + LOL_BOOT_DRIVE, 3);
    mem_wr8(&m->mem, lol + LOL_DWORD_MOVES, 1);
    mem_wr16(&m->mem, lol + LOL_FIRST_UMB, 0xFFFF);
    /* The device chain: NUL (inside the List of Lists), CON, AUX, PRN, CLOCK$. */
    dos_device_header_init(m, lol + LOL_NUL_DEV, dos_far(DOS_DEVICES), 0x8004, "NUL");
    for (unsigned i = 0; i < ndev; i++) {
        uint32_t next = i + 1 < ndev ? dos_far((uint16_t)(DOS_DEVICES + (i + 1) * DOS_DEVICE_SIZE))
                                     : 0xFFFFFFFFu;
        dos_device_header_init(m, dos_addr((uint16_t)(DOS_DEVICES + i * DOS_DEVICE_SIZE)), next,
                               devs[i].attr, devs[i].name);
    }
    dos_dpb_init(m);
    for (int i = 0; i < 26; i++)
        dos_cds_set_root(m, i);
    dos_nls_init(m);
}

/* The DOS routines in the ROM, found by the signature of their table. */
static int dos_rom_find(struct machine *m)
{
    const uint8_t *rom = m->mem.ram + MEMMAP_ROM_BASE;
    const uint8_t *p = memmem(rom, MEMMAP_ROM_SIZE, "HVDOSDOS", 8);
    struct dos_rom *r = &m->dos->rom;

    if (!p || p - rom + 18 > (long)MEMMAP_ROM_SIZE)
        return -1;
    r->ctrlc = (uint16_t)(p[8] | p[9] << 8);
    r->casemap = (uint16_t)(p[10] | p[11] << 8);
    r->int25 = (uint16_t)(p[12] | p[13] << 8);
    r->int26 = (uint16_t)(p[14] | p[15] << 8);
    r->cpm = (uint16_t)(p[16] | p[17] << 8);
    return 0;
}

static void dos_set_vector(struct machine *m, uint8_t vec, uint16_t seg, uint16_t off)
{
    mem_wr16(&m->mem, vec * 4u, off);
    mem_wr16(&m->mem, vec * 4u + 2, seg);
}

void dos_startup(struct machine *m)
{
    dos_data_init(m);
    dos_mcb_init(m, DOS_FIRST_MCB, 0xA000);
    dos_files_init(m);
    /* Vectors DOS takes over from the BIOS at boot, as IO.SYS does: Ctrl-Break sets
     * DOS's break flag; int 25h/26h have a return of their own. */
    dos_set_vector(m, 0x1B, ROM_SEG, rom_stub(&m->rom, 0x1B));
    dos_set_vector(m, 0x25, ROM_SEG, m->dos->rom.int25);
    dos_set_vector(m, 0x26, ROM_SEG, m->dos->rom.int26);
    /* The CP/M entry: PSP:0005's far call lands on 0000:00C0 (over the vectors of
     * int 30h and 31h, as in DOS), which jumps to DOS. */
    mem_wr8(&m->mem, 0xC0, 0xEA);
    mem_wr16(&m->mem, 0xC1, m->dos->rom.cpm);
    mem_wr16(&m->mem, 0xC3, ROM_SEG);
}

static void int00_service(struct machine *m, struct cpu_regs *r)
{
    /* DIVIDE ERROR: DOS's handler says so and ends the program as ^C does. */
    dos_con_write(m, (const uint8_t *)"\r\nDivide overflow\r\n", 19, true);
    dos_terminate(m, r, 0, DOS_TERM_CTRLC);
}

static void int1b_service(struct machine *m, struct cpu_regs *r)
{
    /* CTRL-BREAK: DOS looks at it at its next ^C check. */
    m->dos->break_pending = true;
}

static void int23_service(struct machine *m, struct cpu_regs *r)
{
    /* The ^C handler a program inherits from its shell ends the program. */
    dos_terminate(m, r, 0, DOS_TERM_CTRLC);
}

static void int24_service(struct machine *m, struct cpu_regs *r)
{
    /* CRITICAL ERROR: fail the operation (DOS itself never raises one here: a host
     * directory's errors come back as DOS error codes). */
    r->al = 3;
}

static void int27_service(struct machine *m, struct cpu_regs *r)
{
    /* TERMINATE AND STAY RESIDENT (old): DX = bytes to keep from the PSP at CS. */
    uint32_t paras = ((uint32_t)r->dx + 15u) / 16u;
    dos_keep(m, r, (uint16_t)paras, 0);
}

static void int28_service(struct machine *m, struct cpu_regs *r)
{
    /* DOS IDLE: a program calls it while it waits for something; no TSR is here to
     * use the time. */
    machine_poll_empty(m);
}

static void int29_service(struct machine *m, struct cpu_regs *r)
{
    /* FAST CONSOLE OUTPUT: the CON driver's own path. */
    uint8_t c = r->al;
    dos_con_write(m, &c, 1, false);
}

static void int2f_service(struct machine *m, struct cpu_regs *r)
{
    if (r->ax == 0x1680) {
        /* RELEASE CURRENT VIRTUAL MACHINE TIME SLICE (Windows, DOSEMU, OS/2): AL=00h
         * says it is supported; the host naps until something can happen. */
        r->al = 0x00;
        machine_poll_yield(m);
        return;
    }
    /* Multiplex: every installation check answers "not installed", AL=00h, and other
     * functions leave the registers as they were. */
    log_debug(&m->log, LOG_INT, "int 2Fh AX=%04X: not installed", r->ax);
}

static void dos_rom_int23(struct machine *m, struct cpu_regs *r)
{
    dos_ctrlc_done(m, r);
}

static int dos_init(struct machine *m)
{
    int rc;

    m->dos = calloc(1, sizeof(*m->dos));
    if (!m->dos)
        return -ENOMEM;
    m->dos->version = m->cfg->dos_version ? m->cfg->dos_version : 0x0005;
    m->dos->ctrl_break = false;
    m->dos->switch_char = '/';
    m->dos->con.pending = -1;
    if (dos_rom_find(m)) {
        snprintf(m->init_error, sizeof(m->init_error),
                 "the built-in ROM has no DOS section (rebuild hvdos)");
        free(m->dos);
        m->dos = NULL;
        return -EINVAL;
    }
    rc = dos_drives_init(m, m->init_error, sizeof(m->init_error));
    if (rc) {
        dos_drives_fini(m);
        free(m->dos);
        m->dos = NULL;
        return rc;
    }
    machine_set_rom_service(m, RC_DOS_INT23, dos_rom_int23);
    machine_set_int_service(m, 0x00, int00_service);
    machine_set_int_service(m, 0x1B, int1b_service);
    machine_set_int_service(m, 0x20, int20_service);
    machine_set_int_service(m, 0x21, int21_service);
    machine_set_int_service(m, 0x23, int23_service);
    machine_set_int_service(m, 0x24, int24_service);
    machine_set_int_service(m, 0x27, int27_service);
    machine_set_int_service(m, 0x28, int28_service);
    machine_set_int_service(m, 0x29, int29_service);
    machine_set_int_service(m, 0x2F, int2f_service);
    return 0;
}

static void dos_fini(struct machine *m)
{
    if (!m->dos)
        return;
    dos_files_fini(m);
    dos_find_fini(m);
    dos_drives_fini(m);
    free(m->dos);
    m->dos = NULL;
}

const struct device_desc dos_module = {
    .name = "DOS",
    .init = dos_init,
    .fini = dos_fini,
};
