"""File control blocks: the CP/M-style functions old programs use, and what they do
to the host files."""
import os

from guest import Suite

s = Suite()


@s.test
def fcb_records_searches_delete_and_rename(t):
    rec = bytes(i & 0xFF for i in range(300))
    t.write('REC.DAT', rec)
    for name in ('W1.TXT', 'W2.TXT', 'W3.DOC', 'KEEP.TXT'):
        t.write(name, name[:2].lower().encode())
    os.makedirs(t.path('SUB'))
    r = t.run('dosfcb.com')
    t.ok(r, b'PASS\r\n')
    t.eq(r.file('REC.DAT'), rec, 'REC.DAT unchanged')
    t.eq(r.file('NEW.DAT'), b'A' * 128 + b'B' * 128 + b'\0' * 128, 'NEW.DAT')
    names = sorted(os.listdir(t.drive))
    # Renamed and new files get their DOS names in lower case on the host.
    t.eq(names, ['DOSFCB.COM', 'REC.DAT', 'SUB', 'kept.txt', 'new.dat', 'w3.bak'], 'files left')


s.main()
