"""The x87: a NASM program's results (every load/store format, arithmetic, transcendental
functions, compares, rounding and precision control) match the host x87's for the same
instructions, run by x87_host; under --cpu=kvm here this exercises the rescue path."""
import os
import subprocess

from guest import Suite

s = Suite()


def host_lines(t):
    helper = os.path.join(s.progs, 'x87_host')
    if not os.path.exists(helper):
        t.skip('no x87_host (the host is not x86)')
    return subprocess.run([helper], stdout=subprocess.PIPE, check=True).stdout.split(b'\r\n')


@s.test
def x87_results_match_the_host_fpu_bit_for_bit(t):
    want = host_lines(t)
    r = t.run('x87.com', options=['--debug=cpu'])
    t.eq(r.status, 0, 'exit status (stderr %r)' % r.stderr[-300:])
    got = r.stdout.split(b'\r\n')
    t.check(len(want) > 20, 'x87_host printed %d lines' % len(want))
    for w, g in zip(want, got):
        t.eq(g, w, 'case %s' % w.split(b' ')[0].decode())
    t.eq(len(got), len(want), 'line count')


@s.test
def int11_reports_the_fpu(t):
    r = t.run('x87.com')
    t.check(r.stdout.startswith(b'equip_fpu 01\r\n'), r.stdout[:40])


@s.test
def unmasked_x87_error_reaches_int02_through_irq13(t):
    r = t.run('x87_error.com', timeout=30)
    t.ok(r, b'PASS\r\n')


@s.test
def kvm_rescue_is_counted_under_debug_cpu(t):
    if s.cpu != 'kvm':
        return
    r = t.run('x87.com', options=['--debug=cpu'])
    t.eq(r.status, 0)
    line = [l for l in r.stderr.split(b'\n') if b'rescue' in l]
    t.eq(len(line), 1, 'one rescue line in %r' % r.stderr[-400:])
    n = int(line[0].split(b'kvm: ')[1].split(b' ')[0])
    # native KVM runs x87 itself; KVM's instruction emulator needs the interpreter
    print('  (%d instructions rescued)' % n)


s.main()
