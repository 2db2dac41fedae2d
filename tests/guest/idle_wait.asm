; Hooks int 1Ch to count ticks, then waits for a key with int 16h 00h. Prints the
; key and the ticks counted while it waited.
%include "lib.inc"
        org     100h
        mov     ax, 351Ch
        int     21h
        mov     [old1c], bx
        mov     [old1c+2], es
        mov     dx, int1c
        mov     ax, 251Ch
        int     21h
        xor     ah, ah
        int     16h
        push    ax
        push    ds
        lds     dx, [old1c]
        mov     ax, 251Ch
        int     21h
        pop     ds
        PRINT   'key='
        pop     ax
        PRINT_HEX16
        PRINT   ' ticks='
        mov     ax, [ticks]
        PRINT_HEX16
        PRINT   13, 10
        mov     ax, 4C00h
        int     21h
int1c:  inc     word [cs:ticks]
        jmp     far [cs:old1c]
old1c:  dd      0
ticks:  dw      0
        LIB_ROUTINES
