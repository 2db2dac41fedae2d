/* Running a command line: pipes through temporary files, redirection of standard
 * input and output, drive changes, internal commands, and programs and batch files
 * found on the current directory and PATH (.COM, then .EXE, then .BAT), started with
 * the in-process EXEC. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "machine/rom.h"
#include "dos/dos.h"
#include "shell/shell_priv.h"

static const struct shell_command commands[] = {
    {"BREAK", shell_cmd_break},   {"CALL", shell_cmd_call},
    {"CD", shell_cmd_cd},         {"CHCP", shell_cmd_chcp},
    {"CHDIR", shell_cmd_cd},      {"CLS", shell_cmd_cls},
    {"COPY", shell_cmd_copy},     {"DATE", shell_cmd_date},
    {"DEL", shell_cmd_del},       {"DIR", shell_cmd_dir},
    {"ECHO", shell_cmd_echo},     {"ERASE", shell_cmd_del},
    {"EXIT", shell_cmd_exit},     {"FOR", shell_cmd_for},
    {"GOTO", shell_cmd_goto},     {"IF", shell_cmd_if},
    {"LH", shell_cmd_lh},         {"LOADHIGH", shell_cmd_lh},
    {"MD", shell_cmd_md},         {"MKDIR", shell_cmd_md},
    {"PATH", shell_cmd_path},     {"PAUSE", shell_cmd_pause},
    {"PROMPT", shell_cmd_prompt}, {"RD", shell_cmd_rd},
    {"REM", shell_cmd_rem},       {"REN", shell_cmd_ren},
    {"RENAME", shell_cmd_ren},    {"RMDIR", shell_cmd_rd},
    {"SET", shell_cmd_set},       {"SHIFT", shell_cmd_shift},
    {"TIME", shell_cmd_time},     {"TRUENAME", shell_cmd_truename},
    {"TYPE", shell_cmd_type},     {"VER", shell_cmd_ver},
    {"VERIFY", shell_cmd_verify}, {"VOL", shell_cmd_vol},
};

const struct shell_command *shell_command_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strlen(commands[i].name) == len && !strncasecmp(commands[i].name, name, len))
            return &commands[i];
    return NULL;
}

/* ---------------------------------------------------------------------------------
 * Programs.
 */

static const char *exec_message(int err, const char *path)
{
    const char *dot = strrchr(path, '.');

    switch (err < 0 ? -err : err) {
    case DOSERR_FILE_NOT_FOUND:
    case DOSERR_PATH_NOT_FOUND: return "Bad command or file name";
    case DOSERR_NO_MEMORY: return "Program too big to fit in memory";
    case DOSERR_BAD_FORMAT:
        return dot && !strcasecmp(dot, ".EXE") ? "Error in EXE file" : "Bad command or file name";
    default: return shell_dos_message(err);
    }
}

/* Offset in the tail of its n-th blank-separated word (0 = the first), or -1. */
static int tail_word(const char *tail, int n)
{
    const char *s = tail;

    for (int i = 0;; i++) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            return -1;
        if (i == n)
            return (int)(s - tail);
        while (*s && *s != ' ' && *s != '\t')
            s++;
    }
}

static void parse_fcb(struct shell *sh, int word, uint16_t fcb)
{
    struct cpu_regs r = {.ax = 0x2901};

    mem_fill(&sh->m->mem, shell_data(sh, fcb), 0, 16);
    mem_fill(&sh->m->mem, shell_data(sh, fcb) + 1, ' ', 11);
    if (word < 0)
        return;
    r.ds = r.es = sh->psp;
    r.si = (uint16_t)(sh->data + SHELL_TAIL + 1 + word);
    r.di = (uint16_t)(sh->data + fcb);
    shell_dos(sh, &r);
}

