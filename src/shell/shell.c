/* The shell module: COMMAND.COM's image on drive Z:, the boot into the primary shell
 * with what the command line asked for (a program, a batch file, -c commands, or the
 * prompt), the ROM calls through which each COMMAND.COM process reaches its
 * interpreter, and each process's life from its first call to its EXIT. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "machine/rom.h"
#include "dos/dos.h"
#include "dos/paths.h"
#include "dos/process.h"
#include "shell/shell_priv.h"

extern const uint8_t command_image[];
extern const size_t command_image_size;

/* ---------------------------------------------------------------------------------
 * A process's end.
 */

void shell_exit(struct shell *sh, int code)
{
    struct cpu_regs r = {.ax = (uint16_t)(0x4C00 | (uint8_t)code)};

    shell_flush(sh);
    /* Children inherited DOS's ^C handler; the parent gets back its own from the PSP
     * at 4Ch, as for any program. */
    sh->finished = true;
    sh->abort = NULL;
    shell_int(sh, 0x21, &r);
    abort(); /* not reached: a finished shell is never resumed */
}

/* ---------------------------------------------------------------------------------
 * The interpreter's main loop.
 */

/* Whether standard input is the console (else it is a redirected file or pipe). */
static bool stdin_is_console(struct shell *sh)
{
    int info = shell_dos_devinfo(sh, 0);
    return info >= 0 && (info & 0x81) == 0x81;
}

/* After a ^C cancelled a command: undo what it had under way. */
static void shell_cancelled(struct shell *sh)
{
    sh->nout = 0;
    sh->in_for = false;
    shell_redir_unwind(sh);
    shell_handles_close_all(sh);
    shell_mem_release(sh, NULL);
    if (sh->batch)
        shell_batch_ask_terminate(sh);
}

/* Runs the batch files left under way (after a ^C that did not end them). */
static void shell_batches(struct shell *sh)
{
    while (sh->batch && !sh->exit_now)
        shell_batch_run(sh);
}

/* The prompt: read a line, run it, until EXIT or the end of redirected input. */
static void shell_interactive(struct shell *sh)
{
    jmp_buf jb;
    char line[SHELL_LINE_MAX];

    sh->abort = &jb;
    if (setjmp(jb))
        shell_cancelled(sh);
    for (;;) {
        int n;

        shell_mem_release(sh, NULL);
        shell_batches(sh);
        if (sh->exit_now)
            return;
        if (sh->echo) {
            shell_crlf(sh);
            shell_prompt(sh);
        }
        if (stdin_is_console(sh)) {
            n = shell_read_line(sh, line);
            if (n == -2)
                continue; /* ^C: a new prompt */
        } else {
            n = shell_read_line(sh, line);
            if (n < 0)
                return; /* the end of redirected input ends the shell */
        }
        shell_run_line(sh, line);
        shell_flush(sh);
    }
}

/* Runs one command line as /C does, with ^C cancelling it. */
static void shell_once(struct shell *sh, const char *cmd)
{
    jmp_buf jb;

    sh->abort = &jb;
    if (setjmp(jb))
        shell_cancelled(sh);
    else
        shell_run_line(sh, cmd);
    shell_mem_release(sh, NULL);
    shell_batches(sh);
    shell_flush(sh);
    sh->abort = NULL;
}

/* The primary shell's start: what the command line asked for. */
static void shell_plan_run(struct shell *sh)
{
    struct machine *m = sh->m;
    const struct shell_plan *p = &sh->set->plan;
    const struct machine_config *cfg = m->cfg;
    jmp_buf jb;
    int rc;

    /* The configuration's [autoexec] lines first, whatever comes next. */
    for (int i = 0; i < cfg->nautoexec && !sh->exit_now; i++)
        shell_once(sh, cfg->autoexec[i]);
    if (sh->exit_now)
        shell_exit(sh, sh->exit_code);
    switch (p->kind) {
    case SHELL_PLAN_PROGRAM:
        sh->abort = &jb;
        if (setjmp(jb)) {
            shell_cancelled(sh);
            break;
        }
        rc = shell_exec(sh, p->dospath, p->tail);
        sh->abort = NULL;
        if (rc < 0) {
            log_error(&m->log, "cannot run %s: %s", cfg->program ? cfg->program : p->dospath,
                      m->dos->exec_why[0] ? m->dos->exec_why : shell_dos_message(rc));
            machine_stop(m, EXIT_LOAD);
            shell_exit(sh, EXIT_LOAD);
        }
        if (!p->then_prompt)
            shell_exit(sh, sh->ret_type == 1 ? EXIT_INTERRUPTED : sh->errorlevel);
        break;
    case SHELL_PLAN_BATCH: {
        sh->abort = &jb;
        if (setjmp(jb))
            shell_cancelled(sh);
        else
            shell_batch_start(sh, p->dospath, cfg->program ? cfg->program : p->dospath, p->tail,
                              false);
        shell_batches(sh);
        sh->abort = NULL;
        if (!p->then_prompt)
            shell_exit(sh, sh->errorlevel);
        break;
    }
    case SHELL_PLAN_COMMANDS:
        for (int i = 0; i < cfg->ncommands && !sh->exit_now; i++)
            shell_once(sh, cfg->commands[i]);
        shell_exit(sh, sh->exit_now ? sh->exit_code : sh->errorlevel);
        break;
    case SHELL_PLAN_PROMPT:
        /* C:\AUTOEXEC.BAT first, as at boot. */
        rc = shell_dos_attr(sh, "C:\\AUTOEXEC.BAT");
        if (rc >= 0 && !(rc & 0x18))
            shell_once(sh, "C:\\AUTOEXEC.BAT");
        break;
    }
}

