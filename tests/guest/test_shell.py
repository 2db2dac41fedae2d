"""The built-in COMMAND.COM: its internal commands with their switches and MS-DOS's
error wording, batch files, redirection and pipes, program search, programs that
shell out through COMSPEC, and how hvdos starts it (-c, a batch file, the prompt)."""
import os
import re
import time

from guest import Suite

s = Suite()


def text(r):
    return r.stdout.decode('latin-1')


def set_time(path, when='2001-02-03 14:05'):
    ts = time.mktime(time.strptime(when, '%Y-%m-%d %H:%M'))
    os.utime(path, (ts, ts))


# ---------------------------------------------------------------------------------
# Internal commands.


@s.test
def echo_on_off_and_blank_lines(t):
    r = t.shell('echo hello  world', 'echo.', 'echo', 'echo off', 'echo', 'echo on', 'echo',
                'echo.dot')
    t.ok(r, b'hello  world\r\n\r\nECHO is on\r\nECHO is off\r\nECHO is on\r\ndot\r\n')


@s.test
def set_lists_adds_and_removes_variables(t):
    r = t.shell('set Foo=bar baz', 'set', 'set FOO=', 'set', 'set =x', 'set novalue')
    t.eq(r.status, 0)
    t.eq(text(r), 'COMSPEC=Z:\\COMMAND.COM\r\nPATH=C:\\;Z:\\\r\nFOO=bar baz\r\n'
         'COMSPEC=Z:\\COMMAND.COM\r\nPATH=C:\\;Z:\\\r\n')
    t.eq(r.stderr, b'Syntax error\r\nSyntax error\r\n')


@s.test
def set_grows_the_environment_children_inherit(t):
    # More than the environment block had room for: it grows, and a child sees it.
    long_value = 'x' * 600
    r = t.shell('set BIG=' + long_value, 'envdump', progs=['envdump.com'])
    t.ok(r)
    t.check(('BIG=' + long_value + '\r\n') in text(r), text(r)[:200])


@s.test
def path_shows_sets_and_clears(t):
    r = t.shell('path', 'path c:\\bin;c:\\dos', 'path', 'path ;', 'path')
    t.ok(r, b'PATH=C:\\;Z:\\\r\nPATH=C:\\BIN;C:\\DOS\r\nNo Path\r\n')


@s.test
def ver_vol_chcp_truename(t):
    os.makedirs(t.path('sub'))
    r = t.shell('ver', 'vol', 'chcp', 'chcp 437', 'chcp 850', 'truename sub\\x.txt',
                'cd sub', 'truename ..', 'vol q:')
    t.eq(r.status, 0)
    out = text(r).split('\r\n')
    t.eq(out[0:2], ['', 'MS-DOS Version 5.00'])
    t.eq(out[2], '')
    t.check(out[3].startswith(' Volume in drive C is '), out[3])
    t.eq(out[4:7], ['Active code page: 437', 'C:\\SUB\\X.TXT', 'C:\\'])
    t.eq(r.stderr, b'Invalid code page\r\nInvalid drive specification\r\n')


@s.test
def md_cd_rd_and_their_errors(t):
    t.write('file.txt', 'x')
    r = t.shell('md games', 'cd games', 'cd', 'md sub', 'cd sub', 'cd', 'cd ..\\..', 'cd',
                'rd games', 'rd games\\sub', 'rd games', 'cd games', 'md file.txt', 'rd nosuch',
                'cd c:', 'md')
    t.eq(r.status, 0)
    t.eq(text(r), 'C:\\GAMES\r\nC:\\GAMES\\SUB\r\nC:\\\r\nC:\\\r\n')
    t.eq(r.stderr.decode(), 'Invalid path, not directory,\r\nor directory not empty\r\n'
         'Invalid directory\r\nUnable to create directory\r\n'
         'Invalid path, not directory,\r\nor directory not empty\r\n'
         'Required parameter missing\r\n')
    t.check(not os.path.exists(t.path('games')), 'games removed')


