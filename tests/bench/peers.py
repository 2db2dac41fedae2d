#!/usr/bin/env python3
"""hvdos against its peers (emu2, DOSBox 0.74 normal and dynamic core), side by side.

    python3 tests/bench/peers.py --build build

Builds emu2 from ../shared/peers/ into BUILD/peers/ (never into the source tree), then
measures, interleaved (every round runs every emulator once, in turn) so that load from
other processes on the machine hits them alike:

  start-up     wall time of a trivial .COM from exec to exit (EXIT.COM, int 20h)
  peak RSS     of that run (getrusage of the child)
  hostcalls    round trip of int 21h AH=30h, AH=2Ch (with an AH=30h after each: hvdos
               naps a program that does nothing but read the time), AH=3Fh and AH=40h
               with 512 bytes on a file: the difference of two run lengths of HOSTCALL.COM
  runs/s       trivial runs per second with 2 workers side by side
  find         DOS 2.0 FIND /C over a generated 2 MiB text (a real job that reads the
               text in small blocks and scans every byte: the gzip 1.2.4 run of the
               issue cannot be built here, see README.md)
  masm         MASM 5.10 assembling a generated 1,500-line source
  cl           MS C 5.10 `CL /AS /Ox` compiling and linking a generated 1,500-line C file

Every job's output files (and FIND's output) must be identical across emulators, or the
benchmark says so and fails. A peer that cannot be built or run is skipped with the
reason. Prints medians with min-max and one table of ratios hvdos / peer (below 1 means
hvdos is faster or smaller). Not a test: nothing here passes or fails on a figure.
Needs /work/shared's layout beside the source tree (../shared); exits 77 without it."""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(SRC), 'shared')
TOOLS4 = os.path.join(SHARED, 'dosprogs', 'msdos-4.0-tools')
DOS2 = os.path.join(SHARED, 'dosprogs', 'msdos-2.0')
EMU2_TARBALL = 'emu2-9d8698d06e67.tar.gz'
FIND_WORDS = '"hvdos kernel"'
SPAWN_LOCK = threading.Lock()


def gen_text(path, size=2 * 1024 * 1024):
    """A 2 MiB text of CRLF lines from a small vocabulary (FIND searches it)."""
    r = random.Random(15)
    words = ('alpha beta gamma delta sort find hvdos emulator kernel memory segment '
             'offset interrupt vector handle buffer').split()
    out, n = [], 0
    while n < size:
        line = ' '.join(r.choice(words) for _ in range(r.randint(3, 12))) + '\r\n'
        out.append(line)
        n += len(line)
    with open(path, 'w', newline='') as f:
        f.write(''.join(out)[:size])


