/* The DOS core on a machine without a running CPU: the MCB chain, the .COM and .EXE
 * loader, the PSP, the environment, the FCB name parser and the ROM after POST. */
#include <stdlib.h>
#include <string.h>

#include "machine/rom.h"
#include "dos/dos.h"
#include "dos/fcb.h"
#include "dos/files.h"
#include "dos/process.h"
#include "null_cpu.h"
#include "test.h"

static uint8_t rd8(struct machine *m, uint32_t a)
{
    return mem_rd8(&m->mem, a);
}

static uint16_t rd16(struct machine *m, uint32_t a)
{
    return mem_rd16(&m->mem, a);
}

/* Walks the chain: returns the number of blocks, or -1 if it is broken. */
static int mcb_count(struct machine *m, int *free_blocks)
{
    uint16_t seg = rd16(m, DOS_SEG * 16 + DOS_LOL - 2);
    int n = 0;

    *free_blocks = 0;
    for (;;) {
        uint8_t type = rd8(m, seg * 16u);
        if (type != 'M' && type != 'Z')
            return -1;
        n++;
        if (!rd16(m, seg * 16u + 1))
            (*free_blocks)++;
        if (type == 'Z')
            return (uint32_t)seg + rd16(m, seg * 16u + 3) + 1 == 0xA000 ? n : -1;
        seg = (uint16_t)(seg + rd16(m, seg * 16u + 3) + 1);
    }
}

TEST(test_mcb_alloc_free_merge)
{
    struct machine_config cfg = {0};
    struct machine *m = test_machine(&cfg);
    uint16_t largest0, largest, a, b, c;
    enum dos_error err;
    int free_blocks;

    EXPECT_EQ(dos_mcb_alloc(m, 0xFFFF, 0x1234, &largest0, &err), 0);
    EXPECT_EQ(err, DOSERR_NO_MEMORY);
    EXPECT(largest0 > 0x8000); /* more than 512 KiB free at boot */
    a = dos_mcb_alloc(m, 0x100, 0x1234, &largest, &err);
    b = dos_mcb_alloc(m, 0x100, 0x1234, &largest, &err);
    c = dos_mcb_alloc(m, 0x100, 0x1234, &largest, &err);
    EXPECT(a && b && c);
    EXPECT_EQ(b, a + 0x101);
    EXPECT_EQ(rd16(m, (a - 1) * 16u + 1), 0x1234);
    EXPECT_EQ(mcb_count(m, &free_blocks), 4);
    /* Free the middle one, then a larger request skips the hole (first fit). */
    EXPECT_EQ(dos_mcb_free(m, b), DOSERR_NONE);
    EXPECT_EQ(dos_mcb_alloc(m, 0x80, 1, &largest, &err), b);
    EXPECT_EQ(dos_mcb_free(m, b), DOSERR_NONE);
    EXPECT_EQ(dos_mcb_free(m, c), DOSERR_NONE);
    /* Freed neighbours merge with the free rest on the next walk. */
    EXPECT_EQ(dos_mcb_alloc(m, 0xFFFF, 1, &largest, &err), 0);
    EXPECT_EQ(largest, largest0 - 0x101);
    EXPECT_EQ(mcb_count(m, &free_blocks), 2);
    EXPECT_EQ(dos_mcb_free(m, 0), DOSERR_INVALID_BLOCK);
    EXPECT_EQ(dos_mcb_free(m, a + 5), DOSERR_INVALID_BLOCK);
    machine_destroy(m);
}

TEST(test_mcb_resize_reports_largest)
{
    struct machine_config cfg = {0};
    struct machine *m = test_machine(&cfg);
    uint16_t largest, a, b;
    enum dos_error err;

    a = dos_mcb_alloc(m, 0x100, 7, &largest, &err);
    b = dos_mcb_alloc(m, 0x100, 7, &largest, &err);
    EXPECT_EQ(dos_mcb_resize(m, a, 0x200, &largest), DOSERR_NO_MEMORY);
    EXPECT_EQ(largest, 0x100); /* b is in the way */
    EXPECT_EQ(dos_mcb_resize(m, a, 0x10, &largest), DOSERR_NONE);
    EXPECT_EQ(dos_mcb_resize(m, a, 0x100, &largest), DOSERR_NONE);
    EXPECT_EQ(dos_mcb_free(m, b), DOSERR_NONE);
    EXPECT_EQ(dos_mcb_resize(m, a, 0x400, &largest), DOSERR_NONE);
    /* A broken chain is error 7. */
    mem_wr8(&m->mem, (a + 0x400u) * 16u, 'X');
    EXPECT_EQ(dos_mcb_alloc(m, 0x10, 7, &largest, &err), 0);
    EXPECT_EQ(err, DOSERR_MCB_DESTROYED);
    machine_destroy(m);
}

