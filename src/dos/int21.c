/* int 21h: the DOS function table. Each entry is labelled with the function's name
 * in Ralf Brown's Interrupt List, so the table reads like the list; the work is done
 * in the module that owns the subject (files, find, fcb, memory, process, nls). */
#include <string.h>
#include <time.h>

#include "bios/bda.h"
#include "bios/bios.h"
#include "dos/dos.h"
#include "dos/fcb.h"
#include "dos/files.h"
#include "dos/find.h"
#include "dos/nls.h"
#include "dos/paths.h"
#include "dos/process.h"

typedef void (*int21_fn)(struct machine *m, struct cpu_regs *r);

struct int21_entry {
    const char *name;
    int21_fn fn;
};

/* Class, suggested action and locus of each error (int 21h 59h), as MS-DOS gives
 * them. */
static const struct {
    uint8_t class, action, locus;
} dos_error_info[] = {
    [DOSERR_FUNCTION] = {7, 4, 1},       [DOSERR_FILE_NOT_FOUND] = {8, 3, 2},
    [DOSERR_PATH_NOT_FOUND] = {8, 3, 2}, [DOSERR_TOO_MANY_OPEN] = {1, 4, 1},
    [DOSERR_ACCESS_DENIED] = {3, 3, 2},  [DOSERR_INVALID_HANDLE] = {7, 4, 1},
    [DOSERR_MCB_DESTROYED] = {7, 5, 5},  [DOSERR_NO_MEMORY] = {1, 4, 5},
    [DOSERR_INVALID_BLOCK] = {7, 4, 5},  [DOSERR_BAD_ENVIRONMENT] = {7, 4, 5},
    [DOSERR_BAD_FORMAT] = {9, 3, 1},     [DOSERR_INVALID_ACCESS] = {7, 4, 1},
    [DOSERR_INVALID_DATA] = {9, 4, 1},   [DOSERR_INVALID_DRIVE] = {8, 3, 2},
    [DOSERR_CURRENT_DIR] = {3, 3, 2},    [DOSERR_NOT_SAME_DEVICE] = {13, 3, 2},
    [DOSERR_NO_MORE_FILES] = {8, 3, 2},  [DOSERR_WRITE_PROTECT] = {11, 7, 2},
    [DOSERR_GENERAL] = {13, 4, 1},       [DOSERR_SHARING] = {10, 2, 2},
    [DOSERR_DISK_FULL] = {1, 4, 2},      [DOSERR_FILE_EXISTS] = {12, 3, 2},
    [DOSERR_CANNOT_MAKE] = {1, 4, 2},    [DOSERR_INVALID_PARAM] = {9, 3, 1},
};

void dos_set_error(struct machine *m, enum dos_error err)
{
    struct dos *d = m->dos;

    d->last_error = err;
    if ((size_t)err < sizeof(dos_error_info) / sizeof(dos_error_info[0]) &&
        dos_error_info[err].class) {
        d->err_class = dos_error_info[err].class;
        d->err_action = dos_error_info[err].action;
        d->err_locus = dos_error_info[err].locus;
    } else {
        d->err_class = 13;
        d->err_action = 4;
        d->err_locus = 1;
    }
}

void dos_fail(struct machine *m, struct cpu_regs *r, enum dos_error err)
{
    dos_set_error(m, err);
    r->ax = err;
    r->flags |= FLAG_CF;
}

/* Reads the ASCIIZ path at seg:off; false (with error 3 set) if it is not terminated
 * within DOS's limit. */
static bool int21_path(struct machine *m, struct cpu_regs *r, uint16_t seg, uint16_t off, char *out,
                       size_t max)
{
    if (mem_read_strz(&m->mem, cpu_linear(seg, off), out, max) < 0) {
        dos_fail(m, r, DOSERR_PATH_NOT_FOUND);
        return false;
    }
    return true;
}

static void int21_result(struct machine *m, struct cpu_regs *r, enum dos_error err)
{
    if (err)
        dos_fail(m, r, err);
    else
        dos_ok(r);
}

static bool stdin_is_con(struct machine *m)
{
    int idx = dos_handle_to_sft(m, 0);
    return idx >= 0 && dos_file_reads_keyboard(&m->dos->files[idx]);
}

static void handle_char_out(struct machine *m, uint16_t handle, uint8_t c)
{
    int idx = dos_handle_to_sft(m, handle);
    uint16_t done;

    if (idx >= 0)
        dos_sft_write(m, idx, &c, 1, &done);
}

/* The drive in DL: 0 = the current one, 1 = A:; -1 if it is not a drive. */
static int int21_drive(struct machine *m, uint8_t dl)
{
    int drive = dl ? dl - 1 : m->dos->cur_drive;
    return dos_drive_valid(m, drive) ? drive : -1;
}

/* ---------------------------------------------------------------------------------
 * Character I/O (the console itself is src/dos/console.c).
 */

static void f00_terminate(struct machine *m, struct cpu_regs *r)
{
    dos_terminate(m, r, 0, DOS_TERM_NORMAL);
}

/* 01h and 08h: a key from standard input into AL, false while waiting or when a ^C
 * typed at the console has gone to int 23h. */
static bool read_char_checked(struct machine *m, struct cpu_regs *r)
{
    int c = dos_stdin_read_char(m, r);
    if (c < 0)
        return false;
    if (c == 0x03 && stdin_is_con(m)) {
        dos_ctrlc(m, r);
        return false;
    }
    r->al = (uint8_t)c;
    return true;
}

