; Polls input status 1 (3DAh) for 36 BIOS ticks (1.98 s) and counts the vertical
; retraces that begin, and whether display-enable (bit 0) was seen both ways.
%include "lib.inc"
        org     100h
        mov     dx, 3DAh
        call    ticks
        mov     bx, ax
.sync:  call    ticks                   ; start at a tick
        cmp     ax, bx
        je      .sync
        mov     bx, ax
        xor     cx, cx
.frame: in      al, dx                  ; wait for the retrace to end
        or      [seen], al
        not     al
        or      [seen0], al
        test    byte [seen0], 0
        in      al, dx
        test    al, 08h
        jnz     .frame
.start: in      al, dx                  ; and to begin again
        mov     ah, al
        or      [seen], al
        not     ah
        or      [seen0], ah
        test    al, 08h
        jz      .start
        inc     cx
        call    ticks
        sub     ax, bx
        cmp     ax, 36
        jb      .frame
        mov     ax, cx
        PRINT   'retraces='
        PRINT_HEX16
        PRINT   13, 10
        test    byte [seen], 01h
        EXPECT_ZF 0, 'display-enable bit seen set'
        test    byte [seen0], 01h
        EXPECT_ZF 0, 'display-enable bit seen clear'
        FINISH
ticks:  push    ds
        mov     ax, 40h
        mov     ds, ax
        mov     ax, [6Ch]
        pop     ds
        ret
seen:   db      0
seen0:  db      0
        LIB_ROUTINES
