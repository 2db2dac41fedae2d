/* Country information, code pages and the tables behind them (src/dos/nls.c), and
 * IOCTL (src/dos/ioctl.c). */
#ifndef HVDOS_NLS_H
#define HVDOS_NLS_H

#include "dos/dos.h"

void dos_nls_init(struct machine *m);
void dos_country(struct machine *m, struct cpu_regs *r);     /* 38h */
void dos_ext_country(struct machine *m, struct cpu_regs *r); /* 65h */
void dos_code_page(struct machine *m, struct cpu_regs *r);   /* 66h */
void dos_dbcs(struct machine *m, struct cpu_regs *r);        /* 63h */
void dos_ioctl(struct machine *m, struct cpu_regs *r);       /* 44h */

#endif
