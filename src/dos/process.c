/* Programs: loading .COM and .EXE (MZ) images into memory from the MCB chain, building
 * the PSP and the environment, and terminating. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dos/dos.h"
#include "dos/fcb.h"
#include "dos/files.h"
#include "dos/paths.h"
#include "dos/process.h"

#define MAX_PROGRAM_SIZE (640u * 1024u)
#define ENV_PARAS        32u /* 512 bytes of environment for the root program */

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
    if (x->header < 0x1C || x->header > total)
        return "its EXE header has an impossible size";
    if (total > size)
        return "it is truncated (the EXE header claims more bytes than the file has)";
    x->image = total - x->header;
    x->nrelocs = crlc;
    x->relocs = lfarlc;
    if ((uint32_t)lfarlc + crlc * 4u > size)
        return "its relocation table runs past the end of the file";
    return NULL;
}

/* The environment: NAME=VALUE strings, an empty one, a count of 1, the program path. */
static uint16_t dos_build_env(struct machine *m, const char *progpath, uint16_t owner,
                              const char *extra)
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
    if (!have_comspec)
        ENV_ADD("COMSPEC=C:\\COMMAND.COM");
    if (!have_path)
        ENV_ADD("PATH=C:\\");
    for (int i = 0; i < cfg->nenv; i++)
        ENV_ADD(cfg->env[i]);
    if (extra)
        ENV_ADD(extra);
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
            snprintf(out, max, "%c:%s", 'A' + drv, real + rootlen - (rootlen == 1));
            rc = 0;
            break;
        }
    }
    if (rc) {
        dir = strdup(real);
        base = strrchr(real, '/') + 1;
        for (int drv = 3; drv < 26 && rc; drv++) {
            if (d->drives[drv].root_fd >= 0)
                continue;
            d->drives[drv].root_fd = open(dirname(dir), O_PATH | O_DIRECTORY | O_CLOEXEC);
            if (d->drives[drv].root_fd < 0)
                break;
            d->drives[drv].host_root = strdup(dirname(dir));
            d->drives[drv].readonly = true;
            dos_cds_set_root(m, drv);
            log_debug(&m->log, LOG_DOS, "%s is outside every drive: its directory is %c:", host,
                      'A' + drv);
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

int dos_load_image(struct machine *m, const uint8_t *img, size_t size, bool is_exe_name,
                   const char *name, uint16_t env, uint16_t parent, struct cpu_regs *r, char *why,
                   size_t whylen)
{
    struct dos_exe_info x;
    bool exe = size >= 2 && ((img[0] == 'M' && img[1] == 'Z') || (img[0] == 'Z' && img[1] == 'M'));
    uint16_t largest, psp, paras;
    enum dos_error err;
    const char *bad;
    uint32_t need, image_paras;

    if (size == 0) {
        snprintf(why, whylen, "it is empty");
        return -1;
    }
    if (!exe && is_exe_name) {
        snprintf(why, whylen, "it is not a DOS program (no MZ header)");
        return -1;
    }
    if (exe) {
        bad = dos_exe_check(img, size, &x);
        if (bad) {
            snprintf(why, whylen, "%s", bad);
            return -1;
        }
        image_paras = (x.image + 15) / 16;
    } else {
        if (size > 0xFF00 - 2) {
            snprintf(why, whylen, "a .COM program must fit in 64 KiB with its PSP and stack");
            return -1;
        }
        x = (struct dos_exe_info){.image = (uint32_t)size, .maxalloc = 0xFFFF};
        image_paras = 0x1000 - 0x10; /* a .COM gets a whole segment when it can */
    }

    /* The largest free block tells what there is; then take min..max of it. */
    dos_mcb_alloc(m, 0xFFFF, 0, &largest, &err);
    need = 0x10 + image_paras + (exe ? x.minalloc : 0);
    if (!exe)
        need = 0x10 + ((uint32_t)size + 0x100 + 15) / 16 + 1; /* code and a tiny stack */
    if (need > largest) {
        snprintf(why, whylen,
                 "it needs %u KiB of memory and only %u KiB are free (its EXE header asks "
                 "for more memory than DOS has)",
                 (unsigned)(need * 16 / 1024), (unsigned)(largest * 16u / 1024));
        if (!exe)
            snprintf(why, whylen, "it needs more memory than is free");
        return -1;
    }
    if (exe) {
        uint32_t want = 0x10 + image_paras + (uint32_t)x.maxalloc;
        paras = (uint16_t)(want > largest ? largest : want);
        if (paras < need)
            paras = (uint16_t)need;
    } else {
        paras = largest;
    }
    psp = dos_mcb_alloc(m, paras, 0, &largest, &err);
    if (!psp) {
        snprintf(why, whylen, "there is no memory for it");
        return -1;
    }
    /* The block belongs to the program's PSP, which is the block itself. */
    mem_wr16(&m->mem, ((uint32_t)(psp - 1) << 4) + MCB_OWNER, psp);
    if (env)
        mem_wr16(&m->mem, ((uint32_t)(env - 1) << 4) + MCB_OWNER, psp);
    dos_mcb_set_name(m, psp, name);
    if (env)
        dos_mcb_set_name(m, env, name);
    dos_build_psp(m, psp, (uint16_t)(psp + paras), parent, env);

    memset(r, 0, sizeof(*r));
    if (exe) {
        uint16_t load = (uint16_t)(psp + 0x10);
        mem_write(&m->mem, (uint32_t)load << 4, img + x.header, x.image);
        for (uint16_t i = 0; i < x.nrelocs; i++) {
            const uint8_t *rel = img + x.relocs + i * 4u;
            uint16_t off = (uint16_t)(rel[0] | rel[1] << 8);
            uint16_t seg = (uint16_t)(rel[2] | rel[3] << 8);
            uint32_t at = cpu_linear((uint16_t)(load + seg), off);
            mem_wr16(&m->mem, at, (uint16_t)(mem_rd16(&m->mem, at) + load));
        }
        r->cs = (uint16_t)(load + x.cs);
        r->ip = x.ip;
        r->ss = (uint16_t)(load + x.ss);
        r->sp = x.sp;
    } else {
        uint32_t top = (uint32_t)paras * 16;
        mem_write(&m->mem, ((uint32_t)psp << 4) + 0x100, img, size);
        r->cs = r->ss = psp;
        r->ip = 0x100;
        r->sp = (uint16_t)(top >= 0x10000 ? 0xFFFE : (top - 2) & 0xFFFE);
        /* A RET from the program lands on PSP:0000, its INT 20h. */
        mem_wr16(&m->mem, cpu_linear(r->ss, r->sp), 0);
    }
    r->ds = r->es = psp;
    /* Register values on entry, as MS-DOS 5 leaves them. */
    r->bx = 0;
    r->cx = 0x00FF;
    r->dx = psp;
    r->si = r->ip;
    r->di = r->sp;
    r->bp = 0x091C;
    r->flags = 0x0202;
    return psp;
}

int dos_load_root(struct machine *m, struct cpu_regs *r, struct dos_load_error *e)
{
    const struct machine_config *cfg = m->cfg;
    struct dos *d = m->dos;
    char dospath[128], tail[1024], name[13], why[200];
    uint8_t *img = NULL;
    size_t size, n = 0;
    uint16_t env, shell_env, largest;
    enum dos_error err;
    const char *base, *dot;
    char *cmdline = NULL;
    int psp;

    e->status = 0;
    if (cfg->program) {
        if (dos_program_path(m, cfg->program, dospath, sizeof(dospath), e))
            return -1;
        if (dos_read_program(cfg->program, &img, &size, e))
            return -1;
    } else {
        snprintf(dospath, sizeof(dospath), "C:\\HVDEMO.COM");
        size = cfg->builtin_size;
        img = malloc(size ? size : 1);
        if (!img)
            return load_fail(e, EXIT_LOAD, "cannot run %s: %s", "the demo", "out of memory");
        memcpy(img, cfg->builtin_image, size);
    }
    base = strrchr(dospath, '\\') + 1;
    snprintf(name, sizeof(name), "%s", base);
    dot = strrchr(base, '.');

    /* The command tail: the arguments joined by single blanks, after one blank. */
    tail[0] = 0;
    if (cfg->builtin_tail)
        n = (size_t)snprintf(tail, sizeof(tail), " %s", cfg->builtin_tail);
    for (int i = 0; i < cfg->nargs && n < sizeof(tail); i++)
        n += (size_t)snprintf(tail + n, sizeof(tail) - n, " %s", cfg->args[i]);
    if (n >= sizeof(tail) || n > 126) {
        /* DOS has room for 126 characters; programs that know the convention find the
         * whole line in CMDLINE (as on Windows 95). */
        cmdline = malloc(n + 9);
        if (cmdline)
            snprintf(cmdline, n + 9, "CMDLINE=%s", tail + 1);
        log_warn(&m->log, "the command line is %zu characters, DOS passes only 126", n);
    }

    /* The shell: a PSP that is its own parent, as COMMAND.COM's is. */
    shell_env = dos_build_env(m, "C:\\COMMAND.COM", MCB_OWNER_DOS, NULL);
    d->shell_psp = dos_mcb_alloc(m, 0x10, MCB_OWNER_DOS, &largest, &err);
    if (!shell_env || !d->shell_psp) {
        free(img);
        free(cmdline);
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", dospath, "DOS memory is exhausted");
    }
    mem_wr16(&m->mem, ((uint32_t)(d->shell_psp - 1) << 4) + MCB_OWNER, d->shell_psp);
    mem_wr16(&m->mem, ((uint32_t)(shell_env - 1) << 4) + MCB_OWNER, d->shell_psp);
    dos_mcb_set_name(m, d->shell_psp, "COMMAND");
    dos_build_psp(m, d->shell_psp, 0xA000, d->shell_psp, shell_env);
    dos_jft_init_root(m, d->shell_psp);
    d->cur_psp = d->shell_psp;

    env = dos_build_env(m, dospath, MCB_OWNER_DOS, cmdline);
    free(cmdline);
    if (!env) {
        free(img);
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", dospath, "DOS memory is exhausted");
    }
    psp = dos_load_image(m, img, size, dot && !strcmp(dot, ".EXE"), name, env, d->shell_psp, r, why,
                         sizeof(why));
    free(img);
    if (psp < 0)
        return load_fail(e, EXIT_LOAD, "cannot run %s: %s", cfg->program ? cfg->program : dospath,
                         why);
    /* The child inherits the shell's standard handles. */
    mem_write(&m->mem, ((uint32_t)psp << 4) + PSP_JFT,
              m->mem.ram + ((uint32_t)d->shell_psp << 4) + PSP_JFT, JFT_DEFAULT_SIZE);
    for (int h = 0; h < 5; h++) {
        int idx = m->mem.ram[((uint32_t)psp << 4) + PSP_JFT + h];
        uint32_t sft = dos_sft_addr(idx);
        mem_wr16(&m->mem, sft + SFT_HANDLES, (uint16_t)(mem_rd16(&m->mem, sft + SFT_HANDLES) + 1));
    }
    r->ax = dos_set_tail(m, (uint16_t)psp, tail);
    d->cur_psp = (uint16_t)psp;
    d->dta = ((uint32_t)psp << 4) + PSP_TAIL;
    d->dta_seg = (uint16_t)psp;
    d->dta_off = PSP_TAIL;
    return 0;
}

void dos_terminate(struct machine *m, struct cpu_regs *r, uint8_t code, uint8_t type)
{
    struct dos *d = m->dos;
    uint16_t psp = d->cur_psp;
    uint32_t base = (uint32_t)psp << 4;
    uint16_t parent = mem_rd16(&m->mem, base + PSP_PARENT);
    uint32_t ret = mem_rd32(&m->mem, base + PSP_INT22);

    d->ret_code = code;
    d->ret_type = type;
    /* The program's int 22h/23h/24h go back to what its PSP saved. */
    mem_wr32(&m->mem, 0x22 * 4, ret);
    mem_wr32(&m->mem, 0x23 * 4, mem_rd32(&m->mem, base + PSP_INT23));
    mem_wr32(&m->mem, 0x24 * 4, mem_rd32(&m->mem, base + PSP_INT24));
    if (type != DOS_TERM_TSR) {
        dos_close_process_files(m, psp);
        dos_mcb_free_owner(m, psp);
    }
    if (parent == d->shell_psp || parent == psp) {
        /* The root program ended: so does the session. */
        d->cur_psp = d->shell_psp;
        machine_stop(m, code);
        return;
    }
    d->cur_psp = parent;
    /* Back to the parent, on the stack it had when it called EXEC. */
    base = (uint32_t)parent << 4;
    r->ss = mem_rd16(&m->mem, base + PSP_SSSP + 2);
    r->sp = mem_rd16(&m->mem, base + PSP_SSSP);
    r->cs = (uint16_t)(ret >> 16);
    r->ip = (uint16_t)ret;
}
