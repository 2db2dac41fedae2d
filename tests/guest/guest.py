"""Guest test harness: runs DOS programs (built from tests/guest/ at build time) under
hvdos in a scratch directory that is drive C:, and checks what they did.

A test file is a script:

    from guest import Suite
    s = Suite()

    @s.test
    def hello_prints_its_line(t):
        r = t.run('hello.com')
        t.eq(r.stdout, b'Hello, world!\\r\\n')

    s.main()

meson runs it as `python3 test_x.py --hvdos build/hvdos --cpu kvm --progs DIR`.
Each test gets a fresh drive C:. A backend that cannot run here makes the whole file
skip (exit 77), as KVM does without /dev/kvm."""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
import zlib

SKIP = 77
EXIT_NO_CPU = 3


def read_png(path):
    """An 8-bit RGB PNG as hvdos writes it (libpng's simplified API): (width, height,
    pixels), pixels[y][x] as 0xRRGGBB."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('%s is not a PNG' % path)
    pos, idat, w = 8, b'', 0
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], 'big')
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h = int.from_bytes(body[0:4], 'big'), int.from_bytes(body[4:8], 'big')
            if body[8:13] != bytes([8, 2, 0, 0, 0]):
                raise ValueError('%s: not 8-bit RGB without interlace' % path)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    raw, stride, prev, rows = zlib.decompress(idat), 3 * w, bytearray(3 * w), []
    for y in range(h):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 3] if i >= 3 else 0
            b, c = prev[i], prev[i - 3] if i >= 3 else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([line[x] << 16 | line[x + 1] << 8 | line[x + 2] for x in range(0, stride, 3)])
        prev = line
    return w, h, rows


def rom_glyphs(ttf, height):
    """The 256 glyphs of a font in fonts/ as bios/ttf2font.py draws them at build time
    into the ROM (tests/unit/test_rom_fonts.c checks that drawing against FreeType)."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
    sys.path.insert(0, os.path.join(root, 'bios'))
    sys.dont_write_bytecode = True  # nothing written into the source tree
    import ttf2font
    cp437 = ttf2font.cp437_table(os.path.join(root, 'src', 'bios', 'cp437.c'))
    return ttf2font.font_table(ttf2font.Font(os.path.join(root, 'fonts', ttf)), cp437, height)


# What hvdos says once on stderr when --cpu=kvm is asked for where KVM only emulates
# real mode (test_core checks it); the other tests see stderr without it.
KVM_NOTICE = b'hvdos: --cpu=kvm: KVM only emulates real mode'


def without_kvm_notice(stderr):
    return b''.join(line for line in stderr.splitlines(keepends=True)
                    if not line.startswith(KVM_NOTICE))


class Result:
    def __init__(self, status, stdout, stderr, drive):
        self.status = status
        self.stdout = stdout
        self.stderr = without_kvm_notice(stderr)
        self.drive = drive

    def file(self, name):
        """Bytes of a file the program left on drive C: (host name, any case)."""
        for entry in os.listdir(self.drive):
            if entry.lower() == name.lower():
                with open(os.path.join(self.drive, entry), 'rb') as f:
                    return f.read()
        return None

    def __repr__(self):
        return 'status=%r stdout=%r stderr=%r' % (self.status, self.stdout[:400], self.stderr[:400])


class Failure(Exception):
    pass


class Skipped(Exception):
    """A test that cannot run on this machine (t.skip): counted apart."""


