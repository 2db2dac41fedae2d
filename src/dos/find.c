/* Directory searches. A find-first takes a snapshot of the matching entries of a host
 * directory into a host-side table and gives the caller a key, a tag and a position,
 * which it keeps in the 21 reserved bytes of its DTA (or in its FCB). Find-next
 * continues from those alone, so every DTA has its own search, a DTA can be copied,
 * and files deleted meanwhile are skipped. The table keeps the most recent searches;
 * a search that ran to its end is dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dos/dos.h"
#include "dos/files.h"
#include "dos/find.h"
#include "dos/paths.h"

struct dos_search_entry {
    char dos[13];
    char fcb[11];
    uint8_t attr;
    char *host; /* NULL for "." and ".." and the volume label */
};

struct dos_search {
    uint32_t tag;
    uint64_t lru;
    uint8_t drive;
    char *hostdir;
    struct dos_search_entry *e;
    size_t n;
};

/* DTA fields of a handle search (int 21h 4Eh): the first 21 bytes are DOS's own. */
#define DTA_DRIVE    0x00
#define DTA_TEMPLATE 0x01
#define DTA_SATTR    0x0C
#define DTA_INDEX    0x0D
#define DTA_KEY      0x0F
#define DTA_TAG      0x11
#define DTA_ATTR     0x15
#define DTA_TIME     0x16
#define DTA_DATE     0x18
#define DTA_SIZE     0x1A
#define DTA_NAME     0x1E

static void search_free(struct dos_search *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->e[i].host);
    free(s->e);
    free(s->hostdir);
    free(s);
}

void dos_find_fini(struct machine *m)
{
    for (size_t i = 0; i < DOS_SEARCHES; i++) {
        search_free(m->dos->search[i]);
        m->dos->search[i] = NULL;
    }
}

/* An entry matches the search attributes if it has no hidden, system, directory or
 * volume bit the search did not ask for; a search for the volume label alone finds
 * only it. */
static bool attr_match(uint8_t search, uint8_t attr)
{
    if (search == DOS_ATTR_VOLUME)
        return attr & DOS_ATTR_VOLUME;
    return !(attr & ~search & (DOS_ATTR_HIDDEN | DOS_ATTR_SYSTEM | DOS_ATTR_DIR | DOS_ATTR_VOLUME));
}

static bool search_add(struct dos_search *s, size_t *cap, const char *dos, const char *fcb,
                       uint8_t attr, const char *host)
{
    struct dos_search_entry *e;

    if (s->n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        e = realloc(s->e, *cap * sizeof(*e));
        if (!e)
            return false;
        s->e = e;
    }
    e = &s->e[s->n];
    snprintf(e->dos, sizeof(e->dos), "%s", dos);
    memcpy(e->fcb, fcb, 11);
    e->attr = attr;
    e->host = host ? strdup(host) : NULL;
    if (host && !e->host)
        return false;
    s->n++;
    return true;
}

/* Fills in what a search found, from the host as it is now. False if the entry has
 * gone meanwhile. */
static bool search_stat(struct machine *m, const struct dos_search *s,
                        const struct dos_search_entry *e, struct dos_found *f)
{
    char path[DOS_HOST_MAX];
    struct stat st;

    memset(f, 0, sizeof(*f));
    snprintf(f->name, sizeof(f->name), "%s", e->dos);
    memcpy(f->fcb, e->fcb, 11);
    f->attr = e->attr;
    if (e->attr & DOS_ATTR_VOLUME) {
        dos_timestamp(time(NULL), &f->date, &f->time);
        return true;
    }
    if (!e->host) {
        /* "." is the directory itself, ".." the one above it. */
        snprintf(path, sizeof(path), "%s", s->hostdir);
        if (!strcmp(e->dos, "..")) {
            char *slash = strrchr(path, '/');
            if (slash)
                *slash = 0;
            else
                snprintf(path, sizeof(path), ".");
        }
    } else if ((size_t)snprintf(path, sizeof(path), "%s/%s", s->hostdir, e->host) >= sizeof(path)) {
        return false;
    }
    if (dos_path_stat(m, s->drive, path, &st) < 0)
        return false;
    dos_timestamp(st.st_mtime, &f->date, &f->time);
    if (!S_ISDIR(st.st_mode))
        f->size = st.st_size > 0xFFFFFFFF ? 0xFFFFFFFFu : (uint32_t)st.st_size;
    return true;
}

