"""The terminal as a keyboard: hvdos --headless in a pseudo-terminal, keys typed there
(text, escape sequences of xterm and the vt220, Alt as an Esc prefix, control
characters, UTF-8) reach the program as a PC keyboard's keys, DOS reads them on
handle 0, and the terminal's modes are put back on every way out."""
import fcntl
import os
import pty
import select
import shutil
import signal
import subprocess
import termios
import time

from guest import Suite

s = Suite()


class Pty:
    """hvdos on the slave side of a new pseudo-terminal (its controlling terminal,
    hvdos in the foreground), the test on the master side."""

    def __init__(self, t, prog, options=(), args=(), term='xterm-256color'):
        self.master, self.slave = pty.openpty()
        self.before = termios.tcgetattr(self.slave)
        cmd = [s.hvdos, '--headless', '--cpu=' + s.cpu] + list(options)
        if prog:
            shutil.copyfile(t.prog(prog), t.path(prog.upper()))
            cmd.append(prog.upper())
        cmd += list(args)
        slave = self.slave

        def controlling_terminal():
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

        env = dict(os.environ, TERM=term)
        self.p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                                  cwd=t.drive, env=env, preexec_fn=controlling_terminal)
        self.out = b''

    def modes(self):
        return termios.tcgetattr(self.slave)

    def wait_raw(self, timeout=20):
        """Until hvdos has put the terminal into its modes: typing before that would
        meet the line discipline's echo and line editing."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.modes()[3] & termios.ICANON:
                return
            self.read(0.02)
        raise AssertionError('the terminal never left canonical mode')

    def read(self, wait):
        end = time.monotonic() + wait
        while True:
            left = end - time.monotonic()
            r, _, _ = select.select([self.master], [], [], max(left, 0))
            if not r:
                return
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            if not data:
                return
            self.out += data

    def type(self, *chunks, gap=0.15):
        """Each chunk arrives at once (a key's whole escape sequence), then a pause."""
        for c in chunks:
            os.write(self.master, c if isinstance(c, bytes) else c.encode())
            self.read(gap)

    def finish(self, timeout=30):
        end = time.monotonic() + timeout
        while self.p.poll() is None and time.monotonic() < end:
            self.read(0.05)
        if self.p.poll() is None:
            self.p.kill()
        status = self.p.wait()
        self.read(0.1)
        self.err = self.p.stderr.read()
        self.after = termios.tcgetattr(self.slave)
        os.close(self.master)
        os.close(self.slave)
        return status

    def text(self):
        return self.out.decode('utf-8', errors='replace')


def codes_line(text, n):
    """The n-th line of key codes int16_keys prints (after the terminal's echo of
    nothing: hvdos turns echo off)."""
    lines = [line.strip() for line in text.replace('\r', '').split('\n') if line.strip()]
    return lines[n]


@s.test
def terminal_keys_and_escape_sequences_give_the_bios_codes(t):
    term = Pty(t, 'int16_keys.com')
    term.wait_raw()
    t.check(not term.modes()[3] & termios.ECHO, 'echo off while hvdos runs')
    t.check(term.modes()[3] & termios.ISIG, 'Ctrl+C still a signal')
    # Text, arrows, Home/End/PgUp/PgDn/Ins/Del in vt220 and xterm forms, F-keys in
    # SS3 and CSI forms, xterm modifiers, Alt as an Esc prefix, control characters.
    term.type('a', 'Z', '\x1b[A', '\x1b[D', '\x1bOH', '\x1b[4~', '\x1b[5~', '\x1b[6~',
              '\x1b[2~', '\x1b[3~', '\x1bOP', '\x1bOS', '\x1b[15~', '\x1b[24~', '\x1b[11~',
              '\x1b[1;5D', '\x1b[1;2P', '\x1b[5;5~', '\x1bx', '\x1b\x7f', '\x01', '\x1a',
              '\x7f', '\t', '\x1b[Z', '\r', '\x1c')
    term.type('\x1b', gap=0.4)  # a lone Esc: nothing follows within the timeout
    term.type('q', b'\xc3\xa9', b'\xe2\x96\x91', '\x1b', gap=0.4)
    status = term.finish()
    t.eq(status, 0, 'exit status (stderr %r)' % term.err)
    t.eq(codes_line(term.text(), 0),
         '1E61 2C5A 48E0 4BE0 47E0 4FE0 49E0 51E0 52E0 53E0 3B00 3E00 3F00 8600 3B00 '
         '73E0 5400 84E0 2D00 0E00 1E01 2C1A 0E08 0F09 0F00 1C0D 2B1C 011B')
    # Function 00h: q, then e acute (82h) and the light shade (B0h) typed as Alt+keypad.
    t.eq(codes_line(term.text(), 1), '1071 0082 00B0 011B')
    t.eq(term.after, term.before, 'terminal modes after the run')


@s.test
def ctrl_c_in_the_terminal_ends_the_run_with_130_and_restores_it(t):
    term = Pty(t, 'idle_wait.com')
    term.wait_raw()
    term.type('\x03', gap=0.3)
    status = term.finish()
    t.eq(status, 130, 'exit status')
    t.eq(term.after, term.before, 'terminal modes after Ctrl+C')


@s.test
def sigterm_restores_the_terminal(t):
    term = Pty(t, 'idle_wait.com')
    term.wait_raw()
    term.p.send_signal(signal.SIGTERM)
    term.finish()
    t.eq(term.after, term.before, 'terminal modes after SIGTERM')


@s.test
def a_stopped_hvdos_gives_the_terminal_back_and_takes_it_again_when_continued(t):
    term = Pty(t, 'idle_wait.com')
    term.wait_raw()
    raw = term.modes()
    term.p.send_signal(signal.SIGTSTP)
    term.read(0.5)
    t.eq(term.modes(), term.before, 'terminal modes while stopped')
    term.p.send_signal(signal.SIGCONT)
    term.read(0.5)
    t.eq(term.modes(), raw, 'terminal modes after SIGCONT')
    term.type('q', gap=0.3)
    t.eq(term.finish(), 0, 'exit status')
    t.check('key=1071' in term.text(), 'the key after SIGCONT: %r' % term.text())
    t.eq(term.after, term.before, 'terminal modes after the run')


@s.test
def dos_reads_handle_0_from_the_terminals_keys(t):
    # stdin_upper reads handle 0: the console gives it lines as DOS edits them (the
    # backspace takes the x back) and echoes them; a line starting with Ctrl+Z is the
    # end of file (the rest of that line is dropped, as MS-DOS does).
    term = Pty(t, 'stdin_upper.com')
    term.wait_raw()
    term.type('hellx', '\x7f', 'o world\r', gap=0.2)
    term.type('\x1a', 'zz\r', gap=0.3)
    status = term.finish()
    t.eq(status, 0, 'exit status (stderr %r)' % term.err)
    t.check('HELLO WORLD' in term.text(), 'upper-cased line in %r' % term.text())
    t.check('13 bytes' in term.text(), 'the line and its CR LF, nothing of the ^Z line: %r'
            % term.text())
    t.check('hellx\b \bo world' in term.text(), "DOS's echo of the line in %r" % term.text())
    t.eq(term.after, term.before, 'terminal modes after the run')


@s.test
def demo_echoes_terminal_keys_until_esc(t):
    term = Pty(t, None, options=['--demo'])
    term.wait_raw()
    term.type('h', 'i', gap=0.2)
    term.type('\x1b', gap=0.4)
    status = term.finish()
    t.eq(status, 0, 'exit status (stderr %r)' % term.err)
    t.check('hi' in term.text().replace('\r', '').replace('\n', ''), 'echo in %r' % term.text())
    t.eq(term.after, term.before, 'terminal modes after the demo')


s.main()
