/* Bulk copies between the host and guest memory, one byte at a time where the range
 * crosses a boundary (A20 wrap, ROM, unmapped space). */
#include "machine/mem.h"

static bool mem_plain(const struct mem *mem, uint32_t lin, size_t len)
{
    return lin < MEMMAP_LOW_END && len <= MEMMAP_LOW_END - lin;
}

void mem_read(const struct mem *mem, uint32_t lin, void *dst, size_t len)
{
    uint8_t *d = dst;

    if (mem_plain(mem, lin, len)) {
        memcpy(d, mem->ram + lin, len);
        return;
    }
    for (size_t i = 0; i < len; i++)
        d[i] = mem_rd8(mem, lin + (uint32_t)i);
}

void mem_write(struct mem *mem, uint32_t lin, const void *src, size_t len)
{
    const uint8_t *s = src;

    if (mem_plain(mem, lin, len)) {
        memcpy(mem->ram + lin, s, len);
        return;
    }
    for (size_t i = 0; i < len; i++)
        mem_wr8(mem, lin + (uint32_t)i, s[i]);
}

void mem_fill(struct mem *mem, uint32_t lin, uint8_t v, size_t len)
{
    if (mem_plain(mem, lin, len)) {
        memset(mem->ram + lin, v, len);
        return;
    }
    for (size_t i = 0; i < len; i++)
        mem_wr8(mem, lin + (uint32_t)i, v);
}

int mem_read_strz(const struct mem *mem, uint32_t lin, char *dst, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        dst[i] = (char)mem_rd8(mem, lin + (uint32_t)i);
        if (!dst[i])
            return (int)i;
    }
    if (max)
        dst[max - 1] = 0;
    return -1;
}
