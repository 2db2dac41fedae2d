; The window tests' screen: known characters in the 16 colours at known cells, the 8
; backgrounds, single and double boxes, the shade and block characters, CP437 text,
; a blinking word, a cursor at row 20, column 40 with scan lines 13-14, and a status
; bar on the last row, written last so a test knows the screen is complete.
; Then it waits for Esc; with /exit in its command tail it ends at once instead.
        cpu     8086
        org     100h

%macro FILL 5                           ; row, col, count, char, attr
        mov     di, (%1 * 80 + %2) * 2
        mov     cx, %3
        mov     ax, (%5 << 8) | %4
        rep     stosw
%endmacro

%macro TEXT 4+                           ; row, col, attr, string
        mov     di, (%1 * 80 + %2) * 2
        mov     ah, %3
        mov     si, %%s
        call    puts
        jmp     %%e
%%s:    db      %4, 0
%%e:
%endmacro

start:
        mov     ax, 0003h               ; 80x25 colour, cleared
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        cld

        FILL    0, 0, 80, ' ', 1Fh
        TEXT    0, 1, 1Fh, 'hvdos window test'

        ; Row 2: a full block in each of the 16 colours, at columns 2, 4, ... 32.
        mov     di, (2 * 80 + 2) * 2
        mov     ax, 00DBh
.colours:
        stosw
        add     di, 2
        inc     ah
        cmp     ah, 16
        jb      .colours
        ; Row 3: the letters A-P, each in its colour on grey.
        mov     di, (3 * 80 + 2) * 2
        mov     ax, 7041h
.letters:
        stosw
        add     di, 2
        inc     al
        inc     ah
        cmp     ah, 80h
        jb      .letters
        ; Row 4: the 8 backgrounds, two blanks each, at columns 2, 5, ... 23.
        mov     di, (4 * 80 + 2) * 2
        mov     ax, 0020h
.backs:
        stosw
        stosw
        add     di, 2
        add     ah, 10h
        cmp     ah, 80h
        jb      .backs

        ; Rows 6-10: a single box in columns 2-30, a double box in columns 34-62.
        FILL    6, 2, 1, 0DAh, 0Bh
        FILL    6, 3, 27, 0C4h, 0Bh
        FILL    6, 30, 1, 0BFh, 0Bh
        FILL    10, 2, 1, 0C0h, 0Bh
        FILL    10, 3, 27, 0C4h, 0Bh
        FILL    10, 30, 1, 0D9h, 0Bh
        FILL    6, 34, 1, 0C9h, 0Eh
        FILL    6, 35, 27, 0CDh, 0Eh
        FILL    6, 62, 1, 0BBh, 0Eh
        FILL    10, 34, 1, 0C8h, 0Eh
        FILL    10, 35, 27, 0CDh, 0Eh
        FILL    10, 62, 1, 0BCh, 0Eh
        mov     bx, 7
.sides:
        mov     ax, bx
        mov     cl, 160
        mul     cl
        mov     di, ax
        mov     word [es:di + 2 * 2], 0BB3h
        mov     word [es:di + 30 * 2], 0BB3h
        mov     word [es:di + 34 * 2], 0EBAh
        mov     word [es:di + 62 * 2], 0EBAh
        inc     bx
        cmp     bx, 10
        jb      .sides
        TEXT    8, 5, 0Fh, 'single line box'
        TEXT    8, 37, 0Fh, 'double line box'

        ; Row 12: shades and blocks; rows 12-13 a solid bar in columns 12-40.
        TEXT    12, 2, 0Ah, 0B0h, 0B1h, 0B2h, 0DBh, 0DCh, 0DDh, 0DEh, 0DFh
        FILL    12, 12, 29, 0DBh, 0Ch
        FILL    13, 12, 29, 0DBh, 0Ch

        TEXT    14, 2, 07h, 'The quick brown fox jumps over the lazy dog. 0123456789'
        TEXT    15, 2, 8Eh, 'BLINK'
        TEXT    15, 8, 0Eh, 'steady'
        TEXT    16, 2, 03h, 1, 2, 3, 4, 5, 6, 14, 15, 24, 25, 26, 27, 80h, 81h, 82h, 0E0h, 0E1h, 0E3h, 0F1h, 0FBh

        ; The cursor: row 20, column 40, scan lines 13-14.
        mov     ah, 01h
        mov     cx, 0D0Eh
        int     10h
        mov     ah, 02h
        mov     bh, 0
        mov     dx, 1428h
        int     10h

        FILL    24, 0, 80, ' ', 2Fh
        TEXT    24, 1, 2Fh, 'Esc quits'
        FILL    24, 79, 1, '*', 2Fh     ; the last cell: the screen is complete

        ; /exit in the command tail: end now, leaving the screen as it is.
        mov     si, 81h
.scan:  lodsb
        cmp     al, 0Dh
        je      .wait
        cmp     al, '/'
        jne     .scan
        cmp     byte [si], 'e'
        je      .quit
        jmp     .scan
.wait:  mov     ah, 00h
        int     16h
        cmp     al, 1Bh
        jne     .wait
.quit:  mov     ax, 4C00h
        int     21h

; Writes the string at SI in attribute AH at ES:DI.
puts:   lodsb
        test    al, al
        jz      .done
        stosw
        jmp     puts
.done:  ret
