/* File control blocks: the CP/M-style file functions. An open FCB has an SFT entry
 * behind it (marked as an FCB's, owned by the process, in no JFT); the FCB's reserved
 * bytes name the entry and a serial, so a stale or forged FCB is refused instead of
 * reaching another file. Records are read and written at the FCB's position through
 * the DTA; searches, delete and rename take wildcards as DOS does. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dos/dos.h"
#include "dos/fcb.h"
#include "dos/files.h"
#include "dos/find.h"
#include "dos/paths.h"

/* FCB fields (after the 7-byte header of an extended FCB). */
#define FCB_DRIVE   0x00
#define FCB_NAME    0x01 /* 8 + 3 */
#define FCB_BLOCK   0x0C /* word: current block of 128 records */
#define FCB_RECSIZE 0x0E /* word */
#define FCB_SIZE    0x10 /* dword */
#define FCB_DATE    0x14
#define FCB_TIME    0x16
#define FCB_SFT     0x18 /* byte: our SFT entry */
#define FCB_MAGIC   0x19 /* byte: 'H' while open */
#define FCB_SERIAL  0x1A /* word */
#define FCB_RECORD  0x20 /* byte: current record in the block */
#define FCB_RANDOM  0x21 /* dword (3 bytes if records are 64 bytes or more) */
#define FCB_NEWNAME 0x11 /* rename: the new name */
#define FCB_SEARCH  0x0C /* find: the search's continuation (12 bytes), drive at 15h */
#define XFCB_ATTR   0x06
#define XFCB_SIZE   0x07

#define FCB_OPEN_MAGIC 'H'

struct fcb_ref {
    uint32_t addr;  /* the FCB proper (past an extended header) */
    uint32_t xaddr; /* where the caller's FCB starts */
    bool ext;
    uint8_t attr; /* an extended FCB's search attribute */
};

static struct fcb_ref fcb_at(struct machine *m, uint16_t seg, uint16_t off)
{
    struct fcb_ref f = {.addr = cpu_linear(seg, off), .xaddr = cpu_linear(seg, off)};

    if (mem_rd8(&m->mem, f.addr) == 0xFF) {
        f.ext = true;
        f.attr = mem_rd8(&m->mem, f.addr + XFCB_ATTR);
        f.addr += XFCB_SIZE;
    }
    return f;
}

/* The FCB's drive (0 = A:), from its drive byte (0 = the current drive). */
static int fcb_drive(struct machine *m, const struct fcb_ref *f)
{
    uint8_t d = mem_rd8(&m->mem, f->addr + FCB_DRIVE);
    return d ? d - 1 : m->dos->cur_drive;
}

/* "C:NAME.EXT" from the FCB's drive and name (or the name at `at`). */
static void fcb_path(struct machine *m, const struct fcb_ref *f, unsigned at, char *out, size_t max)
{
    uint8_t name[11];
    char dosname[13];

    mem_read(&m->mem, f->addr + at, name, sizeof(name));
    for (int i = 0; i < 11; i++)
        name[i] = dos_upcase(name[i]);
    dos_fcb_to_name(name, dosname);
    snprintf(out, max, "%c:%s", 'A' + fcb_drive(m, f), dosname);
}

static bool fcb_has_wild(struct machine *m, const struct fcb_ref *f, unsigned at)
{
    for (unsigned i = 0; i < 11; i++)
        if (mem_rd8(&m->mem, f->addr + at + i) == '?')
            return true;
    return false;
}

static uint8_t fcb_fail(struct machine *m, struct cpu_regs *r, enum dos_error err)
{
    dos_set_error(m, err);
    r->al = 0xFF;
    return 0xFF;
}

/* The SFT entry of an open FCB, or -1. */
static int fcb_sft(struct machine *m, const struct fcb_ref *f)
{
    uint8_t idx = mem_rd8(&m->mem, f->addr + FCB_SFT);
    struct dos_file *file;

    if (mem_rd8(&m->mem, f->addr + FCB_MAGIC) != FCB_OPEN_MAGIC || idx >= DOS_SFT_COUNT)
        return -1;
    file = &m->dos->files[idx];
    if (file->kind == DOS_FILE_FREE || !(dos_sft_rd16(m, idx, SFT_MODE) & SFT_MODE_FCB) ||
        file->fcb_serial != mem_rd16(&m->mem, f->addr + FCB_SERIAL))
        return -1;
    file->fcb_used = ++m->dos->dircache_clock;
    return idx;
}

