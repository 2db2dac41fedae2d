/* The headless frontend: no window; the machine runs on the calling thread and the
 * console is the host's stdin, stdout and stderr (see src/dos/console.c). At exit it
 * can still render the screen into a PNG (--screenshot), off-screen. */
#include <stdio.h>
#include <stdlib.h>

#include "hw/vga.h"
#include "ui/ui.h"

struct frontend {
    const struct machine_config *cfg;
    const struct ui_sdl_module *png; /* loaded only for --screenshot */
};

static int headless_create(struct frontend **out, const struct machine_config *cfg, char *err,
                           size_t errlen)
{
    const struct ui_sdl_module *png = NULL;
    struct frontend *ui;
    char why[400];

    if (cfg->screenshot && !ui_have_window()) {
        snprintf(err, errlen,
                 "this hvdos was built without SDL2, so it cannot write "
                 "--screenshot (use --dump-screen for the text)");
        return -1;
    }
    /* Before the machine runs, so a screenshot that cannot be written is known now. */
    if (cfg->screenshot && !(png = ui_sdl_module_load(why, sizeof(why)))) {
        snprintf(err, errlen, "cannot write --screenshot: %s", why);
        return -1;
    }
    ui = calloc(1, sizeof(*ui));
    if (!ui) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ui->cfg = cfg;
    ui->png = png;
    *out = ui;
    return 0;
}

static int headless_run(struct frontend *ui, struct machine *m)
{
    int status = machine_run(m);

    if (ui->png) {
        struct display_frame *s = malloc(sizeof(*s));
        char err[512];

        /* The machine has stopped on this thread: its memory is ours to read. */
        if (!s) {
            log_error(&m->log, "cannot write the screenshot: out of memory");
            return status ? status : 1;
        }
        vga_capture(m, s);
        s->phase = DISPLAY_PHASE_SHOWN;
        if (ui->png->screenshot_write(s, ui->cfg->screenshot, err, sizeof(err))) {
            log_error(&m->log, "%s", err);
            if (!status)
                status = 1;
        }
        free(s);
    }
    return status;
}

static void headless_destroy(struct frontend *ui)
{
    free(ui);
}

const struct frontend_ops ui_headless_ops = {
    .name = "headless",
    .create = headless_create,
    .run = headless_run,
    .destroy = headless_destroy,
};
