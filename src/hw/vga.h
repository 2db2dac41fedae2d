/* The VGA's registers: the CRT controller (3D4h/3D5h, or 3B4h/3B5h in mono), input
 * status 1 (3DAh/3BAh: display-enable and vertical retrace on the host clock), the
 * attribute controller, sequencer, graphics controller, misc output and the DAC. The
 * BIOS programs them (src/bios/video.c), and the screen is read through them: the
 * character generator's font RAM and vga_capture's display_frame (hw/display.h). */
#ifndef HVDOS_VGA_H
#define HVDOS_VGA_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/display.h"
#include "machine/machine.h"

enum vga_crtc_reg {
    CRTC_H_TOTAL = 0x00,
    CRTC_H_DISP_END = 0x01,
    CRTC_V_TOTAL = 0x06,
    CRTC_OVERFLOW = 0x07,
    CRTC_MAX_SCAN = 0x09,
    CRTC_CURSOR_START = 0x0A,
    CRTC_CURSOR_END = 0x0B,
    CRTC_START_HI = 0x0C,
    CRTC_START_LO = 0x0D,
    CRTC_CURSOR_HI = 0x0E,
    CRTC_CURSOR_LO = 0x0F,
    CRTC_V_RETRACE_START = 0x10,
    CRTC_V_RETRACE_END = 0x11,
    CRTC_V_DISP_END = 0x12,
    CRTC_OFFSET = 0x13,
    CRTC_COUNT = 0x19,
};

/* The vertical resolution of the text modes: 200 (CGA-like, double-scanned), 350
 * (EGA-like) or 400 scan lines (int 10h 12h BL=30h picks it for the next mode set). */
enum vga_lines { VGA_LINES_200, VGA_LINES_350, VGA_LINES_400 };

#define VGA_FONT_MAPS 8 /* character maps in font RAM */

/* The picture the registers and video memory make now (vCPU thread). */
void vga_capture(const struct machine *m, struct display_frame *f);

/* Font RAM: count glyphs of `height` bytes (lines) each from `glyphs` into map
 * `block` from character `first`; the glyphs' other lines keep what they had, as the
 * VGA BIOS's loads do. */
void vga_font_load(struct machine *m, unsigned block, unsigned first, unsigned count,
                   unsigned height, const uint8_t *glyphs);

/* Programs the registers for a text mode with the standard tables. */
void vga_set_text_mode(struct machine *m, unsigned cols, bool mono, enum vga_lines lines);
/* Programs the registers for a graphics mode: 04h/05h (320x200, 4 colours), 06h
 * (640x200, 2), 13h (320x200, 256), or a planar EGA/VGA mode (programmed, not drawn). */
void vga_set_graphics_mode(struct machine *m, uint8_t mode);
/* The CGA colour select register (3D9h), which a VGA maps into its attribute palette. */
void vga_cga_color_set(struct machine *m, uint8_t value);
/* Character height for the text mode (int 10h 11h with recalculation): the max scan
 * line, the displayed lines (rows * height) and the cursor. Returns the rows. */
unsigned vga_set_char_height(struct machine *m, unsigned height);
/* Scan lines the display shows (400, 350, 200). */
unsigned vga_scan_lines(const struct machine *m);

uint8_t vga_crtc_get(const struct machine *m, uint8_t index);
void vga_crtc_set(struct machine *m, uint8_t index, uint8_t value);
uint8_t vga_seq_get(const struct machine *m, uint8_t index);
void vga_seq_set(struct machine *m, uint8_t index, uint8_t value);
uint8_t vga_atc_get(const struct machine *m, uint8_t index);
void vga_atc_set(struct machine *m, uint8_t index, uint8_t value);
/* DAC colour registers: 6-bit red, green, blue. */
void vga_dac_get(const struct machine *m, uint8_t index, uint8_t rgb[3]);
void vga_dac_set(struct machine *m, uint8_t index, const uint8_t rgb[3]);
uint8_t vga_pel_mask_get(const struct machine *m);
void vga_pel_mask_set(struct machine *m, uint8_t mask);
/* Resets the DAC to the VGA BIOS's default palette for a colour or mono mode. */
void vga_dac_default(struct machine *m, bool mono);

#endif
