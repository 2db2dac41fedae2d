"""Helpers for the DOS kernel's guest tests: extra drives, snapshots of host trees,
and the alias a long host name gets (the same rule as src/dos/paths.c)."""
import os
import shutil
import tempfile


class ExtraDirs:
    """Host directories for more drives, removed afterwards."""

    def __init__(self):
        self.dirs = []

    def make(self, files=None):
        d = tempfile.mkdtemp(prefix='hvdos-drive-')
        self.dirs.append(d)
        for name, data in (files or {}).items():
            full = os.path.join(d, name)
            if name.endswith('/'):
                os.makedirs(full, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, 'wb') as f:
                f.write(data if isinstance(data, bytes) else data.encode())
        return d

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)


def snapshot(root):
    """Everything about a host tree that a guest could change: names, types, link
    targets, contents, modes and times."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            st = os.lstat(full)
            if os.path.islink(full):
                out[rel] = ('link', os.readlink(full))
            elif os.path.isdir(full):
                out[rel] = ('dir', st.st_mode, st.st_mtime_ns)
            elif os.path.isfile(full):
                with open(full, 'rb') as f:
                    out[rel] = ('file', f.read(), st.st_mode, st.st_mtime_ns)
            else:
                out[rel] = ('other', st.st_mode)
    st = os.stat(root)
    out['.'] = ('dir', st.st_mode, st.st_mtime_ns)
    return out


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def alias_part(s, maxlen):
    out = ''
    for ch in s:
        if len(out) >= maxlen:
            break
        if ch in ' .':
            continue
        if ch.isascii() and (ch.isalnum() or ch in "!#$%&'()-@^_`{}~"):
            out += ch.upper()
        else:
            out += '_'
    return out


def dos_alias(host, probe=0):
    """The 8.3 alias of a host name that is not an 8.3 name (no collisions)."""
    digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
    dot = host.rfind('.')
    if dot <= 0:
        dot = -1
    base = alias_part(host[:dot] if dot > 0 else host, 4) or '_'
    ext = alias_part(host[dot + 1:], 3) if dot > 0 else ''
    h = (fnv1a(host.encode()) + probe) % (36 ** 3)
    name = base + '~' + digits[h // 1296] + digits[h // 36 % 36] + digits[h % 36]
    return name + ('.' + ext if ext else '')
