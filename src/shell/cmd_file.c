/* The internal commands on files and directories: CD, MD, RD, DEL/ERASE, REN, TYPE and
 * COPY, each through DOS calls and with MS-DOS's messages. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dos/dos.h"
#include "dos/paths.h"
#include "shell/shell_priv.h"

/* The words of the arguments that are not switches; *switches gets the others. */
static int args_split(struct shell *sh, char *args, struct shell_args *words,
                      struct shell_args *switches)
{
    struct shell_args all;

    shell_split(sh, args, &all);
    words->n = switches->n = 0;
    for (int i = 0; i < all.n; i++) {
        if (shell_is_switch(all.v[i]))
            switches->v[switches->n++] = all.v[i];
        else
            words->v[words->n++] = all.v[i];
    }
    return words->n;
}

static bool bad_switch(struct shell *sh, struct shell_args *sw, const char *allowed)
{
    for (int i = 0; i < sw->n; i++) {
        if (!sw->v[i][1] || !strchr(allowed, toupper((unsigned char)sw->v[i][1]))) {
            shell_error(sh, "Invalid switch - %s", sw->v[i]);
            return true;
        }
    }
    return false;
}

/* Whether path names a directory (the root of a drive included). */
static bool is_dir(struct shell *sh, const char *path)
{
    size_t n = strlen(path);
    int attr;

    if ((n == 2 && path[1] == ':') || (n && (path[n - 1] == '\\' || path[n - 1] == '/')) ||
        !strcmp(path, ".") || !strcmp(path, ".."))
        return true;
    attr = shell_dos_attr(sh, path);
    return attr >= 0 && (attr & 0x10);
}

/* The directory part of a path, with its separator ("C:\DIR\" of "C:\DIR\*.TXT"). */
static size_t dir_part(const char *path)
{
    const char *s = strrchr(path, '\\'), *f = strrchr(path, '/');

    if (f && (!s || f > s))
        s = f;
    if (!s && path[0] && path[1] == ':')
        return 2;
    return s ? (size_t)(s - path + 1) : 0;
}

/* ---------------------------------------------------------------------------------
 * Directories.
 */

void shell_cmd_cd(struct shell *sh, char *args)
{
    char *s = shell_trim(args), cwd[80];
    int rc;

    if (!*s || (isalpha((unsigned char)s[0]) && s[1] == ':' && !s[2])) {
        int drive = *s ? toupper((unsigned char)s[0]) - 'A' : shell_dos_getdrive(sh);
        if (shell_dos_getcwd(sh, drive, cwd, sizeof(cwd)) < 0) {
            shell_error(sh, "Invalid drive specification");
            return;
        }
        shell_printf(sh, "%s\r\n", cwd);
        return;
    }
    rc = shell_dos_path(sh, 0x3B00, s, 0);
    if (rc < 0)
        shell_error(sh, "%s",
                    rc == -DOSERR_INVALID_DRIVE ? "Invalid drive specification"
                                                : "Invalid directory");
}

void shell_cmd_md(struct shell *sh, char *args)
{
    char *s = shell_trim(args);

    if (!*s) {
        shell_error(sh, "Required parameter missing");
        return;
    }
    if (shell_dos_path(sh, 0x3900, s, 0) < 0)
        shell_error(sh, "Unable to create directory");
}

void shell_cmd_rd(struct shell *sh, char *args)
{
    char *s = shell_trim(args);

    if (!*s) {
        shell_error(sh, "Required parameter missing");
        return;
    }
    if (shell_dos_path(sh, 0x3A00, s, 0) < 0)
        shell_error(sh, "Invalid path, not directory,\r\nor directory not empty");
}

/* ---------------------------------------------------------------------------------
 * DEL, REN.
 */

/* A Y or N typed and Enter: the letter (upper case), or 0. */
static int ask_yes_no(struct shell *sh)
{
    int answer = 0;

    for (;;) {
        int c = shell_read_key(sh);
        if (c < 0 || c == '\r' || c == '\n')
            break;
        if (c == 3) {
            shell_puts(sh, "^C\r\n");
            shell_flush(sh);
            return 0;
        }
        if (c == 8 && answer) {
            shell_puts(sh, "\b \b");
            answer = 0;
        } else if (c >= 0x20 && c < 0x7F && !answer) {
            char ch = (char)c;
            shell_out(sh, &ch, 1);
            answer = toupper(c);
        }
        shell_flush(sh);
    }
    shell_crlf(sh);
    return answer;
}

