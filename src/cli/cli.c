/* The options: hvdos [options] [PROGRAM [ARGS...]], and the configuration files with
 * the same settings as keys. One table (cli_options) declares each option once: its
 * command-line name, its key, its help and the function that checks and sets it; the
 * parser, --help, the files' keys and --print-config all derive from it. */
#include "cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "keys/keys.h"
#include "log.h"

struct cli_option;

/* Checks VALUE and sets it in cfg, or puts what is wrong in err (a phrase that follows
 * the option's name: "wants X, not 'y'"). VALUE is the caller's to modify. For a flag it
 * is "1" or "0"; for a keyed option NAME=VALUE, as on the command line. */
typedef int cli_set_fn(struct machine_config *cfg, const struct cli_option *o, char *value,
                       char *err, size_t errlen);

enum {
    CLI_FLAG = 1 << 0,    /* no value on the command line; true or false as a key */
    CLI_NEGATED = 1 << 1, /* the flag sets its key to false (--no-mouse: [mouse] enabled) */
    CLI_KEYED = 1 << 2,   /* repeatable, one per NAME: NAME=VALUE, in a file NAME = VALUE */
    CLI_LIST = 1 << 3,    /* repeatable; a later source's values replace an earlier one's */
    CLI_APPEND = 1 << 4,  /* every source's values, in order: [autoexec] */
};

/* The options that steer the parse itself rather than the run. */
enum cli_meta { CLI_META_NONE, CLI_META_HELP, CLI_META_VERSION, CLI_META_CONFIG, CLI_META_PRINT };

struct cli_option {
    const char *name;    /* --NAME; NULL: a key only */
    char letter;         /* -L as well, or 0 */
    const char *arg;     /* the value's name in --help; NULL for a flag */
    const char *section; /* its key: [section] key; NULL: the command line only */
    const char *key;     /* NULL for a keyed option (the NAME is the key) */
    unsigned flags;
    cli_set_fn *set;
    size_t field;    /* for cli_set_flag: the bool's offset in machine_config */
    const char *def; /* the default, for --print-config */
    const char *help;
    enum cli_meta meta;
};

static cli_set_fn cli_set_flag, cli_set_frontend, cli_set_cpu, cli_set_drive, cli_set_env,
    cli_set_dos_version, cli_set_memory, cli_set_speed, cli_set_timeout, cli_set_string,
    cli_set_keys, cli_set_mouse, cli_set_sound, cli_set_commands, cli_set_debug, cli_set_autoexec;

#define FIELD(f) offsetof(struct machine_config, f)

/* To add an option: one row here (in the order --help shows them), its setter, and its
 * field in machine_config; the man page (doc/hvdos.1) describes it, which a test checks. */
