/* The machine's life: create the pieces in order, run the CPU, dispatch hostcalls,
 * sleep while the guest idles, and tear everything down in reverse. */
#include "machine/machine.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

uint64_t machine_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint32_t machine_io_in(void *ctx, uint16_t port, unsigned size)
{
    struct machine *m = ctx;
    return ioport_in(&m->io, port, size);
}

static void machine_io_out(void *ctx, uint16_t port, unsigned size, uint32_t value)
{
    struct machine *m = ctx;
    ioport_out(&m->io, port, size, value);
}

static int machine_intr_ack(void *ctx)
{
    struct machine *m = ctx;
    return m->intr_ack ? m->intr_ack(m) : -1;
}

static const struct cpu_host machine_cpu_host = {
    .io_in = machine_io_in,
    .io_out = machine_io_out,
    .intr_ack = machine_intr_ack,
};

/* The cpu_host table carries the machine pointer; each machine gets its own copy. */
struct machine_alloc {
    struct machine m;
    struct cpu_host host;
};

int machine_create(struct machine **out, const struct machine_config *cfg,
                   const struct machine_board *board, const struct cpu_ops *cpu, char *err,
                   size_t errlen)
{
    const struct device_desc *const *devices = board->devices;
    /* 70 KiB, mostly buffers a run may never touch: from the kernel, zeroed as pages
     * are first used, where calloc would clear its heap's pages at once. */
    struct machine_alloc *a =
        mmap(NULL, sizeof(*a), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct machine *m;
    struct cpu_config cc;
    size_t started = 0;
    int rc;

    if (a == MAP_FAILED) {
        snprintf(err, errlen, "out of memory");
        return EXIT_LOAD;
    }
    m = &a->m;
    m->cfg = cfg;
    m->board = board;
    m->log.cats = cfg->debug;
    m->wait_fd = -1;
    m->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    /* Anonymous pages: zero, and costing nothing until the guest touches them, so a
     * large --memory neither slows start-up nor grows the resident set. */
    m->mem_size = board->mem_size(cfg);
    m->mem.ram = mmap(NULL, m->mem_size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m->mem.ram == MAP_FAILED)
        m->mem.ram = NULL;
    if (m->wake_fd < 0 || !m->mem.ram) {
        if (m->mem.ram)
            snprintf(err, errlen, "cannot allocate the machine: %s", strerror(errno));
        else
            snprintf(err, errlen,
                     "cannot allocate %u MiB of guest memory: %s (try a smaller --memory)",
                     m->mem_size >> 20, strerror(errno));
        rc = EXIT_LOAD;
        goto fail;
    }
    board->map(&m->memmap, m->mem.ram, m->mem_size, cfg);
    if (!memmap_low_plain(&m->memmap))
        abort(); /* the board's own table is wrong: every backend relies on it */
    memmap_view_build(&m->mem.view, &m->memmap);
    ioport_init(&m->io, &m->log);
    if (rom_load(&m->rom, m->mem.ram)) {
        snprintf(err, errlen, "the built-in ROM does not match this hvdos build (rebuild it)");
        rc = EXIT_LOAD;
        goto fail;
    }
    a->host = machine_cpu_host;
    a->host.ctx = m;
    cc = (struct cpu_config){.map = &m->memmap, .host = &a->host};
    if (cpu->create(&cc, &m->cpu, err, errlen)) {
        rc = EXIT_NO_CPU;
        goto fail;
    }

    for (started = 0; started < board->ndevices; started++) {
        rc = devices[started]->init(m);
        if (rc) {
            if (m->init_error[0])
                snprintf(err, errlen, "%s", m->init_error);
            else
                snprintf(err, errlen, "cannot start the %s: %s", devices[started]->name,
                         strerror(-rc));
            rc = EXIT_LOAD;
            goto fail;
        }
    }
    *out = m;
    return 0;
fail:
    while (started-- > 0)
        if (devices[started]->fini)
            devices[started]->fini(m);
    if (m->cpu)
        m->cpu->ops->destroy(m->cpu);
    if (m->wake_fd >= 0)
        close(m->wake_fd);
    if (m->mem.ram)
        munmap(m->mem.ram, m->mem_size);
    munmap(a, sizeof(*a));
    return rc;
}

void machine_destroy(struct machine *m)
{
    if (!m)
        return;
    for (size_t i = m->board->ndevices; i-- > 0;)
        if (m->board->devices[i]->fini)
            m->board->devices[i]->fini(m);
    m->cpu->ops->destroy(m->cpu);
    close(m->wake_fd);
    if (m->mem.ram)
        munmap(m->mem.ram, m->mem_size);
    munmap(m, sizeof(struct machine_alloc));
}

void machine_stop(struct machine *m, int status)
{
    if (m->stopped)
        return;
    m->stopped = true;
    m->exit_status = status;
    m->cpu->ops->kick(m->cpu); /* a device may stop the run while the CPU runs */
}

void machine_kick(struct machine *m)
{
    uint64_t one = 1;

    /* All of this is async-signal-safe: it runs from the SIGINT handler too. */
    atomic_store(&m->wake_pending, true);
    if (write(m->wake_fd, &one, sizeof(one)) < 0) {
        /* the counter is saturated: a wake-up is pending anyway */
    }
    m->cpu->ops->kick(m->cpu);
}

void machine_set_int_service(struct machine *m, uint8_t vector, service_fn fn)
{
    m->int_services[vector] = fn;
}

void machine_set_rom_service(struct machine *m, enum rom_call call, service_fn fn)
{
    m->rom_services[call] = fn;
}

uint64_t machine_next_deadline(const struct machine *m)
{
    uint64_t next = 0;

    for (unsigned i = 0; i < m->ntimers; i++) {
        uint64_t d = m->timers[i]->deadline;
        if (d && (!next || d < next))
            next = d;
    }
    return next;
}

void machine_wait_event(struct machine *m, struct cpu_regs *r, int fd)
{
    r->cs = ROM_SEG;
    r->ip = (uint16_t)(rom_stub(&m->rom, m->cur_vector) + ROM_STUB_WAIT);
    m->wait_fd = fd;
    m->wait_deadline = 0;
}

void machine_wait_until(struct machine *m, struct cpu_regs *r, uint64_t deadline_ns)
{
    machine_wait_event(m, r, -1);
    m->wait_deadline = deadline_ns;
}

void machine_timer_add(struct machine *m, struct machine_timer *t)
{
    if (m->ntimers >= MACHINE_MAX_TIMERS)
        abort(); /* a fixed set of devices owns timers: more is a programming error */
    t->m = m;
    m->timers[m->ntimers++] = t;
}

void machine_timer_arm(struct machine_timer *t, uint64_t deadline_ns)
{
    struct machine *m = t->m;

    t->deadline = deadline_ns;
    /* The backend sleeps or runs against the deadline it was given: an earlier one set
     * from a port handler would otherwise wait for some unrelated exit. */
    if (deadline_ns && m && m->cpu_running && (!m->run_deadline || deadline_ns < m->run_deadline)) {
        m->run_deadline = deadline_ns;
        m->cpu->ops->kick(m->cpu);
    }
}

void machine_poller_add(struct machine *m, void (*poll)(struct machine *m, void *ctx), void *ctx)
{
    if (m->npollers >= MACHINE_MAX_POLLERS)
        abort();
    m->pollers[m->npollers++] = (struct machine_poller){poll, ctx};
}

void machine_set_intr(struct machine *m, bool level)
{
    if (m->intr_line == level)
        return;
    m->intr_line = level;
    m->cpu->ops->set_intr(m->cpu, level);
}

int machine_mem_add(struct machine *m, const struct memmap_region *r)
{
    int i = memmap_add(&m->memmap, r);

    if (i < 0)
        return i;
    memmap_view_update(&m->mem.view, &m->memmap, (unsigned)i);
    m->cpu->ops->remap(m->cpu, (unsigned)i);
    return i;
}

void machine_mem_remap(struct machine *m, unsigned region, enum memmap_kind kind, uint32_t offset)
{
    struct memmap_region *r;

    if (region >= m->memmap.count)
        abort(); /* a caller's bug: no such region */
    r = &m->memmap.regions[region];
    if (r->base < MEMMAP_LOW_END || (offset & (MEMMAP_PAGE_SIZE - 1)) ||
        (kind != MEMMAP_UNMAPPED && (uint64_t)offset + r->size > m->memmap.host_size))
        abort(); /* a caller's bug: the map would lie to every backend */
    r->kind = kind;
    r->offset = offset;
    memmap_view_update(&m->mem.view, &m->memmap, region);
    m->cpu->ops->remap(m->cpu, region);
}

void machine_set_a20(struct machine *m, bool enabled)
{
    const struct memmap_region *hma = memmap_find(&m->memmap, MEMMAP_HMA_BASE);

    if (m->mem.a20 == enabled)
        return;
    m->mem.a20 = enabled;
    /* On: the HMA is its own RAM; off: the first 64 KiB again, as the 20-bit wrap. */
    if (hma)
        machine_mem_remap(m, (unsigned)(hma - m->memmap.regions),
                          enabled ? MEMMAP_RAM : MEMMAP_ALIAS, enabled ? hma->base : 0);
}

static void machine_fire_timers(struct machine *m)
{
    uint64_t now = machine_now_ns();

    for (unsigned i = 0; i < m->ntimers; i++) {
        struct machine_timer *t = m->timers[i];
        if (t->deadline && t->deadline <= now) {
            t->deadline = 0;
            t->fire(m, t->ctx);
        }
    }
}

static void machine_drain_input(struct machine *m)
{
    struct input_event ev;

    while (input_ring_pop(&m->input, &ev)) {
        if (ev.type == INPUT_QUIT) {
            /* The window was closed: the program ends, and hvdos exits 0. */
            machine_stop(m, 0);
            continue;
        }
        if (ev.type == INPUT_MOUSE) {
            if (m->mouse_handler)
                m->mouse_handler(m, &ev);
        } else if (m->input_handler) {
            m->input_handler(m, &ev);
        }
    }
}

static void machine_poll(struct machine *m)
{
    uint64_t n;

    if (atomic_exchange(&m->wake_pending, false)) {
        if (read(m->wake_fd, &n, sizeof(n)) < 0) {
            /* a racing poll took it already */
        }
        if (atomic_load(&m->interrupted))
            machine_stop(m, EXIT_INTERRUPTED);
        machine_drain_input(m);
        for (unsigned i = 0; i < m->npollers; i++)
            m->pollers[i].poll(m, m->pollers[i].ctx);
    }
    machine_fire_timers(m);
}

static void machine_fatal_cpu(struct machine *m, const char *what)
{
    log_error(&m->log, "%s; the program cannot go on", what);
    machine_stop(m, EXIT_EMULATION);
}

/* The guest waits: sleep until a timer is due, the UI wakes us, or (for a service
 * wait) the awaited fd is readable; return when the guest has something to do. */
static void machine_idle(struct machine *m, bool service_wait)
{
    struct cpu_regs r;

    m->cpu->ops->get_regs(m->cpu, &r);
    if (!(r.flags & FLAG_IF)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "the program halted with interrupts off at %04X:%04X", r.cs,
                 (uint16_t)(r.ip - 1));
        machine_fatal_cpu(m, msg);
        return;
    }
    for (;;) {
        struct pollfd fds[2] = {{.fd = m->wake_fd, .events = POLLIN}, {.fd = -1}};
        struct timespec ts, *tsp = NULL;
        uint64_t deadline, now;
        int n;

        machine_poll(m);
        if (m->stopped || m->intr_line)
            return;
        now = machine_now_ns();
        if (service_wait && m->wait_deadline && now >= m->wait_deadline) {
            m->wait_deadline = 0;
            return;
        }
        if (service_wait && m->wait_fd >= 0) {
            fds[1].fd = m->wait_fd;
            fds[1].events = POLLIN;
        }
        deadline = machine_next_deadline(m);
        if (service_wait && m->wait_deadline && (!deadline || m->wait_deadline < deadline))
            deadline = m->wait_deadline;
        if (deadline) {
            /* Nanoseconds, not poll()'s milliseconds: a 1 kHz timer needs them. */
            uint64_t left = deadline > now ? deadline - now : 0;
            ts.tv_sec = (time_t)(left / 1000000000u);
            ts.tv_nsec = (long)(left % 1000000000u);
            tsp = &ts;
        }
        n = ppoll(fds, 2, tsp, NULL);
        if (n > 0 && fds[1].revents) {
            m->wait_fd = -1;
            return;
        }
        if (n > 0 && service_wait && fds[0].revents) {
            machine_poll(m);
            return; /* UI input: let the service look again */
        }
    }
}

