/* Handles, the SFT, file I/O and directory operations (src/dos/files.c). */
#ifndef HVDOS_FILES_H
#define HVDOS_FILES_H

#include "dos/dos.h"

void dos_files_init(struct machine *m);
void dos_files_fini(struct machine *m);
uint32_t dos_sft_addr(int idx);
uint16_t dos_sft_rd16(struct machine *m, int idx, unsigned field);
void dos_sft_wr16(struct machine *m, int idx, unsigned field, uint16_t v);
uint32_t dos_sft_rd32(struct machine *m, int idx, unsigned field);
void dos_sft_wr32(struct machine *m, int idx, unsigned field, uint32_t v);
int dos_sft_alloc(struct machine *m);
void dos_sft_set_device(struct machine *m, int idx, enum dos_file_kind kind);
/* One reference more or fewer to an SFT entry; the last one closes the host file. */
void dos_sft_ref(struct machine *m, int idx);
void dos_sft_release(struct machine *m, int idx);
/* The current process's job file table: its linear address and size. */
uint32_t dos_jft(struct machine *m, uint16_t *size);
/* The SFT entry behind a handle of the current process, or -1. */
int dos_handle_to_sft(struct machine *m, uint16_t handle);
void dos_jft_init_root(struct machine *m, uint16_t psp);
/* Copies the inheritable handles of the current process into a new PSP's JFT. */
void dos_jft_inherit(struct machine *m, uint16_t child);
void dos_close_process_files(struct machine *m, uint16_t psp);

/* Opening: an existing file or device (3Dh), a new or truncated one (3Ch), one that
 * must be new (5Bh). */
enum dos_create {
    DOS_OPEN,
    DOS_CREATE_TRUNC,
    DOS_CREATE_NEW,
};
/* Opens a path into a new SFT entry; *sft is its index. */
enum dos_error dos_open_sft(struct machine *m, const char *path, uint16_t mode, enum dos_create how,
                            uint16_t attr, int *sft, bool *existed);
enum dos_error dos_open_handle(struct machine *m, const char *path, uint16_t mode,
                               enum dos_create how, uint16_t attr, uint16_t *handle, bool *existed);
enum dos_error dos_close_handle(struct machine *m, uint16_t handle);
enum dos_error dos_dup_handle(struct machine *m, uint16_t handle, uint16_t *out);
enum dos_error dos_force_dup(struct machine *m, uint16_t handle, uint16_t target);
enum dos_error dos_set_handle_count(struct machine *m, uint16_t count);
/* *wait set: the guest was sent to wait for input; the call repeats later. */
enum dos_error dos_read_handle(struct machine *m, struct cpu_regs *r, uint16_t handle, uint32_t buf,
                               uint16_t count, uint16_t *done, bool *wait);
/* Reads host bytes through SFT entry idx at its position (files and devices that
 * never wait). */
enum dos_error dos_sft_read(struct machine *m, int idx, uint8_t *buf, uint16_t count,
                            uint16_t *done);
/* Writes host bytes through SFT entry idx (console, file, stream or device). */
enum dos_error dos_sft_write(struct machine *m, int idx, const uint8_t *buf, uint16_t count,
                             uint16_t *done);
enum dos_error dos_write_handle(struct machine *m, uint16_t handle, uint32_t buf, uint16_t count,
                                uint16_t *done);
enum dos_error dos_seek_handle(struct machine *m, uint16_t handle, uint8_t whence, int32_t off,
                               uint32_t *pos);
enum dos_error dos_commit_handle(struct machine *m, uint16_t handle);
enum dos_error dos_file_time(struct machine *m, uint16_t handle, bool set, uint16_t *time_w,
                             uint16_t *date);
/* Closes an SFT entry's host file now (FCB close). */
void dos_sft_close(struct machine *m, int idx);

/* Paths. */
enum dos_error dos_delete_path(struct machine *m, const char *path);
enum dos_error dos_rename_path(struct machine *m, const char *from, const char *to);
enum dos_error dos_mkdir_path(struct machine *m, const char *path);
enum dos_error dos_rmdir_path(struct machine *m, const char *path);
enum dos_error dos_chdir_path(struct machine *m, const char *path);
enum dos_error dos_get_attr(struct machine *m, const char *path, uint16_t *attr);
enum dos_error dos_set_attr(struct machine *m, const char *path, uint16_t attr);
/* Creates a file with a unique name in the directory `dir` (5Ah); the name is
 * appended to dir (which has room for 13 more characters). */
enum dos_error dos_create_temp(struct machine *m, char *dir, size_t max, uint16_t attr,
                               uint16_t *handle);
/* Disk geometry of a drive as DOS reports it (36h, 1Ch, DPBs). */
struct dos_disk_info {
    uint16_t sectors_per_cluster, bytes_per_sector, total_clusters, free_clusters;
};
bool dos_disk_info(struct machine *m, int drive, struct dos_disk_info *info);
/* DOS date and time words of a host time. */
void dos_timestamp(time_t t, uint16_t *date, uint16_t *time_w);
time_t dos_time_to_host(uint16_t date, uint16_t time_w);

#endif
