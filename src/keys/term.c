/* The terminal as a keyboard (headless, stdin a terminal): raw-ish terminal modes, a
 * reader thread that turns bytes and escape sequences into set-1 scancodes for the
 * keyboard controller through the machine's input ring, and the modes put back. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "bios/bios.h"
#include "keys/keys.h"
#include "machine/machine.h"

#define TERM_ESC_MS   50 /* a lone Esc: no more bytes of a sequence within this */
#define TERM_GAP_MS   8  /* between keys typed in a burst (a paste) */
#define TERM_RETRY_MS 20 /* the BIOS buffer is filling: look again */
#define TERM_BUFFERED 8  /* keys in the BIOS buffer before typing holds back */
#define TERM_MAX_SEQ  32 /* a longer escape sequence is garbage */

struct keys_term {
    struct machine *m;
    int fd;
    struct termios saved;
    pthread_t thread;
    bool running;
    int stop[2];                /* a pipe: written to end the reader thread */
    _Atomic unsigned bios_keys; /* keys in the BIOS buffer, as the vCPU thread last saw */
};

/* The terminal whose modes a signal handler puts back. A handler has no argument, so
 * this is the process's (one terminal), not the machine's, state. */
static struct keys_term *volatile term_signal_owner;

static const uint16_t term_mod_keys[3] = {0x2A, 0x1D, 0x38}; /* Shift, Ctrl, Alt */

struct term_out {
    uint8_t *codes;
    size_t n;
};

static void term_code(struct term_out *o, uint16_t key, bool release)
{
    if (o->n + 2 > KEYS_TERM_MAX_CODES)
        return;
    if (key & KEYS_EXT)
        o->codes[o->n++] = 0xE0;
    o->codes[o->n++] = (uint8_t)((key & 0x7F) | (release ? 0x80 : 0));
}

/* A key pressed and released inside the modifiers it needs. */
static void term_tap(struct term_out *o, uint16_t key, unsigned mods)
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
static void term_alt_keypad(struct term_out *o, unsigned c)
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

/* One ASCII byte (not Esc) as a key with extra modifiers (Alt from an Esc prefix). */
static void term_ascii(struct term_out *o, uint8_t c, unsigned mods)
{
    uint16_t key;
    unsigned cmods = 0;

    switch (c) {
    case 0x00:
        key = 0x03;
        cmods = KEYS_MOD_CTRL;
        break; /* Ctrl+2 (Ctrl+@) */
    case 0x08:
        key = 0x23;
        cmods = KEYS_MOD_CTRL;
        break; /* Ctrl+H; Backspace is 7Fh */
    case 0x0A:
        key = 0x24;
        cmods = KEYS_MOD_CTRL;
        break; /* Ctrl+J; Enter is 0Dh */
    case 0x1C:
        key = 0x2B;
        cmods = KEYS_MOD_CTRL;
        break; /* Ctrl+\ */
    case 0x1D:
        key = 0x1B;
        cmods = KEYS_MOD_CTRL;
        break; /* Ctrl+] */
    case 0x1E:
        key = 0x07;
        cmods = KEYS_MOD_CTRL;
        break; /* Ctrl+6 (Ctrl+^) */
    case 0x1F:
        key = 0x0C;
        cmods = KEYS_MOD_CTRL;
        break; /* Ctrl+- (Ctrl+_) */
    default:
        if (!keys_from_char(c, &key, &cmods))
            return;
    }
    term_tap(o, key, mods | cmods);
}

/* Modifiers from an xterm parameter: 1 + Shift 1, Alt 2, Ctrl 4, Meta 8 (as Alt). */
static unsigned term_mods(unsigned p)
{
    unsigned b = p > 1 ? p - 1 : 0, mods = 0;

    if (b & 1)
        mods |= KEYS_MOD_SHIFT;
    if (b & 10)
        mods |= KEYS_MOD_ALT;
    if (b & 4)
        mods |= KEYS_MOD_CTRL;
    return mods;
}

/* The key a letter ends a CSI or SS3 sequence with: arrows, Home/End, F1-F4, the
 * keypad's 5. 0 if none. */
static uint16_t term_final_key(uint8_t f)
{
    switch (f) {
    case 'A': return KEYS_EXT | 0x48;
    case 'B': return KEYS_EXT | 0x50;
    case 'C': return KEYS_EXT | 0x4D;
    case 'D': return KEYS_EXT | 0x4B;
    case 'H': return KEYS_EXT | 0x47;
    case 'F': return KEYS_EXT | 0x4F;
    case 'E':
    case 'G': return 0x4C;
    case 'M': return KEYS_EXT | 0x1C; /* keypad Enter (SS3) */
    case 'P': return 0x3B;
    case 'Q': return 0x3C;
    case 'R': return 0x3D;
    case 'S': return 0x3E;
    default: return 0;
    }
}

