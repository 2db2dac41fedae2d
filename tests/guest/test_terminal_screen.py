"""The terminal frontend (--frontend=terminal) in tmux: a full-screen program's screen as
the terminal shows it (tmux capture-pane) matches --dump-screen cell for cell, with the
colours the terminal's terminfo entry allows (16, 256, direct, 8 with bold); keys typed
in the terminal reach int 16h and an int 9 hook; SGR mouse reports reach int 33h; a
smaller terminal gets a notice and a view that follows the cursor, and a resize lays it
out again; the terminal comes back as it was when hvdos ends, is stopped or killed."""
import os
import re
import shlex
import shutil
import signal
import subprocess
import time

from guest import Suite

s = Suite()

# The nearest colour of xterm's 256 to each CGA colour (the cube 16-231, the grey ramp
# 232-255): what a 256-colour terminal is sent for attribute colours 0-15.
XTERM256 = [16, 19, 34, 37, 124, 127, 130, 248, 240, 63, 83, 87, 203, 207, 227, 231]
CGA = [0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
       0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF]


def ansi(pc):
    """A PC colour (blue bit 0, red bit 2) as an ANSI one (red bit 0, blue bit 2)."""
    return (pc & 8) | (pc & 1) << 2 | (pc & 2) | (pc & 4) >> 2


def rgb(c):
    # Direct-colour entries read values below 8 as ANSI colours: black goes as 000008.
    c = c if c >= 8 else 8
    return ('rgb', c >> 16 & 255, c >> 8 & 255, c & 255)


class Tmux:
    """hvdos --frontend=terminal in a tmux pane of its own server (no status line: the
    pane is the whole window), the shell's terminal modes saved before and after."""

    def __init__(self, t, prog, term='tmux-256color', size=(80, 25),
                 options=('--frontend=terminal',), stderr_file=True):
        if not shutil.which('tmux'):
            t.skip('tmux is not installed (scripts/deps.sh installs it for the tests)')
        self.t = t
        self.sock = t.path('tmux.sock')
        conf = t.write('tmux.conf', 'set -g default-terminal %s\nset -g status off\n' % term)
        shutil.copyfile(t.prog(prog), t.path(prog.upper()))
        self.dump = t.path('dump.txt')
        hv = [s.hvdos, '--cpu=' + s.cpu, '--dump-screen', self.dump]
        hv += list(options) + [prog.upper()]
        inner = 'echo $$ > pid; exec ' + ' '.join(shlex.quote(a) for a in hv)
        script = ('stty -g > before; sh -c %s %s; echo $? > status; stty -g > after; '
                  'sleep 600' % (shlex.quote(inner), '2> stderr' if stderr_file else ''))
        self.env = dict(os.environ, LANG='C.UTF-8')
        for name in ('TMUX', 'DISPLAY', 'WAYLAND_DISPLAY'):
            self.env.pop(name, None)
        self.tmux('-f', conf, 'new-session', '-d', '-x', str(size[0]), '-y', str(size[1]),
                  '-c', t.drive, script)

    def tmux(self, *args):
        p = subprocess.run(['tmux', '-S', self.sock] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=self.env, timeout=30)
        if p.returncode:
            raise AssertionError('tmux %s: %s' % (args[0], p.stderr.decode()))
        return p.stdout.decode('utf-8')

    def screen(self, escapes=False):
        return self.tmux('capture-pane', '-p', *(['-e'] if escapes else []), '-t', '0')

    def flags(self, what='#{alternate_on} #{mouse_any_flag} #{mouse_sgr_flag} #{cursor_flag}'):
        return self.tmux('display', '-p', '-t', '0', what)

    def wait(self, what, cond, timeout=30):
        end = time.monotonic() + timeout
        text = ''
        while time.monotonic() < end:
            text = self.screen()
            if cond(text):
                return text
            time.sleep(0.1)
        raise AssertionError('%s never came; the screen:\n%s' % (what, text))

    def wait_for(self, needle, timeout=30):
        return self.wait(repr(needle), lambda text: needle in text, timeout)

    def send(self, data):
        """Bytes as the terminal would send them (keys, mouse reports)."""
        self.tmux('send-keys', '-t', '0', '-H', *['%02x' % b for b in data])

    def pid(self):
        return int(open(self.t.path('pid')).read())

    def finish(self, timeout=30):
        """Waits for hvdos to end: its exit status, then the modes before and after."""
        end = time.monotonic() + timeout
        while not os.path.exists(self.t.path('after')) and time.monotonic() < end:
            time.sleep(0.1)
        time.sleep(0.2)
        self.status = int(open(self.t.path('status')).read())
        self.before = open(self.t.path('before')).read()
        self.after = open(self.t.path('after')).read()
        self.flags_after = self.flags()
        self.stderr = (open(self.t.path('stderr')).read()
                       if os.path.exists(self.t.path('stderr')) else '')
        return self.status

    def close(self):
        subprocess.run(['tmux', '-S', self.sock, 'kill-server'], stderr=subprocess.DEVNULL,
                       env=self.env)


