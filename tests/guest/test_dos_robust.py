"""Bad input: every DOS function given wrong registers, pointers past 1 MiB, strings
without an end, malformed paths, broken programs and environments, and garbage
FCBs returns its documented error; the emulator goes on."""
import shutil
import struct

from guest import Suite

s = Suite()


@s.test
def bad_input_fails_with_documented_errors(t):
    exe = open(t.prog('exe_reloc.exe'), 'rb').read()
    short = bytearray(exe)  # the header declares a page more than there is
    struct.pack_into('<H', short, 4, struct.unpack_from('<H', exe, 4)[0] + 1)
    t.write('TRUNC.EXE', bytes(short))
    t.write('EMPTY.COM', b'')
    huge = bytearray(exe)
    struct.pack_into('<H', huge, 10, 0xF000)
    t.write('HUGE.EXE', bytes(huge))
    t.write('SUB/X', b'')
    shutil.copyfile(t.prog('hello.com'), t.path('OK.COM'))
    r = t.run('dosbad.com')
    t.ok(r, b'PASS\r\n')
    t.eq(r.stderr, b'', 'nothing on stderr')


s.main()
