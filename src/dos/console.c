/* The console: CON output to the screen (and, headless, to the host's terminal or
 * stdout), character input from standard input, and DOS line editing. Input that is
 * not there yet sends the guest to wait; the call is repeated when input may have come. */
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "bios/bda.h"
#include "bios/bios.h"
#include "dos/dos.h"
#include "dos/files.h"

#define CTRL_Z  0x1A
#define CON_EOF (-3) /* the end of a file behind standard input */

static void con_host_write(struct machine *m, int fd, const uint8_t *buf, size_t len)
{
    char out[4096];
    size_t n = 0;

    if (!isatty(fd)) {
        /* A pipe or a file gets the program's bytes as they are. */
        while (len) {
            ssize_t w = write(fd, buf, len);
            if (w <= 0)
                return;
            buf += w;
            len -= (size_t)w;
        }
        return;
    }
    /* A terminal gets CP437 shown as UTF-8. */
    for (size_t i = 0; i < len; i++) {
        uint8_t c = buf[i];
        if (n > sizeof(out) - 4) {
            if (write(fd, out, n) < 0)
                return;
            n = 0;
        }
        if (c < 0x20 || c == 0x7F)
            out[n++] = (char)c;
        else
            n += (size_t)utf8_encode(cp437_to_unicode(c), out + n);
    }
    if (n && write(fd, out, n) < 0)
        return;
}

void dos_con_write(struct machine *m, const uint8_t *buf, size_t len, bool to_stderr)
{
    uint8_t page = bda_read8(m, BDA_VIDEO_PAGE);

    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\t') {
            uint8_t row, col;
            do {
                video_tty_out(m, page, ' ');
                video_get_cursor(m, page, &row, &col);
            } while (col % 8);
        } else {
            video_tty_out(m, page, buf[i]);
        }
    }
    if (m->cfg->headless)
        con_host_write(m, to_stderr ? 2 : 1, buf, len);
}

/* Writes to standard output (handle 1), whatever it is now: echo goes where DOS
 * would send it. */
void dos_stdout_write(struct machine *m, const char *s, size_t len)
{
    int idx = dos_handle_to_sft(m, 1);
    uint16_t done;

    if (idx >= 0)
        dos_sft_write(m, idx, (const uint8_t *)s, (uint16_t)len, &done);
}

/* One character from the keyboard: an extended key gives 0 now and its scancode at the
 * next call, as DOS does. -1: the guest waits. */
static int con_key_char(struct machine *m, struct cpu_regs *r)
{
    struct dos_con *con = &m->dos->con;
    uint16_t key;

    if (con->pending >= 0) {
        int c = con->pending;
        con->pending = -1;
        return c;
    }
    if (!bios_kbd_get(m, true, true, &key)) {
        bios_kbd_wait(m, r);
        return -1;
    }
    if ((key & 0xFF) == 0 || ((key & 0xFF) == 0xE0 && (key >> 8))) {
        con->pending = key >> 8;
        return 0;
    }
    return key & 0xFF;
}

/* One byte from a host stream or file behind standard input; CON_EOF at its end. */
static int con_stream_char(struct machine *m, struct cpu_regs *r, int idx, bool wait)
{
    struct dos_file *f = &m->dos->files[idx];
    uint32_t sft = dos_sft_addr(idx);
    uint8_t c;
    ssize_t n;

    if (f->stream) {
        struct pollfd pfd = {.fd = f->fd, .events = POLLIN};
        if (poll(&pfd, 1, 0) == 0) {
            if (!wait)
                return -2;
            machine_wait_event(m, r, f->fd);
            return -1;
        }
        n = read(f->fd, &c, 1);
    } else {
        uint32_t pos = mem_rd32(&m->mem, sft + SFT_POS);
        n = pread(f->fd, &c, 1, pos);
        if (n == 1)
            mem_wr32(&m->mem, sft + SFT_POS, pos + 1);
    }
    return n == 1 ? c : CON_EOF;
}

/* One character from standard input; wait=false returns -2 instead of waiting;
 * CON_EOF at the end of a file. */
