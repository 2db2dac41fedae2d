/* The VGA: every register the BIOS and programs touch, the DAC, the character
 * generator's font RAM, and vga_capture, which turns them and video memory into the
 * display_frame every consumer draws. Nothing is drawn here. Input status 1 follows the
 * CRTC's own timing (70 Hz, 31.5 kHz for the 400-line modes) on the host clock, so
 * programs that wait for the vertical retrace run at the real frame rate. */
#include "hw/vga.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hw.h"

struct vga {
    uint8_t crtc[CRTC_COUNT], crtc_index;
    uint8_t seq[5], seq_index;
    uint8_t gc[9], gc_index;
    uint8_t atc[21], atc_index;
    bool atc_data_next; /* the attribute flip-flop: next 3C0h write is data */
    uint8_t misc, feature;
    uint8_t dac[256][3];
    uint8_t dac_write, dac_read, dac_comp, pel_mask;
    bool dac_reading;
    enum vga_lines lines;
    /* Input status 1 at the last read, and the frame it was read in (see
     * vga_status1_poll). */
    uint8_t last_status1;
    uint64_t last_frame;
    /* The character generator: font RAM (plane 2 on a VGA) as 8 maps of 256 glyphs of
     * 32 scan lines; font_gen counts its changes and those of the map selection. */
    uint8_t font[VGA_FONT_MAPS][256][DISPLAY_FONT_LINES];
    uint64_t font_gen;
    uint8_t cga_color; /* 3D9h: the CGA colour select register, as VGAs emulate it */
};

/* Register sets of the standard text modes (IBM VGA tables). */
static const uint8_t crtc_80x400[CRTC_COUNT] = {
    0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00,
    0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF,
};
static const uint8_t crtc_80x350[CRTC_COUNT] = {
    0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4D, 0x0B, 0x0C, 0x00,
    0x00, 0x00, 0x00, 0x83, 0x85, 0x5D, 0x28, 0x1F, 0x63, 0xBA, 0xA3, 0xFF,
};
static const uint8_t crtc_40x400[CRTC_COUNT] = {
    0x2D, 0x27, 0x28, 0x90, 0x2B, 0xA0, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00,
    0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x14, 0x1F, 0x96, 0xB9, 0xA3, 0xFF,
};
static const uint8_t atc_color[21] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A,
    0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00,
};
static const uint8_t atc_mono[21] = {
    0x00, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x10, 0x18, 0x18,
    0x18, 0x18, 0x18, 0x18, 0x18, 0x0E, 0x00, 0x0F, 0x08, 0x00,
};
static const uint8_t gc_text[9] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF};

static unsigned vga_v_value(const struct vga *v, uint8_t low, int bit8, int bit9)
{
    uint8_t ovf = v->crtc[CRTC_OVERFLOW];
    return low | ((ovf >> bit8) & 1u) << 8 | ((ovf >> bit9) & 1u) << 9;
}

unsigned vga_scan_lines(const struct machine *m)
{
    return vga_v_value(m->vga, m->vga->crtc[CRTC_V_DISP_END], 1, 6) + 1;
}

/* The DAC's colour for an index (through the PEL mask) as 0xFFRRGGBB. */
static uint32_t vga_rgb(const struct vga *v, uint8_t index)
{
    const uint8_t *c = v->dac[index & v->pel_mask];

    return 0xFF000000u | (uint32_t)(c[0] * 255 / 63) << 16 | (uint32_t)(c[1] * 255 / 63) << 8 |
           (uint32_t)(c[2] * 255 / 63);
}

/* The DAC index the attribute controller makes of a 4-bit colour: its palette
 * register, with the colour select register's bits 7-6 (and 5-4 when 10h bit 7 says). */
static uint8_t vga_atc_colour(const struct vga *v, unsigned colour)
{
    uint8_t p = v->atc[colour & 15], cs = v->atc[0x14];

    p = v->atc[0x10] & 0x80 ? (uint8_t)((p & 0x0F) | (cs & 0x03) << 4) : (uint8_t)(p & 0x3F);
    return (uint8_t)(p | (cs & 0x0C) << 4);
}

/* Lines the CRTC displays, and whether each is shown twice (max scan line bit 7). */
static unsigned vga_displayed_lines(const struct vga *v, bool *double_scan)
{
    *double_scan = (v->crtc[CRTC_MAX_SCAN] & 0x80) != 0;
    return vga_v_value(v, v->crtc[CRTC_V_DISP_END], 1, 6) + 1;
}