static const struct cli_option cli_options[] = {
    {"frontend", 0, "F", "window", "frontend", 0, cli_set_frontend, 0, "auto",
     "what shows the DOS screen: window (SDL2), terminal (drawn full-screen in this "
     "terminal, its keys and mouse as the PC's), headless, or auto (default: the window "
     "with a display, else the terminal when stdin and stdout are one, else headless)"},
    {"headless", 0, NULL, "window", "headless", CLI_FLAG, cli_set_flag, FIELD(headless), "false",
     "--frontend=headless: no screen shown; DOS standard output and error go to stdout and "
     "stderr, standard input comes from stdin (a file or a pipe ends with end-of-file; a "
     "terminal is the keyboard, and Ctrl+C there ends hvdos)"},
    {"fullscreen", 0, NULL, "window", "fullscreen", CLI_FLAG, cli_set_flag, FIELD(fullscreen),
     "false", "start the window full screen (Alt+Enter toggles it)"},
    {"integer-scale", 0, NULL, "window", "integer-scale", CLI_FLAG, cli_set_flag,
     FIELD(integer_scale), "false",
     "scale the window's picture by whole multiples of its height (Ctrl+Alt+I toggles it)"},
    {"command", 'c', "CMDS", "run", "command", CLI_LIST, cli_set_commands, 0, "none",
     "run DOS command lines (as typed at the prompt; & separates commands), then exit with "
     "the last ERRORLEVEL (repeatable: one after the other)"},
    {"shell", 0, NULL, "run", "shell", CLI_FLAG, cli_set_flag, FIELD(shell_after), "false",
     "after PROGRAM (or the batch file) ends, stay at the prompt"},
    {"demo", 0, NULL, "run", "demo", CLI_FLAG, cli_set_flag, FIELD(demo), "false",
     "run the built-in demo that shows the machine"},
    {"cpu", 0, "BACKEND", "machine", "cpu", 0, cli_set_cpu, 0, "auto",
     "kvm (the host CPU through /dev/kvm), interp (hvdos's own x86 interpreter) or auto "
     "(default: KVM where it runs real mode natively, else the interpreter; KVM's speed is "
     "measured once per host, kept in $XDG_CACHE_HOME/hvdos)"},
    {"drive", 0, "L=DIR[:ro]", "drives", NULL, CLI_KEYED, cli_set_drive, 0, NULL,
     "map host directory DIR as drive L: (repeatable); :ro makes it read-only"},
    {"env", 0, "NAME=VALUE", "env", NULL, CLI_KEYED, cli_set_env, 0, NULL,
     "add a variable to the program's environment (repeatable)"},
    {"dos-version", 0, "X.Y", "dos", "version", 0, cli_set_dos_version, 0, "5.0",
     "the DOS version programs see (default 5.0)"},
    {"memory", 0, "MiB", "machine", "memory", 0, cli_set_memory, 0, "16",
     "guest RAM in MiB, 2 to 3072 (default 16); all above the first MiB is extended memory "
     "(XMS, and EMS from it)"},
    {"speed", 0, "SPEED", "machine", "speed", 0, cli_set_speed, 0,
     "486 in a window, 200000 headless",
     "how fast the guest CPU runs, in guest instructions per millisecond as DOSBox's fixed "
     "cycles: 8088 (240, an IBM PC/XT at 4.77 MHz), 286 (1500, 12 MHz), 386 (7000, a 386DX "
     "at 33 MHz), 486 (25000, a 486DX2 at 66 MHz), a number N, or max (as fast as the host "
     "goes). Default: 486 in a window (games run as on their machines); headless 200000, "
     "near the host's speed but slow enough for Turbo Pascal's Delay calibration (Runtime "
     "error 200) and the like"},
    {"timeout", 0, "SECONDS", "run", "timeout", 0, cli_set_timeout, 0, "none",
     "end the run after SECONDS (exit status 124)"},
    {"dump-screen", 0, "FILE", "run", "dump-screen", 0, cli_set_string, FIELD(dump_screen), "none",
     "at exit, write the text screen to FILE as UTF-8"},
    {"keys", 0, "SPEC", "run", "keys", 0, cli_set_keys, 0, "none",
     "type SPEC on the keyboard after start-up, at a human pace: text, {Enter} {Esc} {Tab} "
     "{Bksp} {Space} {Up} {Down} {Left} {Right} {Home} {End} {PgUp} {PgDn} {Ins} {Del} "
     "{F1}..{F12} {KP0}..{KP9} {Pause} {PrtSc}, chords like {Ctrl+C} {Alt+F} {Shift+Tab} "
     "{Ctrl+Alt+Del}, {wait:MS} pauses, {{ types a brace. The mouse: {Mouse:X,Y} moves it "
     "to X,Y in int 33h's coordinates (640x200 in 80x25 text: 8 a cell), {Click} "
     "{Click:right} {Click:middle} click, {Press:BUTTON} {Release:BUTTON} drag. When the "
     "keys are used up and no terminal can type, a key wait ends the run (124)"},
    {"no-mouse", 0, NULL, "mouse", "enabled", CLI_FLAG | CLI_NEGATED, cli_set_mouse, 0, "true",
     "no mouse: int 33h is not installed (AX=0 on reset)"},
    {"no-sound", 0, NULL, "sound", "enabled", CLI_FLAG | CLI_NEGATED, cli_set_sound, 0, "true",
     "no PC speaker sound, and no audio device opened"},
    {"screenshot", 0, "FILE", "run", "screenshot", 0, cli_set_string, FIELD(screenshot), "none",
     "at exit, write the screen to FILE as a PNG image (also with --headless)"},
    {"debug", 0, "CATS", "run", "debug", 0, cli_set_debug, 0, "none",
     "debug messages on stderr for CATS, a comma-separated list of:"},
    {"config", 0, "FILE", NULL, NULL, 0, NULL, 0, NULL,
     "read FILE as a configuration file after $XDG_CONFIG_HOME/hvdos/hvdos.ini and "
     "./hvdos.ini, before the command line (repeatable)",
     CLI_META_CONFIG},
    {"print-config", 0, NULL, NULL, NULL, 0, NULL, 0, NULL,
     "print the configuration that the files and the command line make, each value with "
     "where it came from, and exit",
     CLI_META_PRINT},
    {"help", 'h', NULL, NULL, NULL, 0, NULL, 0, NULL, "show this help", CLI_META_HELP},
    {"version", 'V', NULL, NULL, NULL, 0, NULL, 0, NULL, "show the version", CLI_META_VERSION},
    {NULL, 0, NULL, "autoexec", NULL, CLI_APPEND, cli_set_autoexec, 0, NULL,
     "DOS command lines the shell runs at start, before the program or the prompt"},
};

#define CLI_NOPTIONS (sizeof(cli_options) / sizeof(cli_options[0]))

/* The sections in the order --print-config writes them. */
static const char *const cli_sections[] = {"machine", "dos",   "drives", "env",     "window",
                                           "mouse",   "sound", "run",    "autoexec"};

/* The command line's source number: after every file's. */
#define CLI_SOURCE_ARGV 1000

