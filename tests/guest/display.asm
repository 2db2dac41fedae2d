; The picture the video device makes, for headless screenshots and --dump-screen
; (tests/guest/test_display.py checks the pixels). The first letter of the command tail
; picks the case; each ends at once, leaving its screen:
;   g  mode 03h; int 10h 1100h loads a diagonal glyph as 80h and a glyph of the 8th
;      column only as C0h; 80h at row 2, column 3 and C0h at column 5, white on black
;   d  mode 03h; DAC register 1 set to red by int 10h 1010h, 2 to (16,32,48) through
;      3C8h/3C9h, both read back (1015h, 3C7h/3C9h); full blocks in colours 1 and 2
;      at row 0, columns 0 and 1
;   b  mode 03h; int 10h 1003h BL=0: a blank with attribute C0h at row 0, column 0
;   h  mode 03h, the CRTC's max scan line set to 3 (4-line cells): 100 rows; each row
;      starts with 'A' + row mod 26, row 99 ends with a yellow full block
;   c  200 lines (int 10h 1200h BL=30h), mode 03h, max scan line 1 with the double
;      scanning kept: 100 rows, filled as for h
;   4  mode 04h, palette 0 and a blue background (int 10h 0Bh); pixels by int 10h 0Ch
;      1, 2, 3 at (0,0), (1,0), (2,0), 3 at (0,1), read back with 0Dh; 3, 2, 1, 0 at
;      (4,0)-(7,0) written to B800h
;   q  mode 04h, then 3D9h = 30h (palette 1, bright, black): the same pixels
;   6  mode 06h: pixels at (0,0), (639,199) by 0Ch, (1,0) left 0, read back with 0Dh;
;      (639,1) written to B800h
;   m  mode 13h: pixel 4 at (0,0) and 28h at (319,199) by 0Ch, 1Fh at (100,100) in
;      A000h; teletype "Hi" in colour 0Eh at row 10, column 10
;   x  mode 03h, int 10h 1112h (80x50): 'A' at row 49, column 79, white on black
;   y  mode 01h (40x25): 'A' at row 24, column 39, white on black
;   k  mode 03h, the cursor at row 1, column 1 (int 10h 02h) and its shape written to
;      the CRTC (0Ah = 2, 0Bh = 5) through 3D4h/3D5h, on a blank in attribute 0Eh
;   8  mode 03h, 8-dot cells by the sequencer's clocking mode (3C4h/3C5h index 1
;      bit 0): a full block at row 0, column 1, white on black
;   a  mode 03h, blink off through the attribute controller (3C0h index 10h bit 3,
;      after 3DAh resets its flip-flop): a blank in attribute C0h at row 0, column 0
;   2  mode 03h, int 10h 1102h loads the 8x8 font into map 1 and 1103h BL=04h shows
;      map 0 as B and map 1 as A: 'A' in attribute 0Fh (map A) at row 0, column 0,
;      and in 07h (map B) at column 1
;   r  mode 13h, teletype "Z" at row 0, column 0, then int 10h 08h reads it back
;   p  mode 12h (planar: set, not drawn): int 10h 0Fh and the BDA say 12h
%include "lib.inc"
        org     100h
        mov     al, [82h]
        mov     di, cases
find:  cmp     byte [di], 0
        je      nocase
        cmp     al, [di]
        je      found
        add     di, 3
        jmp     find
found:  call    [di + 1]
        FINISH
nocase: PRINT   'FAIL: no case', 13, 10
        mov     ax, 4C01h
        int     21h

cases:  db 'g'
        dw glyph
        db 'd'
        dw dac
        db 'b'
        dw bright
        db 'h'
        dw rows100
        db 'c'
        dw rows100cga
        db '4'
        dw cga4
        db 'q'
        dw cga4port
        db '6'
        dw cga6
        db 'm'
        dw vga13
        db 'x'
        dw fifty
        db 'y'
        dw forty
        db 'k'
        dw cursor
        db '8'
        dw eightdot
        db 'a'
        dw atcblink
        db '2'
        dw twomaps
        db 'r'
        dw readgfx
        db 'p'
        dw planar
        db 0

mode3:  mov     ax, 0003h
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        ret

; Writes character AL in attribute AH at row DH, column DL of an 80-column screen.
putc80: push    ax
        mov     al, 80
        mul     dh
        xor     dh, dh
        add     ax, dx
        shl     ax, 1
        mov     di, ax
        pop     ax
        stosw
        ret

