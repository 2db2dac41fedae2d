/* The DOS module: its data in guest memory (List of Lists, devices, CDS), the boot
 * that loads the program, and the small interrupts around int 21h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dos/dos.h"
#include "dos/files.h"
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

void dos_cds_set_root(struct machine *m, int drive)
{
    uint32_t cds = dos_addr(DOS_CDS) + (uint32_t)drive * DOS_CDS_ENTRY;
    char root[4] = {(char)('A' + drive), ':', '\\', 0};

    mem_fill(&m->mem, cds, 0, DOS_CDS_ENTRY);
    mem_write(&m->mem, cds + CDS_PATH, root, sizeof(root));
    mem_wr16(&m->mem, cds + CDS_FLAGS, m->dos->drives[drive].root_fd >= 0 ? 0x4000 : 0);
    mem_wr16(&m->mem, cds + CDS_ROOT_LEN, 2);
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
    mem_wr32(&m->mem, lol + LOL_DPB, 0xFFFFFFFFu);
    mem_wr32(&m->mem, lol + LOL_SFT, dos_far(DOS_SFT));
    mem_wr32(&m->mem, lol + LOL_CLOCK_DEV, dos_far((uint16_t)(DOS_DEVICES + 3 * DOS_DEVICE_SIZE)));
    mem_wr32(&m->mem, lol + LOL_CON_DEV, dos_far(DOS_DEVICES));
    mem_wr16(&m->mem, lol + LOL_MAX_SECTOR, 512);
    mem_wr32(&m->mem, lol + LOL_BUFFERS, 0xFFFFFFFFu);
    mem_wr32(&m->mem, lol + LOL_CDS, dos_far(DOS_CDS));
    mem_wr32(&m->mem, lol + LOL_FCB_SFT, 0xFFFFFFFFu);
    for (int i = 0; i < 26; i++)
        ndrives += m->dos->drives[i].root_fd >= 0;
    mem_wr8(&m->mem, lol + LOL_BLOCK_DEVS, (uint8_t)ndrives);
    mem_wr8(&m->mem, lol + LOL_LASTDRIVE, 26);
    /* The device chain: NUL (inside the List of Lists), CON, AUX, PRN, CLOCK$. */
    dos_device_header_init(m, lol + LOL_NUL_DEV, dos_far(DOS_DEVICES), 0x8004, "NUL");
    for (unsigned i = 0; i < ndev; i++) {
        uint32_t next = i + 1 < ndev ? dos_far((uint16_t)(DOS_DEVICES + (i + 1) * DOS_DEVICE_SIZE))
                                     : 0xFFFFFFFFu;
        dos_device_header_init(m, dos_addr((uint16_t)(DOS_DEVICES + i * DOS_DEVICE_SIZE)), next,
                               devs[i].attr, devs[i].name);
    }
    for (int i = 0; i < 26; i++)
        dos_cds_set_root(m, i);
}

void dos_startup(struct machine *m)
{
    dos_data_init(m);
    dos_mcb_init(m, DOS_FIRST_MCB, 0xA000);
    dos_files_init(m);
}

/* ROM call BOOT: DOS comes up and the program starts. */
static void dos_boot(struct machine *m, struct cpu_regs *r)
{
    struct dos_load_error e;

    dos_startup(m);
    if (dos_load_root(m, r, &e)) {
        log_msg(&m->log, "error", "%s", e.msg);
        machine_stop(m, e.status);
    }
}

static void int27_service(struct machine *m, struct cpu_regs *r)
{
    /* TERMINATE AND STAY RESIDENT (old): DX = bytes to keep from the PSP. */
    uint16_t largest, paras = (uint16_t)((r->dx + 15u) / 16u);
    dos_mcb_resize(m, m->dos->cur_psp, paras ? paras : 0x10, &largest);
    dos_terminate(m, r, 0, DOS_TERM_TSR);
}

static void int28_service(struct machine *m, struct cpu_regs *r)
{
    /* DOS IDLE: nothing for TSRs to do here. */
}

static void int29_service(struct machine *m, struct cpu_regs *r)
{
    /* FAST CONSOLE OUTPUT: the CON driver's own path. */
    uint8_t c = r->al;
    dos_con_write(m, &c, 1, false);
}

static void int2f_service(struct machine *m, struct cpu_regs *r)
{
    /* Multiplex: every installation check answers "not installed", AL=00h. */
    log_debug(&m->log, LOG_INT, "int 2Fh AX=%04X: not installed", r->ax);
}

static int dos_init(struct machine *m)
{
    int rc;

    m->dos = calloc(1, sizeof(*m->dos));
    if (!m->dos)
        return -ENOMEM;
    m->dos->version = m->cfg->dos_version ? m->cfg->dos_version : 0x0005;
    m->dos->ctrl_break = false;
    m->dos->con.pending = -1;
    rc = dos_drives_init(m, m->init_error, sizeof(m->init_error));
    if (rc) {
        dos_drives_fini(m);
        free(m->dos);
        m->dos = NULL;
        return rc;
    }
    machine_set_rom_service(m, RC_BOOT, dos_boot);
    machine_set_int_service(m, 0x00, int00_service);
    machine_set_int_service(m, 0x20, int20_service);
    machine_set_int_service(m, 0x21, int21_service);
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
    dos_drives_fini(m);
    free(m->dos);
    m->dos = NULL;
}

const struct device_desc dos_module = {
    .name = "DOS",
    .init = dos_init,
    .fini = dos_fini,
};
