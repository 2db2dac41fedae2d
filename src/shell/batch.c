/* Batch files and the commands that steer them: lines read one at a time from the
 * file (reopened for each, as COMMAND.COM does, so a batch file may be changed while
 * it runs), %-substitution, echo, labels and GOTO, IF, FOR, SHIFT, CALL, PAUSE, and
 * "Terminate batch job (Y/N)?" after a ^C. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dos/dos.h"
#include "shell/shell_priv.h"

int shell_batch_depth(const struct shell *sh)
{
    int n = 0;

    for (const struct shell_batch *b = sh->batch; b; b = b->up)
        n++;
    return n;
}

static void batch_free_args(struct shell_batch *b)
{
    for (int i = 0; i < b->nargs; i++)
        free(b->args[i]);
    b->nargs = 0;
    b->shift = 0;
}

/* %0 is the name as typed; the tail splits at blanks, commas, semicolons and =. */
static void batch_set_args(struct shell_batch *b, const char *name, const char *tail)
{
    const char *s = tail;

    batch_free_args(b);
    b->args[b->nargs++] = strdup(name);
    for (;;) {
        const char *start;
        bool quoted = false;
        while (*s == ' ' || *s == '\t' || *s == ',' || *s == ';' || *s == '=')
            s++;
        if (!*s || b->nargs >= SHELL_ARGS)
            break;
        start = s;
        while (*s && (quoted || !strchr(" \t,;=", *s))) {
            if (*s == '"')
                quoted = !quoted;
            s++;
        }
        b->args[b->nargs++] = strndup(start, (size_t)(s - start));
    }
    for (int i = 0; i < b->nargs; i++)
        if (!b->args[i])
            abort(); /* out of host memory */
}

void shell_batch_pop(struct shell *sh)
{
    struct shell_batch *b = sh->batch;

    if (!b)
        return;
    sh->batch = b->up;
    sh->echo = b->echo_before;
    batch_free_args(b);
    free(b);
}

void shell_batch_cancel_all(struct shell *sh)
{
    while (sh->batch)
        shell_batch_pop(sh);
}

void shell_batch_start(struct shell *sh, const char *path, const char *name, const char *tail,
                       bool call)
{
    struct shell_batch *b = sh->batch;

    if (b && !call) {
        /* Chaining: this batch file takes the place of the one running. */
        snprintf(b->path, sizeof(b->path), "%s", path);
        b->pos = 0;
        b->done = false;
        batch_set_args(b, name, tail);
        return;
    }
    b = calloc(1, sizeof(*b));
    if (!b)
        abort();
    snprintf(b->path, sizeof(b->path), "%s", path);
    b->echo_before = sh->echo;
    b->up = sh->batch;
    batch_set_args(b, name, tail);
    sh->batch = b;
    shell_batch_run(sh);
}

/* The next line of the innermost batch file into line; false at its end. */
static bool batch_read_line(struct shell *sh, char *line, size_t max)
{
    struct shell_batch *b = sh->batch;
    char buf[256];
    int h = shell_dos_open(sh, b->path, 0x00), n;
    size_t len = 0, used = 0;

    if (h < 0) {
        shell_error(sh, "Batch file missing");
        return false;
    }
    if (shell_dos_seek(sh, h, 0, (int32_t)b->pos) < 0) {
        shell_dos_close(sh, h);
        return false;
    }
    n = shell_dos_read(sh, h, buf, sizeof(buf));
    shell_dos_close(sh, h);
    if (n <= 0 || buf[0] == 0x1A)
        return false;
    while (used < (size_t)n && buf[used] != '\r' && buf[used] != '\n' && buf[used] != 0x1A) {
        if (len + 1 < max)
            line[len++] = buf[used];
        used++;
    }
    line[len] = 0;
    if (used < (size_t)n && buf[used] == '\r')
        used++;
    if (used < (size_t)n && buf[used] == '\n')
        used++;
    if (used == (size_t)n && n == (int)sizeof(buf)) {
        /* A line longer than the buffer: skip to its end on the next read. */
        b->pos += used;
        return true;
    }
    b->pos += (uint32_t)used;
    return true;
}

/* Shows a command as DOS echoes it: a blank line, the prompt, the command. */
static void echo_command(struct shell *sh, const char *cmd)
{
    shell_crlf(sh);
    shell_prompt(sh);
    shell_puts(sh, cmd);
    shell_crlf(sh);
}

void shell_batch_run(struct shell *sh)
{
    int depth = shell_batch_depth(sh);
    char raw[SHELL_LINE_MAX], line[SHELL_LINE_MAX * 4];

    while (sh->batch && shell_batch_depth(sh) >= depth && !sh->exit_now) {
        struct shell_mem *mark = sh->mem;
        char *s;

        if (sh->batch->done || !batch_read_line(sh, raw, sizeof(raw))) {
            shell_batch_pop(sh);
            continue;
        }
        s = shell_skip_blanks(raw);
        if (*s == ':')
            continue; /* a label */
        shell_expand(sh, s, line, SHELL_LINE_MAX);
        s = shell_skip_blanks(line);
        if (!*s)
            continue;
        if (*s == '@')
            s = shell_skip_blanks(s + 1);
        else if (sh->echo)
            echo_command(sh, s);
        shell_run_line(sh, s);
        shell_flush(sh);
        shell_mem_release(sh, mark);
    }
}

