/* Programs: loading .COM and .EXE (MZ) images into memory from the MCB chain as
 * MS-DOS's EXEC does, building the PSP and the environment, EXEC (load and run, load
 * only, overlay), terminating back to the parent, TSRs, and ^C.
 *
 * The int 21h dispatcher keeps, like DOS, the caller's registers on its stack (AX BX
 * CX DX SI DI BP DS ES below the INT frame) and their address in the PSP (2Eh). A
 * child's PSP gets the parent's return address as its terminate address (0Ah); when
 * the child ends, the parent gets its registers back from that frame and goes on
 * after its INT 21h with CF clear, whatever ran in between. */
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bios/bda.h"
#include "bios/bios.h"
#include "dos/dos.h"
#include "dos/fcb.h"
#include "dos/files.h"
#include "dos/paths.h"
#include "dos/process.h"

#define MAX_PROGRAM_SIZE (640u * 1024u)
#define ENV_PARAS        32u     /* 512 bytes of environment for the root program */
#define ENV_MAX          0x8000u /* DOS scans at most 32 KiB of environment */

/* The register frame the dispatcher keeps on the caller's stack (PSP_SSSP points at
 * it), then the INT's IP, CS, FLAGS. */
#define FRAME_AX    0
#define FRAME_BX    2
#define FRAME_CX    4
#define FRAME_DX    6
#define FRAME_SI    8
#define FRAME_DI    10
#define FRAME_BP    12
#define FRAME_DS    14
#define FRAME_ES    16
#define FRAME_IP    18
#define FRAME_CS    20
#define FRAME_FLAGS 22
#define FRAME_REGS  18 /* bytes of registers before the INT frame */

static int load_fail(struct dos_load_error *e, int status, const char *fmt, const char *a,
                     const char *b)
{
    e->status = status;
    snprintf(e->msg, sizeof(e->msg), fmt, a, b);
    return -1;
}

/* Parses an MZ header and checks it against the file. Returns NULL, or what is wrong. */
const char *dos_exe_check(const uint8_t *img, size_t size, struct dos_exe_info *x)
{
    uint16_t cblp, cp, crlc, cparhdr, lfarlc;
    uint32_t total;

    if (size < 0x1C)
        return "its EXE header is truncated";
    cblp = (uint16_t)(img[2] | img[3] << 8);
    cp = (uint16_t)(img[4] | img[5] << 8);
    crlc = (uint16_t)(img[6] | img[7] << 8);
    cparhdr = (uint16_t)(img[8] | img[9] << 8);
    x->minalloc = (uint16_t)(img[10] | img[11] << 8);
    x->maxalloc = (uint16_t)(img[12] | img[13] << 8);
    x->ss = (uint16_t)(img[14] | img[15] << 8);
    x->sp = (uint16_t)(img[16] | img[17] << 8);
    x->ip = (uint16_t)(img[20] | img[21] << 8);
    x->cs = (uint16_t)(img[22] | img[23] << 8);
    lfarlc = (uint16_t)(img[24] | img[25] << 8);
    if (cblp >= 512 || cp == 0)
        return "its EXE header has an impossible size";
    total = cp * 512u - (cblp ? 512u - cblp : 0);
    x->header = cparhdr * 16u;
    x->pages = cp;
    if (x->header < 0x1C || x->header > total)
        return "its EXE header has an impossible size";
    /* DOS reads the load module with one read and takes what comes: a file short by
     * less than a page (linkers of the time rounded the last page's count, as MS-DOS
     * 2.0's SORT.EXE has it) loads what is there. */
    if (total > size && (total - size >= 512 || size < x->header))
        return "it is truncated (the EXE header claims more bytes than the file has)";
    x->image = (total > size ? (uint32_t)size : total) - x->header;
    x->nrelocs = crlc;
    x->relocs = lfarlc;
    if ((uint32_t)lfarlc + crlc * 4u > size)
        return "its relocation table runs past the end of the file";
    return NULL;
}

/* The primary shell's environment: COMSPEC (the shell itself, unless --env gives it),
 * PATH, the --env variables; an empty string, a count of 1, the program path. */
static uint16_t dos_build_env(struct machine *m, const char *progpath, uint16_t owner)
{
    const struct machine_config *cfg = m->cfg;
    char buf[ENV_PARAS * 16 + 1024];
    size_t n = 0;
    uint16_t largest, seg, paras;
    enum dos_error err;
    bool have_comspec = false, have_path = false;

#define ENV_ADD(s)                                             \
    do {                                                       \
        size_t l_ = strlen(s) + 1;                             \
        if (n + l_ + 2 + strlen(progpath) + 1 < sizeof(buf)) { \
            memcpy(buf + n, s, l_);                            \
            n += l_;                                           \
        }                                                      \
    } while (0)

    for (int i = 0; i < cfg->nenv; i++) {
        have_comspec |= !strncmp(cfg->env[i], "COMSPEC=", 8);
        have_path |= !strncmp(cfg->env[i], "PATH=", 5);
    }
    if (!have_comspec) {
        char comspec[160];
        snprintf(comspec, sizeof(comspec), "COMSPEC=%s", progpath);
        ENV_ADD(comspec);
    }
    if (!have_path)
        ENV_ADD("PATH=C:\\;Z:\\");
    for (int i = 0; i < cfg->nenv; i++)
        ENV_ADD(cfg->env[i]);
#undef ENV_ADD
    buf[n++] = 0;
    buf[n++] = 1;
    buf[n++] = 0;
    memcpy(buf + n, progpath, strlen(progpath) + 1);
    n += strlen(progpath) + 1;
    paras = (uint16_t)((n + 15) / 16);
    if (paras < ENV_PARAS)
        paras = ENV_PARAS;
    seg = dos_mcb_alloc(m, paras, owner, &largest, &err);
    if (!seg)
        return 0;
    mem_fill(&m->mem, (uint32_t)seg << 4, 0, paras * 16u);
    mem_write(&m->mem, (uint32_t)seg << 4, buf, n);
    return seg;
}

