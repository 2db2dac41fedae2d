#!/usr/bin/env python3
"""Writes a binary file as a C array: bin2c.py INPUT OUTPUT NAME."""
import sys

src, dst, name = sys.argv[1:4]
data = open(src, 'rb').read()
with open(dst, 'w') as out:
    out.write('/* Generated from %s by bios/bin2c.py; do not edit. */\n' % src.split('/')[-1])
    out.write('#include <stddef.h>\n#include <stdint.h>\n')
    out.write('const uint8_t %s[] = {\n' % name)
    for i in range(0, len(data), 16):
        out.write('    ' + ', '.join('0x%02x' % b for b in data[i:i + 16]) + ',\n')
    out.write('};\nconst size_t %s_size = sizeof(%s);\n' % (name, name))
