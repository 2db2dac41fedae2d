"""The emulated PC under DOS: timer and keyboard interrupts through the real IVT,
the PIT, the keyboard controller, the VGA registers, int 10h/16h, scripted keys, and
a guest that waits for a key without costing the host CPU."""
import os
import re
import resource
import subprocess
import sys
import time

from guest import Suite, rom_glyphs

s = Suite()
BIOS_HZ = 1193182 / 65536


def timed_run(t, prog, *args, options=()):
    """Runs a program and returns its stdout lines with the host time each arrived."""
    src = t.prog(prog)
    dst = t.path(prog.upper())
    with open(src, 'rb') as f, open(dst, 'wb') as g:
        g.write(f.read())
    cmd = [s.hvdos, '--headless', '--cpu=' + s.cpu] + list(options) + [prog.upper()] + list(args)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=t.drive)
    lines = []
    for line in p.stdout:
        lines.append((time.monotonic(), line.decode(errors='replace').strip()))
    t.eq(p.wait(timeout=60), 0, 'exit status')
    return lines


def line_time(t, lines, text):
    for when, line in lines:
        if line == text:
            return when
    raise AssertionError('no line %r in %r' % (text, lines))


@s.test
def int8_hook_counts_ticks_at_the_bios_rate_against_the_host_clock(t):
    lines = timed_run(t, 'timer_int8.com')
    elapsed = line_time(t, lines, 'end') - line_time(t, lines, 'start')
    t.eq(lines[-1][1], 'int8=005B int1c=005B bios=005B', 'counts')
    want = 91 / BIOS_HZ
    t.note('91 ticks in %.4f s, %.3f%% off the BIOS rate' % (elapsed, 100 * (elapsed - want) / want))
    t.check(abs(elapsed - want) < want * 0.01, '91 ticks took %.4f s, not %.4f s' % (elapsed, want))


@s.test
def pit_reprogrammed_to_1khz_interrupts_at_1khz(t):
    lines = timed_run(t, 'pit_1khz.com')
    elapsed = line_time(t, lines, 'end') - line_time(t, lines, 'start')
    want = 2000 * 1193 / 1193182
    t.note('2000 ticks in %.4f s, %.3f%% off 1 kHz' % (elapsed, 100 * (elapsed - want) / want))
    t.check(abs(elapsed - want) < want * 0.01, '2000 ticks took %.4f s, not %.4f s' % (elapsed, want))
    bios = int(lines[-1][1].split('=')[1], 16)
    t.check(abs(bios - 2000 * 1193 / 65536) <= 1.5, 'BIOS ticks chained: %d' % bios)


@s.test
def int9_hook_reads_make_and_break_codes_from_port_60h(t):
    r = t.run('kbd_port60.com', options=['--keys', 'a{Up}{Ctrl+C}', '--timeout', '20'])
    t.ok(r, b'001E 009E 00E0 0048 00E0 00C8 001D 002E 00AE 009D \r\nPASS\r\n')


@s.test
def a20_gate_rom_and_unmapped_memory_behave_as_on_an_at(t):
    t.ok(t.run('a20.com', options=['--timeout', '20']), b'PASS\r\n')


@s.test
def rom_identifies_itself_as_an_ibm_compatible_bios(t):
    """A program that identifies the BIOS reads the text at F000:E000 (with "IBM" at
    F000:E00E, as on IBM's PCs and the compatibles), the date at F000:FFF5 and the
    model byte at F000:FFFE (FCh: an AT)."""
    r = t.run('romid.com')
    t.ok(r)
    text, date = r.stdout.split(b'\r\n')[:2]
    t.check(text.startswith(b'HVDOS-01COPR. IBM COMPATIBLE BIOS'), 'the copyright: %r' % text)
    t.eq(text[0x0E:0x11], b'IBM', 'at F000:E00E')
    t.check(re.match(rb'^\d\d/\d\d/\d\d FC$', date), 'date and model: %r' % date)


@s.test
def tick_count_rolls_over_at_midnight(t):
    r = t.run('midnight.com', options=['--timeout', '20'])
    t.ok(r, b'PASS\r\n')