static void vga_font_maps(const struct vga *v, unsigned *a, unsigned *b)
{
    uint8_t s = v->seq[3];

    *a = ((s >> 2) & 3) | ((s >> 3) & 4);
    *b = (s & 3) | ((s >> 2) & 4);
}

static void vga_capture_text(const struct machine *m, const struct vga *v, struct display_frame *f)
{
    static const uint32_t windows[4] = {0xA0000, 0xA0000, 0xB0000, 0xB8000};
    static const uint16_t masks[4] = {0x7FFF, 0x7FFF, 0x3FFF, 0x3FFF};
    unsigned map = (v->gc[6] >> 2) & 3, font_a, font_b;
    uint32_t window = windows[map];
    uint16_t mask = masks[map];
    unsigned lines = vga_displayed_lines(v, &f->double_scan);
    unsigned height = (v->crtc[CRTC_MAX_SCAN] & 0x1F) + 1u;
    unsigned cols = v->crtc[CRTC_H_DISP_END] + 1u;
    unsigned rows = lines / (height * (f->double_scan ? 2u : 1u));
    unsigned start = (unsigned)(v->crtc[CRTC_START_HI] << 8 | v->crtc[CRTC_START_LO]);
    unsigned stride = v->crtc[CRTC_OFFSET] * 2u;
    unsigned cursor = (unsigned)(v->crtc[CRTC_CURSOR_HI] << 8 | v->crtc[CRTC_CURSOR_LO]);

    if (cols > DISPLAY_MAX_CELLS)
        cols = 80;
    if (rows < 1)
        rows = 1;
    if (rows * cols > DISPLAY_MAX_CELLS)
        rows = DISPLAY_MAX_CELLS / cols;
    if (!stride)
        stride = cols;
    f->kind = DISPLAY_TEXT;
    f->cols = (uint16_t)cols;
    f->rows = (uint16_t)rows;
    f->cell_h = (uint8_t)height;
    f->cell_w = v->seq[1] & 0x01 ? 8 : 9;
    f->wide_dots = (v->seq[1] & 0x08) != 0;
    f->line_graphics = (v->atc[0x10] & 0x04) != 0;
    f->mono = (v->atc[0x10] & 0x02) != 0;
    f->blink = (v->atc[0x10] & 0x08) != 0;
    f->scanlines = (uint16_t)(rows * height * (f->double_scan ? 2u : 1u));
    f->cursor_start = v->crtc[CRTC_CURSOR_START] & 0x1F;
    f->cursor_end = v->crtc[CRTC_CURSOR_END] & 0x1F;
    f->cursor_visible = false;
    f->cursor_row = f->cursor_col = 0;
    if (cursor >= start) {
        unsigned off = cursor - start;
        f->cursor_row = (uint16_t)(off / stride);
        f->cursor_col = (uint16_t)(off % stride);
        f->cursor_visible = !(v->crtc[CRTC_CURSOR_START] & 0x20) && f->cursor_row < rows &&
                            f->cursor_col < cols && f->cursor_start <= f->cursor_end &&
                            f->cursor_start < height;
    }
    for (unsigned r = 0; r < rows; r++)
        for (unsigned c = 0; c < cols; c++) {
            uint32_t cell = window + ((start + r * stride + c) & mask) * 2u;
            f->cells[r * cols + c] = (uint16_t)(m->mem.ram[cell] | m->mem.ram[cell + 1] << 8);
        }
    for (unsigned i = 0; i < 16; i++)
        f->palette[i] = vga_rgb(v, vga_atc_colour(v, i));
    vga_font_maps(v, &font_a, &font_b);
    f->font_gen = v->font_gen;
    memcpy(f->fonts[0], v->font[font_b], sizeof(f->fonts[0]));
    memcpy(f->fonts[1], v->font[font_a], sizeof(f->fonts[1]));
}

/* The graphics layouts drawn: the CGA's interleaved 2 and 1 bits a pixel at B8000
 * (modes 04h-06h) and chain-4's byte a pixel at A0000 (13h). Planar layouts (0Dh-12h,
 * unchained 256 colours) are not: their memory is not plain RAM. */