def lines(text):
    return [line.rstrip() for line in text.rstrip('\n').split('\n')]


def cells(escaped):
    """Each line of capture-pane -e as a list of (character, fg, bg, bold, blink); the
    attributes carry over from one line to the next, as tmux writes them."""
    fg = bg = ('default',)
    bold = blink = False
    out = []
    for line in escaped.rstrip('\n').split('\n'):
        row = []
        for m in re.finditer(r'\x1b\[([0-9;:]*)m|(.)', line):
            if m.group(2) is not None:
                row.append((m.group(2), fg, bg, bold, blink))
                continue
            p = [int(x) if x else 0 for x in re.split('[;:]', m.group(1))] or [0]
            i = 0
            while i < len(p):
                n = p[i]
                if n == 0:
                    fg = bg = ('default',)
                    bold = blink = False
                elif n == 1:
                    bold = True
                elif n == 5:
                    blink = True
                elif n == 22:
                    bold = False
                elif n == 25:
                    blink = False
                elif 30 <= n <= 37:
                    fg = ('i', n - 30)
                elif 90 <= n <= 97:
                    fg = ('i', n - 90 + 8)
                elif n == 39:
                    fg = ('default',)
                elif 40 <= n <= 47:
                    bg = ('i', n - 40)
                elif 100 <= n <= 107:
                    bg = ('i', n - 100 + 8)
                elif n == 49:
                    bg = ('default',)
                elif n in (38, 48) and i + 1 < len(p):
                    if p[i + 1] == 5:
                        c = ('i', p[i + 2])
                        i += 2
                    else:
                        c = ('rgb', p[i + 2], p[i + 3], p[i + 4])
                        i += 4
                    if n == 38:
                        fg = c
                    else:
                        bg = c
                i += 1
        out.append(row)
    return out


def start(t, term='tmux-256color', size=(80, 25), options=('--frontend=terminal',)):
    tm = Tmux(t, 'fullscreen.com', term=term, size=size, options=options)
    tm.wait_for('mouse b=0000')
    return tm


def end(t, tm):
    """Esc ends the program; the terminal is as it was."""
    shown = tm.screen()
    tm.send(b'\x1b')
    t.eq(tm.finish(), 0, 'exit status (stderr %r)' % getattr(tm, 'stderr', ''))
    t.eq(tm.after, tm.before, 'terminal modes after the run')
    t.eq(tm.flags_after, '0 0 0 1\n', 'alternate screen, mouse modes, cursor after the run')
    return shown