/* One value as one source gave it. */
struct cli_setting {
    const struct cli_option *opt;
    char *key;    /* a keyed option's NAME (upper case), else NULL */
    char *value;  /* as its key holds it: flags "true" or "false" */
    char *text;   /* the setter's copy, which cfg points into */
    char *origin; /* "command line" or FILE:LINE */
    int source;   /* the order of the sources: files, then the command line */
    bool dead;    /* a later setting replaces it */
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

/* ---------------------------------------------------------------------------------
 * --help, from the table.
 */

/* Writes TEXT from column COL, wrapped before column 80, continuing at column INDENT. */
static void cli_wrap(FILE *out, const char *text, int col, int indent)
{
    while (*text) {
        size_t word = strcspn(text, " ");
        if (col > indent && col + 1 + (int)word > 79) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', out);
            col++;
        }
        fprintf(out, "%.*s", (int)word, text);
        col += (int)word;
        text += word;
        while (*text == ' ')
            text++;
    }
    fputc('\n', out);
}

void cli_usage(FILE *out)
{
    fputs("Usage: hvdos [OPTIONS] [PROGRAM [ARGS...]]\n"
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
          "Options:\n",
          out);
    for (size_t i = 0; i < CLI_NOPTIONS; i++) {
        const struct cli_option *o = &cli_options[i];
        char left[64];
        int n;

        if (!o->name)
            continue;
        if (o->letter)
            n = snprintf(left, sizeof(left), "  -%c, --%s%s%s", o->letter, o->name,
                         o->arg ? " " : "", o->arg ? o->arg : "");
        else
            n = snprintf(left, sizeof(left), "  --%s%s%s", o->name, o->arg ? " " : "",
                         o->arg ? o->arg : "");
        fputs(left, out);
        if (n > 20) {
            fprintf(out, "\n%22s", "");
            n = 22;
        } else {
            fprintf(out, "%*s", 22 - n, "");
            n = 22;
        }
        if (o->set == cli_set_debug) {
            char text[512];
            snprintf(text, sizeof(text), "%s %s", o->help, log_cat_names());
            cli_wrap(out, text, n, 22);
        } else {
            cli_wrap(out, o->help, n, 22);
        }
    }
    fputs("\n"
          "Configuration files: $XDG_CONFIG_HOME/hvdos/hvdos.ini (else\n"
          "~/.config/hvdos/hvdos.ini), then hvdos.ini in the current directory, then each\n"
          "--config FILE, then the command line, each overriding the last. Every option is\n"
          "a key there ([machine] memory = 64, [drives] D = /srv/games:ro, [mouse]\n"
          "enabled = false for --no-mouse); [autoexec] holds command lines the shell runs\n"
          "first. --print-config shows them all; man hvdos describes them.\n"
          "\n"
          "Window keys: Alt+Enter full screen; Ctrl+Alt+C copies the screen's text;\n"
          "Ctrl+Alt+V types the clipboard's text; Ctrl+Alt+S saves a screenshot (PNG)\n"
          "in the current directory. Closing the window ends the program.\n"
          "\n"
          "Exit status: the program's DOS return code (the ERRORLEVEL for a batch file,\n"
          "-c, or EXIT at the prompt); 2 for a bad command line or configuration file; 3\n"
          "when no CPU backend can run; 4 when the program cannot be loaded; 124 after\n"
          "--timeout, or when a program waits for a key that no input can bring; 125\n"
          "when the emulated CPU cannot go on; 130 after Ctrl+C.\n",
          out);
}

/* ---------------------------------------------------------------------------------
 * The setters: each checks one option's value and sets it.
 */

static int cli_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int cli_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int cli_set_flag(struct machine_config *cfg, const struct cli_option *o, char *v, char *err,
                        size_t errlen)
{
    *(bool *)((char *)cfg + o->field) = v[0] == '1';
    return 0;
}

static int cli_set_string(struct machine_config *cfg, const struct cli_option *o, char *v,
                          char *err, size_t errlen)
{
    if (!v[0])
        return cli_fail(err, errlen, "wants a file name, not nothing");
    *(const char **)((char *)cfg + o->field) = v;
    return 0;
}

static int cli_set_frontend(struct machine_config *cfg, const struct cli_option *o, char *v,
                            char *err, size_t errlen)
{
    static const char *const names[] = {
        [CONFIG_FRONTEND_AUTO] = "auto",
        [CONFIG_FRONTEND_WINDOW] = "window",
        [CONFIG_FRONTEND_TERMINAL] = "terminal",
        [CONFIG_FRONTEND_HEADLESS] = "headless",
    };

    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(v, names[i])) {
            cfg->frontend = (uint8_t)i;
            cfg->headless = i == CONFIG_FRONTEND_HEADLESS;
            return 0;
        }
    return cli_fail(err, errlen, "must be window, terminal, headless or auto, not '%s'", v);
}

static int cli_set_cpu(struct machine_config *cfg, const struct cli_option *o, char *v, char *err,
                       size_t errlen)
{
    if (strcmp(v, "kvm") && strcmp(v, "interp") && strcmp(v, "auto"))
        return cli_fail(err, errlen, "must be kvm, interp or auto, not '%s'", v);
    cfg->cpu = v;
    return 0;
}

