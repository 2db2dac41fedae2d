; The keyboard's hooks, as a program sees them: int 15h AH=4Fh rewrites a scancode
; before the BIOS translates it ('a' becomes 'b'), Ctrl+Break calls int 1Bh and leaves
; 0000h in the key buffer, and Pause stops the machine until the next key, which it
; eats. Prints each key int 16h 00h returns until Esc, then checks int 1Bh ran once.
%include "lib.inc"
        org     100h

        mov     ax, 3515h
        int     21h
        mov     [old15], bx
        mov     [old15+2], es
        mov     ax, 351Bh
        int     21h
        mov     [old1b], bx
        mov     [old1b+2], es
        mov     dx, int15
        mov     ax, 2515h
        int     21h
        mov     dx, int1b
        mov     ax, 251Bh
        int     21h
.key:   mov     ah, 00h
        int     16h
        PRINT_HEX16
        PRINT   ' '
        cmp     ax, 011Bh
        jne     .key
        PRINT   13, 10
        push    ds
        lds     dx, [old15]
        mov     ax, 2515h
        int     21h
        pop     ds
        push    ds
        lds     dx, [old1b]
        mov     ax, 251Bh
        int     21h
        pop     ds
        EXPECT  word [breaks], 1, 'int 1Bh ran once for Ctrl+Break'
        FINISH

int15:  cmp     ah, 4Fh
        jne     .chain
        cmp     al, 1Eh                 ; 'a' pressed
        jne     .keep
        mov     al, 30h                 ; ... becomes 'b'
.keep:  stc                             ; CF=1: the BIOS goes on with AL
        retf    2
.chain: jmp     far [cs:old15]

int1b:  inc     word [cs:breaks]
        iret

old15:  dd      0
old1b:  dd      0
breaks: dw      0
        LIB_ROUTINES
