/* Handles and the system file table: the JFT in each PSP maps handles to SFT entries
 * in guest memory, and each SFT entry has a host file (or a device) behind it. Reads
 * and writes go straight to the host file at the SFT's position, unbuffered. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bios/bios.h"
#include "dos/dos.h"
#include "dos/files.h"
#include "dos/paths.h"

/* Device information words (IOCTL 4400h) of the character devices. */
#define DEVINFO_CON        0x80D3u /* device, stdin, stdout, int 29h output, not EOF */
#define DEVINFO_NUL        0x8084u
#define DEVINFO_AUX        0x80C0u
#define DEVINFO_PRN        0xA0C0u
#define DEVINFO_CLOCK      0x8088u
#define DEVINFO_FILE_CLEAN 0x0040u /* a file not written to since it was opened */

uint32_t dos_sft_addr(int idx)
{
    return dos_addr(DOS_SFT) + 6 + (uint32_t)idx * DOS_SFT_ENTRY;
}

static uint16_t sft_rd16(struct machine *m, int idx, unsigned field)
{
    return mem_rd16(&m->mem, dos_sft_addr(idx) + field);
}

static void sft_wr16(struct machine *m, int idx, unsigned field, uint16_t v)
{
    mem_wr16(&m->mem, dos_sft_addr(idx) + field, v);
}

static uint32_t sft_rd32(struct machine *m, int idx, unsigned field)
{
    return mem_rd32(&m->mem, dos_sft_addr(idx) + field);
}

static void sft_wr32(struct machine *m, int idx, unsigned field, uint32_t v)
{
    mem_wr32(&m->mem, dos_sft_addr(idx) + field, v);
}

/* The device header a device SFT entry points to (see dos.c for the chain). */
static uint32_t dos_device_header(enum dos_file_kind kind)
{
    switch (kind) {
    case DOS_FILE_NUL: return dos_addr(DOS_LOL + LOL_NUL_DEV);
    case DOS_FILE_CON: return dos_addr(DOS_DEVICES);
    case DOS_FILE_AUX: return dos_addr(DOS_DEVICES + DOS_DEVICE_SIZE);
    case DOS_FILE_PRN: return dos_addr(DOS_DEVICES + 2 * DOS_DEVICE_SIZE);
    case DOS_FILE_CLOCK: return dos_addr(DOS_DEVICES + 3 * DOS_DEVICE_SIZE);
    default: return 0;
    }
}

static void sft_set_name(struct machine *m, int idx, const char *name)
{
    char fcb[11];
    const char *dot = strchr(name, '.');
    size_t n = dot ? (size_t)(dot - name) : strlen(name);

    memset(fcb, ' ', sizeof(fcb));
    memcpy(fcb, name, n > 8 ? 8 : n);
    if (dot)
        memcpy(fcb + 8, dot + 1, strlen(dot + 1) > 3 ? 3 : strlen(dot + 1));
    mem_write(&m->mem, dos_sft_addr(idx) + SFT_NAME, fcb, sizeof(fcb));
}

void dos_sft_set_device(struct machine *m, int idx, enum dos_file_kind kind)
{
    static const uint16_t info[] = {
        [DOS_FILE_CON] = DEVINFO_CON,     [DOS_FILE_NUL] = DEVINFO_NUL,
        [DOS_FILE_AUX] = DEVINFO_AUX,     [DOS_FILE_PRN] = DEVINFO_PRN,
        [DOS_FILE_CLOCK] = DEVINFO_CLOCK,
    };
    uint32_t hdr = dos_device_header(kind);
    char name[9] = {0};

    m->dos->files[idx] = (struct dos_file){.kind = kind, .fd = -1};
    sft_wr16(m, idx, SFT_DEVINFO, info[kind]);
    sft_wr32(m, idx, SFT_DEVPTR, (hdr >> 4) << 16 | (hdr & 0xF));
    sft_wr32(m, idx, SFT_SIZE, 0);
    sft_wr32(m, idx, SFT_POS, 0);
    mem_read(&m->mem, hdr + DEV_NAME, name, 8);
    for (int i = 7; i >= 0 && name[i] == ' '; i--)
        name[i] = 0;
    sft_set_name(m, idx, name);
}

/* An SFT entry for a host stream that is not a terminal (stdin from a pipe, stdout to
 * a file): programs see a file, as after COMMAND.COM's redirection. */