TEST(test_mcb_strategies)
{
    struct machine_config cfg = {0};
    struct machine *m = test_machine(&cfg);
    uint16_t largest, first, last;
    enum dos_error err;

    first = dos_mcb_alloc(m, 0x10, 7, &largest, &err);
    m->dos->alloc_strategy = 2; /* last fit: from the top of memory */
    last = dos_mcb_alloc(m, 0x10, 7, &largest, &err);
    EXPECT_EQ(last + 0x10, 0xA000);
    EXPECT(first < last);
    machine_destroy(m);
}

TEST(test_primary_shell_is_its_own_parent_with_the_standard_handles)
{
    struct machine_config cfg = {0};
    struct machine *m;
    struct cpu_regs r;
    struct dos_load_error e;
    uint32_t psp;
    uint16_t ax;

    m = test_machine(&cfg);
    EXPECT_EQ(dos_load_shell(m, &r, "Z:\\COMMAND.COM", &e), 0);
    psp = r.cs * 16u;
    EXPECT_EQ(r.cs, r.ds);
    EXPECT_EQ(r.ss, r.cs);
    EXPECT_EQ(r.ip, 0x100);
    EXPECT_EQ(r.sp, 0xFFFE);
    EXPECT_EQ(rd16(m, psp + r.sp), 0); /* RET goes to PSP:0 */
    EXPECT_EQ(rd16(m, psp + PSP_PARENT), r.cs);
    EXPECT_EQ(m->dos->shell_psp, r.cs);
    EXPECT_EQ(m->dos->cur_psp, r.cs);
    EXPECT_EQ(memcmp(m->mem.ram + psp + 0x102, "HVSH", 4), 0); /* the image from Z: */
    EXPECT_EQ(rd8(m, psp + PSP_JFT + 0), 0);                   /* stdin */
    EXPECT_EQ(rd8(m, psp + PSP_JFT + 1), 1);                   /* stdout */
    EXPECT_EQ(rd8(m, psp + PSP_JFT + 2), 4);                   /* stderr */
    EXPECT_EQ(rd8(m, psp + PSP_JFT + 5), JFT_CLOSED);
    EXPECT_EQ(memcmp(m->mem.ram + psp + 0x80, "\x03 /P\r", 5), 0);
    /* The block is the shell's, named after it. */
    EXPECT_EQ(rd16(m, psp - 16 + 1), r.cs);
    EXPECT_EQ(memcmp(m->mem.ram + psp - 16 + 8, "COMMAND\0", 8), 0);
    /* A command tail and the FCBs parsed from its first two arguments. */
    ax = dos_set_tail(m, r.cs, " A:FOO.TXT bar.c /x");
    EXPECT_EQ(rd8(m, psp + 0x80), 19);
    EXPECT_EQ(memcmp(m->mem.ram + psp + 0x81, " A:FOO.TXT bar.c /x\r", 20), 0);
    EXPECT_EQ(rd8(m, psp + PSP_FCB1), 1); /* A: */
    EXPECT_EQ(memcmp(m->mem.ram + psp + PSP_FCB1 + 1, "FOO     TXT", 11), 0);
    EXPECT_EQ(rd8(m, psp + PSP_FCB2), 0);
    EXPECT_EQ(memcmp(m->mem.ram + psp + PSP_FCB2 + 1, "BAR     C  ", 11), 0);
    EXPECT_EQ(ax & 0xFF, 0xFF); /* A: is not a drive here */
    EXPECT_EQ(ax >> 8, 0x00);
    machine_destroy(m);
}

TEST(test_environment_block)
{
    struct machine_config cfg = {0};
    struct machine *m;
    struct cpu_regs r;
    struct dos_load_error e;
    uint32_t env;
    const char *p;

    cfg.env[cfg.nenv++] = "FOO=bar";
    cfg.env[cfg.nenv++] = "PATH=C:\\DOS";
    m = test_machine(&cfg);
    EXPECT_EQ(dos_load_shell(m, &r, "Z:\\COMMAND.COM", &e), 0);
    env = rd16(m, r.cs * 16u + PSP_ENV) * 16u;
    p = (const char *)m->mem.ram + env;
    EXPECT_STR(p, "COMSPEC=Z:\\COMMAND.COM");
    p += strlen(p) + 1;
    EXPECT_STR(p, "FOO=bar"); /* the user's PATH replaces the default */
    p += strlen(p) + 1;
    EXPECT_STR(p, "PATH=C:\\DOS");
    p += strlen(p) + 1;
    EXPECT_EQ(*p, 0);
    EXPECT_EQ(p[1], 1);
    EXPECT_EQ(p[2], 0);
    EXPECT_STR(p + 3, "Z:\\COMMAND.COM");
    machine_destroy(m);
}