@s.test
def drive_changes_and_invalid_drives(t):
    r = t.shell('z:', 'cd', 'dir /b', 'c:', 'cd', 'q:')
    t.eq(r.status, 0)
    t.eq(text(r), 'Z:\\\r\nCOMMAND.COM\r\nC:\\\r\n')
    t.eq(r.stderr, b'Invalid drive specification\r\n')


@s.test
def dir_lists_in_ms_dos_5_layout(t):
    t.write('a.txt', 'hello')
    t.write('prog.com', b'\xc3' * 1234)
    os.makedirs(t.path('sub'))
    for name in ('a.txt', 'prog.com', 'sub'):
        set_time(t.path(name))
    r = t.shell('dir')
    t.ok(r)
    lines = text(r).split('\r\n')
    t.eq(lines[0], '')
    t.check(lines[1].startswith(' Volume in drive C is '), lines[1])
    t.eq(lines[2:5], [' Directory of C:\\', '',
                      'A        TXT         5 02-03-01   2:05p'])
    t.eq(lines[5:7], ['PROG     COM      1234 02-03-01   2:05p',
                      'SUB          <DIR>     02-03-01   2:05p'])
    t.eq(lines[7], '        2 file(s)       1239 bytes')
    t.check(re.match(r'^ {18} *\d+ bytes free$', lines[8]), lines[8])
    t.eq(lines[9:], [''])


@s.test
def dir_switches_wide_bare_sub_attributes_order(t):
    t.write('b.txt', 'bb')
    t.write('a.doc', 'aaaa')
    t.write('.hidden', 'h')
    os.makedirs(t.path('sub'))
    t.write('sub/c.txt', 'c')
    r = t.shell('dir /b', 'dir /b /a', 'dir /b /a:d', 'dir /b /a-d', 'dir /b /o-n',
                'dir /b /os', 'dir /w', 'dir /s /b *.txt', 'dir *.txt /s', 'dir /b b',
                'dir /b sub')
    t.ok(r)
    out = text(r)
    parts = out.split('\r\n')
    t.eq(parts[0:3], ['A.DOC', 'B.TXT', 'SUB'])              # hidden left out
    hidden = [p for p in parts[3:7] if p not in ('A.DOC', 'B.TXT', 'SUB')]
    t.eq(len(hidden), 1, '/A shows the hidden file: %r' % parts[3:7])
    t.eq(parts[7], 'SUB')                                     # /A:D
    t.eq(parts[8:11], ['A.DOC', 'B.TXT', hidden[0]])          # /A-D: hidden files too
    t.eq(parts[11:14], ['SUB', 'B.TXT', 'A.DOC'])             # /O-N
    t.eq(parts[14:17], ['SUB', 'B.TXT', 'A.DOC'])             # /OS: directories size 0
    wide = [p for p in parts if '[SUB]' in p]
    t.eq(len(wide), 1, '/W line in %r' % out)
    t.check(re.match(r'^A\.DOC {11}B\.TXT {11}\[SUB\] *$', wide[0]), wide[0])
    t.check('C:\\B.TXT\r\nC:\\SUB\\C.TXT\r\n' in out, '/S /B paths in %r' % out)
    t.check(' Directory of C:\\SUB\r\n\r\nC        TXT         1 ' in out, out)
    t.check('Total files listed:\r\n        2 file(s)          3 bytes\r\n' in out, out)
    t.check('\r\nB.TXT\r\nC.TXT\r\n' in out, 'DIR B is B.*; DIR SUB lists it: %r' % out)


@s.test
def dir_of_nothing_says_file_not_found(t):
    r = t.shell('dir *.xyz', 'dir /x', 'dir nosuch\\*.*')
    t.eq(r.status, 0)
    t.eq(r.stderr, b'File not found\r\nInvalid switch - /x\r\nPath not found\r\n')


@s.test
def dir_pauses_a_screen_at_a_time(t):
    for i in range(30):
        t.write('f%02d.txt' % i, 'x')
    r = t.shell('dir /p', stdin=b'  ')
    t.ok(r)
    out = text(r)
    t.eq(out.count('Press any key to continue . . .'), 1, out)
    before = out.split('Press any key')[0].split('\r\n')
    t.eq(len(before) - 1, 23, 'lines before the pause')


