; int 10h basics: teletype, cursor get/set, scroll up, get mode. The screen is
; checked through --dump-screen.
%include "lib.inc"
        org     100h
        mov     ah, 0Fh
        int     10h
        EXPECT  al, 3, 'mode 3 at start'
        EXPECT  ah, 80, '80 columns'
        ; Row 5, column 10: "AB" by teletype.
        mov     ah, 02h
        mov     bh, 0
        mov     dx, 050Ah
        int     10h
        mov     ax, 0E41h
        int     10h
        mov     ax, 0E42h
        int     10h
        mov     ah, 03h
        mov     bh, 0
        int     10h
        EXPECT  dx, 050Ch, 'cursor after two characters'
        ; Scroll rows 5..10 up by one: "AB" moves to row 4? No: the window is 5..10,
        ; so row 5 scrolls out; write "CD" on row 6 first and see it land on row 5.
        mov     ah, 02h
        mov     dx, 0614h
        int     10h
        mov     ax, 0E43h
        int     10h
        mov     ax, 0E44h
        int     10h
        mov     ax, 0601h
        mov     bh, 1Eh
        mov     cx, 0500h
        mov     dx, 0A4Fh
        int     10h
        ; Put the cursor on row 20 and print with DOS: it appears there.
        mov     ah, 02h
        mov     bh, 0
        mov     dx, 1400h
        int     10h
        FINISH
        LIB_ROUTINES