static void dos_sft_set_stream(struct machine *m, int idx, int fd)
{
    m->dos->files[idx] = (struct dos_file){.kind = DOS_FILE_HOST, .fd = fd, .stream = true};
    sft_wr16(m, idx, SFT_DEVINFO, 2 | DEVINFO_FILE_CLEAN); /* drive C: */
    sft_set_name(m, idx, fd == 0 ? "STDIN" : fd == 1 ? "STDOUT" : "STDERR");
}

int dos_sft_alloc(struct machine *m)
{
    for (int i = 0; i < (int)DOS_SFT_COUNT; i++) {
        if (!sft_rd16(m, i, SFT_HANDLES) && m->dos->files[i].kind == DOS_FILE_FREE) {
            mem_fill(&m->mem, dos_sft_addr(i), 0, DOS_SFT_ENTRY);
            sft_wr16(m, i, SFT_PSP, m->dos->cur_psp);
            return i;
        }
    }
    return -1;
}

/* The current process's job file table. */
static uint32_t dos_jft(struct machine *m, uint16_t *size)
{
    uint32_t psp = (uint32_t)m->dos->cur_psp << 4;
    *size = mem_rd16(&m->mem, psp + PSP_JFT_SIZE);
    return mem_rdfar(&m->mem, psp + PSP_JFT_PTR);
}

int dos_handle_to_sft(struct machine *m, uint16_t handle)
{
    uint16_t size;
    uint32_t jft = dos_jft(m, &size);
    uint8_t idx;

    if (handle >= size)
        return -1;
    idx = mem_rd8(&m->mem, jft + handle);
    if (idx >= DOS_SFT_COUNT || m->dos->files[idx].kind == DOS_FILE_FREE)
        return -1;
    return idx;
}

/* A free handle in the current JFT bound to SFT entry idx; -1 if none is free. */
static int dos_handle_alloc(struct machine *m, int idx)
{
    uint16_t size;
    uint32_t jft = dos_jft(m, &size);

    for (uint16_t h = 0; h < size; h++) {
        if (mem_rd8(&m->mem, jft + h) == JFT_CLOSED) {
            mem_wr8(&m->mem, jft + h, (uint8_t)idx);
            sft_wr16(m, idx, SFT_HANDLES, (uint16_t)(sft_rd16(m, idx, SFT_HANDLES) + 1));
            return h;
        }
    }
    return -1;
}

static void dos_sft_release(struct machine *m, int idx)
{
    uint16_t n = sft_rd16(m, idx, SFT_HANDLES);
    struct dos_file *f = &m->dos->files[idx];

    if (n > 1) {
        sft_wr16(m, idx, SFT_HANDLES, (uint16_t)(n - 1));
        return;
    }
    sft_wr16(m, idx, SFT_HANDLES, 0);
    if (f->kind == DOS_FILE_HOST && !f->stream && f->fd >= 0)
        close(f->fd);
    *f = (struct dos_file){.kind = DOS_FILE_FREE, .fd = -1};
}

void dos_files_init(struct machine *m)
{
    struct dos *d = m->dos;
    bool headless = m->cfg->headless;

    mem_wr32(&m->mem, dos_addr(DOS_SFT), 0xFFFFFFFFu);
    mem_wr16(&m->mem, dos_addr(DOS_SFT) + 4, DOS_SFT_COUNT);
    for (int i = 0; i < (int)DOS_SFT_COUNT; i++)
        d->files[i] = (struct dos_file){.kind = DOS_FILE_FREE, .fd = -1};
    /* 0: standard input, 1: standard output, 2: AUX, 3: PRN, 4: standard error. In a
     * window these are the console; headless, they are the host's streams, which look
     * like the console when they are a terminal and like files otherwise. */
    for (int i = 0; i < 5; i++) {
        static const int host_fd[] = {0, 1, -1, -1, 2};
        if (i == 2) {
            dos_sft_set_device(m, i, DOS_FILE_AUX);
        } else if (i == 3) {
            dos_sft_set_device(m, i, DOS_FILE_PRN);
        } else if (headless && !isatty(host_fd[i])) {
            dos_sft_set_stream(m, i, host_fd[i]);
        } else {
            dos_sft_set_device(m, i, DOS_FILE_CON);
            d->files[i].stderr_con = i == 4;
        }
    }
}

