/* The terminal frontend's drawing, per frame: bytes written to the terminal and CPU
 * time of the drawing thread, for a screen where one line changes each frame against
 * one where every cell does (a full redraw), in the same run, into a pseudo-terminal
 * of 80x25 (a thread reads and counts what reaches it).
 * Run: meson test -C build --benchmark term-frame (or build/tests/bench/bench_term). */
#include <pthread.h>
#include <pty.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "ui/terminal.h"

#define FRAMES 300

static _Atomic uint64_t bytes_read;
static _Atomic bool reader_stop;

static void *reader(void *arg)
{
    int fd = *(int *)arg;
    char buf[65536];

    while (!atomic_load(&reader_stop)) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n <= 0)
            break;
        atomic_fetch_add(&bytes_read, (uint64_t)n);
    }
    return NULL;
}

static double thread_cpu_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Waits until the reader has seen everything written so far (the terminal drained). */
static uint64_t settle(void)
{
    uint64_t last;

    do {
        last = atomic_load(&bytes_read);
        usleep(20000);
    } while (atomic_load(&bytes_read) != last);
    return last;
}

/* A screen full of text in a few colours; `variant` changes every cell's character
 * and colour. */
static void fill(struct term_grid *g, int variant)
{
    g->cols = 80;
    g->rows = 25;
    g->cursor_visible = true;
    g->cursor_row = 24;
    g->cursor_col = 0;
    for (int r = 0; r < 25; r++)
        for (int c = 0; c < 80; c++) {
            struct term_cell *cell = &g->cells[r * 80 + c];
            cell->uc = (uint16_t)('A' + (r + c + variant) % 26);
            cell->fg = (uint8_t)(7 + (c / 10 + variant) % 9);
            cell->bg = (uint8_t)((r / 5 + variant) % 8);
            cell->attrs = 0;
        }
}

struct result {
    double bytes, cpu_us;
};

static struct result run(struct term_view *v, struct term_grid *g, bool full)
{
    uint64_t start;
    double cpu = 0;
    char line[32];

    fill(g, 0);
    term_view_draw(v, g);
    start = settle();
    for (int i = 0; i < FRAMES; i++) {
        double t0;
        if (full) {
            fill(g, i % 2 + 1);
        } else {
            snprintf(line, sizeof(line), "frame %06d", i);
            for (int c = 0; line[c]; c++)
                g->cells[12 * 80 + 10 + c].uc = (uint16_t)line[c];
        }
        t0 = thread_cpu_us();
        term_view_draw(v, g);
        cpu += thread_cpu_us() - t0;
    }
    return (struct result){(double)(settle() - start) / FRAMES, cpu / FRAMES};
}

int main(void)
{
    struct winsize ws = {.ws_row = 25, .ws_col = 80};
    struct term_grid *g = calloc(1, sizeof(*g));
    struct term_view *v;
    struct result one, full;
    int master, slave;
    pthread_t th;
    char err[256];
    FILE *out, *in;

    if (!g || openpty(&master, &slave, NULL, NULL, &ws)) {
        perror("openpty");
        return 1;
    }
    out = fdopen(slave, "w");
    in = fdopen(dup(slave), "r");
    pthread_create(&th, NULL, reader, &master);
    for (int i = 0; i < 16; i++)
        g->palette[i] = (uint32_t)(i & 8 ? 0x555555 : 0) + (uint32_t)(i & 4 ? 0xAA0000 : 0) +
                        (uint32_t)(i & 2 ? 0xAA00 : 0) + (uint32_t)(i & 1 ? 0xAA : 0);
    v = term_view_open(out, in, "xterm-256color", err, sizeof(err));
    if (!v) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    one = run(v, g, false);
    full = run(v, g, true);
    term_view_close(v);
    atomic_store(&reader_stop, true);
    fclose(out);
    fclose(in);
    pthread_join(th, NULL);
    printf("80x25, xterm-256color, %d frames each\n", FRAMES);
    printf("one line changed: %8.0f bytes/frame %8.1f us CPU/frame\n", one.bytes, one.cpu_us);
    printf("full redraw:      %8.0f bytes/frame %8.1f us CPU/frame\n", full.bytes, full.cpu_us);
    printf("one line / full redraw: bytes %.3f, CPU %.3f\n", one.bytes / full.bytes,
           one.cpu_us / full.cpu_us);
    return 0;
}
