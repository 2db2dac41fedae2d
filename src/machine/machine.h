/* The machine: guest memory, the port bus, the devices, the CPU backend, the BIOS and
 * DOS services, and the loop that runs them on the vCPU thread. All emulator state
 * hangs off one struct machine; nothing is global. */
#ifndef HVDOS_MACHINE_H
#define HVDOS_MACHINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "machine/rom.h"
#include "cpu/cpu.h"
#include "log.h"
#include "machine/config.h"
#include "machine/input.h"
#include "machine/ioport.h"
#include "machine/mem.h"

struct machine;

/* A service behind an interrupt stub or a ROM call. It sees the caller's registers
 * (for an interrupt, FLAGS holds the caller's status flags) and edits them; the
 * dispatcher writes them back. */
typedef void (*service_fn)(struct machine *m, struct cpu_regs *r);

/* A device or module on the machine, started in table order and stopped in reverse. */
struct device_desc {
    const char *name;
    int (*init)(struct machine *m);
    void (*fini)(struct machine *m);
};

/* What a machine is built from (src/pc.c has the PC): its guest memory and the devices
 * and services in start-up order. The machine itself knows none of them. */
struct machine_board {
    const char *name;
    /* Bytes of the host allocation behind guest memory for this configuration. */
    uint32_t (*mem_size)(const struct machine_config *cfg);
    /* Lays out the memory map over the zeroed allocation (00000-BFFFF must be RAM at
     * its own address: memmap_low_plain). */
    void (*map)(struct memmap *map, uint8_t *host, uint32_t size, const struct machine_config *cfg);
    const struct device_desc *const *devices;
    size_t ndevices;
};

/* A one-shot host-time event: devices arm one for their next deadline. */
struct machine_timer {
    uint64_t deadline; /* CLOCK_MONOTONIC ns; 0 = disarmed */
    void (*fire)(struct machine *m, void *ctx);
    void *ctx;
    struct machine *m; /* set by machine_timer_add */
};

#define MACHINE_MAX_TIMERS 16

/* Exit statuses of hvdos itself; otherwise the status is the program's return code. */
enum machine_exit_status {
    EXIT_USAGE = 2,        /* bad command line */
    EXIT_NO_CPU = 3,       /* no CPU backend can run */
    EXIT_LOAD = 4,         /* the program cannot be loaded */
    EXIT_TIMEOUT = 124,    /* --timeout expired, or a key wait that no input can end */
    EXIT_EMULATION = 125,  /* the emulated CPU stopped: an instruction it cannot run, a
                              triple fault, a HLT with interrupts off */
    EXIT_INTERRUPTED = 130 /* Ctrl+C in the terminal */
};

/* Something the vCPU thread runs after every stop of the CPU (input queues). */
struct machine_poller {
    void (*poll)(struct machine *m, void *ctx);
    void *ctx;
};
#define MACHINE_MAX_POLLERS 4

/* The idle detector's state (src/machine/idle.c). */
#define MACHINE_IDLE_SITES 16
struct machine_idle {
    unsigned polls;      /* polls in a row, close together (up to the nap threshold) */
    uint64_t last_insns; /* the CPU's instruction count at the last poll */
    bool polled;         /* the service running now reported a poll */
    uint32_t frame;      /* the INT frame of the service running now, or 0 */
    /* Poll sites since the last nap (none: a nap may come); one seen twice ends that. */
    uint32_t sites[MACHINE_IDLE_SITES];
    unsigned nsites;
    uint64_t naps, nap_ns;
};

/* The --speed throttle's state (src/machine/speed.c). */
struct machine_speed {
    double credit;       /* guest instructions the CPU may run now */
    uint64_t last_ns;    /* when credit was last added (0: not started) */
    uint64_t last_insns; /* the CPU's count when last charged */
    uint64_t start_ns, start_insns, waits;
};

struct machine {
    struct log log;
    const struct machine_config *cfg;
    const struct machine_board *board;
    struct memmap memmap; /* the one description of guest memory (machine/memmap.h) */
    uint32_t mem_size;    /* bytes of its host allocation (mem.ram) */
    struct mem mem;       /* the services' view of it */
    struct ioport_bus io;
    struct rom rom;
    struct cpu *cpu;

    service_fn int_services[256];
    service_fn rom_services[ROM_CALL_COUNT];
    uint8_t cur_vector; /* the stub being serviced, for machine_wait_event() */

    /* Interrupt controller hooks, set by the PIC: ack returns the vector to deliver. */
    int (*intr_ack)(struct machine *m);
    bool intr_line;

    struct machine_timer *timers[MACHINE_MAX_TIMERS];
    unsigned ntimers;
    /* Events from the UI thread, drained on the vCPU thread by input_handler (the
     * keyboard controller's) whenever the machine was kicked. */
    struct input_ring input;
    void (*input_handler)(struct machine *m, const struct input_event *ev);
    void (*mouse_handler)(struct machine *m, const struct input_event *ev); /* INPUT_MOUSE */
    struct machine_poller pollers[MACHINE_MAX_POLLERS];
    unsigned npollers;
    int wait_fd;            /* host fd whose readiness ends the current service wait, or -1 */
    uint64_t wait_deadline; /* host time that ends the current service wait, or 0 */
    int wake_fd;            /* eventfd: the UI thread's input and kicks */
    /* The deadline the CPU backend runs against, while it runs (see machine_timer_arm). */
    bool cpu_running;
    uint64_t run_deadline;
    struct machine_idle idle;
    struct machine_speed speed;

