/* Reading command lines. From the console: a line editor beyond DOS's own, with
 * history (Up/Down), Left/Right/Home/End, Ins/Del and Backspace editing, DOS's template
 * keys (F1 one character of the last line, F3 the rest of it), Esc to clear, Tab
 * completion of file names, and ^C to cancel the line. Keys come one at a time through
 * DOS function 07h, so a TSR on int 16h or a redirected standard input sees them as
 * for any program. From a redirected standard input: a line up to its CR or LF,
 * echoed after the prompt as DOS echoes what 0Ah reads. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell_priv.h"

enum {
    KEY_F1 = 0x13B,
    KEY_F3 = 0x13D,
    KEY_HOME = 0x147,
    KEY_UP = 0x148,
    KEY_LEFT = 0x14B,
    KEY_RIGHT = 0x14D,
    KEY_END = 0x14F,
    KEY_DOWN = 0x150,
    KEY_INS = 0x152,
    KEY_DEL = 0x153,
};

static bool stdin_console(struct shell *sh)
{
    int info = shell_dos_devinfo(sh, 0);
    return info >= 0 && (info & 0x81) == 0x81;
}

int shell_read_key(struct shell *sh)
{
    unsigned char c;

    shell_flush(sh);
    if (stdin_console(sh))
        return shell_dos_getkey(sh);
    if (shell_dos_read(sh, 0, &c, 1) != 1) {
        sh->stdin_eof = true;
        return -1;
    }
    return c;
}

/* A line from redirected input: bytes to CR or LF (an LF after a CR is eaten). */
static int read_redirected(struct shell *sh, char *line)
{
    size_t len = 0;
    bool any = false;

    for (;;) {
        unsigned char c;
        if (shell_dos_read(sh, 0, &c, 1) != 1 || c == 0x1A) {
            sh->stdin_eof = true;
            if (!any)
                return -1;
            break;
        }
        any = true;
        if (c == '\n')
            break;
        if (c == '\r') {
            /* DOS's line ends at the CR; its LF is the next read's to eat. */
            continue;
        }
        if (len + 1 < SHELL_LINE_MAX)
            line[len++] = (char)c;
    }
    line[len] = 0;
    shell_out(sh, line, len);
    shell_crlf(sh);
    return (int)len;
}

/* ---------------------------------------------------------------------------------
 * The console line editor.
 */

struct editor {
    struct shell *sh;
    char buf[SHELL_LINE_MAX];
    size_t len, cur;
    bool insert;
    int hist; /* the history entry shown; nhistory = the line being typed */
};

/* Redraws from the cursor to the end, blanking `extra` characters that went away,
 * and puts the cursor back. */
static void ed_redraw(struct editor *e, size_t extra)
{
    struct shell *sh = e->sh;
    size_t back = e->len - e->cur + extra;

    shell_out(sh, e->buf + e->cur, e->len - e->cur);
    for (size_t i = 0; i < extra; i++)
        shell_out(sh, " ", 1);
    for (size_t i = 0; i < back; i++)
        shell_out(sh, "\b", 1);
}

static void ed_move(struct editor *e, size_t to)
{
    while (e->cur > to) {
        shell_out(e->sh, "\b", 1);
        e->cur--;
    }
    if (to > e->cur) {
        shell_out(e->sh, e->buf + e->cur, to - e->cur);
        e->cur = to;
    }
}

/* Replaces the whole line with text. */
static void ed_set(struct editor *e, const char *text)
{
    size_t old = e->len, n = strlen(text);

    ed_move(e, 0);
    if (n >= sizeof(e->buf))
        n = sizeof(e->buf) - 1;
    memcpy(e->buf, text, n);
    e->buf[n] = 0;
    e->len = n;
    ed_redraw(e, old > n ? old - n : 0);
    ed_move(e, n);
}

