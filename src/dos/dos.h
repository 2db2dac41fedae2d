/* The DOS kernel on the host: int 20h, 21h and friends over drives that map to host
 * directories. Everything a program can see lives in guest memory (dosdata.h); this
 * struct keeps only what the host needs behind it. */
#ifndef HVDOS_DOS_H
#define HVDOS_DOS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "dos/dosdata.h"
#include "machine/machine.h"

extern const struct device_desc dos_module;

/* DOS error codes (int 21h 59h), the ones the kernel returns. */
enum dos_error {
    DOSERR_NONE = 0x00,
    DOSERR_FUNCTION = 0x01,
    DOSERR_FILE_NOT_FOUND = 0x02,
    DOSERR_PATH_NOT_FOUND = 0x03,
    DOSERR_TOO_MANY_OPEN = 0x04,
    DOSERR_ACCESS_DENIED = 0x05,
    DOSERR_INVALID_HANDLE = 0x06,
    DOSERR_MCB_DESTROYED = 0x07,
    DOSERR_NO_MEMORY = 0x08,
    DOSERR_INVALID_BLOCK = 0x09,
    DOSERR_BAD_ENVIRONMENT = 0x0A,
    DOSERR_BAD_FORMAT = 0x0B,
    DOSERR_INVALID_ACCESS = 0x0C,
    DOSERR_INVALID_DATA = 0x0D,
    DOSERR_INVALID_DRIVE = 0x0F,
    DOSERR_CURRENT_DIR = 0x10,
    DOSERR_NOT_SAME_DEVICE = 0x11,
    DOSERR_NO_MORE_FILES = 0x12,
    DOSERR_WRITE_PROTECT = 0x13,
    DOSERR_GENERAL = 0x1F,
    DOSERR_SHARING = 0x20,
    DOSERR_DISK_FULL = 0x27,
    DOSERR_FILE_EXISTS = 0x50,
    DOSERR_CANNOT_MAKE = 0x52,
    DOSERR_INVALID_PARAM = 0x57,
};

/* What is behind an SFT entry on the host. */
enum dos_file_kind {
    DOS_FILE_FREE,
    DOS_FILE_HOST, /* a host file */
    DOS_FILE_CON,  /* the console */
    DOS_FILE_NUL,
    DOS_FILE_AUX,
    DOS_FILE_PRN,
    DOS_FILE_CLOCK,
};

struct dos_file {
    enum dos_file_kind kind;
    int fd;              /* DOS_FILE_HOST: the host file */
    bool stream;         /* the host's stdin/stdout/stderr: not ours to close or seek */
    bool stderr_con;     /* the console handle that writes to the host's stderr */
    uint8_t drive;       /* a host file: its drive */
    uint16_t fcb_serial; /* opened through an FCB: the serial the FCB keeps */
    uint64_t fcb_used;   /* ... and when it was last used, to reuse the oldest */
};

/* Reads from this SFT entry come from the keyboard: the CON device, and the host's
 * stderr, which stands for DOS's standard error (always CON in DOS; MORE.COM reads
 * keys through a copy of it). */
static inline bool dos_file_reads_keyboard(const struct dos_file *f)
{
    return f->kind == DOS_FILE_CON || (f->kind == DOS_FILE_HOST && f->stream && f->fd == 2);
}

/* The entries of a host directory as DOS sees them, sorted by DOS name (paths.h). */
struct dos_dirent;
struct dos_dirlist {
    struct dos_dirent *e;
    size_t n;
};

/* A file of hvdos's own, on a drive that has no host directory behind it (Z:, which
 * holds COMMAND.COM): its bytes live in hvdos's memory (src/dos/paths.c). */
struct dos_memfile {
    char name[13]; /* the DOS name */
    uint8_t *data;
    size_t size;
    time_t mtime;
};
#define DOS_MEMFILES 4

struct dos_drive {
    int root_fd; /* O_PATH descriptor of the host directory, -1 = none */
    char *host_root;
    bool readonly;
    /* A drive of hvdos's own (root_fd -1): read-only files in memory, in its root. */
    struct dos_memfile mem[DOS_MEMFILES];
    unsigned nmem;
    struct dos_dirlist memdir; /* their directory listing */
};

