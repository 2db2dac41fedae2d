#!/usr/bin/env python3
"""Runs one DOS program in DOSBox 0.74 and in hvdos on copies of the same drives and
shows both outputs side by side: a second opinion where DOS behaviour is unclear.

    scripts/dosbox_compare.py build/tests/guest/dos_files.com \\
        --setup tests/guest/dosfs_setup.py:files --drive D --drive R:ro

Drives: C: is a scratch copy made for each emulator; --drive L makes another empty
scratch directory as drive L: (DOSBox cannot make a drive read-only; ':ro' only
applies to hvdos). --setup MODULE:FUNC calls FUNC(drives) to fill the directories
(drives maps 'C', 'D', ... to host paths). --file NAME=TEXT puts a file on C:.
DOSBox is headless (SDL_VIDEODRIVER=dummy); its output is what the program writes
to standard output, captured with DOS redirection. It is not part of the test
suite: DOSBox has bugs of its own (FCB random block read does not return CX at end
of file; 0Ah keeps a leftover LF from redirected input)."""
import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile


def make_drives(args, base):
    drives = {'C': os.path.join(base, 'c')}
    os.makedirs(drives['C'])
    for spec in args.drive:
        letter = spec[0].upper()
        drives[letter] = os.path.join(base, letter.lower())
        os.makedirs(drives[letter])
    for spec in args.file:
        name, _, text = spec.partition('=')
        with open(os.path.join(drives['C'], name), 'w') as f:
            f.write(text)
    if args.setup:
        path, _, func = args.setup.partition(':')
        spec = importlib.util.spec_from_file_location('setup', path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        getattr(mod, func)(drives)
    shutil.copyfile(args.program, os.path.join(drives['C'], os.path.basename(args.program).upper()))
    return drives


def run_dosbox(args, drives):
    prog = os.path.basename(args.program).upper()
    cmds = []
    for letter, path in drives.items():
        cmds += ['-c', 'mount %s %s' % (letter.lower(), path)]
    cmds += ['-c', 'c:', '-c', '%s %s > DBOXOUT.TXT' % (prog, ' '.join(args.args)), '-c', 'exit']
    env = dict(os.environ, SDL_VIDEODRIVER='dummy', SDL_AUDIODRIVER='dummy')
    try:
        subprocess.run(['dosbox', '-noconsole'] + cmds, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print('(DOSBox did not finish in %g s; its output so far follows)' % args.timeout)
    for name in os.listdir(drives['C']):
        if name.upper() == 'DBOXOUT.TXT':
            with open(os.path.join(drives['C'], name), 'rb') as f:
                return f.read()
    return b'(no output)'


def run_hvdos(args, drives):
    prog = os.path.basename(args.program).upper()
    cmd = [args.hvdos, '--headless']
    for spec in args.drive:
        letter = spec[0].upper()
        cmd += ['--drive', '%s=%s%s' % (letter, drives[letter], ':ro' if spec.endswith(':ro') else '')]
    cmd += [prog] + args.args
    p = subprocess.run(cmd, cwd=drives['C'], stdout=subprocess.PIPE, timeout=args.timeout)
    return p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('program')
    ap.add_argument('args', nargs='*')
    ap.add_argument('--drive', action='append', default=[])
    ap.add_argument('--file', action='append', default=[])
    ap.add_argument('--setup')
    ap.add_argument('--hvdos', default=os.path.join(os.path.dirname(__file__), '..', 'build', 'hvdos'))
    ap.add_argument('--timeout', type=float, default=60)
    args = ap.parse_args()
    if not shutil.which('dosbox'):
        sys.exit('dosbox is not installed (apt-get install dosbox)')
    outs = {}
    for name, runner in (('dosbox', run_dosbox), ('hvdos', run_hvdos)):
        base = tempfile.mkdtemp(prefix='hvdos-compare-')
        try:
            outs[name] = runner(args, make_drives(args, base))
        finally:
            shutil.rmtree(base, ignore_errors=True)
    a = outs['dosbox'].decode('cp437').splitlines()
    b = outs['hvdos'].decode('cp437').splitlines()
    width = max([len(x) for x in a] + [6])
    print('%-*s | %s' % (width, 'DOSBox', 'hvdos'))
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else ''
        y = b[i] if i < len(b) else ''
        print('%-*s %s %s' % (width, x, '|' if x == y else '*', y))
    sys.exit(0 if a == b else 1)


if __name__ == '__main__':
    main()
