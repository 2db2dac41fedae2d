/* int 0, divide overflow: DOS shows "Divide overflow" and ends the program, as it
 * does for a Ctrl-C abort; a root program ended this way exits hvdos with 255. */
#include "dos/dos.h"
#include "dos/process.h"

void int00_service(struct machine *m, struct cpu_regs *r)
{
    static const uint8_t msg[] = "\r\nDivide overflow\r\n";

    dos_con_write(m, msg, sizeof(msg) - 1, m->cfg->headless);
    dos_terminate(m, r, 0xFF, DOS_TERM_CTRLC);
}
