; Text modes other than 80x25 colour, for the window's screenshots: its command tail
; picks one and it ends at once, leaving the screen.
;   /40    mode 1 (40x25 colour): "Mode 1" in yellow on blue at row 1, column 2
;   /mono  mode 7 (80x25 MDA attributes): bright "Mono" at row 1, column 2, a
;          reverse-video cell at column 10, an underlined 'U' at column 12
;   /gfx   mode 13h (320x200, 256 colours): the top half in colour 28h (red), the
;          bottom half's left in 20h (blue) and right in 02h (green), then it waits
;          for a key
;   /font  mode 3; int 10h 1100h makes 'A' a glyph of 8 full lines over 8 empty
;          ones; "AAAA" in white at row 1, column 2; then it waits for a key
;   /12    mode 12h (640x480, 16 colours, planar: not drawn), then it waits for a key
;   /50    mode 3 with the 8x8 font (int 10h 1112h): 80x50; "Top" on row 0 (column
;          2, beside the cursor) and
;          "Row 50" on row 49, in bright white
;   /43    350 lines (int 10h 1201h BL=30h), mode 3, the 8x8 font: 80x43; "Row 43"
;          on row 42
;   /crtc  mode 3, "Row N" at the start of rows 0-5, then the CRTC's start address
;          moved two rows down (registers 0Ch/0Dh) and its cursor put at row 5,
;          column 7 of video memory (0Eh/0Fh): the screen shows row 2 at the top and
;          the cursor on its row 3
;   /page  mode 3 with page 1 shown: "Page 1" at row 1, column 2 of page 1, and
;          "Page 0" at the same place on page 0, which is not shown
; Without one it says so on standard output and ends with status 1.
        cpu     8086
        org     100h

start:
        mov     si, 81h
.scan:  lodsb
        cmp     al, 0Dh
        je      .done
        cmp     al, '/'
        jne     .scan
        mov     ax, [si]                ; AL: the first letter, AH: the second
        cmp     ax, '43'
        je      fortythree
        cmp     ax, '12'
        je      planar
        cmp     al, '4'
        je      forty
        cmp     al, 'm'
        je      mono
        cmp     al, 'p'
        je      page
        cmp     al, 'g'
        je      gfx
        cmp     al, 'f'
        je      font
        cmp     al, '5'
        je      fifty
        cmp     al, 'c'
        je      crtc
.done:  mov     dx, s_none              ; no mode named: say so on standard output
        mov     ah, 09h
        int     21h
        mov     ax, 4C01h
        int     21h

forty:  mov     ax, 0001h
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     di, (1 * 40 + 2) * 2
        mov     si, s_mode1
        mov     ah, 1Eh
        call    puts
        jmp     quit

mono:   mov     ax, 0007h
        int     10h
        mov     ax, 0B000h
        mov     es, ax
        mov     di, (1 * 80 + 2) * 2
        mov     si, s_mono
        mov     ah, 0Fh
        call    puts
        mov     word [es:(1 * 80 + 10) * 2], 7020h
        mov     word [es:(1 * 80 + 12) * 2], 0155h
        jmp     quit

page:   mov     ax, 0003h
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     di, (1 * 80 + 2) * 2
        mov     si, s_page0
        mov     ah, 0Ah
        call    puts
        mov     di, 1000h + (1 * 80 + 2) * 2
        mov     si, s_page1
        mov     ah, 0Ch
        call    puts
        mov     ax, 0501h
        int     10h
        jmp     quit

fifty:  mov     ax, 0003h
        int     10h
        mov     ax, 1112h
        mov     bl, 0
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     di, 2 * 2
        mov     si, s_top
        mov     ah, 0Fh
        call    puts
        mov     di, (49 * 80 + 2) * 2
        mov     si, s_row50
        call    puts
        jmp     quit

fortythree:
        mov     ax, 1201h
        mov     bl, 30h
        int     10h
        mov     ax, 0003h
        int     10h
        mov     ax, 1112h
        mov     bl, 0
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     di, (42 * 80 + 2) * 2
        mov     si, s_row43
        mov     ah, 0Fh
        call    puts
        jmp     quit

crtc:   mov     ax, 0003h
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        xor     di, di
        mov     cx, 6
        mov     bl, '0'
.row:   mov     si, s_row
        mov     ah, 0Eh
        push    di
        call    puts
        mov     al, bl
        stosw
        pop     di
        add     di, 160
        inc     bl
        loop    .row
        mov     dx, 3D4h
        mov     ax, 000Ch               ; start address: 160 (two rows of 80)
        out     dx, ax
        mov     ax, 0A00Dh
        out     dx, ax
        mov     ax, 010Eh               ; cursor: 5 * 80 + 7 = 407 = 0197h
        out     dx, ax
        mov     ax, 970Fh
        out     dx, ax
        jmp     quit

planar: mov     ax, 0012h
        int     10h
        jmp     waitkey
gfx:    mov     ax, 0013h
        int     10h
        mov     ax, 0A000h
        mov     es, ax
        xor     di, di
        mov     al, 28h
        mov     cx, 320 * 100
        rep     stosb
        mov     bx, 100
.half:  mov     al, 20h
        mov     cx, 160
        rep     stosb
        mov     al, 02h
        mov     cx, 160
        rep     stosb
        dec     bx
        jnz     .half
        jmp     waitkey
font:   mov     ax, 0003h
        int     10h
        push    ds
        pop     es
        mov     ax, 1100h
        mov     bp, halfblock
        mov     cx, 1
        mov     dx, 'A'
        mov     bx, 1000h               ; 16 lines, map 0
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     di, (1 * 80 + 2) * 2
        mov     ax, 0F41h
        mov     cx, 4
        rep     stosw
waitkey:
        mov     ah, 00h
        int     16h

quit:   mov     ax, 4C00h
        int     21h

; Writes the string at SI in attribute AH at ES:DI.
puts:   lodsb
        test    al, al
        jz      .done
        stosw
        jmp     puts
.done:  ret

s_mode1: db     'Mode 1', 0
s_mono:  db     'Mono', 0
s_page0: db     'Page 0', 0
s_page1: db     'Page 1', 0
s_top:   db     'Top', 0
s_row50: db     'Row 50', 0
s_row43: db     'Row 43', 0
s_row:   db     'Row ', 0
halfblock: times 8 db 0FFh
        times 8 db 00h
s_none:  db     'modes: name a mode: /40, /mono, /page, /gfx or /12', 13, 10, '$'