void dos_build_psp(struct machine *m, uint16_t psp, uint16_t mem_top, uint16_t parent, uint16_t env)
{
    uint32_t base = (uint32_t)psp << 4;

    mem_fill(&m->mem, base, 0, PSP_SIZE);
    mem_wr16(&m->mem, base + PSP_INT20, 0x20CD);
    mem_wr16(&m->mem, base + PSP_MEM_TOP, mem_top);
    /* CP/M entry at PSP:5: a far call to the int 21h stub's neighbour; programs use
     * only the word at 6 (memory available in the segment). */
    mem_wr8(&m->mem, base + PSP_CALL5, 0x9A);
    mem_wr16(&m->mem, base + PSP_CALL5 + 1, 0xFEF0);
    mem_wr16(&m->mem, base + PSP_CALL5 + 3, 0xF01D);
    mem_wr32(&m->mem, base + PSP_INT22, mem_rd32(&m->mem, 0x22 * 4));
    mem_wr32(&m->mem, base + PSP_INT23, mem_rd32(&m->mem, 0x23 * 4));
    mem_wr32(&m->mem, base + PSP_INT24, mem_rd32(&m->mem, 0x24 * 4));
    mem_wr16(&m->mem, base + PSP_PARENT, parent);
    mem_fill(&m->mem, base + PSP_JFT, JFT_CLOSED, JFT_DEFAULT_SIZE);
    mem_wr16(&m->mem, base + PSP_ENV, env);
    mem_wr16(&m->mem, base + PSP_JFT_SIZE, JFT_DEFAULT_SIZE);
    mem_wr16(&m->mem, base + PSP_JFT_PTR, PSP_JFT);
    mem_wr16(&m->mem, base + PSP_JFT_PTR + 2, psp);
    mem_wr32(&m->mem, base + PSP_PREV, 0xFFFFFFFFu);
    mem_wr16(&m->mem, base + PSP_VERSION, m->dos->version);
    mem_wr8(&m->mem, base + PSP_DISPATCH, 0xCD);
    mem_wr8(&m->mem, base + PSP_DISPATCH + 1, 0x21);
    mem_wr8(&m->mem, base + PSP_DISPATCH + 2, 0xCB);
    mem_fill(&m->mem, base + PSP_FCB1 + 1, ' ', 11);
    mem_fill(&m->mem, base + PSP_FCB2 + 1, ' ', 11);
    mem_wr8(&m->mem, base + PSP_TAIL + 1, '\r');
}

/* Command tail at PSP:80h and the two FCBs parsed from it. Returns AX for the entry
 * (AL, AH = FFh where the FCB's drive is invalid). */
uint16_t dos_set_tail(struct machine *m, uint16_t psp, const char *tail)
{
    uint32_t base = (uint32_t)psp << 4;
    size_t len = strlen(tail);
    const char *p = tail;
    uint8_t fcb[16];
    uint16_t ax = 0;

    if (len > 126)
        len = 126;
    mem_wr8(&m->mem, base + PSP_TAIL, (uint8_t)len);
    mem_write(&m->mem, base + PSP_TAIL + 1, tail, len);
    mem_wr8(&m->mem, base + PSP_TAIL + 1 + len, '\r');
    for (int i = 0; i < 2; i++) {
        uint8_t rc;
        memset(fcb, 0, sizeof(fcb));
        rc = dos_fcb_parse_name(m, &p, fcb, 0x01);
        mem_write(&m->mem, base + (i ? PSP_FCB2 : PSP_FCB1), fcb, 12);
        if (rc == 0xFF)
            ax |= (uint16_t)(0xFF << (8 * i));
        while (*p && *p != ' ' && *p != '\t' && *p != '/')
            p++; /* the rest of a word that did not parse as a name */
    }
    return ax;
}

/* The DOS name of a host program: its path under drive C: if it lies beneath it,
 * else on a read-only drive that maps its directory (the first free one from D:). */
static int dos_program_path(struct machine *m, const char *host, char *out, size_t max,
                            struct dos_load_error *e)
{
    struct dos *d = m->dos;
    char *real = realpath(host, NULL), *dir, *base;
    size_t rootlen;
    int rc = -1;

