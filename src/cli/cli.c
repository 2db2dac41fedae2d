/* The command line: hvdos [options] [PROGRAM [ARGS...]]. */
#include "cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "keys/keys.h"
#include "log.h"

enum {
    OPT_HEADLESS = 256,
    OPT_CPU,
    OPT_DUMP_SCREEN,
    OPT_DEBUG,
    OPT_ENV,
    OPT_DRIVE,
    OPT_TIMEOUT,
    OPT_DOS_VERSION,
    OPT_KEYS,
    OPT_SCREENSHOT,
    OPT_FULLSCREEN,
    OPT_INTEGER_SCALE,
    OPT_NO_MOUSE,
    OPT_NO_SOUND,
    OPT_MEMORY,
    OPT_SPEED,
    OPT_SHELL,
    OPT_DEMO,
};

static const struct option cli_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"headless", no_argument, NULL, OPT_HEADLESS},
    {"cpu", required_argument, NULL, OPT_CPU},
    {"dump-screen", required_argument, NULL, OPT_DUMP_SCREEN},
    {"debug", required_argument, NULL, OPT_DEBUG},
    {"env", required_argument, NULL, OPT_ENV},
    {"drive", required_argument, NULL, OPT_DRIVE},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"dos-version", required_argument, NULL, OPT_DOS_VERSION},
    {"keys", required_argument, NULL, OPT_KEYS},
    {"screenshot", required_argument, NULL, OPT_SCREENSHOT},
    {"fullscreen", no_argument, NULL, OPT_FULLSCREEN},
    {"integer-scale", no_argument, NULL, OPT_INTEGER_SCALE},
    {"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
    {"no-sound", no_argument, NULL, OPT_NO_SOUND},
    {"memory", required_argument, NULL, OPT_MEMORY},
    {"speed", required_argument, NULL, OPT_SPEED},
    {"command", required_argument, NULL, 'c'},
    {"shell", no_argument, NULL, OPT_SHELL},
    {"demo", no_argument, NULL, OPT_DEMO},
    {NULL, 0, NULL, 0},
};

/* --speed presets: guest instructions per millisecond, as DOSBox counts fixed cycles,
 * for the era's PCs on typical integer code (DOSBox-X's figure for the XT). */
static const struct {
    const char *name;
    uint32_t per_ms;
} cli_speeds[] = {
    {"8088", 240},  /* IBM PC/XT, 8088 at 4.77 MHz */
    {"286", 1500},  /* PC/AT class, 286 at 12 MHz */
    {"386", 7000},  /* 386DX at 33 MHz */
    {"486", 25000}, /* 486DX2 at 66 MHz */
};

