#!/usr/bin/env python3
"""hvdos idle benchmark (not a test): the host CPU a DOS program costs while it waits
by polling, per polling style and CPU backend, and whether its timer-driven work stays
on time while the host naps it.

    python3 tests/bench/idle.py --hvdos build/hvdos --progs build/tests/guest

Each style is tests/guest/idlepoll.asm waiting for a number of timer ticks. The host CPU
(user + system time of the hvdos process, from getrusage) comes from the difference of
a short and a long run, so start-up and exit cancel; it is quoted as a share of one
core and as a ratio to the spin reference measured in the same invocation (a loop that
polls nothing, so no emulator can tell it waits: a full core). On time: the ticks the
program counted and noticed against those due, how many reached its int 8 hook more
than 10 ms after their IRQ, and the style's own events (tick changes, hundredths,
retraces) against what the host clock says."""
import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

BIOS_HZ = 1193182 / 65536
PIT_HZ = 1193182
STYLES = [
    ('n', 'spin (reference: no poll)'),
    ('k', 'int 16h 01h'),
    ('b', 'int 21h 0Bh'),
    ('d', 'int 21h 06h DL=FFh'),
    ('i', 'int 21h 4406h'),
    ('q', 'port 64h/60h'),
    ('p', 'port 60h'),
    ('s', 'int 28h'),
    ('y', 'int 2Fh 1680h'),
    ('t', 'int 1Ah 00h'),
    ('c', 'int 21h 2Ch'),
    ('r', '3DAh retrace'),
    ('m', 'int 33h 03h'),
]
EVENTS = {'t': ('tick changes', BIOS_HZ), 'c': ('1/100 s steps', 100.0),
          'r': ('retraces', 70.09)}


def run(exe, cpu, work, style, ticks):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run([exe, '--headless', '--cpu=' + cpu, 'IDLEPOLL.COM', style, str(ticks)],
                       cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit('idlepoll %s failed (%d): %s' % (style, p.returncode,
                                                 p.stderr.decode(errors='replace')))
    m = re.search(rb'ticks=(\w+) seen=(\w+) events=(\w+) key=\w+ late=(\w+) max=(\w+)', p.stdout)
    ticks_, seen, events, late, mx = (int(x, 16) for x in m.groups())
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu_s, wall, dict(ticks=ticks_, seen=seen, events=events, late=late, max=mx)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--hvdos', default='build/hvdos')
    ap.add_argument('--progs', default='build/tests/guest')
    ap.add_argument('--seconds', type=float, default=5.0,
                    help='how much longer the long run waits than the short one')
    ap.add_argument('--cpu', action='append', help='backends (default: kvm and interp)')
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix='hvdos-idle-')
    shutil.copy(os.path.join(args.progs, 'idlepoll.com'), os.path.join(work, 'IDLEPOLL.COM'))
    exe = os.path.abspath(args.hvdos)
    short = 9
    long_ = short + int(round(args.seconds * BIOS_HZ))
    for cpu in args.cpu or ['kvm', 'interp']:
        p = subprocess.run([exe, '--headless', '--cpu=' + cpu, 'IDLEPOLL.COM', 'n', '1'],
                           cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            print('hvdos %s: skipped: %s' % (cpu, p.stderr.decode(errors='replace').strip()))
            continue
        print('hvdos %s: host CPU while waiting %d ticks (%.2f s) more' %
              (cpu, long_ - short, (long_ - short) / BIOS_HZ))
        print('  %-26s %8s %9s  %s' % ('style', 'CPU', 'vs spin', 'on time'))
        ref = None
        for style, name in STYLES:
            c1, w1, _ = run(exe, cpu, work, style, short)
            c2, w2, v = run(exe, cpu, work, style, long_)
            share = (c2 - c1) / max(w2 - w1, 1e-6)
            if ref is None:
                ref = share
            ontime = 'ticks %d/%d seen %d, %d >10 ms late (max %.1f ms)' % (
                v['ticks'], long_, v['seen'], v['late'], v['max'] * 1e3 / PIT_HZ)
            if style in EVENTS:
                what, hz = EVENTS[style]
                ontime += ', %s %d/%.0f' % (what, v['events'], hz * long_ / BIOS_HZ)
            print('  %-26s %7.2f%% %8.4fx  %s' % (name, 100 * share, share / max(ref, 1e-9),
                                                 ontime))
            sys.stdout.flush()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
