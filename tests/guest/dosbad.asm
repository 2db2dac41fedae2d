; Bad input: invalid handles, pointers past 1 MiB and across segment ends, strings
; without an end, malformed paths, bad MCBs, bad programs and environments for
; EXEC, garbage FCBs. Every call must fail with its documented error (or do what DOS
; does) and the program must get to its end.
%include "doslib.inc"
        org     100h

%macro CALLDX 3                         ; CALLDX AX, DS, DX
        push    ds
        mov     ax, %2
        mov     ds, ax
        mov     dx, %3
        mov     ax, %1
        int     21h
        pop     ds
%endmacro

start:
        mov     sp, stack_top
        mov     bx, (prog_end - $$ + 100h + 15) / 16
        mov     ah, 4Ah
        int     21h
        mov     ah, 48h                 ; a scratch segment of 68 KiB of 'A'
        mov     bx, 1100h
        int     21h
        EXPECT_OK 'scratch memory'
        mov     [scr], ax
        mov     es, ax
        xor     di, di
        mov     al, 'A'
        mov     cx, 0FFFFh
        rep     stosb
        mov     ax, es
        add     ax, 1000h
        mov     es, ax
        xor     di, di
        mov     cx, 1000h
        mov     al, 'A'
        rep     stosb
        push    cs
        pop     es

; --- paths ------------------------------------------------------------------------------
        CALLDX  3D00h, 0FFFFh, 0010h    ; past 1 MiB: wraps to the vector table
        EXPECT_CF 1, 'open a path at FFFF:0010'
        CALLDX  3D00h, [scr], 0         ; no NUL for 68 KiB
        EXPECT_ERR 3, 'open a path without an end'
        CALLDX  3D00h, cs, p_empty
        EXPECT_ERR 3, 'open ""'
        CALLDX  3D00h, cs, p_drive_a
        EXPECT_ERR 3, 'open on a drive that does not exist'
        CALLDX  3D00h, cs, p_trailing
        EXPECT_ERR 2, 'open NONE\ with a trailing backslash'
        CALLDX  3D00h, cs, p_ff
        EXPECT_ERR 3, 'open a name with FFh in it'
        CALLDX  3D00h, cs, p_colon
        EXPECT_ERR 3, 'open A:B:C'
        CALLDX  3D00h, cs, p_con_colon
        EXPECT_OK 'open CON: (a device with a colon)'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        CALLDX  3D00h, cs, p_deep
        EXPECT_ERR 3, 'open below too many directories'
        ; Directories down to 63 characters of path; one more cannot be made.
        mov     di, longdir + 3
        mov     cx, 8
.mk:    push    cx
        mov     si, p_eight
        mov     cx, 9
        rep     movsb                   ; "ABCDEFGH\"
        mov     byte [di - 1], 0
        mov     ah, 39h
        mov     dx, longdir
        int     21h
        mov     byte [di - 1], '\'
        pop     cx
        dec     cx                      ; (CF stays)
        jz      .last
        EXPECT_OK 'mkdir within 63 characters'
        jmp     .mk
.last:  EXPECT_ERR 3, 'mkdir a path longer than DOS can make current'
        mov     cx, 7                   ; and remove them again
.rm:    sub     di, 9
        mov     byte [di - 1], 0
        push    cx
        mov     ah, 3Ah
        mov     dx, longdir
        int     21h
        pop     cx
        EXPECT_OK 'rmdir'
        loop    .rm
        CALLDX  4E00h, 0FFFFh, 0FFF0h
        EXPECT_CF 1, 'find first with a pattern past 1 MiB'
        push    ds
        mov     ds, [scr]
        mov     dx, 0FFF0h              ; the DTA across a segment end (inside scratch)
        mov     ah, 1Ah
        int     21h
        pop     ds
        mov     ah, 4Eh
        mov     cx, 0FFh
        mov     dx, p_all
        int     21h
        EXPECT_OK 'find first into a DTA across a segment end'
        mov     ah, 4Fh
        int     21h
        mov     ah, 1Ah
        mov     dx, dta
        int     21h
        mov     ah, 4Fh
        int     21h
        EXPECT_ERR 12h, 'find next in a DTA that holds no search'
        mov     ah, 56h
        mov     dx, p_none
        push    es
        mov     es, [scr]
        xor     di, di
        int     21h
        pop     es
        EXPECT_ERR 3, 'rename to a name without an end'
        mov     ax, 6C00h
        mov     bx, 2
        mov     dx, 1
        push    ds
        mov     ds, [scr]
        xor     si, si
        int     21h
        pop     ds
        EXPECT_ERR 3, '6Ch with a name without an end'
        mov     ah, 5Ah
        xor     cx, cx
        mov     dx, p_tmp_nodir
        int     21h
        EXPECT_ERR 3, 'temporary file in a missing directory'