static uint16_t fcb_recsize(struct machine *m, const struct fcb_ref *f)
{
    uint16_t size = mem_rd16(&m->mem, f->addr + FCB_RECSIZE);

    if (!size) {
        size = 128;
        mem_wr16(&m->mem, f->addr + FCB_RECSIZE, size);
    }
    return size;
}

static uint32_t fcb_random(struct machine *m, const struct fcb_ref *f)
{
    uint32_t v = mem_rd32(&m->mem, f->addr + FCB_RANDOM);
    return fcb_recsize(m, f) >= 64 ? v & 0xFFFFFF : v;
}

static void fcb_set_random(struct machine *m, const struct fcb_ref *f, uint32_t v)
{
    if (fcb_recsize(m, f) >= 64) {
        mem_wr16(&m->mem, f->addr + FCB_RANDOM, (uint16_t)v);
        mem_wr8(&m->mem, f->addr + FCB_RANDOM + 2, (uint8_t)(v >> 16));
    } else {
        mem_wr32(&m->mem, f->addr + FCB_RANDOM, v);
    }
}

static uint32_t fcb_seq_record(struct machine *m, const struct fcb_ref *f)
{
    return (uint32_t)mem_rd16(&m->mem, f->addr + FCB_BLOCK) * 128u +
           (mem_rd8(&m->mem, f->addr + FCB_RECORD) & 0x7F);
}

static void fcb_set_seq_record(struct machine *m, const struct fcb_ref *f, uint32_t rec)
{
    mem_wr16(&m->mem, f->addr + FCB_BLOCK, (uint16_t)(rec / 128));
    mem_wr8(&m->mem, f->addr + FCB_RECORD, (uint8_t)(rec % 128));
}

/* Fills an opened FCB from its SFT entry. */
static void fcb_fill(struct machine *m, const struct fcb_ref *f, int idx, int drive)
{
    struct dos_file *file = &m->dos->files[idx];

    file->fcb_serial = ++m->dos->fcb_serial;
    file->fcb_used = ++m->dos->dircache_clock;
    dos_sft_wr16(m, idx, SFT_MODE, (uint16_t)(dos_sft_rd16(m, idx, SFT_MODE) | SFT_MODE_FCB));
    dos_sft_wr16(m, idx, SFT_HANDLES, 1);
    mem_wr8(&m->mem, f->addr + FCB_DRIVE, (uint8_t)(drive + 1));
    mem_wr16(&m->mem, f->addr + FCB_BLOCK, 0);
    mem_wr16(&m->mem, f->addr + FCB_RECSIZE, 128);
    mem_wr32(&m->mem, f->addr + FCB_SIZE, dos_sft_rd32(m, idx, SFT_SIZE));
    mem_wr16(&m->mem, f->addr + FCB_DATE, dos_sft_rd16(m, idx, SFT_DATE));
    mem_wr16(&m->mem, f->addr + FCB_TIME, dos_sft_rd16(m, idx, SFT_TIME));
    mem_wr8(&m->mem, f->addr + FCB_SFT, (uint8_t)idx);
    mem_wr8(&m->mem, f->addr + FCB_MAGIC, FCB_OPEN_MAGIC);
    mem_wr16(&m->mem, f->addr + FCB_SERIAL, file->fcb_serial);
    mem_fill(&m->mem, f->addr + FCB_SERIAL + 2, 0, 4);
}

/* FCBs that programs never close must not use up the SFT: when it is full, the
 * FCB file used longest ago is closed (as DOS's FCBS= does). */
