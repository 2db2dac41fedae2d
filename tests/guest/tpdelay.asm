; Turbo Pascal's CRT unit calibrates Delay at start-up this way: wait for the BIOS tick
; to change, count iterations of a 5-instruction loop until it changes again, and
; divide by 55 for iterations per millisecond (DelayCnt). A CPU fast enough that the
; quotient does not fit 16 bits makes that DIV fault: "Runtime error 200" in Turbo
; Pascal, "Divide overflow" here. TPDELAY [TICKS] counts over TICKS ticks (default 1)
; and prints "count=C delaycnt=D" (hex; C over all TICKS, D for the first tick).
%include "lib.inc"
        cpu     8086
        org     100h

start:  mov     si, 81h
        xor     bx, bx
.skip:  lodsb
        cmp     al, ' '
        je      .skip
.digit: sub     al, '0'
        cmp     al, 9
        ja      .go
        cbw
        xchg    ax, bx
        mov     cx, 10
        mul     cx
        add     ax, bx
        xchg    ax, bx
        lodsb
        jmp     .digit
.go:    test    bx, bx
        jnz     .n
        inc     bx
.n:     mov     [ticks], bx
        mov     ax, 40h
        mov     es, ax
        mov     di, 6Ch                 ; the tick count's low byte
        mov     bl, [es:di]
.sync:  cmp     bl, [es:di]             ; start at a tick
        je      .sync
        mov     bl, [es:di]
        mov     ax, -28                 ; what CRT starts the count at
        cwd
        call    delay_loop              ; one tick, exactly as CRT
        mov     [first], ax
        mov     [first + 2], dx
        dec     word [ticks]
        jz      .done
.more:  mov     bl, [es:di]             ; further ticks (for the benchmark)
        call    delay_loop
        dec     word [ticks]
        jnz     .more
.done:  not     ax
        not     dx
        PRINT   'count='
        xchg    ax, dx
        PRINT_HEX16
        xchg    ax, dx
        PRINT_HEX16
        mov     ax, [first]
        mov     dx, [first + 2]
        not     ax
        not     dx
        mov     cx, 55
        div     cx                      ; DelayCnt: the Runtime error 200 DIV
        PRINT   ' delaycnt='
        PRINT_HEX16
        PRINT   13, 10
        mov     ax, 4C00h
        int     21h

delay_loop:
.l:     sub     ax, 1
        sbb     dx, 0
        jc      .out
        cmp     bl, [es:di]
        je      .l
.out:   ret

ticks:  dw      0
first:  dd      0
        LIB_ROUTINES