/* "*.*", "????????.???": every file in the directory ("*" alone is "*.", the files
 * without an extension). */
static bool fcb_all_wild(const char *name)
{
    char fcb[11];

    dos_name_to_fcb(name, fcb);
    for (int i = 0; i < 11; i++)
        if (fcb[i] != '?')
            return false;
    return true;
}

void shell_cmd_del(struct shell *sh, char *args)
{
    struct shell_args words, sw;
    char pattern[160], **names, full[200];
    bool ask_each = false;
    int n;

    if (!args_split(sh, args, &words, &sw)) {
        shell_error(sh, "Required parameter missing");
        return;
    }
    if (bad_switch(sh, &sw, "P"))
        return;
    ask_each = sw.n > 0;
    if (words.n > 1) {
        shell_error(sh, "Too many parameters - %s", words.v[1]);
        return;
    }
    snprintf(pattern, sizeof(pattern), "%s", words.v[0]);
    if (is_dir(sh, pattern))
        shell_path_join(pattern, sizeof(pattern), words.v[0], "*.*");
    else if (!strchr(pattern + dir_part(pattern), '.'))
        strncat(pattern, ".", sizeof(pattern) - strlen(pattern) - 1);
    if (!ask_each && fcb_all_wild(pattern + dir_part(pattern))) {
        int a;
        shell_puts(sh, "All files in directory will be deleted!\r\nAre you sure (Y/N)?");
        a = ask_yes_no(sh);
        if (a != 'Y')
            return;
    }
    n = shell_find_names(sh, pattern, 0, &names);
    if (!n) {
        shell_error(sh, "File not found");
        return;
    }
    for (int i = 0; i < n; i++) {
        int rc;
        snprintf(full, sizeof(full), "%.*s%s", (int)dir_part(pattern), pattern, names[i]);
        if (ask_each) {
            shell_printf(sh, "%s,    Delete (Y/N)?", full);
            if (ask_yes_no(sh) != 'Y')
                continue;
        }
        rc = shell_dos_path(sh, 0x4100, full, 0);
        if (rc < 0)
            shell_error(sh, "%s", shell_dos_message(rc));
    }
}

/* name renamed by a template with ? and *, as DOS does it on FCB fields. */
static void apply_template(const char *name, const char *tmpl, char *out, size_t max)
{
    char nf[11], tf[11], of[11];
    size_t n = 0;

    dos_name_to_fcb(name, nf);
    dos_name_to_fcb(tmpl, tf);
    for (int i = 0; i < 11; i++)
        of[i] = tf[i] == '?' ? nf[i] : tf[i];
    for (int i = 0; i < 8 && of[i] != ' ' && n + 1 < max; i++)
        out[n++] = of[i];
    if (of[8] != ' ' && n + 1 < max)
        out[n++] = '.';
    for (int i = 8; i < 11 && of[i] != ' ' && n + 1 < max; i++)
        out[n++] = of[i];
    out[n] = 0;
}

void shell_cmd_ren(struct shell *sh, char *args)
{
    struct shell_args words, sw;
    char **names, from[200], to[200], newname[16];
    size_t dp;
    int n, done = 0;

    if (args_split(sh, args, &words, &sw) < 2) {
        shell_error(sh, "Required parameter missing");
        return;
    }
    if (words.n > 2) {
        shell_error(sh, "Too many parameters - %s", words.v[2]);
        return;
    }
    if (dir_part(words.v[1])) {
        shell_error(sh, "Invalid parameter");
        return;
    }
    dp = dir_part(words.v[0]);
    n = shell_find_names(sh, words.v[0], 0, &names);
    for (int i = 0; i < n; i++) {
        apply_template(names[i], words.v[1], newname, sizeof(newname));
        snprintf(from, sizeof(from), "%.*s%s", (int)dp, words.v[0], names[i]);
        snprintf(to, sizeof(to), "%.*s%s", (int)dp, words.v[0], newname);
        if (shell_dos_rename(sh, from, to) >= 0)
            done++;
        else if (n == 1)
            break;
    }
    if (!done)
        shell_error(sh, "Duplicate file name or file not found");
}

