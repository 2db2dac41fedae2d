#!/usr/bin/env python3
"""Wraps a .COM image in an MZ header so it runs as an .EXE: the image loads at
PSP+10h, and CS = SS = load-10h (the PSP), IP = 100h, SP = FFFEh, as a .COM would
start. Used to test the .EXE path with programs that bcc compiles (bcc makes only
.COM files). Usage: com2exe.py IN.COM OUT.EXE"""
import struct
import sys

src, dst = sys.argv[1:3]
image = open(src, 'rb').read()
header_size = 32
total = header_size + len(image)
min_paras = (0x10000 - 0x100 - len(image) + 15) // 16  # the rest of the 64 KiB segment
header = struct.pack('<2sHHHHHHHHHHHHH', b'MZ', total % 512, (total + 511) // 512, 0,
                     header_size // 16, min_paras, 0xFFFF, 0xFFF0, 0xFFFE, 0, 0x100, 0xFFF0,
                     0x1C, 0)
header += b'\0' * (header_size - len(header))
open(dst, 'wb').write(header + image)
