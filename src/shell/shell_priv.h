/* The command interpreter's insides, shared by the files of src/shell/.
 *
 * Each COMMAND.COM process (struct shell) runs its logic on a coroutine (coro.c). The
 * guest side is a loop in COMMAND.COM's image: a far call to the ROM's shell entry (a
 * hostcall), then an INT the host chose, then the loop again. At each hostcall the host
 * resumes the coroutine with the registers the last INT left; the coroutine runs until
 * it needs the guest to make a DOS call (shell_int), puts that call's registers in
 * place and yields. So every wait, child program and console write happens in the
 * guest, as DOS runs it, and the host never blocks. */
#ifndef HVDOS_SHELL_PRIV_H
#define HVDOS_SHELL_PRIV_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <ucontext.h>

#include "machine/machine.h"
#include "shell/shell.h"

/* A C stack of its own, switched to and from on the vCPU thread. */
struct shell_coro {
    ucontext_t ctx, caller;
    void *stack;
    size_t size;
    void (*fn)(void *);
    void *arg;
    void *asan_fake;
    const void *caller_bottom;
    size_t caller_size;
    void *tsan_fiber, *tsan_caller;
};

int shell_coro_init(struct shell_coro *co, void (*fn)(void *), void *arg);
/* From the vCPU thread's stack: runs the coroutine until it yields. */
void shell_coro_resume(struct shell_coro *co);
/* From the coroutine: back to whoever resumed it. */
void shell_coro_yield(struct shell_coro *co);
void shell_coro_free(struct shell_coro *co);

/* COMMAND.COM's image header (src/shell/command.asm), at offset 100h of its PSP. */
#define SHELL_HDR_SIG       0x102 /* 'HVSH' */
#define SHELL_HDR_VERSION   0x106
#define SHELL_HDR_CALL      0x108 /* far pointer: the ROM's shell_call */
#define SHELL_HDR_BREAK     0x10C /* far pointer: the ROM's shell_break */
#define SHELL_HDR_INTNO     0x110 /* word: offset of the loop's interrupt number */
#define SHELL_HDR_INT23     0x112 /* word: offset of the ^C handler */
#define SHELL_HDR_DATA      0x114 /* word: offset of the data area */
#define SHELL_HDR_DATA_SIZE 0x116
#define SHELL_HDR_END       0x118 /* word: offset of the end of the image and its stack */

/* The data area, where the DOS calls the host asks for find their buffers. */
#define SHELL_IO       0x000 /* reads and writes */
#define SHELL_IO_SIZE  0x200
#define SHELL_PATH     0x200 /* an ASCIIZ path */
#define SHELL_PATH2    0x280 /* a second one (rename, truename's output) */
#define SHELL_DTA      0x300 /* the shell's DTA for its searches */
#define SHELL_TAIL     0x380 /* EXEC: the command tail */
#define SHELL_FCB1     0x400
#define SHELL_FCB2     0x410
#define SHELL_EXEC_PB  0x420 /* EXEC parameter block */
#define SHELL_DATA_MIN 0x440

#define SHELL_LINE_MAX 128 /* a command line, as DOS keeps it (127 characters) */
#define SHELL_OUT_MAX  1024
#define SHELL_HISTORY  32
#define SHELL_ARGS     64

/* A batch file being run. */
struct shell_batch {
    struct shell_batch *up; /* the batch that CALLed this one */
    char path[80];          /* the DOS path, reopened for each line as DOS does */
    uint32_t pos;           /* where the next line starts */
    char *args[SHELL_ARGS]; /* %0 %1 ...; SHIFT moves the window */
    int nargs, shift;
    bool echo_before; /* ECHO as it was when the batch started */
    bool done;
};

/* A command line being run: its redirections and pipe files, undone when it ends
 * (or is cancelled). Lines nest: a batch file run from a line runs lines of its own. */
struct shell_redir {
    struct shell_redir *up;
    int saved[2];           /* handles 0 and 1 before, duplicated; -1 if not redirected */
    char pipe_files[2][80]; /* the temporary files of a pipe, "" if none */
};

/* One allocation of the current command (freed when it ends or is cancelled). */
struct shell_mem {
    struct shell_mem *next;
};