; --- handles ------------------------------------------------------------------------------
        mov     ah, 3Fh
        mov     bx, 0FFFFh
        mov     cx, 1
        mov     dx, dta
        int     21h
        EXPECT_ERR 6, 'read handle FFFFh'
        mov     ah, 40h
        mov     bx, 0FFFFh
        int     21h
        EXPECT_ERR 6, 'write handle FFFFh'
        mov     ah, 3Eh
        mov     bx, 0FFFFh
        int     21h
        EXPECT_ERR 6, 'close handle FFFFh'
        mov     ah, 45h
        mov     bx, 19
        int     21h
        EXPECT_ERR 6, 'dup a handle that is not open'
        mov     ah, 46h
        xor     bx, bx
        mov     cx, 0FFFFh
        int     21h
        EXPECT_ERR 6, 'force dup onto handle FFFFh'
        mov     ax, 4203h
        mov     bx, 1
        xor     cx, cx
        xor     dx, dx
        int     21h
        EXPECT_ERR 1, 'seek method 3'
        mov     ax, 3D02h               ; 64 KiB to NUL from a buffer across 1 MiB
        mov     dx, p_nul
        int     21h
        mov     bx, ax
        push    ds
        mov     ax, 0FFFFh
        mov     ds, ax
        mov     dx, 10h
        mov     cx, 0FFFFh
        mov     ah, 40h
        int     21h
        pop     ds
        EXPECT  ax, 0FFFFh, 'NUL takes 64 KiB'
        mov     ah, 3Fh                 ; 64 KiB from a file into scratch
        push    ds
        mov     ds, [scr]
        mov     dx, 0FFF0h
        mov     cx, 0FFFFh
        int     21h
        pop     ds
        EXPECT_OK 'read 64 KiB from NUL'
        mov     ah, 3Eh
        int     21h
        mov     ax, 5702h
        mov     bx, 1
        int     21h
        EXPECT_ERR 1, 'file time subfunction 2'
        mov     ax, 4400h
        mov     bx, 0FFFFh
        int     21h
        EXPECT_ERR 6, 'IOCTL on handle FFFFh'
        mov     ah, 67h
        mov     bx, 0FFFFh
        int     21h
        jc      .hc                     ; 64 KiB of handles may not fit: either way
        mov     ah, 67h
        mov     bx, 20
        int     21h
        EXPECT_OK 'back to 20 handles'
.hc:

; --- memory -------------------------------------------------------------------------------
        mov     ah, 48h
        xor     bx, bx
        int     21h
        EXPECT_OK 'allocate no paragraphs'
        mov     es, ax
        mov     ah, 49h
        int     21h
        EXPECT_OK 'free it'
        mov     ax, 0FFFFh
        mov     es, ax
        mov     ah, 49h
        int     21h
        EXPECT_ERR 9, 'free FFFFh'
        mov     bx, 10h
        mov     ah, 4Ah
        int     21h
        EXPECT_ERR 7, 'resize FFFFh'
        push    cs
        pop     es
        mov     ax, 58FFh
        int     21h
        EXPECT_ERR 1, '58FFh'