static void vga_capture_graphics(const struct machine *m, const struct vga *v,
                                 struct display_frame *f)
{
    bool dbl;
    unsigned lines = vga_displayed_lines(v, &dbl), map = (v->gc[6] >> 2) & 3;
    unsigned start = (unsigned)(v->crtc[CRTC_START_HI] << 8 | v->crtc[CRTC_START_LO]);
    unsigned chars = v->crtc[CRTC_H_DISP_END] + 1u, w, h;
    const uint8_t *ram = m->mem.ram;

    f->kind = DISPLAY_UNSUPPORTED;
    f->width = f->height = 0;
    f->scanlines = (uint16_t)lines;
    if (v->gc[5] & 0x40) { /* 256 colours */
        if (!(v->seq[4] & 0x08))
            return;
        w = chars * 4;
        h = lines / ((v->crtc[CRTC_MAX_SCAN] & 0x1F) + 1u) / (dbl ? 2 : 1);
        if (w > DISPLAY_MAX_WIDTH || h > DISPLAY_MAX_HEIGHT || !h)
            return;
        for (unsigned y = 0; y < h; y++)
            for (unsigned x = 0; x < w; x++)
                f->pixels[y * w + x] =
                    ram[0xA0000 + ((start * 4 + y * v->crtc[CRTC_OFFSET] * 8u + x) & 0xFFFF)];
        for (unsigned i = 0; i < 256; i++)
            f->palette[i] = vga_rgb(v, (uint8_t)i);
    } else if (map == 3 && (v->gc[6] & 0x01)) { /* CGA: even lines, then odd at +8 KiB */
        bool two_bits = v->gc[5] & 0x20;
        unsigned stride;
        w = chars * 8; /* a character clock is 8 pixels: at half the dot clock in 04h */
        h = lines / (dbl ? 2 : 1);
        stride = w * (two_bits ? 2 : 1) / 8;
        if (w > DISPLAY_MAX_WIDTH || h > DISPLAY_MAX_HEIGHT || !h)
            return;
        for (unsigned y = 0; y < h; y++) {
            uint32_t line =
                0xB8000 + (y & 1) * 0x2000u + ((start * 2 + (y >> 1) * stride) & 0x1FFF);
            for (unsigned x = 0; x < w; x++) {
                uint8_t b = ram[line + (two_bits ? x / 4 : x / 8)];
                f->pixels[y * w + x] = two_bits ? (uint8_t)((b >> (6 - 2 * (x & 3))) & 3)
                                                : (uint8_t)((b >> (7 - (x & 7))) & 1);
            }
        }
        for (unsigned i = 0; i < 16; i++)
            f->palette[i] = vga_rgb(v, vga_atc_colour(v, i));
    } else {
        return;
    }
    f->kind = DISPLAY_GRAPHICS;
    f->width = (uint16_t)w;
    f->height = (uint16_t)h;
    f->double_scan = dbl;
}

void vga_capture(const struct machine *m, struct display_frame *f)
{
    const struct vga *v = m->vga;

    f->phase = display_blink_phase(machine_now_ns());
    if (v->atc[0x10] & 0x01)
        vga_capture_graphics(m, v, f);
    else
        vga_capture_text(m, v, f);
}

void vga_font_load(struct machine *m, unsigned block, unsigned first, unsigned count,
                   unsigned height, const uint8_t *glyphs)
{
    struct vga *v = m->vga;

    if (height > DISPLAY_FONT_LINES)
        height = DISPLAY_FONT_LINES;
    for (unsigned i = 0; i < count && first + i < 256; i++)
        memcpy(v->font[block % VGA_FONT_MAPS][first + i], glyphs + (size_t)i * height, height);
    v->font_gen++;
}

/* Input status 1 from the CRTC timing at host time `now`: bit 0 while the display is
 * not showing pixels (horizontal or vertical blanking), bit 3 from the vertical retrace
 * on. *frame numbers the frame `now` is in (a frame ends with its retrace), *change is
 * when bit 3 changes next. */
