/* DIR [path] [/P] [/W] [/S] [/B] [/L] [/A[:attrs]] [/O[:order]], in MS-DOS 5's layout:
 *
 *  Volume in drive C is WORK
 *  Directory of C:\GAMES
 *
 * TETRIS   EXE     52224 03-14-91  12:00p
 * SAVES        <DIR>     01-02-93   9:30a
 *         2 file(s)      52224 bytes
 *                     12345678 bytes free
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bios/bda.h"
#include "dos/dos.h"
#include "shell/shell_priv.h"

struct dir_opts {
    bool pause, wide, sub, bare, lower;
    uint8_t attr_want, attr_mask; /* shown: (attr & mask) == want */
    char order[8];                /* N E S D G, lower case for reverse */
    /* State while listing. */
    int lines, page;
    unsigned long files, bytes, dirs_listed;
    unsigned long total_files, total_bytes;
};

static void dir_line_done(struct shell *sh, struct dir_opts *o)
{
    if (!o->pause)
        return;
    if (++o->lines >= o->page) {
        shell_puts(sh, "Press any key to continue . . .");
        if (shell_read_key(sh) == 3) {
            shell_puts(sh, "^C\r\n");
            shell_flush(sh);
            if (sh->abort)
                longjmp(*sh->abort, 1);
        }
        shell_crlf(sh);
        o->lines = 0;
    }
}

static void dir_puts_line(struct shell *sh, struct dir_opts *o, const char *s)
{
    shell_puts(sh, s);
    shell_crlf(sh);
    dir_line_done(sh, o);
}

/* The attribute letters of /A: D H S R A, each with - for "not". */
static bool parse_attrs(const char *s, struct dir_opts *o)
{
    o->attr_want = o->attr_mask = 0;
    for (bool neg = false; *s; s++) {
        uint8_t bit;
        if (*s == '-') {
            neg = true;
            continue;
        }
        switch (toupper((unsigned char)*s)) {
        case 'D': bit = 0x10; break;
        case 'H': bit = 0x02; break;
        case 'S': bit = 0x04; break;
        case 'R': bit = 0x01; break;
        case 'A': bit = 0x20; break;
        default: return false;
        }
        o->attr_mask |= bit;
        if (!neg)
            o->attr_want |= bit;
        neg = false;
    }
    return true;
}

static int entry_cmp(const struct shell_found *a, const struct shell_found *b, const char *order)
{
    for (const char *o = order; *o; o++) {
        int c = 0;
        const char *ea = strchr(a->name, '.'), *eb = strchr(b->name, '.');
        switch (toupper((unsigned char)*o)) {
        case 'N': {
            size_t la = ea ? (size_t)(ea - a->name) : strlen(a->name);
            size_t lb = eb ? (size_t)(eb - b->name) : strlen(b->name);
            c = strncasecmp(a->name, b->name, la < lb ? la : lb);
            if (!c)
                c = (la > lb) - (la < lb);
            break;
        }
        case 'E': c = strcasecmp(ea ? ea + 1 : "", eb ? eb + 1 : ""); break;
        case 'S': c = (a->size > b->size) - (a->size < b->size); break;
        case 'D': {
            uint32_t ta = (uint32_t)a->date << 16 | a->time, tb = (uint32_t)b->date << 16 | b->time;
            c = (ta > tb) - (ta < tb);
            break;
        }
        case 'G': c = ((b->attr & 0x10) != 0) - ((a->attr & 0x10) != 0); break;
        default: break;
        }
        if (islower((unsigned char)*o))
            c = -c;
        if (c)
            return c;
    }
    return 0;
}

static int entry_qsort(const void *a, const void *b, void *order)
{
    return entry_cmp(a, b, order);
}