static void f01_read_echo(struct machine *m, struct cpu_regs *r)
{
    if (read_char_checked(m, r))
        handle_char_out(m, 1, r->al);
}

static void f02_write_char(struct machine *m, struct cpu_regs *r)
{
    handle_char_out(m, 1, r->dl);
    r->al = r->dl;
}

static void f03_aux_input(struct machine *m, struct cpu_regs *r)
{
    int idx = dos_handle_to_sft(m, 3);
    uint8_t c = 0x1A;
    uint16_t done = 0;

    if (idx >= 0 && m->dos->files[idx].kind != DOS_FILE_CON)
        dos_sft_read(m, idx, &c, 1, &done);
    r->al = done ? c : 0x1A;
}

static void f04_aux_output(struct machine *m, struct cpu_regs *r)
{
    handle_char_out(m, 3, r->dl);
}

static void f05_printer_output(struct machine *m, struct cpu_regs *r)
{
    handle_char_out(m, 4, r->dl);
}

static void f06_direct_console(struct machine *m, struct cpu_regs *r)
{
    int c;

    if (r->dl != 0xFF) {
        handle_char_out(m, 1, r->dl);
        r->al = r->dl;
        return;
    }
    c = dos_stdin_poll_char(m, r);
    if (c < 0) {
        r->al = 0;
        r->flags |= FLAG_ZF;
        machine_poll_empty(m);
        return;
    }
    r->al = (uint8_t)c;
    r->flags &= ~FLAG_ZF;
    machine_poll_hit(m);
}

static void f07_read_raw(struct machine *m, struct cpu_regs *r)
{
    int c = dos_stdin_read_char(m, r);
    if (c >= 0)
        r->al = (uint8_t)c;
}

static void f08_read_no_echo(struct machine *m, struct cpu_regs *r)
{
    read_char_checked(m, r);
}

static void f09_write_string(struct machine *m, struct cpu_regs *r)
{
    uint32_t p = cpu_linear(r->ds, r->dx);
    int idx = dos_handle_to_sft(m, 1);
    uint8_t buf[256];
    size_t n = 0;
    uint16_t done;

    /* Up to 64 KiB, to the '$'. */
    for (uint32_t i = 0; i < 0x10000; i++) {
        uint8_t c = mem_rd8(&m->mem, p + i);
        if (c == '$')
            break;
        buf[n++] = c;
        if (n == sizeof(buf)) {
            if (idx >= 0)
                dos_sft_write(m, idx, buf, (uint16_t)n, &done);
            n = 0;
        }
    }
    if (n && idx >= 0)
        dos_sft_write(m, idx, buf, (uint16_t)n, &done);
    r->al = '$';
}

static void f0a_buffered_input(struct machine *m, struct cpu_regs *r)
{
    dos_buffered_input(m, r);
}

static void f0b_input_status(struct machine *m, struct cpu_regs *r)
{
    bool ready = dos_stdin_ready(m);

    r->al = ready ? 0xFF : 0x00;
    if (ready)
        machine_poll_hit(m);
    else
        machine_poll_empty(m);
}

static void f0c_flush_and_read(struct machine *m, struct cpu_regs *r)
{
    static const int21_fn sub[] = {
        [0x01] = f01_read_echo,    [0x06] = f06_direct_console, [0x07] = f07_read_raw,
        [0x08] = f08_read_no_echo, [0x0A] = f0a_buffered_input,
    };

    if (stdin_is_con(m))
        dos_con_flush(m);
    if (r->al >= sizeof(sub) / sizeof(sub[0]) || !sub[r->al]) {
        r->al = 0;
        return;
    }
    /* The read may wait and be called again: it runs as itself, so the typed-ahead
     * keys are thrown away only once. */
    r->ah = r->al;
    sub[r->ah](m, r);
}

/* ---------------------------------------------------------------------------------
 * Drives and the disk transfer area.
 */

static void f0d_disk_reset(struct machine *m, struct cpu_regs *r)
{
    /* Writes reach the host at once: nothing to flush. */
}

static void f0e_select_disk(struct machine *m, struct cpu_regs *r)
{
    if (dos_drive_valid(m, r->dl))
        m->dos->cur_drive = r->dl;
    r->al = 26; /* LASTDRIVE=Z */
}

static void f19_current_disk(struct machine *m, struct cpu_regs *r)
{
    r->al = m->dos->cur_drive;
}

static void f1a_set_dta(struct machine *m, struct cpu_regs *r)
{
    m->dos->dta_seg = r->ds;
    m->dos->dta_off = r->dx;
    m->dos->dta = cpu_linear(r->ds, r->dx);
}

static void alloc_info(struct machine *m, struct cpu_regs *r, uint8_t dl)
{
    struct dos_disk_info info;
    int drive = int21_drive(m, dl);

    if (drive < 0 || !dos_disk_info(m, drive, &info)) {
        r->al = 0xFF;
        return dos_set_error(m, DOSERR_INVALID_DRIVE);
    }
    r->al = (uint8_t)info.sectors_per_cluster;
    r->cx = info.bytes_per_sector;
    r->dx = info.total_clusters;
    r->ds = DOS_SEG;
    r->bx = DOS_MEDIA_ID;
}

static void f1b_alloc_info_default(struct machine *m, struct cpu_regs *r)
{
    alloc_info(m, r, 0);
}

