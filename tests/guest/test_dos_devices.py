"""Devices by name and IOCTL: what a program sees of the console, NUL, AUX, PRN and
CLOCK$, of files and drives, and of the standard handles when they are pipes."""
from guest import Suite

s = Suite()


@s.test
def devices_by_name_ioctl_and_standard_handles(t):
    t.write('SUB/A.TXT', b'')
    t.write('DATA.TXT', b'data')
    r = t.run('dosdev.com', stdin=b'xy')
    t.ok(r)
    out = r.stdout.decode()
    t.check(out.endswith('PASS\r\n'), out)
    # CON by name reaches the console, which headless is the host's stdout.
    t.check('con!\r\n' in out, out)
    t.eq(sorted(__import__('os').listdir(t.drive)), ['DATA.TXT', 'DOSDEV.COM', 'SUB'],
         'no device became a host file')


s.main()
