/* System control port A (92h): bit 1 gates A20, bit 0 resets the CPU (which ends the
 * session: there is nothing to reboot into). */
#include <errno.h>

#include "hw/hw.h"

static uint8_t sysctl_read(void *ctx, uint16_t port)
{
    struct machine *m = ctx;
    return m->mem.a20 ? 0x02 : 0x00;
}

static void sysctl_write(void *ctx, uint16_t port, uint8_t value)
{
    struct machine *m = ctx;

    machine_set_a20(m, (value & 0x02) != 0);
    if (value & 0x01) {
        log_debug(&m->log, LOG_PORT, "port 92h: CPU reset requested, ending the session");
        machine_stop(m, 0);
    }
}

static int sysctl_init(struct machine *m)
{
    return ioport_register(&m->io, "sysctl", 0x92, 1, sysctl_read, sysctl_write, m);
}

const struct device_desc sysctl_dev = {
    .name = "system control port",
    .init = sysctl_init,
};