static void f1c_alloc_info(struct machine *m, struct cpu_regs *r)
{
    alloc_info(m, r, r->dl);
}

/* The DPB of a drive, brought up to date with the host's free space. */
static void get_dpb(struct machine *m, struct cpu_regs *r, uint8_t dl)
{
    struct dos_disk_info info;
    int drive = int21_drive(m, dl), shift = 0;
    uint32_t dpb;

    if (drive < 0 || !dos_disk_info(m, drive, &info)) {
        r->al = 0xFF;
        return dos_set_error(m, DOSERR_INVALID_DRIVE);
    }
    dpb = dos_addr(dos_dpb_offset(drive));
    while ((1u << shift) < info.sectors_per_cluster)
        shift++;
    mem_wr8(&m->mem, dpb + DPB_CLUSTER_MASK, (uint8_t)(info.sectors_per_cluster - 1));
    mem_wr8(&m->mem, dpb + DPB_CLUSTER_SHIFT, (uint8_t)shift);
    mem_wr16(&m->mem, dpb + DPB_MAX_CLUSTER, (uint16_t)(info.total_clusters + 1));
    mem_wr16(&m->mem, dpb + DPB_FREE, info.free_clusters);
    mem_wr8(&m->mem, dpb + DPB_ACCESSED, 0);
    r->al = 0;
    r->ds = DOS_SEG;
    r->bx = dos_dpb_offset(drive);
}

static void f1f_get_default_dpb(struct machine *m, struct cpu_regs *r)
{
    get_dpb(m, r, 0);
}

static void f32_get_dpb(struct machine *m, struct cpu_regs *r)
{
    get_dpb(m, r, r->dl);
}

static void f25_set_vector(struct machine *m, struct cpu_regs *r)
{
    mem_wr16(&m->mem, r->al * 4u, r->dx);
    mem_wr16(&m->mem, r->al * 4u + 2, r->ds);
}

static void f26_create_psp(struct machine *m, struct cpu_regs *r)
{
    dos_create_psp(m, r);
}

static void f2a_get_date(struct machine *m, struct cpu_regs *r)
{
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    r->cx = (uint16_t)(tm.tm_year + 1900);
    r->dh = (uint8_t)(tm.tm_mon + 1);
    r->dl = (uint8_t)tm.tm_mday;
    r->al = (uint8_t)tm.tm_wday;
}

static void f2b_set_date(struct machine *m, struct cpu_regs *r)
{
    /* The host's clock is not the guest's to set; a valid date is accepted. */
    bool ok =
        r->cx >= 1980 && r->cx <= 2099 && r->dh >= 1 && r->dh <= 12 && r->dl >= 1 && r->dl <= 31;
    r->al = ok ? 0x00 : 0xFF;
}

static void f2c_get_time(struct machine *m, struct cpu_regs *r)
{
    struct timespec ts;
    struct tm tm;

    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    r->ch = (uint8_t)tm.tm_hour;
    r->cl = (uint8_t)tm.tm_min;
    r->dh = (uint8_t)tm.tm_sec;
    r->dl = (uint8_t)(ts.tv_nsec / 10000000);
    /* the answer changes at the next hundredth of a second */
    machine_poll_empty_until(m, machine_now_ns() + (uint64_t)(10000000 - ts.tv_nsec % 10000000));
}

static void f2d_set_time(struct machine *m, struct cpu_regs *r)
{
    bool ok = r->ch < 24 && r->cl < 60 && r->dh < 60 && r->dl < 100;
    r->al = ok ? 0x00 : 0xFF;
}

static void f2e_set_verify(struct machine *m, struct cpu_regs *r)
{
    m->dos->verify = r->al & 1;
}

static void f2f_get_dta(struct machine *m, struct cpu_regs *r)
{
    r->es = m->dos->dta_seg;
    r->bx = m->dos->dta_off;
}

/* ---------------------------------------------------------------------------------
 * System.
 */

static void f30_get_version(struct machine *m, struct cpu_regs *r)
{
    uint16_t v = mem_rd16(&m->mem, ((uint32_t)m->dos->cur_psp << 4) + PSP_VERSION);
    bool flags = r->al == 0x01;

    r->ax = v ? v : m->dos->version;
    /* OEM: IBM for the 1.x answer, else Microsoft; AL=01h on entry asks for the
     * version flags instead (DOS is neither in ROM nor in the HMA). */
    r->bh = flags && r->al >= 5 ? 0x00 : r->al == 0 ? 0x00 : 0xFF;
    r->bl = 0;
    r->cx = 0;
}

static void f31_keep(struct machine *m, struct cpu_regs *r)
{
    dos_keep(m, r, r->dx, r->al);
}

static void f33_ctrl_break(struct machine *m, struct cpu_regs *r)
{
    struct dos *d = m->dos;
    bool old;

    switch (r->al) {
    case 0x00: r->dl = d->ctrl_break; break;
    case 0x01: d->ctrl_break = r->dl & 1; break;
    case 0x02:
        old = d->ctrl_break;
        d->ctrl_break = r->dl & 1;
        r->dl = old;
        break;
    case 0x05: r->dl = 3; break; /* booted from C: */
    case 0x06:
        if ((d->version & 0xFF) < 5) {
            r->al = 0xFF; /* DOS before 5 has no 3306h */
            break;
        }
        r->bx = d->version; /* the true version: BL major, BH minor */
        r->dx = 0;          /* revision 0; not in ROM, not in the HMA */
        break;
    default: r->al = 0xFF; break;
    }
}

