"""The int 33h mouse driver under DOS, driven by scripted mouse input (--keys
{Mouse:X,Y} {Click}): every function, the software text cursor, and user handlers
called from IRQ 12 with the documented registers."""
from guest import Suite

s = Suite()

SCRIPT = ('{wait:600}{Mouse:200,80}{wait:200}{Click}{wait:200}{Click:right}{wait:200}'
          '{Mouse:400,160}{wait:600}{Mouse:408,168}')


def calls(out):
    return [line.split()[1:] for line in out.decode().splitlines() if line.startswith('H ')]


@s.test
def every_function_and_the_handlers_see_the_scripted_mouse(t):
    r = t.run('mouse.com', options=['--keys', SCRIPT, '--timeout', '30'])
    t.ok(r)
    t.check(r.stdout.endswith(b'PASS\r\n'), 'the program checks itself: %r' % r.stdout)
    # tag AX BX CX DX SI DI DS IF: moves, presses and releases in order; Shift+left
    # press also reaches the 18h handler; SI/DI are the mickeys counted so far.
    t.eq(calls(r.stdout), [
        ['0C00', '0001', '0000', '00C8', '0050', '0000', '0020', 'F000', '0200'],
        ['0C00', '0002', '0001', '00C8', '0050', '0000', '0020', 'F000', '0200'],
        ['1800', '0022', '0001', '00C8', '0050', '0000', '0020', 'F000', '0200'],
        ['0C00', '0004', '0000', '00C8', '0050', '0000', '0020', 'F000', '0200'],
        ['0C00', '0008', '0002', '00C8', '0050', '0000', '0020', 'F000', '0200'],
        ['0C00', '0010', '0000', '00C8', '0050', '0000', '0020', 'F000', '0200'],
        ['0C00', '0001', '0000', '0190', '00A0', '00C8', '00C0', 'F000', '0200'],
        ['0C00', '0001', '0000', '0198', '00A8', '0010', '0020', 'F000', '0200'],
    ])


@s.test
def no_mouse_leaves_int33_uninstalled(t):
    r = t.run('mouse.com', options=['--no-mouse', '--timeout', '30'])
    t.check(b'FAIL: reset: installed' in r.stdout, 'reset said installed: %r' % r.stdout[:200])


@s.test
def a_bad_mouse_script_is_a_usage_error(t):
    r = t.run('mouse.com', options=['--keys', '{Mouse:12}'])
    t.eq(r.status, 2, 'exit status')
    t.check(b'Mouse:X,Y' in r.stderr, 'message: %r' % r.stderr)
    r = t.run('mouse.com', options=['--keys', '{Click:thumb}'])
    t.eq(r.status, 2, 'exit status')


s.main()
