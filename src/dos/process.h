/* Loading and ending programs (src/dos/process.c). */
#ifndef HVDOS_PROCESS_H
#define HVDOS_PROCESS_H

#include "dos/dos.h"

/* Termination types, as int 21h 4Dh returns them in AH. */
enum {
    DOS_TERM_NORMAL = 0,
    DOS_TERM_CTRLC = 1,
    DOS_TERM_CRITICAL = 2,
    DOS_TERM_TSR = 3,
};

struct dos_exe_info {
    uint32_t header, image; /* bytes */
    uint16_t pages;         /* 512-byte pages, as the header gives them */
    uint16_t minalloc, maxalloc, ss, sp, cs, ip, nrelocs, relocs;
};

/* NULL if the MZ header fits the file, else a description of what is wrong. */
const char *dos_exe_check(const uint8_t *img, size_t size, struct dos_exe_info *x);
void dos_build_psp(struct machine *m, uint16_t psp, uint16_t mem_top, uint16_t parent,
                   uint16_t env);
uint16_t dos_set_tail(struct machine *m, uint16_t psp, const char *tail);
/* Loads a program image into newly allocated memory with its PSP, as DOS's EXEC does;
 * fills the entry registers. Returns the PSP segment, or -1 with the reason in why
 * (and the DOS error in *err if err is not NULL). */
int dos_load_image(struct machine *m, const uint8_t *img, size_t size, bool is_exe_name,
                   const char *name, uint16_t env, uint16_t parent, struct cpu_regs *r, char *why,
                   size_t whylen);
int dos_load_image_err(struct machine *m, const uint8_t *img, size_t size, bool is_exe_name,
                       const char *name, uint16_t env, uint16_t parent, struct cpu_regs *r,
                       char *why, size_t whylen, enum dos_error *err);

/* int 21h 26h, 55h: a new PSP copied from the current one. */
void dos_create_psp(struct machine *m, struct cpu_regs *r);
void dos_create_child_psp(struct machine *m, struct cpu_regs *r);
/* int 21h 31h and int 27h: terminate and stay resident with paras of memory. */
void dos_keep(struct machine *m, struct cpu_regs *r, uint16_t paras, uint8_t code);
/* The ROM routine after a program's int 23h returned (see dos_ctrlc). */
void dos_ctrlc_done(struct machine *m, struct cpu_regs *r);

#endif