static int con_stdin_char(struct machine *m, struct cpu_regs *r, bool wait)
{
    int idx = dos_handle_to_sft(m, 0);

    if (idx < 0)
        return CON_EOF;
    switch (dos_file_reads_keyboard(&m->dos->files[idx]) ? DOS_FILE_CON : m->dos->files[idx].kind) {
    case DOS_FILE_CON:
        if (!wait) {
            uint16_t key;
            if (m->dos->con.pending < 0 && !bios_kbd_get(m, false, true, &key))
                return -2;
        }
        return con_key_char(m, r);
    case DOS_FILE_HOST: return con_stream_char(m, r, idx, wait);
    default: return CON_EOF;
    }
}

/* The same as DOS's character functions see it: ^Z at the end of a file. */
static int dos_stdin_char(struct machine *m, struct cpu_regs *r, bool wait)
{
    int c = con_stdin_char(m, r, wait);

    return c == CON_EOF ? CTRL_Z : c;
}

int dos_stdin_read_char(struct machine *m, struct cpu_regs *r)
{
    return dos_stdin_char(m, r, true);
}

int dos_stdin_poll_char(struct machine *m, struct cpu_regs *r)
{
    return dos_stdin_char(m, r, false);
}

bool dos_stdin_ready(struct machine *m)
{
    int idx = dos_handle_to_sft(m, 0);
    struct dos_file *f;

    if (idx < 0)
        return false;
    f = &m->dos->files[idx];
    if (dos_file_reads_keyboard(f)) {
        uint16_t key;
        return m->dos->con.pending >= 0 || bios_kbd_get(m, false, true, &key);
    }
    if (f->kind == DOS_FILE_HOST && f->stream) {
        struct pollfd pfd = {.fd = f->fd, .events = POLLIN};
        return poll(&pfd, 1, 0) > 0;
    }
    if (f->kind == DOS_FILE_HOST) {
        uint32_t sft = dos_sft_addr(idx);
        return mem_rd32(&m->mem, sft + SFT_POS) < mem_rd32(&m->mem, sft + SFT_SIZE);
    }
    return false;
}

/* Echoes a character of a line being read as DOS's BUFOUT does: a control character
 * other than a tab (and ^T, ^U, which code page 437 shows as symbols) as ^ and its
 * letter. */
static void con_echo(struct machine *m, uint8_t c)
{
    char out[2] = {'^', (char)(c | 0x40)};

    if (c < 0x20 && c != '\t' && c != 0x14 && c != 0x15)
        dos_stdout_write(m, out, 2);
    else
        dos_stdout_write(m, (const char *)&c, 1);
}

/* The DOS line editor over a character source. Returns 1 when the line is complete
 * (in con->line, con->len), 0 when the guest waits, -1 when a ^C typed at the
 * console ended it (the ^C sequence has started: the caller leaves the registers
 * alone). `from_kbd` reads the keyboard, otherwise standard input; `max` counts the
 * CR. */
