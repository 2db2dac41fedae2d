; Prints the environment block (one variable per line) and the program path stored
; after it, as "PATH=" lines then "PROGRAM=<path>".
        org     100h
        mov     es, [2Ch]               ; environment segment from the PSP
        xor     di, di
next:   cmp     byte [es:di], 0
        je      strings_done
.copy:  mov     dl, [es:di]
        inc     di
        test    dl, dl
        jz      .eol
        mov     ah, 02h
        int     21h
        jmp     .copy
.eol:   call    crlf
        jmp     next
strings_done:
        inc     di                      ; the empty string
        cmp     word [es:di], 1         ; one string follows
        jne     bad
        add     di, 2
        mov     dx, prog
        mov     ah, 09h
        int     21h
.p:     mov     dl, [es:di]
        inc     di
        test    dl, dl
        jz      .end
        mov     ah, 02h
        int     21h
        jmp     .p
.end:   call    crlf
        mov     ax, 4C00h
        int     21h
bad:    mov     ax, 4C01h
        int     21h
crlf:   mov     dl, 13
        mov     ah, 02h
        int     21h
        mov     dl, 10
        int     21h
        ret
prog:   db      'PROGRAM=$'
