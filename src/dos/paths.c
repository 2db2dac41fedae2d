/* DOS paths to host paths. A DOS path is made absolute and canonical ("C:\DIR\F.TXT"),
 * each component is looked up in a listing of the host directory where every host
 * name has a DOS name (its 8.3 form, or a stable alias), and every host access goes
 * through openat2(RESOLVE_BENEATH) from the drive's root descriptor, so the kernel,
 * not string checks, keeps the guest inside its drives. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bios/bios.h"
#include "dos/dos.h"
#include "dos/paths.h"

static const struct {
    const char *name;
    enum dos_file_kind kind;
} dos_device_names[] = {
    {"CON", DOS_FILE_CON},  {"NUL", DOS_FILE_NUL},      {"AUX", DOS_FILE_AUX},
    {"PRN", DOS_FILE_PRN},  {"CLOCK$", DOS_FILE_CLOCK}, {"COM1", DOS_FILE_AUX},
    {"COM2", DOS_FILE_NUL}, {"COM3", DOS_FILE_NUL},     {"COM4", DOS_FILE_NUL},
    {"LPT1", DOS_FILE_PRN}, {"LPT2", DOS_FILE_NUL},     {"LPT3", DOS_FILE_NUL},
};

/* Upper case of 80h-FFh in code page 437 (MS-DOS's table for country 001): letters
 * with an upper-case form in CP437 get it, the others lose their accent. */
const uint8_t dos_upcase_table[128] = {
    0x80, 0x9A, 0x45, 0x41, 0x8E, 0x41, 0x8F, 0x80, 0x45, 0x45, 0x45, 0x49, 0x49, 0x49, 0x8E, 0x8F,
    0x90, 0x92, 0x92, 0x4F, 0x99, 0x4F, 0x55, 0x55, 0x59, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F,
    0x41, 0x49, 0x4F, 0x55, 0xA5, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
    0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF,
    0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF,
    0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF,
    0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF,
    0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF,
};

uint8_t dos_upcase(uint8_t c)
{
    if (c >= 'a' && c <= 'z')
        return (uint8_t)(c - 32);
    return c >= 0x80 ? dos_upcase_table[c - 0x80] : c;
}