@s.test
def terminal_screen_matches_the_dump_cell_for_cell(t):
    tm = start(t)
    try:
        # The program left the cursor at row 21, column 3 (0-based).
        t.eq(tm.flags('#{cursor_x},#{cursor_y}'), '3,21\n', 'the cursor')
        shown = end(t, tm)
        dump = open(tm.dump, encoding='utf-8').read()
        t.eq(lines(shown), lines(dump), 'the terminal against --dump-screen')
        t.check('╔═' in shown and '┌─┬─┐' in shown and '░▒▓█▄▀' in shown and '↑↓→←' in shown,
                'box, block and arrow characters in %r' % shown)
        t.eq(len(lines(shown)), 25, 'rows')
    finally:
        tm.close()


def check_colours(t, term, fg_of, bg_of, bright_bold=False):
    tm = start(t, term=term)
    try:
        grid = cells(tm.screen(escapes=True))
        for i in range(16):
            ch, fg, _, bold, _ = grid[8][3 + i]
            t.eq(ch, chr(ord('A') + i), 'row 8 column %d' % (3 + i))
            t.eq(fg, fg_of(i), '%s: foreground of attribute colour %d' % (term, i))
            if bright_bold:
                t.eq(bold, i >= 8, '%s: colour %d bold' % (term, i))
        for i in range(8):
            ch, _, bg, _, _ = grid[9][3 + i]
            t.eq(bg, bg_of(i), '%s: background of attribute colour %d' % (term, i))
        t.eq(grid[0][0][1:3], (fg_of(15), bg_of(1)), 'the box: white on blue')
        t.check(all(c[4] for c in grid[11][3:8]) and not grid[11][8][4],
                'BLINK blinks, what follows does not: %r' % (grid[11][3:9],))
        t.eq(grid[11][3][1], fg_of(12), 'BLINK is light red')
        end(t, tm)
    finally:
        tm.close()


@s.test
def without_a_display_a_terminal_gets_the_terminal_frontend(t):
    tm = start(t, options=())
    try:
        t.eq(tm.flags()[:2], '1 ', 'the alternate screen')
        end(t, tm)
    finally:
        tm.close()


@s.test
def the_terminal_frontend_needs_a_terminal_and_a_known_type(t):
    shutil.copyfile(t.prog('fullscreen.com'), t.path('FS.COM'))
    cmd = [s.hvdos, '--frontend=terminal', '--cpu=' + s.cpu, 'FS.COM']
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, cwd=t.drive, timeout=60)
    t.eq(p.returncode, 2, 'exit status without a terminal')
    t.check(b'--headless' in p.stderr and p.stderr.count(b'\n') == 1,
            'one line naming --headless: %r' % p.stderr)
    tm = Tmux(t, 'fullscreen.com', term='no-such-terminal')
    try:
        t.eq(tm.finish(), 2, 'exit status with TERM unknown')
        t.check('no-such-terminal' in tm.stderr and 'terminfo' in tm.stderr,
                'the message: %r' % tm.stderr)
        t.eq(tm.after, tm.before, 'terminal modes')
    finally:
        tm.close()


@s.test
def messages_on_a_terminal_stderr_wait_for_the_normal_screen(t):
    tm = Tmux(t, 'fullscreen.com', options=('--frontend=terminal', '--debug=kbd'),
              stderr_file=False)
    try:
        tm.wait_for('mouse b=0000')
        tm.send(b'a')
        shown = tm.wait_for('key=1E61')
        t.check('debug' not in shown, 'no message over the DOS screen: %r' % shown)
        end(t, tm)
        after = tm.screen()
        t.check('hvdos: debug: int 9: key 1E61h' in after,
                'the messages on the normal screen afterwards: %r' % after)
    finally:
        tm.close()


@s.test
def screenshot_of_the_screen_the_program_left(t):
    tm = start(t, options=('--frontend=terminal', '--screenshot', 'shot.png'))
    try:
        end(t, tm)
        with open(t.path('shot.png'), 'rb') as f:
            t.eq(f.read(8), b'\x89PNG\r\n\x1a\n', 'a PNG written')
    finally:
        tm.close()


@s.test
def colours_in_a_16_colour_terminal(t):
    check_colours(t, 'xterm-16color', lambda i: ('i', ansi(i)), lambda i: ('i', ansi(i)))