@s.test
def del_wildcards_and_the_are_you_sure_question(t):
    for n in ('a.txt', 'b.txt', 'c.doc', 'd.doc'):
        t.write(n, 'x')
    r = t.shell('del *.txt', 'dir /b', 'del *.*', 'dir /b', 'erase *.*', 'dir /b',
                'del nosuch.txt', 'del', stdin=b'n\ry\r')
    t.eq(r.status, 0)
    out = text(r)
    t.eq(out, 'C.DOC\r\nD.DOC\r\n'
         'All files in directory will be deleted!\r\nAre you sure (Y/N)?n\r\n'
         'C.DOC\r\nD.DOC\r\n'
         'All files in directory will be deleted!\r\nAre you sure (Y/N)?y\r\n')
    t.eq(r.stderr, b'File not found\r\nFile not found\r\nRequired parameter missing\r\n')
    t.eq(sorted(os.listdir(t.drive)), [])


@s.test
def ren_with_and_without_wildcards(t):
    t.write('a.txt', '1')
    t.write('b.txt', '2')
    t.write('keep.dat', '3')
    r = t.shell('ren a.txt first.txt', 'ren *.txt *.bak', 'rename keep.dat c.bak',
                'ren nosuch.txt x.txt', 'dir /b')
    t.eq(r.status, 0)
    t.eq(text(r), 'B.BAK\r\nC.BAK\r\nFIRST.BAK\r\n')
    t.eq(r.stderr, b'Duplicate file name or file not found\r\n')


@s.test
def type_shows_text_to_its_end_of_file(t):
    t.write('t.txt', b'line 1\r\nline 2\r\n\x1ahidden')
    r = t.shell('type t.txt', 'type nosuch.txt', 'type *.txt')
    t.eq(r.status, 0)
    t.eq(r.stdout, b'line 1\r\nline 2\r\n')
    t.eq(r.stderr, b'File not found\r\nInvalid filename or file not found\r\n')


@s.test
def copy_files_concatenation_devices_and_wildcards(t):
    t.write('a.txt', b'AAA\x1a')
    t.write('b.txt', b'BB')
    t.write('bin.dat', b'\x00\x1a\x01')
    set_time(t.path('bin.dat'))
    os.makedirs(t.path('dest'))
    r = t.shell('copy *.txt dest', 'copy *.txt all.txt', 'copy bin.dat copy.dat',
                'copy a.txt+b.txt ab.txt', 'copy /b bin.dat+b.txt /b j.dat', 'copy b.txt con',
                'copy a.txt a.txt', 'copy nosuch.txt x')
    t.eq(r.status, 0)
    t.eq(r.file('copy.dat'), b'\x00\x1a\x01', 'binary copy')
    t.eq(os.path.getmtime(t.path('copy.dat')), os.path.getmtime(t.path('bin.dat')),
         'the copy keeps the time')
    t.eq(r.file('ab.txt'), b'AAABB\x1a', 'text concatenation')
    t.eq(r.file('j.dat'), b'\x00\x1a\x01BB', 'binary concatenation')
    t.eq(sorted(os.listdir(t.path('dest'))), ['a.txt', 'b.txt'])
    t.eq(r.file('all.txt'), b'AAABB\x1a', 'wildcard source, one destination')
    out = text(r)
    t.check(out.startswith('A.TXT\r\nB.TXT\r\n        2 file(s) copied\r\n'
                           'A.TXT\r\nB.TXT\r\n        1 file(s) copied\r\n'
                           '        1 file(s) copied\r\n'
                           'a.txt\r\nb.txt\r\n        1 file(s) copied\r\n'
                           'bin.dat\r\nb.txt\r\n        1 file(s) copied\r\n'), out)
    t.check('BB        1 file(s) copied\r\n' in out, 'COPY to CON: %r' % out)
    t.check(r.stderr.startswith(b'File cannot be copied onto itself\r\nFile not found - nosuch.txt\r\n'),
            r.stderr)


