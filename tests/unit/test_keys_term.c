/* The terminal keyboard's decoder: bytes and escape sequences to set-1 scancodes, and
 * what it does with sequences that are not complete yet or are garbage. */
#include "keys/keys.h"
#include "test.h"

/* Decodes all of `in` (flush at the end) and returns the scancodes as hex text. */
static const char *decode(const char *in, size_t len, bool flush)
{
    static char text[512];
    size_t off = 0, t = 0;

    text[0] = 0;
    while (off < len) {
        uint8_t codes[KEYS_TERM_MAX_CODES];
        size_t n, used = keys_term_decode((const uint8_t *)in + off, len - off, flush, codes, &n);
        if (!used)
            break;
        for (size_t i = 0; i < n && t + 4 < sizeof(text); i++)
            t += (size_t)snprintf(text + t, sizeof(text) - t, "%02X ", codes[i]);
        off += used;
    }
    return text;
}

#define DECODE(s, flush) decode(s, sizeof(s) - 1, flush)

TEST(plain_and_shifted_characters)
{
    EXPECT_STR(DECODE("a", false), "1E 9E ");
    EXPECT_STR(DECODE("A", false), "2A 1E 9E AA ");
    EXPECT_STR(DECODE("\r", false), "1C 9C ");
}

TEST(lone_esc_waits_for_the_timeout)
{
    uint8_t codes[KEYS_TERM_MAX_CODES];
    size_t n;

    EXPECT_EQ(keys_term_decode((const uint8_t *)"\x1b", 1, false, codes, &n), 0);
    EXPECT_STR(DECODE("\x1b", true), "01 81 ");
}

TEST(sequence_cut_short_waits_then_is_alt_bracket)
{
    uint8_t codes[KEYS_TERM_MAX_CODES];
    size_t n;

    EXPECT_EQ(keys_term_decode((const uint8_t *)"\x1b[1;5", 5, false, codes, &n), 0);
    EXPECT_STR(DECODE("\x1b[", true), "38 1A 9A B8 ");
}

TEST(arrows_and_function_keys_in_each_form)
{
    EXPECT_STR(DECODE("\x1b[A", false), "E0 48 E0 C8 ");
    EXPECT_STR(DECODE("\x1bOA", false), "E0 48 E0 C8 ");
    EXPECT_STR(DECODE("\x1bOQ", false), "3C BC ");
    EXPECT_STR(DECODE("\x1b[12~", false), "3C BC ");
    EXPECT_STR(DECODE("\x1b[[B", false), "3C BC ");
    EXPECT_STR(DECODE("\x1b[23~", false), "57 D7 ");
}

TEST(xterm_modifiers_wrap_the_key)
{
    /* Ctrl+Shift+Right: 1 + (1 | 4) = 6 */
    EXPECT_STR(DECODE("\x1b[1;6C", false), "2A 1D E0 4D E0 CD 9D AA ");
    EXPECT_STR(DECODE("\x1b[3;3~", false), "38 E0 53 E0 D3 B8 ");
}

TEST(alt_prefix_and_control_characters)
{
    EXPECT_STR(DECODE("\x1b"
                      "f",
                      false),
               "38 21 A1 B8 ");
    EXPECT_STR(DECODE("\x03", false), "1D 2E AE 9D ");
    EXPECT_STR(DECODE("\x7f", false), "0E 8E ");
    EXPECT_STR(DECODE("\x08", false), "1D 23 A3 9D ");
}

TEST(utf8_is_typed_as_alt_and_the_keypad)
{
    /* U+00FC is CP437 81h = 129: Alt, keypad 1 2 9. */
    EXPECT_STR(DECODE("\xc3\xbc", false), "38 4F CF 50 D0 49 C9 B8 ");
    /* Not in CP437: nothing. Cut short: waits, then dropped. */
    EXPECT_STR(DECODE("\xe2\x82\xac", false), "");
    EXPECT_STR(DECODE("\xc3", false), "");
}

TEST(garbage_sequence_is_dropped_whole)
{
    char seq[64] = "\x1b[";
    memset(seq + 2, '1', 40);
    seq[42] = 'A';
    EXPECT_STR(decode(seq, 43, false), "");
}

TEST_MAIN(T(plain_and_shifted_characters), T(lone_esc_waits_for_the_timeout),
          T(sequence_cut_short_waits_then_is_alt_bracket), T(arrows_and_function_keys_in_each_form),
          T(xterm_modifiers_wrap_the_key), T(alt_prefix_and_control_characters),
          T(utf8_is_typed_as_alt_and_the_keypad), T(garbage_sequence_is_dropped_whole))
