; Exits with the number given as its first argument (decimal), through int 21h 4Ch.
        org     100h
        mov     si, 81h
        xor     bx, bx
.skip:  lodsb
        cmp     al, ' '
        je      .skip
.digit: sub     al, '0'
        cmp     al, 9
        ja      .done
        xchg    ax, bx
        mov     cl, 10
        mul     cl
        xor     bh, bh
        add     ax, bx
        xchg    ax, bx
        lodsb
        jmp     .digit
.done:  mov     al, bl
        mov     ah, 4Ch
        int     21h
