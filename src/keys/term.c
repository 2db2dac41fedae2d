/* The terminal as a keyboard (and, for the terminal frontend, a mouse): raw-ish
 * terminal modes, a reader thread that lets libtermkey parse what the terminal sends
 * and turns its keys into set-1 scancodes for the keyboard controller (and its mouse
 * reports into mouse events) through the machine's input ring, and the modes put back. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <termkey.h>
#include <unistd.h>

#include "bios/bios.h"
#include "keys/keys.h"
#include "machine/machine.h"

#define TERM_ESC_MS   50 /* a lone Esc: no more bytes of a sequence within this */
#define TERM_GAP_MS   8  /* between keys typed in a burst (a paste) */
#define TERM_RETRY_MS 20 /* the BIOS buffer is filling: look again */
#define TERM_BUFFERED 8  /* keys in the BIOS buffer before typing holds back */

/* --- Keys: libtermkey's to scancodes ------------------------------------------- */

struct keys_term_decoder {
    TermKey *tk;
    uint8_t buttons; /* mouse buttons held, as the reports said */
};

/* What libtermkey may take from terminfo. Not the mouse: xterm's entry says kmous=\E[<,
 * which libtermkey 0.22 would read as the start of an old-style (X10) report and so
 * break every SGR (1006) report; its CSI driver parses both forms. Not F13 and up:
 * xterm's entry calls Shift+F1 "F13" and so on; the CSI driver reads the same sequences
 * as F1-F12 with xterm's modifiers, which is what a PC keyboard has. */
static const char *term_terminfo_filter(const char *name, const char *value, void *data)
{
    (void)data;
    if (!strcmp(name, "key_mouse"))
        return NULL;
    if (!strncmp(name, "key_f", 5) && atoi(name + 5) > 12)
        return NULL;
    return value;
}

struct keys_term_decoder *keys_term_decoder_new(const char *term)
{
    struct keys_term_decoder *d = calloc(1, sizeof(*d));

    if (!d)
        return NULL;
    /* Abstract: hvdos sets the terminal's modes itself (see term_raw) and feeds the
     * bytes it reads; no keypad-transmit mode is asked for, so the terminal sends the
     * cursor keys' normal-mode (CSI) forms. */
    d->tk = termkey_new_abstract(term && *term ? term : "xterm",
                                 TERMKEY_FLAG_UTF8 | TERMKEY_FLAG_NOTERMIOS | TERMKEY_FLAG_NOSTART);
    if (!d->tk) {
        free(d);
        return NULL;
    }
    termkey_hook_terminfo_getstr(d->tk, term_terminfo_filter, NULL);
    termkey_set_waittime(d->tk, TERM_ESC_MS);
    if (!termkey_start(d->tk)) {
        keys_term_decoder_free(d);
        return NULL;
    }
    return d;
}

void keys_term_decoder_free(struct keys_term_decoder *d)
{
    if (!d)
        return;
    termkey_destroy(d->tk);
    free(d);
}

size_t keys_term_decoder_push(struct keys_term_decoder *d, const uint8_t *in, size_t len)
{
    return termkey_push_bytes(d->tk, (const char *)in, len);
}

size_t keys_term_decoder_room(const struct keys_term_decoder *d)
{
    return termkey_get_buffer_remaining(d->tk);
}

static const uint16_t term_mod_keys[3] = {0x2A, 0x1D, 0x38}; /* Shift, Ctrl, Alt */

static void term_code(struct keys_term_input *o, uint16_t key, bool release)
{
    if (o->ncodes + 2 > KEYS_TERM_MAX_CODES)
        return;
    if (key & KEYS_EXT)
        o->codes[o->ncodes++] = 0xE0;
    o->codes[o->ncodes++] = (uint8_t)((key & 0x7F) | (release ? 0x80 : 0));
}

/* A key pressed and released inside the modifiers it needs. */
static void term_tap(struct keys_term_input *o, uint16_t key, unsigned mods)
{
    for (int i = 0; i < 3; i++)
        if (mods & (1u << i))
            term_code(o, term_mod_keys[i], false);
    term_code(o, key, false);
    term_code(o, key, true);
    for (int i = 2; i >= 0; i--)
        if (mods & (1u << i))
            term_code(o, term_mod_keys[i], true);
}

