; A counted loop with a known instruction count, for guest instructions per second:
; runs N x 65536 iterations of an 8-instruction body (N from the command tail, decimal),
; i.e. N x 524288 instructions plus a few, then exits.
        cpu     8086
        org     100h
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
.go:    mov     dx, bx                  ; outer count
        xor     ax, ax
.outer: xor     cx, cx                  ; 65536 inner iterations
.inner: add     ax, cx                  ; 1
        xor     bx, ax                  ; 2
        inc     di                      ; 3
        mov     si, bx                  ; 4
        and     si, 7                   ; 5
        or      bp, si                  ; 6
        dec     cx                      ; 7
        jnz     .inner                  ; 8
        dec     dx
        jnz     .outer
        mov     ax, 4C00h
        int     21h