static uint8_t vga_status1(const struct vga *v, uint64_t now, uint64_t *frame, uint64_t *change)
{
    unsigned char_w = (v->seq[1] & 0x01) ? 8 : 9;
    unsigned htotal = (v->crtc[CRTC_H_TOTAL] + 5u) * char_w;
    unsigned hdisp = (v->crtc[CRTC_H_DISP_END] + 1u) * char_w;
    unsigned vtotal = vga_v_value(v, v->crtc[CRTC_V_TOTAL], 0, 5) + 2;
    unsigned vdisp = vga_v_value(v, v->crtc[CRTC_V_DISP_END], 1, 6) + 1;
    unsigned vrs = vga_v_value(v, v->crtc[CRTC_V_RETRACE_START], 2, 7);
    unsigned vre = v->crtc[CRTC_V_RETRACE_END] & 0x0F;
    uint64_t dot_hz = (v->misc & 0x0C) == 0x04 ? 28322000u : 25175000u;
    uint64_t line_ns, frame_ns, t;
    unsigned line, in_line;
    uint8_t st = 0;

    if (v->seq[1] & 0x08)
        dot_hz /= 2;
    if (htotal < 64 || hdisp >= htotal || vtotal < 100 || vdisp > vtotal || vrs >= vtotal) {
        htotal = 900; /* unusable timing: a 70 Hz text mode's */
        hdisp = 720;
        vtotal = 449;
        vdisp = 400;
        vrs = 412;
        vre = 14;
        dot_hz = 28322000u;
    }
    line_ns = (uint64_t)htotal * 1000000000u / dot_hz;
    frame_ns = line_ns * vtotal;
    t = now % frame_ns;
    *frame = now / frame_ns;
    line = (unsigned)(t / line_ns);
    in_line = (unsigned)((t % line_ns) * htotal / line_ns);
    if (line >= vdisp || in_line >= hdisp)
        st |= 0x01;
    /* The retrace pulse itself lasts two lines (64 us); a guest under KVM needs about
     * 10 us per IN, and a loaded host can stall it longer, so bit 3 stays set from
     * the pulse to the end of the frame (about 1.2 ms): the rate stays 70 Hz and a
     * wait-for-retrace loop does not miss frames. */
    (void)vre;
    if (line >= vrs)
        st |= 0x08;
    *change = now + (line >= vrs ? frame_ns - t : vrs * line_ns - t);
    return st;
}

/* A read of input status 1, which programs poll to wait for the vertical retrace: one
 * whose retrace bit did not change since the last read is an empty poll, answered anew
 * after any nap (until the bit's next change at the latest). Bit 0 follows every
 * scan line and is not waited on here: a program that waits for the horizontal retrace
 * (CGA snow avoidance, which a VGA does not need) polls like a vertical wait and would
 * nap, so polls only count between VGA register writes (see vga_write).
 *
 * A retrace the program could not see, because the host ran it too late (a nap's wake-
 * up, a loaded host, KVM's emulator), comes late instead: a read in display time of a
 * later frame than the last read, which saw display time, finds bit 3 set once. So a
 * wait-for-retrace loop counts every frame, as late ticks are still delivered. */
static uint8_t vga_status1_seen(const struct vga *v, uint64_t *frame, uint64_t *change)
{
    uint8_t st = vga_status1(v, machine_now_ns(), frame, change);

    if (!(st & 0x08) && !(v->last_status1 & 0x08) && *frame > v->last_frame)
        st |= 0x09; /* the missed retrace (the display is off in it) */
    return st;
}

static uint8_t vga_status1_poll(struct machine *m, struct vga *v)
{
    uint64_t frame, change;
    uint8_t st = vga_status1_seen(v, &frame, &change);

    if ((st ^ v->last_status1) & 0x08) {
        machine_poll_hit(m);
    } else {
        machine_poll_empty_until(m, change);
        st = vga_status1_seen(v, &frame, &change);
    }
    v->last_status1 = st;
    v->last_frame = frame;
    return st;
}

