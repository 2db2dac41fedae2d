/* The DOS kernel on the host: int 20h, 21h and friends over drives that map to host
 * directories. Everything a program can see lives in guest memory (dosdata.h); this
 * struct keeps only what the host needs behind it. */
#ifndef HVDOS_DOS_H
#define HVDOS_DOS_H

#include <stdbool.h>
#include <stdint.h>

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
    int fd;          /* DOS_FILE_HOST: the host file */
    bool stream;     /* the host's stdin/stdout/stderr: not ours to close or seek */
    bool stderr_con; /* the console handle that writes to the host's stderr */
};

struct dos_drive {
    int root_fd; /* O_PATH descriptor of the host directory, -1 = no drive */
    char *host_root;
    bool readonly;
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
    bool last_cr; /* the previous stdin byte was CR: an LF after it is eaten */
};

struct dos {
    struct dos_file files[DOS_SFT_COUNT];
    struct dos_drive drives[26];
    uint8_t cur_drive; /* 0 = A: */
    uint16_t cur_psp;
    uint16_t shell_psp; /* the root program's parent: its end ends the session */
    uint32_t dta;       /* linear address of the disk transfer area */
    uint16_t dta_seg, dta_off;
    uint16_t last_error;
    uint8_t ret_code, ret_type; /* int 21h 4Dh */
    uint8_t alloc_strategy;
    bool ctrl_break;
    uint16_t version;
    struct dos_con con;
};

/* DOS data, the MCB chain and the standard handles, before any program loads. */
void dos_startup(struct machine *m);

/* Sets CF and the DOS error in AX (and for 59h); the usual failure return. */
void dos_fail(struct machine *m, struct cpu_regs *r, enum dos_error err);
static inline void dos_ok(struct cpu_regs *r)
{
    r->flags &= ~FLAG_CF;
}

static inline uint32_t dos_addr(uint16_t off)
{
    return DOS_SEG * 16u + off;
}

/* Memory (src/dos/memory.c). */
void dos_mcb_init(struct machine *m, uint16_t first, uint16_t end);
/* Allocates paragraphs for owner: returns the block's segment (after its MCB), or 0
 * with the error and the largest free block in *largest. */
uint16_t dos_mcb_alloc(struct machine *m, uint16_t paras, uint16_t owner, uint16_t *largest,
                       enum dos_error *err);
enum dos_error dos_mcb_free(struct machine *m, uint16_t seg);
enum dos_error dos_mcb_resize(struct machine *m, uint16_t seg, uint16_t paras, uint16_t *largest);
void dos_mcb_free_owner(struct machine *m, uint16_t owner);
void dos_mcb_set_name(struct machine *m, uint16_t seg, const char *name);
bool dos_mcb_valid(const struct machine *m, uint16_t mcb);

/* Processes (src/dos/process.c). */
struct dos_load_error {
    int status;    /* exit status for hvdos when loading the root program fails */
    char msg[256]; /* one line */
};
int dos_load_root(struct machine *m, struct cpu_regs *r, struct dos_load_error *e);
void dos_terminate(struct machine *m, struct cpu_regs *r, uint8_t code, uint8_t type);

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

/* The int 21h function table (src/dos/int21.c). */
void int21_service(struct machine *m, struct cpu_regs *r);
void int20_service(struct machine *m, struct cpu_regs *r);
void int00_service(struct machine *m, struct cpu_regs *r);

#endif