/* A minimal MZ image: header of 2 paragraphs, one relocation, 32 bytes of code. */
static size_t make_exe(uint8_t *buf, uint16_t minalloc)
{
    memset(buf, 0, 64);
    buf[0] = 'M';
    buf[1] = 'Z';
    buf[2] = 64 % 512; /* bytes in the last page */
    buf[4] = 1;        /* pages */
    buf[6] = 1;        /* relocations */
    buf[8] = 2;        /* header paragraphs */
    buf[10] = (uint8_t)minalloc;
    buf[11] = (uint8_t)(minalloc >> 8);
    buf[12] = buf[13] = 0xFF; /* maxalloc */
    buf[14] = 1;              /* SS = load + 1 */
    buf[16] = 0x00;           /* SP = 0100h */
    buf[17] = 0x01;
    buf[20] = 4;        /* IP */
    buf[24] = 0x1C;     /* relocation table */
    buf[0x1C] = 2;      /* reloc at 0000:0002 */
    buf[32 + 2] = 0x05; /* the word to relocate: 0005 */
    return 64;
}

TEST(test_load_exe_relocates_and_sets_entry)
{
    struct machine_config cfg = {0};
    struct machine *m = test_machine(&cfg);
    uint8_t exe[64];
    size_t n = make_exe(exe, 0x10);
    struct cpu_regs r;
    char why[200];
    int psp;
    uint16_t load;

    psp = dos_load_image(m, exe, n, true, "T.EXE", 0, m->dos->shell_psp, &r, why, sizeof(why));
    EXPECT(psp > 0);
    load = (uint16_t)(psp + 0x10);
    EXPECT_EQ(r.cs, load);
    EXPECT_EQ(r.ip, 4);
    EXPECT_EQ(r.ss, load + 1);
    EXPECT_EQ(r.sp, 0x100);
    EXPECT_EQ(r.ds, psp);
    EXPECT_EQ(r.es, psp);
    EXPECT_EQ(rd16(m, load * 16u + 2), 0x0005 + load);
    machine_destroy(m);
}

TEST(test_exe_header_checks)
{
    struct machine_config cfg = {0};
    struct machine *m = test_machine(&cfg);
    uint8_t exe[64];
    struct dos_exe_info x;
    struct cpu_regs r;
    char why[200];

    make_exe(exe, 0);
    EXPECT(dos_exe_check(exe, 64, &x) == NULL);
    EXPECT(dos_exe_check(exe, 62, &x) == NULL); /* short by less than a page: loads */
    EXPECT_EQ(x.image, 62u - 32u);
    exe[4] = 2; /* short by a page: truncated */
    EXPECT(dos_exe_check(exe, 64, &x) != NULL);
    make_exe(exe, 0);
    EXPECT(dos_exe_check(exe, 20, &x) != NULL); /* header cut */
    exe[8] = 9;                                 /* header larger than the file */
    EXPECT(dos_exe_check(exe, 64, &x) != NULL);
    make_exe(exe, 0);
    exe[6] = 200; /* relocation table past the end */
    EXPECT(dos_exe_check(exe, 64, &x) != NULL);
    make_exe(exe, 0);
    exe[2] = 0x00; /* impossible last-page count (512) */
    exe[3] = 0x02;
    EXPECT(dos_exe_check(exe, 64, &x) != NULL);
    /* Too much memory, an empty file, a text file with an .EXE name. */
    make_exe(exe, 0xF000);
    EXPECT_EQ(dos_load_image(m, exe, 64, true, "T", 0, 8, &r, why, sizeof(why)), -1);
    EXPECT(strstr(why, "memory") != NULL);
    EXPECT_EQ(dos_load_image(m, exe, 0, false, "T", 0, 8, &r, why, sizeof(why)), -1);
    EXPECT_EQ(dos_load_image(m, (const uint8_t *)"hello", 5, true, "T", 0, 8, &r, why, sizeof(why)),
              -1);
    machine_destroy(m);
}

