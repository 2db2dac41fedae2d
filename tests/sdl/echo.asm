; Shows every key the BIOS gives (int 16h) as a character on the screen, by teletype,
; until Esc. An 'R' at the top left says it is ready; the echo starts at row 2.
        cpu     8086
        org     100h

start:
        mov     ax, 0B800h
        mov     es, ax
        mov     word [es:0], 0752h      ; 'R': ready
        mov     ah, 02h
        mov     bh, 0
        mov     dx, 0200h
        int     10h
.next:  mov     ah, 00h
        int     16h
        cmp     al, 1Bh
        je      .quit
        cmp     al, 0Dh
        jne     .put
        mov     ax, 0E0Dh               ; Enter: a new line
        int     10h
        mov     al, 0Ah
.put:   mov     ah, 0Eh
        mov     bx, 0007h
        int     10h
        jmp     .next
.quit:  mov     ax, 4C00h
        int     21h
