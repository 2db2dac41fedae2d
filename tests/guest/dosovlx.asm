; An .EXE overlay for int 21h 4B03h: returns the relocated segment of its data.
%include "mz.inc"
        MZ_HEADER start, 10h, 0, 0
        RELOC   data_ref
        MZ_IMAGE
start:  mov     ax, strict word SEG(data)
data_ref equ $ - 2
        retf
        SEGMENT data
        db      'data'
        SEGMENT stack
        times   16 db 0
        MZ_END
