"""EXEC and processes: a parent runs a child that runs a grandchild (return codes,
inherited and redirected handles, environment, registers and stack kept), loads a
program without running it, loads overlays, has a TSR child and a child ended by
^C; the MCB chain is the same after all of them."""
import re
import shutil

from guest import Suite

s = Suite()


@s.test
def exec_chain_overlays_tsr_ctrl_c_and_psp_functions(t):
    for prog in ('doschild.com', 'dosgrand.com', 'dostsr.com', 'dosovl.com', 'dosovlx.exe',
                 'dosbrk.com', 'dosquit.com'):
        shutil.copyfile(t.prog(prog), t.path(prog.upper()))
    t.write('PRIV.TXT', b'')
    r = t.run('dosexec.com')
    t.ok(r)
    out = r.stdout.decode()
    t.check(out.endswith('PASS\r\n'), out)
    me = re.match(r'me=([0-9A-F]{4})\r\n', out).group(1)
    # What the child and grandchild wrote went to OUT.TXT through the redirected
    # stdout they inherited.
    child = r.file('OUT.TXT').decode()
    want = ['child: parent=' + me, 'child: path=C:\\DOSCHILD.COM',
            'grand: env=GRAND=1 tail=7', 'child: PASS', '']
    t.eq(child.split('\r\n'), want, 'OUT.TXT')
    # The child loaded with 4B01h and the ^C child wrote to our stdout.
    t.check('grand: env=COMSPEC=Z:\\COMMAND.COM tail=9\r\n' in out, out)
    t.check('^C\r\nx\r\n' in out, 'the ^C echo and the key read after it: %r' % out)
    t.check('brk: PASS\r\n' in out, out)
    t.eq(r.file('PRIV.TXT'), b'', 'nothing reached the private handle')



@s.test
def indos_is_set_while_dos_waits_for_input(t):
    import subprocess
    import time
    shutil.copyfile(t.prog('dosidle.com'), t.path('DOSIDLE.COM'))
    p = subprocess.Popen([s.hvdos, '--headless', '--cpu=' + s.cpu, 'DOSIDLE.COM'], cwd=t.drive,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.5)  # a few timer ticks while the program waits
    out, err = p.communicate(b'k', timeout=60)
    t.eq(p.returncode, 0, 'exit status (%r %r)' % (out, err))
    if out == b'NO TIMER\r\n':
        t.skip('the machine delivers no timer interrupts yet')
    t.eq(out, b'PASS\r\n')


s.main()
