/* The unit test runner behind TEST_MAIN. */
#include "test.h"

#include <stdint.h>

#include "bios/bios.h"
#include "hw/vga.h"
#include "null_cpu.h"

int test_run(const struct test_case *tests, size_t n)
{
    int failed_tests = 0;

    for (size_t i = 0; i < n; i++) {
        int before = test_failures;
        test_current = tests[i].name;
        tests[i].fn();
        if (test_failures != before)
            failed_tests++;
        else
            printf("ok   %s\n", tests[i].name);
    }
    printf("%zu passed, %d failed\n", n - (size_t)failed_tests, failed_tests);
    return failed_tests ? 1 : 0;
}

const uint32_t test_vga_palette[16] = {
    0xFF000000, 0xFF0000AA, 0xFF00AA00, 0xFF00AAAA, 0xFFAA0000, 0xFFAA00AA, 0xFFAA5500, 0xFFAAAAAA,
    0xFF555555, 0xFF5555FF, 0xFF55FF55, 0xFF55FFFF, 0xFFFF5555, 0xFFFF55FF, 0xFFFFFF55, 0xFFFFFFFF,
};

struct display_frame *test_text_frame(int lines)
{
    struct machine_config cfg = {0};
    struct display_frame *f = calloc(1, sizeof(*f));
    struct machine *m = test_machine(&cfg);
    struct cpu_regs r = {0};

    if (!f)
        abort();
    video_set_mode(m, 0x03);
    if (lines == 8 || lines == 14) {
        r.ax = lines == 8 ? 0x1112 : 0x1111;
        int10_service(m, &r);
    }
    vga_capture(m, f);
    machine_destroy(m);
    return f;
}

uint16_t test_glyph_row(const struct display_frame *f, uint8_t ch, int y)
{
    uint8_t b = f->fonts[1][ch][y];

    return (uint16_t)(b << 1 | (ch >= 0xC0 && ch <= 0xDF ? (b & 1) : 0));
}
