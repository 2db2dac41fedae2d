/* int 21h: the DOS function table. Each entry is labelled with the function's name
 * in Ralf Brown's Interrupt List, so the table reads like the list. */
#include <string.h>
#include <time.h>

#include "bios/bda.h"
#include "bios/bios.h"
#include "dos/dos.h"
#include "dos/files.h"
#include "dos/paths.h"
#include "dos/process.h"

typedef void (*int21_fn)(struct machine *m, struct cpu_regs *r);

struct int21_entry {
    const char *name;
    int21_fn fn;
};

void dos_fail(struct machine *m, struct cpu_regs *r, enum dos_error err)
{
    m->dos->last_error = err;
    r->ax = err;
    r->flags |= FLAG_CF;
}

/* Reads the ASCIIZ path at DS:DX; false (with error 3 set) if it is not terminated
 * within DOS's limit or runs off the end of memory. */
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

static void stdout_char(struct machine *m, uint8_t c)
{
    int idx = dos_handle_to_sft(m, 1);
    uint16_t done;

    if (idx >= 0)
        dos_sft_write(m, idx, &c, 1, &done);
}

static void f00_terminate(struct machine *m, struct cpu_regs *r)
{
    dos_terminate(m, r, 0, DOS_TERM_NORMAL);
}

static void f01_read_echo(struct machine *m, struct cpu_regs *r)
{
    int c = dos_stdin_read_char(m, r);
    if (c < 0)
        return;
    r->al = (uint8_t)c;
    stdout_char(m, r->al);
}

static void f02_write_char(struct machine *m, struct cpu_regs *r)
{
    stdout_char(m, r->dl);
    r->al = r->dl;
}

static void f06_direct_console(struct machine *m, struct cpu_regs *r)
{
    int c;

    if (r->dl != 0xFF) {
        stdout_char(m, r->dl);
        r->al = r->dl;
        return;
    }
    c = dos_stdin_poll_char(m, r);
    if (c < 0) {
        r->al = 0;
        r->flags |= FLAG_ZF;
        return;
    }
    r->al = (uint8_t)c;
    r->flags &= ~FLAG_ZF;
}

static void f07_read_raw(struct machine *m, struct cpu_regs *r)
{
    int c = dos_stdin_read_char(m, r);
    if (c >= 0)
        r->al = (uint8_t)c;
}

static void f09_write_string(struct machine *m, struct cpu_regs *r)
{
    uint32_t p = cpu_linear(r->ds, r->dx);
    uint8_t buf[256];
    size_t n = 0;

    /* Up to 64 KiB, to the '$'. */
    for (uint32_t i = 0; i < 0x10000; i++) {
        uint8_t c = mem_rd8(&m->mem, p + i);
        if (c == '$')
            break;
        buf[n++] = c;
        if (n == sizeof(buf)) {
            int idx = dos_handle_to_sft(m, 1);
            uint16_t done;
            if (idx >= 0)
                dos_sft_write(m, idx, buf, (uint16_t)n, &done);
            n = 0;
        }
    }
    if (n) {
        int idx = dos_handle_to_sft(m, 1);
        uint16_t done;
        if (idx >= 0)
            dos_sft_write(m, idx, buf, (uint16_t)n, &done);
    }
    r->al = '$';
}

static void f0a_buffered_input(struct machine *m, struct cpu_regs *r)
{
    dos_buffered_input(m, r);
}

static void f0b_input_status(struct machine *m, struct cpu_regs *r)
{
    r->al = dos_stdin_ready(m) ? 0xFF : 0x00;
}

static void f0d_disk_reset(struct machine *m, struct cpu_regs *r)
{
    /* Writes reach the host at once: nothing to flush. */
}

static uint8_t dos_lastdrive(const struct machine *m)
{
    return 26;
}

