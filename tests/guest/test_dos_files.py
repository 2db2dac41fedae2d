"""The DOS kernel's files and directories through handles, on three drives (C:, D:,
read-only R:), and what they leave on the host."""
import os
import re
import stat
import time

from dosfs import ExtraDirs, dos_alias, snapshot
from guest import Suite

s = Suite()


def setup_c(t):
    t.write('ReadMe.Txt', b'readme')
    t.write('long file name.text', b'long')
    t.write('sub/inner.txt', b'inner')


@s.test
def handle_file_functions_on_three_drives(t):
    setup_c(t)
    with ExtraDirs() as x:
        d = x.make({'ddir/dfile.txt': b'dfile'})
        r = x.make({'keep.txt': b'keep'})
        before_d, before_r = snapshot(d), snapshot(r)
        res = t.run('dosfile.com', options=['--drive', 'D=' + d, '--drive', 'R=' + r + ':ro'])
        t.ok(res)
        out = res.stdout.decode()
        t.check('PASS' in out, out)
        # The alias printed is the one the rule gives, so it is the same every run.
        t.check('alias=%s\r\n' % dos_alias('long file name.text') in out, out)
        # The other drives are as they were.
        t.eq(snapshot(d), before_d, 'drive D: unchanged')
        t.eq(snapshot(r), before_r, 'read-only drive R: unchanged')
    names = sorted(os.listdir(t.drive))
    t.check('new.txt' not in names, 'NEW.TXT deleted: %r' % names)
    t.check('newdir' not in names, 'NEWDIR removed: %r' % names)
    t.check('dir2' in names and 'dir1' not in names, 'DIR1 renamed to DIR2: %r' % names)
    t.check('a.txt' not in names and 'b.txt' not in names, 'A.TXT moved: %r' % names)
    t.eq(open(t.path('sub', 'b2.txt'), 'rb').read(), b'', 'SUB\\B2.TXT')
    t.eq(open(t.path('dup.txt'), 'rb').read(), b'one,two,three', 'DUP.TXT through dup and 46h')
    t.eq(open(t.path('ext.txt'), 'rb').read(), b'', 'EXT.TXT from 6Ch')
    t.check(os.path.isfile(t.path('newonly.txt')), 'NEWONLY.TXT')
    mode = os.stat(t.path('ro.txt')).st_mode
    t.check(not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH), 'RO.TXT read-only: %o' % mode)
    want = time.mktime((2001, 2, 3, 4, 5, 6, 0, 0, -1))
    t.eq(os.stat(t.path('t.txt')).st_mtime, want, 'T.TXT time set with 57h')
    t.eq(open(t.path('t.txt'), 'rb').read(), b'hel', 'T.TXT contents')
    temp = re.search(r'temp=C:\\([0-9A-F]{8})\r\n', out)
    t.check(temp, 'temporary file name in %r' % out)
    t.check(temp.group(1).lower() in names, 'temporary file on the host: %r' % names)
    t.eq(open(t.path('ReadMe.Txt'), 'rb').read(), b'readme', 'ReadMe.Txt untouched')


@s.test
def aliases_are_the_same_every_run_and_unique(t):
    # Two names that cut to the same 4 characters, a dotfile, a name with a blank,
    # and an 8.3 name spelled twice with different case.
    for name in ('Program Files', 'Programs.longext', '.profile', 'a b.txt', 'readme.txt',
                 'README.TXT'):
        t.write(name, name.encode())
    outs = []
    for _ in range(2):
        res = t.run('dosdir.com')
        t.ok(res)
        outs.append(res.stdout)
    t.eq(outs[0], outs[1], 'same listing twice')
    listing = outs[0].decode().split('\r\n')
    names = [line.split()[0] for line in listing if line and not line.startswith(('PASS', 'FAIL'))]
    t.eq(len(names), len(set(names)), 'unique DOS names: %r' % names)
    for host in ('Program Files', 'Programs.longext', '.profile', 'a b.txt'):
        t.check(dos_alias(host) in names, '%s -> %s in %r' % (host, dos_alias(host), names))
    t.check('README.TXT' in names, names)


s.main()