int shell_exec(struct shell *sh, const char *path, const char *tail)
{
    struct machine *m = sh->m;
    uint32_t pb = shell_data(sh, SHELL_EXEC_PB);
    size_t len = strlen(tail);
    char cut[128];
    bool cmdline = false;
    struct cpu_regs r = {.ax = 0x4B00};
    int rc;

    shell_flush(sh);
    if (len > 126) {
        /* DOS has room for 126 characters; programs that know the convention find the
         * whole line in CMDLINE (as on Windows 95). */
        cmdline = shell_env_set(sh, "CMDLINE", tail[0] == ' ' ? tail + 1 : tail);
        len = 126;
    }
    snprintf(cut, sizeof(cut), "%.*s", (int)len, tail);
    mem_wr8(&m->mem, shell_data(sh, SHELL_TAIL), (uint8_t)len);
    mem_write(&m->mem, shell_data(sh, SHELL_TAIL) + 1, cut, len);
    mem_wr8(&m->mem, shell_data(sh, SHELL_TAIL) + 1 + len, '\r');
    parse_fcb(sh, tail_word(cut, 0), SHELL_FCB1);
    parse_fcb(sh, tail_word(cut, 1), SHELL_FCB2);
    mem_wr16(&m->mem, pb + EXEC_ENV, 0);
    mem_wr16(&m->mem, pb + EXEC_TAIL, (uint16_t)(sh->data + SHELL_TAIL));
    mem_wr16(&m->mem, pb + EXEC_TAIL + 2, sh->psp);
    mem_wr16(&m->mem, pb + EXEC_FCB1, (uint16_t)(sh->data + SHELL_FCB1));
    mem_wr16(&m->mem, pb + EXEC_FCB1 + 2, sh->psp);
    mem_wr16(&m->mem, pb + EXEC_FCB2, (uint16_t)(sh->data + SHELL_FCB2));
    mem_wr16(&m->mem, pb + EXEC_FCB2 + 2, sh->psp);

    /* The child gets DOS's ^C handler, which ends it; the shell's own comes back
     * after. */
    shell_dos_set_vector(sh, 0x23, ROM_SEG, rom_stub(&m->rom, 0x23));
    {
        char p[128];
        snprintf(p, sizeof(p), "%s", path);
        mem_write(&m->mem, shell_data(sh, SHELL_PATH), p, strlen(p) + 1);
    }
    shell_regs_data(sh, &r, SHELL_PATH);
    r.bx = (uint16_t)(sh->data + SHELL_EXEC_PB);
    rc = shell_dos(sh, &r);
    shell_dos_set_vector(sh, 0x23, sh->psp, sh->int23);
    if (cmdline)
        shell_env_set(sh, "CMDLINE", NULL);
    if (rc < 0)
        return rc;
    r = (struct cpu_regs){.ax = 0x4D00};
    shell_dos(sh, &r);
    sh->errorlevel = r.al;
    sh->ret_type = r.ah;
    sh->at_bol = false;
    return 0;
}

/* Whether a file (not a directory) exists at path. */
static bool file_exists(struct shell *sh, const char *path)
{
    int attr = shell_dos_attr(sh, path);
    return attr >= 0 && !(attr & 0x18);
}

/* Looks for name (with COM, EXE, BAT tried in that order if it has no extension) in
 * dir; the path found into out. */
static bool find_in_dir(struct shell *sh, const char *dir, const char *name, char *out, size_t max)
{
    static const char *const exts[] = {".COM", ".EXE", ".BAT"};
    const char *base = strrchr(name, '\\');
    const char *dot = strrchr(base ? base : name, '.');

    if (dot) {
        if (strcasecmp(dot, ".COM") && strcasecmp(dot, ".EXE") && strcasecmp(dot, ".BAT"))
            return false;
        shell_path_join(out, max, dir, name);
        if (!*dir)
            snprintf(out, max, "%s", name);
        return file_exists(sh, out);
    }
    for (size_t i = 0; i < 3; i++) {
        char full[128];
        snprintf(full, sizeof(full), "%s%s", name, exts[i]);
        if (*dir)
            shell_path_join(out, max, dir, full);
        else
            snprintf(out, max, "%s", full);
        if (file_exists(sh, out))
            return true;
    }
    return false;
}

/* The program or batch file a command names: as given if it has a path, else in the
 * current directory and then each directory of PATH. */
