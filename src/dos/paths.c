/* DOS paths to host paths. A DOS path is made absolute and canonical ("C:\DIR\F.TXT"),
 * each component is matched case-insensitively against the host directory, and every
 * host access goes through openat2(RESOLVE_BENEATH) from the drive's root descriptor,
 * so the kernel, not string checks, keeps the guest inside its drives. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

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
            snprintf(err, errlen, "cannot use %s as drive %c: %s", path, letter, strerror(errno));
            return -errno;
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
        if (m->dos->drives[i].root_fd >= 0)
            close(m->dos->drives[i].root_fd);
        free(m->dos->drives[i].host_root);
    }
}

/* The current directory of a drive, from its CDS entry: "C:\DIR" */
static void dos_cds_path(struct machine *m, int drive, char *out, size_t max)
{
    uint32_t cds = dos_addr(DOS_CDS) + (uint32_t)drive * DOS_CDS_ENTRY + CDS_PATH;
    if (mem_read_strz(&m->mem, cds, out, max) < 3)
        snprintf(out, max, "%c:\\", 'A' + drive);
}

static bool dos_valid_char(unsigned char c)
{
    if (c < 0x20 || c == 0x7F)
        return false;
    return !strchr("\"*+,/:;<=>?[\\]|", c);
}

enum dos_file_kind dos_device_by_name(const char *component)
{
    char base[16];
    size_t n = strcspn(component, ".");

    if (n >= sizeof(base))
        return DOS_FILE_FREE;
    memcpy(base, component, n);
    base[n] = 0;
    for (size_t i = 0; i < sizeof(dos_device_names) / sizeof(dos_device_names[0]); i++)
        if (!strcmp(base, dos_device_names[i].name))
            return dos_device_names[i].kind;
    return DOS_FILE_FREE;
}

/* Upper-cases one component and cuts it to 8.3 as DOS does. Returns false on
 * characters DOS does not allow in names. */
static bool dos_component_83(const char *in, size_t len, char *out)
{
    char name[9] = {0}, ext[4] = {0};
    size_t nn = 0, ne = 0, i = 0;

    for (; i < len && in[i] != '.'; i++) {
        if (!dos_valid_char((unsigned char)in[i]))
            return false;
        if (nn < 8)
            name[nn++] = (char)toupper((unsigned char)in[i]);
    }
    if (i < len)
        i++; /* the dot */
    for (; i < len; i++) {
        if (in[i] == '.' || !dos_valid_char((unsigned char)in[i]))
            return false;
        if (ne < 3)
            ext[ne++] = (char)toupper((unsigned char)in[i]);
    }
    if (!nn)
        return false;
    sprintf(out, ne ? "%s.%s" : "%s", name, ext);
    return true;
}

/* Finds the host entry in directory `dir` (relative to the drive root) whose name
 * matches the DOS name, case-insensitively. */
static bool dos_host_lookup(struct machine *m, int drive, const char *dir, const char *dosname,
                            char *hostname, size_t max)
{
    int fd = dos_openat2(m->dos->drives[drive].root_fd, dir, O_RDONLY | O_DIRECTORY, 0);
    DIR *dh;
    struct dirent *de;
    bool found = false;

    if (fd < 0)
        return false;
    dh = fdopendir(fd);
    if (!dh) {
        close(fd);
        return false;
    }
    while ((de = readdir(dh))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (!strcasecmp(de->d_name, dosname)) {
            snprintf(hostname, max, "%s", de->d_name);
            found = true;
            /* An exact match wins over a case-folded one. */
            if (!strcmp(de->d_name, dosname))
                break;
        }
    }
    closedir(dh);
    return found;
}

enum dos_error dos_path_resolve(struct machine *m, const char *in, struct dos_path *out)
{
    struct dos *d = m->dos;
    char full[512], comps[DOS_MAX_DEPTH][13];
    const char *p = in;
    int drive = d->cur_drive, depth = 0;
    size_t len;

