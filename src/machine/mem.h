/* Guest memory as the services see it: linear addresses through a view of the
 * machine's memory map (so the A20 gate, the ROM and unmapped space behave as they do
 * for the CPU), with 00000-BFFFF also reachable in place through `ram`. */
#ifndef HVDOS_MEM_H
#define HVDOS_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cpu/cpu.h"
#include "machine/memmap.h"

struct mem {
    uint8_t *ram; /* the map's allocation, shared with the CPU backend */
    bool a20;
    struct memmap_view view; /* kept in step with the machine's map */
};

static inline uint8_t mem_rd8(const struct mem *mem, uint32_t lin)
{
    return memmap_view_rd8(&mem->view, lin);
}

static inline void mem_wr8(struct mem *mem, uint32_t lin, uint8_t v)
{
    memmap_view_wr8(&mem->view, lin, v);
}

static inline uint16_t mem_rd16(const struct mem *mem, uint32_t lin)
{
    return (uint16_t)(mem_rd8(mem, lin) | mem_rd8(mem, lin + 1) << 8);
}

static inline void mem_wr16(struct mem *mem, uint32_t lin, uint16_t v)
{
    mem_wr8(mem, lin, (uint8_t)v);
    mem_wr8(mem, lin + 1, (uint8_t)(v >> 8));
}

static inline uint32_t mem_rd32(const struct mem *mem, uint32_t lin)
{
    return mem_rd16(mem, lin) | (uint32_t)mem_rd16(mem, lin + 2) << 16;
}

static inline void mem_wr32(struct mem *mem, uint32_t lin, uint32_t v)
{
    mem_wr16(mem, lin, (uint16_t)v);
    mem_wr16(mem, lin + 2, (uint16_t)(v >> 16));
}

/* A far pointer stored in guest memory (offset, then segment), as a linear address. */
static inline uint32_t mem_rdfar(const struct mem *mem, uint32_t lin)
{
    return cpu_linear(mem_rd16(mem, lin + 2), mem_rd16(mem, lin));
}

void mem_read(const struct mem *mem, uint32_t lin, void *dst, size_t len);
void mem_write(struct mem *mem, uint32_t lin, const void *src, size_t len);
void mem_fill(struct mem *mem, uint32_t lin, uint8_t v, size_t len);
/* Copies an ASCIIZ string of at most max-1 characters into dst. Returns its length,
 * or -1 if no NUL comes within max bytes. */
int mem_read_strz(const struct mem *mem, uint32_t lin, char *dst, size_t max);

/* A real-mode segment:offset range of len bytes stays inside its 64 KiB segment. */
static inline bool mem_seg_fits(uint16_t off, size_t len)
{
    return (size_t)off + len <= 0x10000u;
}

#endif
