/* The one description of guest physical memory: a list of regions (RAM, video RAM, ROM,
 * aliases, unmapped windows) over one host allocation. The machine owns it; each CPU
 * backend builds its own view from it (KVM memory slots, the interpreter's page table)
 * and is told through cpu_ops.remap when a region is added or changes (A20, later EMS
 * map calls and UMBs). The services read memory through the same kind of view. */
#ifndef HVDOS_MEMMAP_H
#define HVDOS_MEMMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEMMAP_PAGE_SHIFT 12
#define MEMMAP_PAGE_SIZE  0x1000u

/* The PC's layout (see the README's memory map). 00000-BFFFF (conventional memory and
 * video RAM) is RAM at its own address in the allocation on every board and is never
 * remapped, so backends and services may touch it in place without looking at the map;
 * everything above goes through the map. */
#define MEMMAP_LOW_END   0xC0000u
#define MEMMAP_VRAM_BASE 0xA0000u
#define MEMMAP_ROM_BASE  0xF0000u
#define MEMMAP_ROM_SIZE  0x10000u
#define MEMMAP_HMA_BASE  0x100000u
#define MEMMAP_HMA_SIZE  0x10000u
/* What a real-mode CPU can address (FFFF:FFFF is 10FFEF): the views cover this much. */
#define MEMMAP_REAL_TOP 0x110000u
/* The PC board's allocation: everything up to MEMMAP_REAL_TOP at its own address, and
 * slack for an access that straddles the end. A board with more memory (XMS, EMS pages)
 * allocates more and maps it with more regions. */
#define MEMMAP_PC_ALLOC 0x111000u

#define MEMMAP_VIEW_PAGES  (MEMMAP_REAL_TOP >> MEMMAP_PAGE_SHIFT)
#define MEMMAP_MAX_REGIONS 32

enum memmap_kind {
    MEMMAP_UNMAPPED, /* nothing answers: reads give FFh, writes are dropped */
    MEMMAP_RAM,
    MEMMAP_VRAM, /* video memory: plain RAM to the CPU, the video device reads it */
    MEMMAP_ROM,  /* read-only: writes are dropped */
    /* A second window onto RAM mapped elsewhere, put over a region whose own RAM (at its
     * own address in the allocation) a gate hides: the HMA with A20 off. Physical
     * accesses (memmap_phys_*) run with the gate open, as a BIOS block move does, and
     * see the region's own RAM. */
    MEMMAP_ALIAS,
};

struct memmap_region {
    const char *name;
    uint32_t base, size; /* guest physical, whole pages */
    enum memmap_kind kind;
    uint32_t offset; /* where the region's bytes are in the host allocation */
};

struct memmap {
    uint8_t *host;      /* the one allocation every backend and the services share */
    uint32_t host_size; /* its bytes */
    /* Where extended memory (RAM from 1 MiB up, the HMA's 64 KiB included) ends; what
     * CMOS and int 15h report and XMS hands out. MEMMAP_HMA_BASE: none. */
    uint32_t ext_end;
    unsigned count;
    struct memmap_region regions[MEMMAP_MAX_REGIONS];
};

/* The regions of the PC board, by index (memmap_init_pc adds them in this order). */
enum memmap_pc_region {
    MEMMAP_PC_CONVENTIONAL, /* 00000-9FFFF, 640 KiB */
    MEMMAP_PC_VIDEO,        /* A0000-BFFFF */
    MEMMAP_PC_ROM,          /* F0000-FFFFF */
    MEMMAP_PC_HMA,          /* 100000-10FFFF: an alias of 00000 while A20 is off */
    MEMMAP_PC_EXTENDED,     /* 110000-: the rest of extended memory (memmap_add_extended) */
};

/* Starts an empty map over `host` (host_size bytes, zeroed by the caller). */
void memmap_init(struct memmap *map, uint8_t *host, uint32_t host_size);
/* The PC board's map over an allocation of at least MEMMAP_PC_ALLOC bytes, A20 off.
 * C0000-EFFFF stays unmapped. */
void memmap_init_pc(struct memmap *map, uint8_t *host, uint32_t host_size);
/* Extended memory above the HMA up to `end` (a whole page, inside the allocation), at
 * its own address in the allocation. Returns its region index or -errno (memmap_add). */
int memmap_add_extended(struct memmap *map, uint32_t end);
/* Adds a region. Returns its index, or -EINVAL (not whole pages, or its bytes outside
 * the allocation), -EEXIST (it overlaps a region), -ENOSPC (the map is full). */
int memmap_add(struct memmap *map, const struct memmap_region *r);
/* The region that holds a guest physical address, or NULL. */
const struct memmap_region *memmap_find(const struct memmap *map, uint32_t addr);
/* Whether 00000-BFFFF is writable RAM at its own address (every backend relies on it). */
bool memmap_low_plain(const struct memmap *map);

/* Physical memory as a bus master sees it, across every region and above what a
 * real-mode CPU addresses (block moves, XMS and EMS): reads of unmapped space give
 * FFh, writes to it and to ROM are dropped, an alias region shows its own RAM. */
void memmap_phys_read(const struct memmap *map, uint32_t addr, void *dst, size_t len);
void memmap_phys_write(const struct memmap *map, uint32_t addr, const void *src, size_t len);
/* Copies len bytes from src to dst as memmove does: overlapping ranges come out right. */
void memmap_phys_move(const struct memmap *map, uint32_t dst, uint32_t src, uint64_t len);

/* A page-granular view of what a real-mode CPU addresses (0 to MEMMAP_REAL_TOP), built
 * from the map: the interpreter's page table and the services' accessors. */
struct memmap_view {
    uint8_t *rd[MEMMAP_VIEW_PAGES]; /* a page's bytes for reading; NULL reads FFh */
    uint8_t *wr[MEMMAP_VIEW_PAGES]; /* for writing; NULL drops writes (ROM, unmapped) */
    /* Where the run of readable pages kept at their own address in the allocation that
     * holds this page ends (code can be fetched in place up to there); 0 if this page
     * is not one of them. */
    uint32_t plain_end[MEMMAP_VIEW_PAGES];
};

/* Builds the view from the map. */
void memmap_view_build(struct memmap_view *v, const struct memmap *map);
/* Brings the view up to date after region `region` was added or changed: only its
 * pages are redone, so an EMS map call costs a few pointer stores. */
void memmap_view_update(struct memmap_view *v, const struct memmap *map, unsigned region);

static inline uint8_t memmap_view_rd8(const struct memmap_view *v, uint32_t addr)
{
    const uint8_t *p = addr < MEMMAP_REAL_TOP ? v->rd[addr >> MEMMAP_PAGE_SHIFT] : 0;
    return p ? p[addr & (MEMMAP_PAGE_SIZE - 1)] : 0xFF;
}

static inline void memmap_view_wr8(const struct memmap_view *v, uint32_t addr, uint8_t val)
{
    uint8_t *p = addr < MEMMAP_REAL_TOP ? v->wr[addr >> MEMMAP_PAGE_SHIFT] : 0;
    if (p)
        p[addr & (MEMMAP_PAGE_SIZE - 1)] = val;
}

#endif
