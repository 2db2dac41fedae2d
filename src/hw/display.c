/* What every consumer of a display_frame shares: the blink phases and the frame's text
 * as UTF-8. */
#include "hw/display.h"

#include <stdlib.h>

#include "bios/bios.h"

unsigned display_blink_phase(uint64_t ns)
{
    uint64_t frames = ns / 1000000u * 70 / 1000;
    unsigned phase = 0;

    if (frames / 8 % 2 == 0)
        phase |= DISPLAY_PHASE_CURSOR;
    if (frames / 16 % 2 == 0)
        phase |= DISPLAY_PHASE_TEXT;
    return phase;
}

int display_char_utf8(uint8_t ch, char out[4])
{
    return utf8_encode(ch ? cp437_to_unicode(ch) : ' ', out);
}

char *display_frame_text(const struct display_frame *f, bool trim)
{
    unsigned rows = f->kind == DISPLAY_TEXT ? f->rows : 0;
    char *out = malloc((size_t)rows * ((size_t)f->cols * 3 + 1) + 1), *p = out, *line_end;

    if (!out)
        return NULL;
    for (unsigned r = 0; r < rows; r++) {
        line_end = p;
        for (unsigned c = 0; c < f->cols; c++) {
            uint8_t ch = (uint8_t)f->cells[r * f->cols + c];
            p += display_char_utf8(ch, p);
            if (!trim || (ch != ' ' && ch != 0 && ch != 0xFF))
                line_end = p;
        }
        p = line_end;
        *p++ = '\n';
    }
    /* No blank lines at the end either. */
    while (trim && p > out && p[-1] == '\n' && (p - 1 == out || p[-2] == '\n'))
        p--;
    *p = 0;
    return out;
}