/* Console input in progress. A service that waits returns to the guest and is called
 * again, so a line being typed lives here between the calls. */
struct dos_con {
    int pending;  /* scancode of an extended key, for the next character read; -1 */
    bool editing; /* a line input (0Ah or a CON read) is under way */
    uint8_t line[256];
    size_t len;
    uint8_t cooked[258]; /* a finished CON line not yet read through handles: line CR LF */
    size_t cooked_pos, cooked_len;
    bool last_cr;   /* the previous stdin byte was CR: an LF after it is eaten */
    size_t raw_got; /* a binary-mode CON read under way: bytes it has */
};

/* A cached listing of one host directory (src/dos/paths.c). */
struct dos_dircache {
    char *hostdir; /* relative to the drive root; NULL = unused */
    uint8_t drive;
    unsigned gen;
    dev_t dev;
    ino_t ino;
    struct timespec mtime, ctime;
    uint64_t lru;
    struct dos_dirlist list;
};
#define DOS_DIRCACHE 8

/* A find-first search in progress (src/dos/find.c): a snapshot of the directory's
 * entries; the DTA holds the key and the position. */
struct dos_search;
#define DOS_SEARCHES 64

/* An EXEC in progress: what to give back to the parent when the child ends. */
struct dos_exec_frame {
    uint16_t child;            /* the child's PSP */
    uint16_t dta_seg, dta_off; /* the parent's DTA */
};
#define DOS_EXEC_DEPTH 32

/* Offsets of the DOS routines in the ROM (the DOS section of bios/rom.asm). */
struct dos_rom {
    uint16_t ctrlc;   /* int 23h, then the ROM call that decides what follows */
    uint16_t casemap; /* the country case map routine (far) */
    uint16_t int25;   /* absolute disk read/write: fail, flags left on the stack */
    uint16_t int26;
    uint16_t cpm; /* the CP/M-style entry that 0000:00C0 jumps to */
};

struct dos {
    struct dos_file files[DOS_SFT_COUNT];
    struct dos_drive drives[26];
    uint8_t cur_drive; /* 0 = A: */
    uint16_t cur_psp;
    uint16_t shell_psp; /* the primary shell: its end ends the session */
    uint32_t dta;       /* linear address of the disk transfer area */
    uint16_t dta_seg, dta_off;
    uint16_t last_error;
    uint8_t err_class, err_action, err_locus; /* int 21h 59h */
    uint8_t ret_code, ret_type;               /* int 21h 4Dh */
    uint8_t alloc_strategy;
    bool umb_link;
    bool ctrl_break; /* BREAK ON: ^C is checked in every function */
    bool verify;
    char switch_char;
    uint16_t version;
    struct dos_con con;

    /* ^C: set by int 1Bh (Ctrl-Break) or a ^C typed; handled at the next check. */
    bool break_pending;
    uint16_t ctrlc_ss, ctrlc_sp; /* the stack the int 23h call started on */
    struct cpu_regs int21_entry; /* the registers of the int 21h call being serviced */

    struct dos_exec_frame exec[DOS_EXEC_DEPTH];
    unsigned nexec;
    char exec_why[200]; /* why the last EXEC could not load its program, or "" */

    struct dos_dircache dircache[DOS_DIRCACHE];
    uint64_t dircache_clock;
    unsigned fs_gen; /* bumped whenever DOS changes a directory */

    struct dos_search *search[DOS_SEARCHES];
    uint32_t search_serial;
    uint16_t fcb_serial;

    struct dos_rom rom;
};

/* DOS data, the MCB chain and the standard handles, before any program loads. */
void dos_startup(struct machine *m);

/* Sets CF and the DOS error in AX (and for 59h); the usual failure return. */
void dos_fail(struct machine *m, struct cpu_regs *r, enum dos_error err);
void dos_set_error(struct machine *m, enum dos_error err);
static inline void dos_ok(struct cpu_regs *r)
{
    r->flags &= ~FLAG_CF;
}

static inline uint32_t dos_addr(uint16_t off)
{
    return DOS_SEG * 16u + off;
}

