/* The I/O port bus: a 64 Ki-entry index from port to handler keeps dispatch O(1). */
#include "machine/ioport.h"

#include <errno.h>
#include <string.h>

void ioport_init(struct ioport_bus *bus, const struct log *log)
{
    memset(bus, 0, sizeof(*bus));
    bus->log = log;
}

int ioport_register(struct ioport_bus *bus, const char *name, uint16_t base, uint16_t count,
                    ioport_read_fn read, ioport_write_fn write, void *ctx)
{
    if (bus->count >= IOPORT_MAX_HANDLERS)
        return -ENOSPC;
    if ((uint32_t)base + count > 0x10000u || !count)
        return -EINVAL;
    for (uint32_t p = base; p < (uint32_t)base + count; p++)
        if (bus->index[p])
            return -EEXIST;
    bus->handlers[bus->count] = (struct ioport_handler){name, base, count, read, write, ctx};
    bus->count++;
    for (uint32_t p = base; p < (uint32_t)base + count; p++)
        bus->index[p] = (uint8_t)bus->count;
    return 0;
}

static uint8_t ioport_in8(struct ioport_bus *bus, uint16_t port)
{
    unsigned i = bus->index[port];
    const struct ioport_handler *h;

    if (!i) {
        log_debug(bus->log, LOG_PORT, "in from unknown port %04Xh", port);
        return 0xFF;
    }
    h = &bus->handlers[i - 1];
    return h->read ? h->read(h->ctx, port) : 0xFF;
}

static void ioport_out8(struct ioport_bus *bus, uint16_t port, uint8_t value)
{
    unsigned i = bus->index[port];
    const struct ioport_handler *h;

    if (!i) {
        log_debug(bus->log, LOG_PORT, "out %02Xh to unknown port %04Xh", value, port);
        return;
    }
    h = &bus->handlers[i - 1];
    if (h->write)
        h->write(h->ctx, port, value);
}

uint32_t ioport_in(struct ioport_bus *bus, uint16_t port, unsigned size)
{
    uint32_t v = 0;

    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)ioport_in8(bus, (uint16_t)(port + i)) << (8 * i);
    return v;
}

void ioport_out(struct ioport_bus *bus, uint16_t port, unsigned size, uint32_t value)
{
    for (unsigned i = 0; i < size; i++)
        ioport_out8(bus, (uint16_t)(port + i), (uint8_t)(value >> (8 * i)));
}