int dos_openat2(int dirfd, const char *path, int flags, mode_t mode)
{
    struct open_how how = {
        .flags = (uint64_t)(flags | O_CLOEXEC),
        .mode = (flags & O_CREAT) ? mode : 0,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
    return fd < 0 ? -errno : (int)fd;
}

/* ---------------------------------------------------------------------------------
 * Drives and their current directories (the CDS in guest memory).
 */

int dos_drives_init(struct machine *m, char *err, size_t errlen)
{
    const struct machine_config *cfg = m->cfg;
    struct dos *d = m->dos;
    bool have_c = false;

    for (int i = 0; i < 26; i++)
        d->drives[i].root_fd = -1;
    for (int i = 0; i < cfg->ndrives; i++)
        if (cfg->drives[i].letter == 'C')
            have_c = true;
    for (int i = -1; i < cfg->ndrives; i++) {
        const char *path = i < 0 ? "." : cfg->drives[i].path;
        int letter = i < 0 ? 'C' : cfg->drives[i].letter;
        struct dos_drive *drv = &d->drives[letter - 'A'];
        char *real;

        if (i < 0 && have_c)
            continue;
        if (drv->root_fd >= 0) {
            close(drv->root_fd);
            free(drv->host_root);
        }
        drv->root_fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (drv->root_fd < 0) {
            int e = errno;
            snprintf(err, errlen, "cannot use %s as drive %c: %s (give an existing directory)",
                     path, letter, strerror(e));
            return -e;
        }
        real = realpath(path, NULL);
        drv->host_root = real ? real : strdup(path);
        drv->readonly = i >= 0 && cfg->drives[i].readonly;
    }
    d->cur_drive = 2;
    return 0;
}

void dos_drives_fini(struct machine *m)
{
    for (int i = 0; i < 26; i++) {
        struct dos_drive *drv = &m->dos->drives[i];
        for (unsigned f = 0; f < drv->nmem; f++) {
            free(drv->mem[f].data);
            free(drv->memdir.e[f].host);
        }
        free(drv->memdir.e);
        if (m->dos->drives[i].root_fd >= 0)
            close(m->dos->drives[i].root_fd);
        free(m->dos->drives[i].host_root);
    }
    for (size_t i = 0; i < DOS_DIRCACHE; i++) {
        struct dos_dircache *c = &m->dos->dircache[i];
        for (size_t j = 0; j < c->list.n; j++)
            free(c->list.e[j].host);
        free(c->list.e);
        free(c->hostdir);
    }
}

bool dos_drive_valid(const struct machine *m, int drive)
{
    return drive >= 0 && drive < 26 &&
           (m->dos->drives[drive].root_fd >= 0 || m->dos->drives[drive].nmem);
}

/* A drive of hvdos's own: its files are in memory, not in a host directory. */
static bool drive_in_memory(const struct machine *m, int drive)
{
    return m->dos->drives[drive].root_fd < 0 && m->dos->drives[drive].nmem;
}

static int dirent_by_dos(const void *a, const void *b);

int dos_drive_add_file(struct machine *m, int drive, const char *name, const uint8_t *data,
                       size_t size)
{
    struct dos_drive *drv = &m->dos->drives[drive];
    struct dos_memfile *f;
    struct dos_dirent *e;

    if (drv->root_fd >= 0 || drv->nmem >= DOS_MEMFILES || strlen(name) > 12)
        return -EINVAL;
    e = realloc(drv->memdir.e, (drv->nmem + 1) * sizeof(*e));
    if (!e)
        return -ENOMEM;
    drv->memdir.e = e;
    f = &drv->mem[drv->nmem];
    memset(f, 0, sizeof(*f));
    f->data = malloc(size ? size : 1);
    e = &drv->memdir.e[drv->nmem];
    memset(e, 0, sizeof(*e));
    e->host = strdup(name);
    if (!f->data || !e->host) {
        free(f->data);
        free(e->host);
        return -ENOMEM;
    }
    memcpy(f->data, data, size);
    f->size = size;
    f->mtime = time(NULL);
    snprintf(f->name, sizeof(f->name), "%s", name);
    snprintf(e->dos, sizeof(e->dos), "%s", name);
    dos_name_to_fcb(name, e->fcb);
    e->attr = DOS_ATTR_RDONLY | DOS_ATTR_ARCH;
    drv->nmem++;
    drv->memdir.n = drv->nmem;
    drv->readonly = true;
    qsort(drv->memdir.e, drv->memdir.n, sizeof(*e), dirent_by_dos);
    dos_cds_set_root(m, drive);
    return 0;
}

static const struct dos_memfile *memfile_find(const struct machine *m, int drive, const char *host)
{
    const struct dos_drive *drv = &m->dos->drives[drive];

    for (unsigned i = 0; i < drv->nmem; i++)
        if (!strcmp(drv->mem[i].name, host))
            return &drv->mem[i];
    return NULL;
}

/* A file in memory as a host descriptor: a sealed memfd with its bytes, so the rest of
 * the kernel reads it as any host file. */
static int memfile_open(const struct dos_memfile *f)
{
    int fd = memfd_create(f->name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    size_t done = 0;

    if (fd < 0)
        return -errno;
    while (done < f->size) {
        ssize_t n = write(fd, f->data + done, f->size - done);
        if (n <= 0) {
            close(fd);
            return -EIO;
        }
        done += (size_t)n;
    }
    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

static uint32_t dos_cds_entry(int drive)
{
    return dos_addr(DOS_CDS) + (uint32_t)drive * DOS_CDS_ENTRY;
}

void dos_cds_get(struct machine *m, int drive, char *out, size_t max)
{
    char buf[DOS_CDS_MAX + 1];

    /* Programs may write the CDS; what is not a path of this drive means its root. */
    if (mem_read_strz(&m->mem, dos_cds_entry(drive) + CDS_PATH, buf, sizeof(buf)) < 3 ||
        toupper((unsigned char)buf[0]) != 'A' + drive || buf[1] != ':' || buf[2] != '\\')
        snprintf(buf, sizeof(buf), "%c:\\", 'A' + drive);
    snprintf(out, max, "%s", buf);
}

void dos_cds_set(struct machine *m, int drive, const char *path)
{
    uint32_t cds = dos_cds_entry(drive);

    mem_fill(&m->mem, cds + CDS_PATH, 0, DOS_CDS_MAX);
    mem_write(&m->mem, cds + CDS_PATH, path, strlen(path) + 1);
}

void dos_cds_set_root(struct machine *m, int drive)
{
    uint32_t cds = dos_cds_entry(drive);
    char root[4] = {(char)('A' + drive), ':', '\\', 0};
    bool valid = dos_drive_valid(m, drive);

    mem_fill(&m->mem, cds, 0, DOS_CDS_ENTRY);
    mem_write(&m->mem, cds + CDS_PATH, root, sizeof(root));
    mem_wr16(&m->mem, cds + CDS_FLAGS, valid ? 0x4000 : 0);
    mem_wr32(&m->mem, cds + CDS_DPB, valid ? (uint32_t)DOS_SEG << 16 | dos_dpb_offset(drive) : 0);
    mem_wr16(&m->mem, cds + CDS_CLUSTER, valid ? 0 : 0xFFFF);
    mem_wr32(&m->mem, cds + CDS_REDIR, 0xFFFFFFFFu);
    mem_wr16(&m->mem, cds + CDS_ROOT_LEN, 2);
}

void dos_volume_label(const struct machine *m, int drive, char label[11])
{
    const char *root = m->dos->drives[drive].host_root;
    const char *base = root ? strrchr(root, '/') : NULL;
    size_t n = 0;

    memset(label, ' ', 11);
    base = base && base[1] ? base + 1 : "HVDOS";
    for (; *base && n < 11; base++) {
        unsigned char c = (unsigned char)*base;
        if (c < 0x80 && (isalnum(c) || strchr("!#$%&'()-@^_`{}~", c)))
            label[n++] = (char)toupper(c);
    }
    if (!n)
        memcpy(label, "HVDOS", 5);
}

/* ---------------------------------------------------------------------------------
 * Names: DOS 8.3 names, host names, and the aliases of host names that are not 8.3.
 */

static bool dos_name_char(uint8_t c)
{
    if (c >= 0x80)
        return c != 0xFF && c != 0xE5;
    return isalnum(c) || (c && strchr("!#$%&'()-@^_`{}~", c));
}

enum dos_file_kind dos_device_by_name(const char *component)
{
    char base[16];
    size_t n = strcspn(component, ".");

    if (n >= sizeof(base))
        return DOS_FILE_FREE;
    for (size_t i = 0; i < n; i++)
        base[i] = (char)dos_upcase((uint8_t)component[i]);
    base[n] = 0;
    for (size_t i = 0; i < sizeof(dos_device_names) / sizeof(dos_device_names[0]); i++)
        if (!strcmp(base, dos_device_names[i].name))
            return dos_device_names[i].kind;
    return DOS_FILE_FREE;
}

void dos_name_to_fcb(const char *name, char fcb[11])
{
    size_t i = 0, o = 0;

    memset(fcb, ' ', 11);
    if (!strcmp(name, ".") || !strcmp(name, "..")) {
        memcpy(fcb, name, strlen(name));
        return;
    }
    for (; name[i] && name[i] != '.'; i++) {
        if (name[i] == '*') {
            while (o < 8)
                fcb[o++] = '?';
        } else if (o < 8) {
            fcb[o++] = name[i];
        }
    }
    if (name[i] == '.')
        i++;
    for (o = 8; name[i]; i++) {
        if (name[i] == '*') {
            while (o < 11)
                fcb[o++] = '?';
        } else if (o < 11) {
            fcb[o++] = name[i];
        }
    }
}

void dos_fcb_to_name(const uint8_t fcb[11], char out[13])
{
    size_t n = 0, end = 8;

    while (end && fcb[end - 1] == ' ')
        end--;
    for (size_t i = 0; i < end; i++)
        out[n++] = (char)fcb[i];
    end = 11;
    while (end > 8 && fcb[end - 1] == ' ')
        end--;
    if (end > 8) {
        out[n++] = '.';
        for (size_t i = 8; i < end; i++)
            out[n++] = (char)fcb[i];
    }
    out[n] = 0;
}

bool dos_fcb_match(const char tmpl[11], const char name[11])
{
    for (int i = 0; i < 11; i++)
        if (tmpl[i] != '?' && dos_upcase((uint8_t)tmpl[i]) != dos_upcase((uint8_t)name[i]))
            return false;
    return true;
}

/* Decodes one UTF-8 sequence; returns its length, or 0 if it is not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        *cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
        return *cp >= 0x80 ? 2 : 0;
    }
    if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return *cp >= 0x800 ? 3 : 0;
    }
    return 0;
}

/* The CP437 byte for a Unicode code point at or above 0x80; 0 if there is none. */
static uint8_t cp437_from_unicode(uint32_t cp)
{
    for (unsigned c = 0x80; c < 0x100; c++)
        if (cp437_to_unicode((uint8_t)c) == cp)
            return (uint8_t)c;
    return 0;
}

/* A host name as CP437 bytes (valid UTF-8 whose characters CP437 has). */
static bool host_to_cp437(const char *host, char *out, size_t max)
{
    const unsigned char *s = (const unsigned char *)host;
    size_t n = 0;

    while (*s) {
        uint32_t cp;
        size_t len = utf8_decode(s, &cp);
        uint8_t c;

        if (!len || n + 1 >= max)
            return false;
        c = cp < 0x80 ? (uint8_t)cp : cp437_from_unicode(cp);
        if (!c)
            return false;
        out[n++] = (char)c;
        s += len;
    }
    out[n] = 0;
    return true;
}

bool dos_name_from_host(const char *host, char out[13])
{
    char cp[64];
    size_t len, dot, n = 0;

    if (!host_to_cp437(host, cp, sizeof(cp)) || cp[0] == '.')
        return false;
    len = strlen(cp);
    dot = strcspn(cp, ".");
    if (dot == 0 || dot > 8 || (dot < len && (len - dot - 1 == 0 || len - dot - 1 > 3)))
        return false;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)cp[i];
        if (i == dot) {
            out[n++] = '.';
            continue;
        }
        if (!dos_name_char(c))
            return false;
        out[n++] = (char)dos_upcase(c);
    }
    out[n] = 0;
    return dos_device_by_name(out) == DOS_FILE_FREE;
}

void dos_name_to_host(const char *dos, char *out, size_t max)
{
    size_t n = 0;

    for (const unsigned char *s = (const unsigned char *)dos; *s && n + 4 < max; s++) {
        if (*s < 0x80) {
            out[n++] = (char)tolower(*s);
        } else {
            char u[4];
            int len = utf8_encode(cp437_to_unicode(*s), u);
            memcpy(out + n, u, (size_t)len);
            n += (size_t)len;
        }
    }
    out[n] = 0;
}

/* Characters of a host name usable in an alias: DOS name characters in upper case;
 * what DOS cannot have becomes '_'; blanks and dots are left out. */
static size_t alias_part(const char *s, size_t len, char *out, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < len && n < max;) {
        uint32_t cp;
        size_t l = utf8_decode((const unsigned char *)s + i, &cp);
        uint8_t c;

        if (!l) {
            l = 1;
            cp = 0xFFFD;
        }
        i += l;
        if (cp == ' ' || cp == '.')
            continue;
        c = cp < 0x80 ? (uint8_t)cp : cp437_from_unicode(cp);
        out[n++] = c && dos_name_char(c) ? (char)dos_upcase(c) : '_';
    }
    return n;
}