static void f34_indos(struct machine *m, struct cpu_regs *r)
{
    r->es = DOS_SEG;
    r->bx = DOS_SDA + SDA_INDOS;
}

static void f35_get_vector(struct machine *m, struct cpu_regs *r)
{
    r->bx = mem_rd16(&m->mem, r->al * 4u);
    r->es = mem_rd16(&m->mem, r->al * 4u + 2);
}

static void f36_disk_free(struct machine *m, struct cpu_regs *r)
{
    struct dos_disk_info info;
    int drive = int21_drive(m, r->dl);

    if (drive < 0 || !dos_disk_info(m, drive, &info)) {
        r->ax = 0xFFFF;
        return dos_set_error(m, DOSERR_INVALID_DRIVE);
    }
    r->ax = info.sectors_per_cluster;
    r->bx = info.free_clusters;
    r->cx = info.bytes_per_sector;
    r->dx = info.total_clusters;
}

static void f37_switch_char(struct machine *m, struct cpu_regs *r)
{
    switch (r->al) {
    case 0x00:
        r->dl = (uint8_t)m->dos->switch_char;
        r->al = 0;
        break;
    case 0x01:
        m->dos->switch_char = (char)r->dl;
        r->al = 0;
        break;
    case 0x02:
        r->dl = 0xFF;
        r->al = 0;
        break; /* \DEV\ is optional before devices */
    case 0x03: r->al = 0; break;
    default: r->al = 0xFF; break;
    }
}

static void f38_country(struct machine *m, struct cpu_regs *r)
{
    dos_country(m, r);
}

static void f52_list_of_lists(struct machine *m, struct cpu_regs *r)
{
    r->es = DOS_SEG;
    r->bx = DOS_LOL;
}

static void f54_get_verify(struct machine *m, struct cpu_regs *r)
{
    r->al = m->dos->verify;
}

static void f59_extended_error(struct machine *m, struct cpu_regs *r)
{
    struct dos *d = m->dos;

    r->ax = d->last_error;
    r->bh = d->last_error ? d->err_class : 0;
    r->bl = d->last_error ? d->err_action : 0;
    r->ch = d->last_error ? d->err_locus : 0;
}

/* ---------------------------------------------------------------------------------
 * Directories and files by path.
 */

static void f39_mkdir(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX];

    if (int21_path(m, r, r->ds, r->dx, path, sizeof(path)))
        int21_result(m, r, dos_mkdir_path(m, path));
}

static void f3a_rmdir(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX];

    if (int21_path(m, r, r->ds, r->dx, path, sizeof(path)))
        int21_result(m, r, dos_rmdir_path(m, path));
}

static void f3b_chdir(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX];

    if (int21_path(m, r, r->ds, r->dx, path, sizeof(path)))
        int21_result(m, r, dos_chdir_path(m, path));
}

static void open_common(struct machine *m, struct cpu_regs *r, uint16_t mode, enum dos_create how,
                        uint16_t attr, uint16_t off)
{
    char path[DOS_PATH_MAX];
    uint16_t h;
    bool existed;
    enum dos_error err;

    if (!int21_path(m, r, r->ds, off, path, sizeof(path)))
        return;
    err = dos_open_handle(m, path, mode, how, attr, &h, &existed);
    if (err)
        return dos_fail(m, r, err);
    r->ax = h;
    dos_ok(r);
}

static void f3c_create(struct machine *m, struct cpu_regs *r)
{
    open_common(m, r, 2, DOS_CREATE_TRUNC, r->cx, r->dx);
}

static void f3d_open(struct machine *m, struct cpu_regs *r)
{
    uint8_t mode = r->al;
    /* The inheritance bit keeps the handle from children. */
    open_common(m, r, (uint16_t)(mode & 0x7F) | ((mode & 0x80) ? SFT_MODE_NO_INHERIT : 0), DOS_OPEN,
                0, r->dx);
}

static void f3e_close(struct machine *m, struct cpu_regs *r)
{
    int21_result(m, r, dos_close_handle(m, r->bx));
}

static void f3f_read(struct machine *m, struct cpu_regs *r)
{
    uint16_t done;
    bool wait;
    enum dos_error err =
        dos_read_handle(m, r, r->bx, cpu_linear(r->ds, r->dx), r->cx, &done, &wait);
    if (wait)
        return; /* waiting for input, or ^C: the registers are set already */
    if (err)
        return dos_fail(m, r, err);
    r->ax = done;
    dos_ok(r);
}

static void f40_write(struct machine *m, struct cpu_regs *r)
{
    uint16_t done;
    enum dos_error err = dos_write_handle(m, r->bx, cpu_linear(r->ds, r->dx), r->cx, &done);

    if (err)
        return dos_fail(m, r, err);
    r->ax = done;
    dos_ok(r);
}

static void f41_delete(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX];

    if (int21_path(m, r, r->ds, r->dx, path, sizeof(path)))
        int21_result(m, r, dos_delete_path(m, path));
}

static void f42_seek(struct machine *m, struct cpu_regs *r)
{
    uint32_t pos;
    enum dos_error err =
        dos_seek_handle(m, r->bx, r->al, (int32_t)((uint32_t)r->cx << 16 | r->dx), &pos);

    if (err)
        return dos_fail(m, r, err);
    r->ax = (uint16_t)pos;
    r->dx = (uint16_t)(pos >> 16);
    dos_ok(r);
}