@s.test
def copy_con_reads_the_console_to_end_of_file(t):
    # The CON device is the keyboard, whatever standard input is.
    r = t.shell('copy con typed.txt', options=['--keys', 'first{Enter}second{Enter}{Ctrl+Z}{Enter}'])
    t.ok(r)
    t.eq(r.file('typed.txt'), b'first\r\nsecond\r\n\x1a')


@s.test
def cls_clears_the_screen_and_writes_ansi_when_redirected(t):
    dump = t.path('screen.txt')
    r = t.shell('echo before > con', 'cls > con', 'echo after > con', options=['--dump-screen', dump])
    t.ok(r)
    screen = open(dump, encoding='utf-8').read().split('\n')
    t.eq(screen[0].rstrip(), 'after', 'the first row after CLS')
    t.check('before' not in ''.join(screen), 'CLS cleared the screen')
    r = t.shell('cls > out.txt')
    t.eq(r.file('out.txt'), b'\x1b[2J')


@s.test
def date_and_time_show_and_accept_values(t):
    r = t.shell('date 12-31-1999', 'date 13-40-99', 'time 13:45', 'time 25:00', 'date', 'time',
                stdin=b'\r\n\r\n')
    t.eq(r.status, 0)
    out = text(r)
    t.check(re.match(r'Current date is (Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d\d-\d\d-\d{4}\r\n'
                     r'Enter new date \(mm-dd-yy\): \r\n'
                     r'Current time is [ \d]\d:\d\d:\d\d\.\d\d[ap]\r\nEnter new time: \r\n$', out),
            out)
    t.eq(r.stderr, b'Invalid date\r\nInvalid time\r\n')


@s.test
def bad_command_and_exit_status(t):
    r = t.shell('nosuch', 'nosuch.txt', 'exitcode 7', progs=['exitcode.com'])
    t.eq(r.status, 7)
    t.eq(r.stderr, b'Bad command or file name\r\nBad command or file name\r\n')
    r = t.shell('exit 5', 'echo not reached')
    t.eq(r.status, 5)
    t.eq(r.stdout, b'')


@s.test
def loadhigh_runs_as_a_plain_load(t):
    r = t.shell('lh /l:1 hello', 'loadhigh hello', progs=['hello.com'])
    t.ok(r, b'Hello, world!\r\nHello, world!\r\n')


@s.test
def break_and_verify_say_and_take_on_off(t):
    r = t.shell('break', 'break on', 'break', 'verify on', 'verify', 'break maybe')
    t.eq(text(r), 'BREAK is off\r\nBREAK is on\r\nVERIFY is on\r\n')
    t.eq(r.stderr, b'Must specify ON or OFF\r\n')


@s.test
def prompt_codes(t):
    os.makedirs(t.path('dir'))
    r = t.hvdos(stdin=b'prompt [$p$g$q$$$n$b$l$_x]\r\ncd dir\r\nprompt\r\n')
    t.ok(r)
    out = text(r)
    t.check('[C:\\>=$C|<\r\nx]cd dir\r\n' in out, out)
    t.check('[C:\\DIR>=$C|<\r\nx]prompt\r\n\r\nC:\\DIR>' in out, out)


# ---------------------------------------------------------------------------------
# Program search.


@s.test
def programs_are_found_com_then_exe_then_bat_then_on_path(t):
    os.makedirs(t.path('bin'))
    t.write('prog.bat', '@echo prog.bat\r\n')
    t.write('bin/tool.bat', '@echo tool on PATH\r\n')
    t.write('bin/prog.com', open(t.prog('hello.com'), 'rb').read())
    r = t.shell('prog', 'path c:\\bin', 'tool', 'prog.bat', 'bin\\prog', 'c:\\bin\\tool')
    t.ok(r, b'prog.bat\r\ntool on PATH\r\nprog.bat\r\nHello, world!\r\ntool on PATH\r\n')
    t.write('prog.exe', open(t.prog('exitcode.com'), 'rb').read())
    t.write('prog.com', open(t.prog('hello.com'), 'rb').read())
    r = t.shell('prog')
    t.ok(r, b'Hello, world!\r\n')


