; Prints the MCB chain: "segment owner size" (hex) for each block, from the first
; (int 21h 52h, the word before the List of Lists) to the one marked Z.
%include "lib.inc"
        org     100h
        mov     ah, 52h
        int     21h
        mov     ax, [es:bx - 2]
.next:  mov     es, ax
        PRINT_HEX16
        PRINT   ' '
        push    ax
        mov     ax, [es:1]
        PRINT_HEX16
        PRINT   ' '
        mov     ax, [es:3]
        PRINT_HEX16
        PRINT   13, 10
        pop     ax
        cmp     byte [es:0], 'Z'
        je      .done
        add     ax, [es:3]
        inc     ax
        jmp     .next
.done:  mov     ax, 4C00h
        int     21h
        LIB_ROUTINES