/* ---------------------------------------------------------------------------------
 * TYPE.
 */

void shell_cmd_type(struct shell *sh, char *args)
{
    struct shell_args words, sw;
    char buf[SHELL_IO_SIZE];
    int h, n;

    if (!args_split(sh, args, &words, &sw)) {
        shell_error(sh, "Required parameter missing");
        return;
    }
    if (words.n > 1) {
        shell_error(sh, "Too many parameters - %s", words.v[1]);
        return;
    }
    if (strpbrk(words.v[0], "*?")) {
        shell_error(sh, "Invalid filename or file not found");
        return;
    }
    h = shell_dos_open(sh, words.v[0], 0x00);
    if (h < 0) {
        shell_error(sh, "%s", h == -DOSERR_ACCESS_DENIED ? "Access denied" : "File not found");
        return;
    }
    /* The text up to a ^Z, as DOS types it. */
    while ((n = shell_dos_read(sh, h, buf, sizeof(buf))) > 0) {
        char *z = memchr(buf, 0x1A, (size_t)n);
        shell_out(sh, buf, z ? (size_t)(z - buf) : (size_t)n);
        if (z)
            break;
    }
    shell_dos_close(sh, h);
}

/* ---------------------------------------------------------------------------------
 * COPY [/A|/B] source [/A|/B] [+ source [/A|/B] ...] [destination [/A|/B]] [/V]
 *
 * One source (wildcards allowed) copies file by file, in binary unless /A says text;
 * sources joined with + (or a wildcard source and one destination file) are
 * concatenated as text: each read to its ^Z, one ^Z at the end. A destination that is
 * a directory (or none: the current directory) gets the source names; one with
 * wildcards renames them; a device gets the bytes.
 */

struct copy_src {
    char path[160];
    int mode; /* 'A', 'B', or 0 for the default */
};

struct copy_job {
    struct copy_src src[16];
    int nsrc;
    char dest[160];
    int dest_mode;
    bool concat;
    int copied;
};

/* Copies src to the open handle out; text mode stops at ^Z. Returns the bytes read,
 * or a DOS error. */
static long copy_into(struct shell *sh, const char *src, bool text, int out, bool *saw_eof)
{
    char buf[SHELL_IO_SIZE];
    int h = shell_dos_open(sh, src, 0x00), n;
    long total = 0;

    if (h < 0)
        return h;
    while ((n = shell_dos_read(sh, h, buf, sizeof(buf))) > 0) {
        char *z = text ? memchr(buf, 0x1A, (size_t)n) : NULL;
        size_t len = z ? (size_t)(z - buf) : (size_t)n;
        if (len && shell_dos_write(sh, out, buf, len) != (int)len) {
            shell_dos_close(sh, h);
            return -DOSERR_DISK_FULL;
        }
        total += (long)len;
        if (z) {
            *saw_eof = true;
            break;
        }
    }
    if (n < 0) {
        shell_dos_close(sh, h);
        return n;
    }
    shell_dos_close(sh, h);
    return total;
}

static bool same_file(struct shell *sh, const char *a, const char *b)
{
    char ta[160], tb[160];

    return shell_dos_truename(sh, a, ta, sizeof(ta)) >= 0 &&
           shell_dos_truename(sh, b, tb, sizeof(tb)) >= 0 && !strcasecmp(ta, tb);
}

static bool is_device(struct shell *sh, const char *path)
{
    int h = shell_dos_open(sh, path, 0x00), info;

    if (h < 0)
        return false;
    info = shell_dos_devinfo(sh, h);
    shell_dos_close(sh, h);
    return info >= 0 && (info & 0x80);
}

/* Keeps the source's date and time on the copy, as COPY does. */
static void copy_time(struct shell *sh, const char *src, int out)
{
    int h = shell_dos_open(sh, src, 0x00);
    struct cpu_regs r = {.ax = 0x5700};

    if (h < 0)
        return;
    r.bx = (uint16_t)h;
    if (shell_dos(sh, &r) >= 0) {
        uint16_t t = r.cx, d = r.dx;
        r = (struct cpu_regs){.ax = 0x5701, .bx = (uint16_t)out, .cx = t, .dx = d};
        shell_dos(sh, &r);
    }
    shell_dos_close(sh, h);
}