static void fcb_make_room(struct machine *m)
{
    int oldest = -1;

    for (int i = 0; i < (int)DOS_SFT_COUNT; i++)
        if (m->dos->files[i].kind == DOS_FILE_FREE && !dos_sft_rd16(m, i, SFT_HANDLES))
            return;
    for (int i = 0; i < (int)DOS_SFT_COUNT; i++)
        if (m->dos->files[i].kind != DOS_FILE_FREE &&
            (dos_sft_rd16(m, i, SFT_MODE) & SFT_MODE_FCB) &&
            (oldest < 0 || m->dos->files[i].fcb_used < m->dos->files[oldest].fcb_used))
            oldest = i;
    if (oldest >= 0)
        dos_sft_close(m, oldest);
}

static void fcb_open_common(struct machine *m, struct cpu_regs *r, bool create)
{
    struct fcb_ref f = fcb_at(m, r->ds, r->dx);
    char path[32];
    enum dos_error err;
    bool existed;
    int idx;

    if (fcb_has_wild(m, &f, FCB_NAME)) {
        fcb_fail(m, r, DOSERR_FILE_NOT_FOUND);
        return;
    }
    fcb_path(m, &f, FCB_NAME, path, sizeof(path));
    fcb_make_room(m);
    if (create) {
        err = dos_open_sft(m, path, 2, DOS_CREATE_TRUNC, f.ext ? f.attr & 0x27 : 0, &idx, &existed);
    } else {
        /* Read and write if the file allows it, else read only, as DOS does. */
        err = dos_open_sft(m, path, 2, DOS_OPEN, 0, &idx, &existed);
        if (err == DOSERR_ACCESS_DENIED)
            err = dos_open_sft(m, path, 0, DOS_OPEN, 0, &idx, &existed);
    }
    if (err) {
        fcb_fail(m, r, err);
        return;
    }
    fcb_fill(m, &f, idx, fcb_drive(m, &f));
    r->al = 0;
}

void dos_fcb_open(struct machine *m, struct cpu_regs *r)
{
    fcb_open_common(m, r, false);
}

void dos_fcb_create(struct machine *m, struct cpu_regs *r)
{
    fcb_open_common(m, r, true);
}

void dos_fcb_close(struct machine *m, struct cpu_regs *r)
{
    struct fcb_ref f = fcb_at(m, r->ds, r->dx);
    int idx = fcb_sft(m, &f);

    if (idx < 0) {
        fcb_fail(m, r, DOSERR_INVALID_HANDLE);
        return;
    }
    dos_sft_close(m, idx);
    mem_wr8(&m->mem, f.addr + FCB_MAGIC, 0);
    r->al = 0;
}

/* Reads or writes nrec records from record rec through the DTA. Returns the FCB
 * status: 0 done, 1 end of file (nothing read) or disk full, 2 the DTA would wrap
 * its segment, 3 a partial record read (padded with zeros). */
static uint8_t fcb_io(struct machine *m, const struct fcb_ref *f, int idx, uint32_t rec,
                      uint16_t nrec, bool write, uint16_t *records)
{
    struct dos *d = m->dos;
    uint16_t recsize = fcb_recsize(m, f);
    uint32_t bytes = (uint32_t)nrec * recsize, pos = rec * recsize, moved = 0;
    uint8_t buf[0x8000];
    uint8_t status = 0;

    *records = 0;
    if ((uint32_t)d->dta_off + bytes > 0x10000)
        return 2;
    if (write && !nrec) {
        /* Block write of no records: the file ends at the record. */
        uint16_t done;
        dos_sft_wr32(m, idx, SFT_POS, pos);
        dos_sft_write(m, idx, buf, 0, &done);
    }
    while (moved < bytes) {
        uint16_t chunk = (uint16_t)(bytes - moved > sizeof(buf) ? sizeof(buf) : bytes - moved);
        uint16_t done = 0;
        enum dos_error err;

        dos_sft_wr32(m, idx, SFT_POS, pos + moved);
        if (write) {
            mem_read(&m->mem, d->dta + moved, buf, chunk);
            err = dos_sft_write(m, idx, buf, chunk, &done);
        } else {
            err = dos_sft_read(m, idx, buf, chunk, &done);
            mem_write(&m->mem, d->dta + moved, buf, done);
        }
        moved += done;
        if (err || done < chunk)
            break;
    }
    if (write) {
        *records = (uint16_t)(moved / recsize);
        status = moved < bytes ? 1 : 0;
        mem_wr32(&m->mem, f->addr + FCB_SIZE, dos_sft_rd32(m, idx, SFT_SIZE));
        {
            uint16_t date, time_w;
            dos_timestamp(time(NULL), &date, &time_w);
            mem_wr16(&m->mem, f->addr + FCB_DATE, date);
            mem_wr16(&m->mem, f->addr + FCB_TIME, time_w);
        }
    } else {
        *records = (uint16_t)(moved / recsize);
        if (moved % recsize) {
            /* A last record cut short: the rest of it reads as zeros. */
            mem_fill(&m->mem, d->dta + moved, 0, recsize - moved % recsize);
            (*records)++;
            status = 3;
        } else if (moved < bytes) {
            status = 1;
        }
    }
    return status;
}

