; The int 33h mouse driver: every function the driver has, the software text cursor in
; video memory, and user handlers (0Ch, 18h) called from IRQ 12 with the documented
; registers. The pointer is driven by the test's --keys script:
;   {wait:600}{Mouse:200,80}{wait:200}{Click}{wait:200}{Click:right}{wait:200}
;   {Mouse:400,160}{wait:600}{Mouse:408,168}
; Checks itself (FAIL lines, PASS), and prints each handler call as
;   H tag AX BX CX DX SI DI DS IF
%include "doslib.inc"
        org     100h

%macro MOUSE 1
        mov     ax, %1
        int     33h
%endmacro

; CELL_IS word, 'what': the screen cell under the cursor at (200,64) holds `word`.
%macro CELL_IS 2
        mov     ax, [es:CURSOR_CELL]
        EXPECT  ax, %2, %1
%endmacro

%macro EXPECT_NZ 2
        test    %1, %1
        jnz     %%ok
        PRINT   'FAIL: ', %2, 13, 10
        inc     word [cs:lib_failures]
%%ok:
%endmacro

CURSOR_CELL equ (8 * 80 + 25) * 2       ; (200,64): column 25, row 8

start:
        ; ---- reset and information
        MOUSE   0000h
        EXPECT  ax, 0FFFFh, 'reset: installed'
        EXPECT  bx, 2, 'reset: two buttons'
        MOUSE   0024h
        EXPECT  bx, 0705h, 'version'
        EXPECT  ch, 4, 'mouse type PS/2'
        MOUSE   0003h
        EXPECT  bx, 0, 'no button down'
        EXPECT  cx, 320, 'centred x'
        EXPECT  dx, 96, 'centred y, a multiple of 8'
        MOUSE   0026h
        EXPECT  cx, 639, 'virtual screen width'
        EXPECT  dx, 199, 'virtual screen height'

        ; ---- position and ranges
        mov     cx, 100
        mov     dx, 50
        MOUSE   0004h
        MOUSE   0003h
        EXPECT  cx, 96, 'set position x in text cells'
        EXPECT  dx, 48, 'set position y in text cells'
        mov     cx, 600                 ; given the wrong way round
        mov     dx, 16
        MOUSE   0007h
        mov     cx, 8
        mov     dx, 160
        MOUSE   0008h
        mov     cx, 700
        mov     dx, 190
        MOUSE   0004h
        MOUSE   0003h
        EXPECT  cx, 600, 'x kept in the range'
        EXPECT  dx, 160, 'y kept in the range'
        xor     cx, cx
        xor     dx, dx
        MOUSE   0004h
        MOUSE   0003h
        EXPECT  cx, 16, 'x at the range minimum'
        EXPECT  dx, 8, 'y at the range minimum'
        xor     cx, cx
        mov     dx, 639
        MOUSE   0007h
        xor     cx, cx
        mov     dx, 199
        MOUSE   0008h

        ; ---- state save and restore
        mov     cx, 200
        mov     dx, 64
        MOUSE   0004h
        MOUSE   0015h
        EXPECT_NZ bx, 'state size'
        cmp     bx, state_end - state
        jbe     .fits
        PRINT   'FAIL: state larger than the buffer', 13, 10
        inc     word [cs:lib_failures]
.fits:  push    cs
        pop     es
        mov     dx, state
        MOUSE   0016h
        mov     cx, 400
        mov     dx, 120
        MOUSE   0004h
        push    cs
        pop     es
        mov     dx, state
        MOUSE   0017h
        MOUSE   0003h
        EXPECT  cx, 200, 'restored x'
        EXPECT  dx, 64, 'restored y'

        ; ---- sensitivity, rate, page, language
        mov     bx, 30
        mov     cx, 70
        mov     dx, 40
        MOUSE   001Ah
        xor     bx, bx                  ; out of 1-100: ignored
        mov     cx, 101
        mov     dx, 40
        MOUSE   001Ah
        MOUSE   001Bh
        EXPECT  bx, 30, 'horizontal sensitivity'
        EXPECT  cx, 70, 'vertical sensitivity'
        EXPECT  dx, 40, 'speed threshold'
        mov     bx, 3
        MOUSE   001Ch
        mov     dx, 32
        MOUSE   0013h
        mov     bx, 1
        MOUSE   001Dh
        MOUSE   001Eh
        EXPECT  bx, 1, 'display page'
        xor     bx, bx
        MOUSE   001Dh
        mov     bx, 3
        MOUSE   0022h
        MOUSE   0023h
        EXPECT  bx, 0, 'messages in English'

        ; ---- the text cursor: a screen of known cells
        mov     ax, 0B800h
        mov     es, ax
        xor     di, di
        mov     cx, 2000
        mov     ax, 0741h
