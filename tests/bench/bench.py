#!/usr/bin/env python3
"""hvdos benchmarks (not tests): guest instructions per second on a counted loop,
hostcalls per second, start-up time, and sieve throughput of every hvdos CPU backend
against DOSBox 0.74 (normal and dynamic core, cycles=max) measured in the same run.

    python3 tests/bench/bench.py --hvdos build/hvdos --progs build/tests/bench

Rates come from the difference between two runs of the same program of different
lengths, so start-up costs cancel; each figure is the best of --repeat runs. The machines are
shared and noisy: compare the ratios printed at the end, not absolute figures."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

LOOP_INSTR_PER_UNIT = 8 * 65536 + 2 * 1  # body x inner count, plus the outer dec/jnz
HOSTCALLS = 100000
MAX_PASSES = 32000


def timed(cmd, cwd, env=None):
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit('benchmark run failed (%d): %s\n%s' % (p.returncode, ' '.join(cmd),
                                                        p.stderr.decode(errors='replace')))
    return t, p.stdout


def best(fn, repeat):
    return min(fn() for _ in range(repeat))


class Hvdos:
    def __init__(self, exe, cpu, workdir):
        self.exe, self.cpu, self.dir = exe, cpu, workdir
        self.name = 'hvdos ' + cpu

    def available(self):
        p = subprocess.run([self.exe, '--headless', '--cpu=' + self.cpu, 'EXIT.COM'],
                           cwd=self.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return p.returncode == 0, p.stderr.decode(errors='replace').strip()

    def run(self, prog, *args):
        # --speed=max: raw throughput, as DOSBox's cycles=max below
        return timed([self.exe, '--headless', '--cpu=' + self.cpu, '--speed=max', prog] +
                     list(args),
                     self.dir)


class Dosbox:
    def __init__(self, core, workdir):
        self.core, self.dir = core, workdir
        self.name = 'DOSBox %s' % core
        self.conf = os.path.join(workdir, 'dosbox-%s.conf' % core)
        with open(self.conf, 'w') as f:
            f.write('[sdl]\noutput=surface\n[cpu]\ncore=%s\ncycles=max\n'
                    '[mixer]\nnosound=true\n[speaker]\npcspeaker=false\n' % core)

    def available(self):
        return shutil.which('dosbox') is not None, 'dosbox is not installed (apt-get install dosbox)'

    def run(self, prog, *args):
        env = dict(os.environ, SDL_VIDEODRIVER='dummy', SDL_AUDIODRIVER='dummy')
        t, _ = timed(['dosbox', '-conf', self.conf, '-c', 'mount c "%s"' % self.dir, '-c', 'c:',
                      '-c', ' '.join([prog] + list(args)) + ' > OUT.TXT', '-c', 'exit'],
                     self.dir, env)
        out = open(os.path.join(self.dir, 'OUT.TXT'), 'rb').read()
        return t, out


def sieve_rate(runner, repeat, target_s):
    """Sieve passes per second: the difference of two long runs (N and 2N passes), so
    that start-up and DOSBox's cycles=max ramp (it raises its cycle budget over the
    first seconds) both cancel."""
    _, out = runner.run('SIEVE.COM', '1')
    if b'1899' not in out:
        sys.exit('%s: the sieve printed %r, not 1899' % (runner.name, out))
    # Size N so that the N-pass run takes about target_s, probing until it does; the
    # pass count is a 16-bit number, so 2N stays below 65536.
    n = 20
    while True:
        t, _ = runner.run('SIEVE.COM', str(n))
        if t >= target_s or n >= MAX_PASSES:
            break
        n = min(int(n * min(max(target_s / max(t, 1e-3), 2), 50)), MAX_PASSES)
    a = best(lambda: runner.run('SIEVE.COM', str(n))[0], repeat)
    b = best(lambda: runner.run('SIEVE.COM', str(2 * n))[0], repeat)
    return n / max(b - a, 1e-6)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--hvdos', default='build/hvdos')
    ap.add_argument('--progs', default='build/tests/bench')
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--seconds', type=float, default=3.0, help='length of the long runs')
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix='hvdos-bench-')
    for p in ('LOOP', 'HOSTCALLS', 'SIEVE', 'EXIT'):
        shutil.copy(os.path.join(args.progs, p.lower() + '.com'), os.path.join(work, p + '.COM'))
    exe = os.path.abspath(args.hvdos)

    runners = [Hvdos(exe, 'kvm', work), Hvdos(exe, 'interp', work), Dosbox('normal', work),
               Dosbox('dynamic', work)]
    results = {}
    for r in runners:
        ok, why = r.available()
        if not ok:
            print('%-16s skipped: %s' % (r.name, why))
            continue
        if isinstance(r, Hvdos):
            start = best(lambda: r.run('EXIT.COM')[0], max(args.repeat, 5))
            t2 = best(lambda: r.run('LOOP.COM', '1')[0], args.repeat)
            # Size the long loop run from the short one.
            units = int(min(max(args.seconds / max(t2 - start, 1e-4), 4), 20000))
            t10 = best(lambda: r.run('LOOP.COM', str(1 + units))[0], args.repeat)
            ips = units * LOOP_INSTR_PER_UNIT / max(t10 - t2, 1e-6)
            hc = best(lambda: r.run('HOSTCALLS.COM')[0], args.repeat)
            hps = HOSTCALLS / max(hc - start, 1e-6)
            print('%-16s start-up %.1f ms, %.2f M guest instructions/s, %.0f hostcalls/s'
                  % (r.name, start * 1e3, ips / 1e6, hps))
            results[r.name + ' start-up'] = start
        rate = sieve_rate(r, args.repeat, args.seconds)
        results[r.name] = rate
        print('%-16s sieve: %.1f passes/s' % (r.name, rate))

    base = 'DOSBox normal'
    if base in results:
        print('\nSieve throughput relative to %s (same run):' % base)
        for name in ('hvdos kvm', 'hvdos interp', 'DOSBox normal', 'DOSBox dynamic'):
            if name in results:
                print('  %-16s %.3fx' % (name, results[name] / results[base]))
    if base in results and 'DOSBox dynamic' in results and 'hvdos interp' in results:
        interp, dyn, norm = (results['hvdos interp'], results['DOSBox dynamic'],
                             results[base])
        print('Interpreter targets (>= DOSBox dynamic, >= 2x DOSBox normal): %s'
              % ('met' if interp >= dyn and interp >= 2 * norm else 'NOT met'))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