    /* Modules: each owns its state behind one pointer. */
    struct bios *bios;
    struct dos *dos;
    struct shells *shells;
    struct frontend *ui;
    struct pic *pic;
    struct pit *pit;
    struct kbd *kbd;
    struct vga *vga;
    struct rtc *rtc;
    struct sysctl *sysctl;
    struct mouse *mouse;      /* the pointing device, NULL with --no-mouse (src/hw/mouse.c) */
    struct keys_script *keys; /* --keys (src/keys/) */

    /* Run state. */
    _Atomic bool interrupted;  /* Ctrl+C in the terminal (SIGINT) */
    _Atomic bool wake_pending; /* machine_kick() was called */
    bool stopped;
    int exit_status;
    uint64_t start_ns;
    uint64_t hostcalls;
    char init_error[256]; /* a module's reason for failing to start, for the user */
};

uint64_t machine_now_ns(void);

/* Creates the board's machine with the chosen CPU backend. On failure returns the exit
 * status hvdos should end with (EXIT_NO_CPU if the backend cannot run) and a one-line
 * message in err (what happened, what to do). */
int machine_create(struct machine **out, const struct machine_config *cfg,
                   const struct machine_board *board, const struct cpu_ops *cpu, char *err,
                   size_t errlen);
void machine_destroy(struct machine *m);
/* Runs until the program ends; returns the exit status (see README). */
int machine_run(struct machine *m);
/* Ends the run with this exit status once the current service returns. */
void machine_stop(struct machine *m, int status);
/* From any thread or a signal handler: makes the vCPU notice input or a stop. */
void machine_kick(struct machine *m);

void machine_set_int_service(struct machine *m, uint8_t vector, service_fn fn);
void machine_set_rom_service(struct machine *m, enum rom_call call, service_fn fn);
/* Called by a service that cannot finish yet: the guest waits with interrupts on (so
 * timer and keyboard IRQs, and the program's hooks on them, keep running) and calls
 * the service again after the next interrupt, UI event, or (fd >= 0) when fd is
 * readable. */
void machine_wait_event(struct machine *m, struct cpu_regs *r, int fd);
/* The same, and the wait also ends at the host time deadline_ns (int 15h 86h). */
void machine_wait_until(struct machine *m, struct cpu_regs *r, uint64_t deadline_ns);
/* The idle detector (src/machine/idle.c): every service or port that a program polls
 * reports each poll. A run of polls close together is a polling loop, and its empty
 * polls nap the host until the next timer deadline or input (at most 10 ms), so a
 * program waiting by polling costs no host CPU and still sees every tick and key.
 *
 * The guest looked for something that is not there (a key, a mouse event): only input
 * or a timer can bring it. */
void machine_poll_empty(struct machine *m);
/* The same for an answer that also changes by itself at host time change_ns (a status
 * bit that follows the clock, the time of day): the nap ends then at the latest. */
void machine_poll_empty_until(struct machine *m, uint64_t change_ns);
/* The poll found what it looked for: no nap, but still part of the loop. */
void machine_poll_hit(struct machine *m);
/* The program says it is idle (int 2Fh 1680h, release time slice): nap at once. */
void machine_poll_yield(struct machine *m);
/* The guest did work a polling loop does not do (a port write that programs the
 * device): the polls after it count from the start. A service that reports no poll
 * counts as work by itself (machine_idle_service). */
void machine_poll_busy(struct machine *m);
/* Runs an interrupt service for the dispatcher (frame: the linear address of the
 * INT's return frame), telling the detector whether it was a poll. */
void machine_idle_service(struct machine *m, service_fn fn, struct cpu_regs *r, uint32_t frame);
/* --speed (src/machine/speed.c), around each run of the CPU: machine_speed_slice gives
 * the CPU its budget and returns true, or sleeps until the next slice is due (or a
 * timer or input comes) and returns false; machine_speed_charge charges what ran. */
bool machine_speed_slice(struct machine *m);
void machine_speed_charge(struct machine *m);
/* One line under --debug=cpu at exit. */
void machine_speed_report(struct machine *m);

/* The earliest armed timer deadline (host ns), or 0. */
uint64_t machine_next_deadline(const struct machine *m);

void machine_timer_add(struct machine *m, struct machine_timer *t);
/* Arms (deadline_ns > 0) or disarms (0) a timer; callable while the CPU runs (from a
 * port handler): an earlier deadline makes the CPU come back for it. */
void machine_timer_arm(struct machine_timer *t, uint64_t deadline_ns);
void machine_poller_add(struct machine *m, void (*poll)(struct machine *m, void *ctx), void *ctx);

void machine_set_intr(struct machine *m, bool level);
/* The A20 gate: off, the region at 1 MiB (the HMA) is an alias of the first 64 KiB. */
void machine_set_a20(struct machine *m, bool enabled);
/* Adds a region to the memory map (a UMB, an EMS page frame window) and tells the CPU
 * backend and the services' view. Returns its index or -errno (memmap_add). */
int machine_mem_add(struct machine *m, const struct memmap_region *r);
/* Points region `region` at other bytes of the allocation or changes its kind (an EMS
 * page mapped or unmapped), for the CPU and the services alike. Regions over
 * 00000-BFFFF are never remapped. */
void machine_mem_remap(struct machine *m, unsigned region, enum memmap_kind kind, uint32_t offset);

#endif
