; Waits by polling, the way DOS programs do, until TICKS timer ticks have passed or a
; key comes: IDLEPOLL STYLE TICKS (TICKS decimal). An int 8 hook counts the ticks and
; the main loop notices each one ("seen", a game's animation on the timer tick). The
; PIT runs in mode 2 (same 18.2 Hz), so the hook reads how long ago its IRQ fired:
; "max" is the longest of those latencies (in PIT clocks, 1193182 a second) and "late"
; how many were over 10 ms.
; STYLE is one letter:
;   k int 16h 01h          b int 21h 0Bh           d int 21h 06h DL=FFh
;   i int 21h 4406h        q port 64h (IRQ 1 masked, scancodes read from port 60h)
;   p port 60h changes     s int 28h               y int 2Fh 1680h
;   t int 1Ah 00h (events: tick changes it saw)    c int 21h 2Ch (events: 1/100 s steps)
;   r 3DAh retrace waits (events: frames)          n memory only (no poll: a spin)
;   m int 33h 03h (the mouse, reset first with 00h)
;   x int 16h 01h and 02h each round    z one int 16h 01h routine called twice a round
; and two busy programs that look at the keyboard between work, never idle:
;   w 2500 instructions of work, then int 16h 01h
;   o a DOS call that is no poll (19h), then int 21h 0Bh
; Prints "ticks=T seen=S events=E key=K late=L max=M" (hex) and exits 0.
%include "lib.inc"
        cpu     8086
        org     100h

start:  mov     si, 81h
.blank: lodsb
        cmp     al, ' '
        je      .blank
        or      al, 20h
        mov     bx, styles
.find:  cmp     byte [bx], 0
        je      usage
        cmp     [bx], al
        je      .found
        add     bx, 3
        jmp     .find
.found: mov     ax, [bx + 1]
        mov     [style], ax
        xor     bx, bx                  ; TICKS
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
.go:    mov     [target], bx
        mov     ax, 3508h
        int     21h
        mov     [old8], bx
        mov     [old8 + 2], es
        push    cs
        pop     es
        mov     al, 34h                 ; channel 0: mode 2, count 65536
        call    pit0
        mov     dx, int8
        mov     ax, 2508h
        int     21h
        call    [style]                 ; the first call sets the style up
        mov     byte [ready], 1
        mov     word [events], 0

.loop:  call    [style]
        jc      .key
        mov     ax, [ticks]
        cmp     ax, [last]
        je      .same
        mov     [last], ax
        inc     word [seen]
.same:  cmp     ax, [target]
        jb      .loop
        jmp     .done
.key:   mov     [key], ax
.done:  cmp     word [style], poll_q
        jne     .restore
        in      al, 21h                 ; IRQ 1 back on
        and     al, 0FDh
        out     21h, al
.restore:
        push    ds
        lds     dx, [old8]
        mov     ax, 2508h
        int     21h
        pop     ds
        mov     al, 36h                 ; the BIOS's mode 3 again
        call    pit0
        PRINT   'ticks='
        mov     ax, [ticks]
        PRINT_HEX16
        PRINT   ' seen='
        mov     ax, [seen]
        PRINT_HEX16
        PRINT   ' events='
        mov     ax, [events]
        PRINT_HEX16
        PRINT   ' key='
        mov     ax, [key]
        PRINT_HEX16
        PRINT   ' late='
        mov     ax, [late]
        PRINT_HEX16
        PRINT   ' max='
        mov     ax, [maxlat]
        PRINT_HEX16
        PRINT   13, 10
        mov     ax, 4C00h
        int     21h

usage:  PRINT   'usage: IDLEPOLL k|b|d|i|q|p|s|y|t|c|r|m|x|z|n|w|o TICKS', 13, 10
        mov     ax, 4C02h
        int     21h

pit0:   cli
        out     43h, al
        xor     al, al
        out     40h, al
        out     40h, al
        sti
        ret

int8:   push    ax
        xor     al, al                  ; latch channel 0
        out     43h, al
        in      al, 40h
        mov     ah, al
        in      al, 40h
        xchg    al, ah
        neg     ax                      ; clocks since it reached 0 and fired
        cmp     ax, [cs:maxlat]
        jbe     .notmax
        mov     [cs:maxlat], ax
.notmax:
        cmp     ax, 11932               ; 10 ms
        jb      .prompt
        inc     word [cs:late]
.prompt:
        inc     word [cs:ticks]
        pop     ax
        jmp     far [cs:old8]

; Each style: one poll. CF=1 with AX = the key when one came.
poll_k: mov     ah, 01h
        int     16h
        jz      none
        xor     ah, ah
        int     16h
        stc
        ret
; Standard input from the keyboard whatever the host gave: handle 0 becomes CON.
con_in: cmp     byte [ready], 0
        jne     .done
        mov     ax, 3D00h
        mov     dx, con_name
        int     21h
        jc      .done
        mov     bx, ax
        xor     cx, cx
        mov     ah, 46h
        int     21h
        mov     ah, 3Eh
        int     21h
.done:  ret
con_name: db    'CON', 0

poll_b: call    con_in
        mov     ah, 0Bh
        int     21h
        test    al, al
        jz      none
read:   mov     ah, 08h
        int     21h
        xor     ah, ah
        stc
        ret
poll_d: call    con_in
        mov     ah, 06h
        mov     dl, 0FFh
        int     21h
        jz      none
        xor     ah, ah
        stc
        ret
poll_i: call    con_in
        mov     ax, 4406h
        xor     bx, bx
        int     21h
        test    al, al
        jz      none
        jmp     read
poll_q: cmp     byte [ready], 0
        jne     .poll
        in      al, 21h                 ; the program reads the keyboard itself
        or      al, 02h
        out     21h, al
.poll:  in      al, 64h
        test    al, 01h
        jz      none
        in      al, 60h
        xor     ah, ah
        stc
        ret
poll_p: in      al, 60h
        cmp     byte [ready], 0
        je      .first
        cmp     al, [last60]
        je      none
        xor     ah, ah
        stc
        ret
.first: mov     [last60], al
none:   clc
        ret
poll_s: int     28h
        clc
        ret
poll_y: mov     ax, 1680h
        int     2Fh
        clc
        ret
poll_t: xor     ah, ah
        int     1Ah
        cmp     dx, [last1a]
        je      none
        mov     [last1a], dx
        jmp     event
poll_c: mov     ah, 2Ch
        int     21h
        cmp     dl, [last2c]
        je      none
        mov     [last2c], dl
event:  inc     word [events]
        clc
        ret
poll_r: mov     dx, 3DAh
.end:   in      al, dx                  ; the retrace ends
        test    al, 08h
        jnz     .end
.begin: in      al, dx                  ; and begins again: a frame
        test    al, 08h
        jz      .begin
        jmp     event
poll_n: clc
        ret
poll_m: cmp     byte [ready], 0
        jne     .poll
        xor     ax, ax
        int     33h
.poll:  mov     ax, 0003h
        int     33h
        clc
        ret
poll_x: call    poll_k
        jc      .ret
        mov     ah, 02h
        int     16h
        clc
.ret:   ret
poll_z: call    poll_k
        jc      .ret
        call    poll_k
.ret:   ret
poll_w: mov     cx, 2500
.work:  loop    .work
        jmp     poll_k
poll_o: mov     ah, 19h
        int     21h
        jmp     poll_b

styles: db      'k'
        dw      poll_k
        db      'b'
        dw      poll_b
        db      'd'
        dw      poll_d
        db      'i'
        dw      poll_i
        db      'q'
        dw      poll_q
        db      'p'
        dw      poll_p
        db      's'
        dw      poll_s
        db      'y'
        dw      poll_y
        db      't'
        dw      poll_t
        db      'c'
        dw      poll_c
        db      'r'
        dw      poll_r
        db      'n'
        dw      poll_n
        db      'm'
        dw      poll_m
        db      'x'
        dw      poll_x
        db      'z'
        dw      poll_z
        db      'w'
        dw      poll_w
        db      'o'
        dw      poll_o
        db      0

old8:   dd      0
late:   dw      0
maxlat: dw      0
style:  dw      0
target: dw      0
ticks:  dw      0
last:   dw      0
seen:   dw      0
events: dw      0
key:    dw      0
last1a: dw      0
last2c: db      0FFh
last60: db      0
ready:  db      0
        LIB_ROUTINES