/* The key of a vt220 "CSI n ~" sequence. */
static uint16_t term_tilde_key(unsigned n)
{
    static const uint16_t fkeys[] = {
        [11] = 0x3B, [12] = 0x3C, [13] = 0x3D, [14] = 0x3E, [15] = 0x3F, [17] = 0x40,
        [18] = 0x41, [19] = 0x42, [20] = 0x43, [21] = 0x44, [23] = 0x57, [24] = 0x58,
    };

    switch (n) {
    case 1:
    case 7: return KEYS_EXT | 0x47; /* Home */
    case 2: return KEYS_EXT | 0x52; /* Ins */
    case 3: return KEYS_EXT | 0x53; /* Del */
    case 4:
    case 8: return KEYS_EXT | 0x4F; /* End */
    case 5: return KEYS_EXT | 0x49; /* PgUp */
    case 6: return KEYS_EXT | 0x51; /* PgDn */
    default: return n < sizeof(fkeys) / sizeof(fkeys[0]) ? fkeys[n] : 0;
    }
}

/* A sequence after ESC [ (CSI) or ESC O (SS3), from in[2]. Returns its length in
 * bytes, 0 if it is not complete yet. */
static size_t term_sequence(const uint8_t *in, size_t len, struct term_out *o, unsigned mods)
{
    unsigned p[4] = {0}, np = 0;
    size_t i = 2;
    bool ss3 = in[1] == 'O';
    uint16_t key;

    if (!ss3 && len > 2 && in[2] == '[') { /* Linux console: ESC [ [ A-E is F1-F5 */
        if (len < 4)
            return 0;
        if (in[3] >= 'A' && in[3] <= 'E')
            term_tap(o, (uint16_t)(0x3B + in[3] - 'A'), mods);
        return 4;
    }
    for (; i < len && i < TERM_MAX_SEQ; i++) {
        uint8_t c = in[i];
        if (c >= '0' && c <= '9') {
            if (np == 0)
                np = 1;
            p[np - 1] = p[np - 1] * 10 + (c - '0');
            if (p[np - 1] > 1000)
                p[np - 1] = 1000;
        } else if (c == ';') {
            np = np < 4 ? np + 1 : np;
            if (np == 1)
                np = 2; /* ";5A": an empty first parameter */
        } else if (c >= 0x20 && c <= 0x3F) {
            continue; /* private markers */
        } else {
            break;
        }
    }
    if (i >= TERM_MAX_SEQ) { /* garbage: dropped up to its final byte, if it is here */
        while (i < len && in[i] >= 0x20 && in[i] <= 0x3F)
            i++;
        return i < len ? i + 1 : len;
    }
    if (i >= len)
        return 0;
    /* xterm's modifiers are the second parameter; old SS3 forms put them first. */
    mods |= term_mods(np >= 2 ? p[1] : ss3 && np == 1 ? p[0] : 0);
    switch (in[i]) {
    case '~':
    case '^': /* rxvt: Ctrl */
    case '$': /* rxvt: Shift */
        key = term_tilde_key(p[0]);
        if (in[i] == '^')
            mods |= KEYS_MOD_CTRL;
        if (in[i] == '$')
            mods |= KEYS_MOD_SHIFT;
        break;
    case 'Z': /* back tab */
        key = 0x0F;
        mods |= KEYS_MOD_SHIFT;
        break;
    case 'a':
    case 'b':
    case 'c':
    case 'd': /* rxvt: Shift+arrow (CSI), Ctrl+arrow (SS3) */
        key = term_final_key((uint8_t)(in[i] - 'a' + 'A'));
        mods |= ss3 ? KEYS_MOD_CTRL : KEYS_MOD_SHIFT;
        break;
    default: key = term_final_key(in[i]); break;
    }
    if (key)
        term_tap(o, key, mods);
    return i + 1;
}

/* A UTF-8 character from in[0]: its length, 0 if not complete yet; -1 in *cp if it
 * is not valid. */
static size_t term_utf8(const uint8_t *in, size_t len, long *cp)
{
    size_t need;
    long v;

    if ((in[0] & 0xE0) == 0xC0) {
        need = 2;
        v = in[0] & 0x1F;
    } else if ((in[0] & 0xF0) == 0xE0) {
        need = 3;
        v = in[0] & 0x0F;
    } else if ((in[0] & 0xF8) == 0xF0) {
        need = 4;
        v = in[0] & 0x07;
    } else {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if (i >= len)
            return 0;
        if ((in[i] & 0xC0) != 0x80) {
            *cp = -1;
            return i;
        }
        v = v << 6 | (in[i] & 0x3F);
    }
    *cp = v;
    return need;
}

static void term_unicode(struct term_out *o, long cp)
{
    if (cp <= 0 || cp > 0xFFFF)
        return;
    for (unsigned c = 0x80; c < 256; c++)
        if (cp437_to_unicode((uint8_t)c) == cp) {
            term_alt_keypad(o, c);
            return;
        }
}