/* The switches COMMAND.COM takes from its command tail. */
static void shell_tail_run(struct shell *sh)
{
    uint32_t tail = ((uint32_t)sh->psp << 4) + PSP_TAIL;
    uint8_t len = mem_rd8(&sh->m->mem, tail);
    char buf[128], *s;
    bool once = false, keep = false;

    if (len > 126)
        len = 126;
    mem_read(&sh->m->mem, tail + 1, buf, len);
    buf[len] = 0;
    buf[strcspn(buf, "\r")] = 0;
    for (s = buf; *s;) {
        s = shell_skip_blanks(s);
        if (*s == '/' && s[1]) {
            char c = (char)toupper((unsigned char)s[1]);
            if (c == 'C' || c == 'K') {
                /* The rest of the line is the command. */
                once = c == 'C';
                keep = c == 'K';
                s += 2;
                break;
            }
            if (c == 'P')
                sh->permanent = true;
            /* /E:n (environment size), /D, /F, /Y, /MSG: nothing to do here. */
            s += 2;
            while (*s && *s != ' ' && *s != '\t' && *s != '/')
                s++;
            continue;
        }
        /* A directory to find COMMAND.COM in (for COMSPEC), and a device name:
         * ours is always on Z:. */
        while (*s && *s != ' ' && *s != '\t' && *s != '/')
            s++;
    }
    if (once || keep) {
        shell_once(sh, shell_skip_blanks(s));
        if (once)
            shell_exit(sh, sh->exit_now ? sh->exit_code : sh->errorlevel);
    } else if (!sh->primary) {
        shell_puts(sh, "\r\nhvdos COMMAND.COM, MS-DOS 5.00 compatible\r\n");
    }
}

static void shell_main(void *arg)
{
    struct shell *sh = arg;
    struct cpu_regs r = {.ax = 0x4A00, .bx = (uint16_t)((sh->end + 15) / 16)};

    /* The memory after the image and its stack goes back to DOS. */
    r.es = sh->psp;
    shell_dos(sh, &r);
    shell_dos_set_vector(sh, 0x23, sh->psp, sh->int23);
    if (sh->primary && !sh->set->plan_used) {
        sh->set->plan_used = true;
        shell_plan_run(sh);
    } else {
        shell_tail_run(sh);
    }
    shell_interactive(sh);
    shell_exit(sh, sh->exit_now ? sh->exit_code : sh->errorlevel);
}

/* ---------------------------------------------------------------------------------
 * Processes and the ROM calls.
 */

static void shell_free(struct shell *sh)
{
    while (sh->batch)
        shell_batch_pop(sh);
    shell_mem_release(sh, NULL);
    for (int i = 0; i < sh->nhistory; i++)
        free(sh->history[i]);
    shell_coro_free(&sh->co);
    free(sh);
}

static void shell_unlink(struct shells *set, struct shell *sh)
{
    for (struct shell **p = &set->list; *p; p = &(*p)->next) {
        if (*p == sh) {
            *p = sh->next;
            return;
        }
    }
}

/* The COMMAND.COM process at psp, made on its first call. NULL if psp's image is not
 * COMMAND.COM's. */
static struct shell *shell_get(struct machine *m, uint16_t psp)
{
    struct shells *set = m->shells;
    uint32_t base = (uint32_t)psp << 4;
    struct shell *sh;