/* A character CP437 has beyond ASCII: Alt held, its code on the keypad, as DOS users
 * type it (no leading zeros: Alt+0nnn is another code page on DOS 6). */
static void term_alt_keypad(struct keys_term_input *o, unsigned c)
{
    static const uint8_t keypad[10] = {0x52, 0x4F, 0x50, 0x51, 0x4B, 0x4C, 0x4D, 0x47, 0x48, 0x49};

    term_code(o, 0x38, false);
    for (unsigned div = 100; div; div /= 10) {
        if (c < div && div > 1)
            continue;
        term_code(o, keypad[c / div % 10], false);
        term_code(o, keypad[c / div % 10], true);
    }
    term_code(o, 0x38, true);
}

/* libtermkey's modifiers as ours; xterm's Meta (8) is Alt too. */
static unsigned term_mods(int m)
{
    return (m & TERMKEY_KEYMOD_SHIFT ? KEYS_MOD_SHIFT : 0u) |
           (m & TERMKEY_KEYMOD_CTRL ? KEYS_MOD_CTRL : 0u) |
           (m & (TERMKEY_KEYMOD_ALT | 8) ? KEYS_MOD_ALT : 0u);
}

/* A character. libtermkey reports a control character as Ctrl + the character it is
 * on the keyboard (Ctrl+A is 'a', 1Ch is '\\', 1Fh is '_') and NUL as Ctrl+Space. */
static void term_char(struct keys_term_input *o, long cp, unsigned mods)
{
    uint16_t key;
    unsigned cmods;

    if (cp >= 0x80) {
        if (cp > 0xFFFF)
            return;
        for (unsigned c = 0x80; c < 256; c++)
            if (cp437_to_unicode((uint8_t)c) == cp) {
                term_alt_keypad(o, c);
                return;
            }
        return; /* not in code page 437: no key types it */
    }
    if ((mods & KEYS_MOD_CTRL) && (cp == ' ' || cp == '@'))
        cp = '2'; /* NUL: Ctrl+2, as a PC types it (Ctrl+Space is no character there) */
    else if ((mods & KEYS_MOD_CTRL) && cp == '^')
        cp = '6';
    else if ((mods & KEYS_MOD_CTRL) && cp == '_')
        cp = '-';
    if (!keys_from_char((uint8_t)cp, &key, &cmods))
        return;
    if (mods & KEYS_MOD_CTRL)
        cmods &= ~(unsigned)KEYS_MOD_SHIFT; /* a control character has no shifted form */
    term_tap(o, key, mods | cmods);
}

static uint16_t term_sym_key(TermKeySym sym)
{
    switch (sym) {
    case TERMKEY_SYM_BACKSPACE:
    case TERMKEY_SYM_DEL: return 0x0E; /* DEL is what the Backspace key sends */
    case TERMKEY_SYM_TAB: return 0x0F;
    case TERMKEY_SYM_ENTER: return 0x1C;
    case TERMKEY_SYM_ESCAPE: return 0x01;
    case TERMKEY_SYM_SPACE: return 0x39;
    case TERMKEY_SYM_UP: return KEYS_EXT | 0x48;
    case TERMKEY_SYM_DOWN: return KEYS_EXT | 0x50;
    case TERMKEY_SYM_LEFT: return KEYS_EXT | 0x4B;
    case TERMKEY_SYM_RIGHT: return KEYS_EXT | 0x4D;
    case TERMKEY_SYM_BEGIN: return 0x4C; /* the keypad's 5 */
    case TERMKEY_SYM_FIND:               /* the vt220's keypad has Find and Select where a PC has */
    case TERMKEY_SYM_HOME: return KEYS_EXT | 0x47; /* Home and End */
    case TERMKEY_SYM_SELECT:
    case TERMKEY_SYM_END: return KEYS_EXT | 0x4F;
    case TERMKEY_SYM_INSERT: return KEYS_EXT | 0x52;
    case TERMKEY_SYM_DELETE: return KEYS_EXT | 0x53;
    case TERMKEY_SYM_PAGEUP: return KEYS_EXT | 0x49;
    case TERMKEY_SYM_PAGEDOWN: return KEYS_EXT | 0x51;
    case TERMKEY_SYM_KP0: return 0x52;
    case TERMKEY_SYM_KP1: return 0x4F;
    case TERMKEY_SYM_KP2: return 0x50;
    case TERMKEY_SYM_KP3: return 0x51;
    case TERMKEY_SYM_KP4: return 0x4B;
    case TERMKEY_SYM_KP5: return 0x4C;
    case TERMKEY_SYM_KP6: return 0x4D;
    case TERMKEY_SYM_KP7: return 0x47;
    case TERMKEY_SYM_KP8: return 0x48;
    case TERMKEY_SYM_KP9: return 0x49;
    case TERMKEY_SYM_KPENTER: return KEYS_EXT | 0x1C;
    case TERMKEY_SYM_KPPLUS: return 0x4E;
    case TERMKEY_SYM_KPMINUS: return 0x4A;
    case TERMKEY_SYM_KPMULT: return 0x37;
    case TERMKEY_SYM_KPDIV: return KEYS_EXT | 0x35;
    case TERMKEY_SYM_KPCOMMA:
    case TERMKEY_SYM_KPPERIOD: return 0x53;
    default: return 0;
    }
}

