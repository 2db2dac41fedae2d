; int 21h functions of the first set that need no files: unknown functions fail with
; CF=1 AX=1 and do not stop the program; vectors set and read back; DTA; version;
; date and time in range; current drive; memory allocate, resize and free.
%include "lib.inc"
        org     100h

        ; An unknown function: CF=1, AX=0001h, and we are still here.
        mov     ax, 0EE00h
        stc
        clc
        int     21h
        EXPECT_CF 1, 'unknown function sets CF'
        EXPECT  ax, 1, 'unknown function returns AX=1'

        ; 25h/35h: set vector 60h, read it back.
        mov     ax, 2560h
        mov     dx, 1234h
        int     21h
        mov     ax, 3560h
        int     21h
        EXPECT  bx, 1234h, 'get vector offset'
        mov     ax, es
        mov     bx, cs
        EXPECT  ax, bx, 'get vector segment'
        push    cs
        pop     es

        ; 1Ah/2Fh: the DTA starts at PSP:80h and follows 1Ah.
        mov     ah, 2Fh
        int     21h
        EXPECT  bx, 80h, 'default DTA offset'
        mov     ah, 1Ah
        mov     dx, 200h
        int     21h
        mov     ah, 2Fh
        int     21h
        EXPECT  bx, 200h, 'DTA after 1Ah'

        ; 30h: version 5.00 by default
        mov     ah, 30h
        int     21h
        EXPECT  al, 5, 'DOS major version'
        EXPECT  ah, 0, 'DOS minor version'

        ; 19h: C: is current
        mov     ah, 19h
        int     21h
        EXPECT  al, 2, 'current drive is C:'

        ; 2Ah/2Ch: plausible date and time
        mov     ah, 2Ah
        int     21h
        cmp     cx, 2020
        jae     .year_ok
        PRINT   'FAIL: year before 2020', 13, 10
        inc     word [lib_failures]
.year_ok:
        mov     ah, 2Ch
        int     21h
        cmp     ch, 24
        jb      .hour_ok
        PRINT   'FAIL: hour out of range', 13, 10
        inc     word [lib_failures]
.hour_ok:

        ; 4Ah: shrink to 4 KiB, then 48h allocates, 4Ah grows and shrinks, 49h frees.
        mov     bx, 100h
        mov     ah, 4Ah
        int     21h
        EXPECT_CF 0, 'shrink own block'
        mov     bx, 100h
        mov     ah, 48h
        int     21h
        EXPECT_CF 0, 'allocate 4 KiB'
        mov     [block], ax
        mov     es, ax
        mov     bx, 200h
        mov     ah, 4Ah
        int     21h
        EXPECT_CF 0, 'grow the block'
        mov     bx, 0FFFFh
        mov     ah, 4Ah
        int     21h
        EXPECT_CF 1, 'grow beyond memory fails'
        EXPECT  ax, 8, 'error 8 (insufficient memory)'
        cmp     bx, 200h
        ja      .largest_ok
        PRINT   'FAIL: 4Ah failure gives the largest size in BX', 13, 10
        inc     word [lib_failures]
.largest_ok:
        mov     ah, 49h
        int     21h
        EXPECT_CF 0, 'free the block'
        mov     bx, 0FFFFh
        mov     ah, 48h
        int     21h
        EXPECT_CF 1, 'allocating 1 MiB fails'
        EXPECT  ax, 8, 'error 8 for 48h'
        mov     ax, 0
        mov     es, ax
        mov     ah, 49h
        int     21h
        EXPECT_CF 1, 'freeing segment 0 fails'
        EXPECT  ax, 9, 'error 9 (invalid block)'
        push    cs
        pop     es

        ; 62h/51h: our PSP is CS for a .COM
        mov     ah, 62h
        int     21h
        mov     ax, cs
        EXPECT  bx, ax, 'PSP from 62h'

        FINISH
block:  dw      0
