/* Handles and the system file table: the JFT in each PSP maps handles to SFT entries
 * in guest memory, and each SFT entry has a host file (or a device) behind it. Reads
 * and writes go straight to the host file at the SFT's position, unbuffered, so
 * nothing a program wrote is lost if hvdos dies; 68h (commit) also fsyncs, close does
 * not (the data is in the host's kernel already). Directory operations act on the
 * parent directory's descriptor and one name, which never follows a symlink. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "bios/bios.h"
#include "dos/dos.h"
#include "dos/files.h"
#include "dos/paths.h"

/* Device information words (IOCTL 4400h) of the character devices. */
#define DEVINFO_CON   0x80D3u /* device, stdin, stdout, int 29h output, not EOF */
#define DEVINFO_NUL   0x80C4u
#define DEVINFO_AUX   0x80C0u
#define DEVINFO_PRN   0xA0C0u
#define DEVINFO_CLOCK 0x80C8u

uint32_t dos_sft_addr(int idx)
{
    return dos_addr(DOS_SFT) + 6 + (uint32_t)idx * DOS_SFT_ENTRY;
}

uint16_t dos_sft_rd16(struct machine *m, int idx, unsigned field)
{
    return mem_rd16(&m->mem, dos_sft_addr(idx) + field);
}

void dos_sft_wr16(struct machine *m, int idx, unsigned field, uint16_t v)
{
    mem_wr16(&m->mem, dos_sft_addr(idx) + field, v);
}

uint32_t dos_sft_rd32(struct machine *m, int idx, unsigned field)
{
    return mem_rd32(&m->mem, dos_sft_addr(idx) + field);
}

void dos_sft_wr32(struct machine *m, int idx, unsigned field, uint32_t v)
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

    dos_name_to_fcb(name, fcb);
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
    uint16_t date, time_w;

    m->dos->files[idx] = (struct dos_file){.kind = kind, .fd = -1};
    dos_timestamp(time(NULL), &date, &time_w);
    dos_sft_wr16(m, idx, SFT_DEVINFO, info[kind]);
    dos_sft_wr32(m, idx, SFT_DEVPTR, (hdr >> 4) << 16 | (hdr & 0xF));
    dos_sft_wr32(m, idx, SFT_SIZE, 0);
    dos_sft_wr32(m, idx, SFT_POS, 0);
    dos_sft_wr16(m, idx, SFT_DATE, date);
    dos_sft_wr16(m, idx, SFT_TIME, time_w);
    mem_read(&m->mem, hdr + DEV_NAME, name, 8);
    for (int i = 7; i >= 0 && name[i] == ' '; i--)
        name[i] = 0;
    sft_set_name(m, idx, name);
}

/* An SFT entry for a host stream that is not a terminal (stdin from a pipe, stdout to
 * a file): programs see a file, as after COMMAND.COM's redirection. */
static void dos_sft_set_stream(struct machine *m, int idx, int fd)
{
    m->dos->files[idx] =
        (struct dos_file){.kind = DOS_FILE_HOST, .fd = fd, .stream = true, .drive = 2};
    dos_sft_wr16(m, idx, SFT_DEVINFO, 2 | DEVINFO_FILE_CLEAN); /* drive C: */
    dos_sft_wr16(m, idx, SFT_MODE, 2);
    sft_set_name(m, idx, fd == 0 ? "STDIN" : fd == 1 ? "STDOUT" : "STDERR");
}

int dos_sft_alloc(struct machine *m)
{
    for (int i = 0; i < (int)DOS_SFT_COUNT; i++) {
        if (!dos_sft_rd16(m, i, SFT_HANDLES) && m->dos->files[i].kind == DOS_FILE_FREE) {
            mem_fill(&m->mem, dos_sft_addr(i), 0, DOS_SFT_ENTRY);
            dos_sft_wr16(m, i, SFT_PSP, m->dos->cur_psp);
            return i;
        }
    }
    return -1;
}

uint32_t dos_jft(struct machine *m, uint16_t *size)
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

void dos_sft_ref(struct machine *m, int idx)
{
    dos_sft_wr16(m, idx, SFT_HANDLES, (uint16_t)(dos_sft_rd16(m, idx, SFT_HANDLES) + 1));
}

/* A free handle in the current JFT bound to SFT entry idx; -1 if none is free. */
static int dos_handle_alloc(struct machine *m, int idx)
{
    uint16_t size;
    uint32_t jft = dos_jft(m, &size);

    for (uint16_t h = 0; h < size; h++) {
        if (mem_rd8(&m->mem, jft + h) == JFT_CLOSED) {
            mem_wr8(&m->mem, jft + h, (uint8_t)idx);
            dos_sft_ref(m, idx);
            return h;
        }
    }
    return -1;
}

