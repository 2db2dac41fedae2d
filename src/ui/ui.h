/* Frontends: what shows the machine and feeds it input. The window runs the machine on
 * a vCPU thread and owns the main thread; headless runs it on the main thread. */
#ifndef HVDOS_UI_H
#define HVDOS_UI_H

#include <stddef.h>

#include "machine/machine.h"

struct frontend;

struct frontend_ops {
    const char *name;
    /* Returns 0, or -1 with a one-line reason in err. */
    int (*create)(struct frontend **out, struct machine *m, char *err, size_t errlen);
    /* Runs the machine until the program ends; returns hvdos's exit status. */
    int (*run)(struct frontend *ui);
    void (*destroy)(struct frontend *ui);
};

extern const struct frontend_ops ui_headless_ops;

#endif