@s.test
def int15_4f_ctrl_break_and_pause_hooks_work_as_on_a_pc(t):
    # 'a' rewritten to 'b' by the int 15h 4Fh hook; Ctrl+Break: int 1Bh and 0000h in
    # the buffer; Pause holds the machine until the next key (x), which is eaten.
    r = t.run('kbd_hooks.com', options=['--keys', 'a{Break}{Pause}{wait:500}x{Esc}',
                                        '--timeout', '30'])
    t.ok(r, b'3062 0000 011B \r\nPASS\r\n')


@s.test
def ctrl_alt_del_ends_the_session(t):
    r = t.run('kbd_hooks.com', options=['--keys', 'z{Ctrl+Alt+Del}', '--timeout', '30'])
    t.eq(r.status, 0, 'exit status (stderr %r)' % r.stderr)
    t.check(b'Ctrl+Alt+Del' in r.stderr, r.stderr)
    t.eq(r.stdout, b'2C7A ', 'the key before it, and no PASS')


@s.test
def int16_extended_keys_give_the_ibm_codes(t):
    keys = ('{F1}{F12}{Up}{Alt+X}{Ctrl+Left}{Shift+F1}{Alt+F10}{KPEnter}{Ctrl+Up}'
            '{Alt+Enter}{Shift+Tab}{Ctrl+A}{Del}{Esc}{F12}{Up}{KPEnter}{Alt+Enter}x{Esc}')
    r = t.run('int16_keys.com', options=['--keys', keys, '--timeout', '30'])
    t.ok(r)
    lines = r.stdout.decode().split('\r\n')
    # Function 10h: everything, grey keys with E0, fill-ins (Alt+Enter) with AL=0.
    t.eq(lines[0], '3B00 8600 48E0 2D00 73E0 5400 7100 E00D 8DE0 1C00 0F00 1E01 53E0 011B ')
    # Function 00h: F12 and Alt+Enter dropped, grey keys as their keypad twins.
    t.eq(lines[1], '4800 1C0D 2D78 011B ')


@s.test
def scripted_keys_drive_a_line_editor(t):
    r = t.run('line_edit.com', options=['--keys', 'hello world{Home}X{End}!{Left}{Left}{Bksp}'
                                        '{Ctrl+Left}{Ins}Z{Del}{Enter}', '--timeout', '30'])
    t.ok(r, b'[Xhello Zrd!]\r\n')


@s.test
def key_wait_after_the_script_ends_stops_with_124(t):
    r = t.run('idle_wait.com', options=['--keys', ''])
    t.eq(r.status, 124)
    t.eq(len(r.stderr.decode().strip().split('\n')), 1, 'one line on stderr')


@s.test
def vertical_retrace_toggles_at_70_hz(t):
    r = t.run('retrace.com', options=['--timeout', '20'])
    t.ok(r)
    n = int(r.stdout.split(b'retraces=')[1][:4], 16)
    # 36 ticks = 1.977 s at 70.09 Hz is 138.6 frames: 140 with a frame at each end
    # of the window (seen here), never more than 141. A poll loop on a loaded 2-core
    # host (other tests run beside it) can miss frames, so from below only the rate's
    # order is checked.
    t.note('%d retraces in 1.98 s (%.1f Hz)' % (n, n / (36 / BIOS_HZ)))
    t.check(100 <= n <= 141, '%d retraces in 1.98 s' % n)


@s.test
def waiting_for_a_key_with_a_timer_hook_costs_no_host_cpu(t):
    def idle_run(wait_ms):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        r = t.run('idle_wait.com', options=['--keys', '{wait:%d}q' % wait_ms])
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        t.ok(r)
        key, ticks = r.stdout.decode().strip().split(' ')
        t.eq(key, 'key=1071')
        # The int 1Ch hook kept counting while the guest slept.
        t.check(abs(int(ticks.split('=')[1], 16) - wall * BIOS_HZ) < 6,
                'ticks %s in %.2f s' % (ticks, wall))
        return cpu, wall

    # Two runs that differ only in 5 s more of waiting: start-up and exit (heavy
    # under ASan) cancel, what is left is the cost of the wait itself.
    cpu1, wall1 = idle_run(500)
    cpu2, wall2 = idle_run(5500)
    cpu, wall = cpu2 - cpu1, wall2 - wall1
    t.note('host CPU %.3f s in %.2f s of waiting (%.2f%%); whole runs %.3f s in %.2f s '
           'and %.3f s in %.2f s' % (cpu, wall, 100 * cpu / wall, cpu1, wall1, cpu2, wall2))
    t.check(cpu < 0.01 * wall, 'host CPU %.3f s in %.2f s of waiting' % (cpu, wall))