@s.test
def program_tail_is_passed_as_typed(t):
    open(t.path('EXERELOC.EXE'), 'wb').write(open(t.prog('exe_reloc.exe'), 'rb').read())
    r = t.shell('exereloc one  "two three" /x', 'exereloc/y')
    t.check('tail=[ one  "two three" /x]\r\n' in text(r), text(r))
    t.check('tail=[/y]\r\n' in text(r), text(r))


# ---------------------------------------------------------------------------------
# Batch files.


@s.test
def batch_goto_labels_shift_and_arguments(t):
    t.write('t.bat', '@echo off\r\n'
            'echo %0 [%1] [%2] [%3]\r\n'
            'shift\r\n'
            'echo %0 [%1] [%2]\r\n'
            'goto there\r\n'
            'echo skipped\r\n'
            ':there with trailing text\r\n'
            'echo at there\r\n'
            'goto :END\r\n'
            ':end\r\n'
            'goto nowhere\r\n'
            'echo not reached\r\n')
    r = t.hvdos('t.bat', 'a', 'b', 'c')
    t.eq(r.status, 0)
    t.eq(text(r), 't.bat [a] [b] [c]\r\na [b] [c]\r\nat there\r\n')
    t.eq(r.stderr, b'Label not found\r\n')


@s.test
def batch_if_errorlevel_is_at_least(t):
    t.write('t.bat', '@echo off\r\n'
            'exitcode 3\r\n'
            'if errorlevel 4 echo ge4\r\n'
            'if errorlevel 3 echo ge3\r\n'
            'if errorlevel 2 echo ge2\r\n'
            'if not errorlevel 4 echo not-ge4\r\n'
            'if not errorlevel 3 echo not-ge3\r\n'
            'if errorlevel 0 echo ge0\r\n'
            'exitcode 0\r\n'
            'if errorlevel 1 echo wrong\r\n'
            'exitcode 200\r\n')
    r = t.hvdos('t.bat', progs=['exitcode.com'])
    t.eq(r.status, 200, 'the last ERRORLEVEL is the exit status')
    t.eq(text(r), 'ge3\r\nge2\r\nnot-ge4\r\nge0\r\n')


@s.test
def batch_if_exist_and_string_compare(t):
    t.write('here.txt', 'x')
    t.write('t.bat', '@echo off\r\n'
            'if exist here.txt echo exists\r\n'
            'if exist *.txt echo wild exists\r\n'
            'if not exist gone.txt echo gone\r\n'
            'if "%1"=="" echo no args\r\n'
            'if %1x==x echo empty\r\n'
            'if "%1"=="A" echo upper\r\n'
            'if "a b"=="a b" echo quoted\r\n'
            'if NOT abc==ABC echo case matters\r\n'
            'if == echo bad\r\n')
    r = t.hvdos('t.bat')
    t.eq(text(r), 'exists\r\nwild exists\r\ngone\r\nno args\r\nempty\r\nquoted\r\ncase matters\r\n')
    t.eq(r.stderr, b'Syntax error\r\n')


@s.test
def batch_for_over_lists_and_wildcards(t):
    for n in ('x.txt', 'y.txt', 'z.doc'):
        t.write(n, n)
    os.makedirs(t.path('sub'))
    t.write('sub/w.txt', 'w')
    t.write('t.bat', '@echo off\r\n'
            'for %%a in (1,2;3 four) do echo item %%a\r\n'
            'for %%f in (*.txt sub\\*.txt) do type %%f\r\n'
            'for %%f in () do echo never\r\n'
            'for %%f in (a) do for %%g in (b) do echo nested\r\n'
            'for %f in (a) do echo %f\r\n')
    r = t.hvdos('t.bat')
    t.eq(text(r), 'item 1\r\nitem 2\r\nitem 3\r\nitem four\r\nx.txty.txtw')
    # In a batch file %f is the start of a variable name, as in DOS: no FOR is left.
    t.eq(r.stderr, b'FOR cannot be nested\r\nSyntax error\r\n')