static uint8_t vga_read(void *ctx, uint16_t port)
{
    struct machine *m = ctx;
    struct vga *v = m->vga;

    switch (port) {
    case 0x3B4:
    case 0x3D4: return v->crtc_index;
    case 0x3B5:
    case 0x3D5: return v->crtc_index < CRTC_COUNT ? v->crtc[v->crtc_index] : 0xFF;
    case 0x3BA:
    case 0x3DA: v->atc_data_next = false; return vga_status1_poll(m, v);
    case 0x3C0: return v->atc_index;
    case 0x3C1: return (v->atc_index & 0x1F) < 21 ? v->atc[v->atc_index & 0x1F] : 0;
    case 0x3C2: return 0x10; /* input status 0: switch sense */
    case 0x3C4: return v->seq_index;
    case 0x3C5: return v->seq_index < 5 ? v->seq[v->seq_index] : 0xFF;
    case 0x3C6: return v->pel_mask;
    case 0x3C7: return v->dac_reading ? 0x03 : 0x00;
    case 0x3C8: return v->dac_write;
    case 0x3C9: {
        uint8_t c = v->dac[v->dac_read][v->dac_comp];
        if (++v->dac_comp == 3) {
            v->dac_comp = 0;
            v->dac_read++;
        }
        return c;
    }
    case 0x3CA: return v->feature;
    case 0x3D9: return v->cga_color;
    case 0x3CC: return v->misc;
    case 0x3CE: return v->gc_index;
    case 0x3CF: return v->gc_index < 9 ? v->gc[v->gc_index] : 0xFF;
    default: return 0xFF;
    }
}

void vga_crtc_set(struct machine *m, uint8_t index, uint8_t value)
{
    struct vga *v = m->vga;

    if (index >= CRTC_COUNT)
        return;
    /* Register 11h bit 7 protects 0-7, except the line compare bit in 7. */
    if (index <= 7 && (v->crtc[CRTC_V_RETRACE_END] & 0x80)) {
        if (index != CRTC_OVERFLOW)
            return;
        value = (uint8_t)((v->crtc[7] & ~0x10) | (value & 0x10));
    }
    v->crtc[index] = value;
}

uint8_t vga_crtc_get(const struct machine *m, uint8_t index)
{
    return index < CRTC_COUNT ? m->vga->crtc[index] : 0xFF;
}

void vga_seq_set(struct machine *m, uint8_t index, uint8_t value)
{
    struct vga *v = m->vga;

    if (index >= 5)
        return;
    if (index == 3 && v->seq[3] != value)
        v->font_gen++; /* other glyphs shown */
    v->seq[index] = value;
}

uint8_t vga_seq_get(const struct machine *m, uint8_t index)
{
    return index < 5 ? m->vga->seq[index] : 0xFF;
}

uint8_t vga_atc_get(const struct machine *m, uint8_t index)
{
    return index < 21 ? m->vga->atc[index] : 0;
}

void vga_atc_set(struct machine *m, uint8_t index, uint8_t value)
{
    if (index < 21)
        m->vga->atc[index] = value;
}

uint8_t vga_pel_mask_get(const struct machine *m)
{
    return m->vga->pel_mask;
}

void vga_pel_mask_set(struct machine *m, uint8_t mask)
{
    m->vga->pel_mask = mask;
}

void vga_dac_get(const struct machine *m, uint8_t index, uint8_t rgb[3])
{
    memcpy(rgb, m->vga->dac[index], 3);
}

void vga_dac_set(struct machine *m, uint8_t index, const uint8_t rgb[3])
{
    for (int i = 0; i < 3; i++)
        m->vga->dac[index][i] = rgb[i] & 0x3F;
}

/* The EGA's rgbRGB in the first 64 entries: primary bits count 2/3, secondary 1/3. */
static void vga_dac_default_colour(struct vga *v)
{
    memset(v->dac, 0, sizeof(v->dac));
    for (unsigned i = 0; i < 64; i++) {
        v->dac[i][0] = (uint8_t)(((i >> 2) & 1) * 42 + ((i >> 5) & 1) * 21);
        v->dac[i][1] = (uint8_t)(((i >> 1) & 1) * 42 + ((i >> 4) & 1) * 21);
        v->dac[i][2] = (uint8_t)((i & 1) * 42 + ((i >> 3) & 1) * 21);
    }
}

void vga_dac_default(struct machine *m, bool mono)
{
    struct vga *v = m->vga;

    vga_dac_default_colour(v);
    for (unsigned i = 0; mono && i < 64; i++) {
        uint8_t g = (uint8_t)(((i >> 3) & 1) * 42 + ((i >> 4) & 1) * 21);
        v->dac[i][0] = v->dac[i][1] = v->dac[i][2] = g;
    }
    v->pel_mask = 0xFF;
}

