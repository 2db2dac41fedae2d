/* Handles, the SFT and file I/O (src/dos/files.c). */
#ifndef HVDOS_FILES_H
#define HVDOS_FILES_H

#include "dos/dos.h"

void dos_files_init(struct machine *m);
void dos_files_fini(struct machine *m);
uint32_t dos_sft_addr(int idx);
int dos_sft_alloc(struct machine *m);
void dos_sft_set_device(struct machine *m, int idx, enum dos_file_kind kind);
/* The SFT entry behind a handle of the current process, or -1. */
int dos_handle_to_sft(struct machine *m, uint16_t handle);
uint16_t dos_handle_devinfo(struct machine *m, int idx);
void dos_jft_init_root(struct machine *m, uint16_t psp);
void dos_close_process_files(struct machine *m, uint16_t psp);

enum dos_error dos_open_path(struct machine *m, const char *path, uint16_t mode, bool create,
                             uint16_t attr, uint16_t *handle);
enum dos_error dos_close_handle(struct machine *m, uint16_t handle);
enum dos_error dos_dup_handle(struct machine *m, uint16_t handle, uint16_t *out);
enum dos_error dos_force_dup(struct machine *m, uint16_t handle, uint16_t target);
/* *wait set: the guest was sent to wait for input; the call repeats later. */
enum dos_error dos_read_handle(struct machine *m, struct cpu_regs *r, uint16_t handle, uint32_t buf,
                               uint16_t count, uint16_t *done, bool *wait);
/* Writes host bytes through SFT entry idx (console, file, stream or device). */
enum dos_error dos_sft_write(struct machine *m, int idx, const uint8_t *buf, uint16_t count,
                             uint16_t *done);
enum dos_error dos_write_handle(struct machine *m, uint16_t handle, uint32_t buf, uint16_t count,
                                uint16_t *done);
enum dos_error dos_seek_handle(struct machine *m, uint16_t handle, uint8_t whence, int32_t off,
                               uint32_t *pos);
enum dos_error dos_delete_path(struct machine *m, const char *path);

#endif