void cli_usage(FILE *out)
{
    fprintf(out,
            "Usage: hvdos [OPTIONS] [PROGRAM [ARGS...]]\n"
            "       hvdos [OPTIONS] -c COMMANDS [-c COMMANDS...]\n"
            "Runs DOS programs (.COM, .EXE) and batch files (.BAT) in a hardware virtual\n"
            "machine. Without PROGRAM, opens a DOS prompt (COMMAND.COM, after\n"
            "C:\\AUTOEXEC.BAT if there is one); EXIT ends it.\n"
            "\n"
            "Drive C: is the current directory, and the program starts in C:\\. PROGRAM is\n"
            "a host path; beneath the current directory it runs under its DOS path\n"
            "(tools/masm.exe is C:\\TOOLS\\MASM.EXE); elsewhere its directory becomes a\n"
            "read-only drive. ARGS form the DOS command tail, joined by single blanks.\n"
            "Options come before PROGRAM; everything after it belongs to the program.\n"
            "Drive Z: is hvdos's own and holds COMMAND.COM (COMSPEC=Z:\\COMMAND.COM).\n"
            "\n"
            "Options:\n"
            "  --headless          no window: DOS standard output and error go to stdout\n"
            "                      and stderr, standard input comes from stdin (a file or\n"
            "                      a pipe ends with end-of-file; a terminal is the\n"
            "                      keyboard, and Ctrl+C there ends hvdos). Without a\n"
            "                      display this is the default; with one, the program\n"
            "                      runs in a window\n"
            "  --fullscreen        start the window full screen (Alt+Enter toggles it)\n"
            "  --integer-scale     scale the window's picture by whole multiples of its\n"
            "                      height (Ctrl+Alt+I toggles it)\n"
            "  -c, --command CMDS  run DOS command lines (as typed at the prompt; & separates\n"
            "                      commands), then exit with the last ERRORLEVEL\n"
            "                      (repeatable: one after the other)\n"
            "  --shell             after PROGRAM (or the batch file) ends, stay at the prompt\n"
            "  --demo              run the built-in demo that shows the machine\n"
            "  --cpu=BACKEND       kvm (the host CPU through /dev/kvm), interp (hvdos's own\n"
            "                      x86 interpreter) or auto (default: KVM where it runs\n"
            "                      real mode natively, else the interpreter; KVM's speed is\n"
            "                      measured once per host, kept in $XDG_CACHE_HOME/hvdos)\n"
            "  --drive L=DIR[:ro]  map host directory DIR as drive L: (repeatable); :ro\n"
            "                      makes it read-only\n"
            "  --env NAME=VALUE    add a variable to the program's environment (repeatable)\n"
            "  --dos-version X.Y   the DOS version programs see (default 5.0)\n"
            "  --memory=MiB        guest RAM in MiB, 2 to 3072 (default 16); all above the\n"
            "                      first MiB is extended memory (XMS, and EMS from it)\n"
            "  --speed=SPEED       how fast the guest CPU runs, in guest instructions per\n"
            "                      millisecond as DOSBox's fixed cycles: 8088 (240, an IBM\n"
            "                      PC/XT at 4.77 MHz), 286 (1500, 12 MHz), 386 (7000, a\n"
            "                      386DX at 33 MHz), 486 (25000, a 486DX2 at 66 MHz), a\n"
            "                      number N, or max (as fast as the host goes). Default:\n"
            "                      486 in a window (games run as on their machines);\n"
            "                      headless 200000, near the host's speed but slow enough\n"
            "                      for Turbo Pascal's Delay calibration (Runtime error\n"
            "                      200) and the like\n"
            "  --timeout SECONDS   end the run after SECONDS (exit status 124)\n"
            "  --dump-screen FILE  at exit, write the text screen to FILE as UTF-8\n"
            "  --keys SPEC         type SPEC on the keyboard after start-up, at a human pace:\n"
            "                      text, {Enter} {Esc} {Tab} {Bksp} {Space} {Up} {Down}\n"
            "                      {Left} {Right} {Home} {End} {PgUp} {PgDn} {Ins} {Del}\n"
            "                      {F1}..{F12} {KP0}..{KP9} {Pause} {PrtSc}, chords like\n"
            "                      {Ctrl+C} {Alt+F} {Shift+Tab} {Ctrl+Alt+Del}, {wait:MS}\n"
            "                      pauses, {{ types a brace. The mouse: {Mouse:X,Y} moves\n"
            "                      it to X,Y in int 33h's coordinates (640x200 in 80x25\n"
            "                      text: 8 a cell), {Click} {Click:right} {Click:middle}\n"
            "                      click, {Press:BUTTON} {Release:BUTTON} drag. When the\n"
            "                      keys are used up and no terminal can type, a key wait\n"
            "                      ends the run (124)\n"
            "  --no-mouse          no mouse: int 33h is not installed (AX=0 on reset)\n"
            "  --no-sound          no PC speaker sound, and no audio device opened\n"
            "  --screenshot FILE   at exit, write the screen to FILE as a PNG image (also\n"
            "                      with --headless)\n"
            "  --debug=CATS        debug messages on stderr for CATS, a comma-separated\n"
            "                      list of: %s\n"
            "  -h, --help          show this help\n"
            "  -V, --version       show the version\n"
            "\n"
            "Window keys: Alt+Enter full screen; Ctrl+Alt+C copies the screen's text;\n"
            "Ctrl+Alt+V types the clipboard's text; Ctrl+Alt+S saves a screenshot (PNG)\n"
            "in the current directory. Closing the window ends the program.\n"
            "\n"
            "Exit status: the program's DOS return code (the ERRORLEVEL for a batch file,\n"
            "-c, or EXIT at the prompt); 2 for a bad command line; 3 when\n"
            "no CPU backend can run; 4 when the program cannot be loaded; 124 after\n"
            "--timeout, or when a program waits for a key that no input can bring; 125\n"
            "when the emulated CPU cannot go on; 130 after Ctrl+C.\n",
            log_cat_names());
}