static void f0e_select_disk(struct machine *m, struct cpu_regs *r)
{
    if (r->dl < 26 && m->dos->drives[r->dl].root_fd >= 0)
        m->dos->cur_drive = r->dl;
    r->al = dos_lastdrive(m);
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

static void f25_set_vector(struct machine *m, struct cpu_regs *r)
{
    mem_wr16(&m->mem, r->al * 4u, r->dx);
    mem_wr16(&m->mem, r->al * 4u + 2, r->ds);
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
}

static void f2d_set_time(struct machine *m, struct cpu_regs *r)
{
    bool ok = r->ch < 24 && r->cl < 60 && r->dh < 60 && r->dl < 100;
    r->al = ok ? 0x00 : 0xFF;
}

static void f2f_get_dta(struct machine *m, struct cpu_regs *r)
{
    r->es = m->dos->dta_seg;
    r->bx = m->dos->dta_off;
}

static void f30_get_version(struct machine *m, struct cpu_regs *r)
{
    uint16_t v = mem_rd16(&m->mem, ((uint32_t)m->dos->cur_psp << 4) + PSP_VERSION);
    r->ax = v ? v : m->dos->version;
    r->bh = r->al == 0 ? 0 : 0xFF; /* OEM: IBM for the 1.x answer, else none */
    r->bl = 0;
    r->cx = 0;
}

static void f33_ctrl_break(struct machine *m, struct cpu_regs *r)
{
    switch (r->al) {
    case 0x00: r->dl = m->dos->ctrl_break; break;
    case 0x01: m->dos->ctrl_break = r->dl & 1; break;
    case 0x05: r->dl = 3; break; /* boot drive C: */
    case 0x06:
        r->bx = m->dos->version;
        r->dx = 0x1000; /* revision 0, DOS in HMA: no */
        break;
    default: r->al = 0xFF; break;
    }
}

static void f35_get_vector(struct machine *m, struct cpu_regs *r)
{
    r->bx = mem_rd16(&m->mem, r->al * 4u);
    r->es = mem_rd16(&m->mem, r->al * 4u + 2);
}

static void f3c_create(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX];
    uint16_t h;
    enum dos_error err;

    if (!int21_path(m, r, r->ds, r->dx, path, sizeof(path)))
        return;
    err = dos_open_path(m, path, 2, true, r->cx, &h);
    if (err)
        return dos_fail(m, r, err);
    r->ax = h;
    dos_ok(r);
}

static void f3d_open(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX];
    uint16_t h;
    enum dos_error err;

    if (!int21_path(m, r, r->ds, r->dx, path, sizeof(path)))
        return;
    err = dos_open_path(m, path, r->al, false, 0, &h);
    if (err)
        return dos_fail(m, r, err);
    r->ax = h;
    dos_ok(r);
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
        return;
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

    if (!int21_path(m, r, r->ds, r->dx, path, sizeof(path)))
        return;
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

