/* Keys from the window to the guest: SDL scancodes to set-1 bytes (plain, E0-prefixed,
 * Print Screen and Pause), host text to the keystrokes that type it, and the screen's
 * text for the clipboard. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "ui/sdl.h"

/* The bytes for a key as a hex string, "E0 48". */
static const char *codes(SDL_Scancode sc, bool down, SDL_Keymod mods)
{
    static char buf[64];
    uint8_t out[UI_KEY_MAX_BYTES];
    int n = ui_key_scancodes(sc, down, mods, out), len = 0;

    buf[0] = 0;
    for (int i = 0; i < n; i++)
        len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%s%02X", i ? " " : "", out[i]);
    return buf;
}

static const char *typed(uint32_t cp, bool caps)
{
    static char buf[64];
    uint8_t out[UI_TYPE_MAX_BYTES];
    int n = ui_key_type_char(cp, caps, out), len = 0;

    buf[0] = 0;
    for (int i = 0; i < n; i++)
        len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%s%02X", i ? " " : "", out[i]);
    return buf;
}

TEST(test_keys_main_block_make_and_break)
{
    EXPECT_STR(codes(SDL_SCANCODE_ESCAPE, true, 0), "01");
    EXPECT_STR(codes(SDL_SCANCODE_ESCAPE, false, 0), "81");
    EXPECT_STR(codes(SDL_SCANCODE_A, true, 0), "1E");
    EXPECT_STR(codes(SDL_SCANCODE_A, false, 0), "9E");
    EXPECT_STR(codes(SDL_SCANCODE_Z, true, 0), "2C");
    EXPECT_STR(codes(SDL_SCANCODE_1, true, 0), "02");
    EXPECT_STR(codes(SDL_SCANCODE_0, true, 0), "0B");
    EXPECT_STR(codes(SDL_SCANCODE_RETURN, true, 0), "1C");
    EXPECT_STR(codes(SDL_SCANCODE_SPACE, false, 0), "B9");
    EXPECT_STR(codes(SDL_SCANCODE_GRAVE, true, 0), "29");
    EXPECT_STR(codes(SDL_SCANCODE_BACKSLASH, true, 0), "2B");
    EXPECT_STR(codes(SDL_SCANCODE_NONUSBACKSLASH, true, 0), "56");
    EXPECT_STR(codes(SDL_SCANCODE_F1, true, 0), "3B");
    EXPECT_STR(codes(SDL_SCANCODE_F10, true, 0), "44");
    EXPECT_STR(codes(SDL_SCANCODE_F11, true, 0), "57");
    EXPECT_STR(codes(SDL_SCANCODE_F12, false, 0), "D8");
}

TEST(test_keys_modifiers_and_locks)
{
    EXPECT_STR(codes(SDL_SCANCODE_LSHIFT, true, 0), "2A");
    EXPECT_STR(codes(SDL_SCANCODE_RSHIFT, false, 0), "B6");
    EXPECT_STR(codes(SDL_SCANCODE_LCTRL, true, 0), "1D");
    EXPECT_STR(codes(SDL_SCANCODE_RCTRL, true, 0), "E0 1D");
    EXPECT_STR(codes(SDL_SCANCODE_LALT, false, 0), "B8");
    EXPECT_STR(codes(SDL_SCANCODE_RALT, false, 0), "E0 B8");
    EXPECT_STR(codes(SDL_SCANCODE_CAPSLOCK, true, 0), "3A");
    EXPECT_STR(codes(SDL_SCANCODE_NUMLOCKCLEAR, true, 0), "45");
    EXPECT_STR(codes(SDL_SCANCODE_SCROLLLOCK, false, 0), "C6");
    EXPECT_STR(codes(SDL_SCANCODE_LGUI, true, 0), "E0 5B");
    EXPECT_STR(codes(SDL_SCANCODE_APPLICATION, false, 0), "E0 DD");
}

TEST(test_keys_grey_keys_are_e0_prefixed_and_keypad_is_not)
{
    EXPECT_STR(codes(SDL_SCANCODE_UP, true, 0), "E0 48");
    EXPECT_STR(codes(SDL_SCANCODE_UP, false, 0), "E0 C8");
    EXPECT_STR(codes(SDL_SCANCODE_HOME, true, 0), "E0 47");
    EXPECT_STR(codes(SDL_SCANCODE_DELETE, false, 0), "E0 D3");
    EXPECT_STR(codes(SDL_SCANCODE_INSERT, true, 0), "E0 52");
    EXPECT_STR(codes(SDL_SCANCODE_PAGEDOWN, true, 0), "E0 51");
    EXPECT_STR(codes(SDL_SCANCODE_KP_ENTER, true, 0), "E0 1C");
    EXPECT_STR(codes(SDL_SCANCODE_KP_DIVIDE, false, 0), "E0 B5");
    EXPECT_STR(codes(SDL_SCANCODE_KP_8, true, 0), "48");
    EXPECT_STR(codes(SDL_SCANCODE_KP_7, false, 0), "C7");
    EXPECT_STR(codes(SDL_SCANCODE_KP_0, true, 0), "52");
    EXPECT_STR(codes(SDL_SCANCODE_KP_PERIOD, true, 0), "53");
    EXPECT_STR(codes(SDL_SCANCODE_KP_MULTIPLY, true, 0), "37");
    EXPECT_STR(codes(SDL_SCANCODE_KP_MINUS, true, 0), "4A");
    EXPECT_STR(codes(SDL_SCANCODE_KP_PLUS, false, 0), "CE");
}