static void f43_attributes(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX];
    uint16_t attr;
    enum dos_error err;

    if (r->al > 1)
        return dos_fail(m, r, DOSERR_FUNCTION);
    if (!int21_path(m, r, r->ds, r->dx, path, sizeof(path)))
        return;
    if (r->al == 1)
        return int21_result(m, r, dos_set_attr(m, path, r->cx));
    err = dos_get_attr(m, path, &attr);
    if (err)
        return dos_fail(m, r, err);
    r->cx = attr;
    r->ax = attr;
    dos_ok(r);
}

static void f44_ioctl(struct machine *m, struct cpu_regs *r)
{
    dos_ioctl(m, r);
}

static void f45_dup(struct machine *m, struct cpu_regs *r)
{
    uint16_t h;
    enum dos_error err = dos_dup_handle(m, r->bx, &h);

    if (err)
        return dos_fail(m, r, err);
    r->ax = h;
    dos_ok(r);
}

static void f46_force_dup(struct machine *m, struct cpu_regs *r)
{
    int21_result(m, r, dos_force_dup(m, r->bx, r->cx));
}

static void f47_getcwd(struct machine *m, struct cpu_regs *r)
{
    char cur[DOS_CDS_MAX + 1];
    int drive = int21_drive(m, r->dl);

    if (drive < 0)
        return dos_fail(m, r, DOSERR_INVALID_DRIVE);
    dos_cds_get(m, drive, cur, sizeof(cur));
    /* Without the drive and the root's backslash: "DIR\SUB", or "" at the root. */
    mem_write(&m->mem, cpu_linear(r->ds, r->si), cur + 3, strlen(cur + 3) + 1);
    r->ax = 0x0100;
    dos_ok(r);
}

static void f48_alloc(struct machine *m, struct cpu_regs *r)
{
    uint16_t largest;
    enum dos_error err;
    uint16_t seg = dos_mcb_alloc(m, r->bx, m->dos->cur_psp, &largest, &err);

    if (!seg) {
        if (err == DOSERR_NO_MEMORY)
            r->bx = largest;
        return dos_fail(m, r, err);
    }
    r->ax = seg;
    dos_ok(r);
}

static void f49_free(struct machine *m, struct cpu_regs *r)
{
    int21_result(m, r, dos_mcb_free(m, r->es));
}

static void f4a_resize(struct machine *m, struct cpu_regs *r)
{
    uint16_t largest;
    enum dos_error err = dos_mcb_resize(m, r->es, r->bx, &largest);

    if (err) {
        if (err == DOSERR_NO_MEMORY)
            r->bx = largest;
        return dos_fail(m, r, err);
    }
    dos_ok(r);
}

static void f4b_exec(struct machine *m, struct cpu_regs *r)
{
    dos_exec(m, r);
}

static void f4c_exit(struct machine *m, struct cpu_regs *r)
{
    dos_terminate(m, r, r->al, DOS_TERM_NORMAL);
}

static void f4d_return_code(struct machine *m, struct cpu_regs *r)
{
    r->al = m->dos->ret_code;
    r->ah = m->dos->ret_type;
    /* DOS hands the code out once. */
    m->dos->ret_code = 0;
    m->dos->ret_type = 0;
    dos_ok(r);
}

static void f4e_find_first(struct machine *m, struct cpu_regs *r)
{
    dos_find_first_dta(m, r);
}

static void f4f_find_next(struct machine *m, struct cpu_regs *r)
{
    dos_find_next_dta(m, r);
}

static void f50_set_psp(struct machine *m, struct cpu_regs *r)
{
    m->dos->cur_psp = r->bx;
}

static void f51_get_psp(struct machine *m, struct cpu_regs *r)
{
    r->bx = m->dos->cur_psp;
}

static void f55_create_child_psp(struct machine *m, struct cpu_regs *r)
{
    dos_create_child_psp(m, r);
}

static void f56_rename(struct machine *m, struct cpu_regs *r)
{
    char from[DOS_PATH_MAX], to[DOS_PATH_MAX];

    if (int21_path(m, r, r->ds, r->dx, from, sizeof(from)) &&
        int21_path(m, r, r->es, r->di, to, sizeof(to)))
        int21_result(m, r, dos_rename_path(m, from, to));
}

static void f57_file_time(struct machine *m, struct cpu_regs *r)
{
    uint16_t time_w = r->cx, date = r->dx;
    enum dos_error err;

    if (r->al > 1)
        return dos_fail(m, r, DOSERR_FUNCTION);
    err = dos_file_time(m, r->bx, r->al == 1, &time_w, &date);
    if (err)
        return dos_fail(m, r, err);
    r->cx = time_w;
    r->dx = date;
    dos_ok(r);
}

static void f58_strategy(struct machine *m, struct cpu_regs *r)
{
    struct dos *d = m->dos;

    switch (r->al) {
    case 0x00: r->ax = d->alloc_strategy; return dos_ok(r);
    case 0x01:
        /* First, best or last fit, low or (none being there) high memory first. */
        if ((r->bl & 0x3F) > 2 || (r->bl & 0xC0) == 0xC0 || r->bh)
            return dos_fail(m, r, DOSERR_FUNCTION);
        d->alloc_strategy = r->bl;
        return dos_ok(r);
    case 0x02: r->al = d->umb_link; return dos_ok(r);
    case 0x03:
        /* There are no upper memory blocks to link. */
        if (r->bx == 0) {
            d->umb_link = false;
            return dos_ok(r);
        }
        return dos_fail(m, r, DOSERR_FUNCTION);
    default: return dos_fail(m, r, DOSERR_FUNCTION);
    }
}

