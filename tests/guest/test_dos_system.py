"""System functions: version, break, InDOS, switch character, country tables, the
List of Lists, extended errors, drive information, truename, and the multiplex and
idle interrupts."""
from guest import Suite

s = Suite()


@s.test
def system_functions(t):
    r = t.run('dossys.com')
    t.ok(r, b'VER=0005\r\nZ\r\nPASS\r\n')


@s.test
def dos_version_option_sets_what_30h_returns(t):
    r = t.run('dossys.com', options=['--dos-version', '3.30'])
    t.check(r.stdout.startswith(b'VER=1E03\r\n'), r.stdout)


@s.test
def cpm_style_call_5_reaches_dos(t):
    r = t.run('doscpm.com')
    t.ok(r, b'CP/M call\r\nPASS\r\n')


s.main()
