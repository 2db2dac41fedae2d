"""The `real` suite: real DOS programs (MS-DOS 2.0's utilities, MS-DOS 4.0's build
tools, from ../shared/dosprogs) run as users run them, with what they should print or
write computed on the host where it can be.

meson runs one case per test: `python3 test_real.py --hvdos build/hvdos --cpu interp
--progs build/tests/guest --dosprogs DIR CASE`. Without the programs (a clone that has
no ../shared/dosprogs) every case skips (exit 77)."""
import os
import random
import re
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'guest'))

from guest import SKIP, Suite  # noqa: E402


def take_dosprogs():
    """--dosprogs DIR, taken out of the arguments before the harness parses them."""
    for i, a in enumerate(sys.argv):
        if a == '--dosprogs' and i + 1 < len(sys.argv):
            d = sys.argv[i + 1]
            del sys.argv[i:i + 2]
            return d
        if a.startswith('--dosprogs='):
            del sys.argv[i]
            return a.split('=', 1)[1]
    return ''


DOSPROGS = os.path.abspath(take_dosprogs() or '.')
DOS2 = os.path.join(DOSPROGS, 'msdos-2.0')
TOOLS = os.path.join(DOSPROGS, 'msdos-4.0-tools')
if not (os.path.isfile(os.path.join(DOS2, 'SORT.EXE')) and
        os.path.isfile(os.path.join(TOOLS, 'CL.EXE'))):
    print('SKIP: the real DOS programs are not at %s (meson option dosprogs_dir)' % DOSPROGS)
    sys.exit(SKIP)

s = Suite()
# A run that hangs ends here, not at meson's timeout.
LIMIT = ['--timeout=240']
# MS-DOS 4.0's tools as a build uses them: T: holds them, CL finds its passes on PATH
# and its headers and libraries through INCLUDE and LIB.
TOOL_OPTS = LIMIT + ['--drive', 'T=%s:ro' % TOOLS, '--env', 'PATH=T:\\',
                     '--env', 'INCLUDE=T:\\BLD\\INC', '--env', 'LIB=T:\\BLD\\LIB',
                     '--env', 'TMP=C:\\']


def dos2(name):
    return os.path.join(DOS2, name)


def crlf(lines):
    return b''.join(line + b'\r\n' for line in lines)


def words(seed, n):
    """n lines of letters, digits and blanks inside (none empty or blank at the start:
    SORT 2.0 and FIND 2.0 have quirks of their own there, which DOSBox shows too)."""
    rnd = random.Random(seed)
    alpha = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '
    return [(rnd.choice(alpha[:-1]) +
             ''.join(rnd.choice(alpha) for _ in range(rnd.randint(0, 20)))).encode()
            for _ in range(n)]


def run2(t, prog, *args, **kw):
    """An MS-DOS 2.0 program, from its own (read-only) folder, as `hvdos PROG ARGS`."""
    kw['options'] = LIMIT + list(kw.get('options', ()))
    return t.run(dos2(prog), *args, copy=False, **kw)


@s.test
def sort_orders_lines_as_the_host_does(t):
    lines = words(1, 300) + [b'same', b'same']
    data = crlf(lines)

    def sort_out(ordered):
        # SORT 2.0 ends its last line without CR LF (in DOSBox too).
        return b'\r\n'.join(ordered)

    r = run2(t, 'SORT.EXE', stdin=data)
    t.eq(r.stderr, b'')
    t.eq(r.stdout, sort_out(sorted(lines)), 'SORT')
    r = run2(t, 'SORT.EXE', '/R', stdin=data)
    t.eq(r.stdout, sort_out(sorted(lines, reverse=True)), 'SORT /R')
    r = run2(t, 'SORT.EXE', '/+3', stdin=data)
    t.eq(r.stdout, sort_out(sorted(lines, key=lambda x: x[2:])), 'SORT /+3')


