/* Keys: SDL scancodes (where a key is, whatever the host's layout) to the set-1 bytes
 * an IBM PC keyboard sends; host text to the keystrokes that type it (for paste); and
 * the screen's text as UTF-8 (for copy). */
#include <stdlib.h>

#include "bios/bios.h"
#include "ui/sdl.h"

#define E0 0x100 /* the key's codes follow an E0h prefix */

/* Make codes; the break code is the make code | 80h. 0: not a PC key. */
static const uint16_t ui_set1[SDL_NUM_SCANCODES] = {
    [SDL_SCANCODE_ESCAPE] = 0x01,
    [SDL_SCANCODE_1] = 0x02,
    [SDL_SCANCODE_2] = 0x03,
    [SDL_SCANCODE_3] = 0x04,
    [SDL_SCANCODE_4] = 0x05,
    [SDL_SCANCODE_5] = 0x06,
    [SDL_SCANCODE_6] = 0x07,
    [SDL_SCANCODE_7] = 0x08,
    [SDL_SCANCODE_8] = 0x09,
    [SDL_SCANCODE_9] = 0x0A,
    [SDL_SCANCODE_0] = 0x0B,
    [SDL_SCANCODE_MINUS] = 0x0C,
    [SDL_SCANCODE_EQUALS] = 0x0D,
    [SDL_SCANCODE_BACKSPACE] = 0x0E,
    [SDL_SCANCODE_TAB] = 0x0F,
    [SDL_SCANCODE_Q] = 0x10,
    [SDL_SCANCODE_W] = 0x11,
    [SDL_SCANCODE_E] = 0x12,
    [SDL_SCANCODE_R] = 0x13,
    [SDL_SCANCODE_T] = 0x14,
    [SDL_SCANCODE_Y] = 0x15,
    [SDL_SCANCODE_U] = 0x16,
    [SDL_SCANCODE_I] = 0x17,
    [SDL_SCANCODE_O] = 0x18,
    [SDL_SCANCODE_P] = 0x19,
    [SDL_SCANCODE_LEFTBRACKET] = 0x1A,
    [SDL_SCANCODE_RIGHTBRACKET] = 0x1B,
    [SDL_SCANCODE_RETURN] = 0x1C,
    [SDL_SCANCODE_LCTRL] = 0x1D,
    [SDL_SCANCODE_A] = 0x1E,
    [SDL_SCANCODE_S] = 0x1F,
    [SDL_SCANCODE_D] = 0x20,
    [SDL_SCANCODE_F] = 0x21,
    [SDL_SCANCODE_G] = 0x22,
    [SDL_SCANCODE_H] = 0x23,
    [SDL_SCANCODE_J] = 0x24,
    [SDL_SCANCODE_K] = 0x25,
    [SDL_SCANCODE_L] = 0x26,
    [SDL_SCANCODE_SEMICOLON] = 0x27,
    [SDL_SCANCODE_APOSTROPHE] = 0x28,
    [SDL_SCANCODE_GRAVE] = 0x29,
    [SDL_SCANCODE_LSHIFT] = 0x2A,
    [SDL_SCANCODE_BACKSLASH] = 0x2B,
    [SDL_SCANCODE_NONUSHASH] = 0x2B, /* the ISO key by Enter is the US backslash key */
    [SDL_SCANCODE_Z] = 0x2C,
    [SDL_SCANCODE_X] = 0x2D,
    [SDL_SCANCODE_C] = 0x2E,
    [SDL_SCANCODE_V] = 0x2F,
    [SDL_SCANCODE_B] = 0x30,
    [SDL_SCANCODE_N] = 0x31,
    [SDL_SCANCODE_M] = 0x32,
    [SDL_SCANCODE_COMMA] = 0x33,
    [SDL_SCANCODE_PERIOD] = 0x34,
    [SDL_SCANCODE_SLASH] = 0x35,
    [SDL_SCANCODE_RSHIFT] = 0x36,
    [SDL_SCANCODE_KP_MULTIPLY] = 0x37,
    [SDL_SCANCODE_LALT] = 0x38,
    [SDL_SCANCODE_SPACE] = 0x39,
    [SDL_SCANCODE_CAPSLOCK] = 0x3A,
    [SDL_SCANCODE_F1] = 0x3B,
    [SDL_SCANCODE_F2] = 0x3C,
    [SDL_SCANCODE_F3] = 0x3D,
    [SDL_SCANCODE_F4] = 0x3E,
    [SDL_SCANCODE_F5] = 0x3F,
    [SDL_SCANCODE_F6] = 0x40,
    [SDL_SCANCODE_F7] = 0x41,
    [SDL_SCANCODE_F8] = 0x42,
    [SDL_SCANCODE_F9] = 0x43,
    [SDL_SCANCODE_F10] = 0x44,
    [SDL_SCANCODE_NUMLOCKCLEAR] = 0x45,
    [SDL_SCANCODE_SCROLLLOCK] = 0x46,
    [SDL_SCANCODE_KP_7] = 0x47,
    [SDL_SCANCODE_KP_8] = 0x48,
    [SDL_SCANCODE_KP_9] = 0x49,
    [SDL_SCANCODE_KP_MINUS] = 0x4A,
    [SDL_SCANCODE_KP_4] = 0x4B,
    [SDL_SCANCODE_KP_5] = 0x4C,
    [SDL_SCANCODE_KP_6] = 0x4D,
    [SDL_SCANCODE_KP_PLUS] = 0x4E,
    [SDL_SCANCODE_KP_1] = 0x4F,
    [SDL_SCANCODE_KP_2] = 0x50,
    [SDL_SCANCODE_KP_3] = 0x51,
    [SDL_SCANCODE_KP_0] = 0x52,
    [SDL_SCANCODE_KP_PERIOD] = 0x53,
    [SDL_SCANCODE_NONUSBACKSLASH] = 0x56, /* the 102nd key, left of Z */
    [SDL_SCANCODE_F11] = 0x57,
    [SDL_SCANCODE_F12] = 0x58,
    [SDL_SCANCODE_KP_EQUALS] = 0x59,
    [SDL_SCANCODE_F13] = 0x64,
    [SDL_SCANCODE_F14] = 0x65,
    [SDL_SCANCODE_F15] = 0x66,
    [SDL_SCANCODE_F16] = 0x67,
    [SDL_SCANCODE_F17] = 0x68,
    [SDL_SCANCODE_F18] = 0x69,
    [SDL_SCANCODE_F19] = 0x6A,
    [SDL_SCANCODE_F20] = 0x6B,
    [SDL_SCANCODE_F21] = 0x6C,
    [SDL_SCANCODE_F22] = 0x6D,
    [SDL_SCANCODE_F23] = 0x6E,
    [SDL_SCANCODE_F24] = 0x76,
    [SDL_SCANCODE_INTERNATIONAL2] = 0x70, /* Katakana/Hiragana */
    [SDL_SCANCODE_INTERNATIONAL1] = 0x73, /* Ro */
    [SDL_SCANCODE_INTERNATIONAL4] = 0x79, /* Henkan */
    [SDL_SCANCODE_INTERNATIONAL5] = 0x7B, /* Muhenkan */
    [SDL_SCANCODE_INTERNATIONAL3] = 0x7D, /* Yen */
    [SDL_SCANCODE_KP_COMMA] = 0x7E,
    /* The 101-key keyboard's grey keys and later additions, behind E0h. */
    [SDL_SCANCODE_KP_ENTER] = E0 | 0x1C,
    [SDL_SCANCODE_RCTRL] = E0 | 0x1D,
    [SDL_SCANCODE_KP_DIVIDE] = E0 | 0x35,
    [SDL_SCANCODE_RALT] = E0 | 0x38,
    [SDL_SCANCODE_HOME] = E0 | 0x47,
    [SDL_SCANCODE_UP] = E0 | 0x48,
    [SDL_SCANCODE_PAGEUP] = E0 | 0x49,
    [SDL_SCANCODE_LEFT] = E0 | 0x4B,
    [SDL_SCANCODE_RIGHT] = E0 | 0x4D,
    [SDL_SCANCODE_END] = E0 | 0x4F,
    [SDL_SCANCODE_DOWN] = E0 | 0x50,
    [SDL_SCANCODE_PAGEDOWN] = E0 | 0x51,
    [SDL_SCANCODE_INSERT] = E0 | 0x52,
    [SDL_SCANCODE_DELETE] = E0 | 0x53,
    [SDL_SCANCODE_LGUI] = E0 | 0x5B,
    [SDL_SCANCODE_RGUI] = E0 | 0x5C,
    [SDL_SCANCODE_APPLICATION] = E0 | 0x5D,
    [SDL_SCANCODE_POWER] = E0 | 0x5E,
    [SDL_SCANCODE_SLEEP] = E0 | 0x5F,
    [SDL_SCANCODE_AUDIOPREV] = E0 | 0x10,
    [SDL_SCANCODE_AUDIONEXT] = E0 | 0x19,
    [SDL_SCANCODE_MUTE] = E0 | 0x20,
    [SDL_SCANCODE_AUDIOPLAY] = E0 | 0x22,
    [SDL_SCANCODE_AUDIOSTOP] = E0 | 0x24,
    [SDL_SCANCODE_VOLUMEDOWN] = E0 | 0x2E,
    [SDL_SCANCODE_VOLUMEUP] = E0 | 0x30,
};