static uint32_t alias_hash(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The alias for a host name, try `probe` (0, 1, ...) after collisions: up to four
 * characters of the name, '~', three base-36 digits from a hash of the whole host
 * name, and up to three characters of its extension. The same name gets the same
 * alias every run. */
static void alias_make(const char *host, unsigned probe, char out[13])
{
    static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const char *dot = strrchr(host, '.');
    char base[5], ext[4];
    size_t nb, ne = 0;
    uint32_t h = (alias_hash(host) + probe) % (36u * 36u * 36u);

    if (dot == host)
        dot = NULL; /* ".profile": a name, not an extension */
    nb = alias_part(host, dot ? (size_t)(dot - host) : strlen(host), base, 4);
    if (!nb)
        base[nb++] = '_';
    base[nb] = 0;
    if (dot)
        ne = alias_part(dot + 1, strlen(dot + 1), ext, 3);
    ext[ne] = 0;
    snprintf(out, 13, "%s~%c%c%c%s%s", base, digits[h / 1296], digits[h / 36 % 36], digits[h % 36],
             ne ? "." : "", ext);
}

/* A small set of DOS names, for collision checks while aliases are given out. */
struct name_set {
    const char **slot;
    size_t size;
};

static bool name_set_add(struct name_set *s, const char *name)
{
    size_t i = alias_hash(name) & (s->size - 1);

    while (s->slot[i]) {
        if (!strcmp(s->slot[i], name))
            return false;
        i = (i + 1) & (s->size - 1);
    }
    s->slot[i] = name;
    return true;
}

static bool name_set_has(const struct name_set *s, const char *name)
{
    size_t i = alias_hash(name) & (s->size - 1);

    while (s->slot[i]) {
        if (!strcmp(s->slot[i], name))
            return true;
        i = (i + 1) & (s->size - 1);
    }
    return false;
}

static int dirent_by_dos(const void *a, const void *b)
{
    return strcmp(((const struct dos_dirent *)a)->dos, ((const struct dos_dirent *)b)->dos);
}

/* Among host names with the same 8.3 name ("readme.txt" and "README.TXT"), the one
 * spelled exactly like the DOS name keeps it, then the first in byte order. */
static int dirent_by_claim(const void *a, const void *b)
{
    const struct dos_dirent *x = a, *y = b;
    int c = strcmp(x->dos, y->dos);

    if (c)
        return c;
    c = (strcmp(y->host, y->dos) == 0) - (strcmp(x->host, x->dos) == 0);
    return c ? c : strcmp(x->host, y->host);
}

static int dirent_by_host(const void *a, const void *b)
{
    return strcmp(((const struct dos_dirent *)a)->host, ((const struct dos_dirent *)b)->host);
}

static void dirlist_free(struct dos_dirlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->e[i].host);
    free(l->e);
    l->e = NULL;
    l->n = 0;
}

