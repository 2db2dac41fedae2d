/* The headless frontend: no window; the machine runs on the calling thread and the
 * console is the host's stdin, stdout and stderr (see src/dos/console.c). */
#include <stdlib.h>

#include "ui/ui.h"

struct frontend {
    struct machine *m;
};

static int headless_create(struct frontend **out, struct machine *m, char *err, size_t errlen)
{
    struct frontend *ui = calloc(1, sizeof(*ui));

    if (!ui) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ui->m = m;
    *out = ui;
    return 0;
}

static int headless_run(struct frontend *ui)
{
    return machine_run(ui->m);
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