static bool program_find(struct shell *sh, const char *name, char *out, size_t max)
{
    char path[512], *dir, *save;

    if (strlen(name) > 80)
        return false;
    if (find_in_dir(sh, "", name, out, max))
        return true;
    if (strchr(name, '\\') || strchr(name, '/') || strchr(name, ':'))
        return false;
    if (!shell_env_get(sh, "PATH", path, sizeof(path)))
        return false;
    for (dir = strtok_r(path, ";", &save); dir; dir = strtok_r(NULL, ";", &save)) {
        dir = shell_skip_blanks(dir);
        if (*dir && find_in_dir(sh, dir, name, out, max))
            return true;
    }
    return false;
}

bool shell_run_external(struct shell *sh, const char *name, const char *tail, bool call)
{
    char path[160], full[160];
    const char *dot;
    int rc;

    if (!program_find(sh, name, path, sizeof(path)))
        return false;
    if (shell_dos_truename(sh, path, full, sizeof(full)) < 0)
        snprintf(full, sizeof(full), "%s", path);
    dot = strrchr(full, '.');
    if (dot && !strcasecmp(dot, ".BAT")) {
        shell_batch_start(sh, full, name, tail, call);
        return true;
    }
    rc = shell_exec(sh, full, tail);
    if (rc < 0) {
        shell_error(sh, "%s", exec_message(rc, full));
        return true;
    }
    if (sh->ret_type == 1 && sh->batch)
        shell_batch_ask_terminate(sh);
    return true;
}

/* ---------------------------------------------------------------------------------
 * One command.
 */

void shell_run_command(struct shell *sh, char *line)
{
    char *s = shell_skip_blanks(line), name[128];
    const struct shell_command *c;
    size_t len;

    while (*s == '@')
        s = shell_skip_blanks(s + 1);
    /* Trailing blanks stay: ECHO shows them, and programs get them in their tail. */
    if (!*shell_skip_blanks(s) || *s == ':')
        return; /* an empty line, or a label */
    /* "D:" alone changes the current drive. */
    if (isalpha((unsigned char)s[0]) && s[1] == ':' && !*shell_skip_blanks(s + 2)) {
        if (shell_dos_setdrive(sh, toupper((unsigned char)s[0]) - 'A') < 0)
            shell_error(sh, "Invalid drive specification");
        return;
    }
    len = shell_command_len(s);
    c = len ? shell_command_find(s, len) : NULL;
    if (c) {
        c->fn(sh, s + len);
        return;
    }
    /* A program: its name runs to a blank or a switch, the tail is the rest as typed. */
    len = strcspn(s, " \t/;,=+");
    if (!len || len >= sizeof(name)) {
        shell_error(sh, "Bad command or file name");
        return;
    }
    snprintf(name, sizeof(name), "%.*s", (int)len, s);
    if (strchr(name, '*') || strchr(name, '?') || !shell_run_external(sh, name, s + len, false))
        shell_error(sh, "Bad command or file name");
}

/* ---------------------------------------------------------------------------------
 * Pipes and redirection.
 */

struct segment {
    char *cmd;
    char *in, *out;
    bool append;
};

/* Takes the redirections out of a command, leaving the command text. */
static bool segment_parse(struct shell *sh, char *text, struct segment *seg)
{
    char *w = text, *r = text;
    bool quoted = false;

    seg->cmd = text;
    seg->in = seg->out = NULL;
    seg->append = false;
    while (*r) {
        if (*r == '"')
            quoted = !quoted;
        if (!quoted && (*r == '<' || *r == '>')) {
            char kind = *r++, **target;
            size_t n;
            bool append = false;
            if (kind == '>' && *r == '>') {
                append = true;
                r++;
            }
            r = shell_skip_blanks(r);
            n = strcspn(r, " \t<>|");
            if (!n) {
                shell_error(sh, "Syntax error");
                return false;
            }
            target = kind == '<' ? &seg->in : &seg->out;
            *target = shell_alloc(sh, n);
            memcpy(*target, r, n);
            if (kind == '>')
                seg->append = append;
            r += n;
            continue;
        }
        *w++ = *r++;
    }
    *w = 0;
    return true;
}

static int open_input(struct shell *sh, const char *name)
{
    return shell_dos_open(sh, name, 0x00);
}