@s.test
def find_lists_counts_and_numbers_matching_lines(t):
    # Under 4 KiB: FIND 2.0 counts a line twice where its 4 KiB buffer ends (/N is
    # one more from there on; DOSBox does the same).
    lines = words(2, 250)
    t.check(len(crlf(lines)) < 4096, 'the text fits in FIND 2.0\'s buffer')
    t.write('text.txt', crlf(lines))
    head = b'\r\n---------- text.txt'
    r = run2(t, 'FIND.EXE', '"ab"', 'text.txt')
    t.ok(r, head + b'\r\n' + crlf([x for x in lines if b'ab' in x]))
    r = run2(t, 'FIND.EXE', '/V', '"a"', 'text.txt')
    t.ok(r, head + b'\r\n' + crlf([x for x in lines if b'a' not in x]))
    r = run2(t, 'FIND.EXE', '/C', '"e"', 'text.txt')
    t.ok(r, head + b': %d\r\n' % sum(1 for x in lines if b'e' in x))
    r = run2(t, 'FIND.EXE', '/N', '"Q"', 'text.txt')
    t.ok(r, head + b'\r\n' + crlf([b'[%d]%s' % (i + 1, x) for i, x in enumerate(lines)
                                      if b'Q' in x]))
    # From standard input, as in a pipe: no file name heading.
    r = run2(t, 'FIND.EXE', '"ab"', stdin=crlf(lines))
    t.ok(r, crlf([x for x in lines if b'ab' in x]))


C_PROGRAM = r'''
#include <stdio.h>
#include <string.h>

static int is_prime(int n)
{
    int d;
    if (n < 2)
        return 0;
    for (d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

int main(int argc, char **argv)
{
    int i, primes = 0;
    unsigned long sum = 0;
    for (i = 0; i < 5000; i++)
        primes += is_prime(i);
    for (i = 1; i < argc; i++)
        sum = sum * 31 + strlen(argv[i]);
    printf("primes %d args %d sum %lu\n", primes, argc - 1, sum);
    return primes % 256;
}
'''


def host_c_program(args):
    primes = sum(1 for n in range(5000) if n >= 2 and all(n % d for d in range(2, int(n ** 0.5) + 1)))
    h = 0
    for a in args:
        h = (h * 31 + len(a)) % 2 ** 32
    return b'primes %d args %d sum %d\r\n' % (primes, len(args), h), primes % 256


@s.test
def cl_compiles_a_c_program_that_then_runs(t):
    t.write('PRIMES.C', C_PROGRAM.replace('\n', '\r\n'))
    r = t.run(os.path.join(TOOLS, 'CL.EXE'), '/AS', '/Ox', 'PRIMES.C', copy=False,
              options=TOOL_OPTS)
    t.ok(r)
    t.check(r.file('primes.exe') and r.file('primes.obj'), 'CL wrote PRIMES.OBJ and PRIMES.EXE')
    args = ['one', 'three', 'fifteen-letters']
    want, status = host_c_program(args)
    # DOS made the file, in lower case; it is found as DOS finds it.
    r = t.run('PRIMES', *args, copy=False, options=LIMIT)
    t.eq(r.stdout, want, 'the compiled program')
    t.eq(r.status, status, 'its return code')


HELLO_ASM = '''code    segment
        assume  cs:code, ds:code
        org     100h
start:  mov     dx, offset msg
        mov     ah, 9
        int     21h
        mov     ax, 4C07h
        int     21h
msg     db      'Hello from MASM, LINK and EXE2BIN', 13, 10, '$'
code    ends
        end     start
'''


@s.test
def masm_link_exe2bin_make_a_com_program(t):
    t.write('HI.ASM', HELLO_ASM.replace('\n', '\r\n'))
    r = t.shell('masm hi;', 'link hi;', 'exe2bin hi.exe hi.com', options=TOOL_OPTS)
    t.eq(r.status, 0, 'the build: %r' % r)
    t.check(b'0 Severe  Errors' in r.stdout, 'MASM: %r' % r.stdout[-300:])
    com = r.file('hi.com')
    t.check(com is not None and com[:3] == b'\xba\x0c\x01', 'HI.COM starts with its MOV DX')
    r = t.run('HI.COM', copy=False, options=LIMIT)
    t.eq(r.stdout, b'Hello from MASM, LINK and EXE2BIN\r\n')
    t.eq(r.status, 7)


@s.test
def edlin_new_file_from_a_script(t):
    """A line holding only ^Z ends insert mode, as in DOS."""
    script = b'i\r\nfirst line\r\nsecond line\r\n\x1a\r\n1i\r\nzeroth\r\n\x1a\r\nl\r\ne\r\n'
    r = run2(t, 'EDLIN.COM', 'NEW.TXT', stdin=script)
    t.ok(r)
    t.eq(r.file('new.txt'), b'zeroth\r\nfirst line\r\nsecond line\r\n\x1a')
    t.check(b'1: zeroth\r\n' in r.stdout and b'3:*^Z\r\n' in r.stdout,
            'EDLIN listed the lines and echoed the ^Z: %r' % r.stdout)