/* The SFT entry behind the FCB at DS:DX for a record read or write, or -1 when the FCB
 * is not open: then nothing moves and AL says end of file (or disk full). */
static int fcb_io_file(struct machine *m, struct cpu_regs *r, struct fcb_ref *f)
{
    int idx;

    *f = fcb_at(m, r->ds, r->dx);
    idx = fcb_sft(m, f);
    if (idx < 0) {
        fcb_fail(m, r, DOSERR_INVALID_HANDLE);
        r->al = 1;
    }
    return idx;
}

static void fcb_seq(struct machine *m, struct cpu_regs *r, bool write)
{
    struct fcb_ref f;
    int idx = fcb_io_file(m, r, &f);
    uint32_t rec;
    uint16_t n;

    if (idx < 0)
        return;
    rec = fcb_seq_record(m, &f);
    r->al = fcb_io(m, &f, idx, rec, 1, write, &n);
    if (n)
        fcb_set_seq_record(m, &f, rec + 1);
}

void dos_fcb_seq_read(struct machine *m, struct cpu_regs *r)
{
    fcb_seq(m, r, false);
}

void dos_fcb_seq_write(struct machine *m, struct cpu_regs *r)
{
    fcb_seq(m, r, true);
}

static void fcb_random_io(struct machine *m, struct cpu_regs *r, bool write)
{
    struct fcb_ref f;
    int idx = fcb_io_file(m, r, &f);
    uint32_t rec;
    uint16_t n;

    if (idx < 0)
        return;
    rec = fcb_random(m, &f);
    fcb_set_seq_record(m, &f, rec);
    r->al = fcb_io(m, &f, idx, rec, 1, write, &n);
}

void dos_fcb_random_read(struct machine *m, struct cpu_regs *r)
{
    fcb_random_io(m, r, false);
}

void dos_fcb_random_write(struct machine *m, struct cpu_regs *r)
{
    fcb_random_io(m, r, true);
}

static void fcb_block_io(struct machine *m, struct cpu_regs *r, bool write)
{
    struct fcb_ref f;
    int idx = fcb_io_file(m, r, &f);
    uint32_t rec;
    uint16_t n;

    if (idx < 0) {
        r->cx = 0;
        return;
    }
    rec = fcb_random(m, &f);
    r->al = fcb_io(m, &f, idx, rec, r->cx, write, &n);
    if (r->al == 2)
        n = 0;
    r->cx = n;
    fcb_set_random(m, &f, rec + n);
    fcb_set_seq_record(m, &f, rec + n);
}

void dos_fcb_block_read(struct machine *m, struct cpu_regs *r)
{
    fcb_block_io(m, r, false);
}

void dos_fcb_block_write(struct machine *m, struct cpu_regs *r)
{
    fcb_block_io(m, r, true);
}

void dos_fcb_set_random(struct machine *m, struct cpu_regs *r)
{
    struct fcb_ref f = fcb_at(m, r->ds, r->dx);

    fcb_set_random(m, &f, fcb_seq_record(m, &f));
}