    memset(out, 0, sizeof(*out));
    if (!*in)
        return DOSERR_PATH_NOT_FOUND;
    if (isalpha((unsigned char)p[0]) && p[1] == ':') {
        drive = toupper((unsigned char)p[0]) - 'A';
        p += 2;
    }
    if (drive < 0 || drive >= 26 || d->drives[drive].root_fd < 0)
        return DOSERR_PATH_NOT_FOUND;
    if (strlen(p) >= sizeof(full) - DOS_PATH_MAX - 2)
        return DOSERR_PATH_NOT_FOUND;
    if (*p == '\\' || *p == '/') {
        snprintf(full, sizeof(full), "%s", p);
    } else {
        char cur[DOS_PATH_MAX];
        dos_cds_path(m, drive, cur, sizeof(cur));
        snprintf(full, sizeof(full), "%.*s\\%.*s", DOS_PATH_MAX, cur + 2, 300, p);
    }

    /* Split into components, resolving "." and ".." lexically. */
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
            if (depth >= DOS_MAX_DEPTH || !dos_component_83(s, len, comps[depth]))
                return DOSERR_PATH_NOT_FOUND;
            depth++;
        }
        s += len;
    }

    out->drive = (uint8_t)drive;
    len = (size_t)snprintf(out->dos, sizeof(out->dos), "%c:\\", 'A' + drive);
    for (int i = 0; i < depth; i++) {
        len += (size_t)snprintf(out->dos + len, sizeof(out->dos) - len, "%s%s", i ? "\\" : "",
                                comps[i]);
        if (len >= DOS_PATH_MAX - 1)
            return DOSERR_PATH_NOT_FOUND;
    }
    if (depth) {
        out->device = dos_device_by_name(comps[depth - 1]);
        if (out->device != DOS_FILE_FREE)
            return DOSERR_NONE;
    }

    /* Map each component to its host name; the last may not exist yet. */
    snprintf(out->host, sizeof(out->host), ".");
    for (int i = 0; i < depth; i++) {
        char hostname[256];
        if (!dos_host_lookup(m, drive, out->host, comps[i], hostname, sizeof(hostname))) {
            if (i < depth - 1)
                return DOSERR_PATH_NOT_FOUND;
            /* A new file gets its DOS name in lower case on the host. */
            for (char *c = comps[i]; *c; c++)
                *c = (char)tolower((unsigned char)*c);
            snprintf(hostname, sizeof(hostname), "%.12s", comps[i]);
            out->exists = false;
        } else {
            out->exists = true;
        }
        len = strlen(out->host);
        if (len + strlen(hostname) + 2 > sizeof(out->host))
            return DOSERR_PATH_NOT_FOUND;
        snprintf(out->host + len, sizeof(out->host) - len, "/%s", hostname);
    }
    if (!depth)
        out->exists = true;
    return DOSERR_NONE;
}

int dos_path_open(struct machine *m, const struct dos_path *p, int flags, mode_t mode)
{
    return dos_openat2(m->dos->drives[p->drive].root_fd, p->host, flags, mode);
}

int dos_path_open_parent(struct machine *m, const struct dos_path *p, const char **name)
{
    char dir[sizeof(p->host)];
    char *slash;

    snprintf(dir, sizeof(dir), "%s", p->host);
    slash = strrchr(dir, '/');
    if (!slash)
        return -ENOENT;
    *slash = 0;
    *name = strrchr(p->host, '/') + 1;
    return dos_openat2(m->dos->drives[p->drive].root_fd, dir, O_RDONLY | O_DIRECTORY, 0);
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
    case ENOTEMPTY: return DOSERR_ACCESS_DENIED;
    case EEXIST: return DOSERR_FILE_EXISTS;
    case EROFS: return DOSERR_WRITE_PROTECT;
    case EMFILE:
    case ENFILE: return DOSERR_TOO_MANY_OPEN;
    case ENOSPC: return DOSERR_GENERAL;
    default: return DOSERR_ACCESS_DENIED;
    }
}
