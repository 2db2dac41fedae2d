/* The internal commands that are not about files: CLS, SET, PATH, PROMPT, VER, VOL,
 * DATE, TIME, EXIT, CHCP, BREAK, VERIFY, LH/LOADHIGH, TRUENAME, with MS-DOS's words. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bios/bda.h"
#include "dos/dos.h"
#include "shell/shell_priv.h"

void shell_cmd_cls(struct shell *sh, char *args)
{
    struct machine *m = sh->m;
    int info = shell_dos_devinfo(sh, 1);

    shell_flush(sh);
    if (info >= 0 && (info & 0x82) == 0x82) {
        /* The console: the BIOS clears the page and homes the cursor. */
        struct cpu_regs r = {.ax = 0x0F00};
        uint8_t page,
            rows = (uint8_t)(bda_read8(m, BDA_VIDEO_ROWS) ? bda_read8(m, BDA_VIDEO_ROWS) : 24);
        uint8_t cols = (uint8_t)bda_read16(m, BDA_VIDEO_COLS);
        shell_int(sh, 0x10, &r);
        page = r.bh;
        r = (struct cpu_regs){.ax = 0x0600,
                              .bx = 0x0700,
                              .cx = 0,
                              .dx = (uint16_t)(rows << 8 | (uint8_t)(cols ? cols - 1 : 79))};
        shell_int(sh, 0x10, &r);
        r = (struct cpu_regs){.ax = 0x0200, .bx = (uint16_t)(page << 8), .dx = 0};
        shell_int(sh, 0x10, &r);
        return;
    }
    /* Redirected: what ANSI.SYS would take as "clear the screen". */
    shell_puts(sh, "\x1B[2J");
}

static bool env_show(void *ctx, const char *s)
{
    struct shell *sh = ctx;

    shell_puts(sh, s);
    shell_crlf(sh);
    return true;
}

void shell_cmd_set(struct shell *sh, char *args)
{
    char *s = shell_skip_blanks(args), *eq;

    if (!*shell_trim(s)) {
        shell_env_each(sh, env_show, sh);
        return;
    }
    eq = strchr(s, '=');
    if (!eq || eq == s) {
        shell_error(sh, "Syntax error");
        return;
    }
    *eq = 0;
    {
        char *name = shell_trim(s);
        if (!*name) {
            shell_error(sh, "Syntax error");
            return;
        }
        if (!shell_env_set(sh, name, eq + 1))
            shell_error(sh, "Out of environment space");
    }
}

void shell_cmd_path(struct shell *sh, char *args)
{
    char *s = shell_trim(args), value[256];

    if (*s == '=')
        s = shell_trim(s + 1);
    if (!*s) {
        if (shell_env_get(sh, "PATH", value, sizeof(value)) && *value)
            shell_printf(sh, "PATH=%s\r\n", value);
        else
            shell_puts(sh, "No Path\r\n");
        return;
    }
    if (!strcmp(s, ";")) {
        shell_env_set(sh, "PATH", NULL);
        return;
    }
    shell_upcase(s);
    if (!shell_env_set(sh, "PATH", s))
        shell_error(sh, "Out of environment space");
}

void shell_cmd_prompt(struct shell *sh, char *args)
{
    char *s = shell_skip_blanks(args);

    if (*s == '=')
        s++;
    if (!shell_env_set(sh, "PROMPT", *shell_trim(s) ? s : "$P$G"))
        shell_error(sh, "Out of environment space");
}

void shell_cmd_ver(struct shell *sh, char *args)
{
    struct cpu_regs r = {.ax = 0x3000};

    shell_dos(sh, &r);
    shell_printf(sh, "\r\nMS-DOS Version %u.%02u\r\n", r.al, r.ah);
}