@s.test
def edlin_edits_an_old_file_from_a_script(t):
    t.write('OLD.TXT', b'alpha\r\nbeta\r\ngamma\r\n')
    script = b'2i\r\ninserted\r\n\x1a\r\n3d\r\n1,3l\r\ne\r\n'
    r = run2(t, 'EDLIN.COM', 'OLD.TXT', stdin=script)
    t.ok(r)
    t.eq(r.file('old.txt'), b'alpha\r\ninserted\r\ngamma\r\n\x1a')
    t.eq(r.file('old.bak'), b'alpha\r\nbeta\r\ngamma\r\n', 'the backup')
    t.check(b'Entry error' not in r.stdout, 'no entry error: %r' % r.stdout)


def debug_asm(lines):
    return b''.join(x + b'\r\n' for x in lines)


@s.test
def debug_assembles_writes_and_runs_a_program(t):
    # a (assemble), rcx (the size), n + w (write it), q.
    script = debug_asm([b'a 100', b'mov dx,10c', b'mov ah,9', b'int 21', b'mov ax,4c05',
                        b'int 21', b'db "Hi from DEBUG",d,a,"$"', b'', b'rcx', b'1c',
                        b'n hi.com', b'w', b'q'])
    r = run2(t, 'DEBUG.COM', stdin=script)
    t.ok(r)
    t.check(b'Writing 001C bytes' in r.stdout, 'DEBUG wrote the file: %r' % r.stdout)
    com = r.file('hi.com')
    t.eq(com[:5], b'\xba\x0c\x01\xb4\x09', 'the assembled code')
    t.eq(len(com), 0x1C)
    r = t.run('HI.COM', copy=False, options=LIMIT)
    t.eq((r.stdout, r.status), (b'Hi from DEBUG\r\n', 5), 'the program DEBUG made')
    # DEBUG HI.COM loads it with EXEC 4B01h: its registers come from the parameter
    # block and DS = ES = SS = CS = the new program's PSP.
    r = run2(t, 'DEBUG.COM', 'HI.COM', stdin=b'r\r\ng\r\nq\r\n')
    t.ok(r)
    regs = dict(re.findall(rb'\b([A-Z][A-Z])=([0-9A-F]{4})\b', r.stdout))
    t.eq(regs.get(b'IP'), b'0100', 'IP')
    t.eq(regs.get(b'CX'), b'001C', 'CX = the size of the program')
    t.eq(regs.get(b'SP'), b'FFFE', 'SP')
    t.check(regs.get(b'DS') == regs.get(b'ES') == regs.get(b'SS') == regs.get(b'CS'),
            'DS = ES = SS = CS: %r' % regs)
    t.check(int(regs[b'CS'], 16) > 0x100, 'CS is the new PSP, above DOS: %r' % regs)
    t.check(b'Hi from DEBUG\r\n' in r.stdout and b'Program terminated normally' in r.stdout,
            'g ran it: %r' % r.stdout)


def more_output(data, keys, rows=24, cols=80):
    """What MS-DOS 2.0's MORE writes for data and the keys typed at its prompts: its
    own algorithm (a line count to 24 and a column count to 80), and after each prompt
    it goes over the character that filled the page again."""
    out = bytearray(b'\r\n')
    row = col = 1
    keys = list(keys)
    i = 0
    while i < len(data):
        c = data[i]
        if c == 0x1A:
            break
        if c == 13:
            col = 1
        elif c == 10:
            row += 1
        elif c == 8:
            col = col - 1 if col != 1 else col
        elif c == 9:
            col = ((col + 7) & 0xF8) + 1
        elif c >= 0x20:
            col += 1
            if col > cols:
                row += 1
                col = 1
        out.append(c)
        if row >= rows:
            out += b'\r-- More --' + keys.pop(0) + b'\r\n'
            row = col = 1
            continue  # the same character again
        i += 1
    return bytes(out)


@s.test
def more_pages_a_file_with_keys(t):
    data = crlf([b'line %d %s' % (i, b'x' * (i % 90)) for i in range(1, 80)])
    want = more_output(data, [b' ', b'x', b'\r', b' ', b' ', b' ', b' '])
    # MORE flushes the keyboard before each prompt (0Ch): a key per page, with time
    # for the page between them.
    keys = '{wait:700} {wait:700}x{wait:700}{Enter}' + '{wait:700} ' * 4
    r = run2(t, 'MORE.COM', stdin=data, options=['--keys', keys])
    t.ok(r)
    t.eq(r.stdout, want, 'MORE')