void dos_files_fini(struct machine *m)
{
    for (int i = 0; i < (int)DOS_SFT_COUNT; i++) {
        struct dos_file *f = &m->dos->files[i];
        if (f->kind == DOS_FILE_HOST && !f->stream && f->fd >= 0)
            close(f->fd);
    }
}

void dos_jft_init_root(struct machine *m, uint16_t psp)
{
    static const uint8_t std_sft[5] = {0, 1, 4, 2, 3}; /* stdin, stdout, stderr, AUX, PRN */
    uint32_t base = (uint32_t)psp << 4;

    mem_fill(&m->mem, base + PSP_JFT, JFT_CLOSED, JFT_DEFAULT_SIZE);
    for (int h = 0; h < 5; h++) {
        mem_wr8(&m->mem, base + PSP_JFT + h, std_sft[h]);
        sft_wr16(m, std_sft[h], SFT_HANDLES, (uint16_t)(sft_rd16(m, std_sft[h], SFT_HANDLES) + 1));
    }
}

void dos_close_process_files(struct machine *m, uint16_t psp)
{
    uint32_t base = (uint32_t)psp << 4;
    uint16_t size = mem_rd16(&m->mem, base + PSP_JFT_SIZE);
    uint32_t jft = mem_rdfar(&m->mem, base + PSP_JFT_PTR);

    for (uint16_t h = 0; h < size; h++) {
        uint8_t idx = mem_rd8(&m->mem, jft + h);
        if (idx < DOS_SFT_COUNT && m->dos->files[idx].kind != DOS_FILE_FREE)
            dos_sft_release(m, idx);
        mem_wr8(&m->mem, jft + h, JFT_CLOSED);
    }
}

