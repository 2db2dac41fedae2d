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
    uint16_t minalloc, maxalloc, ss, sp, cs, ip, nrelocs, relocs;
};

/* NULL if the MZ header fits the file, else a description of what is wrong. */
const char *dos_exe_check(const uint8_t *img, size_t size, struct dos_exe_info *x);
void dos_build_psp(struct machine *m, uint16_t psp, uint16_t mem_top, uint16_t parent,
                   uint16_t env);
uint16_t dos_set_tail(struct machine *m, uint16_t psp, const char *tail);
/* Loads a program image into newly allocated memory with its PSP; fills the entry
 * registers. Returns the PSP segment, or -1 with the reason in why. */
int dos_load_image(struct machine *m, const uint8_t *img, size_t size, bool is_exe_name,
                   const char *name, uint16_t env, uint16_t parent, struct cpu_regs *r, char *why,
                   size_t whylen);
void dos_cds_set_root(struct machine *m, int drive);

#endif