static int cli_set_drive(struct machine_config *cfg, const struct cli_option *o, char *v, char *err,
                         size_t errlen)
{
    struct drive_config *d;
    size_t len;
    int letter;

    if (!isalpha((unsigned char)v[0]) || v[1] != '=' || !v[2])
        return cli_fail(err, errlen, "wants L=DIR, not '%s'", v);
    letter = toupper((unsigned char)v[0]);
    if (letter < 'C')
        return cli_fail(err, errlen, "%s: drives A: and B: are floppies; use C: to Y:", v);
    if (letter == 'Z')
        return cli_fail(err, errlen,
                        "%s: drive Z: is hvdos's own (it holds COMMAND.COM); use C: to Y:", v);
    if (cfg->ndrives >= CONFIG_MAX_DRIVES)
        return cli_fail(err, errlen, "%s: too many drives", v);
    d = &cfg->drives[cfg->ndrives++];
    d->letter = (char)letter;
    d->path = v + 2;
    len = strlen(d->path);
    if (len > 3 && !strcmp(d->path + len - 3, ":ro")) {
        v[2 + len - 3] = 0;
        d->readonly = true;
    }
    return 0;
}

static int cli_set_env(struct machine_config *cfg, const struct cli_option *o, char *v, char *err,
                       size_t errlen)
{
    if (!strchr(v, '=') || v[0] == '=')
        return cli_fail(err, errlen, "wants NAME=VALUE, not '%s'", v);
    if (cfg->nenv >= CONFIG_MAX_ENV)
        return cli_fail(err, errlen, "%s: too many variables (at most %d)", v, CONFIG_MAX_ENV);
    for (char *c = v; *c != '='; c++)
        *c = (char)toupper((unsigned char)*c); /* DOS variable names are upper case */
    cfg->env[cfg->nenv++] = v;
    return 0;
}

static int cli_set_dos_version(struct machine_config *cfg, const struct cli_option *o, char *v,
                               char *err, size_t errlen)
{
    unsigned major, minor;
    char c;

    if (sscanf(v, "%u.%u%c", &major, &minor, &c) != 2 || major < 2 || major > 9 || minor > 99)
        return cli_fail(err, errlen, "wants X.Y (2.0 to 9.99), not '%s'", v);
    cfg->dos_version = (uint16_t)(minor << 8 | major);
    return 0;
}

static int cli_set_memory(struct machine_config *cfg, const struct cli_option *o, char *v,
                          char *err, size_t errlen)
{
    char *end;
    unsigned long mib = strtoul(v, &end, 10);

    if (*end || end == v || v[0] == '-' || mib < CONFIG_MEMORY_MIN_MIB ||
        mib > CONFIG_MEMORY_MAX_MIB)
        return cli_fail(err, errlen, "wants MiB from 2 to 3072, not '%s'", v);
    cfg->memory_mib = (unsigned)mib;
    return 0;
}

static int cli_set_speed(struct machine_config *cfg, const struct cli_option *o, char *v, char *err,
                         size_t errlen)
{
    char *end;
    unsigned long n;

    cfg->speed_given = true;
    if (!strcmp(v, "max")) {
        cfg->speed = 0;
        return 0;
    }
    for (size_t i = 0; i < sizeof(cli_speeds) / sizeof(cli_speeds[0]); i++) {
        if (!strcmp(v, cli_speeds[i].name)) {
            cfg->speed = cli_speeds[i].per_ms;
            return 0;
        }
    }
    errno = 0;
    n = isdigit((unsigned char)v[0]) ? strtoul(v, &end, 10) : 0;
    if (!n || *end || errno || n > 100000000ul)
        return cli_fail(err, errlen,
                        "wants max, 8088, 286, 386, 486 or instructions per millisecond (1 to "
                        "100000000), not '%s'",
                        v);
    cfg->speed = (uint32_t)n;
    return 0;
}

static int cli_set_timeout(struct machine_config *cfg, const struct cli_option *o, char *v,
                           char *err, size_t errlen)
{
    char *end;

    cfg->timeout = strtod(v, &end);
    if (*end || end == v || !(cfg->timeout > 0) || cfg->timeout > 1e7)
        return cli_fail(err, errlen, "wants a number of seconds, not '%s'", v);
    return 0;
}

static int cli_set_keys(struct machine_config *cfg, const struct cli_option *o, char *v, char *err,
                        size_t errlen)
{
    struct keys_step *steps;

    if (keys_script_parse(v, &steps, err, errlen) < 0)
        return -1;
    free(steps);
    cfg->keys = v;
    return 0;
}

static int cli_set_mouse(struct machine_config *cfg, const struct cli_option *o, char *v, char *err,
                         size_t errlen)
{
    cfg->mouse_buttons = v[0] == '1' ? 2 : 0;
    return 0;
}

static int cli_set_sound(struct machine_config *cfg, const struct cli_option *o, char *v, char *err,
                         size_t errlen)
{
    cfg->no_sound = v[0] != '1';
    return 0;
}

/* -c "cd games & tetris": each command separated by & (outside quotes) is a line of
 * its own. The text is split in place. */