static void machine_int_hostcall(struct machine *m, uint8_t vector)
{
    struct cpu_regs r, orig;
    uint32_t frame;
    uint16_t fl;
    service_fn fn = m->int_services[vector];

    m->cpu->ops->get_regs(m->cpu, &r);
    /* The INT pushed IP, CS, FLAGS: the caller's status flags are in the image. */
    frame = cpu_linear(r.ss, (uint16_t)(r.sp + 4));
    fl = mem_rd16(&m->mem, frame);
    r.flags = (uint16_t)((r.flags & ~FLAG_STATUS) | (fl & FLAG_STATUS));
    orig = r;
    m->cur_vector = vector;
    m->hostcalls++;
    if (!fn) {
        log_debug(&m->log, LOG_INT, "int %02Xh AX=%04X: no service", vector, r.ax);
        return;
    }
    machine_idle_service(m, fn, &r, cpu_linear(r.ss, r.sp));
    if (r.cs == orig.cs && r.ip == orig.ip && r.ss == orig.ss && r.sp == orig.sp) {
        fl = (uint16_t)((fl & ~FLAG_STATUS) | (r.flags & FLAG_STATUS));
        mem_wr16(&m->mem, frame, fl);
        /* BIOS and DOS services run with interrupts on (they begin with STI): an IRQ
         * that came while this one ran is taken before the stub's IRET, not after the
         * caller's next instructions (a program polling int 16h in a loop gives a KVM
         * guest almost no instruction with IF set). */
        if ((fl & FLAG_IF) && m->intr_line)
            r.flags |= FLAG_IF;
    }
    if (memcmp(&r, &orig, sizeof(r)))
        m->cpu->ops->set_regs(m->cpu, &r);
}