; --- EXEC with bad programs and a bad environment -----------------------------------
        mov     [pb + 4], cs
        mov     [pb + 8], cs
        mov     [pb + 12], cs
        mov     ax, 4BFFh
        mov     dx, p_trunc
        mov     bx, pb
        int     21h
        EXPECT_ERR 1, 'EXEC subfunction FFh'
        mov     ax, 4B00h
        mov     dx, p_trunc
        int     21h
        EXPECT_ERR 0Bh, 'EXEC a truncated .EXE'
        mov     ax, 4B00h
        mov     dx, p_empty_com
        int     21h
        EXPECT_ERR 0Bh, 'EXEC an empty .COM'
        mov     ax, 4B00h
        mov     dx, p_huge
        int     21h
        EXPECT_ERR 8, 'EXEC an .EXE that needs more memory than there is'
        mov     ax, 4B00h
        mov     dx, p_sub
        int     21h
        EXPECT_ERR 5, 'EXEC a directory'
        mov     ax, 4B00h
        mov     dx, p_nul
        int     21h
        EXPECT_ERR 2, 'EXEC a device'
        mov     ax, [scr]               ; an environment without an end
        mov     [pb], ax
        mov     ax, 4B00h
        mov     dx, p_ok
        mov     bx, pb
        int     21h
        EXPECT_ERR 0Ah, 'EXEC with an environment that never ends'
        mov     word [pb], 0

; --- FCBs ---------------------------------------------------------------------------------
        mov     byte [fcb], 55h         ; drive 85
        mov     ah, 0Fh
        mov     dx, fcb
        int     21h
        EXPECT  al, 0FFh, 'open an FCB on drive 85'
        mov     ah, 11h
        int     21h
        EXPECT  al, 0FFh, 'search an FCB on drive 85'
        mov     byte [fcb], 0
        mov     ah, 14h
        int     21h
        EXPECT  al, 1, 'read from an FCB never opened: nothing read'
        mov     word [fcb + 0Eh], 0
        mov     cx, 0FFFFh
        mov     ah, 27h
        int     21h
        EXPECT  al, 1, 'block read from an FCB never opened: nothing read'
        EXPECT  cx, 0, 'no records read'
        mov     ax, 2901h
        push    ds
        mov     ds, [scr]
        mov     si, 0FFF0h              ; a name that runs across a segment end
        mov     di, fcb
        int     21h
        pop     ds
        EXPECT  al, 0, 'parse a name across a segment end'

; --- other functions -----------------------------------------------------------------------
        mov     ah, 0FFh
        int     21h
        EXPECT_ERR 1, 'function FFh'
        mov     ax, 33FFh
        int     21h
        EXPECT  al, 0FFh, '33FFh'
        mov     ax, 6521h
        mov     cx, 0FFFFh
        push    ds
        mov     ds, [scr]
        xor     dx, dx
        int     21h
        pop     ds
        EXPECT_OK 'capitalize 64 KiB'
        mov     ax, 0FFFFh
        int     2Fh
        mov     ah, 47h
        mov     dl, 200
        mov     si, dta
        int     21h
        EXPECT_ERR 0Fh, 'getcwd of drive 200'
        FINISH

        DOSLIB_ROUTINES

p_empty:        db      0
p_drive_a:      db      'A:\X', 0
p_trailing:     db      'NONE\', 0
p_ff:           db      'A', 0FFh, 'B', 0
p_colon:        db      'A:B:C', 0
p_con_colon:    db      'CON:', 0
p_deep:         db      'A\B\C\D\E\F\G\H\I\J\K\L\M\N\O\P\Q\R\S\T\U\V\W\X\Y\Z\A\B\C\D\E\F\G\H', 0
p_eight:        db      'ABCDEFGH\'
longdir:        db      'C:\'
                times 100 db 0
p_all:          db      '*.*', 0
p_none:         db      'NONE.TXT', 0
p_tmp_nodir:    db      'NODIR\', 0, '             '
p_nul:          db      'NUL', 0
p_trunc:        db      'TRUNC.EXE', 0
p_empty_com:    db      'EMPTY.COM', 0
p_huge:         db      'HUGE.EXE', 0
p_sub:          db      'SUB', 0
p_ok:           db      'OK.COM', 0
scr:            dw      0
pb:             dw      0, 80h, 0, 5Ch, 0, 6Ch, 0
fcb:            db      0, 'NONE    TXT'
                times 40 db 0
dta:            times 128 db 0
                align   2
                times   512 db 0
stack_top:
prog_end:
