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
};

/* Text video, shared by int 10h and the DOS console (src/bios/video.c). */
void video_set_mode(struct machine *m, uint8_t mode);
void video_tty_out(struct machine *m, uint8_t page, uint8_t ch);
void video_scroll(struct machine *m, int lines, uint8_t attr, uint8_t top, uint8_t left,
                  uint8_t bottom, uint8_t right, uint8_t page);
void video_set_cursor(struct machine *m, uint8_t page, uint8_t row, uint8_t col);
void video_get_cursor(const struct machine *m, uint8_t page, uint8_t *row, uint8_t *col);
unsigned video_rows(const struct machine *m);
unsigned video_cols(const struct machine *m);
/* Linear address of the text cell at (row, col) on a page. */
uint32_t video_cell(const struct machine *m, uint8_t page, unsigned row, unsigned col);
/* The current page as UTF-8 text, one line per row, trailing blanks kept; for
 * --dump-screen. Returns a malloc'd string. */
char *video_dump_text(const struct machine *m);

/* Unicode code point of a CP437 byte. */
uint16_t cp437_to_unicode(uint8_t c);
/* Writes the UTF-8 encoding of a code point; returns its length. */
int utf8_encode(uint16_t cp, char out[4]);

/* The BIOS keyboard ring in the BDA (src/bios/int16.c). */
bool bios_kbd_push(struct machine *m, uint16_t key);
/* The next key, taken or peeked; `ext` gives the extended functions' view (F11, F12,
 * grey keys as themselves). False if the ring is empty. */
bool bios_kbd_get(struct machine *m, bool take, bool ext, uint16_t *key);
/* Sends the guest to wait for a key (or ends the run if none can ever come). */
void bios_kbd_wait(struct machine *m, struct cpu_regs *r);

/* The BIOS tick (src/bios/int1a.c). */
uint32_t bios_ticks_since_midnight(void);
void bios_timer_tick(struct machine *m, struct cpu_regs *r);

/* int 6 with no program handler: the run ends (src/bios/exceptions.c). */
void int06_service(struct machine *m, struct cpu_regs *r);
void int10_service(struct machine *m, struct cpu_regs *r);
void int16_service(struct machine *m, struct cpu_regs *r);
void int1a_service(struct machine *m, struct cpu_regs *r);

#endif