/* DOS date and time words of a host time. */
static void dos_timestamp(time_t t, uint16_t *date, uint16_t *time_w)
{
    struct tm tm;

    localtime_r(&t, &tm);
    if (tm.tm_year < 80) {
        *date = (1 << 5) | 1; /* before 1980 DOS cannot say: 1-1-1980 */
        *time_w = 0;
        return;
    }
    *date = (uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
    *time_w = (uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
}

static void dos_sft_fill_host(struct machine *m, int idx, int fd, const struct dos_path *p,
                              uint16_t mode)
{
    struct stat st;
    uint16_t date = 0, time_w = 0;

    m->dos->files[idx] = (struct dos_file){.kind = DOS_FILE_HOST, .fd = fd};
    if (fstat(fd, &st) == 0) {
        dos_timestamp(st.st_mtime, &date, &time_w);
        sft_wr32(m, idx, SFT_SIZE, st.st_size > 0xFFFFFFFF ? 0xFFFFFFFFu : (uint32_t)st.st_size);
    }
    sft_wr16(m, idx, SFT_MODE, mode);
    sft_wr16(m, idx, SFT_DEVINFO, (uint16_t)(DEVINFO_FILE_CLEAN | p->drive));
    sft_wr16(m, idx, SFT_DATE, date);
    sft_wr16(m, idx, SFT_TIME, time_w);
    sft_wr32(m, idx, SFT_POS, 0);
    sft_set_name(m, idx, strrchr(p->dos, '\\') + 1);
}

enum dos_error dos_open_path(struct machine *m, const char *path, uint16_t mode, bool create,
                             uint16_t attr, uint16_t *handle)
{
    struct dos_path p;
    enum dos_error err = dos_path_resolve(m, path, &p);
    int idx, fd, flags, h;
    unsigned access = mode & 7;

    if (err)
        return err;
    if (!create && access > 2)
        return DOSERR_INVALID_ACCESS;
    idx = dos_sft_alloc(m);
    if (idx < 0)
        return DOSERR_TOO_MANY_OPEN;
    if (p.device != DOS_FILE_FREE) {
        dos_sft_set_device(m, idx, p.device);
        sft_wr16(m, idx, SFT_MODE, mode);
    } else {
        bool writes = create || access != 0;
        if (writes && m->dos->drives[p.drive].readonly)
            return DOSERR_ACCESS_DENIED;
        if (create && (attr & 0x18))
            return DOSERR_ACCESS_DENIED; /* a volume label or directory is not a file */
        if (create)
            flags = O_RDWR | O_CREAT | O_TRUNC;
        else
            flags = access == 0 ? O_RDONLY : access == 1 ? O_WRONLY : O_RDWR;
        if (!create && !p.exists)
            return DOSERR_FILE_NOT_FOUND;
        fd = dos_path_open(m, &p, flags, 0666);
        if (fd < 0)
            return fd == -EISDIR ? DOSERR_ACCESS_DENIED : dos_error_from_errno(fd);
        {
            struct stat st;
            if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
                close(fd);
                return DOSERR_ACCESS_DENIED;
            }
        }
        dos_sft_fill_host(m, idx, fd, &p, create ? 2 : mode);
    }
    h = dos_handle_alloc(m, idx);
    if (h < 0) {
        dos_sft_release(m, idx);
        return DOSERR_TOO_MANY_OPEN;
    }
    *handle = (uint16_t)h;
    return DOSERR_NONE;
}

enum dos_error dos_close_handle(struct machine *m, uint16_t handle)
{
    uint16_t size;
    uint32_t jft = dos_jft(m, &size);
    int idx = dos_handle_to_sft(m, handle);

    if (idx < 0)
        return DOSERR_INVALID_HANDLE;
    mem_wr8(&m->mem, jft + handle, JFT_CLOSED);
    dos_sft_release(m, idx);
    return DOSERR_NONE;
}

enum dos_error dos_dup_handle(struct machine *m, uint16_t handle, uint16_t *out)
{
    int idx = dos_handle_to_sft(m, handle), h;

    if (idx < 0)
        return DOSERR_INVALID_HANDLE;
    h = dos_handle_alloc(m, idx);
    if (h < 0)
        return DOSERR_TOO_MANY_OPEN;
    *out = (uint16_t)h;
    return DOSERR_NONE;
}

enum dos_error dos_force_dup(struct machine *m, uint16_t handle, uint16_t target)
{
    uint16_t size;
    uint32_t jft = dos_jft(m, &size);
    int idx = dos_handle_to_sft(m, handle);

    if (idx < 0 || target >= size)
        return DOSERR_INVALID_HANDLE;
    if (target == handle)
        return DOSERR_NONE;
    if (dos_handle_to_sft(m, target) >= 0)
        dos_close_handle(m, target);
    mem_wr8(&m->mem, jft + target, (uint8_t)idx);
    sft_wr16(m, idx, SFT_HANDLES, (uint16_t)(sft_rd16(m, idx, SFT_HANDLES) + 1));
    return DOSERR_NONE;
}

/* Reads into guest memory; the transfer may not run past the end of the segment. */
enum dos_error dos_read_handle(struct machine *m, struct cpu_regs *r, uint16_t handle, uint32_t buf,
                               uint16_t count, uint16_t *done, bool *wait)
{
    int idx = dos_handle_to_sft(m, handle);
    struct dos_file *f;
    uint8_t tmp[0x10000];
    ssize_t n;

    *done = 0;
    *wait = false;
    if (idx < 0)
        return DOSERR_INVALID_HANDLE;
    f = &m->dos->files[idx];
    if ((sft_rd16(m, idx, SFT_MODE) & 7) == 1)
        return DOSERR_ACCESS_DENIED;
    switch (f->kind) {
    case DOS_FILE_CON: {
        size_t got = 0;
        int rc = dos_con_read_line(m, r, tmp, count, &got);
        if (rc < 0) {
            *wait = true;
            return DOSERR_NONE;
        }
        n = (ssize_t)got;
        break;
    }
    case DOS_FILE_HOST:
        if (f->stream) {
            struct pollfd pfd = {.fd = f->fd, .events = POLLIN};
            if (poll(&pfd, 1, 0) == 0) {
                *wait = true;
                machine_wait_event(m, r, f->fd);
                return DOSERR_NONE;
            }
            n = read(f->fd, tmp, count);
        } else {
            n = pread(f->fd, tmp, count, sft_rd32(m, idx, SFT_POS));
        }
        if (n < 0)
            return dos_error_from_errno(-errno);
        sft_wr32(m, idx, SFT_POS, sft_rd32(m, idx, SFT_POS) + (uint32_t)n);
        break;
    case DOS_FILE_CLOCK:
    case DOS_FILE_NUL:
    case DOS_FILE_AUX:
    case DOS_FILE_PRN:
    default: n = 0; break;
    }
    mem_write(&m->mem, buf, tmp, (size_t)n);
    *done = (uint16_t)n;
    return DOSERR_NONE;
}

enum dos_error dos_sft_write(struct machine *m, int idx, const uint8_t *buf, uint16_t count,
                             uint16_t *done)
{
    struct dos_file *f = &m->dos->files[idx];
    ssize_t n;
    uint32_t pos;

    *done = 0;
    if ((sft_rd16(m, idx, SFT_MODE) & 7) == 0 && f->kind == DOS_FILE_HOST && !f->stream)
        return DOSERR_ACCESS_DENIED;
    switch (f->kind) {
    case DOS_FILE_CON:
        dos_con_write(m, buf, count, f->stderr_con);
        n = count;
        break;
    case DOS_FILE_HOST:
        if (f->stream) {
            n = write(f->fd, buf, count);
            if (n < 0)
                return dos_error_from_errno(-errno);
            break;
        }
        pos = sft_rd32(m, idx, SFT_POS);
        if (count == 0) {
            /* A write of nothing truncates or extends the file to the position. */
            if (ftruncate(f->fd, pos) < 0)
                return dos_error_from_errno(-errno);
            n = 0;
        } else {
            n = pwrite(f->fd, buf, count, pos);
            if (n < 0) /* a full disk is a short write, not an error */
                return errno == ENOSPC ? DOSERR_NONE : dos_error_from_errno(-errno);
        }
        sft_wr32(m, idx, SFT_POS, pos + (uint32_t)n);
        {
            struct stat st;
            if (fstat(f->fd, &st) == 0)
                sft_wr32(m, idx, SFT_SIZE, (uint32_t)st.st_size);
        }
        sft_wr16(m, idx, SFT_DEVINFO,
                 (uint16_t)(sft_rd16(m, idx, SFT_DEVINFO) & ~DEVINFO_FILE_CLEAN));
        break;
    default: n = count; break; /* NUL, AUX, PRN, CLOCK$ swallow output */
    }
    *done = (uint16_t)n;
    return DOSERR_NONE;
}

enum dos_error dos_write_handle(struct machine *m, uint16_t handle, uint32_t buf, uint16_t count,
                                uint16_t *done)
{
    int idx = dos_handle_to_sft(m, handle);
    uint8_t tmp[0x10000];

    *done = 0;
    if (idx < 0)
        return DOSERR_INVALID_HANDLE;
    mem_read(&m->mem, buf, tmp, count);
    return dos_sft_write(m, idx, tmp, count, done);
}

enum dos_error dos_seek_handle(struct machine *m, uint16_t handle, uint8_t whence, int32_t off,
                               uint32_t *pos)
{
    int idx = dos_handle_to_sft(m, handle);
    struct dos_file *f;
    uint32_t base;

    if (idx < 0)
        return DOSERR_INVALID_HANDLE;
    f = &m->dos->files[idx];
    if (whence > 2)
        return DOSERR_FUNCTION;
    if (f->kind != DOS_FILE_HOST || f->stream) {
        *pos = 0; /* devices and streams do not move */
        return DOSERR_NONE;
    }
    if (whence == 2) {
        struct stat st;
        if (fstat(f->fd, &st) == 0)
            sft_wr32(m, idx, SFT_SIZE, (uint32_t)st.st_size);
    }
    base = whence == 0 ? 0 : whence == 1 ? sft_rd32(m, idx, SFT_POS) : sft_rd32(m, idx, SFT_SIZE);
    *pos = base + (uint32_t)off;
    sft_wr32(m, idx, SFT_POS, *pos);
    return DOSERR_NONE;
}

enum dos_error dos_delete_path(struct machine *m, const char *path)
{
    struct dos_path p;
    enum dos_error err = dos_path_resolve(m, path, &p);
    const char *name;
    int dirfd;

    if (err)
        return err;
    if (p.device != DOS_FILE_FREE)
        return DOSERR_ACCESS_DENIED;
    if (!p.exists)
        return DOSERR_FILE_NOT_FOUND;
    if (m->dos->drives[p.drive].readonly)
        return DOSERR_ACCESS_DENIED;
    dirfd = dos_path_open_parent(m, &p, &name);
    if (dirfd < 0)
        return dos_error_from_errno(dirfd);
    if (unlinkat(dirfd, name, 0) < 0) {
        int e = errno;
        close(dirfd);
        return e == EISDIR ? DOSERR_ACCESS_DENIED : dos_error_from_errno(-e);
    }
    close(dirfd);
    return DOSERR_NONE;
}

uint16_t dos_handle_devinfo(struct machine *m, int idx)
{
    return sft_rd16(m, idx, SFT_DEVINFO);
}
