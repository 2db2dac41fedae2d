/* File control blocks (src/dos/fcb.c): the filename parser of int 21h 29h, which the
 * loader also uses for the PSP's two FCBs. */
#ifndef HVDOS_FCB_H
#define HVDOS_FCB_H

#include "dos/dos.h"

/* Parses a filename at *p into fcb[0..11] (drive, 8-byte name, 3-byte extension),
 * with the control bits of int 21h 29h AL. Advances *p past what it used. Returns 00h,
 * 01h if there are wildcards, FFh if the drive is invalid. */
uint8_t dos_fcb_parse_name(struct machine *m, const char **p, uint8_t *fcb, uint8_t flags);

#endif