static void machine_rom_hostcall(struct machine *m, unsigned call)
{
    struct cpu_regs r, orig;
    service_fn fn = call < ROM_CALL_COUNT ? m->rom_services[call] : NULL;

    m->hostcalls++;
    if (!fn) {
        log_debug(&m->log, LOG_INT, "ROM call %u: no service", call);
        return;
    }
    m->cpu->ops->get_regs(m->cpu, &r);
    orig = r;
    fn(m, &r);
    if (memcmp(&r, &orig, sizeof(r)))
        m->cpu->ops->set_regs(m->cpu, &r);
}

static void machine_on_hlt(struct machine *m, uint32_t addr)
{
    uint32_t stubs = MEMMAP_ROM_BASE + m->rom.int_stubs;
    uint32_t calls = MEMMAP_ROM_BASE + m->rom.rom_calls;

    if (addr >= stubs && addr < stubs + 256u * m->rom.stub_size) {
        uint32_t off = addr - stubs;
        if (off % m->rom.stub_size == ROM_STUB_CALL) {
            machine_int_hostcall(m, (uint8_t)(off / m->rom.stub_size));
            return;
        }
        if (off % m->rom.stub_size == ROM_STUB_IDLE) {
            machine_idle(m, true);
            return;
        }
    }
    if (addr >= calls && addr < calls + ROM_CALL_COUNT * m->rom.rom_call_size &&
        (addr - calls) % m->rom.rom_call_size == 0) {
        machine_rom_hostcall(m, (addr - calls) / m->rom.rom_call_size);
        return;
    }
    machine_idle(m, false);
}