/* The fake shifts a real keyboard wraps grey keys in (E0 2A / E0 AA) are left out:
 * the BIOS ignores them, and programs with their own int 9 handler see the plain E0
 * sequences that they also get from most keyboard controllers in translated mode. */
int ui_key_scancodes(SDL_Scancode sc, bool down, SDL_Keymod mods, uint8_t out[UI_KEY_MAX_BYTES])
{
    int n = 0;
    uint16_t code;

    if (sc == SDL_SCANCODE_PRINTSCREEN) {
        if (mods & KMOD_ALT) { /* Alt+Print Screen is SysRq: a key of its own */
            out[n++] = down ? 0x54 : 0xD4;
        } else if (mods & (KMOD_SHIFT | KMOD_CTRL)) {
            out[n++] = 0xE0;
            out[n++] = down ? 0x37 : 0xB7;
        } else if (down) {
            static const uint8_t make[] = {0xE0, 0x2A, 0xE0, 0x37};
            for (; n < 4; n++)
                out[n] = make[n];
        } else {
            static const uint8_t brk[] = {0xE0, 0xB7, 0xE0, 0xAA};
            for (; n < 4; n++)
                out[n] = brk[n];
        }
        return n;
    }
    if (sc == SDL_SCANCODE_PAUSE) {
        /* Pause sends make and break at once on the way down, and nothing on the way
         * up; with Ctrl it is Break, an E0-prefixed Scroll Lock. */
        static const uint8_t pause[] = {0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5};
        static const uint8_t brk[] = {0xE0, 0x46, 0xE0, 0xC6};
        if (!down)
            return 0;
        if (mods & KMOD_CTRL) {
            for (; n < 4; n++)
                out[n] = brk[n];
        } else {
            for (; n < 6; n++)
                out[n] = pause[n];
        }
        return n;
    }
    if ((unsigned)sc >= SDL_NUM_SCANCODES || !(code = ui_set1[sc]))
        return 0;
    if (code & E0)
        out[n++] = 0xE0;
    out[n++] = (uint8_t)((code & 0x7F) | (down ? 0 : 0x80));
    return n;
}

