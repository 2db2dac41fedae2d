/* The SDL2 window's parts, shared by src/ui/sdl*.c and their tests: the text renderer
 * (glyph atlas and cell composer), PNG screenshots, key translation, the clipboard
 * text, and the window loop's steps. Built only with SDL2, into the module hvdos-sdl.so
 * that hvdos loads when it needs a window or a PNG (ui.h), and into the tests. */
#ifndef HVDOS_UI_SDL_H
#define HVDOS_UI_SDL_H

#include <SDL.h>

#include "ui/ui.h"

/* ---- Text rendering (sdl_text.c) ----
 * Every glyph of the three VGA fonts is rendered once by SDL2_ttf into a glyph atlas
 * of 9-column bit rows; a frame is cell copies from the atlas into one ARGB picture
 * (its pixels identical under every renderer, and with no renderer at all for
 * headless screenshots), of only the cells that changed. */
#define UI_GLYPH_MAX_H 16
#define UI_CELL_W      9 /* dots per character cell, as a VGA in 720-dot text modes */

struct ui_glyph_set {
    int height; /* scan lines per glyph: 16 (VGA), 14 (EGA/VGA 8x14), 8 (VGA 8x8) */
    /* Bit 8 is the leftmost of the 9 columns, bit 0 the 9th, which repeats the 8th for
     * the line-drawing characters C0h-DFh and is blank for the others. */
    uint16_t rows[256][UI_GLYPH_MAX_H];
};

#define UI_GLYPH_SETS 3

/* Blink phases of a VGA at its 70 Hz refresh: the cursor blinks every 16 frames,
 * blinking characters every 32. */
#define UI_PHASE_TEXT   1u /* blinking characters are shown */
#define UI_PHASE_CURSOR 2u /* the cursor is shown */
#define UI_PHASE_SHOWN  (UI_PHASE_TEXT | UI_PHASE_CURSOR)
unsigned ui_blink_phase(uint64_t ms);

struct ui_text {
    struct ui_glyph_set sets[UI_GLYPH_SETS];
    uint32_t *fb; /* the picture, w x h, ARGB8888 */
    int w, h;
    int cols, rows, cell_w, cell_h; /* cell_w is 18 in 40-column modes: dots doubled */
    bool text;                      /* false: a graphics mode, shown black */
    uint32_t keys[SCREEN_MAX_COLS * SCREEN_MAX_ROWS]; /* what each cell shows now */
    int dirty_y0, dirty_y1; /* picture rows changed since ui_text_take_dirty */
};

extern const uint32_t ui_vga_palette[16];

/* Renders the glyph atlas from the built-in fonts. Returns 0 or -1 with err set. */
int ui_text_init(struct ui_text *t, char *err, size_t errlen);
void ui_text_fini(struct ui_text *t);
/* The glyphs a cell of `height` scan lines uses. */
const struct ui_glyph_set *ui_text_glyphs(const struct ui_text *t, int height);
/* Brings the picture up to date with the snapshot in the given blink phase. Returns
 * true if any pixel or the picture's size changed. */
bool ui_text_compose(struct ui_text *t, const struct screen_snapshot *s, unsigned phase);
/* The rows [y0, y1) changed since the last call; false if none did. */
bool ui_text_take_dirty(struct ui_text *t, int *y0, int *y1);

extern const struct frontend_ops ui_sdl_ops;
/* The module's one entry point (see ui.h): the window and screenshots. */
extern const struct ui_sdl_module ui_sdl_module;

/* ---- Screenshots (sdl_png.c) ---- */
int ui_png_write(const char *path, const uint32_t *argb, int w, int h, char *err, size_t errlen);
/* The screen rendered (blinking parts shown) into a PNG: for --screenshot. */
int ui_screenshot_write(const struct screen_snapshot *s, const char *path, char *err,
                        size_t errlen);

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
/* The screen's text as UTF-8, one line per row without trailing blanks. malloc'd. */
char *ui_screen_text(const struct screen_snapshot *s);

/* ---- The window's loop (sdl.c), in steps so that tests can drive it ---- */
/* Starts the machine on its vCPU thread. */
int ui_sdl_start(struct frontend *ui, struct machine *m);
/* Handles window events for at most max_wait_ms and draws when the screen changed.
 * False once the machine has stopped and its thread has ended. */
bool ui_sdl_iterate(struct frontend *ui, int max_wait_ms);
/* Composes the screen in a blink phase and, if the picture changed (or the window
 * needs it), draws and presents it. True if it drew. */
bool ui_sdl_show(struct frontend *ui, const struct screen_snapshot *s, unsigned phase);
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
