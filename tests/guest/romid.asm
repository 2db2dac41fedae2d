; Prints what a program that identifies the BIOS reads: the text at F000:E000 (up to
; a NUL or 80 characters), then the BIOS date at F000:FFF5 and the model byte at
; F000:FFFE in hex.
        org     100h
        push    ds
        mov     ax, 0F000h
        mov     ds, ax
        mov     si, 0E000h
        mov     cx, 80
.next:  lodsb
        test    al, al
        jz      .date
        mov     dl, al
        mov     ah, 02h
        int     21h
        loop    .next
.date:  mov     dl, 13
        mov     ah, 02h
        int     21h
        mov     dl, 10
        int     21h
        mov     si, 0FFF5h
        mov     cx, 8
.d:     lodsb
        mov     dl, al
        mov     ah, 02h
        int     21h
        loop    .d
        mov     dl, ' '
        int     21h
        mov     al, [0FFFEh]
        pop     ds
        call    hex8
        mov     dl, 13
        mov     ah, 02h
        int     21h
        mov     dl, 10
        int     21h
        mov     ax, 4C00h
        int     21h

hex8:   push    ax
        shr     al, 4
        call    .digit
        pop     ax
        and     al, 0Fh
.digit: add     al, '0'
        cmp     al, '9'
        jbe     .out
        add     al, 7
.out:   mov     dl, al
        mov     ah, 02h
        int     21h
        ret
