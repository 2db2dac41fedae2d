"""Memory beyond 640 KiB: guest RAM sized by --memory as the BIOS reports it (CMOS,
int 15h 88h/E801h/E820h) and int 15h 87h block moves into it."""
from guest import Suite

s = Suite()


def bios_lines(mib):
    """What extmem.com prints for a machine with `mib` MiB of RAM."""
    ext = mib * 1024 - 1024
    kb = min(ext, 0xFFFF)
    above16 = min(max(mib - 16, 0) * 16, 0xFFFF)
    low = min(ext, 0x3C00)
    return [
        'CMOS17h=%04X' % kb,
        'CMOS30h=%04X' % kb,
        'CMOS34h=%04X' % above16,
        'I88=%04X' % min(ext, 0xFFC0),
        'E801=%04X %04X %04X %04X' % (low, above16, low, above16),
        'E820 00000000 000A0000 0001',
        'E820 000F0000 00010000 0002',
        'E820 00100000 %08X 0001' % (ext * 1024),
        'PASS',
    ]


def check_bios(t, mib, options):
    r = t.run('extmem.com', '%08X' % (mib << 20), options=options)
    t.ok(r)
    t.eq(r.stdout.decode().split('\r\n')[:-1], bios_lines(mib))


@s.test
def default_16_mib_reported_by_cmos_and_int15_and_block_moves_reach_it(t):
    check_bios(t, 16, [])


@s.test
def memory_option_sizes_extended_memory_small(t):
    check_bios(t, 2, ['--memory=2'])


@s.test
def memory_option_sizes_extended_memory_above_64_mib(t):
    check_bios(t, 100, ['--memory=100'])


@s.test
def memory_option_rejects_sizes_out_of_range(t):
    for bad in ('1', '3073', 'x', '-4', '16k'):
        r = t.run('hello.com', options=['--memory=' + bad])
        t.eq(r.status, 2, '--memory=' + bad)
        t.check(b'--memory' in r.stderr, r.stderr)


s.main()
