; Records every byte the keyboard controller gives the int 9 handler (port 60h) and,
; after the release of Esc (81h), writes them to KEYS.BIN and ends. The BIOS's own
; int 9 still runs after ours. An 'R' at the top left says the hook is in place.
        cpu     8086
        org     100h

start:
        mov     ax, 3509h
        int     21h
        mov     [old9], bx
        mov     [old9 + 2], es
        mov     dx, int9
        mov     ax, 2509h
        int     21h
        mov     ax, 0B800h
        mov     es, ax
        mov     word [es:0], 0752h      ; 'R': ready
        sti
.wait:  hlt
        cmp     byte [done], 0
        je      .wait
        push    ds
        lds     dx, [old9]
        mov     ax, 2509h
        int     21h
        pop     ds
        mov     ah, 3Ch
        xor     cx, cx
        mov     dx, fname
        int     21h
        jc      .fail
        mov     bx, ax
        mov     ah, 40h
        mov     cx, [count]
        mov     dx, buf
        int     21h
        jc      .fail
        mov     ah, 3Eh
        int     21h
        mov     ax, 4C00h
        int     21h
.fail:  mov     ax, 4C01h
        int     21h

int9:   push    ax
        push    bx
        in      al, 60h
        mov     bx, [cs:count]
        cmp     bx, BUFSIZE
        jae     .chain
        mov     [cs:buf + bx], al
        inc     word [cs:count]
.chain: cmp     al, 81h
        jne     .out
        mov     byte [cs:done], 1
.out:   pop     bx
        pop     ax
        jmp     far [cs:old9]

BUFSIZE equ     2048
fname:  db      'KEYS.BIN', 0
done:   db      0
count:  dw      0
old9:   dd      0
buf:    times BUFSIZE db 0
