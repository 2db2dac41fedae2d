/* A minimal unit test framework: TEST(name) defines a test, EXPECT checks a condition
 * and names what was expected; main runs them all (TEST_MAIN). Exit 0 if all passed,
 * 1 if any failed, 77 if a test skipped the file (test_skip). */
#ifndef HVDOS_TEST_H
#define HVDOS_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test_case {
    const char *name;
    void (*fn)(void);
};

extern int test_failures;
extern const char *test_current;

#define TEST(name)          \
    static void name(void); \
    static void name(void)

#define EXPECT(cond)                                                                          \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            printf("FAIL %s: %s:%d: expected %s\n", test_current, __FILE__, __LINE__, #cond); \
            test_failures++;                                                                  \
        }                                                                                     \
    } while (0)

#define EXPECT_EQ(got, want)                                                                 \
    do {                                                                                     \
        long long got_ = (long long)(got), want_ = (long long)(want);                        \
        if (got_ != want_) {                                                                 \
            printf("FAIL %s: %s:%d: %s is %lld (0x%llx), expected %s = %lld (0x%llx)\n",     \
                   test_current, __FILE__, __LINE__, #got, got_, got_, #want, want_, want_); \
            test_failures++;                                                                 \
        }                                                                                    \
    } while (0)

#define EXPECT_STR(got, want)                                                                 \
    do {                                                                                      \
        const char *got_ = (got), *want_ = (want);                                            \
        if (!got_ || strcmp(got_, want_)) {                                                   \
            printf("FAIL %s: %s:%d: %s is \"%s\", expected \"%s\"\n", test_current, __FILE__, \
                   __LINE__, #got, got_ ? got_ : "(null)", want_);                            \
            test_failures++;                                                                  \
        }                                                                                     \
    } while (0)

int test_run(const struct test_case *tests, size_t n);

#include <stdint.h>
struct display_frame;
/* A text frame captured from a machine after int 10h AX=0003h (80x25, 16-line cells),
 * with the ROM's 8x8 or 8x14 font loaded by int 10h 1112h/1111h for lines 8 or 14:
 * IBM's glyphs as the character generator has them, the VGA's default colours.
 * calloc'd; the caller frees it. */
struct display_frame *test_text_frame(int lines);
/* A glyph line of a frame's font as the window draws it: bit 8 the leftmost of 9
 * dots, bit 0 the 9th (the 8th repeated for C0h-DFh). */
uint16_t test_glyph_row(const struct display_frame *f, uint8_t ch, int y);
/* The VGA's 16 default text colours, 0xFFRRGGBB. */
extern const uint32_t test_vga_palette[16];

#define TEST_MAIN(...)                                               \
    int test_failures;                                               \
    const char *test_current;                                        \
    int main(void)                                                   \
    {                                                                \
        static const struct test_case tests_[] = {__VA_ARGS__};      \
        return test_run(tests_, sizeof(tests_) / sizeof(tests_[0])); \
    }

#define T(name)     \
    {               \
#name, name \
    }

#endif