int machine_run(struct machine *m)
{
    struct cpu_regs r = {0};
    struct cpu_exit ex;

    /* Power on: the CPU starts at the reset vector, the ROM's POST takes it from there. */
    r.cs = ROM_SEG;
    r.ip = m->rom.reset_entry;
    r.flags = 0x0002;
    m->cpu->ops->set_regs(m->cpu, &r);
    m->start_ns = machine_now_ns();

    while (!m->stopped) {
        m->run_deadline = machine_next_deadline(m);
        if (!machine_speed_slice(m)) {
            machine_poll(m); /* --speed waited: timers and input, then the next slice */
            continue;
        }
        m->cpu_running = true;
        m->cpu->ops->run(m->cpu, m->run_deadline, &ex);
        m->cpu_running = false;
        machine_speed_charge(m);
        switch (ex.reason) {
        case CPU_STOP_HLT: machine_on_hlt(m, ex.addr); break;
        case CPU_STOP_KICK: break;
        case CPU_STOP_SHUTDOWN:
        case CPU_STOP_ERROR: machine_fatal_cpu(m, ex.msg); break;
        }
        machine_poll(m);
    }
    if (m->cpu->ops->stats && log_on(&m->log, LOG_CPU)) {
        char stats[200] = "";
        m->cpu->ops->stats(m->cpu, stats, sizeof(stats));
        log_debug(&m->log, LOG_CPU, "%s", stats);
    }
    machine_speed_report(m);
    log_debug(&m->log, LOG_CPU, "idle: %llu naps while polling, %.3f s in all",
              (unsigned long long)m->idle.naps, (double)m->idle.nap_ns / 1e9);
    return m->exit_status;
}
