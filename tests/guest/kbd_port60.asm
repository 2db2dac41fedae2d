; Hooks int 9 without chaining: reads each byte from port 60h, keeps it, and sends
; the EOI itself, as games do. After COUNT bytes, prints them in hex, and checks
; that the BIOS key buffer saw none of them.
%include "lib.inc"
        org     100h
COUNT   equ     10

        mov     ax, 3509h
        int     21h
        mov     [old9], bx
        mov     [old9+2], es
        mov     dx, int9
        mov     ax, 2509h
        int     21h
.wait:  hlt
        cmp     word [count], COUNT
        jb      .wait
        push    ds
        lds     dx, [old9]
        mov     ax, 2509h
        int     21h
        pop     ds
        mov     si, bytes
        mov     cx, COUNT
.out:   lodsb
        xor     ah, ah
        PRINT_HEX16
        PRINT   ' '
        loop    .out
        PRINT   13, 10
        mov     ah, 01h
        int     16h
        EXPECT_ZF 1, 'the BIOS buffer is empty'
        FINISH

int9:   push    ax
        push    bx
        in      al, 60h
        mov     bx, [cs:count]
        cmp     bx, 64
        jae     .full
        mov     [cs:bytes+bx], al
        inc     word [cs:count]
.full:  mov     al, 20h
        out     20h, al
        pop     bx
        pop     ax
        iret

old9:   dd      0
count:  dw      0
bytes:  times 64 db 0
        LIB_ROUTINES
