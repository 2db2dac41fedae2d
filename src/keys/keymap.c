/* Characters and key names to set-1 scancodes, for a US keyboard layout. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "keys/keys.h"

/* Unshifted and shifted characters of the main block, by make code. */
static const char keymap_plain[0x3A] = {
    [0x02] = '1',  '2', '3', '4', '5', '6', '7', '8', '9', '0', '-',  '=',
    [0x10] = 'q',  'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[',  ']',
    [0x1E] = 'a',  's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
    [0x2B] = '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/',  [0x39] = ' ',
};
static const char keymap_shift[0x3A] = {
    [0x02] = '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+',
    [0x10] = 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}',
    [0x1E] = 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
    [0x2B] = '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?',
};

bool keys_from_char(uint8_t c, uint16_t *key, unsigned *mods)
{
    *mods = 0;
    switch (c) {
    case '\r':
    case '\n': *key = 0x1C; return true;
    case '\t': *key = 0x0F; return true;
    case 0x08:
    case 0x7F: *key = 0x0E; return true;
    case 0x1B: *key = 0x01; return true;
    default: break;
    }
    if (c >= 1 && c <= 26) { /* Ctrl+letter */
        *mods = KEYS_MOD_CTRL;
        return keys_from_char((uint8_t)('a' + c - 1), key, &(unsigned){0});
    }
    for (unsigned i = 0; i < sizeof(keymap_plain); i++) {
        if (keymap_plain[i] && keymap_plain[i] == (char)c) {
            *key = (uint16_t)i;
            return true;
        }
        if (keymap_shift[i] && keymap_shift[i] == (char)c) {
            *key = (uint16_t)i;
            *mods = KEYS_MOD_SHIFT;
            return true;
        }
    }
    return false;
}

static const struct {
    const char *name;
    uint16_t key;
} keymap_names[] = {
    {"Enter", 0x1C},
    {"Return", 0x1C},
    {"Esc", 0x01},
    {"Escape", 0x01},
    {"Tab", 0x0F},
    {"Bksp", 0x0E},
    {"Backspace", 0x0E},
    {"Space", 0x39},
    {"Up", KEYS_EXT | 0x48},
    {"Down", KEYS_EXT | 0x50},
    {"Left", KEYS_EXT | 0x4B},
    {"Right", KEYS_EXT | 0x4D},
    {"Home", KEYS_EXT | 0x47},
    {"End", KEYS_EXT | 0x4F},
    {"PgUp", KEYS_EXT | 0x49},
    {"PageUp", KEYS_EXT | 0x49},
    {"PgDn", KEYS_EXT | 0x51},
    {"PageDown", KEYS_EXT | 0x51},
    {"Ins", KEYS_EXT | 0x52},
    {"Insert", KEYS_EXT | 0x52},
    {"Del", KEYS_EXT | 0x53},
    {"Delete", KEYS_EXT | 0x53},
    {"F1", 0x3B},
    {"F2", 0x3C},
    {"F3", 0x3D},
    {"F4", 0x3E},
    {"F5", 0x3F},
    {"F6", 0x40},
    {"F7", 0x41},
    {"F8", 0x42},
    {"F9", 0x43},
    {"F10", 0x44},
    {"F11", 0x57},
    {"F12", 0x58},
    {"Ctrl", 0x1D},
    {"LCtrl", 0x1D},
    {"RCtrl", KEYS_EXT | 0x1D},
    {"Alt", 0x38},
    {"LAlt", 0x38},
    {"RAlt", KEYS_EXT | 0x38},
    {"Shift", 0x2A},
    {"LShift", 0x2A},
    {"RShift", 0x36},
    {"CapsLock", 0x3A},
    {"NumLock", 0x45},
    {"ScrollLock", 0x46},
    {"PrtSc", KEYS_EXT | 0x37},
    {"PrintScreen", KEYS_EXT | 0x37},
    {"SysReq", 0x54},
    {"Pause", KEYS_PAUSE},
    {"Break", KEYS_EXT | 0x46},
    {"KPEnter", KEYS_EXT | 0x1C},
    {"KP/", KEYS_EXT | 0x35},
    {"KP*", 0x37},
    {"KP-", 0x4A},
    {"KP+", 0x4E},
    {"KP.", 0x53},
    {"KP0", 0x52},
    {"KP1", 0x4F},
    {"KP2", 0x50},
    {"KP3", 0x51},
    {"KP4", 0x4B},
    {"KP5", 0x4C},
    {"KP6", 0x4D},
    {"KP7", 0x47},
    {"KP8", 0x48},
    {"KP9", 0x49},
};

bool keys_from_name(const char *name, size_t len, uint16_t *key)
{
    for (size_t i = 0; i < sizeof(keymap_names) / sizeof(keymap_names[0]); i++) {
        if (strlen(keymap_names[i].name) == len && !strncasecmp(keymap_names[i].name, name, len)) {
            *key = keymap_names[i].key;
            return true;
        }
    }
    return false;
}