glyph:  call    mode3
        push    ds
        pop     es
        mov     ax, 1100h
        mov     bp, diag
        mov     cx, 1
        mov     dx, 80h
        mov     bx, 1000h               ; BH=16 lines, BL=map 0
        int     10h
        mov     ax, 1100h
        mov     bp, eighth
        mov     dx, 0C0h
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     ax, 0F80h
        mov     dx, 0203h
        call    putc80
        mov     ax, 0FC0h
        mov     dx, 0205h
        call    putc80
        ret
diag:   db 80h, 40h, 20h, 10h, 08h, 04h, 02h, 01h, 01h, 02h, 04h, 08h, 10h, 20h, 40h, 80h
eighth: times 16 db 01h

dac:    call    mode3
        mov     ax, 1010h
        mov     bx, 1
        mov     dh, 63
        xor     cx, cx
        int     10h
        mov     dx, 3C8h
        mov     al, 2
        out     dx, al
        inc     dx
        mov     al, 16
        out     dx, al
        mov     al, 32
        out     dx, al
        mov     al, 48
        out     dx, al
        mov     ax, 1015h
        mov     bx, 2
        int     10h
        EXPECT  dh, 16, '1015h red of register 2'
        EXPECT  ch, 32, '1015h green of register 2'
        EXPECT  cl, 48, '1015h blue of register 2'
        mov     dx, 3C7h
        mov     al, 1
        out     dx, al
        mov     dx, 3C9h
        in      al, dx
        EXPECT  al, 63, '3C9h red of register 1'
        in      al, dx
        EXPECT  al, 0, '3C9h green of register 1'
        mov     ax, 01DBh
        mov     dx, 0000h
        call    putc80
        mov     ax, 02DBh
        stosw
        ret

bright: call    mode3
        mov     ax, 1003h
        xor     bx, bx
        int     10h
        mov     ax, 0C020h
        xor     dx, dx
        call    putc80
        ret

; Sets the max scan line's low five bits to AL, keeping the others (double scan).
maxscan:
        mov     ah, al
        mov     dx, 3D4h
        mov     al, 09h
        out     dx, al
        inc     dx
        in      al, dx
        and     al, 0E0h
        or      al, ah
        out     dx, al
        ret

fill100:
        xor     di, di
        xor     bx, bx
.row:   mov     ax, bx
        mov     cl, 26
        div     cl
        mov     al, ah
        add     al, 'A'
        mov     ah, 0Fh
        mov     [es:di], ax
        add     di, 160
        inc     bx
        cmp     bx, 100
        jb      .row
        mov     word [es:99 * 160 + 79 * 2], 0EDBh
        ret

rows100:
        call    mode3
        mov     al, 3
        call    maxscan
        call    fill100
        ret

rows100cga:
        mov     ax, 1200h
        mov     bl, 30h
        int     10h
        call    mode3
        mov     al, 1
        call    maxscan
        call    fill100
        ret

; The four pixels of the CGA cases, and their read-back.
pixels4:
        mov     ah, 0Ch
        mov     al, 1
        xor     cx, cx
        xor     dx, dx
        xor     bh, bh
        int     10h
        mov     ax, 0C02h
        inc     cx
        int     10h
        mov     ax, 0C03h
        inc     cx
        int     10h
        mov     ax, 0C03h
        xor     cx, cx
        inc     dx
        int     10h
        mov     ax, 0D00h
        mov     cx, 2
        xor     dx, dx
        int     10h
        EXPECT  al, 3, '0Dh at (2,0)'
        mov     ax, 0D00h
        xor     cx, cx
        inc     dx
        int     10h
        EXPECT  al, 3, '0Dh at (0,1)'
        mov     ax, 0B800h
        mov     es, ax
        EXPECT  byte [es:0], 6Ch, 'even line bytes'
        EXPECT  byte [es:2000h], 0C0h, 'odd line bytes'
        mov     byte [es:1], 0E4h       ; pixels 4-7 of line 0: 3, 2, 1, 0
        ret

cga4:   mov     ax, 0004h
        int     10h
        mov     ah, 0Bh
        mov     bx, 0100h               ; palette 0
        int     10h
        mov     ah, 0Bh
        mov     bx, 0001h               ; blue background, normal intensity
        int     10h
        call    pixels4
        ret