static void ed_insert(struct editor *e, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (e->insert || e->cur == e->len) {
            if (e->len + 1 >= sizeof(e->buf))
                break;
            memmove(e->buf + e->cur + 1, e->buf + e->cur, e->len - e->cur);
            e->len++;
        }
        e->buf[e->cur] = s[i];
        e->buf[e->len] = 0;
        shell_out(e->sh, &s[i], 1);
        e->cur++;
    }
    ed_redraw(e, 0);
}

static void ed_delete(struct editor *e)
{
    if (e->cur >= e->len)
        return;
    memmove(e->buf + e->cur, e->buf + e->cur + 1, e->len - e->cur);
    e->len--;
    ed_redraw(e, 1);
}

/* ---------------------------------------------------------------------------------
 * Tab completion of the word before the cursor: a file or directory name.
 */

struct matches {
    char (*name)[13];
    uint8_t *dir;
    size_t n;
};

static void matches_find(struct shell *sh, const char *prefix, struct matches *m)
{
    struct shell_found f;
    char pattern[160];
    size_t cap = 0;

    m->n = 0;
    snprintf(pattern, sizeof(pattern), "%s*%s", prefix,
             strchr(strrchr(prefix, '\\') ? strrchr(prefix, '\\') : prefix, '.') ? "" : ".*");
    for (int rc = shell_dos_find_first(sh, pattern, 0x10, &f); rc >= 0;
         rc = shell_dos_find_next(sh, &f)) {
        if (!strcmp(f.name, ".") || !strcmp(f.name, ".."))
            continue;
        if (m->n == cap) {
            size_t ncap = cap * 2 + 16;
            char(*names)[13] = shell_alloc(sh, ncap * sizeof(*names));
            uint8_t *dirs = shell_alloc(sh, ncap);
            if (m->n) {
                memcpy(names, m->name, m->n * sizeof(*names));
                memcpy(dirs, m->dir, m->n);
            }
            m->name = names;
            m->dir = dirs;
            cap = ncap;
        }
        snprintf(m->name[m->n], 13, "%s", f.name);
        m->dir[m->n] = (f.attr & 0x10) != 0;
        m->n++;
    }
}

static void ed_complete(struct editor *e, bool *listed_last)
{
    struct shell *sh = e->sh;
    size_t start = e->cur, base, common;
    char prefix[SHELL_LINE_MAX];
    struct matches m = {0};

    while (start && e->buf[start - 1] != ' ' && e->buf[start - 1] != '\t' &&
           e->buf[start - 1] != '<' && e->buf[start - 1] != '>' && e->buf[start - 1] != '|')
        start--;
    snprintf(prefix, sizeof(prefix), "%.*s", (int)(e->cur - start), e->buf + start);
    /* The part of the word after its last \ or : is what the names complete. */
    base = strlen(prefix);
    while (base && prefix[base - 1] != '\\' && prefix[base - 1] != ':')
        base--;
    matches_find(sh, prefix, &m);
    if (!m.n)
        return;
    common = strlen(m.name[0]);
    for (size_t i = 1; i < m.n; i++) {
        size_t k = 0;
        while (k < common &&
               toupper((unsigned char)m.name[i][k]) == toupper((unsigned char)m.name[0][k]))
            k++;
        common = k;
    }
    if (common > strlen(prefix) - base || m.n == 1) {
        char add[32];
        size_t have = strlen(prefix) - base;
        snprintf(add, sizeof(add), "%.*s%s", (int)(common - (common > have ? have : common)),
                 m.name[0] + (common > have ? have : common),
                 m.n == 1 && m.dir[0] ? "\\"
                 : m.n == 1           ? " "
                                      : "");
        ed_insert(e, add, strlen(add));
        *listed_last = false;
        return;
    }
    if (*listed_last)
        return;
    /* Ambiguous and nothing to add: the candidates, then the line again. */
    shell_crlf(sh);
    for (size_t i = 0; i < m.n; i++) {
        char shown[16];
        snprintf(shown, sizeof(shown), "%s%s", m.name[i], m.dir[i] ? "\\" : "");
        shell_printf(sh, "%-16s", shown);
        if (i % 5 == 4 || i + 1 == m.n)
            shell_crlf(sh);
    }
    shell_prompt(sh);
    shell_out(sh, e->buf, e->len);
    for (size_t i = e->cur; i < e->len; i++)
        shell_out(sh, "\b", 1);
    *listed_last = true;
}

