#!/usr/bin/env python3
"""hvdos --speed benchmark (not a test): guest instructions per millisecond reached
against those asked, per preset and CPU backend, and the host CPU the throttle costs.

    python3 tests/bench/speed.py --hvdos build/hvdos --progs build/tests/guest

The guest program is tests/guest/tpdelay.asm, Turbo Pascal's CRT Delay calibration
loop (5 instructions an iteration) counted over --ticks timer ticks: its count times 5
over the ticks' length is the rate the program saw, by the guest's own clock (IRQ 0,
which follows the host's). Each figure is quoted as a ratio: reached / asked, and the
host CPU (user + system time of the hvdos process, from the difference of a 2-tick and
the long run so that start-up cancels) against the --speed=max reference run in the
same invocation. A backend slower than a preset
simply runs at its own speed; the ratio says so."""
import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

TICK_MS = 65536 / 1193.182
SPEEDS = [('max', None), ('8088', 240), ('286', 1500), ('386', 7000), ('486', 25000),
          ('default', 200000), ('100', 100), ('100000', 100000)]


def run(exe, cpu, work, speed, ticks):
    cmd = [exe, '--headless', '--cpu=' + cpu]
    if speed != 'default':
        cmd.append('--speed=' + speed)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd + ['TPDELAY.COM', str(ticks)], cwd=work, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    m = re.search(rb'count=(\w{8})(?: delaycnt=(\w+))?', p.stdout)
    if not m or (p.returncode != 0 and m.group(2)):
        sys.exit('tpdelay --speed=%s failed (%d): %s' % (speed, p.returncode,
                                                        p.stderr.decode(errors='replace')))
    # No DelayCnt: the DIV faulted (DOS said "Divide overflow"), Runtime error 200.
    count, delaycnt = int(m.group(1), 16), int(m.group(2), 16) if m.group(2) else 65536
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return count * 5 / (ticks * TICK_MS), delaycnt, cpu_s, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--hvdos', default='build/hvdos')
    ap.add_argument('--progs', default='build/tests/guest')
    ap.add_argument('--ticks', type=int, default=36, help='timer ticks to count over')
    ap.add_argument('--cpu', action='append', help='backends (default: kvm and interp)')
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix='hvdos-speed-')
    shutil.copy(os.path.join(args.progs, 'tpdelay.com'), os.path.join(work, 'TPDELAY.COM'))
    exe = os.path.abspath(args.hvdos)
    for cpu in args.cpu or ['kvm', 'interp']:
        p = subprocess.run([exe, '--headless', '--cpu=' + cpu, 'TPDELAY.COM'], cwd=work,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            print('hvdos %s: skipped: %s' % (cpu, p.stderr.decode(errors='replace').strip()))
            continue
        print('hvdos %s: Turbo Pascal Delay loop over %d ticks' % (cpu, args.ticks))
        print('  %-9s %10s %12s %9s %9s %8s  %s' % ('--speed', 'asked/ms', 'reached/ms',
                                                    'reached', 'host CPU', 'vs max',
                                                    'DelayCnt (16 bits?)'))
        ref_cpu = None
        for name, asked in SPEEDS:
            _, _, cpu1, wall1 = run(exe, cpu, work, name, 2)
            rate, delaycnt, cpu2, wall2 = run(exe, cpu, work, name, args.ticks)
            share = (cpu2 - cpu1) / max(wall2 - wall1, 1e-6)
            if ref_cpu is None:
                ref_cpu = share
            print('  %-9s %10s %12.0f %9s %8.1f%% %7.3fx  %d%s' % (
                name, asked or '-', rate, '%.3fx' % (rate / asked) if asked else '-',
                100 * share, share / max(ref_cpu, 1e-9), delaycnt,
                '' if delaycnt < 65536 else ' (Runtime error 200)'))
            sys.stdout.flush()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