TEST(test_fcb_parse_names)
{
    struct machine_config cfg = {0};
    struct machine *m = test_machine(&cfg);
    uint8_t fcb[12];
    const char *p;

    p = "  c:foo.bar rest";
    EXPECT_EQ(dos_fcb_parse_name(m, &p, fcb, 0), 0);
    EXPECT_EQ(fcb[0], 3);
    EXPECT_EQ(memcmp(fcb + 1, "FOO     BAR", 11), 0);
    EXPECT_STR(p, " rest");
    p = "*.c";
    EXPECT_EQ(dos_fcb_parse_name(m, &p, fcb, 0), 1);
    EXPECT_EQ(memcmp(fcb + 1, "????????C  ", 11), 0);
    p = "q:x";
    EXPECT_EQ(dos_fcb_parse_name(m, &p, fcb, 0), 0xFF);
    p = ";,=name";
    EXPECT_EQ(dos_fcb_parse_name(m, &p, fcb, 1), 0);
    EXPECT_EQ(memcmp(fcb + 1, "NAME       ", 11), 0);
    p = "verylongname.text";
    dos_fcb_parse_name(m, &p, fcb, 0);
    EXPECT_EQ(memcmp(fcb + 1, "VERYLONGTEX", 11), 0);
    machine_destroy(m);
}

TEST(test_post_points_every_vector_into_the_rom)
{
    struct machine_config cfg = {0};
    struct machine *m = test_machine(&cfg);
    /* Table pointers, and 30h/31h where DOS puts the CP/M entry's far jump. */
    unsigned table_pointers[] = {0x1D, 0x1E, 0x1F, 0x43, 0x30, 0x31};

    for (unsigned v = 0; v < 256; v++) {
        bool table = false;
        for (size_t i = 0; i < sizeof(table_pointers) / sizeof(table_pointers[0]); i++)
            table |= table_pointers[i] == v;
        if (table)
            continue;
        EXPECT_EQ(rd16(m, v * 4 + 2), ROM_SEG);
    }
    EXPECT_EQ(rd8(m, 0xC0), 0xEA); /* JMP FAR F000:... at 0000:00C0 */
    EXPECT_EQ(rd16(m, 0xC3), ROM_SEG);
    /* int 21h goes to its stub, whose first byte is the trapping HLT. */
    EXPECT_EQ(rd16(m, 0x21 * 4), rom_stub(&m->rom, 0x21));
    EXPECT_EQ(rd8(m, 0xF0000 + rom_stub(&m->rom, 0x21)), 0xF4);
    EXPECT_EQ(rd8(m, 0xF0000 + rom_stub(&m->rom, 0x21) + 1), 0xCF); /* IRET */
    /* BDA basics. */
    EXPECT_EQ(rd16(m, 0x413), 640);
    EXPECT_EQ(rd8(m, 0x449), 3);
    EXPECT_EQ(rd16(m, 0x44A), 80);
    EXPECT_EQ(rd16(m, 0x41A), 0x1E);
    EXPECT_EQ(rd16(m, 0x480), 0x1E);
    EXPECT_EQ(rd16(m, 0x482), 0x3E);
    /* The ROM is write-protected from the services' view. */
    mem_wr8(&m->mem, 0xF0000 + rom_stub(&m->rom, 0x21), 0x90);
    EXPECT_EQ(rd8(m, 0xF0000 + rom_stub(&m->rom, 0x21)), 0xF4);
    machine_destroy(m);
}

TEST(test_a20_wraps_memory)
{
    struct machine_config cfg = {0};
    struct machine *m = test_machine(&cfg);

    mem_wr8(&m->mem, 0x100010, 0xAB); /* FFFF:0020 with A20 off is 0000:0010 */
    EXPECT_EQ(rd8(m, 0x10), 0xAB);
    machine_set_a20(m, true);
    mem_wr8(&m->mem, 0x100010, 0xCD);
    EXPECT_EQ(rd8(m, 0x10), 0xAB);
    EXPECT_EQ(rd8(m, 0x100010), 0xCD);
    machine_destroy(m);
}

TEST_MAIN(T(test_mcb_alloc_free_merge), T(test_mcb_resize_reports_largest), T(test_mcb_strategies),
          T(test_primary_shell_is_its_own_parent_with_the_standard_handles),
          T(test_environment_block), T(test_load_exe_relocates_and_sets_entry),
          T(test_exe_header_checks), T(test_fcb_parse_names),
          T(test_post_points_every_vector_into_the_rom), T(test_a20_wraps_memory))