TEST(test_keys_print_screen_sequences)
{
    EXPECT_STR(codes(SDL_SCANCODE_PRINTSCREEN, true, 0), "E0 2A E0 37");
    EXPECT_STR(codes(SDL_SCANCODE_PRINTSCREEN, false, 0), "E0 B7 E0 AA");
    EXPECT_STR(codes(SDL_SCANCODE_PRINTSCREEN, true, KMOD_LSHIFT), "E0 37");
    EXPECT_STR(codes(SDL_SCANCODE_PRINTSCREEN, false, KMOD_RCTRL), "E0 B7");
    EXPECT_STR(codes(SDL_SCANCODE_PRINTSCREEN, true, KMOD_LALT), "54"); /* SysRq */
    EXPECT_STR(codes(SDL_SCANCODE_PRINTSCREEN, false, KMOD_RALT), "D4");
}

TEST(test_keys_pause_and_break_sequences)
{
    EXPECT_STR(codes(SDL_SCANCODE_PAUSE, true, 0), "E1 1D 45 E1 9D C5");
    EXPECT_STR(codes(SDL_SCANCODE_PAUSE, false, 0), "");
    EXPECT_STR(codes(SDL_SCANCODE_PAUSE, true, KMOD_LCTRL), "E0 46 E0 C6");
    EXPECT_STR(codes(SDL_SCANCODE_PAUSE, false, KMOD_LCTRL), "");
}

TEST(test_keys_without_pc_key_send_nothing)
{
    EXPECT_STR(codes(SDL_SCANCODE_UNKNOWN, true, 0), "");
    EXPECT_STR(codes(SDL_SCANCODE_AC_BACK, true, 0), "");
    EXPECT_STR(codes((SDL_Scancode)SDL_NUM_SCANCODES, true, 0), "");
}

TEST(test_type_ascii_with_shift_and_caps_lock)
{
    EXPECT_STR(typed('a', false), "1E 9E");
    EXPECT_STR(typed('A', false), "2A 1E 9E AA");
    EXPECT_STR(typed('A', true), "1E 9E");       /* Caps Lock already makes it upper */
    EXPECT_STR(typed('a', true), "2A 1E 9E AA"); /* and Shift makes it lower again */
    EXPECT_STR(typed('1', true), "02 82");       /* Caps Lock leaves digits alone */
    EXPECT_STR(typed('!', true), "2A 02 82 AA");
    EXPECT_STR(typed(' ', false), "39 B9");
    EXPECT_STR(typed('~', false), "2A 29 A9 AA");
    EXPECT_STR(typed('\\', false), "2B AB");
    EXPECT_STR(typed('\n', false), "1C 9C");
    EXPECT_STR(typed('\t', false), "0F 8F");
    /* Every printable ASCII character types something. */
    for (uint32_t c = 0x20; c < 0x7F; c++) {
        uint8_t out[UI_TYPE_MAX_BYTES];
        EXPECT(ui_key_type_char(c, false, out) >= 2);
    }
}

TEST(test_type_other_cp437_characters_with_alt_and_keypad)
{
    EXPECT_STR(typed(0x00E9, false), "38 4F CF 51 D1 52 D2 B8"); /* é = 130 */
    EXPECT_STR(typed(0x2502, false), "38 4F CF 47 C7 49 C9 B8"); /* │ = 179 */
    EXPECT_STR(typed(0x263A, false), "38 4F CF B8");             /* ☺ = 1 */
    EXPECT_STR(typed(0x20AC, false), "");                        /* € is not in CP437 */
    EXPECT_STR(typed(0x07, false), "");                          /* control characters */
}

TEST(test_utf8_decoding)
{
    const char *s = "a\xC3\xA9\xE2\x94\x80\xF0\x9F\x98\x80\xFFz\xE2\x94";
    const char *p = s;

    EXPECT_EQ(ui_utf8_next(&p), 'a');
    EXPECT_EQ(ui_utf8_next(&p), 0xE9);
    EXPECT_EQ(ui_utf8_next(&p), 0x2500);
    EXPECT_EQ(ui_utf8_next(&p), 0x1F600);
    EXPECT_EQ(ui_utf8_next(&p), 0xFFFD);
    EXPECT_EQ(ui_utf8_next(&p), 'z');
    EXPECT_EQ(ui_utf8_next(&p), 0xFFFD); /* cut short by the end of the string */
    EXPECT_EQ(*p, 0);
}

TEST(test_screen_text_is_utf8_without_trailing_blanks)
{
    struct display_frame *s = calloc(1, sizeof(*s));
    char *text;

    s->kind = DISPLAY_TEXT;
    s->cols = 80;
    s->rows = 25;
    for (int i = 0; i < 80 * 25; i++)
        s->cells[i] = 0x0720;
    s->cells[0] = 0x07DA;
    s->cells[1] = 0x07C4;
    s->cells[2] = 'H' | 0x1F00;
    s->cells[3] = 'i';
    s->cells[2 * 80 + 5] = 0x0082; /* é */
    text = display_frame_text(s, true);
    EXPECT_STR(text, "\xE2\x94\x8C\xE2\x94\x80Hi\n\n     \xC3\xA9\n");
    free(text);
    for (int i = 0; i < 80 * 25; i++)
        s->cells[i] = 0x0720;
    text = display_frame_text(s, true);
    EXPECT_STR(text, "");
    free(text);
    free(s);
}

TEST_MAIN(T(test_keys_main_block_make_and_break), T(test_keys_modifiers_and_locks),
          T(test_keys_grey_keys_are_e0_prefixed_and_keypad_is_not),
          T(test_keys_print_screen_sequences), T(test_keys_pause_and_break_sequences),
          T(test_keys_without_pc_key_send_nothing), T(test_type_ascii_with_shift_and_caps_lock),
          T(test_type_other_cp437_characters_with_alt_and_keypad), T(test_utf8_decoding),
          T(test_screen_text_is_utf8_without_trailing_blanks))