/* The last reference is gone: a time set with 57h is what the file keeps. */
void dos_sft_close(struct machine *m, int idx)
{
    struct dos_file *f = &m->dos->files[idx];

    if (f->kind == DOS_FILE_HOST && !f->stream && f->fd >= 0) {
        if (dos_sft_rd16(m, idx, SFT_DEVINFO) & DEVINFO_KEEP_TIME) {
            time_t t =
                dos_time_to_host(dos_sft_rd16(m, idx, SFT_DATE), dos_sft_rd16(m, idx, SFT_TIME));
            struct timespec ts[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = t}};
            futimens(f->fd, ts);
        }
        close(f->fd);
    }
    dos_sft_wr16(m, idx, SFT_HANDLES, 0);
    *f = (struct dos_file){.kind = DOS_FILE_FREE, .fd = -1};
}

void dos_sft_release(struct machine *m, int idx)
{
    uint16_t n = dos_sft_rd16(m, idx, SFT_HANDLES);

    if (n > 1) {
        dos_sft_wr16(m, idx, SFT_HANDLES, (uint16_t)(n - 1));
        return;
    }
    dos_sft_close(m, idx);
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
        dos_sft_wr16(m, i, SFT_MODE, 2);
        dos_sft_wr16(m, i, SFT_PSP, MCB_OWNER_DOS);
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
        dos_sft_ref(m, std_sft[h]);
    }
}