    for (sh = set->list; sh; sh = sh->next)
        if (sh->psp == psp)
            return sh;
    if (mem_rd32(&m->mem, base + SHELL_HDR_SIG) != 0x48535648u /* "HVSH" */ ||
        mem_rd16(&m->mem, base + SHELL_HDR_VERSION) != 1 ||
        mem_rd16(&m->mem, base + SHELL_HDR_DATA_SIZE) < SHELL_DATA_MIN)
        return NULL;
    sh = calloc(1, sizeof(*sh));
    if (!sh)
        return NULL;
    sh->m = m;
    sh->set = set;
    sh->psp = psp;
    sh->intno = mem_rd16(&m->mem, base + SHELL_HDR_INTNO);
    sh->int23 = mem_rd16(&m->mem, base + SHELL_HDR_INT23);
    sh->data = mem_rd16(&m->mem, base + SHELL_HDR_DATA);
    sh->data_size = mem_rd16(&m->mem, base + SHELL_HDR_DATA_SIZE);
    sh->end = mem_rd16(&m->mem, base + SHELL_HDR_END);
    sh->echo = true;
    sh->at_bol = true;
    sh->primary = mem_rd16(&m->mem, base + PSP_PARENT) == psp;
    if (shell_coro_init(&sh->co, shell_main, sh)) {
        free(sh);
        return NULL;
    }
    sh->next = set->list;
    set->list = sh;
    log_debug(&m->log, LOG_DOS, "shell: COMMAND.COM at PSP %04X starts%s", psp,
              sh->primary ? " (the primary shell)" : "");
    return sh;
}

/* ROM call SHELL: COMMAND.COM's loop asks what to do next. */
static void shell_rc_call(struct machine *m, struct cpu_regs *r)
{
    uint16_t psp = m->dos->cur_psp;
    /* The far return into COMMAND.COM, above the ROM call's near return. */
    uint16_t ret_cs = mem_rd16(&m->mem, cpu_linear(r->ss, (uint16_t)(r->sp + 4)));
    struct shell *sh = ret_cs == psp ? shell_get(m, psp) : NULL;
    const struct cpu_regs *q;

    if (!sh) {
        log_error(&m->log, "COMMAND.COM's hostcall came from %04X, not a shell process", ret_cs);
        machine_stop(m, EXIT_EMULATION);
        return;
    }
    sh->regs = *r;
    shell_coro_resume(&sh->co);
    q = &sh->regs;
    r->ax = q->ax;
    r->bx = q->bx;
    r->cx = q->cx;
    r->dx = q->dx;
    r->si = q->si;
    r->di = q->di;
    r->bp = q->bp;
    r->ds = q->ds;
    r->es = q->es;
    mem_wr8(&m->mem, ((uint32_t)psp << 4) + sh->intno, sh->vec);
    if (sh->finished) {
        /* Its last call is its 4Ch: the process ends with it. */
        shell_unlink(m->shells, sh);
        shell_free(sh);
    }
}

/* ROM call SHELL_BREAK: COMMAND.COM's int 23h. The DOS call that saw the ^C runs again
 * when the handler returns; the shell then cancels the command. */
static void shell_rc_break(struct machine *m, struct cpu_regs *r)
{
    for (struct shell *sh = m->shells->list; sh; sh = sh->next)
        if (sh->psp == m->dos->cur_psp)
            sh->break_seen = true;
}

/* ---------------------------------------------------------------------------------
 * The boot.
 */

static int shell_plan_make(struct machine *m, struct dos_load_error *e)
{
    const struct machine_config *cfg = m->cfg;
    struct shell_plan *p = &m->shells->plan;
    size_t n = 0, cap = 1;
    const char *dot;

    p->then_prompt = cfg->shell_after;
    if (cfg->ncommands) {
        p->kind = SHELL_PLAN_COMMANDS;
        return 0;
    }
    if (!cfg->program && !cfg->demo) {
        p->kind = SHELL_PLAN_PROMPT;
        return 0;
    }
    if (cfg->demo) {
        snprintf(p->dospath, sizeof(p->dospath), "Z:\\DEMO.COM");
    } else if (dos_boot_program(m, cfg->program, p->dospath, sizeof(p->dospath), e)) {
        return -1;
    }
    dot = strrchr(p->dospath, '.');
    p->kind = dot && !strcasecmp(dot, ".BAT") ? SHELL_PLAN_BATCH : SHELL_PLAN_PROGRAM;
    /* The command tail: the arguments joined by single blanks, after one blank. */
    if (cfg->builtin_tail)
        cap += strlen(cfg->builtin_tail) + 1;
    for (int i = 0; i < cfg->nargs; i++)
        cap += strlen(cfg->args[i]) + 1;
    p->tail = malloc(cap);
    if (!p->tail)
        return -1;
    p->tail[0] = 0;
    if (cfg->demo && cfg->builtin_tail)
        n += (size_t)snprintf(p->tail + n, cap - n, " %s", cfg->builtin_tail);
    for (int i = 0; i < cfg->nargs; i++)
        n += (size_t)snprintf(p->tail + n, cap - n, " %s", cfg->args[i]);
    if (n > 126)
        log_warn(&m->log, "the command line is %zu characters, DOS passes only 126", n);
    return 0;
}