static inline uint16_t dos_dpb_offset(int drive)
{
    return (uint16_t)(DOS_DPB + drive * DOS_DPB_ENTRY);
}

/* Memory (src/dos/memory.c). */
void dos_mcb_init(struct machine *m, uint16_t first, uint16_t end);
/* Allocates paragraphs for owner: returns the block's segment (after its MCB), or 0
 * with the error and the largest free block in *largest. */
uint16_t dos_mcb_alloc(struct machine *m, uint16_t paras, uint16_t owner, uint16_t *largest,
                       enum dos_error *err);
enum dos_error dos_mcb_free(struct machine *m, uint16_t seg);
/* Resizes the block at seg. On failure the block has grown as far as it can (as in
 * DOS) and *largest is that size. */
enum dos_error dos_mcb_resize(struct machine *m, uint16_t seg, uint16_t paras, uint16_t *largest);
void dos_mcb_free_owner(struct machine *m, uint16_t owner);
void dos_mcb_set_name(struct machine *m, uint16_t seg, const char *name);
bool dos_mcb_valid(const struct machine *m, uint16_t mcb);
/* Joins every run of free blocks in the chain. */
void dos_mcb_coalesce(struct machine *m);

/* Processes (src/dos/process.c). */
struct dos_load_error {
    int status;    /* exit status for hvdos when loading the root program fails */
    char msg[256]; /* one line */
};
/* The program hvdos was started with (a host path): its DOS path (its directory is
 * mapped as a drive if no drive holds it), and whether it can be loaded, before the
 * shell runs it. */
int dos_boot_program(struct machine *m, const char *host, char *dospath, size_t max,
                     struct dos_load_error *e);
/* Loads the primary shell from its DOS path: a process that is its own parent, with
 * the standard handles and the session's environment. */
int dos_load_shell(struct machine *m, struct cpu_regs *r, const char *path,
                   struct dos_load_error *e);
/* Ends the current process (type: DOS_TERM_*); sets r to where the parent goes on. */
void dos_terminate(struct machine *m, struct cpu_regs *r, uint8_t code, uint8_t type);
void dos_exec(struct machine *m, struct cpu_regs *r);
/* ^C was seen during a function: "^C", then the program's int 23h (see process.c). */
void dos_ctrlc(struct machine *m, struct cpu_regs *r);
/* True (and the ^C sequence started) if a ^C is pending or typed; the service must
 * return at once. */
bool dos_check_break(struct machine *m, struct cpu_regs *r);

/* Paths (src/dos/paths.c). */
int dos_drives_init(struct machine *m, char *err, size_t errlen);
void dos_drives_fini(struct machine *m);

/* Console (src/dos/console.c). */
void dos_con_write(struct machine *m, const uint8_t *buf, size_t len, bool to_stderr);
/* Reads one character from standard input (handle 0) without echo. Returns it, or
 * -1 when the guest was sent to wait (the service returns and is called again). */
int dos_stdin_read_char(struct machine *m, struct cpu_regs *r);
/* The same without waiting: -2 if nothing is there. */
int dos_stdin_poll_char(struct machine *m, struct cpu_regs *r);
bool dos_stdin_ready(struct machine *m);
/* int 21h 0Ah; false while the guest waits for more input. */
bool dos_buffered_input(struct machine *m, struct cpu_regs *r);
/* A cooked line from the CON device (handle reads): up to max bytes, CR LF ended. */
int dos_con_read_line(struct machine *m, struct cpu_regs *r, uint8_t *buf, size_t max, size_t *got);
/* Raw CON input (IOCTL binary mode): max keys into guest memory at buf, without
 * editing or echo; -1 while the guest waits. */
int dos_con_read_raw(struct machine *m, struct cpu_regs *r, uint32_t buf, size_t max, size_t *got);
/* Throws away typed-ahead keys (int 21h 0Ch). */
void dos_con_flush(struct machine *m);
/* Writes bytes to standard output (handle 1). */
void dos_stdout_write(struct machine *m, const char *s, size_t len);

/* The int 21h function table (src/dos/int21.c). */
void int21_service(struct machine *m, struct cpu_regs *r);
void int20_service(struct machine *m, struct cpu_regs *r);

#endif