static int cli_set_commands(struct machine_config *cfg, const struct cli_option *o, char *v,
                            char *err, size_t errlen)
{
    bool quoted = false;
    char *start = v;

    for (char *s = v;; s++) {
        if (*s == '"')
            quoted = !quoted;
        if (*s && (*s != '&' || quoted))
            continue;
        if (cfg->ncommands >= CONFIG_MAX_CMDS)
            return cli_fail(err, errlen, "gives too many commands (at most %d)", CONFIG_MAX_CMDS);
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

static int cli_set_debug(struct machine_config *cfg, const struct cli_option *o, char *v, char *err,
                         size_t errlen)
{
    const char *bad;
    size_t badlen;

    if (log_parse_cats(v, &cfg->debug, &bad, &badlen))
        return cli_fail(err, errlen, "has an unknown category '%.*s' (known: %s)", (int)badlen, bad,
                        log_cat_names());
    return 0;
}

static int cli_set_autoexec(struct machine_config *cfg, const struct cli_option *o, char *v,
                            char *err, size_t errlen)
{
    if (strlen(v) > 126)
        return cli_fail(err, errlen, "has a line longer than DOS's 126 characters");
    if (cfg->nautoexec >= CONFIG_MAX_AUTOEXEC)
        return cli_fail(err, errlen, "has too many lines (at most %d)", CONFIG_MAX_AUTOEXEC);
    cfg->autoexec[cfg->nautoexec++] = v;
    return 0;
}

/* ---------------------------------------------------------------------------------
 * Settings: every value each source gave, checked as it is read.
 */

struct cli_reading {
    struct cli *cli;
    int source;
    const char *file; /* NULL: the command line */
    int line;
    char *err;
    size_t errlen;
    bool failed;
};

/* Says where a value came from and what is wrong with it, in one line. */
static void cli_reading_fail(struct cli_reading *rd, const struct cli_option *o, const char *key,
                             const char *what)
{
    if (rd->failed)
        return;
    rd->failed = true;
    if (!rd->file)
        snprintf(rd->err, rd->errlen, "--%s %s", o->name, what);
    else if (!o)
        snprintf(rd->err, rd->errlen, "%s:%d: %s", rd->file, rd->line, what);
    else if (o->flags & CLI_APPEND)
        snprintf(rd->err, rd->errlen, "%s:%d: [%s] %s", rd->file, rd->line, o->section, what);
    else
        snprintf(rd->err, rd->errlen, "%s:%d: [%s] %s %s", rd->file, rd->line, o->section, key,
                 what);
}

/* The text the setter takes: NAME=VALUE for a keyed option. */
static char *cli_setter_text(const struct cli_setting *s)
{
    char *text;

    if (!s->key)
        return strdup(!(s->opt->flags & CLI_FLAG) ? s->value : s->value[0] == 't' ? "1" : "0");
    if (asprintf(&text, "%s=%s", s->key, s->value) < 0)
        return NULL;
    return text;
}

static void cli_setting_free(struct cli_setting *s)
{
    free(s->key);
    free(s->value);
    free(s->text);
    free(s->origin);
}

/* Records one value (KEY for a keyed option) after checking it alone. */
static int cli_add(struct cli_reading *rd, const struct cli_option *o, const char *key,
                   const char *value)
{
    struct cli *cli = rd->cli;
    struct cli_setting s = {.opt = o, .source = rd->source};
    struct machine_config scratch = {0};
    char msg[400];
    char *text;
    int rc;

    if (cli->nsettings == cli->cap) {
        size_t cap = cli->cap ? cli->cap * 2 : 32;
        struct cli_setting *n = realloc(cli->settings, cap * sizeof(*n));
        if (!n)
            abort();
        cli->settings = n;
        cli->cap = cap;
    }
    s.value = strdup(value);
    if (key) {
        s.key = strdup(key);
        for (char *c = s.key; *c; c++)
            *c = (char)toupper((unsigned char)*c);
    }
    if (rd->file) {
        if (asprintf(&s.origin, "%s:%d", rd->file, rd->line) < 0)
            s.origin = NULL;
    } else {
        s.origin = strdup("command line");
    }
    text = cli_setter_text(&s);
    if (!s.value || (key && !s.key) || !s.origin || !text)
        abort();
    rc = o->set(&scratch, o, text, msg, sizeof(msg));
    free(text);
    if (rc) {
        cli_reading_fail(rd, o, key ? key : o->key, msg);
        cli_setting_free(&s);
        return -1;
    }
    /* The same NAME twice from one source is a mistake, not an override. */
    for (size_t i = 0; key && i < cli->nsettings; i++) {
        const struct cli_setting *t = &cli->settings[i];
        if (t->opt == o && t->source == s.source && !strcmp(t->key, s.key)) {
            snprintf(msg, sizeof(msg), "%s: %s is given twice (first at %s)", value, s.key,
                     t->origin);
            cli_reading_fail(rd, o, s.key, msg);
            cli_setting_free(&s);
            return -1;
        }
    }
    cli->settings[cli->nsettings++] = s;
    return 0;
}

static const struct cli_option *cli_find_key(const char *section, const char *key)
{
    for (size_t i = 0; i < CLI_NOPTIONS; i++) {
        const struct cli_option *o = &cli_options[i];
        if (o->section && !strcasecmp(o->section, section) &&
            (!o->key || (o->flags & CLI_APPEND) || !strcasecmp(o->key, key)))
            return o;
    }
    return NULL;
}

static bool cli_section_known(const char *section)
{
    for (size_t i = 0; i < sizeof(cli_sections) / sizeof(cli_sections[0]); i++)
        if (!strcasecmp(cli_sections[i], section))
            return true;
    return false;
}

/* A key's true or false: the words INI files use for them. */
static int cli_bool(const char *v)
{
    static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no",
                                                                                "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (!strcasecmp(v, yes[i]))
            return 1;
        if (!strcasecmp(v, no[i]))
            return 0;
    }
    return -1;
}

/* ---------------------------------------------------------------------------------
 * Configuration files, parsed by inih. [autoexec] holds DOS command lines, not keys:
 * the reader hands those lines to the settings itself and inih a blank line.
 */

struct cli_file {
    struct cli_reading *rd;
    FILE *f;
    bool in_autoexec;
};

static bool cli_is_blank_or_comment(const char *s)
{
    return !*s || *s == ';' || *s == '#';
}

static char *cli_file_reader(char *str, int num, void *stream)
{
    struct cli_file *cf = stream;
    struct cli_reading *rd = cf->rd;
    char buf[4096], *s, *e;
    size_t len;

    if (!fgets(buf, sizeof(buf), cf->f))
        return NULL;
    rd->line++;
    len = strlen(buf);
    if (len == sizeof(buf) - 1 && buf[len - 1] != '\n') {
        int c;
        while ((c = fgetc(cf->f)) != EOF && c != '\n')
            ;
    }
    for (s = buf; *s == ' ' || *s == '\t'; s++)
        ;
    if (rd->line == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    e = s + strlen(s);
    while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
        *--e = 0;
    if (*s == '[') {
        char *close = strchr(s, ']');
        cf->in_autoexec = close && (size_t)(close - s - 1) == strlen("autoexec") &&
                          !strncasecmp(s + 1, "autoexec", strlen("autoexec"));
    } else if (cf->in_autoexec) {
        const struct cli_option *o = cli_find_key("autoexec", "");
        if (!cli_is_blank_or_comment(s))
            cli_add(rd, o, NULL, s);
        snprintf(str, (size_t)num, "\n");
        return str;
    }
    if ((int)(e - buf) >= num - 1) {
        cli_reading_fail(rd, NULL, NULL, "the line is too long for a configuration file");
        snprintf(str, (size_t)num, "\n");
        return str;
    }
    snprintf(str, (size_t)num, "%s\n", s);
    return str;
}

static int cli_file_handler(void *user, const char *section, const char *name, const char *value)
{
    struct cli_file *cf = user;
    struct cli_reading *rd = cf->rd;
    const struct cli_option *o;
    char msg[400];

    if (!section[0]) {
        snprintf(msg, sizeof(msg), "%s: a key before any [section]", name);
        cli_reading_fail(rd, NULL, NULL, msg);
        return 1;
    }
    if (!cli_section_known(section)) {
        snprintf(msg, sizeof(msg), "unknown section [%s] (hvdos --print-config lists the sections)",
                 section);
        cli_reading_fail(rd, NULL, NULL, msg);
        return 1;
    }
    o = cli_find_key(section, name);
    if (!o) {
        snprintf(msg, sizeof(msg), "[%s] %s: unknown key (hvdos --print-config lists the keys)",
                 section, name);
        cli_reading_fail(rd, NULL, NULL, msg);
        return 1;
    }
    if (o->flags & CLI_FLAG) {
        int b = cli_bool(value);
        if (b < 0) {
            snprintf(msg, sizeof(msg), "wants true or false, not '%s'", value);
            cli_reading_fail(rd, o, name, msg);
            return 1;
        }
        value = b ? "true" : "false";
    }
    cli_add(rd, o, o->flags & CLI_KEYED ? name : NULL, value);
    return 1;
}

/* Reads one file; a missing one is no error unless it was asked for (--config). */
static int cli_read_file(struct cli *cli, int source, const char *path, bool must, char *err,
                         size_t errlen)
{
    struct cli_reading rd = {
        .cli = cli, .source = source, .file = path, .err = err, .errlen = errlen};
    struct cli_file cf = {.rd = &rd};
    struct stat st;
    int rc;

    /* A file hvdos looks for is there when it can be seen: a HOME that cannot be
     * entered (another user's) has none. */
    if (!must && stat(path, &st))
        return 0;
    cf.f = fopen(path, "r");
    if (cf.f && !fstat(fileno(cf.f), &st) && S_ISDIR(st.st_mode)) {
        fclose(cf.f);
        cf.f = NULL;
        errno = EISDIR;
    }
    if (!cf.f) {
        snprintf(err, errlen, "cannot read the configuration file %s: %s", path, strerror(errno));
        return -1;
    }
    rc = ini_parse_stream(cli_file_reader, &cf, cli_file_handler, &cf);
    fclose(cf.f);
    if (!rd.failed && rc > 0) {
        rd.line = rc;
        cli_reading_fail(&rd, NULL, NULL, "not a [section] or a 'key = value' line");
    }
    return rd.failed ? -1 : 0;
}

/* ---------------------------------------------------------------------------------
 * The parse: the command line first (it names --config), then the files in order,
 * then the command line's values; then which value of each key stands.
 */

static const struct cli_option *cli_by_letter(int letter)
{
    for (size_t i = 0; i < CLI_NOPTIONS; i++)
        if (cli_options[i].letter == letter)
            return &cli_options[i];
    return NULL;
}

/* Marks the settings a later one replaces. */
static void cli_merge(struct cli *cli)
{
    for (size_t i = 0; i < cli->nsettings; i++) {
        struct cli_setting *s = &cli->settings[i];
        for (size_t j = i + 1; j < cli->nsettings && !s->dead; j++) {
            const struct cli_setting *t = &cli->settings[j];
            if (t->opt != s->opt || (s->opt->flags & CLI_APPEND))
                continue;
            if (s->opt->flags & CLI_KEYED)
                s->dead = !strcmp(s->key, t->key);
            else if (s->opt->flags & CLI_LIST)
                s->dead = t->source != s->source;
            else
                s->dead = true;
        }
    }
}

static int cli_apply(struct cli *cli, char *err, size_t errlen)
{
    for (size_t i = 0; i < cli->nsettings; i++) {
        struct cli_setting *s = &cli->settings[i];
        const struct cli_option *o = s->opt;
        char msg[400];

        if (s->dead)
            continue;
        s->text = cli_setter_text(s);
        if (!s->text)
            abort();
        if (!o->set(&cli->cfg, o, s->text, msg, sizeof(msg)))
            continue;
        if (s->source == CLI_SOURCE_ARGV)
            snprintf(err, errlen, "--%s %s", o->name, msg);
        else
            snprintf(err, errlen, "%s: [%s]%s%s %s", s->origin, o->section, o->key ? " " : "",
                     o->key ? o->key : "", msg);
        return -1;
    }
    return 0;
}

static char *cli_user_file(void)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    char *path = NULL;
    int rc;

    /* The XDG base directory rules: a relative XDG_CONFIG_HOME is ignored. */
    if (xdg && xdg[0] == '/')
        rc = asprintf(&path, "%s/hvdos/hvdos.ini", xdg);
    else if (home && home[0])
        rc = asprintf(&path, "%s/.config/hvdos/hvdos.ini", home);
    else
        return NULL;
    return rc < 0 ? NULL : path;
}

/* The command line's options into settings; --config's files into configs. */
static enum cli_action cli_read_argv(struct cli *cli, int argc, char **argv, const char **configs,
                                     size_t *nconfigs, size_t maxconfigs, char *err, size_t errlen)
{
    struct option longopts[CLI_NOPTIONS + 1];
    char shortopts[2 * CLI_NOPTIONS + 4] = "+:";
    struct cli_reading rd = {.cli = cli, .err = err, .errlen = errlen};
    size_t nlong = 0, nshort = 2;
    bool print = false;
    int opt, rc;

    for (size_t i = 0; i < CLI_NOPTIONS; i++) {
        const struct cli_option *o = &cli_options[i];
        if (!o->name)
            continue;
        longopts[nlong++] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL,
                                            o->letter ? o->letter : 256 + (int)i};
        if (o->letter) {
            shortopts[nshort++] = o->letter;
            if (o->arg)
                shortopts[nshort++] = ':';
        }
    }
    longopts[nlong] = (struct option){NULL, 0, NULL, 0};
    shortopts[nshort] = 0;

    /* The command line's values are read first and given the last source number. */
    rd.source = CLI_SOURCE_ARGV;
    optind = 0; /* start over: tests parse more than one command line */
    opterr = 0;
    /* '+': stop at the first non-option, which is PROGRAM. */
    while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        const struct cli_option *o;

        if (opt == ':') {
            snprintf(err, errlen, "%s needs a value", argv[optind - 1]);
            return CLI_ERROR;
        }
        o = opt >= 256 ? &cli_options[opt - 256] : opt != '?' ? cli_by_letter(opt) : NULL;
        if (!o) {
            if (optopt)
                snprintf(err, errlen, "unknown option -%c", optopt);
            else
                snprintf(err, errlen, "unknown option %s", argv[optind - 1]);
            return CLI_ERROR;
        }
        switch (o->meta) {
        case CLI_META_HELP: return CLI_HELP;
        case CLI_META_VERSION: return CLI_VERSION;
        case CLI_META_PRINT: print = true; continue;
        case CLI_META_CONFIG:
            if (*nconfigs == maxconfigs) {
                snprintf(err, errlen, "too many --config options");
                return CLI_ERROR;
            }
            configs[(*nconfigs)++] = optarg;
            continue;
        case CLI_META_NONE: break;
        }
        if (o->flags & CLI_FLAG) {
            rc = cli_add(&rd, o, NULL, o->flags & CLI_NEGATED ? "false" : "true");
        } else if (o->flags & CLI_KEYED) {
            char key[64];
            size_t klen = strcspn(optarg, "=");
            snprintf(key, sizeof(key), "%.*s", (int)(klen < sizeof(key) ? klen : 0), optarg);
            rc = optarg[klen] && klen ? cli_add(&rd, o, key, optarg + klen + 1)
                                      : cli_add(&rd, o, NULL, optarg);
        } else {
            rc = cli_add(&rd, o, NULL, optarg);
        }
        if (rc)
            return CLI_ERROR;
    }
    if (optind < argc) {
        cli->cfg.program = argv[optind];
        cli->cfg.args = argv + optind + 1;
        cli->cfg.nargs = argc - optind - 1;
    }
    if (cli->cfg.program && print) {
        snprintf(err, errlen,
                 "--print-config prints the configuration instead of running a "
                 "program: give one or the other");
        return CLI_ERROR;
    }
    return print ? CLI_PRINT_CONFIG : CLI_RUN;
}

