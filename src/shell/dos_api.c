/* The shell's DOS calls: each one is made by the guest (COMMAND.COM's loop does the INT
 * the host asks for), so the interpreter sees DOS as any program does: through int 21h,
 * hooks and redirection included. Standard output is gathered here and written in
 * whole DOS writes. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dos/dos.h"
#include "shell/shell_priv.h"

void shell_int(struct shell *sh, uint8_t vec, struct cpu_regs *r)
{
    sh->vec = vec;
    sh->regs = *r;
    shell_coro_yield(&sh->co);
    *r = sh->regs;
    if (sh->break_seen && sh->abort) {
        /* The call was a ^C's way in (DOS printed "^C"): the command is cancelled. */
        sh->break_seen = false;
        longjmp(*sh->abort, 1);
    }
}

uint32_t shell_data(const struct shell *sh, uint16_t off)
{
    return ((uint32_t)sh->psp << 4) + sh->data + off;
}

void shell_regs_data(const struct shell *sh, struct cpu_regs *r, uint16_t off)
{
    r->ds = r->es = sh->psp;
    r->dx = (uint16_t)(sh->data + off);
}

int shell_dos(struct shell *sh, struct cpu_regs *r)
{
    if (!r->ds)
        r->ds = sh->psp;
    if (!r->es)
        r->es = sh->psp;
    shell_int(sh, 0x21, r);
    return (r->flags & FLAG_CF) ? -(int)r->ax : r->ax;
}

static void put_path(struct shell *sh, uint16_t off, const char *path)
{
    char buf[128];

    snprintf(buf, sizeof(buf), "%s", path);
    mem_write(&sh->m->mem, shell_data(sh, off), buf, strlen(buf) + 1);
}

int shell_dos_path(struct shell *sh, uint16_t ax, const char *path, uint16_t cx)
{
    struct cpu_regs r = {.ax = ax, .cx = cx};

    put_path(sh, SHELL_PATH, path);
    shell_regs_data(sh, &r, SHELL_PATH);
    return shell_dos(sh, &r);
}

static void track(struct shell *sh, int h)
{
    if (h >= 0 && sh->nopen < (int)(sizeof(sh->open_handles) / sizeof(sh->open_handles[0])))
        sh->open_handles[sh->nopen++] = h;
}

void shell_handle_untrack(struct shell *sh, int h)
{
    for (int i = 0; i < sh->nopen; i++) {
        if (sh->open_handles[i] == h) {
            sh->open_handles[i] = sh->open_handles[--sh->nopen];
            return;
        }
    }
}

void shell_handles_close_all(struct shell *sh)
{
    while (sh->nopen) {
        struct cpu_regs r = {.ax = 0x3E00, .bx = (uint16_t)sh->open_handles[--sh->nopen]};
        shell_dos(sh, &r);
    }
}

int shell_dos_open(struct shell *sh, const char *path, uint8_t mode)
{
    int h = shell_dos_path(sh, (uint16_t)(0x3D00 | mode), path, 0);
    track(sh, h);
    return h;
}

int shell_dos_create(struct shell *sh, const char *path, uint16_t attr)
{
    int h = shell_dos_path(sh, 0x3C00, path, attr);
    track(sh, h);
    return h;
}

int shell_dos_close(struct shell *sh, int h)
{
    struct cpu_regs r = {.ax = 0x3E00, .bx = (uint16_t)h};

    shell_handle_untrack(sh, h);
    return shell_dos(sh, &r);
}

int shell_dos_read(struct shell *sh, int h, void *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        size_t n = len - done > SHELL_IO_SIZE ? SHELL_IO_SIZE : len - done;
        struct cpu_regs r = {.ax = 0x3F00, .bx = (uint16_t)h, .cx = (uint16_t)n};
        int got;

        shell_regs_data(sh, &r, SHELL_IO);
        got = shell_dos(sh, &r);
        if (got < 0)
            return done ? (int)done : got;
        mem_read(&sh->m->mem, shell_data(sh, SHELL_IO), (char *)buf + done, (size_t)got);
        done += (size_t)got;
        if ((size_t)got < n)
            break;
    }
    return (int)done;
}

