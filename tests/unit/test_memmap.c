/* The memory map: physical accesses across regions, and page views that follow remaps. */
#include <errno.h>
#include <stdlib.h>

#include "machine/memmap.h"
#include "test.h"

#define SIZE (4u << 20)

static uint8_t *test_map(struct memmap *map)
{
    uint8_t *host = calloc(1, SIZE + MEMMAP_PAGE_SIZE);

    memmap_init_pc(map, host, SIZE + MEMMAP_PAGE_SIZE);
    EXPECT_EQ(memmap_add_extended(map, SIZE), MEMMAP_PC_EXTENDED);
    return host;
}

TEST(test_memmap_extended_memory_is_ram_at_its_own_address)
{
    struct memmap map;
    uint8_t *host = test_map(&map);
    uint8_t b[4] = {1, 2, 3, 4}, got[4];

    EXPECT_EQ(map.ext_end, SIZE);
    memmap_phys_write(&map, 0x300000, b, 4);
    EXPECT(!memcmp(host + 0x300000, b, 4));
    memmap_phys_read(&map, 0x300000, got, 4);
    EXPECT(!memcmp(got, b, 4));
    EXPECT_EQ(memmap_add_extended(&map, SIZE), -EEXIST);
    free(host);
}

TEST(test_memmap_phys_reads_ff_past_ram_and_drops_writes_to_rom_and_holes)
{
    struct memmap map;
    uint8_t *host = test_map(&map);
    uint8_t b[8] = {9, 9, 9, 9, 9, 9, 9, 9}, got[8];

    host[MEMMAP_ROM_BASE] = 0x55;
    memmap_phys_write(&map, MEMMAP_ROM_BASE, b, 1);
    EXPECT_EQ(host[MEMMAP_ROM_BASE], 0x55);
    memmap_phys_write(&map, 0xC0000, b, 8); /* unmapped upper memory */
    EXPECT_EQ(host[0xC0000], 0);
    /* A read from the last 4 bytes of RAM into what is not there. */
    host[SIZE - 4] = 0xAB;
    memmap_phys_read(&map, SIZE - 4, got, 8);
    EXPECT_EQ(got[0], 0xAB);
    EXPECT_EQ(got[4], 0xFF);
    EXPECT_EQ(got[7], 0xFF);
    memmap_phys_write(&map, SIZE - 2, b, 8);
    EXPECT_EQ(host[SIZE - 1], 9);
    EXPECT_EQ(host[SIZE], 0); /* the slack page is not memory */
    free(host);
}

TEST(test_memmap_phys_sees_the_hma_through_its_alias)
{
    struct memmap map;
    uint8_t *host = test_map(&map);
    uint8_t v = 0x77, got = 0;

    /* A20 off: the CPU's HMA window shows 00000, a block move its own RAM. */
    memmap_phys_write(&map, MEMMAP_HMA_BASE + 0x20, &v, 1);
    EXPECT_EQ(host[MEMMAP_HMA_BASE + 0x20], 0x77);
    EXPECT_EQ(host[0x20], 0);
    memmap_phys_read(&map, MEMMAP_HMA_BASE + 0x20, &got, 1);
    EXPECT_EQ(got, 0x77);
    free(host);
}

TEST(test_memmap_phys_move_overlapping_both_ways)
{
    struct memmap map;
    uint8_t *host = test_map(&map);
    const uint32_t a = 0x200000, len = 3 * MEMMAP_PAGE_SIZE + 17;

    for (uint32_t i = 0; i < len; i++)
        host[a + i] = (uint8_t)(i * 7);
    memmap_phys_move(&map, a + 5000, a, len); /* up: the destination overlaps the end */
    for (uint32_t i = 0; i < len; i++)
        if (host[a + 5000 + i] != (uint8_t)(i * 7)) {
            EXPECT_EQ(host[a + 5000 + i], (uint8_t)(i * 7));
            break;
        }
    memmap_phys_move(&map, a + 1, a + 5000, len); /* down */
    for (uint32_t i = 0; i < len; i++)
        if (host[a + 1 + i] != (uint8_t)(i * 7)) {
            EXPECT_EQ(host[a + 1 + i], (uint8_t)(i * 7));
            break;
        }
    /* Across the gap from conventional memory into extended memory. */
    host[0x9FFFF] = 0x42;
    memmap_phys_move(&map, 0x3FF000, 0x9FFFF, 1);
    EXPECT_EQ(host[0x3FF000], 0x42);
    free(host);
}

TEST(test_memmap_view_update_matches_a_fresh_build)
{
    struct memmap map;
    uint8_t *host = test_map(&map);
    struct memmap_region win = {"window", 0xD0000, 0x4000, MEMMAP_UNMAPPED, 0};
    struct memmap_view *v = calloc(1, sizeof(*v)), *fresh = calloc(1, sizeof(*fresh));
    int i;

    memmap_view_build(v, &map);
    i = memmap_add(&map, &win);
    EXPECT(i > 0);
    memmap_view_update(v, &map, (unsigned)i);
    EXPECT(v->rd[0xD0] == NULL);
    map.regions[i].kind = MEMMAP_RAM;
    map.regions[i].offset = 0x204000;
    memmap_view_update(v, &map, (unsigned)i);
    EXPECT(v->rd[0xD0] == host + 0x204000);
    EXPECT(v->wr[0xD3] == host + 0x207000);
    EXPECT_EQ(v->plain_end[0xD0], 0); /* not at its own address: no code fetched in place */
    map.regions[MEMMAP_PC_HMA].kind = MEMMAP_RAM;
    map.regions[MEMMAP_PC_HMA].offset = MEMMAP_HMA_BASE;
    memmap_view_update(v, &map, MEMMAP_PC_HMA);
    memmap_view_build(fresh, &map);
    EXPECT(!memcmp(v, fresh, sizeof(*v)));
    EXPECT_EQ(v->plain_end[0x100], MEMMAP_REAL_TOP);
    free(v);
    free(fresh);
    free(host);
}

TEST_MAIN(T(test_memmap_extended_memory_is_ram_at_its_own_address),
          T(test_memmap_phys_reads_ff_past_ram_and_drops_writes_to_rom_and_holes),
          T(test_memmap_phys_sees_the_hma_through_its_alias),
          T(test_memmap_phys_move_overlapping_both_ways),
          T(test_memmap_view_update_matches_a_fresh_build))
