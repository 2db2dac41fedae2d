/* What a run is asked to do, as parsed from the command line (src/cli/). */
#ifndef HVDOS_CONFIG_H
#define HVDOS_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#define CONFIG_MAX_ENV    64
#define CONFIG_MAX_DRIVES 26
/* Guest RAM (--memory): the default, and the range a PC with XMS 3.0 can have here. */
#define CONFIG_MEMORY_DEFAULT_MIB 16u
#define CONFIG_MEMORY_MIN_MIB     2u
#define CONFIG_MEMORY_MAX_MIB     3072u

struct drive_config {
    char letter;      /* 'C'..'Z' */
    const char *path; /* host directory */
    bool readonly;
};

struct machine_config {
    const char *program; /* host path; NULL runs the built-in demo */
    char **args;         /* the program's arguments */
    int nargs;
    bool headless;
    bool interactive_keys; /* a terminal can type (headless with a tty on stdin) */
    const char *cpu;       /* "kvm", "interp" or "auto" */
    const char *dump_screen;
    const char *screenshot; /* PNG of the screen at exit */
    bool fullscreen;        /* the window starts full screen */
    bool integer_scale;     /* the window scales by whole multiples of the picture's height */
    unsigned mouse_buttons; /* 2 or 3; 0: no mouse (--no-mouse), int 33h not installed */
    bool no_sound;          /* --no-sound: no audio output at all */
    const char *keys;
    double timeout; /* seconds; 0 = none */
    unsigned debug;
    const char *env[CONFIG_MAX_ENV]; /* NAME=VALUE */
    int nenv;
    struct drive_config drives[CONFIG_MAX_DRIVES];
    int ndrives;
    uint16_t dos_version; /* major in the low byte, as int 21h 30h returns it */
    unsigned memory_mib;  /* guest RAM in MiB; 0: CONFIG_MEMORY_DEFAULT_MIB */
    /* The demo's built-in image, when program is NULL. */
    const uint8_t *builtin_image;
    uint32_t builtin_size;
    const char *builtin_tail;
};

#endif
