/* Resolving DOS paths to host paths beneath a drive's root (src/dos/paths.c). */
#ifndef HVDOS_PATHS_H
#define HVDOS_PATHS_H

#include <sys/types.h>

#include "dos/dos.h"

#define DOS_PATH_MAX  128 /* "C:\" and 64 characters of directories, with room */
#define DOS_MAX_DEPTH 32

struct dos_path {
    uint8_t drive;
    char dos[DOS_PATH_MAX];    /* canonical: "C:\DIR\FILE.TXT" */
    char host[1024];           /* relative to the drive root: "./dir/file.txt" */
    enum dos_file_kind device; /* a device name (CON, NUL, ...) or DOS_FILE_FREE */
    bool exists;               /* the last component exists on the host */
};

enum dos_error dos_path_resolve(struct machine *m, const char *path, struct dos_path *out);
/* openat2 beneath the drive's root; returns an fd or -errno. */
int dos_path_open(struct machine *m, const struct dos_path *p, int flags, mode_t mode);
/* The parent directory of p, opened beneath the root, and p's last host name: for
 * unlinkat, mkdirat, renameat, which never follow the last component. */
int dos_path_open_parent(struct machine *m, const struct dos_path *p, const char **name);
int dos_openat2(int dirfd, const char *path, int flags, mode_t mode);
enum dos_file_kind dos_device_by_name(const char *component);
enum dos_error dos_error_from_errno(int err);

#endif
