#!/usr/bin/env python3
"""The ROM's character generator tables (int 10h 1130h, int 1Fh/43h) from the pixel
fonts in fonts/, at build time. The Px437 fonts are IBM's ROM bitmaps drawn as
outlines of whole pixels: only straight lines on a grid, so sampling each pixel's
centre with TrueType's non-zero winding rule gives the bitmap back exactly, with no
rasteriser library (the build needs only python3). Characters come from code page 437
as src/bios/cp437.c maps them, so the ROM, the screen dumps and the window agree.

Usage: ttf2font.py CP437_C FONT.ttf HEIGHT OUT.inc [--alt BASE.ttf]
Writes 256 * HEIGHT bytes as NASM `db` lines (8 columns a byte, bit 7 leftmost). With
--alt, writes instead the VGA's alternate 9-dot table: for each character whose left 8
columns in FONT differ from BASE, its code then its HEIGHT bytes; a 0 ends the table.
"""
import re
import struct
import sys


class Font:
    def __init__(self, path):
        with open(path, 'rb') as f:
            self.d = d = f.read()
        ntab = struct.unpack_from('>H', d, 4)[0]
        self.tab = {}
        for i in range(ntab):
            tag, _, off, ln = struct.unpack_from('>4sIII', d, 12 + 16 * i)
            self.tab[tag.decode('latin-1')] = off
        head = self.tab['head']
        self.long_loca = struct.unpack_from('>h', d, head + 50)[0] == 1
        self.cmap = self._read_cmap()

    def _read_cmap(self):
        d, base = self.d, self.tab['cmap']
        n = struct.unpack_from('>H', d, base + 2)[0]
        for i in range(n):
            plat, enc, off = struct.unpack_from('>HHI', d, base + 4 + 8 * i)
            if plat == 3 and enc == 1 and struct.unpack_from('>H', d, base + off)[0] == 4:
                return self._cmap4(base + off)
        raise SystemExit('ttf2font: no Unicode BMP cmap (format 4)')

    def _cmap4(self, p):
        d = self.d
        segs = struct.unpack_from('>H', d, p + 6)[0] // 2
        ends = struct.unpack_from('>%dH' % segs, d, p + 14)
        starts = struct.unpack_from('>%dH' % segs, d, p + 16 + 2 * segs)
        deltas = struct.unpack_from('>%dh' % segs, d, p + 16 + 4 * segs)
        ro_at = p + 16 + 6 * segs
        ranges = struct.unpack_from('>%dH' % segs, d, ro_at)
        cmap = {}
        for s in range(segs):
            for c in range(starts[s], ends[s] + 1):
                if c == 0xFFFF:
                    continue
                if ranges[s] == 0:
                    g = (c + deltas[s]) & 0xFFFF
                else:
                    at = ro_at + 2 * s + ranges[s] + 2 * (c - starts[s])
                    g = struct.unpack_from('>H', d, at)[0]
                    if g:
                        g = (g + deltas[s]) & 0xFFFF
                if g:
                    cmap[c] = g
        return cmap

    def _glyph_at(self, g):
        d, loca = self.d, self.tab['loca']
        if self.long_loca:
            a, b = struct.unpack_from('>II', d, loca + 4 * g)
        else:
            a, b = (2 * x for x in struct.unpack_from('>HH', d, loca + 2 * g))
        return (self.tab['glyf'] + a) if b > a else None

    def contours(self, ch):
        """The glyph's outlines as lists of (x, y) corners, in font units."""
        g = self.cmap.get(ch)
        p = self._glyph_at(g) if g else None
        if p is None:
            return []
        d = self.d
        nc = struct.unpack_from('>h', d, p)[0]
        if nc < 0:
            raise SystemExit('ttf2font: U+%04X is a composite glyph, not a pixel outline' % ch)
        ends = struct.unpack_from('>%dH' % nc, d, p + 10)
        npts = ends[-1] + 1 if nc else 0
        q = p + 12 + 2 * nc + struct.unpack_from('>H', d, p + 10 + 2 * nc)[0]
        flags = []
        while len(flags) < npts:
            f = d[q]
            q += 1
            flags.append(f)
            if f & 8:
                flags += [f] * d[q]
                q += 1
        coords = []
        for short, same in ((2, 16), (4, 32)):
            v, out = 0, []
            for f in flags:
                if f & short:
                    v += d[q] if f & same else -d[q]
                    q += 1
                elif not f & same:
                    v += struct.unpack_from('>h', d, q)[0]
                    q += 2
                out.append(v)
            coords.append(out)
        if any(not f & 1 for f in flags):
            raise SystemExit('ttf2font: U+%04X has curves; this is not a pixel font' % ch)
        pts = list(zip(*coords))
        out, start = [], 0
        for e in ends:
            out.append(pts[start:e + 1])
            start = e + 1
        return out

    def box(self, ch):
        """The glyph's bounding box (xMin, yMin, xMax, yMax) from its header."""
        p = self._glyph_at(self.cmap[ch])
        return struct.unpack_from('>hhhh', self.d, p + 2)