    if (!real)
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", host, strerror(errno));
    for (int drv = 2; drv < 26; drv++) {
        const char *root = d->drives[drv].host_root;
        if (!root || d->drives[drv].root_fd < 0)
            continue;
        rootlen = strlen(root);
        if (!strncmp(real, root, rootlen) && (real[rootlen] == '/' || rootlen == 1)) {
            if (!dos_path_from_host(m, drv, real + rootlen - (rootlen == 1), out, max))
                snprintf(out, max, "%c:%s", 'A' + drv, real + rootlen - (rootlen == 1));
            rc = 0;
            break;
        }
    }
    if (rc) {
        dir = strdup(real);
        base = strrchr(real, '/') + 1;
        for (int drv = 3; drv < 26 && rc; drv++) {
            if (dos_drive_valid(m, drv))
                continue;
            d->drives[drv].root_fd = open(dirname(dir), O_PATH | O_DIRECTORY | O_CLOEXEC);
            if (d->drives[drv].root_fd < 0)
                break;
            d->drives[drv].host_root = strdup(dirname(dir));
            d->drives[drv].readonly = true;
            dos_cds_set_root(m, drv);
            log_debug(&m->log, LOG_DOS, "%s is outside every drive: its directory is %c:", host,
                      'A' + drv);
            if (!dos_path_from_host(m, drv, base, out, max))
                snprintf(out, max, "%c:/%s", 'A' + drv, base);
            rc = 0;
        }
        free(dir);
        if (rc) {
            free(real);
            return load_fail(e, EXIT_LOAD, "cannot run %s: %s", host,
                             "no free drive letter for its directory");
        }
    }
    free(real);
    for (char *c = out; *c; c++)
        *c = *c == '/' ? '\\' : (char)toupper((unsigned char)*c);
    if (strlen(out) > 79)
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", host,
                         "its DOS path is longer than DOS allows (79 characters)");
    return 0;
}

static enum dos_error exec_read(struct machine *m, const char *path, struct dos_path *p,
                                uint8_t **img, size_t *size);

static int dos_read_program(const char *path, uint8_t **img, size_t *size, struct dos_load_error *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    ssize_t n;

    if (fd < 0)
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", path, strerror(errno));
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", path, "it is not a regular file");
    }
    if ((uint64_t)st.st_size > MAX_PROGRAM_SIZE) {
        close(fd);
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", path,
                         "it is larger than DOS memory (640 KiB)");
    }
    *size = (size_t)st.st_size;
    *img = malloc(*size + 1);
    if (!*img) {
        close(fd);
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", path, "out of memory");
    }
    n = read(fd, *img, *size);
    close(fd);
    if (n != (ssize_t)*size) {
        free(*img);
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", path, "it could not be read whole");
    }
    return 0;
}

/* AL/AH on entry: 00h if an FCB's drive is valid (or the default), FFh if not. */
static uint8_t fcb_drive_check(struct machine *m, uint8_t drive)
{
    return drive == 0 || dos_drive_valid(m, drive - 1) ? 0x00 : 0xFF;
}

static void set_fail(char *why, size_t whylen, enum dos_error *err, enum dos_error e,
                     const char *msg)
{
    snprintf(why, whylen, "%s", msg);
    if (err)
        *err = e;
}

static void relocate(struct machine *m, const uint8_t *img, const struct dos_exe_info *x,
                     uint16_t factor)
{
    for (uint16_t i = 0; i < x->nrelocs; i++) {
        const uint8_t *rel = img + x->relocs + i * 4u;
        uint16_t off = (uint16_t)(rel[0] | rel[1] << 8);
        uint16_t seg = (uint16_t)(rel[2] | rel[3] << 8);
        uint32_t at = cpu_linear((uint16_t)(factor + seg), off);
        mem_wr16(&m->mem, at, (uint16_t)(mem_rd16(&m->mem, at) + factor));
    }
}