static const uint16_t term_fkeys[12] = {0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40,
                                        0x41, 0x42, 0x43, 0x44, 0x57, 0x58};

/* The key of a vt220 "CSI n ~" number (rxvt ends the same numbers with ^ for Ctrl, $
 * for Shift and @ for both; libtermkey leaves those to its caller). */
static uint16_t term_tilde_key(long n)
{
    switch (n) {
    case 1:
    case 7: return KEYS_EXT | 0x47;
    case 2: return KEYS_EXT | 0x52;
    case 3: return KEYS_EXT | 0x53;
    case 4:
    case 8: return KEYS_EXT | 0x4F;
    case 5: return KEYS_EXT | 0x49;
    case 6: return KEYS_EXT | 0x51;
    case 11 ... 15: return term_fkeys[n - 11];
    case 17 ... 21: return term_fkeys[n - 12];
    case 23 ... 24: return term_fkeys[n - 13];
    default: return 0;
    }
}

/* A CSI sequence libtermkey does not know: rxvt's modified keys. */
static void term_unknown_csi(struct keys_term_decoder *d, const TermKeyKey *k,
                             struct keys_term_input *o)
{
    long args[4];
    size_t nargs = 4;
    unsigned long cmd;
    uint16_t key = 0;
    unsigned mods = 0;

    if (termkey_interpret_csi(d->tk, k, args, &nargs, &cmd) != TERMKEY_RES_KEY)
        return;
    switch (cmd) {
    case '^': mods = KEYS_MOD_CTRL; goto tilde;
    case '$': mods = KEYS_MOD_SHIFT; goto tilde;
    case '@':
        mods = KEYS_MOD_CTRL | KEYS_MOD_SHIFT;
    tilde:
        key = nargs ? term_tilde_key(args[0]) : 0;
        break;
    case 'a':
        key = KEYS_EXT | 0x48;
        mods = KEYS_MOD_SHIFT;
        break;
    case 'b':
        key = KEYS_EXT | 0x50;
        mods = KEYS_MOD_SHIFT;
        break;
    case 'c':
        key = KEYS_EXT | 0x4D;
        mods = KEYS_MOD_SHIFT;
        break;
    case 'd':
        key = KEYS_EXT | 0x4B;
        mods = KEYS_MOD_SHIFT;
        break;
    default: break;
    }
    if (key)
        term_tap(o, key, mods);
}

/* A mouse report: where (0-based), and the buttons held after it. */
static bool term_mouse(struct keys_term_decoder *d, const TermKeyKey *k, struct keys_term_input *o)
{
    static const uint8_t bit[4] = {0, INPUT_MOUSE_LEFT, INPUT_MOUSE_MIDDLE, INPUT_MOUSE_RIGHT};
    TermKeyMouseEvent ev;
    int button, line, col;

    if (termkey_interpret_mouse(d->tk, k, &ev, &button, &line, &col) != TERMKEY_RES_KEY)
        return false;
    if (ev == TERMKEY_MOUSE_PRESS && button >= 1 && button <= 3)
        d->buttons |= bit[button];
    else if (ev == TERMKEY_MOUSE_PRESS)
        return false; /* the wheel (4, 5): int 33h 1.0 has none */
    else if (ev == TERMKEY_MOUSE_RELEASE && button >= 1 && button <= 3)
        d->buttons &= (uint8_t)~bit[button];
    else if (ev == TERMKEY_MOUSE_RELEASE && button == 0)
        d->buttons = 0; /* an X10 release (which button is not said), or SGR motion with
                           none held */
    o->mouse = true;
    o->line = line > 0 ? line - 1 : 0;
    o->col = col > 0 ? col - 1 : 0;
    o->buttons = d->buttons;
    return true;
}