@s.test
def colours_in_a_256_colour_terminal(t):
    check_colours(t, 'tmux-256color', lambda i: ('i', XTERM256[i]),
                  lambda i: ('i', XTERM256[i]))


@s.test
def colours_in_a_direct_colour_terminal(t):
    if not os.path.exists('/usr/share/terminfo/x/xterm-direct'):
        t.skip('no xterm-direct terminfo entry (Debian ncurses-term)')
    check_colours(t, 'xterm-direct', lambda i: rgb(CGA[i]), lambda i: rgb(CGA[i]))


@s.test
def colours_in_an_8_colour_terminal_are_bold_when_bright(t):
    check_colours(t, 'xterm', lambda i: ('i', ansi(i) & 7), lambda i: ('i', ansi(i)),
                  bright_bold=True)


@s.test
def terminal_keys_reach_int16_and_the_int9_hook(t):
    tm = start(t)
    try:
        # Each key: what int 16h returns, and the int 9 calls so far (one per scancode
        # byte: make and break, E0 prefixes, the modifiers wrapped around the key).
        for data, key, int9 in [(b'a', '1E61', 2), (b'\x1bOP', '3B00', 4),
                                (b'\x1b[A', '4800', 8), (b'\x1bx', '2D00', 12),
                                (b'\x1b[1;5D', '7300', 18), (b'\x01', '1E01', 22)]:
            tm.send(data)
            tm.wait_for('key=%s' % key)
            tm.wait_for('int9=%04X' % int9)
        end(t, tm)
    finally:
        tm.close()


@s.test
def sgr_mouse_reports_reach_int33(t):
    tm = start(t)
    try:
        # Column 41, line 13 (1-based) is cell (40, 12): 8 driver units a cell.
        tm.send(b'\x1b[<0;41;13M')
        tm.wait_for('mouse b=0001 x=0140 y=0060')
        tm.send(b'\x1b[<0;41;13m')
        tm.wait_for('mouse b=0000 x=0140 y=0060')
        tm.send(b'\x1b[<35;11;6M')  # motion, nothing held
        tm.wait_for('mouse b=0000 x=0050 y=0028')
        tm.send(b'\x1b[<2;80;25M')  # the right button, bottom-right cell
        tm.wait_for('mouse b=0002 x=0278 y=00C0')
        tm.send(b'\x1b[<2;80;25m')
        tm.wait_for('mouse b=0000 x=0278 y=00C0')
        end(t, tm)
    finally:
        tm.close()


@s.test
def a_smaller_terminal_shows_a_notice_and_follows_the_cursor(t):
    tm = start(t)
    try:
        full = lines(tm.screen())
        tm.tmux('resize-window', '-t', '0', '-x', '60', '-y', '20')
        # The cursor is at row 21 (0-based): the 19 rows in view end there.
        shown = lines(tm.wait_for('rows 4-22, columns 1-60'))
        t.eq(len(shown), 20, 'rows on the smaller terminal')
        t.check(shown[19].startswith('80x25 screen, 60x20 terminal: rows 4-22, columns 1-60'),
                'the notice: %r' % shown[19])
        t.eq(shown[:19], [line[:60].rstrip() for line in full[3:22]],
             'the view: rows 4-22, columns 1-60')
        # A click at the view's top left is on the picture's row 3 (0-based): Y 24.
        tm.send(b'\x1b[<0;1;1M\x1b[<0;1;1m')
        time.sleep(0.5)
        tm.tmux('resize-window', '-t', '0', '-x', '80', '-y', '25')
        tm.wait_for('mouse b=0000 x=0000 y=0018')
        full[22] = full[22].replace('x=0140 y=0060', 'x=0000 y=0018')
        tm.wait('the whole screen again', lambda text: lines(text) == full)
        shown = end(t, tm)
        t.eq(lines(shown), lines(open(tm.dump, encoding='utf-8').read()),
             'the terminal against --dump-screen after the resizes')
    finally:
        tm.close()