int dos_load_image_err(struct machine *m, const uint8_t *img, size_t size, bool is_exe_name,
                       const char *name, uint16_t env, uint16_t parent, struct cpu_regs *r,
                       char *why, size_t whylen, enum dos_error *err)
{
    struct dos_exe_info x;
    bool exe =
        size >= 0x1A && ((img[0] == 'M' && img[1] == 'Z') || (img[0] == 'Z' && img[1] == 'M'));
    uint16_t largest, block, paras, load;
    enum dos_error aerr;
    const char *bad;

    if (size == 0) {
        set_fail(why, whylen, err, DOSERR_BAD_FORMAT, "it is empty");
        return -1;
    }
    if (!exe && is_exe_name) {
        set_fail(why, whylen, err, DOSERR_BAD_FORMAT, "it is not a DOS program (no MZ header)");
        return -1;
    }
    /* What there is: the largest free block. */
    dos_mcb_alloc(m, 0xFFFF, 0, &largest, &aerr);
    if (exe) {
        uint32_t image_paras, need, want;
        bad = dos_exe_check(img, size, &x);
        if (bad) {
            set_fail(why, whylen, err, DOSERR_BAD_FORMAT, bad);
            return -1;
        }
        /* DOS counts the image in whole pages, the header's way. */
        image_paras = x.pages * 32u - x.header / 16u;
        need = 0x10 + image_paras + x.minalloc;
        if (largest < 0x11 || 0x10 + image_paras > largest || need > largest) {
            snprintf(why, whylen,
                     "it needs %u KiB of memory and only %u KiB are free (its EXE header asks "
                     "for more memory than DOS has)",
                     (unsigned)(need * 16 / 1024), (unsigned)(largest * 16u / 1024));
            if (err)
                *err = DOSERR_NO_MEMORY;
            return -1;
        }
        want = 0x10 + image_paras + (uint32_t)x.maxalloc;
        /* maxalloc 0: load high, at the top of the largest block. */
        paras = (uint16_t)(x.maxalloc == 0 || want > largest ? largest : want);
        block = dos_mcb_alloc(m, paras, MCB_OWNER_DOS, &largest, &aerr);
        if (!block) {
            set_fail(why, whylen, err, DOSERR_NO_MEMORY, "there is no memory for it");
            return -1;
        }
        load = (uint16_t)(block + 0x10);
        if (x.maxalloc == 0)
            load = (uint16_t)(block + paras - image_paras);
        mem_write(&m->mem, (uint32_t)load << 4, img + x.header, x.image);
        relocate(m, img, &x, load);
        memset(r, 0, sizeof(*r));
        r->cs = (uint16_t)(load + x.cs);
        r->ip = x.ip;
        r->ss = (uint16_t)(load + x.ss);
        r->sp = x.sp;
    } else {
        uint32_t room;
        /* A .COM gets the largest block and must leave room for its PSP and a stack. */
        if (largest < 0x11) {
            set_fail(why, whylen, err, DOSERR_NO_MEMORY, "it needs more memory than is free");
            return -1;
        }
        room = (largest >= 0x1000 ? 0x10000u : largest * 16u) - 0x100;
        if (size >= room) {
            set_fail(why, whylen, err, DOSERR_NO_MEMORY,
                     size > 0xFF00 - 2 ? "a .COM program must fit in 64 KiB with its PSP and stack"
                                       : "it needs more memory than is free");
            return -1;
        }
        paras = largest;
        block = dos_mcb_alloc(m, paras, MCB_OWNER_DOS, &largest, &aerr);
        if (!block) {
            set_fail(why, whylen, err, DOSERR_NO_MEMORY, "there is no memory for it");
            return -1;
        }
        mem_write(&m->mem, ((uint32_t)block << 4) + 0x100, img, size);
        memset(r, 0, sizeof(*r));
        r->cs = r->ss = block;
        r->ip = 0x100;
        r->sp = (uint16_t)(room + 0xFE);
        /* A RET from the program lands on PSP:0000, its INT 20h. */
        mem_wr16(&m->mem, cpu_linear(r->ss, r->sp), 0);
    }
    /* The block belongs to the program's PSP, which is the block itself. */
    mem_wr16(&m->mem, ((uint32_t)(block - 1) << 4) + MCB_OWNER, block);
    if (env)
        mem_wr16(&m->mem, ((uint32_t)(env - 1) << 4) + MCB_OWNER, block);
    dos_mcb_set_name(m, block, name);
    if (env)
        dos_mcb_set_name(m, env, name);
    dos_build_psp(m, block, (uint16_t)(block + paras), parent, env);
    r->ds = r->es = block;
    /* Register values on entry, as MS-DOS 5 leaves them. */
    r->bx = 0;
    r->cx = 0x00FF;
    r->dx = block;
    r->si = r->ip;
    r->di = r->sp;
    r->bp = 0x091C;
    r->flags = 0x0202;
    if (err)
        *err = DOSERR_NONE;
    return block;
}

int dos_load_image(struct machine *m, const uint8_t *img, size_t size, bool is_exe_name,
                   const char *name, uint16_t env, uint16_t parent, struct cpu_regs *r, char *why,
                   size_t whylen)
{
    return dos_load_image_err(m, img, size, is_exe_name, name, env, parent, r, why, whylen, NULL);
}

/* One name in a host directory as DOS would find it: as given, else the entry that
 * matches it case-insensitively. Appends it to path (of max bytes). */
static bool host_find_entry(char *path, size_t max, size_t len, const char *name)
{
    struct stat st;
    struct dirent *de;
    DIR *dir;
    bool found = false;

    if ((size_t)snprintf(path + len, max - len, "%s", name) >= max - len)
        return false;
    if (!stat(path, &st))
        return true;
    path[len] = 0;
    dir = opendir(len ? path : ".");
    if (!dir)
        return false;
    while (!found && (de = readdir(dir)))
        if (!strcasecmp(de->d_name, name) &&
            (size_t)snprintf(path + len, max - len, "%s", de->d_name) < max - len)
            found = true;
    closedir(dir);
    if (!found)
        path[len] = 0;
    return found;
}

/* PROGRAM as DOS finds a program (MS-DOS makes new files' names lower case here, DOS
 * users type them in upper): each part of the host path case-insensitively, and a
 * last part without an extension with .COM, .EXE, .BAT tried in that order. Fills out
 * with the host path found, or with PROGRAM as given when nothing is found. */
static void dos_find_program(const char *program, char *out, size_t max)
{
    static const char *const exts[] = {".COM", ".EXE", ".BAT"};
    char part[256];
    const char *s = program, *slash;
    size_t len = 0, n;

    if (!access(program, F_OK) || strlen(program) >= max) {
        snprintf(out, max, "%s", program);
        return;
    }
    out[0] = 0;
    if (*s == '/') {
        out[len++] = '/';
        out[len] = 0;
        s++;
    }
    for (; (slash = strchr(s, '/')); s = slash + 1) {
        n = (size_t)(slash - s);
        if (n >= sizeof(part))
            goto as_given;
        memcpy(part, s, n);
        part[n] = 0;
        if (!n || !host_find_entry(out, max - 1, len, part))
            goto as_given;
        len = strlen(out);
        out[len++] = '/';
        out[len] = 0;
    }
    if (host_find_entry(out, max, len, s))
        return;
    if (!strchr(s, '.') && strlen(s) + 4 < sizeof(part))
        for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
            snprintf(part, sizeof(part), "%s%s", s, exts[i]);
            if (host_find_entry(out, max, len, part))
                return;
        }