static void vga_write(void *ctx, uint16_t port, uint8_t value)
{
    struct machine *m = ctx;
    struct vga *v = m->vga;

    /* Programming the VGA is work, not waiting: a palette set-up that reads 3DAh
     * before each attribute write (to reset the flip-flop) is no retrace wait. */
    machine_poll_busy(m);
    switch (port) {
    case 0x3B4:
    case 0x3D4: v->crtc_index = value & 0x3F; break;
    case 0x3B5:
    case 0x3D5: vga_crtc_set(m, v->crtc_index, value); break;
    case 0x3BA:
    case 0x3DA: v->feature = value; break;
    case 0x3C0:
        if (!v->atc_data_next)
            v->atc_index = value & 0x3F;
        else
            vga_atc_set(m, v->atc_index & 0x1F, value);
        v->atc_data_next = !v->atc_data_next;
        break;
    case 0x3C2: v->misc = value; break;
    case 0x3D9: vga_cga_color_set(m, value); break;
    case 0x3C4: v->seq_index = value & 7; break;
    case 0x3C5:
        if (v->seq_index < 5)
            vga_seq_set(m, v->seq_index, value);
        break;
    case 0x3C6: v->pel_mask = value; break;
    case 0x3C7:
        v->dac_read = value;
        v->dac_comp = 0;
        v->dac_reading = true;
        break;
    case 0x3C8:
        v->dac_write = value;
        v->dac_comp = 0;
        v->dac_reading = false;
        break;
    case 0x3C9:
        v->dac[v->dac_write][v->dac_comp] = value & 0x3F;
        if (++v->dac_comp == 3) {
            v->dac_comp = 0;
            v->dac_write++;
        }
        break;
    case 0x3CE: v->gc_index = value & 0x0F; break;
    case 0x3CF:
        if (v->gc_index < 9)
            v->gc[v->gc_index] = value;
        break;
    default: break;
    }
}

void vga_set_text_mode(struct machine *m, unsigned cols, bool mono, enum vga_lines lines)
{
    struct vga *v = m->vga;
    static const uint8_t seq80[5] = {0x03, 0x00, 0x03, 0x00, 0x02};
    static const uint8_t seq40[5] = {0x03, 0x08, 0x03, 0x00, 0x02};

    memcpy(v->crtc, lines == VGA_LINES_350 ? crtc_80x350 : crtc_80x400, CRTC_COUNT);
    if (cols == 40) {
        memcpy(v->crtc, crtc_40x400, 8); /* the horizontal timing */
        v->crtc[CRTC_OFFSET] = 0x14;
    }
    if (lines == VGA_LINES_200) {
        v->crtc[CRTC_MAX_SCAN] = 0xC7; /* 8-line cells, each line shown twice */
        v->crtc[CRTC_CURSOR_START] = 0x06;
        v->crtc[CRTC_CURSOR_END] = 0x07;
    }
    if (mono) {
        v->crtc[CRTC_CURSOR_START] = lines == VGA_LINES_400 ? 0x0D : 0x0B;
        v->crtc[CRTC_CURSOR_END] = lines == VGA_LINES_400 ? 0x0E : 0x0C;
    }
    memcpy(v->seq, cols == 40 ? seq40 : seq80, 5);
    memcpy(v->gc, gc_text, 9);
    if (mono)
        v->gc[6] = 0x0A; /* B0000, odd/even */
    memcpy(v->atc, mono ? atc_mono : atc_color, 21);
    v->misc = (uint8_t)((lines == VGA_LINES_350 ? 0xA3 : 0x67) & (mono ? 0xFE : 0xFF));
    v->lines = lines;
    vga_dac_default(m, mono);
}

/* The DAC of the 200-line modes (04h-06h): CGA colours, bit 4 the intensity, brown. */
static void vga_dac_cga(struct vga *v)
{
    memset(v->dac, 0, sizeof(v->dac));
    for (unsigned i = 0; i < 64; i++) {
        uint8_t hi = (i >> 4) & 1 ? 21 : 0;
        v->dac[i][0] = (uint8_t)(((i >> 2) & 1) * 42 + hi);
        v->dac[i][1] = (uint8_t)(((i >> 1) & 1) * 42 + hi);
        v->dac[i][2] = (uint8_t)((i & 1) * 42 + hi);
        if ((i & 0x17) == 0x06)
            v->dac[i][1] = 21; /* brown, not dark yellow */
    }
}

/* The VGA BIOS's 256-colour palette (mode 13h): the 16 colours, 16 greys, then nine
 * wheels of 24 hues (three saturations at three intensities), then black. */
