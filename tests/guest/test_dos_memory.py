"""The MCB chain (48h, 49h, 4Ah, 58h, errors 7, 8, 9, merging) and the loader's use
of an .EXE header's minimum and maximum allocation."""
import re
import struct

from guest import Suite

s = Suite()


@s.test
def mcb_chain_functions_and_errors(t):
    r = t.run('dosmem.com')
    t.ok(r, b'PASS\r\n')


def run_exe(t, maxalloc):
    exe = bytearray(open(t.prog('dosexem.exe'), 'rb').read())
    struct.pack_into('<H', exe, 12, maxalloc)
    t.write('MEM.EXE', bytes(exe))
    r = t.run('MEM.EXE', copy=False)
    t.ok(r)
    m = re.match(rb'PSP=([0-9A-F]{4}) TOP=([0-9A-F]{4}) CS=([0-9A-F]{4}) ALLOC=(ok|no)\r\n$',
                 r.stdout)
    t.check(m, r.stdout)
    pages, hdr, minalloc = struct.unpack_from('<H', exe, 4)[0], struct.unpack_from('<H', exe, 8)[0], \
        struct.unpack_from('<H', exe, 10)[0]
    image = pages * 32 - hdr
    return [int(x, 16) for x in m.groups()[:3]] + [m.group(4)], image


@s.test
def exe_gets_its_maximum_allocation_and_memory_stays_free(t):
    (psp, top, cs, alloc), image = run_exe(t, 0x20)
    t.eq(top, psp + 0x10 + image + 0x20, 'memory = PSP + image + maxalloc')
    t.eq(cs, psp + 0x10, 'loaded after the PSP')
    t.eq(alloc, b'ok', 'the rest of memory is free for 48h')


@s.test
def exe_with_maxalloc_zero_loads_high(t):
    (psp, top, cs, alloc), image = run_exe(t, 0)
    t.eq(cs, top - image, 'image at the top of its block')
    t.check(top - psp > 0x8000, 'the largest block: %04X..%04X' % (psp, top))
    t.eq(alloc, b'no', 'nothing left to allocate')


s.main()