.fill:  stosw
        inc     al
        cmp     al, 'Z'
        jbe     .next
        mov     al, 'A'
.next:  loop    .fill
        mov     bx, [es:CURSOR_CELL]
        mov     [plain], bx
        mov     ax, bx
        and     ax, 77FFh
        xor     ax, 7700h
        mov     [inverse], ax
        CELL_IS 'no cursor before 01h', [plain]
        MOUSE   0001h
        CELL_IS 'cursor drawn: attribute XORed', [inverse]
        MOUSE   0002h
        CELL_IS 'hidden: cell restored', [plain]
        MOUSE   0002h
        MOUSE   0001h
        CELL_IS 'hidden twice, shown once: still hidden', [plain]
        MOUSE   0001h
        CELL_IS 'shown again', [inverse]
        MOUSE   0001h                   ; shown more than hidden: stays at 0
        MOUSE   0002h
        CELL_IS 'one hide hides after extra shows', [plain]
        MOUSE   0001h
        xor     bx, bx
        xor     cx, cx
        mov     dx, 4F18h
        MOUSE   000Ah
        CELL_IS 'text cursor masks', 4F18h
        xor     bx, bx
        mov     cx, 77FFh
        mov     dx, 7700h
        MOUSE   000Ah
        CELL_IS 'default masks again', [inverse]
        mov     cx, 639                 ; corners the wrong way round
        mov     dx, 199
        xor     si, si
        xor     di, di
        MOUSE   0010h
        CELL_IS 'exclusion area removes the cursor', [plain]
        MOUSE   0001h
        CELL_IS '01h ends the exclusion area', [inverse]
        ; The screen without the cursor, to compare with at the end.
        MOUSE   0002h
        push    ds
        push    es
        pop     ds
        push    cs
        pop     es
        xor     si, si
        mov     di, screen
        mov     cx, 2000
        rep     movsw
        pop     ds
        MOUSE   0001h

        ; ---- graphics cursor shape (kept for graphics modes) and handlers
        push    cs
        pop     es
        mov     dx, shape
        mov     bx, 1
        mov     cx, 2
        MOUSE   0009h
        push    cs
        pop     es
        mov     dx, handler
        mov     cx, 001Fh
        MOUSE   000Ch
        xor     cx, cx                  ; an alternate handler needs a shift key
        mov     dx, alt_handler
        MOUSE   0018h
        EXPECT  ax, 0FFFFh, '18h without a shift key fails'
        mov     cx, 0022h               ; Shift + left button pressed
        mov     dx, alt_handler
        MOUSE   0018h
        EXPECT  ax, 0018h, '18h installs'
        mov     cx, 0020h
        MOUSE   0019h
        EXPECT  cx, 0022h, '19h finds the mask'
        mov     ax, cs
        EXPECT  bx, ax, '19h segment'
        EXPECT  dx, alt_handler, '19h offset'
        push    es
        mov     ax, 40h
        mov     es, ax
        or      byte [es:17h], 02h      ; left Shift held, for the alternate handler
        pop     es

        ; ---- events from the script
        mov     cx, 7
        call    wait_calls
        push    es
        mov     ax, 40h
        mov     es, ax
        and     byte [es:17h], 0FDh
        pop     es
        MOUSE   0003h
        EXPECT  bx, 0, 'buttons up'
        EXPECT  cx, 400, 'pointer x after the moves'
        EXPECT  dx, 160, 'pointer y after the moves'
        xor     bx, bx
        MOUSE   0005h
        EXPECT  bx, 1, 'left presses'
        EXPECT  cx, 200, 'left press x'
        EXPECT  dx, 80, 'left press y'
        xor     bx, bx
        MOUSE   0005h
        EXPECT  bx, 0, 'press count read and cleared'
        mov     bx, 1
        MOUSE   0006h
        EXPECT  bx, 1, 'right releases'
        EXPECT  cx, 200, 'right release x'
        mov     bx, 1
        MOUSE   0005h
        EXPECT  bx, 1, 'right presses'
        MOUSE   000Bh
        EXPECT  cx, 200, 'horizontal mickeys'
        EXPECT  dx, 192, 'vertical mickeys (16 per 8 pixels)'
        MOUSE   000Bh
        EXPECT  cx, 0, 'mickeys read and cleared'
        mov     cx, 16
        mov     dx, 32
        MOUSE   000Fh
        mov     cx, 8
        call    wait_calls
        MOUSE   000Bh
        EXPECT  cx, 16, 'mickeys at 16 per 8 pixels'
        EXPECT  dx, 32, 'mickeys at 32 per 8 pixels'

        ; ---- the screen has no marks left
        MOUSE   0002h
        push    ds
        push    es
        mov     ax, 0B800h
        mov     ds, ax
        push    cs
        pop     es
        xor     si, si
        mov     di, screen
        mov     cx, 2000
        repe    cmpsw
        pop     es
        pop     ds
        je      .intact
        PRINT   'FAIL: the cursor left marks on the screen', 13, 10
        inc     word [cs:lib_failures]