/* Keys of the US layout for printable ASCII: the make code, and 80h if Shift types it. */
static const uint8_t ui_ascii_keys[0x5F] = {
    /* ' '  */ 0x39,
    /* !"#$%&' */ 0x82,
    0xA8,
    0x84,
    0x85,
    0x86,
    0x88,
    0x28,
    /* ()*+,-./ */ 0x8A,
    0x8B,
    0x89,
    0x8D,
    0x33,
    0x0C,
    0x34,
    0x35,
    /* 0-9 */ 0x0B,
    0x02,
    0x03,
    0x04,
    0x05,
    0x06,
    0x07,
    0x08,
    0x09,
    0x0A,
    /* :;<=>?@ */ 0xA7,
    0x27,
    0xB3,
    0x0D,
    0xB4,
    0xB5,
    0x83,
    /* A-Z */ 0x9E,
    0xB0,
    0xAE,
    0xA0,
    0x92,
    0xA1,
    0xA2,
    0xA3,
    0x97,
    0xA4,
    0xA5,
    0xA6,
    0xB2,
    0xB1,
    0x98,
    0x99,
    0x90,
    0x93,
    0x9F,
    0x94,
    0x96,
    0xAF,
    0x91,
    0xAD,
    0x95,
    0xAC,
    /* [\]^_` */ 0x1A,
    0x2B,
    0x1B,
    0x87,
    0x8C,
    0x29,
    /* a-z */ 0x1E,
    0x30,
    0x2E,
    0x20,
    0x12,
    0x21,
    0x22,
    0x23,
    0x17,
    0x24,
    0x25,
    0x26,
    0x32,
    0x31,
    0x18,
    0x19,
    0x10,
    0x13,
    0x1F,
    0x14,
    0x16,
    0x2F,
    0x11,
    0x2D,
    0x15,
    0x2C,
    /* {|}~ */ 0x9A,
    0xAB,
    0x9B,
    0xA9,
};

