/* The BIOS services on the host: POST, int 10h video, 11h, 12h, 15h, 16h keyboard,
 * 1Ah time, and the tick and keyboard logic behind the ROM's IRQ handlers. */
#ifndef HVDOS_BIOS_H
#define HVDOS_BIOS_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/machine.h"

extern const struct device_desc bios_module;

struct bios {
    bool fpu; /* int 11h reports a coprocessor */
    /* No keyboard input can ever come again (headless without a terminal, the scripted
     * keys used up): a key wait ends the run instead of hanging. */
    bool keyboard_closed;
    /* Scan lines of the next text mode set (int 10h 12h BL=30h): enum vga_lines. */
    int video_lines;
    /* int 15h AH=86h in progress: its end, and the caller's stack to know it again. */
    bool wait_active;
    uint32_t wait_id;
    uint64_t wait_end;
    /* int 15h AH=83h: the byte to flag and the timer. */
    uint32_t event_flag;
    struct machine_timer event;
    struct int33 *mouse; /* the mouse driver, NULL without a mouse (src/bios/int33.c) */
};

/* Text video, shared by int 10h and the DOS console (src/bios/video.c). */
void video_set_mode(struct machine *m, uint8_t mode);
/* The CRTC's start address and cursor from the BDA's active page and its cursor. */
void video_sync_crtc(struct machine *m);
/* After a font load: the rows and character height in the BDA, the page size. */
void video_set_rows(struct machine *m, unsigned rows, unsigned char_height);
void video_set_cursor_shape(struct machine *m, uint8_t start, uint8_t end);
void video_tty_out(struct machine *m, uint8_t page, uint8_t ch);
/* Teletype with the foreground colour used in graphics modes (int 10h 0Eh's BL). */
void video_tty_out_colour(struct machine *m, uint8_t page, uint8_t ch, uint8_t colour);
/* Pixels of the graphics modes drawn (int 10h 0Ch/0Dh); false outside them. */
bool video_pixel_get(const struct machine *m, unsigned x, unsigned y, uint8_t *colour);
bool video_pixel_set(struct machine *m, unsigned x, unsigned y, uint8_t colour);
/* Whether a graphics mode that is drawn is set (characters are then drawn in pixels). */
bool video_graphics(const struct machine *m);
/* A character drawn with the graphics font at a cell, in colour fg (bit 7: XOR). */
void video_draw_char(struct machine *m, unsigned row, unsigned col, uint8_t ch, uint8_t fg);
/* The character a graphics-mode cell shows (int 10h 08h), matched against the font. */
uint8_t video_read_char(const struct machine *m, unsigned row, unsigned col);
void video_scroll(struct machine *m, int lines, uint8_t attr, uint8_t top, uint8_t left,
                  uint8_t bottom, uint8_t right, uint8_t page);
void video_set_cursor(struct machine *m, uint8_t page, uint8_t row, uint8_t col);
void video_get_cursor(const struct machine *m, uint8_t page, uint8_t *row, uint8_t *col);
unsigned video_rows(const struct machine *m);
unsigned video_cols(const struct machine *m);
/* Linear address of the text cell at (row, col) on a page. */
uint32_t video_cell(const struct machine *m, uint8_t page, unsigned row, unsigned col);
/* A ROM font (8, 14 or 16 lines) into font RAM map `block`, as a mode set loads it. */
void video_load_rom_font(struct machine *m, unsigned block, unsigned height);

/* Unicode code point of a CP437 byte. */
uint16_t cp437_to_unicode(uint8_t c);
/* Writes the UTF-8 encoding of a code point; returns its length. */
int utf8_encode(uint16_t cp, char out[4]);

/* The BIOS keyboard ring in the BDA (src/bios/int16.c). */
bool bios_kbd_push(struct machine *m, uint16_t key);
/* Keys waiting in the ring. */
unsigned bios_kbd_count(const struct machine *m);
/* The next key, taken or peeked; `ext` gives the extended functions' view (F11, F12,
 * grey keys as themselves). False if the ring is empty. */
bool bios_kbd_get(struct machine *m, bool take, bool ext, uint16_t *key);
/* Sends the guest to wait for a key (or ends the run if none can ever come). */
void bios_kbd_wait(struct machine *m, struct cpu_regs *r);

/* What the ROM's IRQ 1 handler does after the scancode call (AH bits; keep in step
 * with bios/rom.inc). */
enum {
    KBD_ACT_BREAK = 0x01,  /* Ctrl-Break: int 1Bh */
    KBD_ACT_PRTSC = 0x02,  /* Print Screen: int 05h */
    KBD_ACT_PAUSE = 0x04,  /* Pause: wait for a key */
    KBD_ACT_SYSREQ = 0x08, /* SysReq: int 15h AH=85h with AL = 0 pressed, 1 released */
};
/* IRQ 1's BIOS logic (src/bios/int9.c): AL = scancode; AH = actions on return. */
void bios_kbd_scancode(struct machine *m, struct cpu_regs *r);

/* The BIOS tick (src/bios/int1a.c). */
uint32_t bios_ticks_since_midnight(void);
void bios_timer_tick(struct machine *m, struct cpu_regs *r);

/* The mouse driver (src/bios/int33.c). A video mode set or font load is about to
 * happen (the cursor comes off the screen) and has happened (the driver's screen
 * follows the new mode, the cursor hidden, as after a reset). */
int int33_init(struct machine *m);
void int33_fini(struct machine *m);
void int33_post(struct machine *m);
void int33_video_changing(struct machine *m);
void int33_video_changed(struct machine *m);
/* The driver's virtual screen, in its coordinates (640x200 in 80x25 text). */
void int33_virtual_screen(const struct machine *m, unsigned *w, unsigned *h);

/* int 6 with no program handler: the run ends (src/bios/exceptions.c). */
void int06_service(struct machine *m, struct cpu_regs *r);
void int10_service(struct machine *m, struct cpu_regs *r);
void int16_service(struct machine *m, struct cpu_regs *r);
void int1a_service(struct machine *m, struct cpu_regs *r);

#endif