def rasterise(font, ch, height, top, unit, width=8):
    """Rows of `width` pixels, bit (width-1) leftmost: each pixel is set when its centre
    is inside the outline (non-zero winding)."""
    edges = []
    for c in font.contours(ch):
        for i in range(len(c)):
            (x0, y0), (x1, y1) = c[i], c[(i + 1) % len(c)]
            if y0 != y1:
                edges.append((x0, y0, x1, y1))
    rows = []
    for row in range(height):
        yc = top - (row + 0.5) * unit
        cross = []
        for x0, y0, x1, y1 in edges:
            if min(y0, y1) <= yc < max(y0, y1):
                x = x0 + (yc - y0) * (x1 - x0) / (y1 - y0)
                cross.append((x, 1 if y1 > y0 else -1))
        bits = 0
        for col in range(width):
            xc = (col + 0.5) * unit
            if sum(w for x, w in cross if x < xc):
                bits |= 1 << (width - 1 - col)
        rows.append(bits)
    return rows


def cp437_table(path):
    with open(path) as f:
        src = f.read()
    body = re.search(r'cp437\[256\]\s*=\s*\{(.*?)\};', src, re.S)
    codes = [int(x, 16) for x in re.findall(r'0x([0-9A-Fa-f]{4})', body.group(1) if body else '')]
    if len(codes) != 256:
        raise SystemExit('ttf2font: cannot read the code page 437 table in ' + path)
    return codes


def font_table(font, cp437, height):
    """256 glyphs of `height` rows. The full block sets the grid: its top is the cell's
    top and its height is `height` pixels."""
    _, y0, _, y1 = font.box(0x2588)
    unit = (y1 - y0) / height
    glyphs = []
    for cp in cp437:
        if cp in (0, 0x20, 0xA0):
            glyphs.append([0] * height)
        else:
            glyphs.append(rasterise(font, cp, height, y1, unit))
    return glyphs


def db_lines(data, comment):
    out = []
    for i in range(0, len(data), 16):
        out.append('        db      ' + ', '.join('%03Xh' % b for b in data[i:i + 16]))
    return '; %s (generated by bios/ttf2font.py; do not edit)\n' % comment + '\n'.join(out) + '\n'


def main(argv):
    args = argv[1:]
    alt = None
    if '--alt' in args:
        i = args.index('--alt')
        alt = args[i + 1]
        del args[i:i + 2]
    if len(args) != 4:
        raise SystemExit(__doc__)
    cp437, ttf, height, out = cp437_table(args[0]), args[1], int(args[2]), args[3]
    glyphs = font_table(Font(ttf), cp437, height)
    if alt is None:
        data = [b for g in glyphs for b in g]
        text = db_lines(data, '%d x 8 glyphs of %s' % (height, ttf.split('/')[-1]))
    else:
        base = font_table(Font(alt), cp437, height)
        data = []
        for c in range(1, 256):
            if glyphs[c] != base[c]:
                data += [c] + glyphs[c]
        data.append(0)
        text = db_lines(data, '9-dot alternates: %s where it differs from %s' %
                        (ttf.split('/')[-1], alt.split('/')[-1]))
    with open(out, 'w') as f:
        f.write(text)


if __name__ == '__main__':
    main(sys.argv)