/* ROM call BOOT: DOS comes up, and the primary shell starts. */
static void shell_boot(struct machine *m, struct cpu_regs *r)
{
    struct dos_load_error e = {0};

    dos_startup(m);
    if (shell_plan_make(m, &e) || dos_load_shell(m, r, SHELL_COMSPEC, &e)) {
        log_msg(&m->log, "error", "%s", e.msg[0] ? e.msg : "cannot start the shell");
        machine_stop(m, e.status ? e.status : EXIT_LOAD);
    }
}

/* COMMAND.COM's image, with the addresses of the ROM's shell entries filled in. */
static int shell_image_install(struct machine *m)
{
    const uint8_t *rom = m->mem.ram + MEMMAP_ROM_BASE;
    const uint8_t *t = memmem(rom, MEMMAP_ROM_SIZE, "HVDOSSHL", 8);
    uint8_t *img;
    int rc;

    if (!t || t - rom + 12 > (long)MEMMAP_ROM_SIZE || command_image_size < 0x20 ||
        memcmp(command_image + 2, "HVSH", 4)) {
        snprintf(m->init_error, sizeof(m->init_error),
                 "the built-in ROM or COMMAND.COM has no shell entries (rebuild hvdos)");
        return -EINVAL;
    }
    m->shells->rom_call = (uint16_t)(t[8] | t[9] << 8);
    m->shells->rom_break = (uint16_t)(t[10] | t[11] << 8);
    img = malloc(command_image_size);
    if (!img)
        return -ENOMEM;
    memcpy(img, command_image, command_image_size);
    img[SHELL_HDR_CALL - 0x100] = (uint8_t)m->shells->rom_call;
    img[SHELL_HDR_CALL - 0x100 + 1] = (uint8_t)(m->shells->rom_call >> 8);
    img[SHELL_HDR_CALL - 0x100 + 2] = (uint8_t)ROM_SEG;
    img[SHELL_HDR_CALL - 0x100 + 3] = (uint8_t)(ROM_SEG >> 8);
    img[SHELL_HDR_BREAK - 0x100] = (uint8_t)m->shells->rom_break;
    img[SHELL_HDR_BREAK - 0x100 + 1] = (uint8_t)(m->shells->rom_break >> 8);
    img[SHELL_HDR_BREAK - 0x100 + 2] = (uint8_t)ROM_SEG;
    img[SHELL_HDR_BREAK - 0x100 + 3] = (uint8_t)(ROM_SEG >> 8);
    rc = dos_drive_add_file(m, SHELL_DRIVE, "COMMAND.COM", img, command_image_size);
    free(img);
    if (!rc && m->cfg->demo && m->cfg->builtin_image)
        rc = dos_drive_add_file(m, SHELL_DRIVE, "DEMO.COM", m->cfg->builtin_image,
                                m->cfg->builtin_size);
    if (rc)
        snprintf(m->init_error, sizeof(m->init_error), "cannot make drive Z: (%s)", strerror(-rc));
    return rc;
}

static int shell_init(struct machine *m)
{
    int rc;

    m->shells = calloc(1, sizeof(*m->shells));
    if (!m->shells)
        return -ENOMEM;
    rc = shell_image_install(m);
    if (rc) {
        free(m->shells);
        m->shells = NULL;
        return rc;
    }
    machine_set_rom_service(m, RC_BOOT, shell_boot);
    machine_set_rom_service(m, RC_SHELL, shell_rc_call);
    machine_set_rom_service(m, RC_SHELL_BREAK, shell_rc_break);
    return 0;
}

static void shell_fini(struct machine *m)
{
    if (!m->shells)
        return;
    while (m->shells->list) {
        struct shell *sh = m->shells->list;
        m->shells->list = sh->next;
        shell_free(sh);
    }
    free(m->shells->plan.tail);
    free(m->shells);
    m->shells = NULL;
}

const struct device_desc shell_module = {
    .name = "shell",
    .init = shell_init,
    .fini = shell_fini,
};
