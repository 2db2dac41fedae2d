/* hvdos: DOS programs and a DOS prompt in a hardware virtual machine. The command line,
 * the choice of CPU backend and frontend, and the exit status; only main() exits. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bios/bios.h"
#include "cli/cli.h"
#include "cpu/select.h"
#include "hw/vga.h"
#include "keys/keys.h"
#include "machine/machine.h"
#include "pc.h"
#include "ui/ui.h"

extern const uint8_t demo_image[];
extern const size_t demo_image_size;

/* The machine a Ctrl+C in the terminal stops. A signal handler has no argument, so
 * this one pointer is the process's, not the machine's, state. */
static struct machine *volatile sigint_machine;

static void on_sigint(int sig)
{
    struct machine *m = sigint_machine;

    (void)sig;
    if (m) {
        atomic_store(&m->interrupted, true);
        machine_kick(m);
    }
}

static void on_timeout(struct machine *m, void *ctx)
{
    const struct machine_config *cfg = ctx;

    log_msg(&m->log, "error", "the program did not end within %g seconds (--timeout)",
            cfg->timeout);
    machine_stop(m, EXIT_TIMEOUT);
}

static int write_screen_dump(struct machine *m, const char *path)
{
    struct display_frame *frame = malloc(sizeof(*frame));
    char *text = NULL;
    FILE *f;
    int rc = 0;

    if (frame) {
        vga_capture(m, frame);
        text = display_frame_text(frame, false);
        free(frame);
    }
    if (!text)
        return -1;
    f = fopen(path, "w");
    if (!f || fputs(text, f) < 0)
        rc = -1;
    if (f && fclose(f))
        rc = -1;
    free(text);
    if (rc)
        log_msg(&m->log, "error", "cannot write the screen to %s", path);
    return rc;
}

/* The frontend asked for; without --frontend, the window when there is a display to
 * show it on and SDL2 was built, else the terminal when stdin and stdout are one, else
 * headless. A window that cannot open falls back (with a one-line notice) to the
 * terminal or headless. The terminal and the window are created here (before the
 * machine: it chooses its console by the frontend). */
static const struct frontend_ops *choose_frontend(struct machine_config *cfg, struct frontend **ui)
{
    const struct ui_sdl_module *mod;
    bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    char err[512];
    const char *why = NULL;

    if (cfg->headless) /* --headless, or --frontend=headless */
        return &ui_headless_ops;
    switch (cfg->frontend) {
    case CONFIG_FRONTEND_TERMINAL:
        if (ui_terminal_ops.create(ui, cfg, err, sizeof(err))) {
            fprintf(stderr, "hvdos: %s\n", err);
            return NULL;
        }
        return &ui_terminal_ops;
    default: break;
    }
    if (!ui_have_window()) {
        why = "this hvdos was built without SDL2";
    } else if (!ui_display_named()) {
        why = "no display (DISPLAY and WAYLAND_DISPLAY are unset)";
    } else if (!(mod = ui_sdl_module_load(err, sizeof(err))) ||
               mod->window->create(ui, cfg, err, sizeof(err))) {
        why = err;
    } else {
        return mod->window;
    }
    if (tty && cfg->frontend == CONFIG_FRONTEND_AUTO) {
        char terr[512];
        if (!ui_terminal_ops.create(ui, cfg, terr, sizeof(terr))) {
            if (why == err) /* a display that failed: say why the terminal shows it */
                fprintf(stderr, "hvdos: %s: showing the screen in this terminal instead\n", err);
            return &ui_terminal_ops;
        }
        fprintf(stderr, "hvdos: %s: running headless\n", terr);
    } else {
        fprintf(stderr,
                "hvdos: %s: running in this terminal instead of a window (--headless "
                "says so quietly)\n",
                why);
    }
    cfg->headless = true;
    return &ui_headless_ops;
}

