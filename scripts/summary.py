#!/usr/bin/env python3
"""Sums up meson test logs: which CPU backends ran, and the final line
"N passed, N failed, N skipped". Exits 1 if anything failed or a build has no log."""
import json
import os
import sys

passed = failed = skipped = 0
ran = {}
real = {False: 0, True: 0}
for d in sys.argv[1:]:
    log = os.path.join(d, 'meson-logs', 'testlog.json')
    if not os.path.exists(log):
        print('%s: no test log (the build failed)' % d)
        failed += 1
        continue
    for line in open(log):
        t = json.loads(line)
        result = t['result']
        if result in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif result == 'SKIP':
            skipped += 1
        else:
            failed += 1
            print('FAILED: %s %s (%s)' % (d, t['name'], result))
        for backend in ('kvm', 'interp'):
            if backend in t.get('suite', []) or t['name'].endswith('_' + backend):
                ran.setdefault(backend, set()).add(result)
        # meson names a test "project:suite+suite / name"
        if 'real' in t['name'].split(' / ')[0].split(':')[-1].split('+'):
            real[result == 'SKIP'] += 1
for backend in ('kvm', 'interp'):
    results = ran.get(backend, set())
    state = 'ran' if results - {'SKIP'} else 'skipped (cannot run here)' if results else 'no tests'
    print('CPU backend %s: %s' % (backend, state))
# The real suite skips without the real DOS programs (meson option dosprogs_dir).
print('real DOS programs: %d cases ran, %d skipped' % (real[False], real[True]))
print('%d passed, %d failed, %d skipped' % (passed, failed, skipped))
sys.exit(1 if failed else 0)
