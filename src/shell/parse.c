/* Reading command lines the way COMMAND.COM does: words and switches, the command
 * word, and the %-substitutions of batch files. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "shell/shell_priv.h"

static bool is_sep(char c)
{
    return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '=';
}

char *shell_skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return (char *)s;
}

char *shell_trim(char *s)
{
    size_t n;

    s = shell_skip_blanks(s);
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = 0;
    return s;
}

void shell_split(struct shell *sh, const char *s, struct shell_args *a)
{
    a->n = 0;
    for (;;) {
        const char *start;
        size_t len;
        char *w;

        while (is_sep(*s))
            s++;
        if (!*s || a->n >= SHELL_ARGS)
            return;
        start = s;
        if (*s == '/') {
            /* A switch: the switch character and what follows, up to the next one. */
            s++;
            if (*s)
                s++;
            while (*s && !is_sep(*s) && *s != '/' && *s != '"')
                s++;
        } else {
            bool quoted = false;
            while (*s && (quoted || (!is_sep(*s) && *s != '/'))) {
                if (*s == '"')
                    quoted = !quoted;
                s++;
            }
        }
        len = (size_t)(s - start);
        w = shell_alloc(sh, len);
        memcpy(w, start, len);
        a->v[a->n++] = w;
    }
}

bool shell_is_switch(const char *word)
{
    return word[0] == '/';
}

bool shell_switch_is(const char *word, char c)
{
    return word[0] == '/' && toupper((unsigned char)word[1]) == toupper((unsigned char)c) &&
           (!word[2] || word[2] == ':');
}

void shell_upcase(char *s)
{
    for (; *s; s++)
        *s = (char)toupper((unsigned char)*s);
}

void shell_path_join(char *out, size_t max, const char *dir, const char *name)
{
    size_t len = strlen(dir);
    bool sep = len && dir[len - 1] != '\\' && dir[len - 1] != '/' && dir[len - 1] != ':';

    snprintf(out, max, "%s%s%s", dir, sep ? "\\" : "", name);
}

size_t shell_command_len(const char *s)
{
    size_t n = 0;

    while (s[n] && !strchr(" \t/+=;,<>|\".\\", s[n]))
        n++;
    return n;
}

/* ---------------------------------------------------------------------------------
 * Batch substitutions: %0-%9 (the arguments, after SHIFT), %% (a percent sign), and
 * %NAME% (the variable, or nothing). A % that starts none of these is dropped, as
 * COMMAND.COM drops it.
 */

static void out_add(char *out, size_t max, size_t *n, const char *s, size_t len)
{
    if (*n + len >= max)
        len = max - 1 - *n;
    memcpy(out + *n, s, len);
    *n += len;
    out[*n] = 0;
}

void shell_expand(struct shell *sh, const char *in, char *out, size_t max)
{
    const struct shell_batch *b = sh->batch;
    size_t n = 0;

    out[0] = 0;
    while (*in && n + 1 < max) {
        const char *end;
        if (*in != '%') {
            out_add(out, max, &n, in++, 1);
            continue;
        }
        in++;
        if (*in == '%') {
            out_add(out, max, &n, "%", 1);
            in++;
        } else if (*in >= '0' && *in <= '9') {
            int i = *in - '0' + (b ? b->shift : 0);
            if (b && i < b->nargs && b->args[i])
                out_add(out, max, &n, b->args[i], strlen(b->args[i]));
            in++;
        } else if ((end = strchr(in, '%')) != NULL && end > in) {
            char name[128], value[512];
            snprintf(name, sizeof(name), "%.*s", (int)(end - in), in);
            if (shell_env_get(sh, name, value, sizeof(value)))
                out_add(out, max, &n, value, strlen(value));
            in = end + 1;
        }
    }
}
