"""Directory searches: find first/next through the DTA (wildcards, attributes, "."
and "..", the volume label, devices, several searches at once, deleted files) and
the bcc directory walker that keeps one DTA per level."""
import os
import time

from dosfs import dos_alias
from guest import Suite

s = Suite()


def volume_label(host_dir):
    base = os.path.basename(host_dir.rstrip('/'))
    label = ''.join(c.upper() for c in base
                    if c.isascii() and (c.isalnum() or c in "!#$%&'()-@^_`{}~"))[:11]
    label = (label or 'HVDOS').ljust(11)
    name, ext = label[:8].rstrip(), label[8:].rstrip()
    return name + ('.' + ext if ext else '')


@s.test
def find_first_next_wildcards_attributes_and_dtas(t):
    for name in ('A.TXT', 'B.TXT', 'C.DAT', 'NOEXT', '.hidden', 'SUB/X.TXT', 'SUB/Y.TXT',
                 '1.DEL', '2.DEL', '3.DEL'):
        t.write(name, b'aaa' if name == 'A.TXT' else b'')
    os.makedirs(t.path('SUB', 'SUBSUB'))
    mtime = time.mktime((2020, 5, 17, 13, 45, 20, 0, 0, -1))
    os.utime(t.path('A.TXT'), (mtime, mtime))
    r = t.run('dosfind.com')
    t.ok(r)
    hidden = dos_alias('.hidden')
    files = '1.DEL/20 2.DEL/20 3.DEL/20 A.TXT/20 B.TXT/20 C.DAT/20 DOSFIND.COM/20'
    want = [
        'Q1 A.TXT/20 B.TXT/20 !12',
        'Q2 %s NOEXT/20 !12' % files,
        'Q3 %s NOEXT/20 SUB/10 !12' % files,
        'Q4 %s %s/22 NOEXT/20 SUB/10 !12' % (files, hidden),
        'Q5 NOEXT/20 !12',
        'Q6 A.TXT/20 B.TXT/20 !12',
        'Q7 ./10 ../10 SUBSUB/10 X.TXT/20 Y.TXT/20 !12',
        'Q8 %s/08 !12' % volume_label(t.drive),
        'Q9 SUB/10 !12',
        'Q10 !12',
        'Q11 !12',
        'Q12 !03',
        'Q13 NUL/40 !12',
        'Q14 !12',
        'Q15 ./10 ../10 !12',
        'I A.TXT/20 X.TXT/20 B.TXT/20 Y.TXT/20 !12 !12 !12 !12',
        'C A.TXT/20 B.TXT/20 B.TXT/20',
        'D 1.DEL/20 2.DEL/20 !12',
        'Z !12',
        'S 00000003 %04X %04X' % ((2020 - 1980) << 9 | 5 << 5 | 17, 13 << 11 | 45 << 5 | 10),
        '',
    ]
    t.eq(r.stdout.decode().split('\r\n'), want)
    t.check(not os.path.exists(t.path('1.DEL')) and not os.path.exists(t.path('3.DEL')),
            'deleted during the search')


@s.test
def bcc_walker_searches_each_level_with_its_own_dta(t):
    for name in ('TOP.TXT', 'A/ONE.TXT', 'A/B/TWO.TXT', 'A/B/C/THREE.TXT', 'D/FOUR.TXT',
                 'My Documents/five.txt'):
        t.write(name, b'x' * len(name))
    r = t.run('walk.com')
    t.ok(r)
    doc = dos_alias('My Documents')
    lines = r.stdout.decode().split('\r\n')
    want = ['C:\\A\\B\\C\\THREE.TXT 15', 'C:\\A\\B\\TWO.TXT 11', 'C:\\A\\ONE.TXT 9',
            'C:\\D\\FOUR.TXT 10', 'C:\\%s\\FIVE.TXT 21' % doc, 'C:\\TOP.TXT 7',
            'C:\\WALK.COM %d' % os.path.getsize(t.path('WALK.COM')), 'files=7', '']
    t.eq(lines, want)


s.main()