static bool copy_one(struct shell *sh, struct copy_job *j, const char *src, const char *dest,
                     int src_mode)
{
    bool text = src_mode == 'A', eof = false, dev;
    int out;
    long n;

    if (same_file(sh, src, dest)) {
        shell_error(sh, "File cannot be copied onto itself");
        return false;
    }
    dev = is_device(sh, dest);
    out = dev ? shell_dos_open(sh, dest, 0x01) : shell_dos_create(sh, dest, 0);
    if (out < 0) {
        shell_error(sh, "%s",
                    out == -DOSERR_ACCESS_DENIED ? "Access denied" : "File creation error");
        return false;
    }
    n = copy_into(sh, src, text, out, &eof);
    if (n < 0) {
        shell_dos_close(sh, out);
        shell_error(sh, "%s", shell_dos_message((int)n));
        return false;
    }
    if (j->dest_mode == 'A' || (text && j->dest_mode != 'B' && !dev))
        shell_dos_write(sh, out, "\x1A", 1);
    if (!dev && !text)
        copy_time(sh, src, out);
    shell_dos_close(sh, out);
    j->copied++;
    return true;
}

static void copy_concat(struct shell *sh, struct copy_job *j)
{
    char dest[160];
    int out = -1;
    bool any = false, dev;

    snprintf(dest, sizeof(dest), "%s",
             j->dest[0] ? j->dest : j->src[0].path + dir_part(j->src[0].path));
    if (strpbrk(dest, "*?") || !dest[0]) {
        shell_error(sh, "Invalid parameter");
        return;
    }
    dev = is_device(sh, dest);
    for (int i = 0; i < j->nsrc; i++) {
        char **names;
        int n =
            strpbrk(j->src[i].path, "*?") ? shell_find_names(sh, j->src[i].path, 0, &names) : -1;
        for (int k = 0; k < (n < 0 ? 1 : n); k++) {
            char src[200];
            bool eof = false;
            long got;
            if (n < 0)
                snprintf(src, sizeof(src), "%s", j->src[i].path);
            else
                snprintf(src, sizeof(src), "%.*s%s", (int)dir_part(j->src[i].path), j->src[i].path,
                         names[k]);
            if (same_file(sh, src, dest)) {
                if (i == 0 && k == 0 && !dev) {
                    /* COPY A+B A appends to A. */
                    out = shell_dos_open(sh, dest, 0x02);
                    if (out >= 0) {
                        char c = 0;
                        long end = shell_dos_seek(sh, out, 2, 0);
                        if (end > 0 && shell_dos_seek(sh, out, 2, -1) >= 0 &&
                            shell_dos_read(sh, out, &c, 1) == 1 && c == 0x1A)
                            shell_dos_seek(sh, out, 2, -1);
                        any = true;
                        continue;
                    }
                }
                shell_error(sh, "Content of destination lost before copy");
                continue;
            }
            if (out < 0) {
                out = dev ? shell_dos_open(sh, dest, 0x01) : shell_dos_create(sh, dest, 0);
                if (out < 0) {
                    shell_error(sh, "File creation error");
                    return;
                }
            }
            shell_printf(sh, "%s\r\n", src);
            got = copy_into(sh, src, j->src[i].mode != 'B', out, &eof);
            if (got < 0) {
                shell_error(sh, "%s", shell_dos_message((int)got));
                continue;
            }
            any = true;
        }
    }
    if (out < 0) {
        shell_error(sh, "File not found");
        return;
    }
    if (j->dest_mode != 'B' && !dev)
        shell_dos_write(sh, out, "\x1A", 1);
    shell_dos_close(sh, out);
    if (any)
        j->copied = 1;
}