bool shell_batch_ask_terminate(struct shell *sh)
{
    for (;;) {
        int c;
        shell_puts(sh, "\r\nTerminate batch job (Y/N)? ");
        c = shell_read_key(sh);
        if (c < 0 || c == 3 || toupper(c) == 'Y') {
            shell_puts(sh, c == 3 ? "^C" : c < 0 ? "" : "Y");
            shell_crlf(sh);
            shell_batch_cancel_all(sh);
            shell_flush(sh);
            return true;
        }
        if (toupper(c) == 'N') {
            shell_puts(sh, "N\r\n");
            shell_flush(sh);
            return false;
        }
    }
}

/* ---------------------------------------------------------------------------------
 * The commands.
 */

void shell_cmd_echo(struct shell *sh, char *args)
{
    char *s = shell_skip_blanks(args);
    char word[8];
    size_t len = strlen(s);

    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    snprintf(word, sizeof(word), "%.*s", (int)(len < 7 ? len : 7), s);
    if (!*args || (!len && (*args == ' ' || *args == '\t'))) {
        shell_printf(sh, "ECHO is %s\r\n", sh->echo ? "on" : "off");
        return;
    }
    if (len == 2 && !strcasecmp(word, "ON")) {
        sh->echo = true;
        return;
    }
    if (len == 3 && !strcasecmp(word, "OFF")) {
        sh->echo = false;
        return;
    }
    /* The character after ECHO (a blank, '.', ...) separates; the rest is the text. */
    shell_puts(sh, args + 1);
    shell_crlf(sh);
}

void shell_cmd_rem(struct shell *sh, char *args)
{
}

void shell_cmd_pause(struct shell *sh, char *args)
{
    int c;

    shell_puts(sh, "Press any key to continue . . .");
    c = shell_read_key(sh);
    shell_crlf(sh);
    if (c == 3) {
        shell_puts(sh, "^C");
        if (sh->batch)
            shell_batch_ask_terminate(sh);
    }
}

void shell_cmd_shift(struct shell *sh, char *args)
{
    struct shell_batch *b = sh->batch;

    if (b && b->shift < b->nargs)
        b->shift++;
}

void shell_cmd_goto(struct shell *sh, char *args)
{
    struct shell_batch *b = sh->batch;
    char label[16], line[SHELL_LINE_MAX];
    char *s = shell_skip_blanks(args);
    size_t n;

    if (!b)
        return;
    if (*s == ':')
        s++;
    n = strcspn(s, " \t,;=+/");
    /* Eight characters count, as in DOS. */
    snprintf(label, sizeof(label), "%.*s", (int)(n > 8 ? 8 : n), s);
    b->pos = 0;
    while (batch_read_line(sh, line, sizeof(line))) {
        char *l = shell_skip_blanks(line), *name;
        size_t ln;
        if (*l != ':')
            continue;
        name = l + 1;
        ln = strcspn(name, " \t,;=+/");
        if (ln > 8)
            ln = 8;
        if (ln == strlen(label) && !strncasecmp(name, label, ln))
            return; /* the next line read is the one after the label */
    }
    shell_error(sh, "Label not found");
    b->done = true; /* the batch file ends here: its loop pops it */
}

void shell_cmd_call(struct shell *sh, char *args)
{
    char *s = shell_skip_blanks(args), name[128];
    size_t len = strcspn(s, " \t/;,=+");

    if (!len)
        return;
    snprintf(name, sizeof(name), "%.*s", (int)len, s);
    if (shell_command_find(s, shell_command_len(s))) {
        shell_run_command(sh, s);
        return;
    }
    if (!shell_run_external(sh, name, s + len, true))
        shell_error(sh, "Bad command or file name");
}