static struct dos_search *search_lookup(struct machine *m, const struct dos_search_pos *pos)
{
    struct dos_search *s;

    if (!pos->key || pos->key > DOS_SEARCHES)
        return NULL;
    s = m->dos->search[pos->key - 1];
    return s && s->tag == pos->tag ? s : NULL;
}

static void search_drop(struct machine *m, struct dos_search_pos *pos)
{
    if (pos->key && pos->key <= DOS_SEARCHES) {
        search_free(m->dos->search[pos->key - 1]);
        m->dos->search[pos->key - 1] = NULL;
    }
    pos->key = 0;
}

enum dos_error dos_find_next(struct machine *m, struct dos_search_pos *pos, struct dos_found *f)
{
    struct dos_search *s = search_lookup(m, pos);

    if (!s) {
        pos->key = 0;
        return DOSERR_NO_MORE_FILES;
    }
    s->lru = ++m->dos->dircache_clock;
    while (pos->index < s->n) {
        const struct dos_search_entry *e = &s->e[pos->index++];
        if (search_stat(m, s, e, f))
            return DOSERR_NONE;
    }
    search_drop(m, pos);
    return DOSERR_NO_MORE_FILES;
}

enum dos_error dos_find_first(struct machine *m, const struct dos_path *p, uint8_t attr,
                              struct dos_found *f, struct dos_search_pos *pos)
{
    struct dos *d = m->dos;
    const struct dos_dirlist *l;
    struct dos_search *s;
    size_t cap = 0, slot = 0;
    bool root = p->depth <= 1;

    memset(pos, 0, sizeof(*pos));
    if (p->device != DOS_FILE_FREE) {
        /* A device is found by its name, once. */
        memset(f, 0, sizeof(*f));
        memcpy(f->fcb, p->fcb, 11);
        dos_fcb_to_name((const uint8_t *)p->fcb, f->name);
        f->name[strcspn(f->name, ".")] = 0;
        dos_name_to_fcb(f->name, f->fcb);
        f->attr = DOS_ATTR_DEVICE;
        dos_timestamp(time(NULL), &f->date, &f->time);
        return DOSERR_NONE;
    }
    if (!p->depth)
        return DOSERR_NO_MORE_FILES; /* the root itself cannot be found */
    s = calloc(1, sizeof(*s));
    if (!s)
        return DOSERR_NO_MEMORY;
    s->drive = p->drive;
    s->hostdir = strdup(p->parent);
    if (!s->hostdir)
        goto nomem;
    if (root && (attr & DOS_ATTR_VOLUME)) {
        char label[11], name[13];
        dos_volume_label(m, p->drive, label);
        dos_fcb_to_name((const uint8_t *)label, name);
        if (dos_fcb_match(p->fcb, label) &&
            !search_add(s, &cap, name, label, DOS_ATTR_VOLUME, NULL))
            goto nomem;
    }
    if (attr != DOS_ATTR_VOLUME) {
        static const char dot[11] = ".          ", dotdot[11] = "..         ";
        if (dos_dir_list(m, p->drive, p->parent, &l) < 0) {
            search_free(s);
            return DOSERR_PATH_NOT_FOUND;
        }
        if (!root) {
            if (dos_fcb_match(p->fcb, dot) && attr_match(attr, DOS_ATTR_DIR) &&
                !search_add(s, &cap, ".", dot, DOS_ATTR_DIR, NULL))
                goto nomem;
            if (dos_fcb_match(p->fcb, dotdot) && attr_match(attr, DOS_ATTR_DIR) &&
                !search_add(s, &cap, "..", dotdot, DOS_ATTR_DIR, NULL))
                goto nomem;
        }
        for (size_t i = 0; i < l->n; i++) {
            const struct dos_dirent *e = &l->e[i];
            if (dos_fcb_match(p->fcb, e->fcb) && attr_match(attr, e->attr) &&
                !search_add(s, &cap, e->dos, e->fcb, e->attr, e->host))
                goto nomem;
        }
    }
    if (!s->n) {
        search_free(s);
        return DOSERR_NO_MORE_FILES;
    }
    /* A free slot, else the one used longest ago. */
    for (size_t i = 0; i < DOS_SEARCHES; i++) {
        if (!d->search[i]) {
            slot = i;
            break;
        }
        if (d->search[i]->lru < d->search[slot]->lru)
            slot = i;
    }
    search_free(d->search[slot]);
    d->search[slot] = s;
    s->tag = ++d->search_serial;
    s->lru = ++d->dircache_clock;
    pos->key = (uint16_t)(slot + 1);
    pos->tag = s->tag;
    pos->index = 0;
    return dos_find_next(m, pos, f);
nomem:
    search_free(s);
    return DOSERR_NO_MEMORY;
}