size_t keys_term_decode(const uint8_t *in, size_t len, bool flush, uint8_t out[KEYS_TERM_MAX_CODES],
                        size_t *nout)
{
    struct term_out o = {out, 0};
    size_t used;
    long cp;

    *nout = 0;
    if (!len)
        return 0;
    if (in[0] == 0x1B) {
        if (len == 1) {
            if (!flush)
                return 0;
            term_tap(&o, 0x01, 0);
            used = 1;
        } else if (in[1] == '[' || in[1] == 'O') {
            used = len > 2 ? term_sequence(in, len, &o, 0) : 0;
            if (!used && flush) { /* a sequence cut short: it was Alt+[ or Alt+O */
                term_ascii(&o, in[1], KEYS_MOD_ALT);
                used = 2;
            }
        } else if (in[1] == 0x1B) {
            term_tap(&o, 0x01, 0); /* Esc, then whatever the second one starts */
            used = 1;
        } else if (in[1] < 0x80) {
            term_ascii(&o, in[1], KEYS_MOD_ALT); /* Meta sends Esc first */
            used = 2;
        } else {
            term_tap(&o, 0x01, 0);
            used = 1;
        }
    } else if (in[0] < 0x80) {
        term_ascii(&o, in[0], 0);
        used = 1;
    } else {
        used = term_utf8(in, len, &cp);
        if (!used && flush)
            used = len; /* a character cut short at the end: dropped */
        else if (used && cp >= 0)
            term_unicode(&o, cp);
    }
    *nout = o.n;
    return used;
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

static void term_apply_raw(struct keys_term *t)
{
    struct termios raw;

    term_raw(&t->saved, &raw);
    tcsetattr(t->fd, TCSANOW, &raw);
}

/* SIGTSTP (only another process sends it: Ctrl+Z is a key here): put the terminal
 * back, stop; SIGCONT: raw again if hvdos is in the foreground. */
static void term_on_tstp(int sig)
{
    struct keys_term *t = term_signal_owner;
    int saved_errno = errno;

    (void)sig;
    if (t)
        tcsetattr(t->fd, TCSANOW, &t->saved);
    kill(getpid(), SIGSTOP);
    errno = saved_errno;
}

static void term_on_cont(int sig)
{
    struct keys_term *t = term_signal_owner;
    int saved_errno = errno;

    (void)sig;
    if (t && tcgetpgrp(t->fd) == getpgrp())
        term_apply_raw(t);
    errno = saved_errno;
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

static void *term_thread(void *arg)
{
    struct keys_term *t = arg;
    uint8_t buf[256];
    size_t len = 0;

    for (;;) {
        struct pollfd p[2] = {{.fd = t->fd, .events = POLLIN},
                              {.fd = t->stop[0], .events = POLLIN}};
        int n = poll(p, 2, len ? TERM_ESC_MS : -1);
        bool flush = n == 0, typed = false;
        size_t off = 0;

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || p[1].revents)
            break;
        if (p[0].revents & POLLIN) {
            ssize_t r = read(t->fd, buf + len, sizeof(buf) - len);
            if (r > 0)
                len += (size_t)r;
        } else if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
            break; /* the terminal went away: no more keys */
        }
        if (len == sizeof(buf))
            flush = true;
        while (off < len) {
            uint8_t codes[KEYS_TERM_MAX_CODES];
            size_t nc, used = keys_term_decode(buf + off, len - off, flush, codes, &nc);
            if (!used)
                break;
            if (typed && term_sleep(t, TERM_GAP_MS))
                return NULL;
            if (nc && !term_type(t, codes, nc))
                return NULL;
            typed = nc > 0;
            off += used;
        }
        memmove(buf, buf + off, len - off);
        len -= off;
    }
    return NULL;
}

/* vCPU thread, after every kick: how full the BIOS buffer is, for the reader. */
static void term_poll(struct machine *m, void *ctx)
{
    struct keys_term *t = ctx;

    atomic_store(&t->bios_keys, bios_kbd_count(m));
}

int keys_term_start(struct machine *m, int fd, struct keys_term **out, char *err, size_t errlen)
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
    if (tcgetattr(fd, &t->saved) || pipe(t->stop)) {
        snprintf(err, errlen, "cannot use the terminal as a keyboard: %s", strerror(errno));
        free(t);
        return -1;
    }
    machine_poller_add(m, term_poll, t);
    term_apply_raw(t);
    term_signal_owner = t;
    sigaction(SIGTSTP, &tstp, NULL);
    sigaction(SIGCONT, &cont, NULL);
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
    term_signal_owner = NULL;
    tcsetattr(t->fd, TCSANOW, &t->saved);
    close(t->stop[0]);
    close(t->stop[1]);
    /* The machine's poller keeps its pointer, but the machine no longer runs. */
    free(t);
}