/* IF [NOT] ERRORLEVEL n | EXIST file | a==b command */
void shell_cmd_if(struct shell *sh, char *args)
{
    char *s = shell_skip_blanks(args), word[16];
    bool not = false, cond;
    size_t n;

    n = strcspn(s, " \t");
    if (n == 3 && !strncasecmp(s, "NOT", 3)) {
        not = true;
        s = shell_skip_blanks(s + 3);
    }
    n = strcspn(s, " \t=");
    snprintf(word, sizeof(word), "%.*s", (int)(n < 15 ? n : 15), s);
    if (!strcasecmp(word, "ERRORLEVEL") && (s[n] == ' ' || s[n] == '\t')) {
        char *end;
        long level;
        s = shell_skip_blanks(s + n);
        level = strtol(s, &end, 10);
        if (end == s || (*end && *end != ' ' && *end != '\t')) {
            shell_error(sh, "Syntax error");
            return;
        }
        cond = sh->errorlevel >= level;
        s = end;
    } else if (!strcasecmp(word, "EXIST") && (s[n] == ' ' || s[n] == '\t')) {
        char file[128];
        struct shell_found f;
        s = shell_skip_blanks(s + n);
        n = strcspn(s, " \t");
        if (!n) {
            shell_error(sh, "Syntax error");
            return;
        }
        snprintf(file, sizeof(file), "%.*s", (int)n, s);
        cond = shell_dos_find_first(sh, file, 0, &f) >= 0;
        s += n;
    } else {
        /* string1==string2: each a word (quotes keep blanks in it). */
        const char *a = s, *b;
        size_t la = 0, lb = 0;
        bool quoted = false;
        while (a[la] && (quoted || (a[la] != ' ' && a[la] != '\t' && a[la] != '='))) {
            if (a[la] == '"')
                quoted = !quoted;
            la++;
        }
        s = shell_skip_blanks(a + la);
        if (s[0] != '=' || s[1] != '=') {
            shell_error(sh, "Syntax error");
            return;
        }
        while (*s == '=')
            s++;
        b = s = shell_skip_blanks(s);
        quoted = false;
        while (b[lb] && (quoted || (b[lb] != ' ' && b[lb] != '\t'))) {
            if (b[lb] == '"')
                quoted = !quoted;
            lb++;
        }
        if (!la) {
            shell_error(sh, "Syntax error");
            return;
        }
        cond = la == lb && !memcmp(a, b, la);
        s += lb;
    }
    s = shell_skip_blanks(s);
    if (!*s) {
        shell_error(sh, "Syntax error");
        return;
    }
    if (cond != not )
        shell_run_command(sh, s);
}

/* The command of a FOR with every %v replaced by item. */
static void for_substitute(const char *cmd, char var, const char *item, char *out, size_t max)
{
    size_t n = 0, il = strlen(item);

    for (const char *p = cmd; *p && n + 1 < max; p++) {
        if (p[0] == '%' && p[1] == var) {
            size_t k = il < max - 1 - n ? il : max - 1 - n;
            memcpy(out + n, item, k);
            n += k;
            p++;
            continue;
        }
        out[n++] = *p;
    }
    out[n] = 0;
}

static void for_run(struct shell *sh, const char *cmd, char var, const char *item, int depth)
{
    char line[SHELL_LINE_MAX * 2];

    if (shell_batch_depth(sh) < depth || sh->exit_now)
        return;
    for_substitute(cmd, var, item, line, SHELL_LINE_MAX);
    if (sh->echo)
        echo_command(sh, line);
    shell_run_line(sh, line);
}

/* FOR %v IN (set) DO command */
void shell_cmd_for(struct shell *sh, char *args)
{
    char *s = shell_skip_blanks(args), *set, *cmd, *close;
    char var;
    int depth = shell_batch_depth(sh);

    if (sh->in_for) {
        shell_error(sh, "FOR cannot be nested");
        return;
    }
    if (s[0] != '%' || !s[1] || s[2] != ' ')
        goto syntax;
    var = s[1];
    s = shell_skip_blanks(s + 2);
    if (strncasecmp(s, "IN", 2))
        goto syntax;
    s = shell_skip_blanks(s + 2);
    if (*s != '(')
        goto syntax;
    set = s + 1;
    close = strchr(set, ')');
    if (!close)
        goto syntax;
    *close = 0;
    s = shell_skip_blanks(close + 1);
    if (strncasecmp(s, "DO", 2) || (s[2] != ' ' && s[2] != '\t'))
        goto syntax;
    cmd = shell_skip_blanks(s + 2);
    if (!*cmd)
        goto syntax;

    sh->in_for = true;
    for (char *item = set;;) {
        char it[128];
        size_t n;
        while (*item && strchr(" \t,;=", *item))
            item++;
        if (!*item)
            break;
        n = strcspn(item, " \t,;=");
        snprintf(it, sizeof(it), "%.*s", (int)n, item);
        item += n;
        if (strpbrk(it, "*?")) {
            /* Each file the pattern matches, after the pattern's path as typed. */
            /* Each file the pattern matches, after the pattern's path as typed; all
             * found first, since the commands may search too. */
            char *base = strrchr(it, '\\'), **names;
            size_t plen, count;
            if (!base)
                base = strrchr(it, ':');
            plen = base ? (size_t)(base - it + 1) : 0;
            count = (size_t)shell_find_names(sh, it, 0, &names);
            for (size_t i = 0; i < count; i++) {
                char name[160];
                snprintf(name, sizeof(name), "%.*s%s", (int)plen, it, names[i]);
                for_run(sh, cmd, var, name, depth);
                if (shell_batch_depth(sh) < depth || sh->exit_now)
                    break;
            }
        } else {
            for_run(sh, cmd, var, it, depth);
        }
        if (shell_batch_depth(sh) < depth || sh->exit_now)
            break;
    }
    sh->in_for = false;
    return;
syntax:
    shell_error(sh, "Syntax error");
}