def dump(t, case):
    path = t.path('screen.txt')
    r = t.run('video_modes.com', case, options=['--dump-screen', path])
    t.ok(r, b'PASS\r\n')
    return open(path, encoding='utf-8').read().split('\n')[:-1]


@s.test
def mode_01h_is_40_columns_in_the_bda_and_the_dump(t):
    rows = dump(t, '4')
    t.eq((len(rows), len(rows[0])), (25, 40))
    t.eq(rows[24][35:], 'FORTY')


@s.test
def font_8x8_gives_80x50(t):
    rows = dump(t, '5')
    t.eq((len(rows), len(rows[0])), (50, 80))
    t.eq(rows[49][:5], 'FIFTY')


@s.test
def font_8x8_at_350_lines_gives_80x43(t):
    rows = dump(t, '3')
    t.eq((len(rows), len(rows[0])), (43, 80))
    t.eq(rows[42][:11], 'FORTY-THREE')


@s.test
def crtc_start_address_written_by_the_program_moves_the_screen(t):
    rows = dump(t, 'c')
    t.eq(rows[1][5:10], 'HELLO', 'row 3 shown two rows up')


@s.test
def page_1_is_shown_after_int10_05h(t):
    rows = dump(t, 'p')
    t.eq(rows[0][:8], 'PAGE ONE')


@s.test
def bcc_program_uses_the_tick_count_rtc_video_and_keyboard_bios(t):
    path = t.path('screen.txt')
    r = t.run('bios_c.com', options=['--keys', 'a{F1}{Up}{Alt+X}{Esc}', '--timeout', '30',
                                     '--dump-screen', path])
    # bcc's printf writes %X in lower case.
    t.ok(r, b'ticks ok\r\nrtc ok\r\nvideo ok\r\n1e61 3b00 4800 2d00 011b \r\nPASS\r\n')
    rows = open(path, encoding='utf-8').read().split('\n')[:-1]
    t.eq((len(rows), len(rows[0])), (25, 40), 'mode 01h in the dump')
    t.eq(rows[5][10:21], 'BCC SAYS HI')


def hexrow(rows):
    return ''.join('%02X' % b for b in rows)


@s.test
def int10_1130h_points_at_ibm_fonts_with_the_height_and_rows_of_each_layout(t):
    r = t.run('fonts.com')
    t.ok(r)
    got = dict(line.split('=', 1) for line in r.stdout.decode().split('\r\n') if '=' in line)
    vga8, vga9 = rom_glyphs('Px_IBM_VGA8.ttf', 16), rom_glyphs('Px_IBM_VGA9.ttf', 16)
    t.eq(got['A16'], hexrow(vga8[ord('A')]), "'A' in the 8x16 table")
    t.eq(got['A14'], hexrow(rom_glyphs('Px_IBM_EGA8.ttf', 14)[ord('A')]), "'A' in 8x14")
    cga = rom_glyphs('Px_IBM_CGA.ttf', 8)
    t.eq(got['A8'], hexrow(cga[ord('A')]), "'A' in 8x8")
    t.eq(got['C9'], hexrow(cga[0xC9]), 'C9h through int 1Fh')
    # The 9x16 alternates: every character the 9-dot font draws differently, with the
    # 9-dot font's glyph ('M' among them, as on IBM's VGA).
    t.eq(got['ALT'], ''.join('%02X' % c for c in range(1, 256) if vga8[c] != vga9[c]))
    t.check('4D' in [got['ALT'][i:i + 2] for i in range(0, len(got['ALT']), 2)], 'M alternate')
    t.eq(got['M'], hexrow(vga9[ord('M')]))


s.main()
