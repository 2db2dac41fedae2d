"""Containment: a guest program tries every path trick and every operation that
reaches the host (dosesc.asm); none may read, change or create anything outside
its drives, follow a symlink out, hang on a FIFO, or change a read-only drive."""
import os
import re
import shutil
import tempfile

from dosfs import snapshot
from guest import Suite

s = Suite()

SECRET = b'SECRET-OUTSIDE-THE-DRIVE'
OPS = 'o c n e a m h t f s x d r'.split()


def parse(out):
    """{index or 'RO': {op: error}} and what each line read or found."""
    results = {}
    for line in out.split('\r\n'):
        m = re.match(r'([0-9A-F]{2}|RO)(.*)$', line)
        if not m:
            continue
        ops = dict(re.findall(r' ([a-z])=([0-9A-F]{2})', m.group(2)))
        results[m.group(1)] = (ops, m.group(2))
    return results


@s.test
def no_path_symlink_device_or_fifo_reaches_outside_the_drive(t):
    base = tempfile.mkdtemp(prefix='hvdos-escape-')
    try:
        outside = os.path.join(base, 'outside')
        os.makedirs(os.path.join(outside, 'sub'))
        with open(os.path.join(outside, 'secret.txt'), 'wb') as f:
            f.write(SECRET)
        # A program outside that would say so if it ran.
        shutil.copyfile(t.prog('hello.com'), os.path.join(outside, 'prog.com'))
        drive = os.path.join(base, 'drive')
        os.makedirs(os.path.join(drive, 'sub'))
        with open(os.path.join(drive, 'in.txt'), 'wb') as f:
            f.write(b'inside')
        with open(os.path.join(drive, 'sub', 'x.txt'), 'wb') as f:
            f.write(b'xx')
        os.symlink('../outside/secret.txt', os.path.join(drive, 'lnk_file'))
        os.symlink('../outside', os.path.join(drive, 'lnk_dir'))
        os.symlink(os.path.join(outside, 'secret.txt'), os.path.join(drive, 'abs_file'))
        os.symlink(outside, os.path.join(drive, 'abs_dir'))
        os.symlink('../..', os.path.join(drive, 'sub', 'up'))
        os.symlink('../outside/created.txt', os.path.join(drive, 'dangle'))
        os.symlink('in.txt', os.path.join(drive, 'ok_file'))
        os.symlink('sub', os.path.join(drive, 'ok_link'))
        os.mkfifo(os.path.join(drive, 'fifo'))
        ro = os.path.join(base, 'ro')
        os.makedirs(ro)
        with open(os.path.join(ro, 'keep.txt'), 'wb') as f:
            f.write(b'\xb8\x00\x4c\xcd\x21')  # mov ax,4C00h; int 21h: EXEC may run it
        shutil.copyfile(t.prog('dosesc.com'), os.path.join(drive, 'DOSESC.COM'))
        before_out, before_ro = snapshot(outside), snapshot(ro)

        r = t.run('DOSESC.COM', copy=False, cwd=drive, options=['--drive', 'R=' + ro + ':ro'],
                  timeout=60)
        t.eq(r.status, 0, 'exit status (stderr %r)' % r.stderr)
        out = r.stdout.decode(errors='replace')
        t.check(SECRET.decode() not in out, 'the secret leaked: %r' % out)
        t.check('Hello' not in out, 'a program outside the drive ran: %r' % out)
        t.eq(snapshot(outside), before_out, 'nothing outside the drive changed')
        t.eq(snapshot(ro), before_ro, 'the read-only drive is unchanged')
        t.check(not os.path.exists(os.path.join(outside, 'created.txt')), 'created outside')

        res = parse(out)
        for i in range(27):
            ops, rest = res['%02X' % i]
            t.eq(sorted(ops), sorted(OPS), 'attempt %d: every operation reported' % i)
            worked = [op for op, err in ops.items() if err == '00']
            t.eq(worked, [], 'attempt %d (%s): operations that worked' % (i, rest))
            t.check('read[' not in rest and 'found[' not in rest, 'attempt %d: %s' % (i, rest))
        # Symlinks that stay inside the drive work like the files they lead to.
        ops, rest = res['1B']
        t.eq(ops['o'], '00', 'OK_FILE opens')
        t.check('read[inside]' in rest, rest)
        ops, rest = res['1C']
        t.eq(ops['o'], '00', 'OK_LINK\\X.TXT opens')
        t.check('read[xx]' in rest, rest)
        # The read-only drive reads and runs, and refuses every change.
        ops, rest = res['RO']
        t.eq(ops['o'], '00', 'read on R:')
        t.eq(ops['x'], '00', 'EXEC from R:')
        for op in 'c e a m d'.split():
            t.eq(ops[op], '05', 'R: operation %s' % op)
        t.eq(ops['n'], '50', 'create-new of an existing file on R:')
        for op in 't f'.split():
            t.eq(ops[op], '11', 'rename across drives (%s)' % op)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@s.test
def escaping_symlinks_and_fifos_are_not_listed(t):
    os.makedirs(t.path('sub'))
    os.symlink('/etc', t.path('lnk_dir'))
    os.symlink('../' * 8 + 'etc/passwd', t.path('lnk_file'))
    os.symlink('sub', t.path('ok_link'))
    os.mkfifo(t.path('fifo'))
    r = t.run('dosdir.com', '*.*', '37')
    t.ok(r)
    names = [line.split()[0] for line in r.stdout.decode().split('\r\n')
             if line and not line.startswith('END')]
    t.eq(sorted(names), ['DOSDIR.COM', 'OK_LINK', 'SUB'], 'listing')


s.main()