int shell_dos_write(struct shell *sh, int h, const void *buf, size_t len)
{
    size_t done = 0;

    while (done < len || (!len && !done)) {
        size_t n = len - done > SHELL_IO_SIZE ? SHELL_IO_SIZE : len - done;
        struct cpu_regs r = {.ax = 0x4000, .bx = (uint16_t)h, .cx = (uint16_t)n};
        int put;

        mem_write(&sh->m->mem, shell_data(sh, SHELL_IO), (const char *)buf + done, n);
        shell_regs_data(sh, &r, SHELL_IO);
        put = shell_dos(sh, &r);
        if (put < 0)
            return put;
        done += (size_t)put;
        if ((size_t)put < n || !len)
            break;
    }
    return (int)done;
}

long shell_dos_seek(struct shell *sh, int h, uint8_t whence, int32_t off)
{
    struct cpu_regs r = {.ax = (uint16_t)(0x4200 | whence),
                         .bx = (uint16_t)h,
                         .cx = (uint16_t)((uint32_t)off >> 16),
                         .dx = (uint16_t)off};
    int rc = shell_dos(sh, &r);

    if (rc < 0)
        return rc;
    return (long)((uint32_t)r.dx << 16 | r.ax);
}

int shell_dos_dup(struct shell *sh, int h)
{
    struct cpu_regs r = {.ax = 0x4500, .bx = (uint16_t)h};
    int d = shell_dos(sh, &r);

    track(sh, d);
    return d;
}

int shell_dos_force_dup(struct shell *sh, int h, int target)
{
    struct cpu_regs r = {.ax = 0x4600, .bx = (uint16_t)h, .cx = (uint16_t)target};
    return shell_dos(sh, &r);
}

int shell_dos_devinfo(struct shell *sh, int h)
{
    struct cpu_regs r = {.ax = 0x4400, .bx = (uint16_t)h};
    int rc = shell_dos(sh, &r);

    return rc < 0 ? rc : r.dx;
}

int shell_dos_getkey(struct shell *sh)
{
    struct cpu_regs r = {.ax = 0x0700};

    shell_flush(sh);
    shell_dos(sh, &r);
    if (r.al)
        return r.al;
    r = (struct cpu_regs){.ax = 0x0700};
    shell_dos(sh, &r);
    return 0x100 | r.al;
}

int shell_dos_setdrive(struct shell *sh, int drive)
{
    struct cpu_regs r = {.ax = 0x0E00, .dx = (uint16_t)drive};

    shell_dos(sh, &r);
    return shell_dos_getdrive(sh) == drive ? 0 : -DOSERR_INVALID_DRIVE;
}

int shell_dos_getdrive(struct shell *sh)
{
    struct cpu_regs r = {.ax = 0x1900};

    shell_dos(sh, &r);
    return r.al;
}

int shell_dos_getcwd(struct shell *sh, int drive, char *out, size_t max)
{
    struct cpu_regs r = {.ax = 0x4700, .dx = (uint16_t)(drive + 1)};
    char dir[68];
    int rc;

    r.ds = sh->psp;
    r.si = (uint16_t)(sh->data + SHELL_PATH);
    rc = shell_dos(sh, &r);
    if (rc < 0)
        return rc;
    mem_read(&sh->m->mem, shell_data(sh, SHELL_PATH), dir, sizeof(dir));
    dir[sizeof(dir) - 1] = 0;
    snprintf(out, max, "%c:\\%s", 'A' + drive, dir);
    return 0;
}

