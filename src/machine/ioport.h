/* The I/O port bus: devices claim port ranges; wide accesses are split into bytes;
 * unknown ports read 0xFF and ignore writes. */
#ifndef HVDOS_IOPORT_H
#define HVDOS_IOPORT_H

#include <stdint.h>

#include "log.h"

typedef uint8_t (*ioport_read_fn)(void *ctx, uint16_t port);
typedef void (*ioport_write_fn)(void *ctx, uint16_t port, uint8_t value);

#define IOPORT_MAX_HANDLERS 32

struct ioport_handler {
    const char *name;
    uint16_t base, count;
    ioport_read_fn read;   /* NULL: reads 0xFF */
    ioport_write_fn write; /* NULL: writes ignored */
    void *ctx;
};

struct ioport_bus {
    const struct log *log;
    unsigned count;
    struct ioport_handler handlers[IOPORT_MAX_HANDLERS];
    uint8_t index[0x10000]; /* port -> handler number + 1, 0 = none */
};

void ioport_init(struct ioport_bus *bus, const struct log *log);
/* Returns 0, -EEXIST if the range overlaps a registered one, -ENOSPC if full. */
int ioport_register(struct ioport_bus *bus, const char *name, uint16_t base, uint16_t count,
                    ioport_read_fn read, ioport_write_fn write, void *ctx);
uint32_t ioport_in(struct ioport_bus *bus, uint16_t port, unsigned size);
void ioport_out(struct ioport_bus *bus, uint16_t port, unsigned size, uint32_t value);

#endif