@s.test
def batch_echo_shows_each_command_after_the_prompt(t):
    t.write('t.bat', 'echo one\r\n@echo two\r\nrem quiet\r\n')
    r = t.hvdos('t.bat')
    t.ok(r, b'\r\nC:\\>echo one\r\none\r\ntwo\r\n\r\nC:\\>rem quiet\r\n')
    r = t.shell('for %i in (a b) do echo %i')
    t.ok(r, b'\r\nC:\\>echo a\r\na\r\n\r\nC:\\>echo b\r\nb\r\n')


@s.test
def batch_variables_nested_and_percent_escapes(t):
    t.write('t.bat', '@echo off\r\n'
            'set A=one\r\n'
            'set B=%A%-two\r\n'
            'set A=%B%-three\r\n'
            'echo %A% %B%\r\n'
            'echo 100%% sure, %%A%% literally, %UNSET%gone\r\n'
            'set P=%PATH%;C:\\BIN\r\n'
            'echo %P%\r\n'
            'echo trailing %\r\n')
    r = t.hvdos('t.bat')
    t.ok(r, b'one-two-three one-two\r\n100% sure, %A% literally, gone\r\nC:\\;Z:\\;C:\\BIN\r\n'
            b'trailing \r\n')


@s.test
def batch_call_returns_and_chaining_does_not(t):
    t.write('main.bat', '@echo off\r\n'
            'echo main start\r\n'
            'call sub.bat x y\r\n'
            'echo main after call %1\r\n'
            'for %%i in (1 2) do call sub.bat %%i\r\n'
            'chain.bat z\r\n'
            'echo never\r\n')
    t.write('sub.bat', '@echo sub %1 %2\r\n')
    t.write('chain.bat', '@echo chained %1\r\n')
    r = t.hvdos('main.bat', 'm')
    t.ok(r, b'main start\r\nsub x y\r\nmain after call m\r\nsub 1 \r\nsub 2 \r\nchained z\r\n')


@s.test
def batch_pause_waits_for_a_key(t):
    t.write('t.bat', '@echo off\r\npause\r\necho after\r\n')
    r = t.hvdos('t.bat', stdin=b'k')
    t.ok(r, b'Press any key to continue . . .\r\nafter\r\n')


@s.test
def batch_missing_file_is_an_error_at_start(t):
    r = t.hvdos('nosuch.bat')
    t.eq(r.status, 4)
    t.check(b'NOSUCH.BAT' in r.stderr.upper(), r.stderr)


@s.test
def batch_file_changed_while_it_runs_is_read_anew(t):
    # COMMAND.COM reopens the batch file for each line.
    t.write('t.bat', '@echo off\r\necho first\r\ncopy next.bat t.bat > nul\r\necho old 3\r\n')
    t.write('next.bat', '@echo off\r\necho first\r\ncopy next.bat t.bat > nul\r\necho new 3\r\n')
    r = t.hvdos('t.bat')
    t.ok(r, b'first\r\nnew 3\r\n')


# ---------------------------------------------------------------------------------
# Redirection and pipes.


@s.test
def redirection_of_internal_commands_and_programs(t):
    t.write('in.txt', b'abc\r\n')
    r = t.shell('echo one > out.txt', 'echo two >> out.txt', 'ver>>out.txt',
                'hello > prog.txt', 'stdin_upper < in.txt > up.txt', 'echo visible',
                progs=['hello.com', 'stdin_upper.com'])
    t.ok(r, b'visible\r\n')
    # What is before the > is ECHO's text, blank included, as in DOS.
    t.eq(r.file('out.txt'), b'one \r\ntwo \r\n\r\nMS-DOS Version 5.00\r\n')
    t.eq(r.file('prog.txt'), b'Hello, world!\r\n')
    t.check(r.file('up.txt').startswith(b'ABC\r\n'), r.file('up.txt'))


