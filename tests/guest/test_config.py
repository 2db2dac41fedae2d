"""Configuration files: the four sources in order ($XDG_CONFIG_HOME/hvdos/hvdos.ini,
./hvdos.ini, --config FILE, the command line), --print-config and where each value came
from, what a bad file gets (one line naming file, line and key; exit status 2), and
[autoexec] run by the shell before anything else."""
import os
import re

from guest import Suite

s = Suite()


def text(r):
    return r.stdout.decode('latin-1')


def sources(t, user='', local='', extra=None):
    """Writes the user's file (under $XDG_CONFIG_HOME), ./hvdos.ini and an extra file
    for --config; returns the environment and the options that name them."""
    xdg = t.path('.xdg')
    os.makedirs(os.path.join(xdg, 'hvdos'))
    if user:
        with open(os.path.join(xdg, 'hvdos', 'hvdos.ini'), 'w') as f:
            f.write(user)
    if local:
        t.write('hvdos.ini', local)
    options = []
    if extra is not None:
        options = ['--config', t.write('extra.ini', extra)]
    return {'XDG_CONFIG_HOME': xdg}, options


def config(t, *args, env=None):
    """hvdos --print-config's lines that set something (key, value, source)."""
    r = t.hvdos('--print-config', *args, env=env)
    t.ok(r)
    out = {}
    section = None
    for line in text(r).splitlines():
        m = re.match(r'\[(\w+)\]$', line)
        if m:
            section = m.group(1)
        m = re.match(r'([^;#\s][^=]*?) = (.*?) +; (.*)$', line)
        if m:
            out['%s.%s' % (section, m.group(1))] = (m.group(2), m.group(3))
    return out


@s.test
def each_source_overrides_the_one_before(t):
    env, extra = sources(
        t,
        user='[machine]\nmemory = 8\nspeed = 286\n[dos]\nversion = 3.30\n'
             '[window]\nfullscreen = yes\n[env]\nA = user\nB = user\n',
        local='[machine]\nmemory = 32\nspeed = 386\n[env]\nB = local\nC = local\n'
              '[window]\nfullscreen = off\n',
        extra='[machine]\nmemory = 64\n[env]\nC = extra\n')
    c = config(t, *extra, '--memory=128', '--env', 'D=argv', env=env)
    user = os.path.join(env['XDG_CONFIG_HOME'], 'hvdos', 'hvdos.ini')
    t.eq(c['machine.memory'], ('128', 'command line'))
    t.eq(c['machine.speed'], ('386', 'hvdos.ini:3'))
    t.eq(c['dos.version'], ('3.30', user + ':5'))
    t.eq(c['window.fullscreen'], ('false', 'hvdos.ini:8'))
    t.eq(c['env.A'], ('user', user + ':9'))
    t.eq(c['env.B'], ('local', 'hvdos.ini:5'))
    t.eq(c['env.C'], ('extra', extra[1] + ':4'))
    t.eq(c['env.D'], ('argv', 'command line'))
    t.eq(c['machine.cpu'], (s.cpu, 'command line'))


@s.test
def the_merged_values_reach_the_run(t):
    env, extra = sources(t, user='[dos]\nversion = 3.30\n[env]\nGAME = user\n',
                         local='[env]\ngame = here\n[drives]\nD = %s:ro\n' % s.progs,
                         extra='[run]\ncommand = ver & set\n')
    r = t.hvdos(*extra, '-c', 'ver', '-c', 'set', '-c', 'dir d:\\hello.com', env=env)
    t.ok(r)
    out = text(r)
    t.check('MS-DOS Version 3.30' in out, 'the version from the user file: %r' % out)
    t.check('GAME=here\r\n' in out, './hvdos.ini overrides the variable: %r' % out)
    t.check('HELLO    COM' in out, 'drive D: from ./hvdos.ini: %r' % out)
    # The command line's -c replaces [run] command.
    t.eq(out.count('MS-DOS Version'), 1)


@s.test
def a_missing_user_file_or_local_file_is_no_error(t):
    env, _ = sources(t)
    r = t.shell('echo ok', env=env)
    t.ok(r, b'ok\r\n')


@s.test
def print_config_writes_a_file_that_gives_the_same_configuration(t):
    env, extra = sources(t, user='[drives]\nd = /tmp:ro\n[mouse]\nenabled = false\n'
                         '[autoexec]\necho one\n\n; a comment\nset X=1\n',
                         local='[run]\ntimeout = 30\nkeys = abc{Enter}\n')
    r = t.hvdos('--print-config', *extra, '--no-sound', env=env)
    t.ok(r)
    user = os.path.join(env['XDG_CONFIG_HOME'], 'hvdos', 'hvdos.ini')
    out = text(r)
    for line in ['D = /tmp:ro                      ; %s:2' % user,
                 'enabled = false                  ; %s:4' % user,
                 'enabled = false                  ; command line',
                 'timeout = 30                     ; hvdos.ini:2',
                 'keys = abc{Enter}                ; hvdos.ini:3',
                 '; memory = 16 (the default)',
                 '[autoexec]\n; %s:6\necho one\n; %s:9\nset X=1\n' % (user, user)]:
        t.check(line in out, '%r in %s' % (line, out))
    # Read back as the only file, it makes the same output but for the sources.
    t.write('again.ini', out)
    again = t.hvdos('--print-config', '--config', 'again.ini',
                    env={'XDG_CONFIG_HOME': t.path('nowhere')})
    t.ok(again)
    strip = lambda o: re.sub(r' +; .*|; /.*|; command line|; hvdos.ini.*|; again.ini.*', '',
                             o.decode())
    t.eq(strip(again.stdout).replace('--cpu', ''),
         strip(r.stdout).replace('--cpu', ''))


