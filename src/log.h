/* Logging with levels and categories: --debug=int,dos,port,... selects what debug
 * messages a run prints; warnings and errors always print. */
#ifndef HVDOS_LOG_H
#define HVDOS_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

enum log_cat {
    LOG_INT = 1u << 0,   /* interrupt services: unknown functions, calls */
    LOG_DOS = 1u << 1,   /* DOS kernel: files, processes, memory */
    LOG_PORT = 1u << 2,  /* port I/O to unknown ports */
    LOG_KBD = 1u << 3,   /* keyboard: scancodes, BIOS keys */
    LOG_CPU = 1u << 4,   /* CPU backend choice and events */
    LOG_VIDEO = 1u << 5, /* int 10h and the video hardware */
    LOG_IRQ = 1u << 6,   /* PIC, PIT, interrupt delivery */
    LOG_UI = 1u << 7,    /* frontends */
    LOG_MOUSE = 1u << 8, /* the mouse and int 33h */
    LOG_SOUND = 1u << 9, /* the PC speaker and the audio output */
    LOG_ALL = 0xFFFFu,
};

struct log {
    unsigned cats; /* enabled debug categories */
    FILE *out;     /* where messages go; stderr unless a test redirects them */
};

/* Parses "int,dos" (or "all") into a category mask. Returns -1 and names the bad
 * category in `bad` if one is unknown. */
int log_parse_cats(const char *spec, unsigned *cats, const char **bad, size_t *badlen);
const char *log_cat_names(void);

void log_msg(const struct log *log, const char *prefix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline bool log_on(const struct log *log, unsigned cat)
{
    return (log->cats & cat) != 0;
}

#define log_debug(log, cat, ...)                  \
    do {                                          \
        if (log_on((log), (cat)))                 \
            log_msg((log), "debug", __VA_ARGS__); \
    } while (0)
#define log_warn(log, ...)  log_msg((log), "warning", __VA_ARGS__)
#define log_error(log, ...) log_msg((log), "error", __VA_ARGS__)

#endif