static void vga_dac_256(struct vga *v)
{
    static const uint8_t greys[16] = {0, 5, 8, 11, 14, 17, 20, 24, 28, 32, 36, 40, 45, 50, 56, 63};
    static const uint8_t levels[9][5] = {
        {0x00, 0x10, 0x1F, 0x2F, 0x3F}, {0x1F, 0x27, 0x2F, 0x37, 0x3F},
        {0x2D, 0x31, 0x36, 0x3A, 0x3F}, {0x00, 0x07, 0x0E, 0x15, 0x1C},
        {0x0E, 0x11, 0x15, 0x18, 0x1C}, {0x14, 0x16, 0x18, 0x1A, 0x1C},
        {0x00, 0x04, 0x08, 0x0C, 0x10}, {0x08, 0x0A, 0x0C, 0x0E, 0x10},
        {0x0B, 0x0C, 0x0D, 0x0F, 0x10},
    };
    unsigned n = 32;

    vga_dac_cga(v);
    for (unsigned i = 0; i < 16; i++)
        memcpy(v->dac[i], v->dac[(i & 7) | (i & 8) << 1], 3);
    for (unsigned i = 0; i < 16; i++)
        v->dac[16 + i][0] = v->dac[16 + i][1] = v->dac[16 + i][2] = greys[i];
    for (unsigned w = 0; w < 9; w++) {
        const uint8_t *l = levels[w];
        /* Blue to magenta to red to yellow to green to cyan and back to blue. */
        int rgb[3] = {0, 0, 4};
        static const signed char steps[6][2] = {{0, +1}, {2, -1}, {1, +1},
                                                {0, -1}, {2, +1}, {1, -1}};
        for (unsigned s = 0; s < 6; s++) {
            unsigned count = s == 0 ? 5 : s == 5 ? 3 : 4;
            for (unsigned k = 0; k < count; k++) {
                if (s || k)
                    rgb[steps[s][0]] += steps[s][1];
                v->dac[n][0] = l[rgb[0]];
                v->dac[n][1] = l[rgb[1]];
                v->dac[n][2] = l[rgb[2]];
                n++;
            }
        }
    }
    for (; n < 256; n++)
        v->dac[n][0] = v->dac[n][1] = v->dac[n][2] = 0;
}

void vga_set_graphics_mode(struct machine *m, uint8_t mode)
{
    static const uint8_t crtc_cga[CRTC_COUNT] = {
        0x2D, 0x27, 0x28, 0x90, 0x2B, 0x80, 0xBF, 0x1F, 0x00, 0xC1, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x14, 0x00, 0x96, 0xB9, 0xA2, 0xFF,
    };
    static const uint8_t crtc_640[CRTC_COUNT] = {
        0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0xC1, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x00, 0x96, 0xB9, 0xC2, 0xFF,
    };
    static const uint8_t seq_cga[5] = {0x03, 0x09, 0x03, 0x00, 0x02};
    static const uint8_t seq_640[5] = {0x03, 0x01, 0x01, 0x00, 0x06};
    static const uint8_t seq_256[5] = {0x03, 0x01, 0x0F, 0x00, 0x0E};
    static const uint8_t seq_planar[5] = {0x03, 0x01, 0x0F, 0x00, 0x06};
    static const uint8_t gc_cga[9] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x0F, 0x00, 0xFF};
    static const uint8_t gc_640[9] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0D, 0x00, 0xFF};
    static const uint8_t gc_256[9] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF};
    static const uint8_t gc_planar[9] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF};
    struct vga *v = m->vga;

    memcpy(v->crtc, mode == 0x06 ? crtc_640 : crtc_cga, CRTC_COUNT);
    v->misc = 0x63;
    memset(v->atc, 0, sizeof(v->atc));
    v->atc[0x10] = 0x01; /* graphics */
    v->atc[0x12] = 0x0F;
    v->lines = VGA_LINES_200;
    switch (mode) {
    case 0x04:
    case 0x05:
        memcpy(v->seq, seq_cga, 5);
        memcpy(v->gc, gc_cga, 9);
        v->atc[0x12] = 0x03;
        vga_dac_cga(v);
        vga_cga_color_set(m, 0x30); /* palette 1, bright */
        return;
    case 0x06:
        memcpy(v->seq, seq_640, 5);
        memcpy(v->gc, gc_640, 9);
        v->atc[0x12] = 0x01;
        vga_dac_cga(v);
        vga_cga_color_set(m, 0x0F); /* white on black */
        return;
    case 0x13:
        memcpy(v->crtc, crtc_640, CRTC_COUNT);
        v->crtc[CRTC_MAX_SCAN] = 0x41;
        v->crtc[0x14] = 0x40; /* doubleword addresses */
        v->crtc[0x17] = 0xA3;
        memcpy(v->seq, seq_256, 5);
        memcpy(v->gc, gc_256, 9);
        for (unsigned i = 0; i < 16; i++)
            v->atc[i] = (uint8_t)i;
        v->atc[0x10] = 0x41;
        vga_dac_256(v);
        v->pel_mask = 0xFF;
        return;
    default: /* planar EGA/VGA modes: programmed, not drawn */
        memcpy(v->crtc, crtc_640, CRTC_COUNT);
        v->crtc[CRTC_MAX_SCAN] = 0x40;
        v->crtc[0x17] = 0xE3;
        memcpy(v->seq, seq_planar, 5);
        memcpy(v->gc, gc_planar, 9);
        for (unsigned i = 0; i < 16; i++)
            v->atc[i] = (uint8_t)(i < 8 ? i : i + 0x30);
        v->atc[0x06] = 0x14;
        vga_dac_default(m, false);
        return;
    }
}