class Test:
    def __init__(self, suite, name):
        self.suite = suite
        self.name = name
        self.drive = tempfile.mkdtemp(prefix='hvdos-test-')
        self.notes = []

    def path(self, *parts):
        return os.path.join(self.drive, *parts)

    def write(self, name, data):
        """Puts a file on drive C: before the run."""
        full = self.path(name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'wb') as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return full

    def prog(self, name):
        """Host path of a built guest program."""
        return os.path.join(self.suite.progs, name)

    def run(self, program, *args, stdin=b'', options=(), timeout=120, copy=True, cwd=None,
            cpu=None, env=None):
        """Runs a program headless with drive C: = the scratch directory. The program
        is copied there (so it runs as C:\\NAME) unless copy=False, in which case
        `program` is used as the host path as it is."""
        if copy:
            src = program if os.path.isabs(program) else self.prog(program)
            dst = self.path(os.path.basename(program).upper())
            shutil.copyfile(src, dst)
            program = os.path.basename(dst)
        cmd = [self.suite.hvdos, '--headless', '--cpu=' + (cpu or self.suite.cpu)]
        cmd += list(options)
        cmd += [program] + list(args)
        p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           cwd=cwd or self.drive, timeout=timeout, env=self.environ(env))
        return Result(p.returncode, p.stdout, p.stderr, self.drive)

    def environ(self, env=None):
        """hvdos's environment: no user configuration file unless the test gives
        XDG_CONFIG_HOME (./hvdos.ini is the scratch directory's)."""
        return dict(os.environ, **dict({'XDG_CONFIG_HOME': self.path('.no-config')}, **(env or {})))

    def hvdos(self, *args, stdin=b'', options=(), timeout=120, progs=(), env=None):
        """Runs hvdos headless in drive C: with these arguments (no program copied:
        the prompt, -c, or a batch file), after copying the built programs named in
        progs to drive C: (under 8.3 names: STDIN_UP.COM)."""
        for name in progs:
            # As an 8.3 name: what DOS makes of the longer name typed finds it.
            base, ext = os.path.splitext(name)
            shutil.copyfile(self.prog(name), self.path((base[:8] + ext).upper()))
        cmd = [self.suite.hvdos, '--headless', '--cpu=' + self.suite.cpu] + list(options)
        cmd += list(args)
        p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           cwd=self.drive, timeout=timeout, env=self.environ(env))
        return Result(p.returncode, p.stdout, p.stderr, self.drive)

    def shell(self, *commands, **kw):
        """Runs command lines through hvdos's COMMAND.COM (-c each)."""
        args = []
        for c in commands:
            args += ['-c', c]
        return self.hvdos(*args, **kw)

    def note(self, text):
        """A measured figure, printed under the test's result line in the log."""
        self.notes.append(text)

    def skip(self, why):
        raise Skipped(why)

    def check(self, cond, what):
        if not cond:
            raise Failure(what)

    def eq(self, got, want, what=''):
        if got != want:
            raise Failure('%sexpected %r, got %r' % (what + ': ' if what else '', want, got))

    def ok(self, r, stdout=None):
        """The program ended with status 0, printed nothing on stderr, and (if given)
        exactly `stdout`."""
        if r.status != 0:
            raise Failure('exit status %d, stdout %r, stderr %r'
                          % (r.status, r.stdout[-600:], r.stderr[-600:]))
        if stdout is not None:
            self.eq(r.stdout, stdout, 'stdout')

    def cleanup(self):
        shutil.rmtree(self.drive, ignore_errors=True)


class Suite:
    def __init__(self):
        ap = argparse.ArgumentParser()
        ap.add_argument('--hvdos', required=True)
        ap.add_argument('--cpu', default='kvm')
        ap.add_argument('--progs', required=True, help='directory of built guest programs')
        ap.add_argument('--src', default=os.path.dirname(os.path.abspath(__file__)))
        ap.add_argument('only', nargs='*', help='run only these tests')
        self.args = ap.parse_args()
        self.hvdos = os.path.abspath(self.args.hvdos)
        self.cpu = self.args.cpu
        self.progs = os.path.abspath(self.args.progs)
        self.src = self.args.src
        self.tests = []

    def test(self, fn):
        self.tests.append(fn)
        return fn

    def backend_missing(self):
        """Why the backend cannot run here (hvdos's exit status 3), or None."""
        p = subprocess.run([self.hvdos, '--headless', '--cpu=' + self.cpu,
                            os.path.join(self.progs, 'hello.com')],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if p.returncode == EXIT_NO_CPU:
            return p.stderr.decode(errors='replace').strip()
        return None

    def main(self):
        failed = passed = skipped = 0
        why = self.backend_missing()
        if why:
            print('SKIP: the %s backend cannot run here: %s' % (self.cpu, why))
            sys.exit(SKIP)
        for fn in self.tests:
            if self.args.only and fn.__name__ not in self.args.only:
                continue
            t = Test(self, fn.__name__)
            try:
                fn(t)
                passed += 1
                print('ok   %s' % fn.__name__)
                for n in t.notes:
                    print('     %s' % n)
            except Skipped as e:
                skipped += 1
                print('skip %s: %s' % (fn.__name__, e))
            except Failure as e:
                failed += 1
                print('FAIL %s: %s' % (fn.__name__, e))
            except Exception:
                failed += 1
                print('FAIL %s: exception' % fn.__name__)
                traceback.print_exc(file=sys.stdout)
            finally:
                t.cleanup()
        print('%d passed, %d failed%s' % (passed, failed,
                                           ', %d skipped' % skipped if skipped else ''))
        sys.exit(1 if failed else 0)
