; An .EXE whose header asks for little memory (or, patched by the test, for none:
; load high): prints its PSP, the end of its memory (PSP:2), CS, and whether it can
; allocate 4 KiB without shrinking first. test_dos_memory.py checks the numbers
; against the header.
%include "lib.inc"
%include "mz.inc"

        MZ_HEADER entry, 100h, 10h, 20h
        MZ_IMAGE

entry:  mov     ax, cs
        mov     ds, ax                  ; the messages are in this segment
        PRINT   'PSP='
        mov     ax, es
        PRINT_HEX16
        PRINT   ' TOP='
        mov     ax, [es:2]
        PRINT_HEX16
        PRINT   ' CS='
        mov     ax, cs
        PRINT_HEX16
        PRINT   ' ALLOC='
        mov     ah, 48h
        mov     bx, 100h
        int     21h
        jc      .no
        PRINT   'ok'
        jmp     .out
.no:    PRINT   'no'
.out:   PRINT   13, 10
        mov     ax, 4C00h
        int     21h
lib_failures: dw 0
        LIB_ROUTINES

        SEGMENT stack
        times   256 db 0
        MZ_END