static void f5a_create_temp(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX + 16];
    uint16_t h;
    enum dos_error err;

    if (!int21_path(m, r, r->ds, r->dx, path, DOS_PATH_MAX))
        return;
    err = dos_create_temp(m, path, sizeof(path), r->cx, &h);
    if (err)
        return dos_fail(m, r, err);
    mem_write(&m->mem, cpu_linear(r->ds, r->dx), path, strlen(path) + 1);
    r->ax = h;
    dos_ok(r);
}

static void f5b_create_new(struct machine *m, struct cpu_regs *r)
{
    open_common(m, r, 2, DOS_CREATE_NEW, r->cx, r->dx);
}

static void f60_truename(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX], out[DOS_PATH_MAX + 8];
    struct dos_path p;
    enum dos_error err;

    if (!int21_path(m, r, r->ds, r->si, path, sizeof(path)))
        return;
    err = dos_path_resolve(m, path, &p, DOS_RESOLVE_WILD);
    if (err)
        return dos_fail(m, r, err);
    if (p.device != DOS_FILE_FREE) {
        char name[13];
        dos_fcb_to_name((const uint8_t *)p.fcb, name);
        name[strcspn(name, ".")] = 0;
        snprintf(out, sizeof(out), "%c:/%s", 'A' + p.drive, name);
    } else {
        snprintf(out, sizeof(out), "%s", p.dos);
    }
    mem_write(&m->mem, cpu_linear(r->es, r->di), out, strlen(out) + 1);
    dos_ok(r);
}

static void f62_get_psp(struct machine *m, struct cpu_regs *r)
{
    r->bx = m->dos->cur_psp;
}

static void f63_dbcs(struct machine *m, struct cpu_regs *r)
{
    dos_dbcs(m, r);
}

static void f65_ext_country(struct machine *m, struct cpu_regs *r)
{
    dos_ext_country(m, r);
}

static void f66_code_page(struct machine *m, struct cpu_regs *r)
{
    dos_code_page(m, r);
}

static void f67_handle_count(struct machine *m, struct cpu_regs *r)
{
    int21_result(m, r, dos_set_handle_count(m, r->bx));
}

static void f68_commit(struct machine *m, struct cpu_regs *r)
{
    int21_result(m, r, dos_commit_handle(m, r->bx));
}

static void f6c_extended_open(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX];
    uint8_t exists = r->dl & 0x0F, missing = r->dl & 0xF0;
    uint16_t mode = r->bx & 0x00FF, h;
    bool existed = false;
    enum dos_error err;

    if (r->dh || !r->dl || exists > 2 || missing > 0x10)
        return dos_fail(m, r, DOSERR_FUNCTION);
    if (!int21_path(m, r, r->ds, r->si, path, sizeof(path)))
        return;
    if (mode & 0x80)
        mode = (uint16_t)((mode & 0x7F) | SFT_MODE_NO_INHERIT);
    if (exists == 0) {
        /* Only create: the file must not exist. */
        err = dos_open_handle(m, path, mode, DOS_CREATE_NEW, r->cx, &h, &existed);
        r->cx = 2;
    } else if (exists == 1) {
        err = dos_open_handle(m, path, mode, DOS_OPEN, 0, &h, &existed);
        r->cx = 1;
        if (err == DOSERR_FILE_NOT_FOUND && missing) {
            err = dos_open_handle(m, path, mode, DOS_CREATE_NEW, r->cx, &h, &existed);
            r->cx = 2;
        }
    } else {
        /* Replace: truncate what is there; create it only if asked to. */
        struct dos_path p;
        err = dos_path_resolve(m, path, &p, 0);
        if (!err && !p.exists && p.device == DOS_FILE_FREE && !missing)
            err = DOSERR_FILE_NOT_FOUND;
        if (!err)
            err = dos_open_handle(m, path, mode, DOS_CREATE_TRUNC, r->cx, &h, &existed);
        r->cx = existed ? 3 : 2;
    }
    if (err)
        return dos_fail(m, r, err);
    r->ax = h;
    dos_ok(r);
}

static void f71_long_names(struct machine *m, struct cpu_regs *r)
{
    /* No long file names: what DOS 7 says without them. */
    dos_set_error(m, DOSERR_FUNCTION);
    r->ax = 0x7100;
    r->flags |= FLAG_CF;
}

