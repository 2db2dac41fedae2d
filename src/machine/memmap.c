/* The memory map's regions and the page view built from them. */
#include "machine/memmap.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void memmap_init(struct memmap *map, uint8_t *host, uint32_t host_size)
{
    memset(map, 0, sizeof(*map));
    map->host = host;
    map->host_size = host_size;
}

void memmap_init_pc(struct memmap *map, uint8_t *host, uint32_t host_size)
{
    static const struct memmap_region pc[] = {
        [MEMMAP_PC_CONVENTIONAL] = {"conventional memory", 0, MEMMAP_VRAM_BASE, MEMMAP_RAM, 0},
        [MEMMAP_PC_VIDEO] = {"video memory", MEMMAP_VRAM_BASE, MEMMAP_LOW_END - MEMMAP_VRAM_BASE,
                             MEMMAP_VRAM, MEMMAP_VRAM_BASE},
        [MEMMAP_PC_ROM] = {"ROM", MEMMAP_ROM_BASE, MEMMAP_ROM_SIZE, MEMMAP_ROM, MEMMAP_ROM_BASE},
        [MEMMAP_PC_HMA] = {"HMA", MEMMAP_HMA_BASE, MEMMAP_HMA_SIZE, MEMMAP_ALIAS, 0},
    };

    memmap_init(map, host, host_size);
    for (unsigned i = 0; i < sizeof(pc) / sizeof(pc[0]); i++)
        if (memmap_add(map, &pc[i]) != (int)i)
            abort(); /* the PC's own table does not fit its allocation: a caller's bug */
}

int memmap_add(struct memmap *map, const struct memmap_region *r)
{
    uint64_t end = (uint64_t)r->base + r->size;

    if (!r->size || (r->base | r->size) & (MEMMAP_PAGE_SIZE - 1) || end > UINT32_MAX)
        return -EINVAL;
    if (r->kind != MEMMAP_UNMAPPED &&
        ((r->offset & (MEMMAP_PAGE_SIZE - 1)) || (uint64_t)r->offset + r->size > map->host_size))
        return -EINVAL;
    for (unsigned i = 0; i < map->count; i++) {
        const struct memmap_region *o = &map->regions[i];
        if (r->base < o->base + o->size && o->base < end)
            return -EEXIST;
    }
    if (map->count >= MEMMAP_MAX_REGIONS)
        return -ENOSPC;
    map->regions[map->count] = *r;
    return (int)map->count++;
}

const struct memmap_region *memmap_find(const struct memmap *map, uint32_t addr)
{
    for (unsigned i = 0; i < map->count; i++) {
        const struct memmap_region *r = &map->regions[i];
        if (addr >= r->base && addr - r->base < r->size)
            return r;
    }
    return NULL;
}

bool memmap_low_plain(const struct memmap *map)
{
    for (uint32_t a = 0; a < MEMMAP_LOW_END;) {
        const struct memmap_region *r = memmap_find(map, a);
        if (!r || (r->kind != MEMMAP_RAM && r->kind != MEMMAP_VRAM) || r->offset != r->base)
            return false;
        a = r->base + r->size;
    }
    return true;
}

void memmap_view_build(struct memmap_view *v, const struct memmap *map)
{
    memset(v, 0, sizeof(*v));
    for (unsigned i = 0; i < map->count; i++) {
        const struct memmap_region *r = &map->regions[i];
        for (uint32_t off = 0; off < r->size; off += MEMMAP_PAGE_SIZE) {
            uint32_t page = (r->base + off) >> MEMMAP_PAGE_SHIFT;
            uint8_t *p = map->host + r->offset + off;
            if (r->base + off >= MEMMAP_REAL_TOP)
                break;
            if (r->kind == MEMMAP_UNMAPPED)
                continue;
            v->rd[page] = p;
            if (r->kind != MEMMAP_ROM)
                v->wr[page] = p;
        }
    }
    /* Runs of pages at their own address, from the top down. */
    for (uint32_t page = MEMMAP_VIEW_PAGES, end = 0; page-- > 0;) {
        bool plain = v->rd[page] && v->rd[page] - map->host == (ptrdiff_t)page << MEMMAP_PAGE_SHIFT;
        if (!plain) {
            end = 0;
            continue;
        }
        if (!end)
            end = (page + 1) << MEMMAP_PAGE_SHIFT;
        v->plain_end[page] = end;
    }
}
