/* The system control ports. A (92h): bit 1 gates A20, bit 0 resets the CPU (which
 * ends the session: there is nothing to reboot into). B (61h): bit 0 gates timer
 * channel 2, bit 1 drives the speaker (silent here); reads add bit 4, which toggles
 * with every memory refresh cycle (15.085 us: programs time short delays by it), and
 * bit 5, channel 2's output. */
#include <errno.h>
#include <stdlib.h>

#include "hw/hw.h"
#include "hw/pit.h"

#define REFRESH_NS 15085u

struct sysctl {
    uint8_t port_b; /* bits 0-3 as written */
};

static uint8_t sysctl_read(void *ctx, uint16_t port)
{
    struct machine *m = ctx;

    if (port == 0x61) {
        uint8_t v = m->sysctl->port_b & 0x0F;
        if ((machine_now_ns() / REFRESH_NS) & 1)
            v |= 0x10;
        if (pit_out(m, 2))
            v |= 0x20;
        return v;
    }
    return m->mem.a20 ? 0x02 : 0x00;
}

static void sysctl_write(void *ctx, uint16_t port, uint8_t value)
{
    struct machine *m = ctx;

    if (port == 0x61) {
        m->sysctl->port_b = value & 0x0F;
        pit_set_gate(m, 2, value & 0x01);
        return;
    }
    machine_set_a20(m, (value & 0x02) != 0);
    if (value & 0x01) {
        log_debug(&m->log, LOG_PORT, "port 92h: CPU reset requested, ending the session");
        machine_stop(m, 0);
    }
}

static int sysctl_init(struct machine *m)
{
    int rc;

    m->sysctl = calloc(1, sizeof(*m->sysctl));
    if (!m->sysctl)
        return -ENOMEM;
    rc = ioport_register(&m->io, "system control B", 0x61, 1, sysctl_read, sysctl_write, m);
    if (!rc)
        rc = ioport_register(&m->io, "system control A", 0x92, 1, sysctl_read, sysctl_write, m);
    if (rc) {
        free(m->sysctl);
        m->sysctl = NULL;
    }
    return rc;
}

static void sysctl_fini(struct machine *m)
{
    free(m->sysctl);
    m->sysctl = NULL;
}

const struct device_desc sysctl_dev = {
    .name = "system control ports",
    .init = sysctl_init,
    .fini = sysctl_fini,
};