static int open_output(struct shell *sh, const char *name, bool append)
{
    int h = -1;

    if (append) {
        h = shell_dos_open(sh, name, 0x02);
        if (h >= 0) {
            /* Appending goes on before a ^Z that ends the text. */
            long end = shell_dos_seek(sh, h, 2, 0);
            char last = 0;
            if (end > 0 && shell_dos_seek(sh, h, 2, -1) >= 0 &&
                shell_dos_read(sh, h, &last, 1) == 1 && last == 0x1A)
                shell_dos_seek(sh, h, 2, -1);
            else
                shell_dos_seek(sh, h, 2, 0);
            return h;
        }
    }
    return shell_dos_create(sh, name, 0);
}

/* Points handle target (0 or 1) at h; the old one is kept to be put back. */
static void redirect(struct shell *sh, struct shell_redir *rd, int target, int h)
{
    if (rd->saved[target] < 0) {
        shell_flush(sh);
        rd->saved[target] = shell_dos_dup(sh, target);
        shell_handle_untrack(sh, rd->saved[target]);
    }
    shell_dos_force_dup(sh, h, target);
    shell_dos_close(sh, h);
}

static void redirect_restore(struct shell *sh, struct shell_redir *rd)
{
    shell_flush(sh);
    for (int t = 0; t < 2; t++) {
        int saved = rd->saved[t];
        if (saved < 0)
            continue;
        rd->saved[t] = -1;
        shell_dos_force_dup(sh, saved, t);
        shell_dos_close(sh, saved);
    }
}

/* A temporary file for a pipe: in TEMP if it names a directory, else in the root of
 * the current drive. */
static int pipe_create(struct shell *sh, char *name, size_t max)
{
    struct cpu_regs r = {.ax = 0x5A00};
    char dir[80];
    int h;

    if (!shell_env_get(sh, "TEMP", dir, sizeof(dir)) || !*dir)
        snprintf(dir, sizeof(dir), "\\");
    for (int tries = 0; tries < 2; tries++) {
        char p[128];
        snprintf(p, sizeof(p), "%s", dir);
        mem_write(&sh->m->mem, shell_data(sh, SHELL_PATH), p, strlen(p) + 1);
        shell_regs_data(sh, &r, SHELL_PATH);
        r.cx = 0;
        h = shell_dos(sh, &r);
        if (h >= 0) {
            mem_read(&sh->m->mem, shell_data(sh, SHELL_PATH), name, max);
            name[max - 1] = 0;
            return h;
        }
        snprintf(dir, sizeof(dir), "\\");
        r.ax = 0x5A00;
    }
    return h;
}

static void pipe_delete(struct shell *sh, struct shell_redir *rd, int slot)
{
    if (rd->pipe_files[slot][0])
        shell_dos_path(sh, 0x4100, rd->pipe_files[slot], 0);
    rd->pipe_files[slot][0] = 0;
}

void shell_redir_unwind(struct shell *sh)
{
    while (sh->redir) {
        struct shell_redir *rd = sh->redir;
        sh->redir = rd->up;
        redirect_restore(sh, rd);
        pipe_delete(sh, rd, 0);
        pipe_delete(sh, rd, 1);
    }
}

/* The parts of a line between |s outside quotes. */
static int split_pipes(struct shell *sh, const char *line, char **parts, int max)
{
    int n = 0;
    bool quoted = false;
    const char *start = line;

    for (const char *s = line;; s++) {
        if (*s == '"')
            quoted = !quoted;
        if (!*s || (*s == '|' && !quoted)) {
            if (n < max) {
                parts[n] = shell_alloc(sh, (size_t)(s - start));
                memcpy(parts[n], start, (size_t)(s - start));
                n++;
            }
            if (!*s)
                break;
            start = s + 1;
        }
    }
    return n;
}

