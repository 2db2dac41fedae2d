; Prints the key code of every key: int 16h 10h (the extended function) for the
; first N keys, then int 16h 00h (the old one), until Esc. Shift flags (int 16h 02h
; and 12h) are printed at the end.
%include "lib.inc"
        org     100h
        ; Keys until the first Esc through function 10h, then through 00h.
        mov     byte [fn], 10h
.next:  mov     ah, [fn]
        int     16h
        PRINT_HEX16
        PRINT   ' '
        cmp     ax, 011Bh
        jne     .next
        PRINT   13, 10
        cmp     byte [fn], 00h
        je      .done
        mov     byte [fn], 00h
        jmp     .next
.done:  mov     ah, 12h
        int     16h
        PRINT_HEX16
        PRINT   13, 10
        mov     ax, 4C00h
        int     21h
fn:     db      0
        LIB_ROUTINES