void dos_jft_inherit(struct machine *m, uint16_t child)
{
    uint16_t size;
    uint32_t jft = dos_jft(m, &size);
    uint32_t base = (uint32_t)child << 4;

    mem_fill(&m->mem, base + PSP_JFT, JFT_CLOSED, JFT_DEFAULT_SIZE);
    for (uint16_t h = 0; h < size && h < JFT_DEFAULT_SIZE; h++) {
        uint8_t idx = mem_rd8(&m->mem, jft + h);
        if (idx >= DOS_SFT_COUNT || m->dos->files[idx].kind == DOS_FILE_FREE)
            continue;
        if (dos_sft_rd16(m, idx, SFT_MODE) & (SFT_MODE_NO_INHERIT | SFT_MODE_FCB))
            continue;
        mem_wr8(&m->mem, base + PSP_JFT + h, idx);
        dos_sft_ref(m, idx);
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
    /* Files the process opened through FCBs end with it. */
    for (int i = 0; i < (int)DOS_SFT_COUNT; i++)
        if (m->dos->files[i].kind != DOS_FILE_FREE &&
            (dos_sft_rd16(m, i, SFT_MODE) & SFT_MODE_FCB) && dos_sft_rd16(m, i, SFT_PSP) == psp)
            dos_sft_close(m, i);
}

void dos_timestamp(time_t t, uint16_t *date, uint16_t *time_w)
{
    struct tm tm;

    localtime_r(&t, &tm);
    if (tm.tm_year < 80) {
        *date = (1 << 5) | 1; /* before 1980 DOS cannot say: 1-1-1980 */
        *time_w = 0;
        return;
    }
    if (tm.tm_year > 80 + 127) {
        *date = (uint16_t)(127 << 9 | 12 << 5 | 31);
        *time_w = (uint16_t)(23 << 11 | 59 << 5 | 29);
        return;
    }
    *date = (uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
    *time_w = (uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
}

time_t dos_time_to_host(uint16_t date, uint16_t time_w)
{
    struct tm tm = {
        .tm_year = 80 + (date >> 9),
        .tm_mon = ((date >> 5) & 15) - 1,
        .tm_mday = date & 31,
        .tm_hour = time_w >> 11,
        .tm_min = (time_w >> 5) & 63,
        .tm_sec = (time_w & 31) * 2,
        .tm_isdst = -1,
    };
    return mktime(&tm);
}

static void dos_sft_fill_host(struct machine *m, int idx, int fd, const struct dos_path *p,
                              uint16_t mode, uint8_t attr)
{
    struct stat st;
    uint16_t date = 0, time_w = 0;

    m->dos->files[idx] = (struct dos_file){.kind = DOS_FILE_HOST, .fd = fd, .drive = p->drive};
    if (fstat(fd, &st) == 0) {
        dos_timestamp(st.st_mtime, &date, &time_w);
        dos_sft_wr32(m, idx, SFT_SIZE,
                     st.st_size > 0xFFFFFFFF ? 0xFFFFFFFFu : (uint32_t)st.st_size);
    }
    dos_sft_wr16(m, idx, SFT_MODE, mode);
    mem_wr8(&m->mem, dos_sft_addr(idx) + SFT_ATTR, attr);
    dos_sft_wr16(m, idx, SFT_DEVINFO, (uint16_t)(DEVINFO_FILE_CLEAN | p->drive));
    dos_sft_wr16(m, idx, SFT_DATE, date);
    dos_sft_wr16(m, idx, SFT_TIME, time_w);
    dos_sft_wr32(m, idx, SFT_POS, 0);
    mem_write(&m->mem, dos_sft_addr(idx) + SFT_NAME, p->fcb, 11);
}

static bool drive_readonly(struct machine *m, int drive)
{
    return m->dos->drives[drive].readonly;
}

enum dos_error dos_open_sft(struct machine *m, const char *path, uint16_t mode, enum dos_create how,
                            uint16_t attr, int *sft, bool *existed)
{
    struct dos_path p;
    enum dos_error err = dos_path_resolve(m, path, &p, DOS_RESOLVE_WILD);
    unsigned access = mode & 7;
    int idx, fd, flags;

    *existed = false;
    if (err)
        return err;
    if (p.wild)
        return DOSERR_FILE_NOT_FOUND; /* DOS opens no wildcards */
    if (how == DOS_OPEN && access > 2)
        return DOSERR_INVALID_ACCESS;
    if (how != DOS_OPEN && (attr & (DOS_ATTR_VOLUME | DOS_ATTR_DIR)))
        return DOSERR_ACCESS_DENIED; /* a volume label or directory is not a file */
    if (p.device == DOS_FILE_FREE && !p.depth)
        return how == DOS_OPEN ? DOSERR_FILE_NOT_FOUND : DOSERR_ACCESS_DENIED;
    idx = dos_sft_alloc(m);
    if (idx < 0)
        return DOSERR_TOO_MANY_OPEN;
    if (p.device != DOS_FILE_FREE) {
        *existed = true;
        dos_sft_set_device(m, idx, p.device);
        dos_sft_wr16(m, idx, SFT_MODE, how == DOS_OPEN ? mode : (uint16_t)((mode & ~7u) | 2));
        *sft = idx;
        return DOSERR_NONE;
    }
    *existed = p.exists;
    if (p.exists && (p.attr & DOS_ATTR_DIR))
        return DOSERR_ACCESS_DENIED;
    if (how == DOS_OPEN && !p.exists)
        return DOSERR_FILE_NOT_FOUND;
    if (how == DOS_CREATE_NEW && p.exists)
        return DOSERR_FILE_EXISTS;
    if (how != DOS_OPEN || access != 0) {
        /* Writing: the drive and the file must allow it. */
        if (drive_readonly(m, p.drive))
            return DOSERR_ACCESS_DENIED;
        if (p.exists && (p.attr & DOS_ATTR_RDONLY))
            return DOSERR_ACCESS_DENIED;
    }
    switch (how) {
    case DOS_OPEN: flags = access == 0 ? O_RDONLY : access == 1 ? O_WRONLY : O_RDWR; break;
    case DOS_CREATE_TRUNC: flags = O_RDWR | O_CREAT | O_TRUNC; break;
    default: flags = O_RDWR | O_CREAT | O_EXCL; break;
    }
    fd = dos_path_open(m, &p, flags, (attr & DOS_ATTR_RDONLY) ? 0444 : 0666);
    if (fd < 0)
        return fd == -EEXIST                      ? DOSERR_FILE_EXISTS
               : fd == -ENOENT && how != DOS_OPEN ? DOSERR_PATH_NOT_FOUND
                                                  : dos_error_from_errno(fd);
    if (how != DOS_OPEN) {
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            return DOSERR_ACCESS_DENIED;
        }
        if (!p.exists)
            dos_dir_changed(m);
        mode = (uint16_t)((mode & ~7u) | 2);
    } else {
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            return DOSERR_ACCESS_DENIED;
        }
    }
    dos_sft_fill_host(m, idx, fd, &p, mode,
                      p.exists && how == DOS_OPEN ? p.attr : (uint8_t)(attr | DOS_ATTR_ARCH));
    *sft = idx;
    return DOSERR_NONE;
}

enum dos_error dos_open_handle(struct machine *m, const char *path, uint16_t mode,
                               enum dos_create how, uint16_t attr, uint16_t *handle, bool *existed)
{
    uint16_t size;
    uint32_t jft = dos_jft(m, &size);
    bool free_handle = false;
    enum dos_error err;
    int idx, h;

    /* DOS takes the handle before it looks at the path. */
    for (uint16_t i = 0; i < size && !free_handle; i++)
        free_handle = mem_rd8(&m->mem, jft + i) == JFT_CLOSED;
    if (!free_handle)
        return DOSERR_TOO_MANY_OPEN;
    err = dos_open_sft(m, path, mode, how, attr, &idx, existed);
    if (err)
        return err;
    h = dos_handle_alloc(m, idx);
    if (h < 0) {
        dos_sft_close(m, idx);
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
    dos_sft_ref(m, idx);
    return DOSERR_NONE;
}

enum dos_error dos_set_handle_count(struct machine *m, uint16_t count)
{
    struct dos *d = m->dos;
    uint32_t psp = (uint32_t)d->cur_psp << 4;
    uint16_t size, used = 0, largest, seg = 0;
    uint32_t jft = dos_jft(m, &size), dst;
    enum dos_error err;

    for (uint16_t h = 0; h < size; h++)
        if (mem_rd8(&m->mem, jft + h) != JFT_CLOSED)
            used = (uint16_t)(h + 1);
    if (count <= JFT_DEFAULT_SIZE) {
        /* Back to the table in the PSP, if the open handles fit in it. */
        if (size <= JFT_DEFAULT_SIZE)
            return DOSERR_NONE;
        if (used > count)
            return DOSERR_TOO_MANY_OPEN;
        count = JFT_DEFAULT_SIZE;
        dst = psp + PSP_JFT;
    } else {
        if (count < used)
            return DOSERR_TOO_MANY_OPEN;
        seg = dos_mcb_alloc(m, (uint16_t)((count + 15u) / 16), d->cur_psp, &largest, &err);
        if (!seg)
            return err;
        dst = (uint32_t)seg << 4;
    }
    {
        uint8_t tmp[0x10000];
        uint16_t keep = size < count ? size : count;
        mem_read(&m->mem, jft, tmp, keep);
        memset(tmp + keep, JFT_CLOSED, (size_t)(count - keep));
        mem_write(&m->mem, dst, tmp, count);
    }
    /* The old table, if it was a block of its own, goes back. */
    if (mem_rd16(&m->mem, psp + PSP_JFT_PTR + 2) != d->cur_psp)
        dos_mcb_free(m, mem_rd16(&m->mem, psp + PSP_JFT_PTR + 2));
    mem_wr16(&m->mem, psp + PSP_JFT_SIZE, count);
    mem_wr16(&m->mem, psp + PSP_JFT_PTR, seg ? 0 : PSP_JFT);
    mem_wr16(&m->mem, psp + PSP_JFT_PTR + 2, seg ? seg : d->cur_psp);
    return DOSERR_NONE;
}

/* The CLOCK$ device's record: days since 1980, minutes, hours, hundredths, seconds. */
static uint16_t clock_read(uint8_t *buf, uint16_t count)
{
    struct timespec ts;
    struct tm tm, epoch = {.tm_year = 80, .tm_mday = 1, .tm_isdst = -1};
    uint8_t rec[6];
    long days;

    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    days = (long)((ts.tv_sec - mktime(&epoch) + tm.tm_gmtoff) / 86400);
    rec[0] = (uint8_t)days;
    rec[1] = (uint8_t)(days >> 8);
    rec[2] = (uint8_t)tm.tm_min;
    rec[3] = (uint8_t)tm.tm_hour;
    rec[4] = (uint8_t)(ts.tv_nsec / 10000000);
    rec[5] = (uint8_t)tm.tm_sec;
    if (count > 6)
        count = 6;
    memcpy(buf, rec, count);
    return count;
}

enum dos_error dos_sft_read(struct machine *m, int idx, uint8_t *buf, uint16_t count,
                            uint16_t *done)
{
    struct dos_file *f = &m->dos->files[idx];
    ssize_t n = 0;

    *done = 0;
    switch (f->kind) {
    case DOS_FILE_HOST:
        if (f->stream)
            n = read(f->fd, buf, count);
        else
            n = pread(f->fd, buf, count, dos_sft_rd32(m, idx, SFT_POS));
        if (n < 0)
            return dos_error_from_errno(-errno);
        dos_sft_wr32(m, idx, SFT_POS, dos_sft_rd32(m, idx, SFT_POS) + (uint32_t)n);
        break;
    case DOS_FILE_CLOCK: n = clock_read(buf, count); break;
    default: n = 0; break; /* NUL, AUX, PRN: end of file */
    }
    *done = (uint16_t)n;
    return DOSERR_NONE;
}

/* Reads into guest memory; the transfer may not run past the end of the segment. */
enum dos_error dos_read_handle(struct machine *m, struct cpu_regs *r, uint16_t handle, uint32_t buf,
                               uint16_t count, uint16_t *done, bool *wait)
{
    int idx = dos_handle_to_sft(m, handle);
    struct dos_file *f;
    uint8_t tmp[0x10000];
    enum dos_error err;

    *done = 0;
    *wait = false;
    if (idx < 0)
        return DOSERR_INVALID_HANDLE;
    f = &m->dos->files[idx];
    if ((dos_sft_rd16(m, idx, SFT_MODE) & 7) == 1)
        return DOSERR_ACCESS_DENIED;
    if (dos_file_reads_keyboard(f)) {
        size_t got = 0;
        if (dos_sft_rd16(m, idx, SFT_DEVINFO) & DEVINFO_RAW) {
            if (dos_con_read_raw(m, r, buf, count, &got) < 0) {
                *wait = true;
                return DOSERR_NONE;
            }
        } else {
            if (dos_con_read_line(m, r, tmp, count, &got) < 0) {
                *wait = true;
                return DOSERR_NONE;
            }
            mem_write(&m->mem, buf, tmp, got);
        }
        *done = (uint16_t)got;
        return DOSERR_NONE;
    }
    if (f->kind == DOS_FILE_HOST && f->stream && count) {
        struct pollfd pfd = {.fd = f->fd, .events = POLLIN};
        if (poll(&pfd, 1, 0) == 0) {
            *wait = true;
            machine_wait_event(m, r, f->fd);
            return DOSERR_NONE;
        }
    }
    err = dos_sft_read(m, idx, tmp, count, done);
    if (!err)
        mem_write(&m->mem, buf, tmp, *done);
    return err;
}

enum dos_error dos_sft_write(struct machine *m, int idx, const uint8_t *buf, uint16_t count,
                             uint16_t *done)
{
    struct dos_file *f = &m->dos->files[idx];
    ssize_t n;
    uint32_t pos;
    struct stat st;

    *done = 0;
    if ((dos_sft_rd16(m, idx, SFT_MODE) & 7) == 0 && f->kind == DOS_FILE_HOST && !f->stream)
        return DOSERR_ACCESS_DENIED;
    switch (f->kind) {
    case DOS_FILE_CON:
        dos_con_write(m, buf, count, f->stderr_con);
        n = count;
        break;
    case DOS_FILE_HOST:
        if (f->stream) {
            n = 0;
            while ((size_t)n < count) {
                ssize_t w = write(f->fd, buf + n, count - (size_t)n);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w <= 0)
                    break;
                n += w;
            }
            break;
        }
        pos = dos_sft_rd32(m, idx, SFT_POS);
        if (count == 0) {
            /* A write of nothing truncates or extends the file to the position. */
            if (ftruncate(f->fd, pos) < 0)
                return dos_error_from_errno(-errno);
            n = 0;
        } else {
            n = pwrite(f->fd, buf, count, pos);
            if (n < 0) {
                /* A full disk is a short write, not an error. */
                if (errno != ENOSPC && errno != EDQUOT && errno != EFBIG)
                    return dos_error_from_errno(-errno);
                n = 0;
            }
        }
        dos_sft_wr32(m, idx, SFT_POS, pos + (uint32_t)n);
        if (fstat(f->fd, &st) == 0)
            dos_sft_wr32(m, idx, SFT_SIZE,
                         st.st_size > 0xFFFFFFFF ? 0xFFFFFFFFu : (uint32_t)st.st_size);
        dos_sft_wr16(m, idx, SFT_DEVINFO,
                     (uint16_t)(dos_sft_rd16(m, idx, SFT_DEVINFO) & ~DEVINFO_FILE_CLEAN));
        break;
    default: n = count; break; /* NUL, AUX, PRN, CLOCK$ take output */
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
            dos_sft_wr32(m, idx, SFT_SIZE,
                         st.st_size > 0xFFFFFFFF ? 0xFFFFFFFFu : (uint32_t)st.st_size);
    }
    base = whence == 0   ? 0
           : whence == 1 ? dos_sft_rd32(m, idx, SFT_POS)
                         : dos_sft_rd32(m, idx, SFT_SIZE);
    *pos = base + (uint32_t)off;
    dos_sft_wr32(m, idx, SFT_POS, *pos);
    return DOSERR_NONE;
}

enum dos_error dos_commit_handle(struct machine *m, uint16_t handle)
{
    int idx = dos_handle_to_sft(m, handle);
    struct dos_file *f;

    if (idx < 0)
        return DOSERR_INVALID_HANDLE;
    f = &m->dos->files[idx];
    if (f->kind == DOS_FILE_HOST && !f->stream && fsync(f->fd) < 0 && errno != EINVAL)
        return dos_error_from_errno(-errno);
    return DOSERR_NONE;
}

enum dos_error dos_file_time(struct machine *m, uint16_t handle, bool set, uint16_t *time_w,
                             uint16_t *date)
{
    int idx = dos_handle_to_sft(m, handle);
    struct dos_file *f;
    uint16_t info;
    struct stat st;

    if (idx < 0)
        return DOSERR_INVALID_HANDLE;
    f = &m->dos->files[idx];
    info = dos_sft_rd16(m, idx, SFT_DEVINFO);
    if (f->kind != DOS_FILE_HOST || f->stream) {
        if (!set)
            dos_timestamp(time(NULL), date, time_w);
        return DOSERR_NONE;
    }
    if (!set) {
        if (!(info & DEVINFO_KEEP_TIME) && fstat(f->fd, &st) == 0) {
            dos_timestamp(st.st_mtime, date, time_w);
            dos_sft_wr16(m, idx, SFT_DATE, *date);
            dos_sft_wr16(m, idx, SFT_TIME, *time_w);
        }
        *date = dos_sft_rd16(m, idx, SFT_DATE);
        *time_w = dos_sft_rd16(m, idx, SFT_TIME);
        return DOSERR_NONE;
    }
    if (drive_readonly(m, f->drive))
        return DOSERR_ACCESS_DENIED;
    {
        struct timespec ts[2] = {{.tv_nsec = UTIME_OMIT},
                                 {.tv_sec = dos_time_to_host(*date, *time_w)}};
        if (futimens(f->fd, ts) < 0)
            return dos_error_from_errno(-errno);
    }
    /* Later writes move the host's time; close puts this one back. */
    dos_sft_wr16(m, idx, SFT_DATE, *date);
    dos_sft_wr16(m, idx, SFT_TIME, *time_w);
    dos_sft_wr16(m, idx, SFT_DEVINFO, info | DEVINFO_KEEP_TIME);
    return DOSERR_NONE;
}

/* ---------------------------------------------------------------------------------
 * Operations on paths.
 */

/* Is this DOS path some drive's current directory (or above one)? DOS will not remove
 * or rename those. */
static bool dos_path_is_current(struct machine *m, const struct dos_path *p)
{
    char cur[DOS_CDS_MAX + 1];
    size_t len = strlen(p->dos);

    for (int drv = 0; drv < 26; drv++) {
        if (!dos_drive_valid(m, drv))
            continue;
        dos_cds_get(m, drv, cur, sizeof(cur));
        if (!strncmp(cur, p->dos, len) && (cur[len] == 0 || cur[len] == '\\'))
            return true;
    }
    return false;
}

enum dos_error dos_delete_path(struct machine *m, const char *path)
{
    struct dos_path p;
    enum dos_error err = dos_path_resolve(m, path, &p, 0);
    int dirfd;

    if (err)
        return err;
    if (p.device != DOS_FILE_FREE || !p.depth)
        return DOSERR_ACCESS_DENIED;
    if (!p.exists)
        return DOSERR_FILE_NOT_FOUND;
    if (p.attr & (DOS_ATTR_DIR | DOS_ATTR_RDONLY))
        return DOSERR_ACCESS_DENIED;
    if (drive_readonly(m, p.drive))
        return DOSERR_ACCESS_DENIED;
    dirfd = dos_path_open_parent(m, &p);
    if (dirfd < 0)
        return DOSERR_PATH_NOT_FOUND;
    if (unlinkat(dirfd, p.name, 0) < 0) {
        int e = errno;
        close(dirfd);
        return e == EISDIR ? DOSERR_ACCESS_DENIED : dos_error_from_errno(-e);
    }
    close(dirfd);
    dos_dir_changed(m);
    return DOSERR_NONE;
}

enum dos_error dos_rename_path(struct machine *m, const char *from, const char *to)
{
    struct dos_path src, dst;
    enum dos_error err;
    int sfd, dfd, rc;

    err = dos_path_resolve(m, from, &src, 0);
    if (err)
        return err;
    err = dos_path_resolve(m, to, &dst, 0);
    if (err)
        return err;
    if (src.drive != dst.drive)
        return DOSERR_NOT_SAME_DEVICE;
    if (src.device != DOS_FILE_FREE || dst.device != DOS_FILE_FREE || !src.depth || !dst.depth)
        return DOSERR_ACCESS_DENIED;
    if (!src.exists)
        return DOSERR_FILE_NOT_FOUND;
    if (dst.exists)
        return DOSERR_ACCESS_DENIED;
    if (drive_readonly(m, src.drive))
        return DOSERR_ACCESS_DENIED;
    if (src.attr & DOS_ATTR_DIR) {
        /* DOS renames a directory where it is; it does not move one. */
        if (strcmp(src.parent, dst.parent))
            return DOSERR_ACCESS_DENIED;
        if (dos_path_is_current(m, &src))
            return DOSERR_CURRENT_DIR;
    }
    sfd = dos_path_open_parent(m, &src);
    if (sfd < 0)
        return DOSERR_PATH_NOT_FOUND;
    dfd = dos_path_open_parent(m, &dst);
    if (dfd < 0) {
        close(sfd);
        return DOSERR_PATH_NOT_FOUND;
    }
    rc = renameat2(sfd, src.name, dfd, dst.name, RENAME_NOREPLACE);
    if (rc < 0 && errno == EINVAL) /* a file system without RENAME_NOREPLACE */
        rc = faccessat(dfd, dst.name, F_OK, AT_SYMLINK_NOFOLLOW) == 0
                 ? (errno = EEXIST, -1)
                 : renameat(sfd, src.name, dfd, dst.name);
    err = rc < 0 ? (errno == EEXIST ? DOSERR_ACCESS_DENIED : dos_error_from_errno(-errno))
                 : DOSERR_NONE;
    close(sfd);
    close(dfd);
    dos_dir_changed(m);
    return err;
}

enum dos_error dos_mkdir_path(struct machine *m, const char *path)
{
    struct dos_path p;
    enum dos_error err = dos_path_resolve(m, path, &p, 0);
    int dirfd;

    if (err)
        return err;
    if (p.device != DOS_FILE_FREE || !p.depth || p.exists)
        return DOSERR_ACCESS_DENIED;
    if (strlen(p.dos) > DOS_CDS_MAX - 1)
        return DOSERR_PATH_NOT_FOUND; /* DOS could never make it its current directory */
    if (drive_readonly(m, p.drive))
        return DOSERR_ACCESS_DENIED;
    dirfd = dos_path_open_parent(m, &p);
    if (dirfd < 0)
        return DOSERR_PATH_NOT_FOUND;
    if (mkdirat(dirfd, p.name, 0777) < 0) {
        int e = errno;
        close(dirfd);
        return e == EEXIST ? DOSERR_ACCESS_DENIED : dos_error_from_errno(-e);
    }
    close(dirfd);
    dos_dir_changed(m);
    return DOSERR_NONE;
}

enum dos_error dos_rmdir_path(struct machine *m, const char *path)
{
    struct dos_path p;
    enum dos_error err = dos_path_resolve(m, path, &p, 0);
    int dirfd;

    if (err)
        return err;
    if (p.device != DOS_FILE_FREE)
        return DOSERR_ACCESS_DENIED;
    if (!p.exists || !(p.attr & DOS_ATTR_DIR))
        return DOSERR_PATH_NOT_FOUND;
    if (!p.depth)
        return DOSERR_ACCESS_DENIED;
    if (dos_path_is_current(m, &p))
        return DOSERR_CURRENT_DIR;
    if (drive_readonly(m, p.drive))
        return DOSERR_ACCESS_DENIED;
    dirfd = dos_path_open_parent(m, &p);
    if (dirfd < 0)
        return DOSERR_PATH_NOT_FOUND;
    if (unlinkat(dirfd, p.name, AT_REMOVEDIR) < 0) {
        int e = errno;
        close(dirfd);
        return e == ENOTDIR ? DOSERR_PATH_NOT_FOUND : DOSERR_ACCESS_DENIED;
    }
    close(dirfd);
    dos_dir_changed(m);
    return DOSERR_NONE;
}

enum dos_error dos_chdir_path(struct machine *m, const char *path)
{
    struct dos_path p;
    enum dos_error err = dos_path_resolve(m, path, &p, 0);

    if (err)
        return err;
    if (p.device != DOS_FILE_FREE || !p.exists || !(p.attr & DOS_ATTR_DIR))
        return DOSERR_PATH_NOT_FOUND;
    if (strlen(p.dos) > DOS_CDS_MAX - 1)
        return DOSERR_PATH_NOT_FOUND;
    dos_cds_set(m, p.drive, p.dos);
    return DOSERR_NONE;
}

enum dos_error dos_get_attr(struct machine *m, const char *path, uint16_t *attr)
{
    struct dos_path p;
    enum dos_error err = dos_path_resolve(m, path, &p, 0);

    if (err)
        return err;
    if (p.device != DOS_FILE_FREE) {
        *attr = 0;
        return DOSERR_NONE;
    }
    if (!p.exists || !p.depth)
        return DOSERR_FILE_NOT_FOUND;
    *attr = p.attr;
    return DOSERR_NONE;
}

enum dos_error dos_set_attr(struct machine *m, const char *path, uint16_t attr)
{
    struct dos_path p;
    enum dos_error err = dos_path_resolve(m, path, &p, 0);
    char proc[64];
    struct stat st;
    mode_t mode;
    int fd;

    if (err)
        return err;
    if (p.device != DOS_FILE_FREE)
        return DOSERR_ACCESS_DENIED;
    if (!p.exists || !p.depth)
        return DOSERR_FILE_NOT_FOUND;
    if (attr & (DOS_ATTR_VOLUME | DOS_ATTR_DIR | 0xFFC0u))
        return DOSERR_ACCESS_DENIED;
    if (drive_readonly(m, p.drive))
        return DOSERR_ACCESS_DENIED;
    if (p.attr & DOS_ATTR_DIR)
        return DOSERR_NONE; /* the host keeps no DOS attributes for directories */
    /* Read-only is the host's write permission; hidden, system and archive have no
     * place on the host and are accepted as DOS accepts them. The mode is changed on
     * the inode that openat2 found beneath the root, through its descriptor. */
    fd = dos_path_open(m, &p, O_PATH, 0);
    if (fd < 0)
        return dos_error_from_errno(fd);
    if (fstat(fd, &st) < 0) {
        close(fd);
        return DOSERR_ACCESS_DENIED;
    }
    mode = st.st_mode & 07777;
    if (attr & DOS_ATTR_RDONLY) {
        mode &= (mode_t) ~(S_IWUSR | S_IWGRP | S_IWOTH);
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode |= (S_IWUSR | S_IWGRP | S_IWOTH) & ~mask;
    }
    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    err =
        mode == (st.st_mode & 07777) || chmod(proc, mode) == 0 ? DOSERR_NONE : DOSERR_ACCESS_DENIED;
    close(fd);
    dos_dir_changed(m);
    return err;
}

enum dos_error dos_create_temp(struct machine *m, char *dir, size_t max, uint16_t attr,
                               uint16_t *handle)
{
    size_t len = strlen(dir);
    bool existed;

    if (attr & (DOS_ATTR_VOLUME | DOS_ATTR_DIR))
        return DOSERR_ACCESS_DENIED;
    if (len && dir[len - 1] != '\\' && dir[len - 1] != '/' && dir[len - 1] != ':') {
        if (len + 1 >= max)
            return DOSERR_PATH_NOT_FOUND;
        dir[len++] = '\\';
        dir[len] = 0;
    }
    if (len + 9 > max)
        return DOSERR_PATH_NOT_FOUND;
    /* The name is the time in hex, as DOS makes it; the next one on a collision. */
    for (unsigned tries = 0; tries < 1000; tries++) {
        struct timespec ts;
        struct tm tm;
        uint32_t v;
        enum dos_error err;

        clock_gettime(CLOCK_REALTIME, &ts);
        localtime_r(&ts.tv_sec, &tm);
        v = (uint32_t)tm.tm_hour << 24 | (uint32_t)tm.tm_min << 16 | (uint32_t)tm.tm_sec << 8 |
            (uint32_t)(ts.tv_nsec / 10000000);
        snprintf(dir + len, max - len, "%08X", v + tries);
        err = dos_open_handle(m, dir, 2, DOS_CREATE_NEW, attr, handle, &existed);
        if (err != DOSERR_FILE_EXISTS)
            return err;
    }
    return DOSERR_CANNOT_MAKE;
}

bool dos_disk_info(struct machine *m, int drive, struct dos_disk_info *info)
{
    struct statvfs sv;
    uint64_t total, avail, cluster;
    uint16_t spc = 1;

    if (!dos_drive_valid(m, drive))
        return false;
    info->bytes_per_sector = 512;
    if (fstatvfs(m->dos->drives[drive].root_fd, &sv) < 0) {
        sv.f_frsize = 512;
        sv.f_blocks = 0;
        sv.f_bavail = 0;
    }
    total = (uint64_t)sv.f_blocks * sv.f_frsize;
    avail = drive_readonly(m, drive) ? 0 : (uint64_t)sv.f_bavail * sv.f_frsize;
    /* The smallest cluster (up to 32 KiB) that puts the disk in 16 bits of clusters;
     * DOS 5 cannot tell of more than 2 GiB. */
    while (spc < 64 && total / (512u * spc) > 65524)
        spc *= 2;
    cluster = 512u * spc;
    info->sectors_per_cluster = spc;
    info->total_clusters = (uint16_t)(total / cluster > 65524 ? 65524 : total / cluster);
    info->free_clusters =
        (uint16_t)(avail / cluster > info->total_clusters ? info->total_clusters : avail / cluster);
    return true;
}