void shell_cmd_copy(struct shell *sh, char *args)
{
    struct copy_job *j = shell_alloc(sh, sizeof(*j));
    struct shell_args a;
    int mode = 0;
    bool plus = false;

    shell_split(sh, args, &a);
    /* Words, switches that set the mode of what precedes and follows, and +. */
    for (int i = 0; i < a.n; i++) {
        char *w = a.v[i];
        if (shell_is_switch(w)) {
            int c = toupper((unsigned char)w[1]);
            if (c == 'A' || c == 'B') {
                mode = c;
                if (j->dest[0])
                    j->dest_mode = c;
                else if (j->nsrc)
                    j->src[j->nsrc - 1].mode = c;
            } else if (c != 'V' && c != 'Y' && c != '-') {
                shell_error(sh, "Invalid switch - %s", w);
                return;
            }
            continue;
        }
        /* A word may hold + between names: "A+B", "A+", "+B". */
        for (char *p = w; *p;) {
            size_t len = strcspn(p, "+");
            if (len) {
                char name[160];
                snprintf(name, sizeof(name), "%.*s", (int)len, p);
                if (!j->nsrc || plus) {
                    if (j->nsrc >= 16)
                        break;
                    snprintf(j->src[j->nsrc].path, sizeof(j->src[0].path), "%s", name);
                    j->src[j->nsrc++].mode = mode;
                    if (plus)
                        j->concat = true;
                    plus = false;
                } else if (!j->dest[0]) {
                    snprintf(j->dest, sizeof(j->dest), "%s", name);
                    j->dest_mode = mode;
                } else {
                    shell_error(sh, "Too many parameters - %s", name);
                    return;
                }
                p += len;
            }
            if (*p == '+') {
                plus = true;
                p++;
            }
        }
    }
    if (!j->nsrc) {
        shell_error(sh, "Required parameter missing");
        return;
    }
    if (!j->concat && strpbrk(j->src[0].path, "*?") && j->dest[0] && !strpbrk(j->dest, "*?") &&
        !is_dir(sh, j->dest) && !is_device(sh, j->dest))
        j->concat = true; /* COPY *.TXT ALL.TXT joins them */
    if (j->concat) {
        for (int i = 0; i < j->nsrc; i++)
            if (!j->src[i].mode)
                j->src[i].mode = 'A';
        copy_concat(sh, j);
    } else {
        const char *src = j->src[0].path;
        char pattern[160], **names, dest[200], from[200];
        int n;
        bool dir;
        snprintf(pattern, sizeof(pattern), "%s", src);
        if (is_dir(sh, pattern))
            shell_path_join(pattern, sizeof(pattern), src, "*.*");
        if (is_device(sh, pattern)) {
            /* COPY CON FILE: the device's input as text, to its end of file. */
            snprintf(dest, sizeof(dest), "%s", j->dest[0] ? j->dest : ".");
            if (is_dir(sh, dest)) {
                shell_error(sh, "Invalid parameter");
                return;
            }
            copy_one(sh, j, pattern, dest, j->src[0].mode ? j->src[0].mode : 'A');
        } else {
            n = shell_find_names(sh, pattern, 0, &names);
            if (!n) {
                shell_error(sh, "File not found - %s", src);
                shell_printf(sh, "%9d file(s) copied\r\n", 0);
                return;
            }
            dir = !j->dest[0] || is_dir(sh, j->dest);
            for (int i = 0; i < n; i++) {
                snprintf(from, sizeof(from), "%.*s%s", (int)dir_part(pattern), pattern, names[i]);
                if (dir) {
                    shell_path_join(dest, sizeof(dest), j->dest[0] ? j->dest : "", names[i]);
                    if (!j->dest[0])
                        snprintf(dest, sizeof(dest), "%s", names[i]);
                } else if (strpbrk(j->dest, "*?")) {
                    char nn[16];
                    apply_template(names[i], j->dest + dir_part(j->dest), nn, sizeof(nn));
                    snprintf(dest, sizeof(dest), "%.*s%s", (int)dir_part(j->dest), j->dest, nn);
                } else {
                    snprintf(dest, sizeof(dest), "%s", j->dest);
                }
                if (n > 1 || strpbrk(src, "*?") || is_dir(sh, src))
                    shell_printf(sh, "%s\r\n", from);
                if (!copy_one(sh, j, from, dest, j->src[0].mode))
                    break;
            }
        }
    }
    shell_printf(sh, "%9d file(s) copied\r\n", j->copied);
}