enum keys_term_result keys_term_decoder_next(struct keys_term_decoder *d, bool force,
                                             struct keys_term_input *o)
{
    TermKeyKey k;
    TermKeyResult r = force ? termkey_getkey_force(d->tk, &k) : termkey_getkey(d->tk, &k);
    unsigned mods;

    memset(o, 0, sizeof(*o));
    if (r == TERMKEY_RES_AGAIN)
        return KEYS_TERM_AGAIN;
    if (r != TERMKEY_RES_KEY)
        return KEYS_TERM_NONE;
    mods = term_mods(k.modifiers);
    switch (k.type) {
    case TERMKEY_TYPE_UNICODE: term_char(o, k.code.codepoint, mods); break;
    case TERMKEY_TYPE_KEYSYM: {
        uint16_t key = term_sym_key(k.code.sym);
        if (key)
            term_tap(o, key, mods);
        break;
    }
    case TERMKEY_TYPE_FUNCTION:
        if (k.code.number >= 1 && k.code.number <= 12)
            term_tap(o, term_fkeys[k.code.number - 1], mods);
        break;
    case TERMKEY_TYPE_MOUSE: term_mouse(d, &k, o); break;
    case TERMKEY_TYPE_UNKNOWN_CSI: term_unknown_csi(d, &k, o); break;
    default: break; /* reports the terminal was not asked for */
    }
    return KEYS_TERM_KEY;
}

/* --- The terminal's modes ----------------------------------------------------- */

/* Keys, not lines: no echo (DOS echoes what it reads), no line editing, no flow
 * control or CR translation, so Ctrl+S, Ctrl+Q, Ctrl+V, Ctrl+Z, Ctrl+\ and Enter reach
 * the program as keys. Only Ctrl+C stays a signal: it ends hvdos (status 130), the way
 * out of a program that does not listen. read() never blocks (VMIN = VTIME = 0). */
static void term_raw(const struct termios *saved, struct termios *raw)
{
    *raw = *saved;
    raw->c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL | IEXTEN);
    raw->c_lflag |= ISIG;
    raw->c_iflag &= ~(tcflag_t)(IXON | IXOFF | ICRNL | INLCR | IGNCR | ISTRIP | INPCK);
    raw->c_cc[VQUIT] = _POSIX_VDISABLE;
    raw->c_cc[VSUSP] = _POSIX_VDISABLE;
#ifdef VDSUSP
    raw->c_cc[VDSUSP] = _POSIX_VDISABLE;
#endif
    raw->c_cc[VMIN] = 0;
    raw->c_cc[VTIME] = 0;
}

struct keys_term {
    struct machine *m;
    int fd;
    struct termios saved;
    struct keys_term_decoder *dec;
    struct keys_term_hooks hooks;
    const char *volatile leave; /* read by the SIGTSTP handler */
    volatile size_t leave_len;
    pthread_t thread;
    bool running;
    int stop[2];                /* a pipe: written to end the reader thread */
    _Atomic unsigned bios_keys; /* keys in the BIOS buffer, as the vCPU thread last saw */
};

/* The terminal whose modes a signal handler puts back. A handler has no argument, so
 * this is the process's (one terminal), not the machine's, state. */
static struct keys_term *volatile term_signal_owner;

static void term_apply_raw(struct keys_term *t)
{
    struct termios raw;

    term_raw(&t->saved, &raw);
    tcsetattr(t->fd, TCSANOW, &raw);
}

/* SIGTSTP (only another process sends it: Ctrl+Z is a key here): the frontend's
 * leaving bytes (the normal screen back), the modes back, stop; SIGCONT: raw again if
 * hvdos is in the foreground, and the frontend told. */