@s.test
def fc_shows_where_files_differ(t):
    a = bytes(range(256)) * 4
    b = bytearray(a)
    for off in (3, 200, 777, 1023):
        b[off] ^= 0x5A
    t.write('A.BIN', a)
    t.write('B.BIN', bytes(b))
    r = run2(t, 'FC.EXE', '/B', 'A.BIN', 'B.BIN')
    want = b'\r\n--ADDRS----F1---F2-\r\n' + b''.join(
        b'%08X   %02X   %02X\r\n' % (i, a[i], b[i]) for i in range(len(a)) if a[i] != b[i])
    t.eq(r.stdout, want, 'FC /B')
    t.write('A.TXT', crlf([b'one', b'two', b'three', b'four', b'five', b'six', b'seven']))
    t.write('B.TXT', crlf([b'one', b'TWO', b'three', b'four', b'five', b'six', b'seven']))
    r = run2(t, 'FC.EXE', 'A.TXT', 'B.TXT')
    # The differing line and the one after it, from each file (DOSBox prints the same).
    t.eq(r.stdout, b'\r\n----------A.TXT\r\ntwo\r\nthree\r\n\r\n----------B.TXT\r\nTWO\r\n'
         b'three\r\n\r\n' + b'-' * 47 + b'\r\n', 'FC of text files')
    t.write('C.TXT', crlf([b'one', b'two', b'three', b'four', b'five', b'six', b'seven']))
    r = run2(t, 'FC.EXE', 'A.TXT', 'C.TXT')
    t.eq(r.stdout, b'', 'FC of equal files')


LIB_MAIN = r'''
#include <stdio.h>
int twice(int);
long cube(int);
int main(void)
{
    printf("twice 21 = %d, cube 37 = %ld\n", twice(21), cube(37));
    return 0;
}
'''


@s.test
def lib_builds_a_library_that_link_uses(t):
    t.write('MAIN.C', LIB_MAIN.replace('\n', '\r\n'))
    t.write('TWICE.C', 'int twice(int x) { return 2 * x; }\r\n')
    t.write('CUBE.C', 'long cube(int x) { return (long)x * x * x; }\r\n')
    r = t.shell('cl /c /AS main.c twice.c cube.c', 'lib mylib +twice +cube;',
                'link main,app,nul,mylib;', options=TOOL_OPTS)
    t.eq(r.status, 0, 'the build: %r' % r)
    lib = r.file('mylib.lib')
    t.check(lib and b'_twice' in lib and b'_cube' in lib, 'MYLIB.LIB has both functions')
    r = t.shell('lib mylib,mylib.lst;', 'app', options=TOOL_OPTS)
    t.eq(r.status, 0)
    t.check(b'twice 21 = 42, cube 37 = %d\r\n' % 37 ** 3 in r.stdout, 'APP ran: %r' % r.stdout)
    lst = r.file('mylib.lst') or b''
    t.check(b'_twice' in lst and b'_cube' in lst, 'the library listing: %r' % lst)


MAKEFILE = '''app.exe: main.obj util.obj
\tlink main util,app;
\techo linked>>build.log

main.obj: main.c
\tcl /c /AS main.c
\techo main.c compiled>>build.log

util.obj: util.c
\tcl /c /AS util.c
\techo util.c compiled>>build.log
'''


@s.test
def nmake_builds_a_two_file_c_project_through_command_com(t):
    """NMAKE runs each rule through COMSPEC (our COMMAND.COM): the ECHO and the >>
    redirection in the rules are the shell's."""
    t.write('MAIN.C', '#include <stdio.h>\r\nint twice(int);\r\n'
            'int main(void) { printf("twice 21 = %d\\n", twice(21)); return 0; }\r\n')
    t.write('UTIL.C', 'int twice(int x) { return 2 * x; }\r\n')
    t.write('MAKEFILE', MAKEFILE.replace('\n', '\r\n'))
    r = t.shell('nmake', options=TOOL_OPTS)
    t.eq(r.status, 0, 'NMAKE: %r' % r)
    t.eq(r.file('build.log'), b'main.c compiled\r\nutil.c compiled\r\nlinked\r\n')
    r = t.run('APP', copy=False, options=LIMIT)
    t.ok(r, b'twice 21 = 42\r\n')
    # Up to date: nothing runs again.
    r = t.shell('nmake', options=TOOL_OPTS)
    t.eq(r.status, 0)
    t.eq(r.file('build.log'), b'main.c compiled\r\nutil.c compiled\r\nlinked\r\n')


s.main()