/* 3D9h: bits 0-3 the background (320x200) or foreground (640x200) colour, bit 4 the
 * bright foreground set, bit 5 the palette (cyan/magenta/white, else green/red/brown);
 * a VGA puts them in the attribute palette. */
void vga_cga_color_set(struct machine *m, uint8_t value)
{
    struct vga *v = m->vga;
    uint8_t colour = (uint8_t)((value & 7) | (value & 8) << 1);

    v->cga_color = value;
    if (!(v->atc[0x10] & 0x01) || (v->gc[5] & 0x40))
        return; /* text or 256 colours: only the border, which is not shown */
    if (!(v->gc[5] & 0x20)) {
        v->atc[1] = colour;
        return;
    }
    v->atc[0] = colour;
    for (unsigned i = 1; i < 4; i++)
        v->atc[i] = (uint8_t)(2 * i + (value & 0x20 ? 1 : 0) + (value & 0x10 ? 0x10 : 0));
}

unsigned vga_set_char_height(struct machine *m, unsigned height)
{
    struct vga *v = m->vga;
    unsigned lines = v->lines == VGA_LINES_350 ? 350 : 400, rows, vde;

    if (height < 1 || height > 32)
        return 0;
    rows = lines / height;
    vde = rows * height - 1;
    v->crtc[CRTC_MAX_SCAN] = (uint8_t)((v->crtc[CRTC_MAX_SCAN] & 0xE0) | (height - 1));
    v->crtc[CRTC_MAX_SCAN] &= 0x7F; /* no double scan with a loaded font */
    v->crtc[CRTC_V_DISP_END] = (uint8_t)vde;
    v->crtc[CRTC_OVERFLOW] =
        (uint8_t)((v->crtc[CRTC_OVERFLOW] & ~0x42) | ((vde >> 8) & 1) << 1 | ((vde >> 9) & 1) << 6);
    v->crtc[CRTC_CURSOR_START] = (uint8_t)(height > 8 ? height - 3 : height - 2);
    v->crtc[CRTC_CURSOR_END] = (uint8_t)(height > 8 ? height - 2 : height - 1);
    return rows;
}

static int vga_init(struct machine *m)
{
    static const struct {
        uint16_t base, count;
    } ranges[] = {{0x3B4, 2}, {0x3BA, 1}, {0x3C0, 16}, {0x3D4, 2}, {0x3D9, 2}};
    int rc = 0;

    m->vga = calloc(1, sizeof(*m->vga));
    if (!m->vga)
        return -ENOMEM;
    for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]) && !rc; i++)
        rc =
            ioport_register(&m->io, "VGA", ranges[i].base, ranges[i].count, vga_read, vga_write, m);
    if (rc) {
        free(m->vga);
        m->vga = NULL;
        return rc;
    }
    vga_set_text_mode(m, 80, false, VGA_LINES_400);
    return 0;
}

static void vga_fini(struct machine *m)
{
    free(m->vga);
    m->vga = NULL;
}

const struct device_desc vga_dev = {
    .name = "VGA",
    .init = vga_init,
    .fini = vga_fini,
};