cga4port:
        mov     ax, 0004h
        int     10h
        mov     dx, 3D9h
        mov     al, 30h
        out     dx, al
        call    pixels4
        ret

cga6:   mov     ax, 0006h
        int     10h
        mov     ax, 0C01h
        xor     cx, cx
        xor     dx, dx
        int     10h
        mov     cx, 639
        mov     dx, 199
        int     10h
        mov     ax, 0D00h
        int     10h
        EXPECT  al, 1, '0Dh at (639,199)'
        mov     ax, 0D00h
        mov     cx, 1
        xor     dx, dx
        int     10h
        EXPECT  al, 0, '0Dh at (1,0)'
        mov     ax, 0B800h
        mov     es, ax
        mov     byte [es:2000h + 79], 01h ; pixel 639 of line 1
        ret

vga13:  mov     ax, 0013h
        int     10h
        mov     ax, 0C04h
        xor     cx, cx
        xor     dx, dx
        int     10h
        mov     ax, 0C28h
        mov     cx, 319
        mov     dx, 199
        int     10h
        mov     ax, 0A000h
        mov     es, ax
        mov     byte [es:100 * 320 + 100], 1Fh
        mov     ax, 0D00h
        int     10h
        EXPECT  al, 28h, '0Dh at (319,199)'
        mov     ah, 02h
        xor     bh, bh
        mov     dx, 0A0Ah
        int     10h
        mov     ax, 0E00h + 'H'
        mov     bx, 000Eh
        int     10h
        mov     ax, 0E00h + 'i'
        int     10h
        ret

fifty:  call    mode3
        mov     ax, 1112h
        xor     bl, bl
        int     10h
        mov     ax, 0F00h + 'A'
        mov     dx, (49 << 8) | 79
        call    putc80
        ret

forty:  mov     ax, 0001h
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     word [es:(24 * 40 + 39) * 2], 0F00h + 'A'
        ret

cursor: call    mode3
        mov     ax, 0E20h
        mov     dx, 0101h
        call    putc80
        mov     ah, 02h
        xor     bh, bh
        mov     dx, 0101h
        int     10h
        mov     dx, 3D4h
        mov     ax, 020Ah
        out     dx, ax
        mov     ax, 050Bh
        out     dx, ax
        ret

eightdot:
        call    mode3
        mov     dx, 3C4h
        mov     al, 1
        out     dx, al
        inc     dx
        in      al, dx
        or      al, 1
        out     dx, al
        mov     ax, 0FDBh
        mov     dx, 0001h
        call    putc80
        ret

atcblink:
        call    mode3
        mov     dx, 3DAh
        in      al, dx
        mov     dx, 3C0h
        mov     al, 30h                 ; index 10h, palette address source on
        out     dx, al
        inc     dx
        in      al, dx
        dec     dx
        and     al, 0F7h
        out     dx, al
        mov     ax, 0C020h
        xor     dx, dx
        call    putc80
        ret

twomaps:
        call    mode3
        mov     ax, 1102h
        mov     bl, 1
        int     10h
        mov     ax, 1103h
        mov     bl, 04h                 ; A = map 1 (bits 5,3,2), B = map 0
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     word [es:0], 0F41h
        mov     word [es:2], 0741h
        ret

readgfx:
        mov     ax, 0013h
        int     10h
        mov     ax, 0E00h + 'Z'
        mov     bx, 000Fh
        int     10h
        mov     ah, 02h
        xor     bh, bh
        xor     dx, dx
        int     10h
        mov     ah, 08h
        int     10h
        EXPECT  al, 'Z', 'int 10h 08h in mode 13h'
        ret

planar: mov     ax, 0012h
        int     10h
        mov     ah, 0Fh
        int     10h
        EXPECT  al, 12h, 'int 10h 0Fh mode'
        push    ds
        mov     ax, 40h
        mov     ds, ax
        mov     al, [49h]
        pop     ds
        EXPECT  al, 12h, 'BDA mode'
        mov     ax, 0C0Fh               ; pixels in a mode not drawn: ignored
        xor     cx, cx
        xor     dx, dx
        int     10h
        mov     ax, 0E00h + 'x'         ; and teletype
        int     10h
        ret

        LIB_ROUTINES
