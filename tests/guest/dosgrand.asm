; EXEC, the grandchild: prints its first environment string and ends with the
; number in its command tail as its return code.
%include "doslib.inc"
        org     100h

start:
        PRINT   'grand: env='
        push    ds
        mov     ds, [2Ch]
        xor     si, si
        PRINTZ
        pop     ds
        PRINT   ' tail='
        mov     al, [82h]
        mov     dl, al
        mov     ah, 02h
        int     21h
        call    lib_crlf
        mov     al, [82h]
        sub     al, '0'
        mov     ah, 4Ch
        int     21h

        DOSLIB_ROUTINES
lib_failures:   dw      0