static int run(struct machine_config cfg)
{
    const struct frontend_ops *ui_ops;
    const struct cpu_ops *cpu;
    struct machine_timer timeout = {0};
    struct frontend *ui = NULL;
    struct machine *m = NULL;
    struct keys_term *term = NULL;
    struct sigaction sa = {.sa_handler = on_sigint};
    char err[512], tail[64], note[160], notice[256];
    bool keys_possible = false;
    int status;

    cpu = cpu_select(cfg.cpu, err, sizeof(err), note, sizeof(note), notice, sizeof(notice));
    if (!cpu) {
        fprintf(stderr, "hvdos: %s\n", err);
        return EXIT_NO_CPU;
    }
    ui_ops = choose_frontend(&cfg, &ui);
    if (!ui_ops)
        return EXIT_USAGE;
    if (!cfg.speed_given) /* why these: machine/config.h */
        cfg.speed = cfg.headless ? CONFIG_SPEED_HEADLESS : CONFIG_SPEED_WINDOW;
    if (cfg.headless && ui_ops->create(&ui, &cfg, err, sizeof(err))) {
        fprintf(stderr, "hvdos: %s\n", err);
        return EXIT_USAGE;
    }
    keys_possible = !cfg.headless || isatty(STDIN_FILENO);
    if (cfg.demo) {
        snprintf(tail, sizeof(tail), "%s%s", cpu->name,
                 keys_possible || cfg.keys ? "" : " /nokeys");
        cfg.builtin_image = demo_image;
        cfg.builtin_size = (uint32_t)demo_image_size;
        cfg.builtin_tail = tail;
    }

    status = machine_create(&m, &cfg, &pc_board, cpu, err, sizeof(err));
    if (status) {
        fprintf(stderr, "hvdos: %s\n", err);
        ui_ops->destroy(ui);
        return status;
    }
    log_debug(&m->log, LOG_CPU, "%s", note);
    if (notice[0]) /* only once the backend runs: a KVM that cannot open says why instead */
        fprintf(stderr, "hvdos: %s\n", notice);
    m->bios->keyboard_closed = !keys_possible;
    if (cfg.keys) {
        /* The script is a keyboard until it is used up. */
        m->bios->keyboard_closed = false;
        if (keys_script_start(m, cfg.keys, !keys_possible, err, sizeof(err))) {
            fprintf(stderr, "hvdos: %s\n", err);
            machine_destroy(m);
            ui_ops->destroy(ui);
            return EXIT_USAGE;
        }
    }
    if (cfg.timeout > 0) {
        timeout.fire = on_timeout;
        timeout.ctx = &cfg;
        machine_timer_add(m, &timeout);
        machine_timer_arm(&timeout, machine_now_ns() + (uint64_t)(cfg.timeout * 1e9));
    }
    signal(SIGPIPE, SIG_IGN); /* a closed stdout pipe is an error on write, not a kill */
    sigint_machine = m;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    if (cfg.headless && isatty(STDIN_FILENO) &&
        keys_term_start(m, STDIN_FILENO, NULL, &term, err, sizeof(err))) {
        fprintf(stderr, "hvdos: %s; keys cannot be typed\n", err);
        m->bios->keyboard_closed = !cfg.keys;
    }

    status = ui_ops->run(ui, m);
    keys_term_stop(term); /* the terminal's modes back before anything else is said */
    if (cfg.dump_screen && write_screen_dump(m, cfg.dump_screen) && !status)
        status = 1;
    sigint_machine = NULL;
    keys_script_stop(m);
    /* The window goes after the machine: its vCPU thread has ended by now. */
    machine_destroy(m);
    ui_ops->destroy(ui);
    return status;
}

int main(int argc, char **argv)
{
    struct cli cli;
    char err[512];
    int status = 0;

    switch (cli_parse(&cli, argc, argv, err, sizeof(err))) {
    case CLI_HELP: cli_usage(stdout); break;
    case CLI_VERSION: printf("hvdos 0.1.0\n"); break;
    case CLI_PRINT_CONFIG: cli_print_config(&cli, stdout); break;
    case CLI_ERROR:
        fprintf(stderr, "hvdos: %s\n", err);
        status = EXIT_USAGE;
        break;
    case CLI_RUN: status = run(cli.cfg); break;
    }
    cli_free(&cli);
    return status;
}