static enum cli_action cli_fail(char *err, size_t errlen, const char *fmt, const char *a)
{
    snprintf(err, errlen, fmt, a);
    return CLI_ERROR;
}

static enum cli_action cli_drive(struct machine_config *cfg, char *arg, char *err, size_t errlen)
{
    struct drive_config *d;
    size_t len;
    int letter;

    if (!isalpha((unsigned char)arg[0]) || arg[1] != '=' || !arg[2])
        return cli_fail(err, errlen, "--drive wants L=DIR, not '%s'", arg);
    letter = toupper((unsigned char)arg[0]);
    if (letter < 'C')
        return cli_fail(err, errlen,
                        "--drive %s: drives A: and B: are floppies; use C: to Y:", arg);
    if (letter == 'Z')
        return cli_fail(
            err, errlen,
            "--drive %s: drive Z: is hvdos's own (it holds COMMAND.COM); use C: to Y:", arg);
    if (cfg->ndrives >= CONFIG_MAX_DRIVES)
        return cli_fail(err, errlen, "too many --drive options%s", "");
    for (int i = 0; i < cfg->ndrives; i++)
        if (cfg->drives[i].letter == letter)
            return cli_fail(err, errlen, "--drive %s: that drive letter is already mapped", arg);
    d = &cfg->drives[cfg->ndrives++];
    d->letter = (char)letter;
    d->path = arg + 2;
    len = strlen(d->path);
    if (len > 3 && !strcmp(d->path + len - 3, ":ro")) {
        arg[2 + len - 3] = 0;
        d->readonly = true;
    }
    return CLI_RUN;
}

static int cli_speed(struct machine_config *cfg, const char *arg)
{
    char *end;
    unsigned long n;

    cfg->speed_given = true;
    if (!strcmp(arg, "max")) {
        cfg->speed = 0;
        return 0;
    }
    for (size_t i = 0; i < sizeof(cli_speeds) / sizeof(cli_speeds[0]); i++) {
        if (!strcmp(arg, cli_speeds[i].name)) {
            cfg->speed = cli_speeds[i].per_ms;
            return 0;
        }
    }
    if (!isdigit((unsigned char)arg[0]))
        return -1;
    errno = 0;
    n = strtoul(arg, &end, 10);
    if (*end || errno || n < 1 || n > 100000000ul)
        return -1;
    cfg->speed = (uint32_t)n;
    return 0;
}

/* -c "cd games & tetris": each command separated by & (outside quotes) is a line of
 * its own. The text is split in place. */
static int cli_commands(struct machine_config *cfg, char *text)
{
    bool quoted = false;
    char *start = text;

    for (char *s = text;; s++) {
        if (*s == '"')
            quoted = !quoted;
        if (*s && (*s != '&' || quoted))
            continue;
        if (cfg->ncommands >= CONFIG_MAX_CMDS)
            return -1;
        {
            bool end = !*s;
            *s = 0;
            while (*start == ' ')
                start++;
            if (*start)
                cfg->commands[cfg->ncommands++] = start;
            if (end)
                return 0;
            start = s + 1;
        }
    }
}

