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
    map->ext_end = MEMMAP_HMA_BASE;
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
    map->ext_end = MEMMAP_REAL_TOP;
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

int memmap_add_extended(struct memmap *map, uint32_t end)
{
    struct memmap_region r = {"extended memory", MEMMAP_REAL_TOP, end - MEMMAP_REAL_TOP, MEMMAP_RAM,
                              MEMMAP_REAL_TOP};
    int i;

    if (end <= MEMMAP_REAL_TOP)
        return -EINVAL;
    i = memmap_add(map, &r);
    if (i >= 0)
        map->ext_end = end;
    return i;
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

/* The bytes behind addr for a physical access, and how many follow in the same region
 * (or, in a hole, up to the next region); NULL where nothing answers. */
static uint8_t *memmap_phys_at(const struct memmap *map, uint32_t addr, uint64_t *run, bool *ro)
{
    const struct memmap_region *r = memmap_find(map, addr);
    uint64_t next = (uint64_t)UINT32_MAX + 1;

    *ro = true;
    if (!r) {
        for (unsigned i = 0; i < map->count; i++)
            if (map->regions[i].base > addr && map->regions[i].base < next)
                next = map->regions[i].base;
        *run = next - addr;
        return NULL;
    }
    *run = (uint64_t)r->base + r->size - addr;
    if (r->kind == MEMMAP_UNMAPPED)
        return NULL;
    *ro = r->kind == MEMMAP_ROM;
    return map->host + (r->kind == MEMMAP_ALIAS ? r->base : r->offset) + (addr - r->base);
}

void memmap_phys_read(const struct memmap *map, uint32_t addr, void *dst, size_t len)
{
    uint8_t *d = dst;

    while (len) {
        uint64_t run;
        bool ro;
        uint8_t *p = memmap_phys_at(map, addr, &run, &ro);
        size_t n = run < len ? (size_t)run : len;
        if (p)
            memcpy(d, p, n);
        else
            memset(d, 0xFF, n);
        d += n;
        len -= n;
        addr += (uint32_t)n; /* a read past 4 GiB wraps, as the address bus does */
    }
}

void memmap_phys_write(const struct memmap *map, uint32_t addr, const void *src, size_t len)
{
    const uint8_t *s = src;

    while (len) {
        uint64_t run;
        bool ro;
        uint8_t *p = memmap_phys_at(map, addr, &run, &ro);
        size_t n = run < len ? (size_t)run : len;
        if (p && !ro)
            memcpy(p, s, n);
        s += n;
        len -= n;
        addr += (uint32_t)n;
    }
}

void memmap_phys_move(const struct memmap *map, uint32_t dst, uint32_t src, uint64_t len)
{
    uint8_t buf[MEMMAP_PAGE_SIZE];
    /* Through a bounce buffer, from the end when the destination is above the source,
     * so a chunk is read before an earlier one's write can reach it. */
    bool down = dst > src;

    for (uint64_t done = 0; done < len;) {
        size_t n = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf);
        uint64_t at = down ? len - done - n : done;
        memmap_phys_read(map, (uint32_t)(src + at), buf, n);
        memmap_phys_write(map, (uint32_t)(dst + at), buf, n);
        done += n;
    }
}

static void memmap_view_fill(struct memmap_view *v, const struct memmap *map, unsigned i)
{
    const struct memmap_region *r = &map->regions[i];

    for (uint32_t off = 0; off < r->size; off += MEMMAP_PAGE_SIZE) {
        uint32_t page = (r->base + off) >> MEMMAP_PAGE_SHIFT;
        uint8_t *p = map->host + r->offset + off;
        if (r->base + off >= MEMMAP_REAL_TOP)
            break;
        v->rd[page] = r->kind == MEMMAP_UNMAPPED ? NULL : p;
        v->wr[page] = r->kind == MEMMAP_UNMAPPED || r->kind == MEMMAP_ROM ? NULL : p;
    }
}

/* Runs of pages at their own address, from the top down. */
static void memmap_view_runs(struct memmap_view *v, const struct memmap *map)
{
    for (uint32_t page = MEMMAP_VIEW_PAGES, end = 0; page-- > 0;) {
        bool plain = v->rd[page] && v->rd[page] - map->host == (ptrdiff_t)page << MEMMAP_PAGE_SHIFT;
        if (!plain) {
            end = 0;
            v->plain_end[page] = 0;
            continue;
        }
        if (!end)
            end = (page + 1) << MEMMAP_PAGE_SHIFT;
        v->plain_end[page] = end;
    }
}

void memmap_view_build(struct memmap_view *v, const struct memmap *map)
{
    memset(v, 0, sizeof(*v));
    for (unsigned i = 0; i < map->count; i++)
        memmap_view_fill(v, map, i);
    memmap_view_runs(v, map);
}

void memmap_view_update(struct memmap_view *v, const struct memmap *map, unsigned region)
{
    const struct memmap_region *r = &map->regions[region];

    memmap_view_fill(v, map, region);
    /* Only runs that reach into the region can have changed. */
    if (r->base < MEMMAP_REAL_TOP)
        memmap_view_runs(v, map);
}