static void dta_write_found(struct machine *m, uint32_t dta, const struct dos_found *f)
{
    char name[13] = {0};

    mem_wr8(&m->mem, dta + DTA_ATTR, f->attr);
    mem_wr16(&m->mem, dta + DTA_TIME, f->time);
    mem_wr16(&m->mem, dta + DTA_DATE, f->date);
    mem_wr32(&m->mem, dta + DTA_SIZE, f->size);
    snprintf(name, sizeof(name), "%s", f->name);
    mem_write(&m->mem, dta + DTA_NAME, name, sizeof(name));
}

static void dta_write_pos(struct machine *m, uint32_t dta, const struct dos_search_pos *pos)
{
    mem_wr16(&m->mem, dta + DTA_INDEX, pos->index);
    mem_wr16(&m->mem, dta + DTA_KEY, pos->key);
    mem_wr32(&m->mem, dta + DTA_TAG, pos->tag);
}

void dos_find_first_dta(struct machine *m, struct cpu_regs *r)
{
    char path[DOS_PATH_MAX + 128];
    struct dos_path p;
    struct dos_search_pos pos;
    struct dos_found f;
    enum dos_error err;
    uint32_t dta = m->dos->dta;

    if (mem_read_strz(&m->mem, cpu_linear(r->ds, r->dx), path, sizeof(path)) < 0)
        return dos_fail(m, r, DOSERR_PATH_NOT_FOUND);
    err = dos_path_resolve(m, path, &p, DOS_RESOLVE_WILD);
    if (err)
        return dos_fail(m, r, DOSERR_PATH_NOT_FOUND);
    err = dos_find_first(m, &p, (uint8_t)r->cl, &f, &pos);
    if (err)
        return dos_fail(m, r, err);
    mem_wr8(&m->mem, dta + DTA_DRIVE, (uint8_t)(p.drive + 1));
    mem_write(&m->mem, dta + DTA_TEMPLATE, p.fcb, 11);
    mem_wr8(&m->mem, dta + DTA_SATTR, r->cl);
    dta_write_pos(m, dta, &pos);
    dta_write_found(m, dta, &f);
    r->ax = 0;
    dos_ok(r);
}

void dos_find_next_dta(struct machine *m, struct cpu_regs *r)
{
    uint32_t dta = m->dos->dta;
    struct dos_search_pos pos = {
        .key = mem_rd16(&m->mem, dta + DTA_KEY),
        .index = mem_rd16(&m->mem, dta + DTA_INDEX),
        .tag = mem_rd32(&m->mem, dta + DTA_TAG),
    };
    struct dos_found f;
    enum dos_error err = dos_find_next(m, &pos, &f);

    dta_write_pos(m, dta, &pos);
    if (err)
        return dos_fail(m, r, err);
    dta_write_found(m, dta, &f);
    r->ax = 0;
    dos_ok(r);
}
