; Counts as fast as it can and shows the 32-bit count in hex at the top left, so a
; test sees the guest run while the window's thread is busy elsewhere. Esc ends it.
        cpu     8086
        org     100h

start:
        mov     ax, 0B800h
        mov     es, ax
        cld
        xor     si, si                  ; the count: DX:SI
        xor     dx, dx
.loop:  add     si, 1
        adc     dx, 0
        xor     di, di
        mov     ax, dx
        call    hex4
        mov     ax, si
        call    hex4
        test    si, 0FFh                ; now and then, look for Esc
        jnz     .loop
        push    dx
        mov     ah, 01h
        int     16h
        pop     dx
        jz      .loop
        push    dx
        mov     ah, 00h
        int     16h
        pop     dx
        cmp     al, 1Bh
        jne     .loop
        mov     ax, 4C00h
        int     21h

; Writes AX as 4 hex digits in grey at ES:DI.
hex4:   mov     cx, 4
.digit: push    cx
        mov     cl, 4
        rol     ax, cl
        pop     cx
        push    ax
        and     al, 0Fh
        add     al, '0'
        cmp     al, '9'
        jbe     .put
        add     al, 'A' - '9' - 1
.put:   mov     ah, 07h
        stosw
        pop     ax
        loop    .digit
        ret