void dos_fcb_file_size(struct machine *m, struct cpu_regs *r)
{
    struct fcb_ref f = fcb_at(m, r->ds, r->dx);
    char path[32];
    struct dos_path p;
    struct stat st;
    uint16_t recsize;
    enum dos_error err;

    if (fcb_has_wild(m, &f, FCB_NAME)) {
        fcb_fail(m, r, DOSERR_FILE_NOT_FOUND);
        return;
    }
    fcb_path(m, &f, FCB_NAME, path, sizeof(path));
    err = dos_path_resolve(m, path, &p, 0);
    if (!err && (p.device != DOS_FILE_FREE || !p.exists || (p.attr & DOS_ATTR_DIR)))
        err = DOSERR_FILE_NOT_FOUND;
    if (!err && dos_path_stat(m, p.drive, p.host, &st) < 0)
        err = DOSERR_FILE_NOT_FOUND;
    if (err) {
        fcb_fail(m, r, err);
        return;
    }
    recsize = fcb_recsize(m, &f);
    fcb_set_random(m, &f, (uint32_t)(((uint64_t)st.st_size + recsize - 1) / recsize));
    r->al = 0;
}

/* Searches. The search's continuation lives in the caller's FCB, after the name, as
 * in DOS; the DTA gets the drive and the directory entry found. */
static void fcb_put_found(struct machine *m, const struct fcb_ref *f, uint8_t sattr, int drive,
                          const struct dos_found *fd)
{
    uint32_t dta = m->dos->dta;
    uint8_t ent[32];

    if (f->ext) {
        mem_wr8(&m->mem, dta, 0xFF);
        mem_fill(&m->mem, dta + 1, 0, 5);
        mem_wr8(&m->mem, dta + 6, sattr);
        dta += XFCB_SIZE;
    }
    memset(ent, 0, sizeof(ent));
    memcpy(ent, fd->fcb, 11);
    ent[11] = fd->attr & 0x3F;
    ent[22] = (uint8_t)fd->time;
    ent[23] = (uint8_t)(fd->time >> 8);
    ent[24] = (uint8_t)fd->date;
    ent[25] = (uint8_t)(fd->date >> 8);
    ent[28] = (uint8_t)fd->size;
    ent[29] = (uint8_t)(fd->size >> 8);
    ent[30] = (uint8_t)(fd->size >> 16);
    ent[31] = (uint8_t)(fd->size >> 24);
    mem_wr8(&m->mem, dta, (uint8_t)(drive + 1));
    mem_write(&m->mem, dta + 1, ent, sizeof(ent));
}

static void fcb_put_pos(struct machine *m, const struct fcb_ref *f, uint8_t sattr, int drive,
                        const struct dos_search_pos *pos)
{
    mem_wr8(&m->mem, f->addr + FCB_SEARCH, sattr);
    mem_wr16(&m->mem, f->addr + FCB_SEARCH + 1, pos->index);
    mem_wr16(&m->mem, f->addr + FCB_SEARCH + 3, pos->key);
    mem_wr32(&m->mem, f->addr + FCB_SEARCH + 5, pos->tag);
    mem_wr8(&m->mem, f->addr + FCB_SEARCH + 9, (uint8_t)(drive + 1));
}

/* Starts a search for the FCB's name (template) in its drive's current directory. */
static enum dos_error fcb_search(struct machine *m, const struct fcb_ref *f, unsigned at,
                                 uint8_t sattr, struct dos_found *fd, struct dos_search_pos *pos)
{
    char path[32];
    struct dos_path p;
    enum dos_error err;

    fcb_path(m, f, at, path, sizeof(path));
    err = dos_path_resolve(m, path, &p, DOS_RESOLVE_WILD);
    if (err)
        return err;
    /* The template as the FCB has it: '?' may stand anywhere. */
    mem_read(&m->mem, f->addr + at, p.fcb, 11);
    for (int i = 0; i < 11; i++)
        p.fcb[i] = (char)dos_upcase((uint8_t)p.fcb[i]);
    if (memchr(p.fcb, '?', 11))
        p.device = DOS_FILE_FREE;
    return dos_find_first(m, &p, sattr, fd, pos);
}

void dos_fcb_find_first(struct machine *m, struct cpu_regs *r)
{
    struct fcb_ref f = fcb_at(m, r->ds, r->dx);
    int drive = fcb_drive(m, &f);
    struct dos_search_pos pos;
    struct dos_found fd;
    enum dos_error err;

    if (!dos_drive_valid(m, drive)) {
        fcb_fail(m, r, DOSERR_INVALID_DRIVE);
        return;
    }
    err = fcb_search(m, &f, FCB_NAME, f.attr, &fd, &pos);
    if (err) {
        fcb_fail(m, r, err == DOSERR_PATH_NOT_FOUND ? DOSERR_NO_MORE_FILES : err);
        return;
    }
    fcb_put_pos(m, &f, f.attr, drive, &pos);
    fcb_put_found(m, &f, f.attr, drive, &fd);
    r->al = 0;
}

void dos_fcb_find_next(struct machine *m, struct cpu_regs *r)
{
    struct fcb_ref f = fcb_at(m, r->ds, r->dx);
    struct dos_search_pos pos = {
        .index = mem_rd16(&m->mem, f.addr + FCB_SEARCH + 1),
        .key = mem_rd16(&m->mem, f.addr + FCB_SEARCH + 3),
        .tag = mem_rd32(&m->mem, f.addr + FCB_SEARCH + 5),
    };
    uint8_t sattr = mem_rd8(&m->mem, f.addr + FCB_SEARCH);
    int drive = mem_rd8(&m->mem, f.addr + FCB_SEARCH + 9) - 1;
    struct dos_found fd;
    enum dos_error err;

    if (drive < 0 || drive >= 26)
        drive = fcb_drive(m, &f);
    err = dos_find_next(m, &pos, &fd);
    fcb_put_pos(m, &f, sattr, drive, &pos);
    if (err) {
        fcb_fail(m, r, err);
        return;
    }
    fcb_put_found(m, &f, sattr, drive, &fd);
    r->al = 0;
}

void dos_fcb_delete(struct machine *m, struct cpu_regs *r)
{
    struct fcb_ref f = fcb_at(m, r->ds, r->dx);
    int drive = fcb_drive(m, &f);
    uint8_t sattr =
        f.ext ? (uint8_t)(f.attr & (DOS_ATTR_HIDDEN | DOS_ATTR_SYSTEM | DOS_ATTR_RDONLY)) : 0;
    struct dos_search_pos pos;
    struct dos_found fd;
    enum dos_error err, last = DOSERR_FILE_NOT_FOUND;
    bool deleted = false;

    err = fcb_search(m, &f, FCB_NAME, sattr, &fd, &pos);
    while (!err) {
        char path[32];
        if (!(fd.attr & (DOS_ATTR_DIR | DOS_ATTR_VOLUME | DOS_ATTR_DEVICE))) {
            snprintf(path, sizeof(path), "%c:%s", 'A' + drive, fd.name);
            if ((fd.attr & DOS_ATTR_RDONLY) && (sattr & DOS_ATTR_RDONLY))
                dos_set_attr(m, path, 0);
            last = dos_delete_path(m, path);
            deleted |= last == DOSERR_NONE;
        }
        err = dos_find_next(m, &pos, &fd);
    }
    if (!deleted) {
        fcb_fail(m, r, last);
        return;
    }
    r->al = 0;
}

void dos_fcb_rename(struct machine *m, struct cpu_regs *r)
{
    struct fcb_ref f = fcb_at(m, r->ds, r->dx);
    int drive = fcb_drive(m, &f);
    uint8_t sattr =
        f.ext ? (uint8_t)(f.attr & (DOS_ATTR_HIDDEN | DOS_ATTR_SYSTEM | DOS_ATTR_DIR)) : 0;
    uint8_t tmpl[11];
    struct dos_search_pos pos;
    struct dos_found fd;
    enum dos_error err, last = DOSERR_FILE_NOT_FOUND;
    bool renamed = false, failed = false;

    mem_read(&m->mem, f.addr + FCB_NEWNAME, tmpl, sizeof(tmpl));
    err = fcb_search(m, &f, FCB_NAME, sattr, &fd, &pos);
    while (!err) {
        if (!(fd.attr & (DOS_ATTR_VOLUME | DOS_ATTR_DEVICE)) && strcmp(fd.name, ".") &&
            strcmp(fd.name, "..")) {
            uint8_t newfcb[11];
            char from[32], to[32], newname[13];
            /* '?' in the new name keeps the old name's character there. */
            for (int i = 0; i < 11; i++)
                newfcb[i] = tmpl[i] == '?' ? (uint8_t)fd.fcb[i] : dos_upcase(tmpl[i]);
            dos_fcb_to_name(newfcb, newname);
            snprintf(from, sizeof(from), "%c:%s", 'A' + drive, fd.name);
            snprintf(to, sizeof(to), "%c:%s", 'A' + drive, newname);
            last = dos_rename_path(m, from, to);
            if (last)
                failed = true;
            else
                renamed = true;
        }
        err = dos_find_next(m, &pos, &fd);
    }
    if (!renamed || failed) {
        fcb_fail(m, r, last ? last : DOSERR_ACCESS_DENIED);
        return;
    }
    r->al = 0;
}