enum cli_action cli_parse(struct cli *cli, int argc, char **argv, char *err, size_t errlen)
{
    const char *configs[16];
    size_t nconfigs = 0;
    enum cli_action action;
    char *user;
    int rc;

    memset(cli, 0, sizeof(*cli));
    cli->cfg.cpu = "auto";
    cli->cfg.mouse_buttons = 2;
    action = cli_read_argv(cli, argc, argv, configs, &nconfigs,
                           sizeof(configs) / sizeof(configs[0]), err, errlen);
    if (action == CLI_ERROR) {
        size_t n = strlen(err);
        snprintf(err + n, errlen - n, " (see hvdos --help)");
    }
    if (action != CLI_RUN && action != CLI_PRINT_CONFIG)
        return action;

    user = cli_user_file();
    rc = user ? cli_read_file(cli, 0, user, false, err, errlen) : 0;
    free(user);
    if (!rc)
        rc = cli_read_file(cli, 1, "hvdos.ini", false, err, errlen);
    for (size_t i = 0; i < nconfigs && !rc; i++)
        rc = cli_read_file(cli, 2 + (int)i, configs[i], true, err, errlen);
    if (rc)
        return CLI_ERROR;
    /* Sorted by source, keeping each source's order: the command line's come last. */
    for (size_t i = 1; i < cli->nsettings; i++) {
        struct cli_setting s = cli->settings[i];
        size_t j = i;
        for (; j > 0 && cli->settings[j - 1].source > s.source; j--)
            cli->settings[j] = cli->settings[j - 1];
        cli->settings[j] = s;
    }
    cli_merge(cli);
    if (cli_apply(cli, err, errlen))
        return CLI_ERROR;
    if (action == CLI_PRINT_CONFIG)
        return CLI_PRINT_CONFIG;