.intact:

        ; ---- handler exchange, alternate handler removal, disable and enable
        push    cs
        pop     es
        xor     cx, cx
        xor     dx, dx
        mov     ax, 0
        mov     es, ax
        MOUSE   0014h
        EXPECT  cx, 001Fh, '14h gives the old mask'
        EXPECT  dx, handler, '14h gives the old handler'
        mov     ax, es
        mov     bx, cs
        EXPECT  ax, bx, '14h gives the old segment'
        xor     ax, ax
        mov     es, ax
        mov     cx, 0022h
        xor     dx, dx
        MOUSE   0018h                   ; same mask, 0:0 removes it
        mov     cx, 0020h
        MOUSE   0019h
        EXPECT  cx, 0, '18h with 0:0 removed the handler'
        MOUSE   001Fh
        MOUSE   0026h
        EXPECT  bx, 0FFFFh, 'disabled'
        MOUSE   0020h
        MOUSE   0026h
        EXPECT  bx, 0, 'enabled again'

        ; ---- software reset, and a mode set hides the cursor
        MOUSE   0021h
        EXPECT  ax, 0FFFFh, 'software reset'
        EXPECT  bx, 2, 'software reset: buttons'
        MOUSE   0003h
        EXPECT  cx, 320, 'reset centres x'
        MOUSE   0001h
        mov     ax, 0B800h
        mov     es, ax
        mov     ax, [es:(12 * 80 + 40) * 2]
        EXPECT  ax, 7041h + 1000 % 26, 'cursor at the centre'
        mov     ax, 0003h
        int     10h
        mov     ax, [es:(12 * 80 + 40) * 2]
        EXPECT  ax, 0720h, 'a mode set hides the cursor'

        ; ---- the handler calls
        mov     si, calls
        mov     cx, [ncalls]
.print: jcxz    .done
        PRINT   'H'
        push    cx
        mov     cx, 9
.word:  PRINT   ' '
        lodsw
        PRINT_HEX16
        loop    .word
        add     si, 32 - 18
        pop     cx
        PRINT   13, 10
        loop    .print
.done:  FINISH

; Waits (interrupts on) until CX handler calls have come, or five seconds.
wait_calls:
        push    es
        mov     ax, 40h
        mov     es, ax
        mov     bx, [es:6Ch]
.wait:  cmp     [ncalls], cx
        jae     .got
        mov     ax, [es:6Ch]
        sub     ax, bx
        cmp     ax, 91
        ja      .late
        sti
        hlt
        jmp     .wait
.late:  PRINT   'FAIL: handler calls missing', 13, 10
        inc     word [cs:lib_failures]
.got:   pop     es
        ret

; User handlers: far, with the driver's registers; they record them.
handler:
        push    bx
        mov     bx, 0C00h
        jmp     short record
alt_handler:
        push    bx
        mov     bx, 1800h
record: push    di
        push    bp
        mov     bp, di
        mov     di, [cs:ncalls]
        cmp     di, 16
        jae     .full
        shl     di, 1
        shl     di, 1
        shl     di, 1
        shl     di, 1
        shl     di, 1                   ; 32 bytes a call
        add     di, calls
        mov     [cs:di], bx
        mov     [cs:di + 2], ax
        pop     bx                      ; BP
        push    bx
        mov     bx, sp
        mov     bx, [ss:bx + 4]         ; the caller's BX
        mov     [cs:di + 4], bx
        mov     [cs:di + 6], cx
        mov     [cs:di + 8], dx
        mov     [cs:di + 10], si
        mov     [cs:di + 12], bp        ; DI
        mov     [cs:di + 14], ds
        pushf
        pop     bx
        and     bx, 0200h
        mov     [cs:di + 16], bx
        inc     word [cs:ncalls]
.full:  pop     bp
        pop     di
        pop     bx
        retf

plain:   dw      0
inverse: dw      0
ncalls:  dw      0
shape:   times 32 dw 0AAAAh
        DOSLIB_ROUTINES
calls:   times 16 * 16 dw 0
state:   times 512 db 0
state_end:
screen:  times 2000 dw 0
