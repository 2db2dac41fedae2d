/* Directory searches: find first/next by path (4Eh/4Fh) and by FCB (11h/12h)
 * (src/dos/find.c). */
#ifndef HVDOS_FIND_H
#define HVDOS_FIND_H

#include "dos/dos.h"
#include "dos/paths.h"

/* What a search found. */
struct dos_found {
    char name[13]; /* "NAME.EXT" */
    char fcb[11];
    uint8_t attr;
    uint16_t time, date;
    uint32_t size;
};

/* Where a search goes on: kept by the caller in the DTA (or FCB) it returns in. */
struct dos_search_pos {
    uint16_t key;   /* 0: nothing more (a device, or the end) */
    uint16_t index; /* the next entry to look at */
    uint32_t tag;   /* must match the search's own, else the search is gone */
};

/* Starts a search in the directory of p for p's last component (a template) and the
 * attributes; the first match goes to *f. */
enum dos_error dos_find_first(struct machine *m, const struct dos_path *p, uint8_t attr,
                              struct dos_found *f, struct dos_search_pos *pos);
enum dos_error dos_find_next(struct machine *m, struct dos_search_pos *pos, struct dos_found *f);
void dos_find_fini(struct machine *m);

/* int 21h 4Eh/4Fh: the DTA format. */
void dos_find_first_dta(struct machine *m, struct cpu_regs *r);
void dos_find_next_dta(struct machine *m, struct cpu_regs *r);

#endif