static void fmt_name(const struct shell_found *f, bool lower, char *name, char *ext)
{
    const char *dot = strchr(f->name, '.');

    if (!strcmp(f->name, ".") || !strcmp(f->name, "..")) {
        snprintf(name, 9, "%s", f->name);
        ext[0] = 0;
    } else {
        snprintf(name, 9, "%.*s", (int)(dot ? dot - f->name : (long)strlen(f->name)), f->name);
        snprintf(ext, 4, "%s", dot ? dot + 1 : "");
    }
    if (lower) {
        for (char *p = name; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        for (char *p = ext; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
}

static void fmt_date(uint16_t date, uint16_t time_w, char *out, size_t max)
{
    unsigned h = time_w >> 11, mi = (time_w >> 5) & 63;

    snprintf(out, max, "%02u-%02u-%02u  %2u:%02u%c", (date >> 5) & 15, date & 31,
             ((date >> 9) + 80) % 100, h % 12 ? h % 12 : 12, mi, h < 12 ? 'a' : 'p');
}

/* Lists the entries of one directory that match; false if there were none. */
static bool dir_list_one(struct shell *sh, struct dir_opts *o, const char *dir, const char *pat)
{
    char pattern[200], line[240];
    struct shell_found f, *list = NULL;
    size_t n = 0, cap = 0, wide_col = 0;

    shell_path_join(pattern, sizeof(pattern), dir, pat);
    for (int rc = shell_dos_find_first(sh, pattern, 0x16, &f); rc >= 0;
         rc = shell_dos_find_next(sh, &f)) {
        if ((f.attr & o->attr_mask) != o->attr_want)
            continue;
        if (o->bare && (!strcmp(f.name, ".") || !strcmp(f.name, "..")))
            continue;
        if (n == cap) {
            struct shell_found *bigger = shell_alloc(sh, (cap * 2 + 32) * sizeof(*bigger));
            if (n)
                memcpy(bigger, list, n * sizeof(*list));
            list = bigger;
            cap = cap * 2 + 32;
        }
        list[n++] = f;
    }
    if (!n)
        return false;
    if (o->order[0]) {
        qsort_r(list, n, sizeof(*list), entry_qsort, o->order);
    }
    if (!o->bare) {
        if (o->dirs_listed)
            dir_puts_line(sh, o, ""); /* between the directories of /S */
        snprintf(line, sizeof(line), " Directory of %s", dir);
        dir_puts_line(sh, o, line);
        dir_puts_line(sh, o, "");
    }
    o->dirs_listed++;
    o->files = o->bytes = 0;
    for (size_t i = 0; i < n; i++) {
        const struct shell_found *e = &list[i];
        char name[9], ext[4], when[24];
        bool isdir = e->attr & 0x10;
        fmt_name(e, o->lower, name, ext);
        if (!isdir) {
            o->files++;
            o->bytes += e->size;
        }
        if (o->bare) {
            char full[200];
            if (o->sub)
                shell_path_join(full, sizeof(full), dir, e->name);
            else
                snprintf(full, sizeof(full), "%s", e->name);
            if (o->lower)
                for (char *p = full; *p; p++)
                    *p = (char)tolower((unsigned char)*p);
            dir_puts_line(sh, o, full);
        } else if (o->wide) {
            char cell[20];
            if (isdir)
                snprintf(cell, sizeof(cell), "[%s%s%s]", name, ext[0] ? "." : "", ext);
            else
                snprintf(cell, sizeof(cell), "%s%s%s", name, ext[0] ? "." : "", ext);
            shell_printf(sh, "%-16s", cell);
            if (++wide_col == 5) {
                shell_crlf(sh);
                dir_line_done(sh, o);
                wide_col = 0;
            }
        } else {
            fmt_date(e->date, e->time, when, sizeof(when));
            if (isdir)
                snprintf(line, sizeof(line), "%-8s %-3s <DIR>     %s", name, ext, when);
            else
                snprintf(line, sizeof(line), "%-8s %-3s %9lu %s", name, ext, (unsigned long)e->size,
                         when);
            dir_puts_line(sh, o, line);
        }
    }
    if (o->wide && wide_col) {
        shell_crlf(sh);
        dir_line_done(sh, o);
    }
    if (!o->bare) {
        snprintf(line, sizeof(line), "%9lu file(s) %10lu bytes", o->files, o->bytes);
        dir_puts_line(sh, o, line);
    }
    o->total_files += o->files;
    o->total_bytes += o->bytes;
    return true;
}

static bool dir_walk(struct shell *sh, struct dir_opts *o, const char *dir, const char *pat,
                     int depth)
{
    bool any = dir_list_one(sh, o, dir, pat);
    char **subs, path[200];
    int n;

    if (!o->sub || depth > 30)
        return any;
    shell_path_join(path, sizeof(path), dir, "*.*");
    n = shell_find_names(sh, path, 0x16, &subs);
    for (int i = 0; i < n; i++) {
        shell_path_join(path, sizeof(path), dir, subs[i]);
        if (strlen(path) < 120)
            any |= dir_walk(sh, o, path, pat, depth + 1);
    }
    return any;
}

void shell_cmd_dir(struct shell *sh, char *args)
{
    struct dir_opts o = {.attr_mask = 0x06};
    struct shell_args a;
    const char *spec = NULL;
    char full[200], dir[200], pat[20], env[128];
    struct cpu_regs r;
    int drive, attr;
    size_t split;

    /* DIRCMD's switches come first, the command's own override them. */
    shell_split(sh, shell_env_get(sh, "DIRCMD", env, sizeof(env)) ? env : "", &a);
    {
        struct shell_args b;
        shell_split(sh, args, &b);
        for (int i = 0; i < b.n && a.n < SHELL_ARGS; i++)
            a.v[a.n++] = b.v[i];
    }
    for (int i = 0; i < a.n; i++) {
        const char *w = a.v[i];
        if (!shell_is_switch(w)) {
            if (spec) {
                shell_error(sh, "Too many parameters - %s", w);
                return;
            }
            spec = w;
            continue;
        }
        switch (toupper((unsigned char)w[1])) {
        case 'P': o.pause = true; break;
        case 'W': o.wide = true; break;
        case 'S': o.sub = true; break;
        case 'B': o.bare = true; break;
        case 'L': o.lower = true; break;
        case 'A':
            if (!parse_attrs(w + 2 + (w[2] == ':'), &o)) {
                shell_error(sh, "Parameter value not allowed - %s", w);
                return;
            }
            break;
        case 'O':
            snprintf(o.order, sizeof(o.order), "%s", w[2] ? w + 2 + (w[2] == ':') : "GN");
            for (char *p = o.order; *p; p++) {
                if (*p == '-' && p[1]) {
                    p[1] = (char)tolower((unsigned char)p[1]);
                    memmove(p, p + 1, strlen(p));
                } else if (!strchr("NESDG", toupper((unsigned char)*p))) {
                    shell_error(sh, "Parameter value not allowed - %s", w);
                    return;
                } else {
                    *p = (char)toupper((unsigned char)*p);
                }
            }
            break;
        default: shell_error(sh, "Invalid switch - %s", w); return;
        }
    }
    o.page = (bda_read8(sh->m, BDA_VIDEO_ROWS) ? bda_read8(sh->m, BDA_VIDEO_ROWS) : 24) - 1;

    /* The path: a directory lists all of it; a name without an extension is NAME.*. */
    if (shell_dos_truename(sh, spec ? spec : ".", full, sizeof(full)) < 0) {
        shell_error(sh, "%s",
                    spec && isalpha((unsigned char)spec[0]) && spec[1] == ':' &&
                            shell_dos_getcwd(sh, toupper((unsigned char)spec[0]) - 'A', dir,
                                             sizeof(dir)) < 0
                        ? "Invalid drive specification"
                        : "Path not found");
        return;
    }
    drive = toupper((unsigned char)full[0]) - 'A';
    attr = shell_dos_attr(sh, full);
    if (strlen(full) <= 3 || (attr >= 0 && (attr & 0x10) && !strpbrk(full, "*?"))) {
        snprintf(dir, sizeof(dir), "%s", full);
        snprintf(pat, sizeof(pat), "*.*");
    } else {
        split = (size_t)(strrchr(full, '\\') - full);
        snprintf(dir, sizeof(dir), "%.*s", (int)(split == 2 ? 3 : split), full);
        snprintf(pat, sizeof(pat), "%s", full + split + 1);
        if (!strchr(pat, '.'))
            strncat(pat, ".*", sizeof(pat) - strlen(pat) - 1);
    }

    if (!o.bare) {
        shell_crlf(sh);
        dir_line_done(sh, &o);
        shell_volume_lines(sh, drive);
        dir_line_done(sh, &o);
    }
    if (!dir_walk(sh, &o, dir, pat, 0)) {
        if (!o.bare && !o.dirs_listed) {
            char line[220];
            snprintf(line, sizeof(line), " Directory of %s", dir);
            dir_puts_line(sh, &o, line);
            dir_puts_line(sh, &o, "");
        }
        shell_error(sh, "File not found");
        return;
    }
    if (o.bare)
        return;
    if (o.sub) {
        char line[80];
        dir_puts_line(sh, &o, "");
        dir_puts_line(sh, &o, "Total files listed:");
        snprintf(line, sizeof(line), "%9lu file(s) %10lu bytes", o.total_files, o.total_bytes);
        dir_puts_line(sh, &o, line);
    }
    r = (struct cpu_regs){.ax = 0x3600, .dx = (uint16_t)(drive + 1)};
    shell_dos(sh, &r);
    if (r.ax != 0xFFFF) {
        char line[80];
        snprintf(line, sizeof(line), "%18s%10lu bytes free", "", (unsigned long)r.ax * r.bx * r.cx);
        dir_puts_line(sh, &o, line);
    }
}
