; The ROM's character generator tables through int 10h 1130h: where each BH points,
; that int 1Fh and int 43h agree, CX and DL in 25, 28, 43 and 50 rows, and the glyphs
; themselves. Prints, for the test script to compare with the fonts in fonts/:
;   A16=<16 bytes of 'A' in 8x16>  A14=<8x14>  A8=<8x8>  C9=<C9h from int 1Fh's table>
;   ALT=<the characters in the 9x16 alternate table>  M=<'M' from it>
%include "lib.inc"
        org     100h
        mov     ax, 0003h
        int     10h

; --- pointers -------------------------------------------------------------
        mov     bh, 3
        call    font
        mov     [p8], bp
        mov     [p8 + 2], es
        mov     bh, 4
        call    font
        mov     ax, [p8]
        add     ax, 128 * 8
        EXPECT  bp, ax, 'BH=4 is the 8x8 table from character 128'
        mov     ax, es
        EXPECT  ax, [p8 + 2], 'BH=4 segment'
        mov     [p8hi], bp
        mov     bh, 0
        call    font
        EXPECT  bp, [p8hi], 'BH=0 (int 1Fh) is the 8x8 upper half'
        xor     ax, ax
        mov     ds, ax
        mov     ax, [1Fh * 4]
        mov     dx, [1Fh * 4 + 2]
        mov     cx, [43h * 4]
        mov     si, [43h * 4 + 2]
        push    cs
        pop     ds
        EXPECT  ax, [p8hi], 'int 1Fh vector offset'
        EXPECT  dx, [p8 + 2], 'int 1Fh vector segment'
        EXPECT  cx, [p8], 'int 43h is the whole 8x8 table'
        EXPECT  si, [p8 + 2], 'int 43h segment'
        mov     bh, 1
        call    font
        EXPECT  bp, [p8], 'BH=1 is int 43h'
        mov     ax, 1124h               ; int 43h := ROM 8x16
        mov     bl, 2
        int     10h
        mov     bh, 6
        call    font
        mov     [p16], bp
        mov     [p16 + 2], es
        mov     bh, 1
        call    font
        EXPECT  bp, [p16], 'BH=1 follows 1124h to the 8x16 table'
        mov     ax, 1123h               ; and back to 8x8
        mov     bl, 2
        int     10h
        mov     bh, 2
        call    font
        mov     [p14], bp
        mov     [p14 + 2], es
        mov     bh, 5                   ; no 9x14 alternates: an empty table
        call    font
        EXPECT  byte [es:bp], 0, 'BH=5 table is empty'
        mov     bh, 7
        call    font
        mov     [p9], bp
        mov     [p9 + 2], es

; --- CX and DL in each text layout -----------------------------------------------
        mov     bh, 6
        call    font
        EXPECT  cx, 16, '80x25: 16 bytes a character'
        EXPECT  dl, 24, '80x25: DL'
        mov     ax, 1111h               ; 8x14 at 400 lines: 28 rows
        xor     bl, bl
        int     10h
        call    font
        EXPECT  cx, 14, '8x14: CX'
        EXPECT  dl, 27, '8x14: DL'
        mov     ax, 1112h               ; 8x8: 50 rows
        xor     bl, bl
        int     10h
        call    font
        EXPECT  cx, 8, '80x50: CX'
        EXPECT  dl, 49, '80x50: DL'
        mov     ax, 1201h               ; 350 lines, then 8x8: 43 rows
        mov     bl, 30h
        int     10h
        mov     ax, 0003h
        int     10h
        call    font
        EXPECT  cx, 14, '80x25 at 350 lines: CX'
        EXPECT  dl, 24, '80x25 at 350 lines: DL'
        mov     ax, 1112h
        xor     bl, bl
        int     10h
        call    font
        EXPECT  cx, 8, '80x43: CX'
        EXPECT  dl, 42, '80x43: DL'
        mov     ax, 1202h               ; back to 400 lines and 80x25
        mov     bl, 30h
        int     10h
        mov     ax, 0003h
        int     10h

; --- glyphs ------------------------------------------------------------------
        PRINT   'A16='
        les     si, [p16]
        add     si, 'A' * 16
        mov     cx, 16
        call    hexbytes
        PRINT   13, 10, 'A14='
        les     si, [p14]
        add     si, 'A' * 14
        mov     cx, 14
        call    hexbytes
        PRINT   13, 10, 'A8='
        les     si, [p8]
        add     si, 'A' * 8
        mov     cx, 8
        call    hexbytes
        PRINT   13, 10, 'C9='
        xor     ax, ax
        mov     es, ax
        les     si, [es:1Fh * 4]
        add     si, (0C9h - 80h) * 8
        mov     cx, 8
        call    hexbytes
        PRINT   13, 10, 'ALT='
        les     si, [p9]
        xor     bx, bx                  ; BX: where 'M' is
.alt:   es lodsb
        test    al, al
        jz      .altend
        cmp     al, 'M'
        jne     .notm
        mov     bx, si
.notm:  call    hexbyte
        add     si, 16
        cmp     si, [p9]                ; a table that wraps has no end
        jb      .altend                 ; wrapped
        jmp     .alt
.altend:
        PRINT   13, 10, 'M='
        mov     si, bx
        mov     cx, 16
        test    si, si
        jz      .nom
        call    hexbytes
.nom:   PRINT   13, 10
        FINISH

font:   push    bx                      ; int 10h 1130h with BH as given
        mov     ax, 1130h
        push    ds
        int     10h
        pop     ds
        pop     bx
        ret

hexbytes:                               ; CX bytes at ES:SI in hex
        es lodsb
        call    hexbyte
        loop    hexbytes
        ret
hexbyte:                                ; AL in hex, two digits
        push    ax
        push    cx
        push    dx
        push    ax
        mov     cl, 4
        shr     al, cl
        call    .digit
        pop     ax
        call    .digit
        pop     dx
        pop     cx
        pop     ax
        ret
.digit: and     al, 0Fh
        add     al, '0'
        cmp     al, '9'
        jbe     .out
        add     al, 7
.out:   mov     dl, al
        mov     ah, 02h
        int     21h
        ret

p8:     dd      0
p8hi:   dw      0
p14:    dd      0
p16:    dd      0
p9:     dd      0