static int con_edit_line(struct machine *m, struct cpu_regs *r, size_t max, bool from_kbd)
{
    struct dos_con *con = &m->dos->con;
    int idx = dos_handle_to_sft(m, 0);
    bool keyboard = from_kbd || (idx >= 0 && dos_file_reads_keyboard(&m->dos->files[idx]));

    if (!con->editing) {
        con->editing = true;
        con->len = 0;
    }
    for (;;) {
        int c = from_kbd ? con_key_char(m, r) : con_stdin_char(m, r, true);
        if (c == CON_EOF) {
            /* At the end of a file DOS's console input gives ^Z, which its line
             * editor stores like any character, until the line is full, and then
             * waits for a CR forever. The line ends with one ^Z instead: what the
             * program sees of it is what DOS would give. */
            if (con->len + 1 < max) {
                con->line[con->len++] = CTRL_Z;
                con_echo(m, CTRL_Z);
            }
            con->last_cr = false;
            con->editing = false;
            return 1;
        }
        if (c < 0)
            return 0;
        if (c == 0) {
            /* Extended keys (F1-F10 template editing) are not supported: drop it. */
            if (from_kbd)
                con_key_char(m, r);
            else
                dos_stdin_read_char(m, r);
            continue;
        }
        if (c == 0x03 && keyboard) {
            con->editing = false;
            dos_ctrlc(m, r);
            return -1;
        }
        if (c == '\n' && con->last_cr) {
            con->last_cr = false;
            continue; /* the LF of a CR LF pair from a file */
        }
        con->last_cr = c == '\r';
        /* A ^Z read from a file is a character of the line, as in DOS (a line of
         * ^Z ends EDLIN's insert mode); only CR (or a Unix text's LF) ends it. */
        if (c == '\r' || c == '\n') {
            con->editing = false;
            return 1;
        }
        if (c == 8 || c == 0x7F) {
            if (con->len) {
                uint8_t gone = con->line[--con->len];
                bool caret = gone < 0x20 && gone != '\t' && gone != 0x14 && gone != 0x15;
                dos_stdout_write(m, "\b \b\b \b", caret ? 6 : 3);
            }
            continue;
        }
        if (con->len + 1 < max) {
            con->line[con->len++] = (uint8_t)c;
            con_echo(m, (uint8_t)c);
        }
    }
}

/* int 21h 0Ah: buffered input into DS:DX (max, count, characters, CR). */
bool dos_buffered_input(struct machine *m, struct cpu_regs *r)
{
    uint32_t buf = cpu_linear(r->ds, r->dx);
    uint8_t max = mem_rd8(&m->mem, buf);
    struct dos_con *con = &m->dos->con;

    if (!max)
        return true;
    if (con_edit_line(m, r, max, false) <= 0)
        return false;
    mem_wr8(&m->mem, buf + 1, (uint8_t)con->len);
    mem_write(&m->mem, buf + 2, con->line, con->len);
    mem_wr8(&m->mem, buf + 2 + con->len, '\r');
    dos_stdout_write(m, "\r", 1);
    return true;
}

int dos_con_read_line(struct machine *m, struct cpu_regs *r, uint8_t *buf, size_t max, size_t *got)
{
    struct dos_con *con = &m->dos->con;
    size_t n;

    if (con->cooked_pos >= con->cooked_len) {
        if (con_edit_line(m, r, 128, true) <= 0)
            return -1;
        dos_stdout_write(m, "\r\n", 2);
        if (con->len && con->line[0] == CTRL_Z) {
            /* A line that starts with ^Z is the console's end of file: the read
             * gets 0 bytes and the rest of the line is dropped (MS-DOS's READCON). */
            con->cooked_len = con->cooked_pos = 0;
            *got = 0;
            return 0;
        }
        memcpy(con->cooked, con->line, con->len);
        con->cooked_len = con->len;
        if (!con->len || con->line[con->len - 1] != CTRL_Z) {
            con->cooked[con->cooked_len++] = '\r';
            con->cooked[con->cooked_len++] = '\n';
        }
        con->cooked_pos = 0;
    }
    n = con->cooked_len - con->cooked_pos;
    if (n > max)
        n = max;
    memcpy(buf, con->cooked + con->cooked_pos, n);
    con->cooked_pos += n;
    *got = n;
    return 0;
}

int dos_con_read_raw(struct machine *m, struct cpu_regs *r, uint32_t buf, size_t max, size_t *got)
{
    struct dos_con *con = &m->dos->con;

    /* Binary mode: keys as they come, no echo, no editing, no ^C; the read ends when
     * it has them all (what was read stays in the guest's buffer while it waits). */
    while (con->raw_got < max) {
        int c = con_key_char(m, r);
        if (c < 0)
            return -1;
        mem_wr8(&m->mem, buf + con->raw_got++, (uint8_t)c);
    }
    *got = con->raw_got;
    con->raw_got = 0;
    return 0;
}

void dos_con_flush(struct machine *m)
{
    struct dos_con *con = &m->dos->con;
    uint16_t key;

    while (bios_kbd_get(m, true, true, &key))
        ;
    con->pending = -1;
    con->cooked_pos = con->cooked_len = 0;
    con->editing = false;
}