@s.test
def a_stopped_hvdos_gives_the_terminal_back_and_redraws_when_continued(t):
    tm = start(t)
    try:
        full = tm.screen()
        os.kill(tm.pid(), signal.SIGTSTP)
        tm.wait('the normal screen', lambda text: tm.flags().startswith('0 0 0 1'))
        os.kill(tm.pid(), signal.SIGCONT)
        tm.wait('the DOS screen again', lambda text: text == full and
                tm.flags().startswith('1 1 1'))
        tm.send(b'q')
        tm.wait_for('key=1071')
        end(t, tm)
    finally:
        tm.close()


def cube(c):
    """A colour as the half blocks quantize it: the nearest of a 6x6x6 cube (51 a step)."""
    return rgb(sum(((c >> s & 255) + 25) // 51 * 51 << s for s in (16, 8, 0)))


@s.test
def a_graphics_mode_is_drawn_in_half_blocks_at_reduced_size(t):
    if not os.path.exists('/usr/share/terminfo/x/xterm-direct'):
        t.skip('no xterm-direct terminfo entry (Debian ncurses-term)')
    tm = start(t, term='xterm-direct')
    try:
        tm.send(b'g')
        # 320x200 in 80x24 cells (a line for the note): 64 columns of 5 pixels, 24
        # lines of 2 x 4 pixel rows, at 4:3.
        text = tm.wait_for('graphics mode 13h, 320x200, drawn 64x48 in half blocks')
        # Until the program has drawn its last pixels (the white stripe's, bottom right).
        end_time = time.monotonic() + 30
        while True:
            grid = cells(tm.screen(escapes=True))
            if grid[23][63][2] == cube(CGA[15]) or time.monotonic() > end_time:
                break
            time.sleep(0.1)
        t.eq(len(lines(text)), 25, 'rows: the picture and the note')
        for y in (0, 12, 23):
            t.eq(''.join(c[0] for c in grid[y][:64]), '\u2580' * 64, 'row %d: half blocks' % y)
            # 16 stripes of 20 pixels: 4 cells each, both halves the stripe's colour.
            for i in range(16):
                for x in (4 * i, 4 * i + 3):
                    t.eq(grid[y][x][1:3], (cube(CGA[i]), cube(CGA[i])),
                         'row %d, column %d: colour %d above and below' % (y, x, i))
        t.eq(lines(text)[24][:10], 'graphics m', 'the note under the picture')
        end(t, tm)
    finally:
        tm.close()


@s.test
def ctrl_c_ends_the_run_with_130_and_restores_the_terminal(t):
    tm = start(t)
    try:
        tm.send(b'\x03')
        t.eq(tm.finish(), 130, 'exit status')
        t.eq(tm.after, tm.before, 'terminal modes after Ctrl+C')
        t.eq(tm.flags_after, '0 0 0 1\n', 'alternate screen, mouse modes, cursor')
    finally:
        tm.close()


@s.test
def an_abort_restores_the_terminal(t):
    tm = start(t)
    try:
        os.kill(tm.pid(), signal.SIGABRT)
        t.eq(tm.finish(), 128 + signal.SIGABRT, 'exit status')
        t.eq(tm.after, tm.before, 'terminal modes after SIGABRT')
        t.eq(tm.flags_after, '0 0 0 1\n', 'alternate screen, mouse modes, cursor')
    finally:
        tm.close()


@s.test
def sigterm_restores_the_terminal(t):
    tm = start(t)
    try:
        os.kill(tm.pid(), signal.SIGTERM)
        t.eq(tm.finish(), 130, 'exit status')
        t.eq(tm.after, tm.before, 'terminal modes after SIGTERM')
        t.eq(tm.flags_after, '0 0 0 1\n', 'alternate screen, mouse modes, cursor')
    finally:
        tm.close()


s.main()