static uint8_t dos_attr_of(const struct stat *st, const char *host)
{
    uint8_t attr = S_ISDIR(st->st_mode) ? DOS_ATTR_DIR : DOS_ATTR_ARCH;

    if (!S_ISDIR(st->st_mode) && !(st->st_mode & S_IWUSR))
        attr |= DOS_ATTR_RDONLY;
    if (host[0] == '.')
        attr |= DOS_ATTR_HIDDEN;
    return attr;
}

/* Reads a directory and gives every entry its DOS name. Entries DOS cannot use are
 * left out: symlinks that lead outside the drive (or nowhere), FIFOs, sockets and
 * device nodes. */
static int dirlist_read(struct machine *m, int drive, const char *hostdir, int fd,
                        struct dos_dirlist *out)
{
    DIR *dh = fdopendir(fd);
    struct dirent *de;
    struct dos_dirent *e = NULL;
    size_t n = 0, cap = 0, nalias = 0;
    struct name_set taken = {0};
    int rc = 0;

    if (!dh) {
        close(fd);
        return -errno;
    }
    while ((de = readdir(dh))) {
        struct stat st;
        char path[DOS_HOST_MAX];

        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (de->d_type == DT_DIR || de->d_type == DT_REG) {
            if (fstatat(dirfd(dh), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                continue;
        } else {
            /* A symlink (or an unknown type): follow it only beneath the root. */
            if ((size_t)snprintf(path, sizeof(path), "%s/%s", hostdir, de->d_name) >= sizeof(path))
                continue;
            if (dos_path_stat(m, drive, path, &st) < 0)
                continue;
        }
        if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            struct dos_dirent *ne;
            cap = cap ? cap * 2 : 32;
            ne = realloc(e, cap * sizeof(*e));
            if (!ne) {
                rc = -ENOMEM;
                break;
            }
            e = ne;
        }
        memset(&e[n], 0, sizeof(e[n]));
        e[n].host = strdup(de->d_name);
        if (!e[n].host) {
            rc = -ENOMEM;
            break;
        }
        e[n].attr = dos_attr_of(&st, de->d_name);
        if (!dos_name_from_host(de->d_name, e[n].dos))
            e[n].dos[0] = 0; /* needs an alias */
        n++;
    }
    closedir(dh);
    out->e = e;
    out->n = n;
    if (rc)
        goto fail;

    /* Host names that are 8.3 names claim them; the rest get aliases, in host name
     * order so that who gets which alias does not depend on readdir's order. */
    for (taken.size = 16; taken.size < 2 * n + 16;)
        taken.size *= 2;
    if (!n)
        return 0; /* an empty directory */
    taken.slot = calloc(taken.size, sizeof(*taken.slot));
    if (!taken.slot) {
        rc = -ENOMEM;
        goto fail;
    }
    qsort(e, n, sizeof(*e), dirent_by_claim);
    for (size_t i = 0; i < n; i++) {
        if (e[i].dos[0] && !name_set_add(&taken, e[i].dos))
            e[i].dos[0] = 0; /* a second "README.TXT" */
        if (!e[i].dos[0])
            nalias++;
    }
    if (nalias) {
        qsort(e, n, sizeof(*e), dirent_by_host);
        for (size_t i = 0; i < n; i++) {
            if (e[i].dos[0])
                continue;
            for (unsigned probe = 0;; probe++) {
                alias_make(e[i].host, probe, e[i].dos);
                if (!name_set_has(&taken, e[i].dos))
                    break;
            }
            name_set_add(&taken, e[i].dos);
        }
    }
    for (size_t i = 0; i < n; i++)
        dos_name_to_fcb(e[i].dos, e[i].fcb);
    qsort(e, n, sizeof(*e), dirent_by_dos);
    free(taken.slot);
    return 0;
fail:
    free(taken.slot);
    dirlist_free(out);
    return rc;
}

void dos_dir_changed(struct machine *m)
{
    m->dos->fs_gen++;
}

int dos_dir_list(struct machine *m, int drive, const char *hostdir, const struct dos_dirlist **out)
{
    struct dos *d = m->dos;
    struct dos_dircache *c, *victim = &d->dircache[0];
    struct stat st;
    int fd, rc;

    if (drive_in_memory(m, drive)) {
        if (strcmp(hostdir, "."))
            return -ENOENT;
        *out = &d->drives[drive].memdir;
        return 0;
    }
    fd = dos_openat2(d->drives[drive].root_fd, hostdir, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0)
        return fd;
    if (fstat(fd, &st) < 0) {
        rc = -errno;
        close(fd);
        return rc;
    }
    for (size_t i = 0; i < DOS_DIRCACHE; i++) {
        c = &d->dircache[i];
        if (c->hostdir && c->drive == drive && !strcmp(c->hostdir, hostdir)) {
            if (c->gen == d->fs_gen && c->dev == st.st_dev && c->ino == st.st_ino &&
                c->mtime.tv_sec == st.st_mtim.tv_sec && c->mtime.tv_nsec == st.st_mtim.tv_nsec &&
                c->ctime.tv_sec == st.st_ctim.tv_sec && c->ctime.tv_nsec == st.st_ctim.tv_nsec) {
                close(fd);
                c->lru = ++d->dircache_clock;
                *out = &c->list;
                return 0;
            }
            victim = c;
            goto refill;
        }
        if (c->lru < victim->lru)
            victim = c;
    }
refill:
    c = victim;
    dirlist_free(&c->list);
    free(c->hostdir);
    c->hostdir = NULL;
    rc = dirlist_read(m, drive, hostdir, fd, &c->list);
    if (rc)
        return rc;
    c->hostdir = strdup(hostdir);
    if (!c->hostdir) {
        dirlist_free(&c->list);
        return -ENOMEM;
    }
    c->drive = (uint8_t)drive;
    c->gen = d->fs_gen;
    c->dev = st.st_dev;
    c->ino = st.st_ino;
    c->mtime = st.st_mtim;
    c->ctime = st.st_ctim;
    c->lru = ++d->dircache_clock;
    *out = &c->list;
    return 0;
}

/* Copies a DOS name (at most 12 characters) into a 13-byte field. */
static void name13_copy(char dst[13], const char *src)
{
    size_t n = strnlen(src, 12);

    memcpy(dst, src, n);
    dst[n] = 0;
}

static const struct dos_dirent *dirlist_find(const struct dos_dirlist *l, const char *dosname)
{
    struct dos_dirent key;

    name13_copy(key.dos, dosname);
    return l->n ? bsearch(&key, l->e, l->n, sizeof(*l->e), dirent_by_dos) : NULL;
}

/* ---------------------------------------------------------------------------------
 * Resolving a DOS path.
 */

/* One component as the guest wrote it, to its canonical 8.3 form in upper case (DOS
 * cuts longer names and extensions). '*' and '?' set *wild. False for characters DOS
 * does not allow in names. */
static bool dos_component_83(const char *in, size_t len, char out[13], bool *wild)
{
    char name[9], ext[4];
    size_t nn = 0, ne = 0, i = 0;

    *wild = false;
    while (len && in[len - 1] == ' ')
        len--;
    for (; i < len && in[i] != '.'; i++) {
        uint8_t c = (uint8_t)in[i];
        if (c == '*' || c == '?')
            *wild = true;
        else if (!dos_name_char(c))
            return false;
        if (nn < 8)
            name[nn++] = (char)dos_upcase(c);
    }
    while (nn && name[nn - 1] == ' ')
        nn--;
    if (i < len)
        i++; /* the dot */
    for (; i < len; i++) {
        uint8_t c = (uint8_t)in[i];
        if (c == '*' || c == '?')
            *wild = true;
        else if (!dos_name_char(c))
            return false;
        if (ne < 3)
            ext[ne++] = (char)dos_upcase(c);
    }
    if (!nn)
        return false;
    name[nn] = 0;
    ext[ne] = 0;
    snprintf(out, 13, ne ? "%s.%s" : "%s", name, ext);
    return true;
}

static bool path_append(char *buf, size_t max, const char *part)
{
    size_t len = strcmp(buf, ".") ? strlen(buf) : 0;

    if (len + 1 + strlen(part) + 1 > max)
        return false;
    snprintf(buf + len, max - len, "%s%s", len ? "/" : "", part);
    return true;
}

enum dos_error dos_path_resolve(struct machine *m, const char *in, struct dos_path *out,
                                unsigned flags)
{
    struct dos *d = m->dos;
    char full[DOS_PATH_MAX + 256], comps[DOS_MAX_DEPTH][13], colonless[256];
    bool comp_wild[DOS_MAX_DEPTH];
    const char *p = in;
    int drive = d->cur_drive, depth = 0;
    size_t len;

    out->drive = 0;
    out->depth = 0;
    out->device = DOS_FILE_FREE;
    out->exists = out->wild = false;
    out->attr = 0;
    out->dos[0] = out->host[0] = out->parent[0] = out->name[0] = 0;
    memset(out->fcb, ' ', sizeof(out->fcb));
    if (isalpha((unsigned char)p[0]) && p[1] == ':') {
        drive = toupper((unsigned char)p[0]) - 'A';
        p += 2;
    }
    if (!dos_drive_valid(m, drive))
        return DOSERR_PATH_NOT_FOUND;
    if (!*in || strlen(p) > 200)
        return DOSERR_PATH_NOT_FOUND;
    if ((p[0] == '\\' || p[0] == '/') && (p[1] == '\\' || p[1] == '/'))
        return DOSERR_PATH_NOT_FOUND; /* \\server\share: no network here */
    len = strlen(p);
    if (len > 1 && p[len - 1] == ':') {
        /* "CON:", "C:\DIR\PRN:": a device may carry the colon of its name. */
        const char *last = p + len - 1;
        char name[16];
        while (last > p && last[-1] != '\\' && last[-1] != '/')
            last--;
        if ((size_t)(p + len - 1 - last) < sizeof(name)) {
            snprintf(name, sizeof(name), "%.*s", (int)(p + len - 1 - last), last);
            if (dos_device_by_name(name) != DOS_FILE_FREE) {
                snprintf(colonless, sizeof(colonless), "%.*s", (int)(len - 1), p);
                p = colonless;
            }
        }
    }
    if (*p == '\\' || *p == '/') {
        snprintf(full, sizeof(full), "%s", p);
    } else {
        char cur[DOS_CDS_MAX + 1];
        dos_cds_get(m, drive, cur, sizeof(cur));
        snprintf(full, sizeof(full), "%s\\%s", cur + 2, p);
    }

    /* Split into components, resolving "." and ".." lexically: ".." never climbs above
     * the root, whatever the host's directories are. */
    for (char *s = full; *s;) {
        while (*s == '\\' || *s == '/')
            s++;
        len = strcspn(s, "\\/");
        if (!len)
            break;
        if (len == 1 && s[0] == '.') {
            /* stays */
        } else if (len == 2 && s[0] == '.' && s[1] == '.') {
            if (!depth)
                return DOSERR_PATH_NOT_FOUND;
            depth--;
        } else {
            if (depth >= DOS_MAX_DEPTH ||
                !dos_component_83(s, len, comps[depth], &comp_wild[depth]))
                return DOSERR_PATH_NOT_FOUND;
            depth++;
        }
        s += len;
    }
    for (int i = 0; i < depth; i++)
        if (comp_wild[i] && (i < depth - 1 || !(flags & DOS_RESOLVE_WILD)))
            return DOSERR_PATH_NOT_FOUND;

    out->drive = (uint8_t)drive;
    out->depth = depth;
    len = (size_t)snprintf(out->dos, sizeof(out->dos), "%c:\\", 'A' + drive);
    for (int i = 0; i < depth; i++) {
        char name[13];
        if (comp_wild[i]) {
            char fcb[11];
            dos_name_to_fcb(comps[i], fcb);
            dos_fcb_to_name((const uint8_t *)fcb, name);
        } else {
            name13_copy(name, comps[i]);
        }
        len +=
            (size_t)snprintf(out->dos + len, sizeof(out->dos) - len, "%s%s", i ? "\\" : "", name);
        if (len >= DOS_PATH_MAX - 1)
            return DOSERR_PATH_NOT_FOUND;
    }
    if (depth) {
        dos_name_to_fcb(comps[depth - 1], out->fcb);
        out->wild = comp_wild[depth - 1];
    } else {
        memset(out->fcb, ' ', sizeof(out->fcb));
    }
    /* The DOS 2 device directory: \DEV\CON is CON wherever there is no \DEV. */
    if (depth == 2 && !strcmp(comps[0], "DEV") && dos_device_by_name(comps[1]) != DOS_FILE_FREE) {
        out->device = dos_device_by_name(comps[1]);
        snprintf(out->host, sizeof(out->host), ".");
        return DOSERR_NONE;
    }

    /* Each directory must exist; the device check comes after it, so that
     * "DIR\NUL" exists exactly when DIR does (batch files test directories so). */
    snprintf(out->host, sizeof(out->host), ".");
    for (int i = 0; i < depth; i++) {
        const struct dos_dirlist *l;
        const struct dos_dirent *e = NULL;
        char hostname[256];
        bool last = i == depth - 1;

        if (last && !out->wild && dos_device_by_name(comps[i]) != DOS_FILE_FREE) {
            snprintf(out->parent, sizeof(out->parent), "%s", out->host);
            out->device = dos_device_by_name(comps[i]);
            return DOSERR_NONE;
        }
        if (dos_dir_list(m, drive, out->host, &l) < 0)
            return DOSERR_PATH_NOT_FOUND;
        if (!out->wild || !last)
            e = dirlist_find(l, comps[i]);
        if (!e && !last)
            return DOSERR_PATH_NOT_FOUND;
        if (!last && !(e->attr & DOS_ATTR_DIR))
            return DOSERR_PATH_NOT_FOUND;
        if (last)
            snprintf(out->parent, sizeof(out->parent), "%s", out->host);
        if (e) {
            snprintf(hostname, sizeof(hostname), "%s", e->host);
            out->exists = true;
            out->attr = e->attr;
        } else {
            /* A new file gets its DOS name in lower case on the host. */
            dos_name_to_host(comps[i], hostname, sizeof(hostname));
            out->exists = false;
        }
        if (!path_append(out->host, sizeof(out->host), hostname))
            return DOSERR_PATH_NOT_FOUND;
        if (last)
            snprintf(out->name, sizeof(out->name), "%s", hostname);
    }
    if (!depth) {
        snprintf(out->parent, sizeof(out->parent), ".");
        out->exists = true;
        out->attr = DOS_ATTR_DIR;
    }
    return DOSERR_NONE;
}

bool dos_path_from_host(struct machine *m, int drive, const char *rel, char *out, size_t max)
{
    char dir[DOS_HOST_MAX] = ".", comp[256];
    size_t len = (size_t)snprintf(out, max, "%c:", 'A' + drive);

    while (*rel) {
        const struct dos_dirlist *l;
        const struct dos_dirent *e = NULL;
        size_t n;
        while (*rel == '/')
            rel++;
        n = strcspn(rel, "/");
        if (!n)
            break;
        if (n >= sizeof(comp) || dos_dir_list(m, drive, dir, &l) < 0)
            return false;
        snprintf(comp, sizeof(comp), "%.*s", (int)n, rel);
        for (size_t i = 0; i < l->n && !e; i++)
            if (l->e[i].host && !strcmp(l->e[i].host, comp))
                e = &l->e[i];
        if (!e || len + 1 + strlen(e->dos) >= max || !path_append(dir, sizeof(dir), comp))
            return false;
        len += (size_t)snprintf(out + len, max - len, "\\%s", e->dos);
        rel += n;
    }
    if (len == 2)
        snprintf(out + len, max - len, "\\");
    return true;
}

int dos_path_open(struct machine *m, const struct dos_path *p, int flags, mode_t mode)
{
    bool path_only = flags & O_PATH;
    struct stat st;
    int fd;

    if (drive_in_memory(m, p->drive)) {
        const struct dos_memfile *f = memfile_find(m, p->drive, p->name);
        if ((flags & (O_ACCMODE | O_CREAT | O_TRUNC)) && !path_only)
            return -EROFS;
        if (!p->depth)
            return -EACCES; /* the root is no file to open */
        return f && p->depth == 1 ? memfile_open(f) : -ENOENT;
    }
    fd = dos_openat2(m->dos->drives[p->drive].root_fd, p->host,
                     path_only ? flags : flags | O_NONBLOCK, mode);
    if (fd < 0)
        return fd;
    /* O_NONBLOCK: a FIFO on the host must not hang the machine; only files and
     * directories are DOS's to open. */
    if (fstat(fd, &st) < 0 || (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))) {
        close(fd);
        return -EACCES;
    }
    if (!path_only && !(flags & O_NONBLOCK))
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

int dos_path_open_parent(struct machine *m, const struct dos_path *p)
{
    if (drive_in_memory(m, p->drive))
        return -EROFS;
    return dos_openat2(m->dos->drives[p->drive].root_fd, p->parent[0] ? p->parent : ".",
                       O_RDONLY | O_DIRECTORY, 0);
}

int dos_path_stat(struct machine *m, int drive, const char *host, struct stat *st)
{
    int fd, rc = 0;

    if (drive_in_memory(m, drive)) {
        const struct dos_memfile *f =
            memfile_find(m, drive, host[0] == '.' && host[1] == '/' ? host + 2 : host);
        memset(st, 0, sizeof(*st));
        if (!strcmp(host, ".")) {
            st->st_mode = S_IFDIR | 0555;
            return 0;
        }
        if (!f)
            return -ENOENT;
        st->st_mode = S_IFREG | 0444;
        st->st_size = (off_t)f->size;
        st->st_mtime = f->mtime;
        return 0;
    }
    fd = dos_openat2(m->dos->drives[drive].root_fd, host, O_PATH, 0);
    if (fd < 0)
        return fd;
    if (fstat(fd, st) < 0)
        rc = -errno;
    close(fd);
    return rc;
}

enum dos_error dos_error_from_errno(int err)
{
    switch (err < 0 ? -err : err) {
    case ENOENT: return DOSERR_FILE_NOT_FOUND;
    case ENOTDIR: return DOSERR_PATH_NOT_FOUND;
    case EXDEV: /* RESOLVE_BENEATH refused an escape */
    case ELOOP: return DOSERR_PATH_NOT_FOUND;
    case EACCES:
    case EPERM:
    case EISDIR:
    case ENOTEMPTY:
    case EBUSY: return DOSERR_ACCESS_DENIED;
    case EEXIST: return DOSERR_FILE_EXISTS;
    case EROFS: return DOSERR_WRITE_PROTECT;
    case EMFILE:
    case ENFILE: return DOSERR_TOO_MANY_OPEN;
    case ENOSPC:
    case EDQUOT: return DOSERR_DISK_FULL;
    case ENAMETOOLONG: return DOSERR_PATH_NOT_FOUND;
    default: return DOSERR_ACCESS_DENIED;
    }
}
