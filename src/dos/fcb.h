/* File control blocks (src/dos/fcb.c): the CP/M-style file functions of int 21h
 * (0Fh-17h, 21h-24h, 27h, 28h) and the filename parser of 29h, which the loader also
 * uses for the PSP's two FCBs. */
#ifndef HVDOS_FCB_H
#define HVDOS_FCB_H

#include "dos/dos.h"

/* Parses a filename at *p into fcb[0..11] (drive, 8-byte name, 3-byte extension),
 * with the control bits of int 21h 29h AL. Advances *p past what it used. Returns 00h,
 * 01h if there are wildcards, FFh if the drive is invalid. */
uint8_t dos_fcb_parse_name(struct machine *m, const char **p, uint8_t *fcb, uint8_t flags);

/* The int 21h functions; each takes DS:DX -> FCB (29h: DS:SI, ES:DI). */
void dos_fcb_open(struct machine *m, struct cpu_regs *r);
void dos_fcb_close(struct machine *m, struct cpu_regs *r);
void dos_fcb_find_first(struct machine *m, struct cpu_regs *r);
void dos_fcb_find_next(struct machine *m, struct cpu_regs *r);
void dos_fcb_delete(struct machine *m, struct cpu_regs *r);
void dos_fcb_seq_read(struct machine *m, struct cpu_regs *r);
void dos_fcb_seq_write(struct machine *m, struct cpu_regs *r);
void dos_fcb_create(struct machine *m, struct cpu_regs *r);
void dos_fcb_rename(struct machine *m, struct cpu_regs *r);
void dos_fcb_random_read(struct machine *m, struct cpu_regs *r);
void dos_fcb_random_write(struct machine *m, struct cpu_regs *r);
void dos_fcb_file_size(struct machine *m, struct cpu_regs *r);
void dos_fcb_set_random(struct machine *m, struct cpu_regs *r);
void dos_fcb_block_read(struct machine *m, struct cpu_regs *r);
void dos_fcb_block_write(struct machine *m, struct cpu_regs *r);
void dos_fcb_parse(struct machine *m, struct cpu_regs *r);

#endif