void dos_fcb_parse(struct machine *m, struct cpu_regs *r)
{
    char buf[256];
    const char *p = buf;
    uint8_t fcb[12];
    uint32_t dst = cpu_linear(r->es, r->di);

    /* The string may run on; 255 characters is more than any name. */
    mem_read(&m->mem, cpu_linear(r->ds, r->si), buf, sizeof(buf) - 1);
    buf[sizeof(buf) - 1] = 0;
    mem_read(&m->mem, dst, fcb, sizeof(fcb));
    r->al = dos_fcb_parse_name(m, &p, fcb, r->al);
    mem_write(&m->mem, dst, fcb, sizeof(fcb));
    r->si = (uint16_t)(r->si + (p - buf));
}

/* ---------------------------------------------------------------------------------
 * The filename parser (int 21h 29h).
 */

static bool fcb_separator(char c)
{
    return c && strchr(":.;,=+ \t", c);
}

static bool fcb_terminator(char c)
{
    return (unsigned char)c < 0x21 || strchr(".\":;|<>/\\[]+=,", c);
}

/* Copies up to `len` name characters into field, '*' filling the rest with '?'. */
static bool fcb_field(const char **p, uint8_t *field, size_t len)
{
    bool wild = false;
    size_t i = 0;

    memset(field, ' ', len);
    while (!fcb_terminator(**p)) {
        char c = *(*p)++;
        if (c == '*') {
            while (i < len)
                field[i++] = '?';
            wild = true;
            continue;
        }
        if (c == '?')
            wild = true;
        if (i < len)
            field[i++] = (uint8_t)toupper((unsigned char)c);
    }
    return wild;
}

uint8_t dos_fcb_parse_name(struct machine *m, const char **p, uint8_t *fcb, uint8_t flags)
{
    const char *s = *p;
    uint8_t ret = 0, name[8], ext[3];
    bool wild = false, have_name, have_ext = false;

    while (*s == ' ' || *s == '\t')
        s++;
    if (flags & 0x01) {
        while (fcb_separator(*s))
            s++;
        while (*s == ' ' || *s == '\t')
            s++;
    }
    if (isalpha((unsigned char)s[0]) && s[1] == ':') {
        int drive = toupper((unsigned char)s[0]) - 'A';
        fcb[0] = (uint8_t)(drive + 1);
        if (!dos_drive_valid(m, drive))
            ret = 0xFF;
        s += 2;
    } else if (!(flags & 0x02)) {
        fcb[0] = 0;
    }
    have_name = !fcb_terminator(*s);
    wild |= fcb_field(&s, name, 8);
    if (*s == '.') {
        s++;
        have_ext = true;
        wild |= fcb_field(&s, ext, 3);
    }
    if (have_name || !(flags & 0x04))
        memcpy(fcb + 1, have_name ? name : (const uint8_t *)"        ", 8);
    if (have_ext || !(flags & 0x08))
        memcpy(fcb + 9, have_ext ? ext : (const uint8_t *)"   ", 3);
    /* A bare wildcard check on what ended up in the FCB. */
    if (!wild && memchr(fcb + 1, '?', 11))
        wild = true;
    *p = s;
    if (ret == 0xFF)
        return ret;
    return wild ? 1 : 0;
}