static int ui_cp437_from_unicode(uint32_t cp)
{
    for (int c = 1; c < 256; c++)
        if (cp437_to_unicode((uint8_t)c) == cp)
            return c;
    return -1;
}

int ui_key_type_char(uint32_t cp, bool caps, uint8_t out[UI_TYPE_MAX_BYTES])
{
    static const uint8_t keypad[10] = {0x52, 0x4F, 0x50, 0x51, 0x4B, 0x4C, 0x4D, 0x47, 0x48, 0x49};
    int n = 0, c;

    if (cp == '\n' || cp == '\t') {
        uint8_t key = cp == '\n' ? 0x1C : 0x0F;
        out[0] = key;
        out[1] = key | 0x80;
        return 2;
    }
    if (cp >= 0x20 && cp < 0x7F) {
        uint8_t k = ui_ascii_keys[cp - 0x20], key = k & 0x7F;
        bool shift = k & 0x80;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            shift ^= caps; /* Caps Lock inverts Shift for letters only */
        if (shift)
            out[n++] = 0x2A;
        out[n++] = key;
        out[n++] = key | 0x80;
        if (shift)
            out[n++] = 0xAA;
        return n;
    }
    /* Anything else CP437 has: hold Alt, type the code on the keypad, let go of Alt. */
    c = ui_cp437_from_unicode(cp);
    if (c < 0)
        return 0;
    out[n++] = 0x38;
    for (int div = 100; div; div /= 10) {
        if (c < div && div > 1)
            continue; /* no leading zeros: Alt+0nnn means another code page on DOS 6 */
        out[n++] = keypad[c / div % 10];
        out[n++] = keypad[c / div % 10] | 0x80;
    }
    out[n++] = 0xB8;
    return n;
}

uint32_t ui_utf8_next(const char **p)
{
    const uint8_t *s = (const uint8_t *)*p;
    uint32_t cp;
    int len;

    if (s[0] < 0x80) {
        *p += 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0) {
        cp = s[0] & 0x1F;
        len = 2;
    } else if ((s[0] & 0xF0) == 0xE0) {
        cp = s[0] & 0x0F;
        len = 3;
    } else if ((s[0] & 0xF8) == 0xF0) {
        cp = s[0] & 0x07;
        len = 4;
    } else {
        *p += 1;
        return 0xFFFD;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p += i; /* stop before the byte that broke the sequence (maybe a NUL) */
            return 0xFFFD;
        }
        cp = cp << 6 | (s[i] & 0x3F);
    }
    *p += len;
    return cp;
}
