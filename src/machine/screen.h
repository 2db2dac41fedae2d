/* What the frontends show: a copy of the visible text screen, taken on the vCPU thread
 * (screen_capture) and handed to the UI thread, which never reads guest memory. */
#ifndef HVDOS_SCREEN_H
#define HVDOS_SCREEN_H

#include <stdbool.h>
#include <stdint.h>

#define SCREEN_MAX_COLS 80
#define SCREEN_MAX_ROWS 50

struct screen_snapshot {
    uint8_t cols, rows; /* 40 or 80; 25, 43 or 50 */
    uint8_t mode;       /* BIOS video mode */
    bool text;          /* false in graphics modes: nothing to show */
    bool mono;          /* mode 7: MDA attributes */
    bool blink;         /* attribute bit 7 blinks (else: bright background) */
    bool cursor_visible;
    uint8_t cursor_row, cursor_col;
    uint8_t cursor_start, cursor_end;                  /* scan lines within the character cell */
    uint8_t char_height;                               /* scan lines per row: 16, 14 or 8 */
    uint16_t cells[SCREEN_MAX_COLS * SCREEN_MAX_ROWS]; /* character | attribute << 8 */
};

struct machine;

/* Copies the visible page from video memory and the video state (vCPU thread). */
void screen_capture(const struct machine *m, struct screen_snapshot *out);

#endif