as_given:
    snprintf(out, max, "%s", program);
}

int dos_boot_program(struct machine *m, const char *program, char *dospath, size_t max,
                     struct dos_load_error *e)
{
    struct dos_exe_info x;
    uint8_t *img = NULL;
    size_t size;
    const char *dot, *bad = NULL;
    char host[PATH_MAX];

    e->status = 0;
    dos_find_program(program, host, sizeof(host));
    if (dos_program_path(m, host, dospath, max, e))
        return -1;
    dot = strrchr(dospath, '.');
    if (dot && !strcmp(dot, ".BAT"))
        return 0; /* the shell reads it */
    if (dos_read_program(host, &img, &size, e))
        return -1;
    /* What EXEC would take for a .COM, a text file named .EXE is not: a command line
     * names its program on purpose, so a mistake is said at once. */
    if (size == 0)
        bad = "it is empty";
    else if (size >= 2 && ((img[0] == 'M' && img[1] == 'Z') || (img[0] == 'Z' && img[1] == 'M')))
        bad = dos_exe_check(img, size, &x);
    else if (dot && !strcmp(dot, ".EXE"))
        bad = "it is not a DOS program (no MZ header)";
    free(img);
    if (bad)
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", host, bad);
    return 0;
}

int dos_load_shell(struct machine *m, struct cpu_regs *r, const char *path,
                   struct dos_load_error *e)
{
    struct dos *d = m->dos;
    char why[200];
    uint8_t *img = NULL;
    struct dos_path p;
    size_t size = 0;
    enum dos_error err;
    uint16_t env;
    int psp;

    e->status = 0;
    err = exec_read(m, path, &p, &img, &size);
    if (err)
        return load_fail(e, EXIT_LOAD, "cannot start %s: %s", path, "it cannot be read");
    env = dos_build_env(m, p.dos, MCB_OWNER_DOS);
    if (!env) {
        free(img);
        return load_fail(e, EXIT_LOAD, "cannot start %s: %s", path, "DOS memory is exhausted");
    }
    psp =
        dos_load_image(m, img, size, false, strrchr(p.dos, '\\') + 1, env, 0, r, why, sizeof(why));
    free(img);
    if (psp < 0)
        return load_fail(e, EXIT_LOAD, "cannot start %s: %s", path, why);
    /* The primary shell is its own parent, as COMMAND.COM's is: its end is the
     * session's. */
    mem_wr16(&m->mem, ((uint32_t)psp << 4) + PSP_PARENT, (uint16_t)psp);
    d->shell_psp = (uint16_t)psp;
    d->cur_psp = (uint16_t)psp;
    dos_jft_init_root(m, (uint16_t)psp);
    r->ax = dos_set_tail(m, (uint16_t)psp, " /P");
    d->dta = ((uint32_t)psp << 4) + PSP_TAIL;
    d->dta_seg = (uint16_t)psp;
    d->dta_off = PSP_TAIL;
    return 0;
}

/* ---------------------------------------------------------------------------------
 * EXEC (int 21h 4Bh).
 */

/* Reads a program named by a DOS path, beneath its drive. */
static enum dos_error exec_read(struct machine *m, const char *path, struct dos_path *p,
                                uint8_t **img, size_t *size)
{
    enum dos_error err = dos_path_resolve(m, path, p, DOS_RESOLVE_WILD);
    struct stat st;
    ssize_t n;
    int fd;

    if (err)
        return err;
    if (p->wild || p->device != DOS_FILE_FREE || !p->exists)
        return DOSERR_FILE_NOT_FOUND;
    if (p->attr & DOS_ATTR_DIR)
        return DOSERR_ACCESS_DENIED;
    fd = dos_path_open(m, p, O_RDONLY, 0);
    if (fd < 0)
        return dos_error_from_errno(fd);
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return DOSERR_ACCESS_DENIED;
    }
    if ((uint64_t)st.st_size > MAX_PROGRAM_SIZE) {
        close(fd);
        return DOSERR_NO_MEMORY;
    }
    *size = (size_t)st.st_size;
    *img = malloc(*size + 1);
    if (!*img) {
        close(fd);
        return DOSERR_NO_MEMORY;
    }
    n = pread(fd, *img, *size, 0);
    close(fd);
    if (n != (ssize_t)*size) {
        free(*img);
        return DOSERR_BAD_FORMAT;
    }
    return DOSERR_NONE;
}

/* The child's environment: a copy of src's strings, a count of 1 and the program's
 * path. Returns its segment (0 for none) or an error. */
static enum dos_error exec_env(struct machine *m, uint16_t src, const char *progpath, uint16_t *out)
{
    uint32_t base = (uint32_t)src << 4;
    size_t len = 0, plen = strlen(progpath) + 1;
    uint16_t seg, largest;
    enum dos_error err;

    *out = 0;
    if (!src)
        return DOSERR_NONE;
    /* The strings end with an empty one, within 32 KiB. */
    for (;;) {
        if (len + 1 >= ENV_MAX)
            return DOSERR_BAD_ENVIRONMENT;
        if (mem_rd8(&m->mem, base + len) == 0 &&
            (len == 0 || mem_rd8(&m->mem, base + len - 1) == 0))
            break;
        len++;
    }
    len++; /* the last NUL */
    if (len == 1)
        len = 2; /* an empty environment is two NULs */
    seg = dos_mcb_alloc(m, (uint16_t)((len + 2 + plen + 15) / 16), MCB_OWNER_DOS, &largest, &err);
    if (!seg)
        return err;
    {
        uint8_t buf[ENV_MAX + 256];
        mem_read(&m->mem, base, buf, len);
        if (len == 2)
            buf[0] = buf[1] = 0;
        buf[len] = 1;
        buf[len + 1] = 0;
        memcpy(buf + len + 2, progpath, plen);
        mem_write(&m->mem, (uint32_t)seg << 4, buf, len + 2 + plen);
    }
    *out = seg;
    return DOSERR_NONE;
}

