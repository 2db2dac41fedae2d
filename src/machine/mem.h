/* Guest physical memory as the services see it: linear addresses with the A20 wrap,
 * RAM that can be written, ROM and unmapped space that cannot. */
#ifndef HVDOS_MEM_H
#define HVDOS_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cpu/cpu.h"

struct mem {
    uint8_t *ram; /* CPU_MEM_ALLOC bytes, shared with the CPU backend */
    bool a20;
};

/* Linear address after the A20 gate; anything past the HMA wraps like a 21-bit bus. */
static inline uint32_t mem_phys(const struct mem *mem, uint32_t lin)
{
    lin &= 0x1FFFFFu;
    if (lin >= CPU_MEM_SIZE)
        lin &= 0xFFFFFu;
    if (!mem->a20)
        lin &= 0xFFFFFu;
    return lin;
}

static inline bool mem_writable(uint32_t phys)
{
    return phys < CPU_RAM_END || (phys >= CPU_HMA_BASE && phys < CPU_MEM_SIZE);
}

static inline uint8_t mem_rd8(const struct mem *mem, uint32_t lin)
{
    uint32_t p = mem_phys(mem, lin);
    if (p >= CPU_RAM_END && p < CPU_ROM_BASE)
        return 0xFF;
    return mem->ram[p];
}

static inline void mem_wr8(struct mem *mem, uint32_t lin, uint8_t v)
{
    uint32_t p = mem_phys(mem, lin);
    if (mem_writable(p))
        mem->ram[p] = v;
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
