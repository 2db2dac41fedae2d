/* One picture of the screen as the video device shows it: what vga_capture fills on
 * the vCPU thread and every consumer takes (the window, the terminal, screenshots,
 * --dump-screen, the clipboard). It holds no pointer into the machine, so a copy can
 * cross to the UI thread. */
#ifndef HVDOS_DISPLAY_H
#define HVDOS_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DISPLAY_MAX_CELLS  16384 /* the 32 KiB text window, in cells */
#define DISPLAY_MAX_WIDTH  640
#define DISPLAY_MAX_HEIGHT 400
#define DISPLAY_FONT_LINES 32 /* scan lines a glyph has in font RAM */

enum display_kind {
    DISPLAY_TEXT,
    DISPLAY_GRAPHICS,
    DISPLAY_UNSUPPORTED, /* a graphics layout not drawn (planar EGA/VGA): shown black */
};

/* Blink phases of a VGA at its 70 Hz refresh: the cursor blinks every 16 frames,
 * blinking characters every 32. */
#define DISPLAY_PHASE_TEXT   1u /* blinking characters are shown */
#define DISPLAY_PHASE_CURSOR 2u /* the cursor is shown */
#define DISPLAY_PHASE_SHOWN  (DISPLAY_PHASE_TEXT | DISPLAY_PHASE_CURSOR)
unsigned display_blink_phase(uint64_t ns);

struct display_frame {
    enum display_kind kind;
    /* RGB (0xFFRRGGBB) of each colour: in text, the 16 attribute colours (through the
     * attribute controller's palette and the DAC); in graphics, each pixel value. */
    uint32_t palette[256];
    unsigned phase;     /* DISPLAY_PHASE_* at the capture */
    uint16_t scanlines; /* lines the picture has (text: rows * cell_h * (1 + double_scan)) */

    /* Text. */
    uint16_t cols, rows;
    uint8_t cell_h;      /* scan lines per cell, 1-32 */
    uint8_t cell_w;      /* dots per cell: 8 or 9 */
    bool wide_dots;      /* 40-column modes: every dot is shown twice */
    bool double_scan;    /* 200-line modes: every scan line is shown twice */
    bool line_graphics;  /* the 9th dot repeats the 8th for C0h-DFh (else background) */
    bool mono;           /* MDA attributes (mode 7): underline, bright, reverse */
    bool blink;          /* attribute bit 7 blinks; else it selects a bright background */
    bool cursor_visible; /* the CRTC shows it here (blinking apart) */
    uint16_t cursor_row, cursor_col;
    uint8_t cursor_start, cursor_end;  /* scan lines within the cell */
    uint16_t cells[DISPLAY_MAX_CELLS]; /* character | attribute << 8, row by row */
    /* The character generator's glyphs: fonts[1] for attribute bit 3 set (map A),
     * fonts[0] without (map B); the same when one font is selected. font_gen changes
     * whenever either could have. */
    uint64_t font_gen;
    uint8_t fonts[2][256][DISPLAY_FONT_LINES];

    /* Graphics: width x height pixels, one palette index each. */
    uint16_t width, height;
    uint8_t pixels[DISPLAY_MAX_WIDTH * DISPLAY_MAX_HEIGHT];
};

/* A text frame's characters as UTF-8 (code page 437), one line per row ending in "\n";
 * with trim, without trailing blanks or blank rows at the end. A graphics frame has no
 * text: "". malloc'd; NULL when out of memory. The one CP437-to-UTF-8 path of the
 * screen: --dump-screen, the clipboard, the terminal. */
char *display_frame_text(const struct display_frame *f, bool trim);
/* One character as UTF-8 (NUL as a blank): 1-3 bytes. For consumers that draw cells. */
int display_char_utf8(uint8_t ch, char out[4]);

#endif
