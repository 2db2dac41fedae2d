; A full-screen text program for the terminal frontend's tests: it fills all 80x25 cells
; of video memory itself (a double-line box, single-line and block characters, arrows,
; the 16 foreground and 8 background colours, a blinking word), hooks int 9 (counting
; its calls, then chaining), and until Esc shows on row 20 the int 9 count, on row 21
; the last key int 16h gave, and on row 22 the mouse (int 33h 03h: buttons, X, Y),
; each whenever it changes. Esc ends it without touching the screen, for --dump-screen;
; 'g' switches to graphics mode 13h and draws 16 stripes (until Esc).
        org     100h

        mov     ax, 0003h
        int     10h
        mov     ah, 01h                 ; the cursor: scan lines 6-7, an underline
        mov     cx, 0607h
        int     10h
        mov     ax, 0B800h
        mov     es, ax

        ; The box: row 0 and 24 double lines, columns 0 and 79 double bars, white on blue.
        xor     di, di
        mov     ax, 1FC9h
        stosw
        mov     al, 0CDh
        mov     cx, 78
        rep     stosw
        mov     al, 0BBh
        stosw
        mov     bx, 23
.rows:  mov     ax, 1FBAh
        stosw
        mov     ax, 1720h               ; inside: grey on blue blanks
        mov     cx, 78
        rep     stosw
        mov     ax, 1FBAh
        stosw
        dec     bx
        jnz     .rows
        mov     ax, 1FC8h
        stosw
        mov     al, 0CDh
        mov     cx, 78
        rep     stosw
        mov     al, 0BCh
        stosw

        mov     si, title               ; row 2: yellow on blue
        mov     di, (2 * 80 + 3) * 2
        mov     ah, 1Eh
        call    text
        mov     si, boxes               ; row 4: box and block characters
        mov     di, (4 * 80 + 3) * 2
        mov     ah, 1Fh
        call    text
        mov     si, mixed               ; row 6: ASCII punctuation and digits
        mov     di, (6 * 80 + 3) * 2
        mov     ah, 17h
        call    text

        ; Row 8: the 16 foreground colours on black, 'A'..'P'; row 9: the 8
        ; backgrounds under white, '0'..'7'.
        mov     di, (8 * 80 + 3) * 2
        mov     ax, 0041h
        mov     cx, 16
.fg:    stosw
        inc     al
        inc     ah
        loop    .fg
        mov     di, (9 * 80 + 3) * 2
        mov     ax, 0F30h
        mov     cx, 8
.bg:    stosw
        inc     al
        add     ah, 10h
        loop    .bg
        mov     si, blinky              ; row 11: a blinking red word on black
        mov     di, (11 * 80 + 3) * 2
        mov     ah, 8Ch
        call    text

        mov     ax, 0000h               ; the mouse, if a driver is there
        int     33h
        mov     ax, 3509h
        int     21h
        mov     [old9], bx
        mov     [old9+2], es
        mov     dx, int9
        mov     ax, 2509h
        int     21h
        mov     ax, 0B800h
        mov     es, ax
        mov     ah, 02h                 ; the cursor at row 21, column 3
        xor     bh, bh
        mov     dx, 1503h
        int     10h

; Keys first: when int 9 has counted a key, int 16h has it too, so Esc ends the
; program before the count on the screen changes.
.loop:  mov     ah, 01h
        int     16h
        jz      .count
        mov     ah, 00h
        int     16h
        cmp     ax, 011Bh
        je      .done
        cmp     al, 'g'
        je      .gfx
        push    ax
        mov     di, (21 * 80 + 3) * 2
        mov     si, key_is
        mov     ah, 1Bh
        call    text
        pop     ax
        call    hex
        jmp     .loop
.count: mov     ax, [count9]
        cmp     ax, [shown9]
        je      .mouse
        mov     [shown9], ax
        mov     di, (20 * 80 + 3) * 2
        mov     si, int9_is
        mov     ah, 1Bh
        call    text
        mov     ax, [shown9]
        call    hex
.mouse: mov     ax, 0003h
        int     33h
        cmp     bx, [mb]
        jne     .moved
        cmp     cx, [mx]
        jne     .moved
        cmp     dx, [my]
        je      .idle
.moved: mov     [mb], bx
        mov     [mx], cx
        mov     [my], dx
        mov     di, (22 * 80 + 3) * 2
        mov     si, mouse_b
        mov     ah, 1Ah
        call    text
        mov     ax, bx
        call    hex
        mov     si, mouse_x
        mov     ah, 1Ah
        call    text
        mov     ax, [mx]
        call    hex
        mov     si, mouse_y
        mov     ah, 1Ah
        call    text
        mov     ax, [my]
        call    hex
.idle:  sti
        hlt
        jmp     .loop

; 'g': mode 13h, 16 vertical stripes 20 pixels wide in colours 0-15, until Esc.
.gfx:   mov     ax, 0013h
        int     10h
        push    es
        mov     ax, 0A000h
        mov     es, ax
        xor     di, di
        mov     dx, 200
.grow:  xor     bx, bx
.gcol:  mov     ax, bx
        mov     cl, 20
        div     cl
        stosb
        inc     bx
        cmp     bx, 320
        jb      .gcol
        dec     dx
        jnz     .grow
        pop     es
.gwait: mov     ah, 00h
        int     16h
        cmp     ax, 011Bh
        jne     .gwait
.done:  push    ds
        lds     dx, [old9]
        mov     ax, 2509h
        int     21h
        pop     ds
        mov     ax, 4C00h
        int     21h

; Writes the NUL-ended string at SI with attribute AH to ES:DI.
text:   lodsb
        test    al, al
        jz      .end
        stosw
        jmp     text
.end:   ret

; Writes AX as four hex digits (attribute 1Bh) to ES:DI.
hex:    mov     cx, 4
.digit: rol     ax, 4
        push    ax
        and     al, 0Fh
        add     al, '0'
        cmp     al, '9'
        jbe     .put
        add     al, 7
.put:   mov     ah, 1Bh
        stosw
        pop     ax
        loop    .digit
        ret

int9:   inc     word [cs:count9]
        jmp     far [cs:old9]

title:  db      'hvdos full-screen test: keys, mouse, colours', 0
boxes:  db      0DAh, 0C4h, 0C2h, 0C4h, 0BFh, ' ', 0B3h, ' ', 0C3h, 0C5h, 0B4h, ' ', 0C0h, 0C1h
        db      0D9h, ' ', 0B0h, 0B1h, 0B2h, 0DBh, 0DCh, 0DFh, ' ', 18h, 19h, 1Ah, 1Bh, ' '
        db      0CCh, 0CEh, 0B9h, ' ', 03h, 04h, 05h, 06h, ' ', 0FBh, 0F8h, 0E1h, 82h, 0
mixed:  db      'ASCII: !"#$%&()*+,-./0123456789:;<=>?@[\]^_`{|}~', 0
blinky: db      'BLINK', 0
key_is: db      'key=', 0
int9_is: db     'int9=', 0
mouse_b: db     'mouse b=', 0
mouse_x: db     ' x=', 0
mouse_y: db     ' y=', 0

old9:   dd      0
count9: dw      0
shown9: dw      0FFFFh
mb:     dw      0FFFFh
mx:     dw      0FFFFh
my:     dw      0FFFFh
