/* The SDL2 window's parts, shared by src/ui/sdl*.c and their tests: the picture
 * composer, PNG screenshots, key translation, the clipboard
 * text, and the window loop's steps. Built only with SDL2, into the module hvdos-sdl.so
 * that hvdos loads when it needs a window or a PNG (ui.h), and into the tests. */
#ifndef HVDOS_UI_SDL_H
#define HVDOS_UI_SDL_H

#include <SDL.h>

#include "ui/ui.h"

/* ---- The picture (sdl_text.c) ----
 * A frame is composed into one ARGB picture (its pixels identical under every
 * renderer, and with no renderer at all for headless screenshots): text cell by cell,
 * only the cells that changed, from the frame's glyphs (turned into 9-dot rows once per
 * font generation) in its colours; graphics pixel by pixel through its palette. */
struct ui_text {
    uint32_t *fb; /* the picture, w x h, ARGB8888 */
    int w, h;
    enum display_kind kind;
    int cols, rows;
    int dots, xdup;       /* dots a cell (8 or 9); 2 when each is shown twice (40 columns) */
    int lines, ydup;      /* scan lines a cell; 2 when each is shown twice (200 lines) */
    int cell_w, cell_h;   /* a cell's pixels in the picture */
    uint32_t palette[16]; /* the colours the cells were drawn in */
    uint64_t font_gen;    /* of the glyphs below */
    bool glyphs_valid, glyph_nine, glyph_lge, two_maps;
    /* Bit 8 is a glyph line's leftmost dot, bit 0 the 9th. [1]: map A, [0]: map B. */
    uint16_t glyphs[2][256][DISPLAY_FONT_LINES];
    uint32_t keys[DISPLAY_MAX_CELLS]; /* what each cell shows now */
    int dirty_y0, dirty_y1;           /* picture rows changed since ui_text_take_dirty */
};

void ui_text_init(struct ui_text *t);
void ui_text_fini(struct ui_text *t);
/* Brings the picture up to date with the frame in the given blink phase. Returns true
 * if any pixel or the picture's size changed. */
bool ui_text_compose(struct ui_text *t, const struct display_frame *s, unsigned phase);
/* The rows [y0, y1) changed since the last call; false if none did. */
bool ui_text_take_dirty(struct ui_text *t, int *y0, int *y1);

extern const struct frontend_ops ui_sdl_ops;
/* The module's one entry point (see ui.h): the window and screenshots. */
extern const struct ui_sdl_module ui_sdl_module;

/* ---- Screenshots (sdl_png.c) ---- */
int ui_png_write(const char *path, const uint32_t *argb, int w, int h, char *err, size_t errlen);
/* The screen rendered (blinking parts shown) into a PNG: for --screenshot. */
int ui_screenshot_write(const struct display_frame *s, const char *path, char *err, size_t errlen);

/* ---- Keys and text (sdl_keys.c) ---- */
#define UI_KEY_MAX_BYTES 8
/* The set-1 scancode bytes a PC keyboard sends when the key goes down or up, given
 * the modifiers held (Print Screen and Pause depend on them). 0 bytes: no such key
 * on a PC keyboard, or a key that sends nothing on release (Pause). */
int ui_key_scancodes(SDL_Scancode sc, bool down, SDL_Keymod mods, uint8_t out[UI_KEY_MAX_BYTES]);
#define UI_TYPE_MAX_BYTES 16
/* The keystrokes that type a character on a US PC keyboard: the key with Shift as
 * needed (inverted for letters when Caps Lock is on), or Alt plus the code on the
 * keypad for the other CP437 characters. 0 bytes: CP437 has no such character. */
int ui_key_type_char(uint32_t cp, bool caps, uint8_t out[UI_TYPE_MAX_BYTES]);
/* The next code point of UTF-8 text (U+FFFD for a bad sequence); advances *p. */
uint32_t ui_utf8_next(const char **p);

/* ---- The window's loop (sdl.c), in steps so that tests can drive it ---- */
/* Starts the machine on its vCPU thread. */
int ui_sdl_start(struct frontend *ui, struct machine *m);
/* Handles window events for at most max_wait_ms and draws when the screen changed.
 * False once the machine has stopped and its thread has ended. */
bool ui_sdl_iterate(struct frontend *ui, int max_wait_ms);
/* Composes the screen in a blink phase and, if the picture changed (or the window
 * needs it), draws and presents it. True if it drew. */
bool ui_sdl_show(struct frontend *ui, const struct display_frame *s, unsigned phase);
/* Sharp two-pass scaling (the default when a GPU draws) or one nearest-neighbour
 * pass (with a software rasterizer); tests and benchmarks pick. */
void ui_sdl_set_sharp(struct frontend *ui, bool sharp);
bool ui_sdl_sharp(struct frontend *ui);
/* The renderer SDL chose ("opengl", "software", ...). */
const char *ui_sdl_renderer_name(struct frontend *ui);
/* After the last iteration: the exit status (and the --screenshot file). */
int ui_sdl_finish(struct frontend *ui);
const struct ui_frame *ui_sdl_frame(struct frontend *ui);
SDL_Window *ui_sdl_window(struct frontend *ui);
/* Draws now and returns the window's pixels (ARGB8888, malloc'd) and size. */
uint32_t *ui_sdl_read_window(struct frontend *ui, int *w, int *h);
/* Where the picture is in the window's pixels. */
SDL_Rect ui_sdl_picture_rect(struct frontend *ui);
/* The picture's place in an output of ow x oh pixels: the 4:3 picture as large as it
 * fits, centred; with integer_scale, its height a whole multiple of the content's. */
SDL_Rect ui_sdl_fit(int ow, int oh, int content_h, bool integer_scale);

#endif
