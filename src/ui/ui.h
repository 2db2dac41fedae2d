/* Frontends: what shows the machine and feeds it input. The window runs the machine on
 * a vCPU thread and owns the main thread; headless runs it on the main thread. The
 * screen reaches the UI thread through ui_frames: the vCPU thread captures it, the UI
 * thread never reads guest memory. */
#ifndef HVDOS_UI_H
#define HVDOS_UI_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/machine.h"
#include "hw/display.h"

struct frontend;

struct frontend_ops {
    const char *name;
    /* Sets the frontend up before the machine exists, so that a window that cannot
     * open is known before the machine chooses its console. Returns 0, or -1 with a
     * one-line reason in err. */
    int (*create)(struct frontend **out, const struct machine_config *cfg, char *err,
                  size_t errlen);
    /* Runs the machine until the program ends; returns hvdos's exit status. */
    int (*run)(struct frontend *ui, struct machine *m);
    void (*destroy)(struct frontend *ui);
};

extern const struct frontend_ops ui_headless_ops;
/* The screen drawn full-screen in the terminal with ncursesw (src/ui/terminal.c). */
extern const struct frontend_ops ui_terminal_ops;

/* The SDL2 window and PNG screenshots live in a module of their own (hvdos-sdl.so,
 * src/ui/sdl*.c), loaded only by a run that opens a window or writes a screenshot:
 * linking SDL2 and libpng into hvdos itself made every headless run map
 * sixty libraries (most of its start-up time and peak memory). */
struct ui_sdl_module {
    const struct frontend_ops *window;
    /* The screen rendered (blinking parts shown) into a PNG: for --screenshot. */
    int (*screenshot_write)(const struct display_frame *f, const char *path, char *err,
                            size_t errlen);
};
#define UI_SDL_MODULE_FILE   "hvdos-sdl.so"
#define UI_SDL_MODULE_SYMBOL "ui_sdl_module"

/* Whether this hvdos was built with the SDL2 window (and so PNG screenshots). */
bool ui_have_window(void);
/* Loads the window module (once: later calls return the same table): from beside the
 * executable (a build folder), else from the folder it was installed to. NULL with a
 * one-line reason in err when it is not built or cannot be loaded. */
const struct ui_sdl_module *ui_sdl_module_load(char *err, size_t errlen);
/* Whether the environment names a display (DISPLAY or WAYLAND_DISPLAY). */
bool ui_display_named(void);

/* One capture of the screen, as the vCPU thread hands it to the UI thread. */
struct ui_frame {
    struct display_frame frame;
    uint8_t bios_mode; /* BDA 0040:0049, for the notice in a mode not drawn */
    uint64_t seq;      /* captures so far, counting this one */
    uint8_t kbd_flags; /* BDA 0040:0017: shift keys and lock states */
    uint8_t kbd_keys;  /* keys waiting in the BIOS keyboard ring */
};

/* A triple buffer: the vCPU thread fills `back` and swaps it with the middle slot; the
 * UI thread swaps the middle slot with `front` when it holds a newer frame. The one
 * atomic exchange on each side is the whole boundary: no locks, neither side waits. */
#define UI_FRAME_FRESH 4u /* in `middle`: the slot holds a frame the UI has not taken */
#define UI_FRAME_HZ    60

struct ui_frames {
    struct ui_frame slot[3];
    _Atomic unsigned middle; /* slot index | UI_FRAME_FRESH */
    unsigned back;           /* the vCPU thread's */
    unsigned front;          /* the UI thread's */
    uint64_t seq;            /* the vCPU thread's */
    struct machine_timer timer;
    uint64_t next_ns;
};

void ui_frames_init(struct ui_frames *f);
/* Captures at UI_FRAME_HZ from now on, on the machine's timer (call before it runs). */
void ui_frames_attach(struct ui_frames *f, struct machine *m);
/* vCPU thread (or after the run): captures the screen and publishes it. */
void ui_frames_capture(struct ui_frames *f, const struct machine *m);
/* UI thread: the newest frame published (seq 0 before the first capture). */
const struct ui_frame *ui_frames_latest(struct ui_frames *f);

#endif
