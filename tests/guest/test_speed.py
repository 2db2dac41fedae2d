"""--speed: the guest CPU throttled to a number of instructions per millisecond, checked
with Turbo Pascal's CRT Delay calibration (tpdelay.com: a 5-instruction loop counted
over timer ticks, divided by 55 for DelayCnt; "Runtime error 200" when that overflows
16 bits). A loaded host can only make the guest slower than asked, never faster than
asked plus the throttle's 5 ms burst, so the upper bounds are firm and the lower ones
loose. tests/bench/speed.py measures how close each preset comes."""
import re
import subprocess
import time

from guest import Suite

s = Suite()
TICK_MS = 65536 / 1193.182
PRESETS = {'8088': 240, '286': 1500, '386': 7000, '486': 25000}
HEADLESS_DEFAULT = 200000


def tpdelay(t, ticks, speed=None, overflow_ok=False):
    """The rate the loop ran at (instructions/ms) and DelayCnt (None: the DIV faulted,
    which only --speed=max may do on a fast host)."""
    opts = ['--timeout', '60'] + (['--speed=' + speed] if speed else [])
    r = t.run('tpdelay.com', str(ticks), options=opts)
    m = re.search(rb'count=(\w{8})(?: delaycnt=(\w+))?', r.stdout)
    t.check(m, 'tpdelay printed %r (stderr %r)' % (r.stdout, r.stderr))
    if overflow_ok and not m.group(2) and b'Divide overflow' in r.stderr:
        return int(m.group(1), 16) * 5 / (ticks * TICK_MS), None
    t.ok(r)
    t.check(m.group(2), 'no DelayCnt in %r' % r.stdout)
    return int(m.group(1), 16) * 5 / (ticks * TICK_MS), int(m.group(2), 16)


@s.test
def default_speed_keeps_turbo_pascals_delay_count_in_16_bits(t):
    # Headless, the default is 200000 instructions a millisecond: DelayCnt about
    # 40000, whatever the host (a KVM host that runs real mode in hardware goes
    # thousands of times faster, and the DIV would fault).
    rate, delaycnt = tpdelay(t, 1)
    t.note('DelayCnt %d (%.0f instructions/ms)' % (delaycnt, delaycnt * 5))
    t.check(delaycnt <= HEADLESS_DEFAULT / 5 * 1.15, 'DelayCnt %d: faster than the default'
            % delaycnt)


@s.test
def presets_and_numbers_run_the_delay_loop_at_their_rate(t):
    top, top_cnt = tpdelay(t, 9, 'max', overflow_ok=True)
    t.note('max: %.0f instructions/ms, %s' % (top, 'DelayCnt %d' % top_cnt if top_cnt is not None
                                             else 'Divide overflow (Runtime error 200)'))
    tried = 0
    for speed, per_ms in list(PRESETS.items()) + [('100', 100), ('3000', 3000)]:
        if per_ms > top / 3:
            continue  # this backend cannot go much faster here: nothing to throttle
        rate, delaycnt = tpdelay(t, 9, speed)
        tried += 1
        t.note('%s: %.0f instructions/ms (%.0f%% of %d), DelayCnt %d'
               % (speed, rate, 100 * rate / per_ms, per_ms, delaycnt))
        t.check(rate <= per_ms * 1.12, '--speed=%s ran %.0f instructions/ms' % (speed, rate))
        t.check(rate >= per_ms * 0.5, '--speed=%s ran only %.0f instructions/ms' % (speed, rate))
        t.check(delaycnt <= per_ms / 5 * 1.15 + 1, '--speed=%s: DelayCnt %d' % (speed, delaycnt))
    t.check(tried >= 1, 'the backend runs under %.0f instructions/ms' % top)


@s.test
def timeout_and_sigterm_end_a_run_at_the_slowest_speed(t):
    # One instruction a millisecond: the throttle sleeps nearly all the time and must
    # still wake for the timeout and for SIGTERM.
    start = time.monotonic()
    r = t.run('tpdelay.com', '100', options=['--speed=1', '--timeout', '1'])
    took = time.monotonic() - start
    t.eq(r.status, 124, 'exit status after --timeout')
    t.check(took < 5, '--timeout 1 took %.1f s' % took)
    t.write('TPDELAY.COM', open(t.prog('tpdelay.com'), 'rb').read())
    p = subprocess.Popen([s.hvdos, '--headless', '--cpu=' + s.cpu, '--speed=1', 'TPDELAY.COM',
                          '100'], cwd=t.drive, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.5)
    start = time.monotonic()
    p.terminate()
    try:
        status = p.wait(timeout=5)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        t.check(False, 'SIGTERM did not end the run')
    t.check(status != 0, 'exit status after SIGTERM: %d' % status)
    t.note('--timeout after %.2f s; SIGTERM ended it in %.3f s (status %d)'
           % (took, time.monotonic() - start, status))


s.main()