void shell_volume_lines(struct shell *sh, int drive)
{
    struct shell_found f;
    char pattern[8], label[16];
    size_t n = 0;

    snprintf(pattern, sizeof(pattern), "%c:\\*.*", 'A' + drive);
    if (shell_dos_find_first(sh, pattern, 0x08, &f) < 0 || !(f.attr & 0x08)) {
        shell_printf(sh, " Volume in drive %c has no label\r\n", 'A' + drive);
        return;
    }
    for (const char *p = f.name; *p && n + 1 < sizeof(label); p++)
        if (*p != '.')
            label[n++] = *p;
    label[n] = 0;
    shell_printf(sh, " Volume in drive %c is %s\r\n", 'A' + drive, label);
}

/* "X:" at the start of an argument: its drive, else the current one; -1 if invalid. */
static int arg_drive(struct shell *sh, const char *s)
{
    int drive;

    if (!isalpha((unsigned char)s[0]) || s[1] != ':')
        return shell_dos_getdrive(sh);
    drive = toupper((unsigned char)s[0]) - 'A';
    {
        char cwd[80];
        if (shell_dos_getcwd(sh, drive, cwd, sizeof(cwd)) < 0)
            return -1;
    }
    return drive;
}

void shell_cmd_vol(struct shell *sh, char *args)
{
    int drive = arg_drive(sh, shell_trim(args));

    if (drive < 0) {
        shell_error(sh, "Invalid drive specification");
        return;
    }
    shell_crlf(sh);
    shell_volume_lines(sh, drive);
}

void shell_cmd_truename(struct shell *sh, char *args)
{
    char *s = shell_trim(args), out[160];
    int rc = shell_dos_truename(sh, *s ? s : ".", out, sizeof(out));

    if (rc < 0) {
        shell_error(sh, "%s", shell_dos_message(rc));
        return;
    }
    shell_printf(sh, "%s\r\n", out);
}

/* ---------------------------------------------------------------------------------
 * DATE and TIME: shown, and set from the argument or a line typed (an empty line
 * keeps them). The host's clock is not the guest's to change: DOS accepts a valid
 * value and the clock goes on as it was.
 */

static bool read_answer(struct shell *sh, char *buf)
{
    int n = shell_read_line(sh, buf);
    return n >= 0;
}

static bool date_set(struct shell *sh, const char *s)
{
    unsigned mm, dd, yy;
    char sep1, sep2, extra;
    struct cpu_regs r = {.ax = 0x2B00};

    if (sscanf(s, "%u%c%u%c%u%c", &mm, &sep1, &dd, &sep2, &yy, &extra) != 5 ||
        !strchr("-/.", sep1) || !strchr("-/.", sep2))
        return false;
    if (yy < 80)
        yy += 2000;
    else if (yy < 100)
        yy += 1900;
    r.cx = (uint16_t)yy;
    r.dh = (uint8_t)mm;
    r.dl = (uint8_t)dd;
    shell_dos(sh, &r);
    return r.al == 0;
}

void shell_cmd_date(struct shell *sh, char *args)
{
    static const char days[] = "SunMonTueWedThuFriSat";
    char *s = shell_trim(args), line[SHELL_LINE_MAX];
    struct cpu_regs r = {.ax = 0x2A00};

    if (*s) {
        if (!date_set(sh, s))
            shell_error(sh, "Invalid date");
        return;
    }
    shell_dos(sh, &r);
    shell_printf(sh, "Current date is %.3s %02u-%02u-%04u\r\n", days + 3 * (r.al % 7), r.dh, r.dl,
                 r.cx);
    for (;;) {
        shell_puts(sh, "Enter new date (mm-dd-yy): ");
        if (!read_answer(sh, line) || !*shell_trim(line))
            return;
        if (date_set(sh, shell_trim(line)))
            return;
        shell_puts(sh, "Invalid date\r\n");
    }
}