void shell_run_line(struct shell *sh, const char *line)
{
    struct shell_redir rd = {.up = sh->redir, .saved = {-1, -1}};
    char *parts[8];
    int n = split_pipes(sh, line, parts, 8), prev = -1;

    sh->redir = &rd;
    for (int i = 0; i < n; i++) {
        struct segment seg;
        int h;

        if (!segment_parse(sh, parts[i], &seg))
            break;
        if (n > 1 && !*shell_skip_blanks(seg.cmd)) {
            shell_error(sh, "Syntax error");
            break;
        }
        if (prev >= 0) {
            h = open_input(sh, rd.pipe_files[prev]);
            if (h < 0) {
                shell_error(sh, "Intermediate file error during pipe");
                break;
            }
            redirect(sh, &rd, 0, h);
        }
        if (seg.in) {
            h = open_input(sh, seg.in);
            if (h < 0) {
                redirect_restore(sh, &rd);
                shell_error(sh, "%s", shell_dos_message(h));
                break;
            }
            redirect(sh, &rd, 0, h);
        }
        if (i + 1 < n) {
            int slot = prev == 0 ? 1 : 0;
            pipe_delete(sh, &rd, slot);
            h = pipe_create(sh, rd.pipe_files[slot], sizeof(rd.pipe_files[slot]));
            if (h < 0) {
                rd.pipe_files[slot][0] = 0;
                redirect_restore(sh, &rd);
                shell_error(sh, "Intermediate file error during pipe");
                break;
            }
            shell_handle_untrack(sh, h);
            redirect(sh, &rd, 1, h);
            prev = slot;
        } else if (seg.out) {
            h = open_output(sh, seg.out, seg.append);
            if (h < 0) {
                redirect_restore(sh, &rd);
                shell_error(sh, "%s",
                            h == -DOSERR_PATH_NOT_FOUND || h == -DOSERR_FILE_NOT_FOUND
                                ? "File creation error"
                                : shell_dos_message(h));
                break;
            }
            redirect(sh, &rd, 1, h);
        }
        shell_run_command(sh, seg.cmd);
        redirect_restore(sh, &rd);
        if (sh->exit_now)
            break;
    }
    redirect_restore(sh, &rd);
    pipe_delete(sh, &rd, 0);
    pipe_delete(sh, &rd, 1);
    sh->redir = rd.up;
}

/* ---------------------------------------------------------------------------------
 * The prompt.
 */

void shell_prompt(struct shell *sh)
{
    char spec[256], cwd[80];
    int drive = shell_dos_getdrive(sh);

    if (!shell_env_get(sh, "PROMPT", spec, sizeof(spec)))
        snprintf(spec, sizeof(spec), "$P$G");
    for (const char *p = spec; *p; p++) {
        if (*p != '$') {
            shell_out(sh, p, 1);
            continue;
        }
        p++;
        switch (toupper((unsigned char)*p)) {
        case 'P':
            if (shell_dos_getcwd(sh, drive, cwd, sizeof(cwd)) < 0)
                shell_printf(sh, "%c:", 'A' + drive);
            else
                shell_puts(sh, cwd);
            break;
        case 'N': shell_printf(sh, "%c", 'A' + drive); break;
        case 'G': shell_puts(sh, ">"); break;
        case 'L': shell_puts(sh, "<"); break;
        case 'B': shell_puts(sh, "|"); break;
        case 'Q': shell_puts(sh, "="); break;
        case '$': shell_puts(sh, "$"); break;
        case '_': shell_crlf(sh); break;
        case 'E': shell_puts(sh, "\x1B"); break;
        case 'H': shell_puts(sh, "\b \b"); break;
        case 'V': shell_puts(sh, "MS-DOS Version 5.00"); break;
        case 'T': {
            struct cpu_regs r = {.ax = 0x2C00};
            shell_dos(sh, &r);
            shell_printf(sh, "%2u:%02u:%02u.%02u", r.ch, r.cl, r.dh, r.dl);
            break;
        }
        case 'D': {
            static const char days[] = "SunMonTueWedThuFriSat";
            struct cpu_regs r = {.ax = 0x2A00};
            shell_dos(sh, &r);
            shell_printf(sh, "%.3s %02u-%02u-%04u", days + 3 * (r.al % 7), r.dh, r.dl, r.cx);
            break;
        }
        case 0: p--; break;
        default: break; /* an unknown code shows nothing */
        }
    }
}