static void term_on_tstp(int sig)
{
    struct keys_term *t = term_signal_owner;
    int saved_errno = errno;

    (void)sig;
    if (t) {
        if (t->leave && write(t->fd, t->leave, t->leave_len) < 0) {
            /* nothing to be done in a signal handler */
        }
        tcsetattr(t->fd, TCSANOW, &t->saved);
    }
    kill(getpid(), SIGSTOP);
    errno = saved_errno;
}

static void term_on_cont(int sig)
{
    struct keys_term *t = term_signal_owner;
    int saved_errno = errno;

    (void)sig;
    if (t && tcgetpgrp(t->fd) == getpgrp()) {
        term_apply_raw(t);
        if (t->hooks.resumed)
            atomic_fetch_add(t->hooks.resumed, 1);
    }
    errno = saved_errno;
}

/* A crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE) or an abort (a broken invariant): the
 * terminal back as it was, then the signal's previous action (the default, or a
 * sanitizer's report) takes over. */
static const int term_fatal[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
static struct sigaction term_fatal_old[sizeof(term_fatal) / sizeof(term_fatal[0])];

static void term_on_fatal(int sig)
{
    struct keys_term *t = term_signal_owner;

    if (t) {
        if (t->leave && write(t->fd, t->leave, t->leave_len) < 0) {
            /* nothing to be done in a signal handler */
        }
        tcsetattr(t->fd, TCSANOW, &t->saved);
    }
    for (size_t i = 0; i < sizeof(term_fatal) / sizeof(term_fatal[0]); i++)
        if (term_fatal[i] == sig)
            sigaction(sig, &term_fatal_old[i], NULL);
    raise(sig); /* delivered once this returns (a fault would come again anyway) */
}

/* --- The reader thread ------------------------------------------------------------ */

/* Waits up to ms for the stop pipe; true if hvdos is stopping. */
static bool term_sleep(struct keys_term *t, int ms)
{
    struct pollfd p = {.fd = t->stop[0], .events = POLLIN};

    return poll(&p, 1, ms) > 0;
}

/* Types one key's scancodes, holding back while the program lets the BIOS buffer
 * fill (a paste into a slow program loses nothing). False if hvdos is stopping. */
static bool term_type(struct keys_term *t, const uint8_t *codes, size_t n)
{
    while (atomic_load(&t->bios_keys) >= TERM_BUFFERED) {
        machine_kick(t->m); /* the vCPU thread's poller refreshes the count */
        if (term_sleep(t, TERM_RETRY_MS))
            return false;
    }
    for (size_t i = 0; i < n; i++) {
        struct input_event ev = {.type = INPUT_SCANCODE, .code = codes[i]};
        while (!machine_input_push(t->m, ev))
            if (term_sleep(t, TERM_RETRY_MS))
                return false;
    }
    /* The count is the vCPU thread's to refresh: assume this key is waiting. */
    atomic_fetch_add(&t->bios_keys, 1);
    return true;
}

/* The keys (and mouse reports) complete so far; `force` after the Esc time: what is
 * waiting is a lone Esc or Alt+something cut short. False if hvdos is stopping. */
static bool term_drain(struct keys_term *t, bool force, bool *pending)
{
    struct keys_term_input in;
    enum keys_term_result r;
    bool typed = false;

    while ((r = keys_term_decoder_next(t->dec, force, &in)) == KEYS_TERM_KEY) {
        if (in.mouse) {
            struct input_event ev;
            if (t->hooks.mouse && t->hooks.mouse(t->hooks.ctx, in.line, in.col, in.buttons, &ev))
                while (!machine_input_push(t->m, ev))
                    if (term_sleep(t, TERM_RETRY_MS))
                        return false;
            continue;
        }
        if (!in.ncodes)
            continue; /* a sequence that is no key */
        if (typed && term_sleep(t, TERM_GAP_MS))
            return false;
        if (!term_type(t, in.codes, in.ncodes))
            return false;
        typed = true;
    }
    *pending = r == KEYS_TERM_AGAIN;
    return true;
}

static void *term_thread(void *arg)
{
    struct keys_term *t = arg;
    bool pending = false;

    for (;;) {
        struct pollfd p[2] = {{.fd = t->fd, .events = POLLIN},
                              {.fd = t->stop[0], .events = POLLIN}};
        int n = poll(p, 2, pending ? TERM_ESC_MS : -1);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || p[1].revents)
            break;
        if (n == 0) { /* the Esc time passed with a sequence unfinished */
            if (!term_drain(t, true, &pending))
                break;
            continue;
        }
        if (p[0].revents & POLLIN) {
            uint8_t buf[256];
            size_t room = keys_term_decoder_room(t->dec);
            ssize_t r = read(t->fd, buf, room < sizeof(buf) ? room : sizeof(buf));
            if (r > 0)
                keys_term_decoder_push(t->dec, buf, (size_t)r);
        } else if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
            break; /* the terminal went away: no more keys */
        }
        /* A full buffer cannot wait for the rest of a sequence. */
        if (!term_drain(t, keys_term_decoder_room(t->dec) == 0, &pending))
            break;
    }
    return NULL;
}

