/* CPU exceptions nobody handles. On a PC the BIOS leaves int 6 (invalid opcode)
 * pointing at an IRET, so the faulting instruction runs again forever; hvdos ends the
 * run with a message that names it instead of hanging. */
#include "bios/bios.h"

void int06_service(struct machine *m, struct cpu_regs *r)
{
    /* The fault pushed the address of the instruction itself. */
    uint32_t frame = cpu_linear(r->ss, r->sp);
    uint16_t ip = mem_rd16(&m->mem, frame), cs = mem_rd16(&m->mem, frame + 2);
    uint32_t at = cpu_linear(cs, ip);

    log_error(&m->log,
              "the program executed an invalid instruction at %04X:%04X (bytes %02X %02X %02X "
              "%02X)",
              cs, ip, mem_rd8(&m->mem, at), mem_rd8(&m->mem, at + 1), mem_rd8(&m->mem, at + 2),
              mem_rd8(&m->mem, at + 3));
    machine_stop(m, EXIT_EMULATION);
}