def gen_c(path, funcs=56):
    """About 1,500 lines of C89 for MS C 5.10: loops, arrays, switches, structs, calls."""
    r = random.Random(5)
    ops = ['+', '-', '^', '|', '&']
    L = ['#include <stdio.h>', '#include <string.h>', '',
         'struct rec { int key; long sum; char name[12]; };',
         'static int table[64];', 'static struct rec recs[16];', '']
    for i in range(funcs):
        a, b, c = r.randint(1, 97), r.randint(1, 31), r.randint(2, 15)
        L += ['/* function %d: mixes its argument with the table */' % i,
              'static long f%d(int x, int y)' % i, '{',
              '    long acc = %dL;' % r.randint(0, 999), '    int i, j;', '',
              '    for (i = 0; i < %d; i++) {' % r.randint(4, 40),
              '        j = (x %s i * %d) & 63;' % (r.choice(ops), a),
              '        table[j] = table[j] %s (y + %d);' % (r.choice(ops), b),
              '        if (table[j] > %d)' % r.randint(100, 5000),
              '            acc += table[j] / %d;' % c, '        else',
              '            acc -= (long)table[j] * %d;' % c, '    }',
              '    switch ((int)(acc & 7)) {',
              '    case 0: acc += x; break;', '    case 1: acc ^= y; break;',
              '    case 2: acc -= %d; break;' % r.randint(1, 99),
              '    case 3: acc = acc * 3 + 1; break;',
              '    case 4: recs[x & 15].sum += acc; break;',
              '    case 5: recs[y & 15].key = (int)acc; break;',
              '    default: acc >>= 1; break;', '    }']
        if i:
            L += ['    if (x > 0)', '        acc += f%d(x - 1, y ^ %d);' % (r.randrange(i), a)]
        L += ['    return acc;', '}', '']
    L += ['int main(void)', '{', '    long total = 0;', '    int k;', '',
          '    for (k = 0; k < 16; k++) {',
          '        sprintf(recs[k].name, "rec%d", k);', '        recs[k].key = k;',
          '    }']
    for i in range(funcs):
        L.append('    total += f%d(%d, %d);' % (i, r.randint(0, 3), r.randint(0, 300)))
    L += ['    for (k = 0; k < 16; k++)',
          '        printf("%s %d %ld\\n", recs[k].name, recs[k].key, recs[k].sum);',
          '    printf("total %ld\\n", total);', '    return 0;', '}']
    with open(path, 'w', newline='') as f:
        f.write('\r\n'.join(L) + '\r\n')
    return len(L)


def gen_asm(path, procs=70):
    """About 1,500 lines for MASM 5.10: simplified segments, a macro, data, procedures."""
    r = random.Random(7)
    regs = ['ax', 'bx', 'cx', 'dx', 'si', 'di']
    L = ['        .MODEL  SMALL', '        .STACK  200h', '',
         'addmix  MACRO   dst, src, n', '        add     dst, src', '        rol     dst, 1',
         '        xor     dst, n', '        ENDM', '', '        .DATA']
    for i in range(procs):
        L.append('tab%-4d DW      %s' % (i, ', '.join(str(r.randint(0, 65535))
                                                  for _ in range(8))))
    L += ['msg     DB      \'done\', 13, 10, \'$\'', '', '        .CODE']
    for i in range(procs):
        L += ['; procedure %d' % i, 'p%d     PROC    NEAR' % i, '        push    bp',
              '        mov     bp, sp', '        mov     si, OFFSET tab%d' % i,
              '        mov     cx, 8', '        xor     ax, ax', 'l%d:' % i,
              '        add     ax, [si]', '        add     si, 2']
        for _ in range(r.randint(4, 9)):
            d, s = r.choice(regs[:2]), r.choice(regs[3:])
            L.append('        addmix  %s, %s, %d' % (d, s, r.randint(1, 999)))
        L += ['        loop    l%d' % i, '        cmp     ax, %d' % r.randint(0, 65535),
              '        jb      s%d' % i, '        sub     ax, %d' % r.randint(0, 999),
              's%d:    pop     bp' % i, '        ret', 'p%d     ENDP' % i, '']
    L += ['start:  mov     ax, @data', '        mov     ds, ax']
    L += ['        call    p%d' % i for i in range(procs)]
    L += ['        mov     dx, OFFSET msg', '        mov     ah, 9', '        int     21h',
          '        mov     ax, 4C00h', '        int     21h', '        END     start']
    with open(path, 'w', newline='') as f:
        f.write('\r\n'.join(L) + '\r\n')
    return len(L)


class Job:
    """A DOS command: PROG is a drive-qualified DOS path; env and outputs by name."""

    def __init__(self, name, prog, args, env=(), outputs=(), stdout=False, dosver=None):
        self.name, self.prog, self.args = name, prog, args
        self.env, self.outputs, self.stdout, self.dosver = list(env), outputs, stdout, dosver


# DOS drives: C: is the run's directory; T: the MS-DOS 4.0 tools; U: MS-DOS 2.0.
TOOL_ENV = [('PATH', 'T:\\'), ('INCLUDE', 'T:\\BLD\\INC'), ('LIB', 'T:\\BLD\\LIB'),
            ('TMP', 'C:\\')]