enum cli_action cli_parse(int argc, char **argv, struct machine_config *cfg, char *err,
                          size_t errlen)
{
    int opt;

    memset(cfg, 0, sizeof(*cfg));
    cfg->cpu = "auto";
    cfg->mouse_buttons = 2;
    optind = 0; /* start over: tests parse more than one command line */
    opterr = 0;
    /* '+': stop at the first non-option, which is PROGRAM. */
    while ((opt = getopt_long(argc, argv, "+:hVc:", cli_options, NULL)) != -1) {
        switch (opt) {
        case 'h': return CLI_HELP;
        case 'V': return CLI_VERSION;
        case OPT_HEADLESS: cfg->headless = true; break;
        case OPT_CPU:
            if (strcmp(optarg, "kvm") && strcmp(optarg, "interp") && strcmp(optarg, "auto"))
                return cli_fail(err, errlen, "--cpu must be kvm, interp or auto, not '%s'", optarg);
            cfg->cpu = optarg;
            break;
        case OPT_DUMP_SCREEN: cfg->dump_screen = optarg; break;
        case OPT_KEYS: {
            struct keys_step *steps;
            if (keys_script_parse(optarg, &steps, err, errlen) < 0)
                return CLI_ERROR;
            free(steps);
            cfg->keys = optarg;
            break;
        }
        case OPT_SCREENSHOT: cfg->screenshot = optarg; break;
        case OPT_FULLSCREEN: cfg->fullscreen = true; break;
        case OPT_INTEGER_SCALE: cfg->integer_scale = true; break;
        case OPT_SPEED:
            if (cli_speed(cfg, optarg) < 0)
                return cli_fail(err, errlen,
                                "--speed wants max, 8088, 286, 386, 486 or instructions per "
                                "millisecond (1 to 100000000), not '%s'",
                                optarg);
            break;
        case OPT_NO_MOUSE: cfg->mouse_buttons = 0; break;
        case OPT_NO_SOUND: cfg->no_sound = true; break;
        case OPT_MEMORY: {
            char *end;
            unsigned long mib = strtoul(optarg, &end, 10);
            if (*end || end == optarg || optarg[0] == '-' || mib < CONFIG_MEMORY_MIN_MIB ||
                mib > CONFIG_MEMORY_MAX_MIB)
                return cli_fail(err, errlen, "--memory wants MiB from 2 to 3072, not '%s'", optarg);
            cfg->memory_mib = (unsigned)mib;
            break;
        }
        case 'c':
            if (cli_commands(cfg, optarg) < 0)
                return cli_fail(err, errlen, "too many commands with -c (at most %s)", "32");
            break;
        case OPT_SHELL: cfg->shell_after = true; break;
        case OPT_DEMO: cfg->demo = true; break;
        case OPT_DEBUG: {
            const char *bad;
            size_t badlen;
            if (log_parse_cats(optarg, &cfg->debug, &bad, &badlen)) {
                char name[64];
                snprintf(name, sizeof(name), "%.*s", (int)badlen, bad);
                snprintf(err, errlen, "--debug: unknown category '%s' (known: %s)", name,
                         log_cat_names());
                return CLI_ERROR;
            }
            break;
        }
        case OPT_ENV:
            if (!strchr(optarg, '=') || optarg[0] == '=')
                return cli_fail(err, errlen, "--env wants NAME=VALUE, not '%s'", optarg);
            if (cfg->nenv >= CONFIG_MAX_ENV)
                return cli_fail(err, errlen, "too many --env options%s", "");
            for (char *c = optarg; *c != '='; c++)
                *c = (char)toupper((unsigned char)*c); /* DOS variable names are upper case */
            cfg->env[cfg->nenv++] = optarg;
            break;
        case OPT_DRIVE:
            if (cli_drive(cfg, optarg, err, errlen) == CLI_ERROR)
                return CLI_ERROR;
            break;
        case OPT_TIMEOUT: {
            char *end;
            cfg->timeout = strtod(optarg, &end);
            if (*end || end == optarg || !(cfg->timeout > 0) || cfg->timeout > 1e7)
                return cli_fail(err, errlen, "--timeout wants a number of seconds, not '%s'",
                                optarg);
            break;
        }
        case OPT_DOS_VERSION: {
            unsigned major, minor;
            char c;
            if (sscanf(optarg, "%u.%u%c", &major, &minor, &c) != 2 || major < 2 || major > 9 ||
                minor > 99)
                return cli_fail(err, errlen, "--dos-version wants X.Y (2.0 to 9.99), not '%s'",
                                optarg);
            cfg->dos_version = (uint16_t)(minor << 8 | major);
            break;
        }
        case ':': return cli_fail(err, errlen, "%s needs a value", argv[optind - 1]);
        default:
            if (optopt)
                snprintf(err, errlen, "unknown option -%c", optopt);
            else
                snprintf(err, errlen, "unknown option %s", argv[optind - 1]);
            return CLI_ERROR;
        }
    }
    if (optind < argc) {
        cfg->program = argv[optind];
        cfg->args = argv + optind + 1;
        cfg->nargs = argc - optind - 1;
    }
    if (cfg->ncommands && (cfg->program || cfg->demo))
        return cli_fail(err, errlen,
                        "-c runs commands instead of a program: give one or the other%s", "");
    if (cfg->demo && cfg->program)
        return cli_fail(err, errlen,
                        "--demo runs the demo instead of a program: give one or the "
                        "other%s",
                        "");
    return CLI_RUN;
}