static void f44_ioctl(struct machine *m, struct cpu_regs *r)
{
    int idx;

    switch (r->al) {
    case 0x00: /* GET DEVICE INFORMATION */
        idx = dos_handle_to_sft(m, r->bx);
        if (idx < 0)
            return dos_fail(m, r, DOSERR_INVALID_HANDLE);
        r->dx = dos_handle_devinfo(m, idx);
        r->ax = r->dx;
        dos_ok(r);
        return;
    default:
        log_debug(&m->log, LOG_INT, "int 21h AX=%04X: IOCTL subfunction not supported", r->ax);
        return dos_fail(m, r, DOSERR_FUNCTION);
    }
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

static void f48_alloc(struct machine *m, struct cpu_regs *r)
{
    uint16_t largest;
    enum dos_error err;
    uint16_t seg = dos_mcb_alloc(m, r->bx, m->dos->cur_psp, &largest, &err);

    if (!seg) {
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

static void f50_set_psp(struct machine *m, struct cpu_regs *r)
{
    m->dos->cur_psp = r->bx;
}

static void f51_get_psp(struct machine *m, struct cpu_regs *r)
{
    r->bx = m->dos->cur_psp;
}

static void f52_list_of_lists(struct machine *m, struct cpu_regs *r)
{
    r->es = DOS_SEG;
    r->bx = DOS_LOL;
}

static void f59_extended_error(struct machine *m, struct cpu_regs *r)
{
    uint16_t e = m->dos->last_error;

    r->ax = e;
    r->bh = e == DOSERR_FILE_NOT_FOUND || e == DOSERR_PATH_NOT_FOUND ? 8 /* not found */
            : e == DOSERR_ACCESS_DENIED                              ? 3 /* authorization */
            : e == DOSERR_NO_MEMORY                                  ? 1 /* out of resource */
                                                                     : 7;                                 /* unknown */
    r->bl = e == DOSERR_NO_MEMORY ? 5 : e ? 3 : 0; /* action: abort / ask user */
    r->ch = e == DOSERR_NO_MEMORY ? 5 : 2;         /* locus: memory / block device */
}

static const struct int21_entry int21_table[0x100] = {
    [0x00] = {"TERMINATE PROGRAM", f00_terminate},
    [0x01] = {"READ CHARACTER FROM STDIN WITH ECHO", f01_read_echo},
    [0x02] = {"WRITE CHARACTER TO STDOUT", f02_write_char},
    [0x06] = {"DIRECT CONSOLE OUTPUT/INPUT", f06_direct_console},
    [0x07] = {"DIRECT CHARACTER INPUT WITHOUT ECHO", f07_read_raw},
    [0x08] = {"CHARACTER INPUT WITHOUT ECHO", f07_read_raw},
    [0x09] = {"WRITE STRING TO STDOUT", f09_write_string},
    [0x0A] = {"BUFFERED INPUT", f0a_buffered_input},
    [0x0B] = {"GET STDIN STATUS", f0b_input_status},
    [0x0D] = {"DISK RESET", f0d_disk_reset},
    [0x0E] = {"SELECT DEFAULT DRIVE", f0e_select_disk},
    [0x19] = {"GET CURRENT DEFAULT DRIVE", f19_current_disk},
    [0x1A] = {"SET DISK TRANSFER AREA ADDRESS", f1a_set_dta},
    [0x25] = {"SET INTERRUPT VECTOR", f25_set_vector},
    [0x2A] = {"GET SYSTEM DATE", f2a_get_date},
    [0x2B] = {"SET SYSTEM DATE", f2b_set_date},
    [0x2C] = {"GET SYSTEM TIME", f2c_get_time},
    [0x2D] = {"SET SYSTEM TIME", f2d_set_time},
    [0x2F] = {"GET DISK TRANSFER AREA ADDRESS", f2f_get_dta},
    [0x30] = {"GET DOS VERSION", f30_get_version},
    [0x33] = {"EXTENDED BREAK CHECKING", f33_ctrl_break},
    [0x35] = {"GET INTERRUPT VECTOR", f35_get_vector},
    [0x3C] = {"CREATE OR TRUNCATE FILE", f3c_create},
    [0x3D] = {"OPEN EXISTING FILE", f3d_open},
    [0x3E] = {"CLOSE FILE", f3e_close},
    [0x3F] = {"READ FROM FILE OR DEVICE", f3f_read},
    [0x40] = {"WRITE TO FILE OR DEVICE", f40_write},
    [0x41] = {"DELETE FILE", f41_delete},
    [0x42] = {"SET CURRENT FILE POSITION", f42_seek},
    [0x44] = {"IOCTL", f44_ioctl},
    [0x45] = {"DUPLICATE FILE HANDLE", f45_dup},
    [0x46] = {"FORCE DUPLICATE FILE HANDLE", f46_force_dup},
    [0x48] = {"ALLOCATE MEMORY", f48_alloc},
    [0x49] = {"FREE MEMORY", f49_free},
    [0x4A] = {"RESIZE MEMORY BLOCK", f4a_resize},
    [0x4C] = {"TERMINATE WITH RETURN CODE", f4c_exit},
    [0x4D] = {"GET RETURN CODE", f4d_return_code},
    [0x50] = {"SET CURRENT PROCESS ID", f50_set_psp},
    [0x51] = {"GET CURRENT PROCESS ID", f51_get_psp},
    [0x52] = {"GET LIST OF LISTS", f52_list_of_lists},
    [0x59] = {"GET EXTENDED ERROR INFORMATION", f59_extended_error},
    [0x62] = {"GET CURRENT PSP ADDRESS", f51_get_psp},
};

void int21_service(struct machine *m, struct cpu_regs *r)
{
    const struct int21_entry *e = &int21_table[r->ah];
    uint32_t psp = (uint32_t)m->dos->cur_psp << 4;

    /* DOS keeps the caller's stack in its PSP: EXEC and terminate return on it. */
    mem_wr16(&m->mem, psp + PSP_SSSP, r->sp);
    mem_wr16(&m->mem, psp + PSP_SSSP + 2, r->ss);
    if (!e->fn) {
        log_debug(&m->log, LOG_INT, "int 21h AX=%04X: unknown function", r->ax);
        dos_fail(m, r, DOSERR_FUNCTION);
        return;
    }
    log_debug(&m->log, LOG_DOS, "int 21h AX=%04X %s", r->ax, e->name);
    e->fn(m, r);
}

void int20_service(struct machine *m, struct cpu_regs *r)
{
    dos_terminate(m, r, 0, DOS_TERM_NORMAL);
}