int shell_dos_truename(struct shell *sh, const char *path, char *out, size_t max)
{
    struct cpu_regs r = {.ax = 0x6000};
    char buf[128];
    int rc;

    put_path(sh, SHELL_PATH, path);
    r.ds = r.es = sh->psp;
    r.si = (uint16_t)(sh->data + SHELL_PATH);
    r.di = (uint16_t)(sh->data + SHELL_PATH2);
    rc = shell_dos(sh, &r);
    if (rc < 0)
        return rc;
    mem_read(&sh->m->mem, shell_data(sh, SHELL_PATH2), buf, sizeof(buf));
    buf[sizeof(buf) - 1] = 0;
    snprintf(out, max, "%s", buf);
    return 0;
}

int shell_dos_rename(struct shell *sh, const char *from, const char *to)
{
    struct cpu_regs r = {.ax = 0x5600};

    put_path(sh, SHELL_PATH, from);
    put_path(sh, SHELL_PATH2, to);
    shell_regs_data(sh, &r, SHELL_PATH);
    r.di = (uint16_t)(sh->data + SHELL_PATH2);
    return shell_dos(sh, &r);
}

static void found_read(struct shell *sh, struct shell_found *f)
{
    uint32_t dta = shell_data(sh, SHELL_DTA);

    f->attr = mem_rd8(&sh->m->mem, dta + 0x15);
    f->time = mem_rd16(&sh->m->mem, dta + 0x16);
    f->date = mem_rd16(&sh->m->mem, dta + 0x18);
    f->size = mem_rd32(&sh->m->mem, dta + 0x1A);
    mem_read(&sh->m->mem, dta + 0x1E, f->name, 13);
    f->name[12] = 0;
}

static void set_dta(struct shell *sh)
{
    struct cpu_regs r = {.ax = 0x1A00};

    shell_regs_data(sh, &r, SHELL_DTA);
    shell_dos(sh, &r);
}

int shell_dos_find_first(struct shell *sh, const char *pattern, uint8_t attr, struct shell_found *f)
{
    int rc;

    set_dta(sh);
    rc = shell_dos_path(sh, 0x4E00, pattern, attr);
    if (rc >= 0)
        found_read(sh, f);
    return rc;
}

int shell_dos_find_next(struct shell *sh, struct shell_found *f)
{
    struct cpu_regs r = {.ax = 0x4F00};
    int rc;

    set_dta(sh);
    rc = shell_dos(sh, &r);
    if (rc >= 0)
        found_read(sh, f);
    return rc;
}

void shell_dos_set_vector(struct shell *sh, uint8_t vec, uint16_t seg, uint16_t off)
{
    struct cpu_regs r = {.ax = (uint16_t)(0x2500 | vec), .ds = seg, .dx = off};

    shell_dos(sh, &r);
}

int shell_dos_attr(struct shell *sh, const char *path)
{
    struct cpu_regs r = {.ax = 0x4300};
    int rc;

    put_path(sh, SHELL_PATH, path);
    shell_regs_data(sh, &r, SHELL_PATH);
    rc = shell_dos(sh, &r);
    return rc < 0 ? rc : r.cx;
}

int shell_find_names(struct shell *sh, const char *pattern, uint8_t attr, char ***out)
{
    struct shell_found f;
    char **names = NULL;
    int n = 0, cap = 0;

    for (int rc = shell_dos_find_first(sh, pattern, attr, &f); rc >= 0;
         rc = shell_dos_find_next(sh, &f)) {
        if ((attr & 0x10) && (!(f.attr & 0x10) || !strcmp(f.name, ".") || !strcmp(f.name, "..")))
            continue;
        if (n == cap) {
            char **bigger = shell_alloc(sh, (size_t)(cap * 2 + 16) * sizeof(*bigger));
            if (n)
                memcpy(bigger, names, (size_t)n * sizeof(*names));
            names = bigger;
            cap = cap * 2 + 16;
        }
        names[n++] = shell_strdup(sh, f.name);
    }
    *out = names;
    return n;
}

/* ---------------------------------------------------------------------------------
 * Output.
 */

void shell_flush(struct shell *sh)
{
    size_t n = sh->nout;

    sh->nout = 0;
    if (n)
        shell_dos_write(sh, 1, sh->out, n);
}