/* 4B03h: the image goes where the caller says, relocated by its factor; no PSP, no
 * memory of its own. */
static enum dos_error exec_overlay(struct machine *m, const uint8_t *img, size_t size, uint32_t pb)
{
    uint16_t seg = mem_rd16(&m->mem, pb + EXEC3_SEG);
    uint16_t factor = mem_rd16(&m->mem, pb + EXEC3_RELOC);
    struct dos_exe_info x;
    bool exe =
        size >= 0x1A && ((img[0] == 'M' && img[1] == 'Z') || (img[0] == 'Z' && img[1] == 'M'));

    if (!size)
        return DOSERR_BAD_FORMAT;
    if (!exe) {
        mem_write(&m->mem, (uint32_t)seg << 4, img, size);
        return DOSERR_NONE;
    }
    if (dos_exe_check(img, size, &x))
        return DOSERR_BAD_FORMAT;
    mem_write(&m->mem, (uint32_t)seg << 4, img + x.header, x.image);
    relocate(m, img, &x, factor);
    return DOSERR_NONE;
}

void dos_exec(struct machine *m, struct cpu_regs *r)
{
    struct dos *d = m->dos;
    uint8_t func = r->al, *img = NULL, fcb[16];
    uint32_t pb = cpu_linear(r->es, r->bx), parent_base = (uint32_t)d->cur_psp << 4;
    char path[DOS_PATH_MAX], why[200], name[13];
    struct dos_path p;
    struct cpu_regs child;
    enum dos_error err;
    uint16_t env = 0, ax, ret_ip, ret_cs;
    const char *base;
    size_t size = 0;
    int psp;

    d->exec_why[0] = 0;
    if (func != 0 && func != 1 && func != 3)
        return dos_fail(m, r, DOSERR_FUNCTION);
    if (mem_read_strz(&m->mem, cpu_linear(r->ds, r->dx), path, sizeof(path)) < 0)
        return dos_fail(m, r, DOSERR_PATH_NOT_FOUND);
    err = exec_read(m, path, &p, &img, &size);
    if (err)
        return dos_fail(m, r, err);
    if (func == 3) {
        err = exec_overlay(m, img, size, pb);
        free(img);
        if (err)
            return dos_fail(m, r, err);
        return dos_ok(r);
    }
    err = exec_env(m,
                   mem_rd16(&m->mem, pb + EXEC_ENV) ? mem_rd16(&m->mem, pb + EXEC_ENV)
                                                    : mem_rd16(&m->mem, parent_base + PSP_ENV),
                   p.dos, &env);
    if (err) {
        free(img);
        return dos_fail(m, r, err);
    }
    base = strrchr(p.dos, '\\') + 1;
    snprintf(name, sizeof(name), "%s", base);
    psp = dos_load_image_err(m, img, size, false, name, env, d->cur_psp, &child, why, sizeof(why),
                             &err);
    free(img);
    if (psp < 0) {
        if (env)
            dos_mcb_free(m, env);
        log_debug(&m->log, LOG_DOS, "EXEC %s: %s", p.dos, why);
        snprintf(d->exec_why, sizeof(d->exec_why), "%s", why);
        return dos_fail(m, r, err);
    }

    /* The command tail (128 bytes) and the two FCBs (drive, name, extension, and four
     * zeros each) from the caller's pointers. */
    {
        uint8_t tail[128];
        mem_read(&m->mem, mem_rdfar(&m->mem, pb + EXEC_TAIL), tail, sizeof(tail));
        mem_write(&m->mem, ((uint32_t)psp << 4) + PSP_TAIL, tail, sizeof(tail));
    }
    memset(fcb, 0, sizeof(fcb));
    mem_read(&m->mem, mem_rdfar(&m->mem, pb + EXEC_FCB1), fcb, 12);
    mem_write(&m->mem, ((uint32_t)psp << 4) + PSP_FCB1, fcb, 16);
    ax = fcb_drive_check(m, fcb[0]);
    memset(fcb, 0, sizeof(fcb));
    mem_read(&m->mem, mem_rdfar(&m->mem, pb + EXEC_FCB2), fcb, 12);
    mem_write(&m->mem, ((uint32_t)psp << 4) + PSP_FCB2, fcb, 16);
    ax |= (uint16_t)(fcb_drive_check(m, fcb[0]) << 8);
    child.ax = ax;

    /* Open handles go to the child unless they were opened private. */
    dos_jft_inherit(m, (uint16_t)psp);
    /* The child's terminate address is the parent's return address. */
    ret_ip = mem_rd16(&m->mem, cpu_linear(r->ss, r->sp));
    ret_cs = mem_rd16(&m->mem, cpu_linear(r->ss, (uint16_t)(r->sp + 2)));
    mem_wr16(&m->mem, ((uint32_t)psp << 4) + PSP_INT22, ret_ip);
    mem_wr16(&m->mem, ((uint32_t)psp << 4) + PSP_INT22 + 2, ret_cs);
    mem_wr16(&m->mem, 0x22 * 4, ret_ip);
    mem_wr16(&m->mem, 0x22 * 4 + 2, ret_cs);
    if (d->nexec < DOS_EXEC_DEPTH)
        d->exec[d->nexec++] = (struct dos_exec_frame){
            .child = (uint16_t)psp, .dta_seg = d->dta_seg, .dta_off = d->dta_off};
    d->cur_psp = (uint16_t)psp;
    d->dta_seg = (uint16_t)psp;
    d->dta_off = PSP_TAIL;
    d->dta = ((uint32_t)psp << 4) + PSP_TAIL;
    log_debug(&m->log, LOG_DOS, "EXEC %s: PSP %04X, entry %04X:%04X", p.dos, psp, child.cs,
              child.ip);

    if (func == 1) {
        /* Load only: the caller gets the entry point and a stack with AX on it. */
        uint16_t sp = (uint16_t)(child.sp - 2);
        mem_wr16(&m->mem, cpu_linear(child.ss, sp), ax);
        mem_wr16(&m->mem, pb + EXEC_SSSP, sp);
        mem_wr16(&m->mem, pb + EXEC_SSSP + 2, child.ss);
        mem_wr16(&m->mem, pb + EXEC_CSIP, child.ip);
        mem_wr16(&m->mem, pb + EXEC_CSIP + 2, child.cs);
        return dos_ok(r);
    }
    *r = child;
}