    if (cli->cfg.ncommands && (cli->cfg.program || cli->cfg.demo)) {
        snprintf(err, errlen,
                 "-c runs commands instead of a program: give one or the other "
                 "(see hvdos --help)");
        return CLI_ERROR;
    }
    if (cli->cfg.demo && cli->cfg.program) {
        snprintf(err, errlen,
                 "--demo runs the demo instead of a program: give one or the other (see "
                 "hvdos --help)");
        return CLI_ERROR;
    }
    return CLI_RUN;
}

void cli_free(struct cli *cli)
{
    for (size_t i = 0; i < cli->nsettings; i++)
        cli_setting_free(&cli->settings[i]);
    free(cli->settings);
    memset(cli, 0, sizeof(*cli));
}

/* ---------------------------------------------------------------------------------
 * --print-config: a configuration file that would give the same run.
 */

static void cli_print_value(FILE *out, const char *key, const char *value, const char *origin)
{
    int n = fprintf(out, "%s = %s", key, value);
    fprintf(out, "%*s ; %s\n", n < 32 ? 32 - n : 0, "", origin);
}

void cli_print_config(const struct cli *cli, FILE *out)
{
    fputs("# hvdos's configuration: each value and where it came from (the default when\n"
          "# nothing set it). The files: $XDG_CONFIG_HOME/hvdos/hvdos.ini, ./hvdos.ini,\n"
          "# each --config FILE, then the command line.\n",
          out);
    for (size_t sec = 0; sec < sizeof(cli_sections) / sizeof(cli_sections[0]); sec++) {
        fprintf(out, "\n[%s]\n", cli_sections[sec]);
        for (size_t i = 0; i < CLI_NOPTIONS; i++) {
            const struct cli_option *o = &cli_options[i];
            bool any = false;

            if (!o->section || strcmp(o->section, cli_sections[sec]))
                continue;
            for (size_t j = 0; j < cli->nsettings; j++) {
                const struct cli_setting *s = &cli->settings[j];
                if (s->opt != o || s->dead)
                    continue;
                any = true;
                if (o->flags & CLI_APPEND)
                    fprintf(out, "; %s\n%s\n", s->origin, s->value);
                else
                    cli_print_value(out, s->key ? s->key : o->key, s->value, s->origin);
            }
            if (!any && o->def)
                fprintf(out, "; %s = %s (the default)\n", o->key, o->def);
        }
    }
}
