/* The terminal keyboard's decoder: what libtermkey parses, turned into set-1
 * scancodes and mouse reports, and what happens to sequences that are not complete
 * yet or are no key. */
#include "keys/keys.h"
#include "machine/input.h"
#include "test.h"

/* Pushes `in` into a decoder for `term`, takes every key (forced at the end when
 * `flush`: the Esc time passed) and returns the scancodes as hex text, mouse reports
 * as "M<line>,<col>:<buttons> ", "..." when a sequence was left waiting. */
static const char *decode_as(const char *term, const char *in, size_t len, bool flush)
{
    static char text[512];
    struct keys_term_decoder *d = keys_term_decoder_new(term);
    struct keys_term_input k;
    enum keys_term_result r;
    size_t t = 0;

    text[0] = 0;
    if (!d)
        return "(no decoder)";
    EXPECT_EQ(keys_term_decoder_push(d, (const uint8_t *)in, len), len);
    for (;;) {
        r = keys_term_decoder_next(d, false, &k);
        if (r == KEYS_TERM_AGAIN && flush)
            r = keys_term_decoder_next(d, true, &k);
        if (r != KEYS_TERM_KEY)
            break;
        if (k.mouse)
            t += (size_t)snprintf(text + t, sizeof(text) - t, "M%d,%d:%u ", k.line, k.col,
                                  k.buttons);
        for (size_t i = 0; i < k.ncodes && t + 4 < sizeof(text); i++)
            t += (size_t)snprintf(text + t, sizeof(text) - t, "%02X ", k.codes[i]);
    }
    if (r == KEYS_TERM_AGAIN)
        snprintf(text + t, sizeof(text) - t, "...");
    keys_term_decoder_free(d);
    return text;
}

#define DECODE(s, flush)          decode_as("xterm-256color", s, sizeof(s) - 1, flush)
#define DECODE_AS(term, s, flush) decode_as(term, s, sizeof(s) - 1, flush)

TEST(plain_and_shifted_characters)
{
    EXPECT_STR(DECODE("a", false), "1E 9E ");
    EXPECT_STR(DECODE("A", false), "2A 1E 9E AA ");
    EXPECT_STR(DECODE("\r", false), "1C 9C ");
    EXPECT_STR(DECODE("ab", false), "1E 9E 30 B0 ");
}

TEST(lone_esc_waits_for_the_timeout)
{
    EXPECT_STR(DECODE("\x1b", false), "...");
    EXPECT_STR(DECODE("\x1b", true), "01 81 ");
}

TEST(sequence_cut_short_waits_then_is_alt_bracket)
{
    EXPECT_STR(DECODE("\x1b[1;5", false), "...");
    EXPECT_STR(DECODE("\x1b[", true), "38 1A 9A B8 ");
}

TEST(arrows_and_function_keys_in_each_form)
{
    EXPECT_STR(DECODE("\x1b[A", false), "E0 48 E0 C8 ");
    EXPECT_STR(DECODE("\x1bOA", false), "E0 48 E0 C8 ");
    EXPECT_STR(DECODE("\x1bOQ", false), "3C BC ");
    EXPECT_STR(DECODE("\x1b[12~", false), "3C BC ");
    EXPECT_STR(DECODE("\x1b[23~", false), "57 D7 ");
    EXPECT_STR(DECODE("\x1b[1~\x1b[4~", false), "E0 47 E0 C7 E0 4F E0 CF "); /* Find, Select */
    /* The Linux console's F1 is its own: known from its terminfo entry. */
    EXPECT_STR(DECODE_AS("linux", "\x1b[[B", false), "3C BC ");
}

TEST(xterm_modifiers_wrap_the_key)
{
    /* Ctrl+Shift+Right: 1 + (1 | 4) = 6 */
    EXPECT_STR(DECODE("\x1b[1;6C", false), "2A 1D E0 4D E0 CD 9D AA ");
    EXPECT_STR(DECODE("\x1b[3;3~", false), "38 E0 53 E0 D3 B8 ");
    /* Shift+F1, which xterm's terminfo calls F13 */
    EXPECT_STR(DECODE("\x1b[1;2P", false), "2A 3B BB AA ");
}

TEST(rxvt_modified_keys)
{
    EXPECT_STR(DECODE_AS("rxvt-unicode", "\x1b[3^", false), "1D E0 53 E0 D3 9D ");
    EXPECT_STR(DECODE_AS("rxvt-unicode", "\x1b[3$", false), "2A E0 53 E0 D3 AA ");
    EXPECT_STR(DECODE_AS("rxvt-unicode", "\x1b[a", false), "2A E0 48 E0 C8 AA ");
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
    EXPECT_STR(DECODE("\x1c", false), "1D 2B AB 9D ");
    EXPECT_STR(DECODE("\x1e", false), "1D 07 87 9D "); /* Ctrl+^ is Ctrl+6 */
    EXPECT_STR(DECODE("\x1f", false), "1D 0C 8C 9D "); /* Ctrl+_ is Ctrl+- */
}

TEST(utf8_is_typed_as_alt_and_the_keypad)
{
    /* U+00FC is CP437 81h = 129: Alt, keypad 1 2 9. */
    EXPECT_STR(DECODE("\xc3\xbc", false), "38 4F CF 50 D0 49 C9 B8 ");
    /* Not in CP437: nothing. Cut short: waits. */
    EXPECT_STR(DECODE("\xe2\x82\xac", false), "");
    EXPECT_STR(DECODE("\xc3", false), "...");
}

TEST(unknown_sequence_types_nothing)
{
    EXPECT_STR(DECODE("\x1b[99xq", false), "10 90 ");
}

TEST(sgr_mouse_reports_carry_cell_and_buttons)
{
    /* Left pressed at column 10, line 5 (1-based), dragged, released; right pressed. */
    EXPECT_STR(DECODE("\x1b[<0;10;5M\x1b[<32;11;5M\x1b[<0;11;5m\x1b[<2;1;1M", false),
               "M4,9:1 M4,10:1 M4,10:0 M0,0:2 ");
    /* Motion with nothing held, and the wheel (no report). */
    EXPECT_STR(DECODE("\x1b[<35;3;4M\x1b[<64;3;4M", false), "M3,2:0 ");
}

TEST(x10_mouse_reports_too)
{
    /* Button 1 at (1,1), then a release (which button: not said). */
    EXPECT_STR(DECODE("\x1b[M !!\x1b[M#!!", false), "M0,0:1 M0,0:0 ");
}

TEST_MAIN(T(plain_and_shifted_characters), T(lone_esc_waits_for_the_timeout),
          T(sequence_cut_short_waits_then_is_alt_bracket), T(arrows_and_function_keys_in_each_form),
          T(xterm_modifiers_wrap_the_key), T(rxvt_modified_keys),
          T(alt_prefix_and_control_characters), T(utf8_is_typed_as_alt_and_the_keypad),
          T(unknown_sequence_types_nothing), T(sgr_mouse_reports_carry_cell_and_buttons),
          T(x10_mouse_reports_too))