/* ---------------------------------------------------------------------------------
 * Ending programs.
 */

void dos_terminate(struct machine *m, struct cpu_regs *r, uint8_t code, uint8_t type)
{
    struct dos *d = m->dos;
    uint16_t psp = d->cur_psp;
    uint32_t base = (uint32_t)psp << 4, frame;
    uint16_t parent = mem_rd16(&m->mem, base + PSP_PARENT);
    uint32_t ret = mem_rd32(&m->mem, base + PSP_INT22);

    d->ret_code = code;
    d->ret_type = type;
    d->break_pending = false;
    d->con.editing = false;
    d->con.raw_got = 0;
    mem_wr8(&m->mem, dos_addr(DOS_SDA + SDA_INDOS), 0);
    /* The program's int 22h/23h/24h go back to what its PSP saved. */
    mem_wr32(&m->mem, 0x22 * 4, ret);
    mem_wr32(&m->mem, 0x23 * 4, mem_rd32(&m->mem, base + PSP_INT23));
    mem_wr32(&m->mem, 0x24 * 4, mem_rd32(&m->mem, base + PSP_INT24));
    if (parent == psp || psp == d->shell_psp) {
        /* The shell itself (or a PSP that is its own parent) cannot end into
         * anything: the session ends. */
        machine_stop(m, type == DOS_TERM_CTRLC ? EXIT_INTERRUPTED : code);
        return;
    }
    if (type != DOS_TERM_TSR) {
        dos_close_process_files(m, psp);
        dos_mcb_free_owner(m, psp);
    }
    /* The parent's DTA comes back with it (DOS leaves it at the child's PSP:80h; this
     * is kinder to parents that search directories around their EXECs). */
    for (unsigned i = d->nexec; i-- > 0;) {
        if (d->exec[i].child == psp) {
            d->dta_seg = d->exec[i].dta_seg;
            d->dta_off = d->exec[i].dta_off;
            d->dta = cpu_linear(d->dta_seg, d->dta_off);
            d->nexec = i;
            break;
        }
    }
    d->cur_psp = parent;
    /* Back to the parent: its registers from the frame of its last int 21h call (the
     * EXEC), its stack as before that call, on at the terminate address. */
    base = (uint32_t)parent << 4;
    r->ss = mem_rd16(&m->mem, base + PSP_SSSP + 2);
    r->sp = mem_rd16(&m->mem, base + PSP_SSSP);
    frame = cpu_linear(r->ss, r->sp);
    r->ax = mem_rd16(&m->mem, frame + FRAME_AX);
    r->bx = mem_rd16(&m->mem, frame + FRAME_BX);
    r->cx = mem_rd16(&m->mem, frame + FRAME_CX);
    r->dx = mem_rd16(&m->mem, frame + FRAME_DX);
    r->si = mem_rd16(&m->mem, frame + FRAME_SI);
    r->di = mem_rd16(&m->mem, frame + FRAME_DI);
    r->bp = mem_rd16(&m->mem, frame + FRAME_BP);
    r->ds = mem_rd16(&m->mem, frame + FRAME_DS);
    r->es = mem_rd16(&m->mem, frame + FRAME_ES);
    r->sp = (uint16_t)(r->sp + FRAME_REGS + 6);
    r->cs = (uint16_t)(ret >> 16);
    r->ip = (uint16_t)ret;
    r->flags = 0x0202;
}

void dos_keep(struct machine *m, struct cpu_regs *r, uint16_t paras, uint8_t code)
{
    uint16_t largest, psp = m->dos->cur_psp;

    if (paras < 6)
        paras = 6;
    if (dos_mcb_resize(m, psp, paras, &largest) == DOSERR_NONE)
        mem_wr16(&m->mem, ((uint32_t)psp << 4) + PSP_MEM_TOP, (uint16_t)(psp + paras));
    dos_terminate(m, r, code, DOS_TERM_TSR);
}