static bool time_set(struct shell *sh, const char *s)
{
    unsigned h = 0, mi = 0, sec = 0, cs = 0;
    char ap = 0;
    int n;
    struct cpu_regs r = {.ax = 0x2D00};

    n = sscanf(s, "%u:%u:%u.%u", &h, &mi, &sec, &cs);
    if (n < 1)
        return false;
    for (const char *p = s; *p; p++)
        if (isalpha((unsigned char)*p))
            ap = (char)toupper((unsigned char)*p);
    if (ap == 'P' && h < 12)
        h += 12;
    else if (ap == 'A' && h == 12)
        h = 0;
    else if (ap && ap != 'A' && ap != 'P')
        return false;
    r.ch = (uint8_t)h;
    r.cl = (uint8_t)mi;
    r.dh = (uint8_t)sec;
    r.dl = (uint8_t)cs;
    if (h > 23 || mi > 59 || sec > 59 || cs > 99)
        return false;
    shell_dos(sh, &r);
    return r.al == 0;
}

void shell_cmd_time(struct shell *sh, char *args)
{
    char *s = shell_trim(args), line[SHELL_LINE_MAX];
    struct cpu_regs r = {.ax = 0x2C00};
    unsigned h;

    if (*s) {
        if (!time_set(sh, s))
            shell_error(sh, "Invalid time");
        return;
    }
    shell_dos(sh, &r);
    h = r.ch % 12 ? r.ch % 12 : 12;
    shell_printf(sh, "Current time is %2u:%02u:%02u.%02u%c\r\n", h, r.cl, r.dh, r.dl,
                 r.ch < 12 ? 'a' : 'p');
    for (;;) {
        shell_puts(sh, "Enter new time: ");
        if (!read_answer(sh, line) || !*shell_trim(line))
            return;
        if (time_set(sh, shell_trim(line)))
            return;
        shell_puts(sh, "Invalid time\r\n");
    }
}

void shell_cmd_exit(struct shell *sh, char *args)
{
    char *s = shell_trim(args);

    /* EXIT ends this COMMAND.COM; the primary shell's EXIT ends the session (hvdos
     * exits with ERRORLEVEL, or the number given, as later DOS shells take it). */
    sh->exit_now = true;
    sh->exit_code = *s ? atoi(s) & 0xFF : sh->errorlevel;
    shell_batch_cancel_all(sh);
}

void shell_cmd_chcp(struct shell *sh, char *args)
{
    char *s = shell_trim(args);

    if (!*s) {
        shell_puts(sh, "Active code page: 437\r\n");
        return;
    }
    if (strcmp(s, "437"))
        shell_error(sh, "Invalid code page");
}

static void on_off(struct shell *sh, char *args, const char *what, uint16_t get, uint16_t set)
{
    char *s = shell_trim(args);
    struct cpu_regs r = {.ax = get};

    if (!*s) {
        shell_dos(sh, &r);
        shell_printf(sh, "%s is %s\r\n", what, (get == 0x3300 ? r.dl : r.al) ? "on" : "off");
        return;
    }
    if (strcasecmp(s, "ON") && strcasecmp(s, "OFF")) {
        shell_error(sh, "Must specify ON or OFF");
        return;
    }
    r.ax = set;
    if (set == 0x3301)
        r.dl = !strcasecmp(s, "ON");
    else
        r.al = !strcasecmp(s, "ON");
    shell_dos(sh, &r);
}

void shell_cmd_break(struct shell *sh, char *args)
{
    on_off(sh, args, "BREAK", 0x3300, 0x3301);
}

void shell_cmd_verify(struct shell *sh, char *args)
{
    on_off(sh, args, "VERIFY", 0x5400, 0x2E00);
}

void shell_cmd_lh(struct shell *sh, char *args)
{
    char *s = shell_skip_blanks(args);

    /* No upper memory yet: a plain load. /L:... and /S are LOADHIGH's own. */
    while (*s == '/') {
        s += strcspn(s, " \t");
        s = shell_skip_blanks(s);
    }
    shell_run_command(sh, s);
}
