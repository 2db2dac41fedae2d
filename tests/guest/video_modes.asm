; Text modes and the hardware behind them; the test checks --dump-screen. The first
; letter of the command tail picks the case:
;   4  mode 01h (40x25), text written straight to B800h
;   5  mode 03h then int 10h 1112h (8x8 font): 80x50
;   3  int 10h 1201h BL=30h (350 lines), mode 03h, 1112h: 80x43
;   c  mode 03h, text written to B800h, the CRTC's start address moved two rows down
;      and its cursor programmed through 3D4h/3D5h
;   p  mode 03h, page 1 selected with int 10h 05h and written by teletype
%include "lib.inc"
        org     100h
        mov     al, [82h]
        cmp     al, '4'
        je      forty
        cmp     al, '5'
        je      fifty
        cmp     al, '3'
        je      fortythree
        cmp     al, 'c'
        je      crtc
        cmp     al, 'p'
        je      page
        PRINT   'FAIL: no case', 13, 10
        mov     ax, 4C01h
        int     21h

bda_b:  push    ds                      ; AL = byte at 0040:BX
        mov     ax, 40h
        mov     ds, ax
        mov     al, [bx]
        pop     ds
        ret
bda_w:  push    ds                      ; AX = word at 0040:BX
        mov     ax, 40h
        mov     ds, ax
        mov     ax, [bx]
        pop     ds
        ret

forty:  mov     ax, 0001h
        int     10h
        mov     bx, 49h
        call    bda_b
        EXPECT  al, 01h, 'BDA mode'
        mov     bx, 4Ah
        call    bda_w
        EXPECT  ax, 40, 'BDA columns'
        mov     bx, 4Ch
        call    bda_w
        EXPECT  ax, 800h, 'BDA page size'
        mov     bx, 63h
        call    bda_w
        EXPECT  ax, 3D4h, 'BDA CRTC port'
        mov     bx, 84h
        call    bda_b
        EXPECT  al, 24, 'BDA rows - 1'
        mov     ah, 0Fh
        int     10h
        EXPECT  ah, 40, 'int 10h 0Fh columns'
        mov     ax, 0B800h
        mov     es, ax
        mov     di, (24 * 40 + 35) * 2
        mov     si, msg_forty
        call    poke
        jmp     done

fifty:  mov     ax, 0003h
        int     10h
        mov     ax, 1112h
        xor     bl, bl
        int     10h
        mov     bx, 84h
        call    bda_b
        EXPECT  al, 49, 'BDA rows - 1 after 1112h'
        mov     bx, 85h
        call    bda_w
        EXPECT  ax, 8, 'BDA character height'
        mov     ax, 1130h
        mov     bh, 0
        int     10h
        EXPECT  dl, 49, 'int 10h 1130h rows - 1'
        EXPECT  cx, 8, 'int 10h 1130h height'
        mov     ah, 02h
        xor     bh, bh
        mov     dx, 3100h               ; row 49
        int     10h
        mov     si, msg_fifty
        call    tty
        jmp     done

fortythree:
        mov     ax, 1201h
        mov     bl, 30h
        int     10h
        EXPECT  al, 12h, 'int 10h 12h BL=30h supported'
        mov     ax, 0003h
        int     10h
        mov     ax, 1112h
        xor     bl, bl
        int     10h
        mov     bx, 84h
        call    bda_b
        EXPECT  al, 42, 'BDA rows - 1 at 350 lines'
        mov     ah, 02h
        xor     bh, bh
        mov     dx, 2A00h               ; row 42
        int     10h
        mov     si, msg_43
        call    tty
        jmp     done

crtc:   mov     ax, 0003h
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     di, (3 * 80 + 5) * 2
        mov     si, msg_hello
        call    poke
        mov     dx, 3D4h
        mov     ax, 000Ch               ; start address 160 words: two rows down
        out     dx, ax
        mov     ax, 0A00Dh
        out     dx, ax
        mov     ax, 000Eh               ; cursor at word 10 * 80 + 20 = 820 = 0334h
        out     dx, ax
        mov     ax, 340Fh
        out     dx, ax
        mov     al, 0Fh
        out     dx, al
        inc     dx
        in      al, dx
        EXPECT  al, 34h, 'CRTC cursor low reads back'
        jmp     done

page:   mov     ax, 0003h
        int     10h
        mov     ax, 0501h
        int     10h
        mov     bx, 62h
        call    bda_b
        EXPECT  al, 1, 'BDA active page'
        mov     bx, 4Eh
        call    bda_w
        EXPECT  ax, 1000h, 'BDA page offset'
        mov     dx, 3D4h
        mov     al, 0Ch
        out     dx, al
        inc     dx
        in      al, dx
        EXPECT  al, 08h, 'CRTC start address high: page 1'
        mov     si, msg_page
        call    tty
        jmp     done

poke:   lodsb                           ; ES:DI <- string at SI, attribute 1Fh
        test    al, al
        jz      .end
        mov     ah, 1Fh
        stosw
        jmp     poke
.end:   ret
tty:    lodsb
        test    al, al
        jz      .end
        mov     ah, 0Eh
        xor     bh, bh
        int     10h
        jmp     tty
.end:   ret

done:   FINISH
msg_forty: db 'FORTY', 0
msg_fifty: db 'FIFTY', 0
msg_43:    db 'FORTY-THREE', 0
msg_hello: db 'HELLO', 0
msg_page:  db 'PAGE ONE', 0
        LIB_ROUTINES