struct shells;

/* One COMMAND.COM process. */
struct shell {
    struct machine *m;
    struct shells *set;
    struct shell *next;
    uint16_t psp;
    struct shell_coro co;

    /* The interrupt the guest makes next, its registers, and what it returned. */
    uint8_t vec;
    struct cpu_regs regs;
    bool finished;   /* asked for its own end (4Ch): nothing comes back */
    bool break_seen; /* ^C reached the shell's int 23h during its DOS call */
    jmp_buf *abort;  /* where a ^C cancels to */

    /* Its image: offsets in the PSP's segment. */
    uint16_t data, data_size, intno, int23, end;

    /* Output to standard output, gathered into DOS writes. */
    char out[SHELL_OUT_MAX];
    size_t nout;
    bool at_bol; /* the last character written ended a line */

    /* Handles the current command opened, closed if it is cancelled. */
    int open_handles[8];
    int nopen;
    struct shell_redir *redir; /* the innermost line's */

    /* The interpreter's state. */
    uint8_t errorlevel;
    uint8_t ret_type; /* how the last program ended (4Dh AH) */
    bool echo;
    bool permanent; /* /P: EXIT does nothing (the primary shell's is the session's) */
    bool primary;   /* the first shell, its own parent: it ends the session */
    bool exit_now;  /* EXIT was given */
    int exit_code;
    bool in_for;
    bool ctrl_c_program; /* the last program ended with ^C */
    bool stdin_eof;      /* redirected standard input is used up */
    struct shell_batch *batch;
    struct shell_mem *mem;

    /* The line editor: history of what was typed. */
    char *history[SHELL_HISTORY];
    int nhistory;
    char last_line[SHELL_LINE_MAX]; /* F3's template */
};

/* What the primary shell does when the session starts (from the command line). */
enum shell_plan_kind {
    SHELL_PLAN_PROMPT,   /* hvdos: AUTOEXEC.BAT, then the prompt */
    SHELL_PLAN_PROGRAM,  /* hvdos PROGRAM ARGS: run it, end with its return code */
    SHELL_PLAN_BATCH,    /* hvdos FILE.BAT ARGS: run it, end with ERRORLEVEL */
    SHELL_PLAN_COMMANDS, /* hvdos -c "..." */
};

struct shell_plan {
    enum shell_plan_kind kind;
    bool then_prompt;  /* --shell: the prompt after the program or batch */
    char dospath[128]; /* the program or batch file */
    char *tail;        /* its command tail: " ARG ARG", as typed */
    bool long_tail;    /* longer than DOS passes: CMDLINE gets the whole line */
};

/* The module: every shell process, and the ROM entries. */
struct shells {
    struct shell *list;
    uint16_t rom_call, rom_break;
    struct shell_plan plan;
    bool plan_used;
};

/* shell.c: the session's plan and the process life. */
void shell_exit(struct shell *sh, int code); /* never returns */

/* dos_api.c: DOS calls made by the guest for the shell. Each returns the call's
 * result (>= 0) or -(DOS error code). */
void shell_int(struct shell *sh, uint8_t vec, struct cpu_regs *r);
uint32_t shell_data(const struct shell *sh, uint16_t off);                      /* linear address */
void shell_regs_data(const struct shell *sh, struct cpu_regs *r, uint16_t off); /* DS:DX */
int shell_dos(struct shell *sh, struct cpu_regs *r); /* int 21h; -AX when CF */
int shell_dos_path(struct shell *sh, uint16_t ax, const char *path, uint16_t cx);
int shell_dos_open(struct shell *sh, const char *path, uint8_t mode);
int shell_dos_create(struct shell *sh, const char *path, uint16_t attr);
int shell_dos_close(struct shell *sh, int h);
int shell_dos_read(struct shell *sh, int h, void *buf, size_t len);
int shell_dos_write(struct shell *sh, int h, const void *buf, size_t len);
long shell_dos_seek(struct shell *sh, int h, uint8_t whence, int32_t off);
int shell_dos_dup(struct shell *sh, int h);
int shell_dos_force_dup(struct shell *sh, int h, int target);
int shell_dos_devinfo(struct shell *sh, int h);
int shell_dos_getkey(struct shell *sh); /* 07h: a key from stdin; extended keys 100h+scan */
int shell_dos_setdrive(struct shell *sh, int drive);
int shell_dos_getdrive(struct shell *sh);
int shell_dos_getcwd(struct shell *sh, int drive, char *out, size_t max); /* "C:\DIR" */
int shell_dos_truename(struct shell *sh, const char *path, char *out, size_t max);
int shell_dos_rename(struct shell *sh, const char *from, const char *to);
/* A directory search in the shell's DTA. */
struct shell_found {
    char name[13];
    uint8_t attr;
    uint16_t time, date;
    uint32_t size;
};
int shell_dos_find_first(struct shell *sh, const char *pattern, uint8_t attr,
                         struct shell_found *f);
