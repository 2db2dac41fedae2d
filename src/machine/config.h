/* What a run is asked to do, as the configuration files and the command line say
 * (src/cli/). */
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

/* The --speed defaults (guest instructions per ms) and why:
 * - in a window, the 486 preset (a 486DX2 at 66 MHz): games of the era, most of them
 *   written for such a machine or a slower one, run as on it, the timing loops they
 *   calibrate stay in range, and a game that polls in a way no emulator can see (a
 *   memory loop) costs a few percent of a host core, not all of it;
 * - headless, as fast as a late-1990s PC (about 200 MIPS): tools and builds run near
 *   the host's speed, and Turbo Pascal's CRT start-up (one tick of a 5-instruction
 *   loop, divided by 55 into 16 bits: "Runtime error 200" above about 330000) and
 *   similar calibrations keep a margin. --speed=max lifts the limit. */
#define CONFIG_SPEED_WINDOW   25000u
#define CONFIG_SPEED_HEADLESS 200000u
#define CONFIG_MAX_CMDS       32
#define CONFIG_MAX_AUTOEXEC   64

struct drive_config {
    char letter;      /* 'C'..'Z' */
    const char *path; /* host directory */
    bool readonly;
};

/* --frontend: what shows the machine (src/ui/). AUTO: the window when there is a
 * display, else the terminal when stdin and stdout are one, else headless. */
enum config_frontend {
    CONFIG_FRONTEND_AUTO,
    CONFIG_FRONTEND_WINDOW,
    CONFIG_FRONTEND_TERMINAL,
    CONFIG_FRONTEND_HEADLESS,
};

struct machine_config {
    const char *program; /* host path; NULL: the prompt (or -c, or the demo) */
    char **args;         /* the program's arguments */
    int nargs;
    uint8_t frontend;      /* enum config_frontend, as asked for */
    bool headless;         /* the frontend chosen is headless: DOS's standard handles are stdio */
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
    /* --speed: guest instructions per millisecond, 0 = as fast as the host runs them.
     * Without the option, main() picks CONFIG_SPEED_WINDOW or CONFIG_SPEED_HEADLESS. */
    uint32_t speed;
    bool speed_given;
    unsigned debug;
    const char *env[CONFIG_MAX_ENV]; /* NAME=VALUE */
    int nenv;
    struct drive_config drives[CONFIG_MAX_DRIVES];
    int ndrives;
    uint16_t dos_version;                  /* major in the low byte, as int 21h 30h returns it */
    unsigned memory_mib;                   /* guest RAM in MiB; 0: CONFIG_MEMORY_DEFAULT_MIB */
    const char *commands[CONFIG_MAX_CMDS]; /* -c: command lines for the shell */
    int ncommands;
    bool shell_after; /* --shell: the prompt when the program or batch file ends */
    /* [autoexec]: command lines the shell runs first, whatever it runs then. */
    const char *autoexec[CONFIG_MAX_AUTOEXEC];
    int nautoexec;
    bool demo; /* --demo: the built-in demo (Z:\DEMO.COM) */
    /* The demo's built-in image, with --demo. */
    const uint8_t *builtin_image;
    uint32_t builtin_size;
    const char *builtin_tail;
};

#endif