JOBS = {
    'find': Job('find', 'U:\\FIND.EXE', ['/C', FIND_WORDS, 'TEXT.TXT'], stdout=True,
                dosver='2.0'),
    'masm': Job('masm', 'T:\\MASM.EXE', ['X.ASM,X.OBJ,NUL,NUL;'], TOOL_ENV, ['X.OBJ']),
    'cl': Job('cl', 'T:\\CL.EXE', ['/AS', '/Ox', 'Y.C'], TOOL_ENV, ['Y.OBJ', 'Y.EXE']),
}
DRIVES = {'T': TOOLS4, 'U': DOS2}


def host_path(dos):
    return os.path.join(DRIVES[dos[0]], dos[3:])


def run(cmd, cwd, env=None, stdout=None):
    """Wall time and exit status of one run, from exec to exit (posix_spawn: vfork
    underneath, so the figure has little of this Python in it)."""
    out = stdout or os.devnull
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
               (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    with SPAWN_LOCK:  # posix_spawn has no working directory of its own
        os.chdir(cwd)
        t0 = time.perf_counter()
        pid = os.posix_spawn(shutil.which(cmd[0]), cmd, env if env is not None else os.environ,
                             file_actions=actions)
    _, status = os.waitpid(pid, 0)
    t = time.perf_counter() - t0
    return t, os.waitstatus_to_exitcode(status)


def peak_rss(cmd, cwd, env=None):
    """Peak RSS in KiB, by /usr/bin/time: a child's peak includes the process it was
    exec'd from (Linux keeps the high-water mark across exec), so the spawner must be
    small, not this Python."""
    with tempfile.NamedTemporaryFile('r') as f:
        t, rc = run(['/usr/bin/time', '-f', '%M', '-o', f.name] + cmd, cwd, env)
        return int(f.read().split()[-1]) if rc == 0 else None


class Emulator:
    """One emulator with its own copy of the inputs, so outputs can be compared."""
    micro_calls = 200  # thousands of hostcalls in the long run
    starts = 20        # EXIT.COM runs per start-up sample
    parallel_runs = 200

    def __init__(self, name, root):
        self.name = name
        self.dir = os.path.join(root, name.replace(' ', '-'))
        self.samples = {}

    def add(self, fig, value):
        self.samples.setdefault(fig, []).append(value)

    def read_stdout(self, path):
        with open(path, 'rb') as f:
            return f.read()

    def job(self, prog, args, env=(), dosver=None, stdout=None):
        c, e = self.cmd(prog, args, env, dosver)
        return run(c, self.dir, e, stdout)


class Hvdos(Emulator):
    def __init__(self, exe, cpu, root):
        super().__init__('hvdos' if cpu == 'auto' else 'hvdos ' + cpu, root)
        self.exe, self.cpu = exe, cpu
        if cpu == 'kvm':
            self.micro_calls, self.starts, self.parallel_runs = 5, 5, 40

    def available(self):
        t, rc = run([self.exe, '--headless', '--cpu=' + self.cpu, 'EXIT.COM'], self.dir)
        return rc == 0, 'it cannot run here (try %s --cpu=%s)' % (self.exe, self.cpu)

    def cmd(self, prog, args, env=(), dosver=None):
        # --speed=max: as fast as it goes, as DOSBox's cycles=max and emu2
        c = [self.exe, '--headless', '--cpu=' + self.cpu, '--speed=max']
        for letter, path in DRIVES.items():
            c += ['--drive', '%s=%s:ro' % (letter, path)]
        for k, v in env:
            c += ['--env', '%s=%s' % (k, v)]
        if dosver:
            c.append('--dos-version=' + dosver)
        return c + [host_path(prog) if prog[1] == ':' else prog] + list(args), None


class Emu2(Emulator):
    def __init__(self, exe, root):
        super().__init__('emu2', root)
        self.exe = exe

    def available(self):
        if not self.exe:
            return False, 'it could not be built from ../shared/peers/' + EMU2_TARBALL
        t, rc = run([self.exe, 'EXIT.COM'], self.dir)
        return rc == 0, 'it does not run EXIT.COM (status %d)' % rc

    def cmd(self, prog, args, env=(), dosver=None):
        e = dict(os.environ)
        for letter, path in DRIVES.items():
            e['EMU2_DRIVE_' + letter] = path
        if dosver:
            e['EMU2_DOSVER'] = dosver
        c = [self.exe, host_path(prog) if prog[1] == ':' else prog] + list(args)
        if env:
            c += ['--'] + ['%s=%s' % kv for kv in env]
        return c, e


class Dosbox(Emulator):
    micro_calls, starts, parallel_runs = 20, 1, 4

    def __init__(self, core, root):
        super().__init__('DOSBox ' + core, root)
        self.core = core

    def available(self):
        if not shutil.which('dosbox'):
            return False, 'dosbox is not installed (apt-get install dosbox)'
        os.makedirs(self.dir, exist_ok=True)
        self.conf = os.path.join(self.dir, 'dosbox.conf')
        with open(self.conf, 'w') as f:
            f.write('[sdl]\noutput=surface\n[cpu]\ncore=%s\ncycles=max\n[mixer]\n'
                    'nosound=true\n[speaker]\npcspeaker=false\n' % self.core)
        self.seq = 0
        t, rc = self.job('EXIT.COM', [])
        return rc == 0, 'dosbox does not run here (status %d)' % rc

    def cmd(self, prog, args, env=(), dosver=None):
        # DOSBox has no exit status for the program and no way to its stdout but a
        # redirection: a batch file runs it with > OUT.TXT and ends DOSBox.
        self.seq += 1
        bat = 'R%d.BAT' % self.seq
        lines = ['@echo off'] + ['set %s=%s' % kv for kv in env]
        if dosver:
            lines.append('ver set %s' % dosver.replace('.', ' '))
        lines += [' '.join([prog] + list(args)) + ' > OUT.TXT', 'exit']
        with open(os.path.join(self.dir, bat), 'w', newline='') as f:
            f.write('\r\n'.join(lines) + '\r\n')
        c = ['dosbox', '-conf', self.conf, '-c', 'mount c "%s"' % self.dir]
        for letter, path in DRIVES.items():
            c += ['-c', 'mount %s "%s"' % (letter.lower(), path)]
        c += ['-c', 'c:', '-c', bat]
        return c, dict(os.environ, SDL_VIDEODRIVER='dummy', SDL_AUDIODRIVER='dummy')

    def job(self, prog, args, env=(), dosver=None, stdout=None):
        t, rc = super().job(prog, args, env, dosver)
        if stdout:
            shutil.copy(os.path.join(self.dir, 'OUT.TXT'), stdout)
        return t, rc


def build_emu2(build):
    """emu2 built from its source tarball in BUILD/peers/, once; None if it fails."""
    tarball = os.path.join(SHARED, 'peers', EMU2_TARBALL)
    top = os.path.join(build, 'peers', EMU2_TARBALL[:-7])
    exe = os.path.join(top, 'emu2', 'emu2')
    if os.path.exists(exe):
        return exe
    if not os.path.exists(tarball):
        return None
    os.makedirs(top, exist_ok=True)
    if subprocess.run(['tar', '-xzf', tarball, '-C', top]).returncode:
        return None
    p = subprocess.run(['make', '-C', os.path.join(top, 'emu2'), 'CC=gcc'],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode or not os.path.exists(exe):
        sys.stderr.write(p.stdout.decode(errors='replace')[-2000:])
        return None
    return exe


def check(emu, what, rc):
    if rc != 0:
        sys.exit('%s: %s failed (status %d)' % (emu.name, what, rc))


def round_micro(emu):
    """One sample of each micro figure."""
    n = emu.starts
    total = 0.0
    for _ in range(n):
        t, rc = emu.job('EXIT.COM', [])
        check(emu, 'EXIT.COM', rc)
        total += t
    emu.add('start-up ms', total / n * 1e3)
    if os.access('/usr/bin/time', os.X_OK):
        c, e = emu.cmd('EXIT.COM', [])
        rss = peak_rss(c, emu.dir, e)
        if rss:
            emu.add('peak RSS MiB', rss / 1024)
    k = emu.micro_calls
    for f, fig in (('v', 'AH=30h us'), ('t', 'AH=2Ch+30h us'), ('w', 'AH=40h 512B us'),
                   ('r', 'AH=3Fh 512B us')):
        t1, rc1 = emu.job('HOSTCALL.COM', [f, str(k)])
        t2, rc2 = emu.job('HOSTCALL.COM', [f, str(2 * k)])
        check(emu, 'HOSTCALL.COM ' + f, rc1 or rc2)
        emu.add(fig, max(t2 - t1, 0) / (k * 1000) * 1e6)
    emu.add('runs/s, 2 workers', parallel_rate(emu))


def parallel_rate(emu):
    n = emu.parallel_runs
    fails = []

    def worker(count):
        for _ in range(count):
            _, rc = emu.job('EXIT.COM', [])
            if rc:
                fails.append(rc)

    threads = [threading.Thread(target=worker, args=(n // 2,)) for _ in range(2)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    t = time.perf_counter() - t0
    if fails and not isinstance(emu, Dosbox):
        sys.exit('%s: a parallel EXIT.COM run failed (%d)' % (emu.name, fails[0]))
    return (n // 2 * 2) / t


def round_job(emu, job, outputs):
    for name in job.outputs:
        for case in (name, name.lower()):
            p = os.path.join(emu.dir, case)
            if os.path.exists(p):
                os.unlink(p)
    so = os.path.join(emu.dir, 'STDOUT.TXT') if job.stdout else None
    t, rc = emu.job(job.prog, job.args, job.env, job.dosver, so)
    if not isinstance(emu, Dosbox):
        check(emu, job.name, rc)
    got = {}
    for name in job.outputs:
        for case in (name, name.lower()):
            p = os.path.join(emu.dir, case)
            if os.path.exists(p):
                with open(p, 'rb') as f:
                    got[name] = f.read()
        if name not in got:
            sys.exit('%s: %s wrote no %s' % (emu.name, job.name, name))
    if so:
        got['stdout'] = emu.read_stdout(so)
    outputs.setdefault(job.name, {})[emu.name] = got
    emu.add(job.name + ' s', t)


def fmt(v):
    return '%.3g' % v if v < 100 else '%.0f' % v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build', default=os.path.join(SRC, 'build'),
                    help='build folder (hvdos, tests/bench/*.com; emu2 is built in peers/)')
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--jobs', default='find,masm,cl', help='comma-separated: find,masm,cl')
    ap.add_argument('--kvm', action='store_true',
                    help='also run hvdos --cpu=kvm (micro figures only: under a KVM that '
                         'emulates real mode the jobs take minutes)')
    ap.add_argument('--no-dosbox', action='store_true')
    args = ap.parse_args()
    if not os.path.isdir(TOOLS4) or not os.path.isdir(DOS2):
        print('SKIP: %s is absent' % os.path.join(SHARED, 'dosprogs'))
        sys.exit(77)
    build = os.path.abspath(args.build)
    exe = os.path.join(build, 'hvdos')
    progs = os.path.join(build, 'tests', 'bench')
    jobs = [JOBS[j] for j in args.jobs.split(',') if j]

    root = tempfile.mkdtemp(prefix='hvdos-peers-')
    emus = [Hvdos(exe, 'auto', root)]
    if args.kvm:
        emus.append(Hvdos(exe, 'kvm', root))
    emus.append(Emu2(build_emu2(build), root))
    if not args.no_dosbox:
        emus += [Dosbox('normal', root), Dosbox('dynamic', root)]
    if not os.access('/usr/bin/time', os.X_OK):
        print('peak RSS not measured: /usr/bin/time is missing (apt-get install time)')
    ready = []
    for e in emus:
        os.makedirs(e.dir, exist_ok=True)
        shutil.copy(os.path.join(progs, 'exit.com'), os.path.join(e.dir, 'EXIT.COM'))
        shutil.copy(os.path.join(progs, 'hostcall.com'), os.path.join(e.dir, 'HOSTCALL.COM'))
        gen_text(os.path.join(e.dir, 'TEXT.TXT'))
        gen_asm(os.path.join(e.dir, 'X.ASM'))
        gen_c(os.path.join(e.dir, 'Y.C'))
        ok, why = e.available()
        if ok:
            ready.append(e)
        else:
            print('%s skipped: %s' % (e.name, why))
    with open(os.path.join(ready[0].dir, 'X.ASM')) as f:
        asm_lines = sum(1 for _ in f)
    with open(os.path.join(ready[0].dir, 'Y.C')) as f:
        c_lines = sum(1 for _ in f)
    print('rounds: %d, interleaved; X.ASM %d lines, Y.C %d lines, TEXT.TXT 2 MiB'
          % (args.rounds, asm_lines, c_lines))

    outputs = {}
    for rnd in range(args.rounds):
        for e in ready:
            round_micro(e)
            if getattr(e, 'cpu', None) != 'kvm':
                for j in jobs:
                    round_job(e, j, outputs)
        print('round %d of %d done' % (rnd + 1, args.rounds), flush=True)

    same = True
    for job, per in outputs.items():
        names = list(per)
        for n in names[1:]:
            if per[n] != per[names[0]]:
                diff = [k for k in per[n] if per[n][k] != per[names[0]].get(k)]
                print('OUTPUTS DIFFER: %s: %s against %s (%s)'
                      % (job, n, names[0], ', '.join(diff)))
                same = False
    if same and outputs:
        print('outputs identical across emulators: %s' % ', '.join(outputs))

    figs = []
    for e in ready:
        for f in e.samples:
            if f not in figs:
                figs.append(f)
    print('\nmedian [min-max] of %d rounds' % args.rounds)
    w = 26
    print('%-18s' % 'figure' + ''.join('%-*s' % (w, e.name) for e in ready))
    for f in figs:
        row = '%-18s' % f
        for e in ready:
            s = e.samples.get(f)
            row += '%-*s' % (w, '%s [%s-%s]' % (fmt(statistics.median(s)), fmt(min(s)),
                                                  fmt(max(s))) if s else '-')
        print(row)

    base = ready[0]
    peers = [e for e in ready if not isinstance(e, Hvdos)]
    print('\nratio %s / peer (medians; below 1: %s is faster or smaller; runs/s is '
          'peer / %s)' % (base.name, base.name, base.name))
    print('%-18s' % 'figure' + ''.join('%-16s' % p.name for p in peers))
    for f in figs:
        row = '%-18s' % f
        for p in peers:
            a, b = base.samples.get(f), p.samples.get(f)
            if not a or not b or statistics.median(b) <= 0 or statistics.median(a) <= 0:
                row += '%-16s' % '-'
                continue
            r = statistics.median(a) / statistics.median(b)
            if f.startswith('runs/s'):
                r = 1 / r
            row += '%-16s' % ('%.2fx' % r)
        print(row)
    if 'peak RSS MiB' in base.samples:
        for p in peers:
            if 'peak RSS MiB' in p.samples:
                print('peak RSS %s - %s: %+.2f MiB' % (base.name, p.name,
                      statistics.median(base.samples['peak RSS MiB'])
                      - statistics.median(p.samples['peak RSS MiB'])))
    shutil.rmtree(root, ignore_errors=True)
    return 0 if same else 1


if __name__ == '__main__':
    sys.exit(main())