static const struct int21_entry int21_table[0x100] = {
    [0x00] = {"TERMINATE PROGRAM", f00_terminate},
    [0x01] = {"READ CHARACTER FROM STDIN WITH ECHO", f01_read_echo},
    [0x02] = {"WRITE CHARACTER TO STDOUT", f02_write_char},
    [0x03] = {"READ CHARACTER FROM STDAUX", f03_aux_input},
    [0x04] = {"WRITE CHARACTER TO STDAUX", f04_aux_output},
    [0x05] = {"WRITE CHARACTER TO PRINTER", f05_printer_output},
    [0x06] = {"DIRECT CONSOLE OUTPUT/INPUT", f06_direct_console},
    [0x07] = {"DIRECT CHARACTER INPUT WITHOUT ECHO", f07_read_raw},
    [0x08] = {"CHARACTER INPUT WITHOUT ECHO", f08_read_no_echo},
    [0x09] = {"WRITE STRING TO STDOUT", f09_write_string},
    [0x0A] = {"BUFFERED INPUT", f0a_buffered_input},
    [0x0B] = {"GET STDIN STATUS", f0b_input_status},
    [0x0C] = {"FLUSH BUFFER AND READ STANDARD INPUT", f0c_flush_and_read},
    [0x0D] = {"DISK RESET", f0d_disk_reset},
    [0x0E] = {"SELECT DEFAULT DRIVE", f0e_select_disk},
    [0x0F] = {"OPEN FILE USING FCB", dos_fcb_open},
    [0x10] = {"CLOSE FILE USING FCB", dos_fcb_close},
    [0x11] = {"FIND FIRST MATCHING FILE USING FCB", dos_fcb_find_first},
    [0x12] = {"FIND NEXT MATCHING FILE USING FCB", dos_fcb_find_next},
    [0x13] = {"DELETE FILE USING FCB", dos_fcb_delete},
    [0x14] = {"SEQUENTIAL READ FROM FCB FILE", dos_fcb_seq_read},
    [0x15] = {"SEQUENTIAL WRITE TO FCB FILE", dos_fcb_seq_write},
    [0x16] = {"CREATE OR TRUNCATE FILE USING FCB", dos_fcb_create},
    [0x17] = {"RENAME FILE USING FCB", dos_fcb_rename},
    [0x19] = {"GET CURRENT DEFAULT DRIVE", f19_current_disk},
    [0x1A] = {"SET DISK TRANSFER AREA ADDRESS", f1a_set_dta},
    [0x1B] = {"GET ALLOCATION INFORMATION FOR DEFAULT DRIVE", f1b_alloc_info_default},
    [0x1C] = {"GET ALLOCATION INFORMATION FOR SPECIFIC DRIVE", f1c_alloc_info},
    [0x1F] = {"GET DRIVE PARAMETER BLOCK FOR DEFAULT DRIVE", f1f_get_default_dpb},
    [0x21] = {"READ RANDOM RECORD FROM FCB FILE", dos_fcb_random_read},
    [0x22] = {"WRITE RANDOM RECORD TO FCB FILE", dos_fcb_random_write},
    [0x23] = {"GET FILE SIZE FOR FCB", dos_fcb_file_size},
    [0x24] = {"SET RANDOM RECORD NUMBER FOR FCB", dos_fcb_set_random},
    [0x25] = {"SET INTERRUPT VECTOR", f25_set_vector},
    [0x26] = {"CREATE NEW PROGRAM SEGMENT PREFIX", f26_create_psp},
    [0x27] = {"RANDOM BLOCK READ FROM FCB FILE", dos_fcb_block_read},
    [0x28] = {"RANDOM BLOCK WRITE TO FCB FILE", dos_fcb_block_write},
    [0x29] = {"PARSE FILENAME INTO FCB", dos_fcb_parse},
    [0x2A] = {"GET SYSTEM DATE", f2a_get_date},
    [0x2B] = {"SET SYSTEM DATE", f2b_set_date},
    [0x2C] = {"GET SYSTEM TIME", f2c_get_time},
    [0x2D] = {"SET SYSTEM TIME", f2d_set_time},
    [0x2E] = {"SET VERIFY FLAG", f2e_set_verify},
    [0x2F] = {"GET DISK TRANSFER AREA ADDRESS", f2f_get_dta},
    [0x30] = {"GET DOS VERSION", f30_get_version},
    [0x31] = {"TERMINATE AND STAY RESIDENT", f31_keep},
    [0x32] = {"GET DOS DRIVE PARAMETER BLOCK FOR SPECIFIC DRIVE", f32_get_dpb},
    [0x33] = {"EXTENDED BREAK CHECKING", f33_ctrl_break},
    [0x34] = {"GET ADDRESS OF INDOS FLAG", f34_indos},
    [0x35] = {"GET INTERRUPT VECTOR", f35_get_vector},
    [0x36] = {"GET FREE DISK SPACE", f36_disk_free},
    [0x37] = {"GET/SET SWITCH CHARACTER", f37_switch_char},
    [0x38] = {"GET/SET COUNTRY-SPECIFIC INFORMATION", f38_country},
    [0x39] = {"CREATE SUBDIRECTORY", f39_mkdir},
    [0x3A] = {"REMOVE SUBDIRECTORY", f3a_rmdir},
    [0x3B] = {"SET CURRENT DIRECTORY", f3b_chdir},
    [0x3C] = {"CREATE OR TRUNCATE FILE", f3c_create},
    [0x3D] = {"OPEN EXISTING FILE", f3d_open},
    [0x3E] = {"CLOSE FILE", f3e_close},
    [0x3F] = {"READ FROM FILE OR DEVICE", f3f_read},
    [0x40] = {"WRITE TO FILE OR DEVICE", f40_write},
    [0x41] = {"DELETE FILE", f41_delete},
    [0x42] = {"SET CURRENT FILE POSITION", f42_seek},
    [0x43] = {"GET/SET FILE ATTRIBUTES", f43_attributes},
    [0x44] = {"IOCTL", f44_ioctl},
    [0x45] = {"DUPLICATE FILE HANDLE", f45_dup},
    [0x46] = {"FORCE DUPLICATE FILE HANDLE", f46_force_dup},
    [0x47] = {"GET CURRENT DIRECTORY", f47_getcwd},
    [0x48] = {"ALLOCATE MEMORY", f48_alloc},
    [0x49] = {"FREE MEMORY", f49_free},
    [0x4A] = {"RESIZE MEMORY BLOCK", f4a_resize},
    [0x4B] = {"EXEC - LOAD AND/OR EXECUTE PROGRAM", f4b_exec},
    [0x4C] = {"TERMINATE WITH RETURN CODE", f4c_exit},
    [0x4D] = {"GET RETURN CODE", f4d_return_code},
    [0x4E] = {"FIND FIRST MATCHING FILE", f4e_find_first},
    [0x4F] = {"FIND NEXT MATCHING FILE", f4f_find_next},
    [0x50] = {"SET CURRENT PROCESS ID", f50_set_psp},
    [0x51] = {"GET CURRENT PROCESS ID", f51_get_psp},
    [0x52] = {"GET LIST OF LISTS", f52_list_of_lists},
    [0x54] = {"GET VERIFY FLAG", f54_get_verify},
    [0x55] = {"CREATE CHILD PSP", f55_create_child_psp},
    [0x56] = {"RENAME FILE", f56_rename},
    [0x57] = {"GET/SET FILE'S LAST-WRITTEN DATE AND TIME", f57_file_time},
    [0x58] = {"GET/SET MEMORY ALLOCATION STRATEGY", f58_strategy},
    [0x59] = {"GET EXTENDED ERROR INFORMATION", f59_extended_error},
    [0x5A] = {"CREATE TEMPORARY FILE", f5a_create_temp},
    [0x5B] = {"CREATE NEW FILE", f5b_create_new},
    [0x60] = {"TRUENAME - CANONICALIZE FILENAME OR PATH", f60_truename},
    [0x62] = {"GET CURRENT PSP ADDRESS", f62_get_psp},
    [0x63] = {"GET DOUBLE BYTE CHARACTER SET LEAD-BYTE TABLE", f63_dbcs},
    [0x65] = {"GET EXTENDED COUNTRY INFORMATION", f65_ext_country},
    [0x66] = {"GET/SET GLOBAL CODE PAGE TABLE", f66_code_page},
    [0x67] = {"SET HANDLE COUNT", f67_handle_count},
    [0x68] = {"COMMIT FILE", f68_commit},
    [0x6A] = {"COMMIT FILE", f68_commit},
    [0x6C] = {"EXTENDED OPEN/CREATE", f6c_extended_open},
    [0x71] = {"LONG FILE NAME FUNCTIONS", f71_long_names},
};