void shell_out(struct shell *sh, const char *s, size_t len)
{
    while (len) {
        size_t n = sizeof(sh->out) - sh->nout;
        if (n > len)
            n = len;
        memcpy(sh->out + sh->nout, s, n);
        sh->nout += n;
        s += n;
        len -= n;
        if (sh->nout == sizeof(sh->out)) {
            shell_flush(sh);
            shell_check_break(sh);
        }
    }
}

void shell_puts(struct shell *sh, const char *s)
{
    shell_out(sh, s, strlen(s));
}

void shell_printf(struct shell *sh, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0)
        shell_out(sh, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void shell_crlf(struct shell *sh)
{
    shell_out(sh, "\r\n", 2);
}

void shell_error(struct shell *sh, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    shell_flush(sh);
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf) - 2, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof(buf) - 3)
        n = (int)sizeof(buf) - 3;
    memcpy(buf + n, "\r\n", 2);
    shell_dos_write(sh, 2, buf, (size_t)n + 2);
}

const char *shell_dos_message(int err)
{
    switch (err < 0 ? -err : err) {
    case DOSERR_FUNCTION: return "Invalid function";
    case DOSERR_FILE_NOT_FOUND: return "File not found";
    case DOSERR_PATH_NOT_FOUND: return "Path not found";
    case DOSERR_TOO_MANY_OPEN: return "Too many open files";
    case DOSERR_ACCESS_DENIED: return "Access denied";
    case DOSERR_INVALID_HANDLE: return "Invalid handle";
    case DOSERR_MCB_DESTROYED: return "Memory control blocks destroyed";
    case DOSERR_NO_MEMORY: return "Insufficient memory";
    case DOSERR_INVALID_BLOCK: return "Invalid memory block address";
    case DOSERR_BAD_ENVIRONMENT: return "Invalid Environment";
    case DOSERR_BAD_FORMAT: return "Invalid format";
    case DOSERR_INVALID_ACCESS: return "Invalid function parameter";
    case DOSERR_INVALID_DATA: return "Invalid data";
    case DOSERR_INVALID_DRIVE: return "Invalid drive specification";
    case DOSERR_CURRENT_DIR: return "Attempt to remove current directory";
    case DOSERR_NOT_SAME_DEVICE: return "Not same device";
    case DOSERR_NO_MORE_FILES: return "No more files";
    case DOSERR_WRITE_PROTECT: return "Write protect error";
    case DOSERR_SHARING: return "Sharing violation";
    case DOSERR_DISK_FULL: return "Insufficient disk space";
    case DOSERR_FILE_EXISTS: return "File already exists";
    case DOSERR_CANNOT_MAKE: return "Cannot make directory entry";
    case DOSERR_INVALID_PARAM: return "Invalid parameter";
    default: return "General failure";
    }
}

void shell_check_break(struct shell *sh)
{
    /* Function 0Bh looks for a typed ^C when standard input is the console; DOS then
     * prints "^C" and calls the shell's int 23h, which cancels the command. */
    struct cpu_regs r = {.ax = 0x0B00};

    shell_dos(sh, &r);
}

/* ---------------------------------------------------------------------------------
 * Allocations of the current command.
 */

void *shell_alloc(struct shell *sh, size_t size)
{
    struct shell_mem *b = malloc(sizeof(*b) + size + 1);

    if (!b)
        abort(); /* the host is out of memory: nothing sensible is left to do */
    b->next = sh->mem;
    sh->mem = b;
    memset(b + 1, 0, size + 1);
    return b + 1;
}

char *shell_strdup(struct shell *sh, const char *s)
{
    size_t n = strlen(s);
    char *d = shell_alloc(sh, n);

    memcpy(d, s, n);
    return d;
}

void shell_mem_release(struct shell *sh, struct shell_mem *mark)
{
    while (sh->mem && sh->mem != mark) {
        struct shell_mem *b = sh->mem;
        sh->mem = b->next;
        free(b);
    }
}
