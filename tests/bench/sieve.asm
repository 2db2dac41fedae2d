; The classic BYTE sieve of Eratosthenes (8190 flags, 1899 primes), repeated N times
; (N from the command tail, decimal); prints the prime count of the last pass.
        cpu     8086
        org     100h
SIZE    equ     8190
        mov     si, 81h
        xor     bx, bx
.skip:  lodsb
        cmp     al, ' '
        je      .skip
.digit: sub     al, '0'
        cmp     al, 9
        ja      .go
        cbw                             ; AX = the digit
        xchg    ax, bx                  ; AX = the number so far, BX = the digit
        mov     cx, 10
        mul     cx                      ; all 16 bits (a byte multiply cut N to 8)
        add     ax, bx
        xchg    ax, bx
        lodsb
        jmp     .digit
.go:    mov     [passes], bx
pass:   ; flags[0..SIZE] = 1
        mov     di, flags
        mov     cx, SIZE + 1
        mov     al, 1
        push    ds
        pop     es
        cld
        rep     stosb
        xor     dx, dx                  ; count
        xor     bx, bx                  ; i
.scan:  cmp     byte [flags + bx], 0
        je      .next
        mov     ax, bx                  ; prime = i + i + 3
        add     ax, bx
        add     ax, 3
        mov     si, bx
        add     si, ax                  ; k = i + prime
.strike:
        cmp     si, SIZE
        ja      .counted
        mov     byte [flags + si], 0
        add     si, ax
        jmp     .strike
.counted:
        inc     dx
.next:  inc     bx
        cmp     bx, SIZE
        jbe     .scan
        dec     word [passes]
        jnz     pass
        ; print DX in decimal
        mov     ax, dx
        mov     bx, 10
        xor     cx, cx
.div:   xor     dx, dx
        div     bx
        push    dx
        inc     cx
        test    ax, ax
        jnz     .div
.out:   pop     dx
        add     dl, '0'
        mov     ah, 02h
        int     21h
        loop    .out
        mov     dl, 13
        int     21h
        mov     dl, 10
        int     21h
        mov     ax, 4C00h
        int     21h
passes: dw      0
flags:
