/* int 21h 44h, IOCTL: device information of handles (what a program uses to tell
 * the console from a file or a pipe), input and output status, and the questions
 * programs ask about drives. The layouts follow MS-DOS 4.0's IOCTL.ASM. */
#include <poll.h>
#include <string.h>

#include "bios/bios.h"
#include "dos/dos.h"
#include "dos/files.h"
#include "dos/nls.h"
#include "dos/paths.h"

/* The drive in BL: 0 = the current one, 1 = A:. -1 if it is not a drive. */
static int ioctl_drive(struct machine *m, uint8_t bl)
{
    int drive = bl ? bl - 1 : m->dos->cur_drive;
    return dos_drive_valid(m, drive) ? drive : -1;
}

/* Would a read from SFT entry idx get data now (or end of file) rather than wait? */
static bool ioctl_input_ready(struct machine *m, int idx)
{
    struct dos_file *f = &m->dos->files[idx];

    switch (dos_file_reads_keyboard(f) ? DOS_FILE_CON : f->kind) {
    case DOS_FILE_CON: {
        uint16_t key;
        return m->dos->con.pending >= 0 || m->dos->con.cooked_pos < m->dos->con.cooked_len ||
               bios_kbd_get(m, false, true, &key);
    }
    case DOS_FILE_HOST:
        if (f->stream) {
            struct pollfd pfd = {.fd = f->fd, .events = POLLIN};
            return poll(&pfd, 1, 0) > 0;
        }
        /* A file is ready until its end. */
        return dos_sft_rd32(m, idx, SFT_POS) < dos_sft_rd32(m, idx, SFT_SIZE);
    default: return true; /* NUL, AUX, PRN, CLOCK$ answer at once */
    }
}

void dos_ioctl(struct machine *m, struct cpu_regs *r)
{
    int idx = -1, drive;
    uint16_t info = 0;

    if (r->al <= 0x07 || r->al == 0x0A || r->al == 0x0C) {
        if (r->al != 0x04 && r->al != 0x05) {
            idx = dos_handle_to_sft(m, r->bx);
            if (idx < 0)
                return dos_fail(m, r, DOSERR_INVALID_HANDLE);
        }
    }
    if (idx >= 0)
        info = dos_sft_rd16(m, idx, SFT_DEVINFO);
    switch (r->al) {
    case 0x00: /* GET DEVICE INFORMATION: the SFT's flags, and for a device the high
                  byte of its attributes */
        r->dx = (info & DEVINFO_DEVICE) ? info : (uint16_t)(info & 0xFF);
        r->ax = r->dx;
        return dos_ok(r);
    case 0x01: /* SET DEVICE INFORMATION: DH must be 0 (or 1); only a device's bits
                  change */
        if (r->dh & 0xFE)
            return dos_fail(m, r, DOSERR_INVALID_DATA);
        if (info & DEVINFO_DEVICE)
            dos_sft_wr16(m, idx, SFT_DEVINFO, (uint16_t)((info & 0xFF00) | r->dl | DEVINFO_DEVICE));
        return dos_ok(r);
    case 0x02: /* READ / WRITE CONTROL DATA: no device here takes control strings */
    case 0x03: return dos_fail(m, r, DOSERR_FUNCTION);
    case 0x04:
    case 0x05:
        if (ioctl_drive(m, r->bl) < 0)
            return dos_fail(m, r, DOSERR_INVALID_DRIVE);
        return dos_fail(m, r, DOSERR_FUNCTION);
    case 0x06: /* GET INPUT STATUS */
        r->al = ioctl_input_ready(m, idx) ? 0xFF : 0x00;
        if (r->al)
            machine_poll_hit(m);
        else
            machine_poll_empty(m); /* a key or a timer ends a wait for it */
        return dos_ok(r);
    case 0x07: /* GET OUTPUT STATUS: everything takes output at once */
        r->al = 0xFF;
        return dos_ok(r);
    case 0x08: /* REMOVABLE MEDIA: no, a host directory is a fixed disk */
        if (ioctl_drive(m, r->bl) < 0)
            return dos_fail(m, r, DOSERR_INVALID_DRIVE);
        r->ax = 1;
        return dos_ok(r);
    case 0x09: /* DRIVE ATTRIBUTES: a local block device (not remote, not SUBST) */
        if (ioctl_drive(m, r->bl) < 0)
            return dos_fail(m, r, DOSERR_INVALID_DRIVE);
        r->dx = 0x0802;
        return dos_ok(r);
    case 0x0A: /* HANDLE REMOTE: the SFT flags, bit 15 clear */
        r->dx = info & 0x7FFF;
        return dos_ok(r);
    case 0x0B: /* SHARING RETRY COUNT */
        if (!r->dx)
            return dos_fail(m, r, DOSERR_FUNCTION);
        return dos_ok(r);
    case 0x0E: /* GET LOGICAL DRIVE MAP: each drive has one letter */
    case 0x0F: /* SET LOGICAL DRIVE MAP */
        drive = ioctl_drive(m, r->bl);
        if (drive < 0)
            return dos_fail(m, r, DOSERR_INVALID_DRIVE);
        r->al = 0;
        return dos_ok(r);
    default:
        /* 0Ch/0Dh generic IOCTL, 10h/11h queries: no device here supports them. */
        log_debug(&m->log, LOG_INT, "int 21h AX=%04X: IOCTL subfunction not supported", r->ax);
        return dos_fail(m, r, DOSERR_FUNCTION);
    }
}
