/* Resolving DOS paths to host paths beneath a drive's root, 8.3 names and aliases,
 * and directory listings (src/dos/paths.c). */
#ifndef HVDOS_PATHS_H
#define HVDOS_PATHS_H

#include <sys/stat.h>
#include <sys/types.h>

#include "dos/dos.h"

#define DOS_PATH_MAX  128 /* "C:\" and 64 characters of directories, with room */
#define DOS_CDS_MAX   67  /* a current directory: "C:\" + 63 + NUL (CDS path field) */
#define DOS_MAX_DEPTH 32
#define DOS_HOST_MAX  4096 /* a host path relative to the drive root */

/* DOS file attributes. */
#define DOS_ATTR_RDONLY 0x01u
#define DOS_ATTR_HIDDEN 0x02u
#define DOS_ATTR_SYSTEM 0x04u
#define DOS_ATTR_VOLUME 0x08u
#define DOS_ATTR_DIR    0x10u
#define DOS_ATTR_ARCH   0x20u
#define DOS_ATTR_DEVICE 0x40u /* a character device found by name */

/* One entry of a host directory as DOS sees it. */
struct dos_dirent {
    char dos[13]; /* "NAME.EXT": the 8.3 name or the alias */
    char fcb[11]; /* the same in FCB form, blank padded, for wildcard matching */
    uint8_t attr; /* DOS_ATTR_DIR, _RDONLY, _HIDDEN, _ARCH */
    char *host;   /* the host's name */
};

enum dos_resolve_flags {
    DOS_RESOLVE_WILD = 1u << 0, /* the last component may hold '?' and '*' */
};

struct dos_path {
    uint8_t drive;
    char dos[DOS_PATH_MAX];    /* canonical: "C:\DIR\FILE.TXT" */
    char host[DOS_HOST_MAX];   /* relative to the drive root: "dir/File.txt", "." */
    char parent[DOS_HOST_MAX]; /* the directory that holds it: "dir", "." */
    char name[256];            /* the last host component ("" for the root) */
    char fcb[11];              /* the last component in FCB form (wildcards expanded) */
    int depth;                 /* components after the root */
    enum dos_file_kind device; /* a device name (CON, NUL, ...) or DOS_FILE_FREE */
    bool exists;               /* the last component exists on the host */
    bool wild;                 /* the last component has wildcards */
    uint8_t attr;              /* DOS attributes of what exists */
};

/* Resolves a DOS path: every directory must exist (else error 3); the last component
 * may be missing (exists = false, host name = the DOS name in lower case). Wildcards
 * fail with error 3 unless DOS_RESOLVE_WILD. */
enum dos_error dos_path_resolve(struct machine *m, const char *path, struct dos_path *out,
                                unsigned flags);
/* openat2 beneath the drive's root; returns an fd or -errno. Only regular files and
 * directories open: a FIFO or device node on the host is refused (-EACCES). */
int dos_path_open(struct machine *m, const struct dos_path *p, int flags, mode_t mode);
/* The directory that holds p, opened beneath the root, for unlinkat, mkdirat,
 * renameat, which act on p->name without following it. */
int dos_path_open_parent(struct machine *m, const struct dos_path *p);
/* stat of what p names, following symlinks only beneath the root. */
int dos_path_stat(struct machine *m, int drive, const char *host, struct stat *st);
int dos_openat2(int dirfd, const char *path, int flags, mode_t mode);
enum dos_file_kind dos_device_by_name(const char *component);
enum dos_error dos_error_from_errno(int err);

/* The listing of a host directory (relative to the drive root), cached until the
 * directory or anything DOS changed on a drive changes. Returns 0 or -errno. */
int dos_dir_list(struct machine *m, int drive, const char *hostdir, const struct dos_dirlist **out);
/* Something on a drive changed: listings are read again. */
void dos_dir_changed(struct machine *m);
/* DOS name of a host name: the valid 8.3 form (upper case), or false if it needs an
 * alias. */
bool dos_name_from_host(const char *host, char out[13]);
/* The host name DOS gives a new file: its DOS name in lower case, CP437 as UTF-8. */
void dos_name_to_host(const char *dos, char *out, size_t max);
/* "NAME.EXT" to FCB form "NAME    EXT"; '*' fills with '?'. */
void dos_name_to_fcb(const char *name, char fcb[11]);
/* FCB form to "NAME.EXT". */
void dos_fcb_to_name(const uint8_t fcb[11], char out[13]);
/* Does an FCB-form name match an FCB-form template with '?'? */
bool dos_fcb_match(const char tmpl[11], const char name[11]);
/* The DOS upper case of a character (CP437, country 001). */
uint8_t dos_upcase(uint8_t c);
extern const uint8_t dos_upcase_table[128];

/* The DOS path ("C:\\TOOLS\\MASM~K3A.EXE") of a host path relative to a drive's root
 * ("tools/masm-5.10.exe"): each component by its DOS name or alias. */
bool dos_path_from_host(struct machine *m, int drive, const char *rel, char *out, size_t max);

/* Drives. */
int dos_drives_init(struct machine *m, char *err, size_t errlen);
void dos_drives_fini(struct machine *m);
bool dos_drive_valid(const struct machine *m, int drive);
/* Puts a read-only file of hvdos's own (a copy of data) into the root of drive, which
 * must have no host directory; the drive becomes a read-only drive of hvdos's own.
 * Returns 0 or -errno. */
int dos_drive_add_file(struct machine *m, int drive, const char *name, const uint8_t *data,
                       size_t size);
/* The current directory of a drive from its CDS entry: "C:\DIR". */
void dos_cds_get(struct machine *m, int drive, char *out, size_t max);
void dos_cds_set(struct machine *m, int drive, const char *path);
void dos_cds_set_root(struct machine *m, int drive);
/* The volume label of a drive (11 characters, blank padded): from the host directory's
 * name. */
void dos_volume_label(const struct machine *m, int drive, char label[11]);

#endif