@s.test
def append_goes_before_a_final_ctrl_z(t):
    t.write('log.txt', b'old\r\n\x1a')
    r = t.shell('echo new >> log.txt', 'echo x >> fresh.txt')
    t.ok(r)
    t.eq(r.file('log.txt'), b'old\r\nnew \r\n')
    t.eq(r.file('fresh.txt'), b'x \r\n')


@s.test
def redirection_errors_are_worded_as_dos(t):
    r = t.shell('type < nosuch.txt', 'echo x > nodir\\f.txt', 'echo x > z:\\f.txt', 'echo x >')
    t.eq(r.status, 0)
    t.eq(r.stderr, b'File not found\r\nFile creation error\r\nAccess denied\r\nSyntax error\r\n')


@s.test
def pipes_run_through_temporary_files_that_are_deleted(t):
    r = t.shell('echo hello| stdin_upper', 'echo abc| stdin_upper | stdin_upper > p.txt',
                'dir /b | stdin_upper', progs=['stdin_upper.com'])
    t.ok(r)
    out = text(r)
    t.check(out.startswith('HELLO\r\n'), out)
    t.check(r.file('p.txt').startswith(b'ABC\r\n'), r.file('p.txt'))
    t.eq(sorted(os.listdir(t.drive)), ['STDIN_UP.COM', 'p.txt'])
    # DIR sees the pipe's own temporary file, as in DOS.
    t.check('STDIN_UP.COM' in out, 'DIR /B through the pipe: %r' % out)


@s.test
def pipe_temporary_files_go_to_temp(t):
    os.makedirs(t.path('tmp'))
    r = t.shell('set TEMP=C:\\TMP', 'echo x | dir /b tmp', progs=['hello.com'])
    t.ok(r)
    t.eq(len(text(r).strip().split('\r\n')), 1, 'one pipe file in TEMP while the pipe ran: %r' % r.stdout)
    t.eq(os.listdir(t.path('tmp')), [], 'deleted after')


@s.test
def handles_are_restored_after_each_command(t):
    r = t.shell('echo a > one.txt', 'echo b', 'stdin_upper < one.txt', 'echo c',
                progs=['stdin_upper.com'])
    t.ok(r)
    t.check(text(r).startswith('b\r\nA \r\n'), text(r))
    t.check(text(r).endswith('c\r\n'), text(r))


# ---------------------------------------------------------------------------------
# Programs that run the shell; the shell's process.


@s.test
def a_program_execs_command_c_and_sees_its_errorlevel(t):
    open(t.path('EXITCODE.COM'), 'wb').write(open(t.prog('exitcode.com'), 'rb').read())
    r = t.run('shellexec.com', 'exitcode 9 > out.txt')
    t.eq(r.status, 9, 'stdout %r stderr %r' % (r.stdout, r.stderr))
    t.eq(r.stdout, b'rc=0009\r\n')
    t.eq(r.file('out.txt'), b'')
    r = t.run('shellexec.com', 'echo via shell > v.txt')
    t.eq(r.status, 0)
    t.eq(r.file('v.txt'), b'via shell \r\n')


@s.test
def command_com_on_z_and_its_switches(t):
    r = t.shell('z:\\command /c echo inner', 'command /c exit 4', 'echo %s' % 'outer',
                'command /k echo kept')
    t.eq(r.status, 0)
    # /K stays at the prompt: standard input is empty, so it ends there.
    t.eq(text(r), 'inner\r\nouter\r\nkept\r\n\r\nC:\\>')


@s.test
def the_shell_and_its_environment_are_a_real_process(t):
    # A child's parent is COMMAND.COM, whose environment holds what SET put there.
    r = t.shell('set MARK=parent', 'parentenv', progs=['parentenv.com'])
    t.ok(r)
    t.eq(text(r).split('\r\n'), ['parent=COMMAND', 'COMSPEC=Z:\\COMMAND.COM', 'PATH=C:\\;Z:\\',
                                 'MARK=parent', ''])


