/* Screenshots: the composed picture written as a PNG with libpng. */
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/sdl.h"

int ui_png_write(const char *path, const uint32_t *argb, int w, int h, char *err, size_t errlen)
{
    png_image img;
    uint8_t *rgb = malloc((size_t)w * (size_t)h * 3);
    FILE *f;
    int rc = 0;

    if (!rgb) {
        snprintf(err, errlen, "cannot write the screenshot %s: out of memory", path);
        return -ENOMEM;
    }
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
        rgb[3 * i] = (uint8_t)(argb[i] >> 16);
        rgb[3 * i + 1] = (uint8_t)(argb[i] >> 8);
        rgb[3 * i + 2] = (uint8_t)argb[i];
    }
    f = fopen(path, "wb");
    if (!f) {
        rc = -errno;
        snprintf(err, errlen, "cannot write the screenshot %s: %s", path, strerror(errno));
        free(rgb);
        return rc;
    }
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)w;
    img.height = (png_uint_32)h;
    img.format = PNG_FORMAT_RGB;
    if (!png_image_write_to_stdio(&img, f, 0, rgb, 0, NULL)) {
        snprintf(err, errlen, "cannot write the screenshot %s: %s", path, img.message);
        rc = -EIO;
    }
    if (fclose(f) && !rc) {
        rc = -errno;
        snprintf(err, errlen, "cannot write the screenshot %s: %s", path, strerror(errno));
    }
    if (rc)
        remove(path); /* no half-written image left behind */
    free(rgb);
    return rc;
}

int ui_screenshot_write(const struct display_frame *s, const char *path, char *err, size_t errlen)
{
    struct ui_text *t = malloc(sizeof(*t));
    int rc;

    if (!t) {
        snprintf(err, errlen, "cannot write the screenshot %s: out of memory", path);
        return -ENOMEM;
    }
    ui_text_init(t);
    ui_text_compose(t, s, DISPLAY_PHASE_SHOWN);
    rc = ui_png_write(path, t->fb, t->w, t->h, err, errlen);
    ui_text_fini(t);
    free(t);
    return rc;
}