/* A PSP at DX copied from src: its 100h bytes and its first 20 handles, then the
 * fields DOS sets for a new process. */
static void psp_copy(struct machine *m, uint16_t src, uint16_t dst, uint16_t mem_top)
{
    uint8_t buf[PSP_SIZE], jft[JFT_DEFAULT_SIZE];
    uint32_t to = (uint32_t)dst << 4;

    mem_read(&m->mem, (uint32_t)src << 4, buf, sizeof(buf));
    mem_read(&m->mem, mem_rdfar(&m->mem, ((uint32_t)src << 4) + PSP_JFT_PTR), jft, sizeof(jft));
    mem_write(&m->mem, to, buf, sizeof(buf));
    mem_write(&m->mem, to + PSP_JFT, jft, sizeof(jft));
    mem_wr16(&m->mem, to + PSP_INT20, 0x20CD);
    mem_wr16(&m->mem, to + PSP_MEM_TOP, mem_top);
    mem_wr32(&m->mem, to + PSP_INT22, mem_rd32(&m->mem, 0x22 * 4));
    mem_wr32(&m->mem, to + PSP_INT23, mem_rd32(&m->mem, 0x23 * 4));
    mem_wr32(&m->mem, to + PSP_INT24, mem_rd32(&m->mem, 0x24 * 4));
    mem_wr16(&m->mem, to + PSP_JFT_SIZE, JFT_DEFAULT_SIZE);
    mem_wr16(&m->mem, to + PSP_JFT_PTR, PSP_JFT);
    mem_wr16(&m->mem, to + PSP_JFT_PTR + 2, dst);
    mem_wr32(&m->mem, to + PSP_PREV, 0xFFFFFFFFu);
    mem_wr8(&m->mem, to + PSP_DISPATCH, 0xCD);
    mem_wr8(&m->mem, to + PSP_DISPATCH + 1, 0x21);
    mem_wr8(&m->mem, to + PSP_DISPATCH + 2, 0xCB);
}

void dos_create_psp(struct machine *m, struct cpu_regs *r)
{
    /* 26h: the old way, a copy of the caller's PSP (the one at its CS, as DOS takes
     * it; the current one if CS is not a PSP) without new references to its files. */
    uint16_t src = mem_rd16(&m->mem, (uint32_t)r->cs << 4) == 0x20CD ? r->cs : m->dos->cur_psp;

    psp_copy(m, src, r->dx, mem_rd16(&m->mem, ((uint32_t)src << 4) + PSP_MEM_TOP));
}

void dos_create_child_psp(struct machine *m, struct cpu_regs *r)
{
    /* 55h: a child of the current process, which inherits its files and becomes the
     * current process. */
    struct dos *d = m->dos;
    uint32_t to = (uint32_t)r->dx << 4;

    psp_copy(m, d->cur_psp, r->dx, r->si);
    dos_jft_inherit(m, r->dx);
    mem_wr16(&m->mem, to + PSP_PARENT, d->cur_psp);
    d->cur_psp = r->dx;
    r->al = 0xF0;
    dos_ok(r);
}

/* ---------------------------------------------------------------------------------
 * ^C: "^C", then the program's int 23h on its own stack with its registers as they
 * were at the int 21h call. The ROM routine runs int 23h and calls back: if the
 * handler returned with IRET (or RETF with CF clear) the function runs again; if it
 * returned with RETF and CF set, the program ends with a ^C exit.
 */

void dos_ctrlc(struct machine *m, struct cpu_regs *r)
{
    struct dos *d = m->dos;
    struct cpu_regs entry = d->int21_entry;

    d->break_pending = false;
    d->con.editing = false;
    dos_stdout_write(m, "^C\r\n", 4);
    mem_wr8(&m->mem, dos_addr(DOS_SDA + SDA_INDOS), 0);
    *r = entry;
    d->ctrlc_ss = r->ss;
    d->ctrlc_sp = r->sp;
    r->cs = ROM_SEG;
    r->ip = d->rom.ctrlc;
}

void dos_ctrlc_done(struct machine *m, struct cpu_regs *r)
{
    struct dos *d = m->dos;

    r->sp = (uint16_t)(r->sp + 2); /* the ROM call's return address */
    if (r->ss != d->ctrlc_ss || r->sp != d->ctrlc_sp) {
        /* RETF: the flags it left say whether to go on. */
        r->ss = d->ctrlc_ss;
        r->sp = d->ctrlc_sp;
        if (r->flags & FLAG_CF) {
            r->ax = 0x4C00;
            dos_terminate(m, r, 0, DOS_TERM_CTRLC);
            return;
        }
    }
    /* Again from the top of the int 21h call, with what the handler left in the
     * registers (it may have asked for another function). */
    r->cs = ROM_SEG;
    r->ip = (uint16_t)(rom_stub(&m->rom, 0x21) + ROM_STUB_CALL);
}

bool dos_check_break(struct machine *m, struct cpu_regs *r)
{
    struct dos *d = m->dos;
    uint16_t key;
    int idx;

    if (!d->break_pending) {
        /* A ^C typed ahead counts when standard input is the console. */
        idx = dos_handle_to_sft(m, 0);
        if (idx < 0 || !dos_file_reads_keyboard(&d->files[idx]) ||
            !bios_kbd_get(m, false, true, &key) || (key & 0xFF) != 0x03)
            return false;
        bios_kbd_get(m, true, true, &key);
    }
    dos_ctrlc(m, r);
    return true;
}