@s.test
def the_memory_chain_is_the_same_after_a_hundred_commands(t):
    t.write('t.bat', '@echo off\r\n'
            'mcbwalk > before.txt\r\n'
            'for %%i in (' + ' '.join(str(i) for i in range(60)) + ') do echo %%i > nul\r\n'
            ':loop\r\n'
            'hello > nul\r\n'
            'dir > nul\r\n'
            'echo x | stdin_upper > nul\r\n'
            'set V=same\r\n'
            'type before.txt > nul\r\n'
            'if exist l10.txt goto done\r\n'
            'if exist l9.txt echo > l10.txt\r\n'
            'if exist l8.txt echo > l9.txt\r\n'
            'if exist l7.txt echo > l8.txt\r\n'
            'if exist l6.txt echo > l7.txt\r\n'
            'if exist l5.txt echo > l6.txt\r\n'
            'if exist l4.txt echo > l5.txt\r\n'
            'if exist l3.txt echo > l4.txt\r\n'
            'if exist l2.txt echo > l3.txt\r\n'
            'if exist l1.txt echo > l2.txt\r\n'
            'echo > l1.txt\r\n'
            'goto loop\r\n'
            ':done\r\n'
            'mcbwalk > after.txt\r\n')
    r = t.hvdos('t.bat', progs=['mcbwalk.com', 'hello.com', 'stdin_upper.com'], timeout=300)
    t.ok(r)
    before, after = r.file('before.txt'), r.file('after.txt')
    t.check(before and len(before.split(b'\r\n')) > 3, before)
    t.eq(after, before, 'MCB chain')


# ---------------------------------------------------------------------------------
# How hvdos starts the shell.


@s.test
def dash_c_joins_commands_with_ampersand(t):
    os.makedirs(t.path('games'))
    t.write('games/x.bat', '@echo in %0\r\n')
    r = t.hvdos('-c', 'cd games & x & echo "a & b"', '-c', 'cd')
    t.ok(r, b'in x\r\n"a & b"\r\nC:\\GAMES\r\n')


@s.test
def the_prompt_reads_commands_from_redirected_input(t):
    r = t.hvdos(stdin=b'echo hi\r\nver\r\n')
    t.ok(r, b'\r\nC:\\>echo hi\r\nhi\r\n\r\nC:\\>ver\r\n\r\nMS-DOS Version 5.00\r\n\r\nC:\\>')


@s.test
def autoexec_bat_runs_before_the_prompt(t):
    t.write('autoexec.bat', '@echo off\r\necho autoexec ran\r\nset FROM=autoexec\r\n')
    r = t.hvdos(stdin=b'set\r\n')
    t.ok(r)
    t.check(text(r).startswith('autoexec ran\r\n'), text(r))
    t.check('FROM=autoexec\r\n' in text(r), text(r))
    r = t.shell('echo -c skips it')
    t.ok(r, b'-c skips it\r\n')


@s.test
def shell_option_stays_at_the_prompt_after_the_program(t):
    r = t.run('exitcode.com', '3', options=['--shell'], stdin=b'echo at the prompt\r\nexit\r\n')
    t.eq(r.status, 3, 'EXIT gives the ERRORLEVEL: %r' % r)
    t.check(b'\r\nC:\\>echo at the prompt\r\nat the prompt\r\n' in r.stdout, r.stdout)


@s.test
def end_of_redirected_input_ends_the_session(t):
    r = t.run('exitcode.com', '6', options=['--shell'], stdin=b'')
    t.eq(r.status, 6)


@s.test
def command_line_tail_over_126_is_in_cmdline(t):
    args = ['x' * 50, 'y' * 50, 'z' * 50]
    r = t.run('envdump.com', *args)
    t.ok(r)
    t.check(('CMDLINE=' + ' '.join(args) + '\r\n').encode() in r.stdout, r.stdout)
    r = t.run('envdump.com', 'short')
    t.check(b'CMDLINE=' not in r.stdout, r.stdout)


s.main()
