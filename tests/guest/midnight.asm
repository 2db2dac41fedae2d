; The BIOS tick count rolls over at midnight: set to the day's last tick with int 1Ah
; 01h, the next timer tick makes it 0 and sets the midnight flag, which int 1Ah 00h
; returns in AL once and then clears.
%include "lib.inc"
        org     100h

        mov     ah, 01h
        mov     cx, 0018h
        mov     dx, 00AFh               ; 1800AFh: the last tick before 1800B0h = a day
        int     1Ah
        push    ds
        mov     ax, 40h
        mov     ds, ax
.wait:  hlt
        cmp     word [6Ch], 00AFh
        je      .wait
        pop     ds
        mov     ah, 00h
        int     1Ah
        EXPECT  al, 1, 'midnight flag from int 1Ah 00h'
        EXPECT  cx, 0, 'tick count high word after midnight'
        cmp     dx, 2
        jb      .low
        PRINT   'FAIL: tick count low word after midnight', 13, 10
        inc     word [lib_failures]
.low:   mov     ah, 00h
        int     1Ah
        EXPECT  al, 0, 'the flag is cleared by reading it'
        FINISH