/* Functions that never look for ^C, even with BREAK ON. */
static bool int21_no_break_check(uint8_t ah)
{
    switch (ah) {
    case 0x00:
    case 0x06:
    case 0x07:
    case 0x31:
    case 0x33:
    case 0x34:
    case 0x4C:
    case 0x4D:
    case 0x50:
    case 0x51:
    case 0x59:
    case 0x62: return true;
    default: return ah > 0x6C;
    }
}

void int21_service(struct machine *m, struct cpu_regs *r)
{
    struct dos *d = m->dos;
    const struct int21_entry *e = &int21_table[r->ah];
    uint32_t psp = (uint32_t)d->cur_psp << 4;
    uint16_t frame = (uint16_t)(r->sp - 18);
    const uint16_t regs[9] = {r->ax, r->bx, r->cx, r->dx, r->si, r->di, r->bp, r->ds, r->es};
    uint16_t wait_ip = (uint16_t)(rom_stub(&m->rom, 0x21) + ROM_STUB_WAIT);

    /* DOS keeps the caller's registers on its stack, below the INT frame, and that
     * stack in its PSP: EXEC returns through them (process.c). */
    for (int i = 0; i < 9; i++)
        mem_wr16(&m->mem, cpu_linear(r->ss, (uint16_t)(frame + 2 * i)), regs[i]);
    mem_wr16(&m->mem, psp + PSP_SSSP, frame);
    mem_wr16(&m->mem, psp + PSP_SSSP + 2, r->ss);
    d->int21_entry = *r;
    if (!e->fn) {
        log_debug(&m->log, LOG_INT, "int 21h AX=%04X: unknown function", r->ax);
        dos_fail(m, r, DOSERR_FUNCTION);
        return;
    }
    log_debug(&m->log, LOG_DOS, "int 21h AX=%04X %s", r->ax, e->name);
    /* ^C is looked for by the console functions, and by all others with BREAK ON. */
    if (((r->ah >= 0x01 && r->ah <= 0x0C) || (d->ctrl_break && !int21_no_break_check(r->ah))) &&
        !int21_no_break_check(r->ah) && dos_check_break(m, r))
        return;
    e->fn(m, r);
    /* InDOS is set while a function waits for input (TSRs look at it from their
     * timer hooks); the call is over otherwise. */
    mem_wr8(&m->mem, dos_addr(DOS_SDA + SDA_INDOS), r->cs == ROM_SEG && r->ip == wait_ip ? 1 : 0);
}

void int20_service(struct machine *m, struct cpu_regs *r)
{
    dos_terminate(m, r, 0, DOS_TERM_NORMAL);
}