BAD = [
    ('[machine]\nmemroy = 64\n', 'hvdos.ini:2: [machine] memroy: unknown key'),
    ('[machine]\nmemory = 64k\n',
     "hvdos.ini:2: [machine] memory wants MiB from 2 to 3072, not '64k'"),
    ('\n[window]\nfullscreen = maybe\n',
     "hvdos.ini:3: [window] fullscreen wants true or false, not 'maybe'"),
    ('[graphics]\nmode = vga\n', 'hvdos.ini:2: unknown section [graphics]'),
    ('memory = 64\n', 'hvdos.ini:1: memory: a key before any [section]'),
    ('[machine]\nthis is not a key\n', "hvdos.ini:2: not a [section] or a 'key = value' line"),
    ('[drives]\nD = /tmp\nd = /srv\n', 'hvdos.ini:3: [drives] D /srv: D is given twice'),
    ('[drives]\nZ = /tmp\n', "hvdos.ini:2: [drives] Z Z=/tmp: drive Z: is hvdos's own"),
    ('[run]\ntimeout = soon\n', "hvdos.ini:2: [run] timeout wants a number of seconds"),
    ('[run]\nkeys = {Nope}\n', 'hvdos.ini:2: [run] keys '),
    ('[machine]\ncpu = z80\n', "hvdos.ini:2: [machine] cpu must be kvm, interp or auto"),
    ('[autoexec]\necho ' + 'x' * 130 + '\n',
     "hvdos.ini:2: [autoexec] has a line longer than DOS's 126 characters"),
    ('[env]\nX = ' + 'y' * 300 + '\n', 'hvdos.ini:2: the line is too long'),
]


@s.test
def a_bad_file_gets_one_line_naming_file_line_and_key(t):
    env, _ = sources(t)
    for content, want in BAD:
        t.write('hvdos.ini', content)
        r = t.shell('echo ran', env=env)
        t.eq(r.status, 2, 'exit status for %r' % content)
        t.eq(r.stdout, b'', 'nothing ran for %r' % content)
        err = r.stderr.decode()
        t.check(err.startswith('hvdos: ' + want) and err.count('\n') == 1,
                'for %r: %r does not start with %r' % (content, err, want))


@s.test
def a_home_hvdos_cannot_enter_has_no_user_file(t):
    """Another user's HOME (a service running hvdos as nobody): no file, no error. A
    ./hvdos.ini that is a directory is an error."""
    import subprocess
    if os.geteuid() != 0:
        t.skip('not root: cannot run hvdos as another user')
    home = t.path('home')
    os.makedirs(os.path.join(home, '.config', 'hvdos'))
    t.write('home/.config/hvdos/hvdos.ini', '[machine]\nmemory = 1\n')
    os.chmod(home, 0o700)
    os.chmod(t.drive, 0o755)
    env = dict(os.environ, HOME=home)
    env.pop('XDG_CONFIG_HOME', None)
    p = subprocess.run(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
                        s.hvdos, '--headless', '--cpu=interp', '-c', 'echo ok'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=t.drive, env=env,
                       timeout=60)
    t.eq((p.returncode, p.stdout, p.stderr), (0, b'ok\r\n', b''))
    os.makedirs(t.path('hvdos.ini'))
    r = t.shell('echo ok')
    t.eq((r.status, r.stderr),
         (2, b'hvdos: cannot read the configuration file hvdos.ini: Is a directory\n'))


@s.test
def a_missing_config_file_is_an_error(t):
    env, _ = sources(t)
    r = t.hvdos('--config', 'none.ini', '-c', 'echo ran', env=env)
    t.eq(r.status, 2)
    t.eq(r.stderr, b'hvdos: cannot read the configuration file none.ini: '
         b'No such file or directory\n')


@s.test
def a_bad_command_line_still_names_the_option(t):
    r = t.hvdos('--memory=1')
    t.eq(r.status, 2)
    t.eq(r.stderr, b"hvdos: --memory wants MiB from 2 to 3072, not '1' (see hvdos --help)\n")


@s.test
def autoexec_runs_before_the_commands_and_each_source_adds_to_it(t):
    env, extra = sources(t, user='[autoexec]\necho from the user file\nset WHO=user\n',
                         local='[autoexec]\necho from hvdos.ini\n')
    r = t.shell('echo then -c', 'set', env=env)
    t.ok(r)
    t.eq(text(r).split('\r\n')[:3], ['from the user file', 'from hvdos.ini', 'then -c'])
    t.check('WHO=user\r\n' in text(r), text(r))


@s.test
def autoexec_runs_before_a_program_and_the_prompt(t):
    env, _ = sources(t, local='[autoexec]\necho before\n')
    with open(t.prog('hello.com'), 'rb') as f:
        t.write('HELLO.COM', f.read())
    r = t.hvdos('HELLO.COM', env=env)
    t.ok(r, b'before\r\nHello, world!\r\n')
    r = t.hvdos(stdin=b'exit\r\n', env=env)
    t.eq(r.status, 0)
    t.check(text(r).startswith('before\r\n'), text(r))


@s.test
def exit_in_autoexec_ends_the_run_with_its_status(t):
    env, _ = sources(t, local='[autoexec]\necho one\nexit 7\necho never\n')
    r = t.shell('echo never either', env=env)
    t.eq(r.status, 7)
    t.eq(r.stdout, b'one\r\n')


s.main()