/* ---------------------------------------------------------------------------------
 * History.
 */

static void history_add(struct shell *sh, const char *line)
{
    char *copy;

    if (!*line || (sh->nhistory && !strcmp(sh->history[sh->nhistory - 1], line)))
        return;
    copy = strdup(line);
    if (!copy)
        return;
    if (sh->nhistory == SHELL_HISTORY) {
        free(sh->history[0]);
        memmove(sh->history, sh->history + 1, (SHELL_HISTORY - 1) * sizeof(sh->history[0]));
        sh->nhistory--;
    }
    sh->history[sh->nhistory++] = copy;
}

static int read_console(struct shell *sh, char *line)
{
    struct editor e = {.sh = sh, .insert = true, .hist = sh->nhistory};
    bool listed = false;

    for (;;) {
        int k = shell_dos_getkey(sh);
        bool tab = k == '\t';

        switch (k) {
        case '\r':
            ed_move(&e, e.len);
            shell_crlf(sh);
            memcpy(line, e.buf, e.len + 1);
            history_add(sh, e.buf);
            snprintf(sh->last_line, sizeof(sh->last_line), "%s", e.buf);
            shell_flush(sh);
            return (int)e.len;
        case 3:
            /* ^C: the line is dropped. */
            ed_move(&e, e.len);
            shell_puts(sh, "^C\r\n");
            shell_flush(sh);
            return -2;
        case 8:
            if (e.cur) {
                ed_move(&e, e.cur - 1);
                ed_delete(&e);
            }
            break;
        case 27: ed_set(&e, ""); break;
        case '\t': ed_complete(&e, &listed); break;
        case KEY_LEFT:
            if (e.cur)
                ed_move(&e, e.cur - 1);
            break;
        case KEY_RIGHT:
            if (e.cur < e.len)
                ed_move(&e, e.cur + 1);
            else if (e.len < strlen(sh->last_line))
                ed_insert(&e, sh->last_line + e.len, 1); /* as F1 */
            break;
        case KEY_HOME: ed_move(&e, 0); break;
        case KEY_END: ed_move(&e, e.len); break;
        case KEY_INS: e.insert = !e.insert; break;
        case KEY_DEL: ed_delete(&e); break;
        case KEY_F1:
            if (e.cur < strlen(sh->last_line)) {
                bool ins = e.insert;
                e.insert = false;
                ed_insert(&e, sh->last_line + e.cur, 1);
                e.insert = ins;
            }
            break;
        case KEY_F3:
            /* The rest of the last line, from where the cursor is. */
            if (e.cur < strlen(sh->last_line)) {
                bool ins = e.insert;
                e.insert = false;
                ed_insert(&e, sh->last_line + e.cur, strlen(sh->last_line + e.cur));
                e.insert = ins;
            }
            break;
        case KEY_UP:
            if (e.hist > 0)
                ed_set(&e, sh->history[--e.hist]);
            break;
        case KEY_DOWN:
            if (e.hist < sh->nhistory) {
                e.hist++;
                ed_set(&e, e.hist < sh->nhistory ? sh->history[e.hist] : "");
            }
            break;
        default:
            if (k >= 0x20 && k < 0x100 && k != 0x7F) {
                char c = (char)k;
                ed_insert(&e, &c, 1);
            }
            break;
        }
        if (!tab)
            listed = false;
        shell_flush(sh);
    }
}

int shell_read_line(struct shell *sh, char *line)
{
    shell_flush(sh);
    if (stdin_console(sh))
        return read_console(sh, line);
    return read_redirected(sh, line);
}