int shell_dos_find_next(struct shell *sh, struct shell_found *f);
void shell_dos_set_vector(struct shell *sh, uint8_t vec, uint16_t seg, uint16_t off);
/* The attributes of what path names (43h), or -(DOS error). */
int shell_dos_attr(struct shell *sh, const char *path);
/* The names a pattern matches, searched with attr (0: normal files; with 10h only the
 * directories, . and .. left out), all found before any is used. */
int shell_find_names(struct shell *sh, const char *pattern, uint8_t attr, char ***out);
/* Forgets a handle the command opened (it was closed, or stays open on purpose). */
void shell_handle_untrack(struct shell *sh, int h);
void shell_handles_close_all(struct shell *sh);

/* Standard output: gathered, and written to handle 1 when flushed (before input,
 * before a program, at the end of a command). */
void shell_out(struct shell *sh, const char *s, size_t len);
void shell_puts(struct shell *sh, const char *s);
void shell_printf(struct shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void shell_crlf(struct shell *sh);
void shell_flush(struct shell *sh);
/* An error message on standard error (as MS-DOS prints them), CR LF added. */
void shell_error(struct shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The message for a DOS error code, as MS-DOS words it. */
const char *shell_dos_message(int err);
/* Looks for a ^C the user typed (int 21h 0Bh: DOS checks for it); a ^C cancels. */
void shell_check_break(struct shell *sh);

/* Allocations for the current command. */
void *shell_alloc(struct shell *sh, size_t size);
char *shell_strdup(struct shell *sh, const char *s);
/* Frees what was allocated after mark (NULL: everything). */
void shell_mem_release(struct shell *sh, struct shell_mem *mark);

/* env.c: the environment block, the shell's own memory. */
const char *shell_env_get(struct shell *sh, const char *name, char *buf, size_t max);
/* Sets (value NULL: removes) a variable; false if there is no room
 * ("Out of environment space"). */
bool shell_env_set(struct shell *sh, const char *name, const char *value);
/* Each NAME=VALUE string in order, into fn; stops when fn returns false. */
void shell_env_each(struct shell *sh, bool (*fn)(void *ctx, const char *s), void *ctx);

/* parse.c: the command line. */
struct shell_args {
    char *v[SHELL_ARGS];
    int n;
};
/* Splits a command tail into words (blanks, tabs, commas, semicolons and = separate,
 * as COMMAND.COM's parser; "quoted" text stays one word, quotes kept; a switch
 * "/X" is a word of its own). */
void shell_split(struct shell *sh, const char *s, struct shell_args *a);
/* Whether word is the switch /c (case-insensitive), with an optional :value. */
bool shell_switch_is(const char *word, char c);
bool shell_is_switch(const char *word);
/* Replaces %VAR%, %0-%9 and %% in a batch line. */
void shell_expand(struct shell *sh, const char *in, char *out, size_t max);
char *shell_skip_blanks(const char *s);
/* s without its leading and trailing blanks (trailing ones cut in place). */
char *shell_trim(char *s);
/* The command word at the start of a line: its length (up to a blank, a switch
 * character, '+', '=', ';', ',', a redirection, or after "CD.."-style dots). */
size_t shell_command_len(const char *s);
void shell_upcase(char *s);
/* "C:\DIR" + "NAME" with one backslash. */
void shell_path_join(char *out, size_t max, const char *dir, const char *name);

/* run.c: commands. */
/* Runs one command line (pipes and redirection included); the ERRORLEVEL and echo
 * are the shell's. */
void shell_run_line(struct shell *sh, const char *line);
/* Undoes the redirections and pipes of every line under way (a ^C cancelled them). */
void shell_redir_unwind(struct shell *sh);
/* Runs one simple command (no pipe, redirection done). */
void shell_run_command(struct shell *sh, char *line);
/* Runs a program or batch file found by name; false if there is none. */
bool shell_run_external(struct shell *sh, const char *name, const char *tail, bool call);
/* How many batch files are under way (CALLs nest them). */
int shell_batch_depth(const struct shell *sh);
/* Runs a program by DOS path with a command tail; the DOS error, or 0. */
int shell_exec(struct shell *sh, const char *path, const char *tail);
/* The prompt, as PROMPT says. */
void shell_prompt(struct shell *sh);

/* batch.c */
/* Starts a batch file (path: its DOS path; name: %0 as typed). From a batch file
 * without CALL it replaces that one (which goes on with it after the current line);
 * otherwise it runs to its end before this returns. */
void shell_batch_start(struct shell *sh, const char *path, const char *name, const char *tail,
                       bool call);
/* Runs the innermost batch file to its end (and the ones it chains to). */
void shell_batch_run(struct shell *sh);
/* Frees the innermost batch (and stops it). */
void shell_batch_pop(struct shell *sh);
void shell_batch_cancel_all(struct shell *sh);
/* After a ^C: "Terminate batch job (Y/N)?"; true if the answer ends it. */
bool shell_batch_ask_terminate(struct shell *sh);

/* edit.c: reads a command line into line (at most SHELL_LINE_MAX - 1 characters).
 * Returns the length, -1 for end of input (redirected stdin), -2 when ^C cancelled
 * the line. */
int shell_read_line(struct shell *sh, char *line);
/* Waits for one key from standard input (PAUSE, the Y/N questions). -1 at end of
 * input. */
int shell_read_key(struct shell *sh);

/* Internal commands (cmd_*.c). Each gets the shell and its argument text (after the
 * command word, redirections removed). */
typedef void (*shell_cmd_fn)(struct shell *sh, char *args);
struct shell_command {
    const char *name;
    shell_cmd_fn fn;
};
const struct shell_command *shell_command_find(const char *name, size_t len);

void shell_cmd_dir(struct shell *sh, char *args);
void shell_cmd_cd(struct shell *sh, char *args);
void shell_cmd_md(struct shell *sh, char *args);
void shell_cmd_rd(struct shell *sh, char *args);
void shell_cmd_del(struct shell *sh, char *args);
void shell_cmd_ren(struct shell *sh, char *args);
void shell_cmd_copy(struct shell *sh, char *args);
void shell_cmd_type(struct shell *sh, char *args);
void shell_cmd_truename(struct shell *sh, char *args);
void shell_cmd_vol(struct shell *sh, char *args);
void shell_cmd_cls(struct shell *sh, char *args);
void shell_cmd_echo(struct shell *sh, char *args);
void shell_cmd_set(struct shell *sh, char *args);
void shell_cmd_path(struct shell *sh, char *args);
void shell_cmd_prompt(struct shell *sh, char *args);
void shell_cmd_ver(struct shell *sh, char *args);
void shell_cmd_date(struct shell *sh, char *args);
void shell_cmd_time(struct shell *sh, char *args);
void shell_cmd_exit(struct shell *sh, char *args);
void shell_cmd_rem(struct shell *sh, char *args);
void shell_cmd_pause(struct shell *sh, char *args);
void shell_cmd_chcp(struct shell *sh, char *args);
void shell_cmd_break(struct shell *sh, char *args);
void shell_cmd_verify(struct shell *sh, char *args);
void shell_cmd_lh(struct shell *sh, char *args);
void shell_cmd_call(struct shell *sh, char *args);
void shell_cmd_goto(struct shell *sh, char *args);
void shell_cmd_if(struct shell *sh, char *args);
void shell_cmd_for(struct shell *sh, char *args);
void shell_cmd_shift(struct shell *sh, char *args);

/* The volume label line of DIR and VOL. */
void shell_volume_lines(struct shell *sh, int drive);

#endif