/* vCPU thread, after every kick: how full the BIOS buffer is, for the reader. */
static void term_poll(struct machine *m, void *ctx)
{
    struct keys_term *t = ctx;

    atomic_store(&t->bios_keys, bios_kbd_count(m));
}

int keys_term_start(struct machine *m, int fd, const struct keys_term_hooks *hooks,
                    struct keys_term **out, char *err, size_t errlen)
{
    struct keys_term *t = calloc(1, sizeof(*t));
    struct sigaction tstp = {.sa_handler = term_on_tstp}, cont = {.sa_handler = term_on_cont};
    sigset_t all, old;
    int rc;

    *out = NULL;
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    t->m = m;
    t->fd = fd;
    if (hooks)
        t->hooks = *hooks;
    t->dec = keys_term_decoder_new(getenv("TERM"));
    if (!t->dec) {
        snprintf(err, errlen, "cannot use the terminal as a keyboard: libtermkey failed");
        free(t);
        return -1;
    }
    if (tcgetattr(fd, &t->saved) || pipe(t->stop)) {
        snprintf(err, errlen, "cannot use the terminal as a keyboard: %s", strerror(errno));
        keys_term_decoder_free(t->dec);
        free(t);
        return -1;
    }
    machine_poller_add(m, term_poll, t);
    term_apply_raw(t);
    term_signal_owner = t;
    sigaction(SIGTSTP, &tstp, NULL);
    sigaction(SIGCONT, &cont, NULL);
    for (size_t i = 0; i < sizeof(term_fatal) / sizeof(term_fatal[0]); i++) {
        struct sigaction fatal = {.sa_handler = term_on_fatal};
        sigaction(term_fatal[i], &fatal, &term_fatal_old[i]);
    }
    /* Signals stay with the main thread (SIGINT, the vCPU's kicks): the reader takes
     * none. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(&t->thread, NULL, term_thread, t);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
        *out = t;
        keys_term_stop(t);
        snprintf(err, errlen, "cannot start the terminal keyboard: %s", strerror(rc));
        return -1;
    }
    t->running = true;
    *out = t;
    return 0;
}

void keys_term_set_leave(struct keys_term *t, const char *bytes, size_t len)
{
    t->leave = NULL;
    t->leave_len = len;
    t->leave = bytes;
}

void keys_term_stop(struct keys_term *t)
{
    struct sigaction dfl = {.sa_handler = SIG_DFL};

    if (!t)
        return;
    if (t->running) {
        if (write(t->stop[1], "", 1) < 0) {
            /* a pipe with room: cannot fail */
        }
        pthread_join(t->thread, NULL);
    }
    sigaction(SIGTSTP, &dfl, NULL);
    sigaction(SIGCONT, &dfl, NULL);
    for (size_t i = 0; i < sizeof(term_fatal) / sizeof(term_fatal[0]); i++)
        sigaction(term_fatal[i], &term_fatal_old[i], NULL);
    term_signal_owner = NULL;
    tcsetattr(t->fd, TCSANOW, &t->saved);
    close(t->stop[0]);
    close(t->stop[1]);
    keys_term_decoder_free(t->dec);
    /* The machine's poller keeps its pointer, but the machine no longer runs. */
    free(t);
}
