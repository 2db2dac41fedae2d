; Devices by name (CON, NUL, AUX, PRN, CLOCK$, with paths and extensions) and IOCTL
; (int 21h 44h 00h/01h/06h/07h/08h/09h/0Ah/0Eh); the standard handles as real,
; duplicable handles, stderr reading keys as MORE.COM has it. test_dos_devices.py runs it with stdin and stdout as pipes.
%include "doslib.inc"
        org     100h

%macro OPEN 2
        mov     ax, 3D00h | (%2)
        mov     dx, %1
        int     21h
%endmacro
%macro IOCTL 2                          ; IOCTL subfunction, BX
        mov     ax, 4400h | (%1)
        mov     bx, %2
        int     21h
%endmacro

start:
; --- CON ------------------------------------------------------------------------
        OPEN    d_con, 2
        EXPECT_OK 'open CON'
        mov     [h], ax
        IOCTL   0, [h]
        EXPECT_OK '4400h on CON'
        EXPECT  dx, 80D3h, 'CON device information'
        mov     ah, 40h
        mov     bx, [h]
        mov     cx, 6
        mov     dx, t_con
        int     21h
        EXPECT  ax, 6, 'write to CON'
        IOCTL   7, [h]
        EXPECT  al, 0FFh, 'CON output ready'
        IOCTL   0, [h]                  ; binary mode on, then off
        or      dl, 20h
        xor     dh, dh
        IOCTL   1, [h]
        EXPECT_OK 'set CON to binary mode'
        IOCTL   0, [h]
        EXPECT  dx, 80F3h, 'CON in binary mode'
        and     dl, 0DFh
        xor     dh, dh
        IOCTL   1, [h]
        mov     dx, 0200h
        IOCTL   1, [h]
        EXPECT_ERR 0Dh, 'set device information with DH=2'
        IOCTL   2, [h]
        EXPECT_ERR 1, 'read control data from CON'
        mov     bx, [h]
        mov     ah, 3Eh
        int     21h
        OPEN    d_con_ext, 0
        EXPECT_OK 'open con.txt, a device with an extension'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h

; --- NUL, with paths ---------------------------------------------------------------
        OPEN    d_nul, 2
        EXPECT_OK 'open NUL'
        mov     [h], ax
        IOCTL   0, [h]
        EXPECT  dx, 80C4h, 'NUL device information'
        mov     ah, 40h
        mov     bx, [h]
        mov     cx, 10
        mov     dx, t_con
        int     21h
        EXPECT  ax, 10, 'NUL takes every byte'
        mov     ah, 3Fh
        mov     bx, [h]
        mov     cx, 10
        mov     dx, buf
        int     21h
        EXPECT_OK 'read NUL'
        EXPECT  ax, 0, 'NUL reads as end of file'
        IOCTL   6, [h]
        EXPECT  al, 0FFh, 'NUL input status'
        mov     bx, [h]
        mov     ah, 3Eh
        int     21h
        OPEN    d_sub_nul, 0
        EXPECT_OK 'open SUB\NUL.TXT (SUB exists)'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        OPEN    d_nodir_nul, 0
        EXPECT_ERR 3, 'open NODIR\NUL (no NODIR)'
        OPEN    d_dev_nul, 0
        EXPECT_OK 'open \DEV\NUL'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        mov     ah, 3Ch
        xor     cx, cx
        mov     dx, d_nul
        int     21h
        EXPECT_OK 'create NUL opens the device'
        mov     [h], ax
        IOCTL   0, [h]
        EXPECT  dx, 80C4h, 'created NUL is the device'
        mov     bx, [h]
        mov     ah, 3Eh
        int     21h

; --- AUX, PRN, CLOCK$ ------------------------------------------------------------
        OPEN    d_aux, 2
        EXPECT_OK 'open AUX'
        mov     [h], ax
        IOCTL   0, [h]
        EXPECT  dx, 80C0h, 'AUX device information'
        mov     bx, [h]
        mov     ah, 3Eh
        int     21h
        OPEN    d_prn, 1
        EXPECT_OK 'open PRN'
        mov     [h], ax
        IOCTL   0, [h]
        EXPECT  dx, 0A0C0h, 'PRN device information'
        mov     ah, 40h
        mov     bx, [h]
        mov     cx, 3
        mov     dx, t_con
        int     21h
        EXPECT  ax, 3, 'write to PRN'
        mov     bx, [h]
        mov     ah, 3Eh
        int     21h
        OPEN    d_clock, 0
        EXPECT_OK 'open CLOCK$'
        mov     [h], ax
        IOCTL   0, [h]
        EXPECT  dx, 80C8h, 'CLOCK$ device information'
        mov     ah, 3Fh
        mov     bx, [h]
        mov     cx, 6
        mov     dx, buf
        int     21h
        EXPECT  ax, 6, 'CLOCK$ gives six bytes'
        cmp     word [buf], 15700       ; days since 1980: after 2022
        ja      .days_ok
        PRINT   'FAIL: CLOCK$ days since 1980', 13, 10
        inc     word [lib_failures]
.days_ok:
        cmp     byte [buf + 3], 24      ; hours
        jb      .hours_ok
        PRINT   'FAIL: CLOCK$ hours', 13, 10
        inc     word [lib_failures]
.hours_ok:
        mov     bx, [h]
        mov     ah, 3Eh
        int     21h

; --- IOCTL on files and drives ----------------------------------------------------
        OPEN    f_data, 0
        EXPECT_OK 'open DATA.TXT'
        mov     [h], ax
        IOCTL   0, [h]
        EXPECT  dx, 0042h, 'file on C:, not written'
        IOCTL   6, [h]
        EXPECT  al, 0FFh, 'file input status before its end'
        mov     ax, 4202h
        mov     bx, [h]
        xor     cx, cx
        xor     dx, dx
        int     21h
        IOCTL   6, [h]
        EXPECT  al, 0, 'file input status at its end'
        IOCTL   0Ah, [h]
        EXPECT_OK '440Ah on a file'
        test    dh, 80h
        jz      .local
        PRINT   'FAIL: file is remote', 13, 10
        inc     word [lib_failures]
.local: mov     dx, 0020h               ; setting a file's information changes nothing
        IOCTL   1, [h]
        EXPECT_OK '4401h on a file'
        IOCTL   0, [h]
        EXPECT  dx, 0042h, 'file information unchanged'
        IOCTL   2, [h]
        EXPECT_ERR 1, 'read control data from a file'
        mov     bx, [h]
        mov     ah, 3Eh
        int     21h
        IOCTL   0, 99
        EXPECT_ERR 6, '4400h on handle 99'
        mov     ax, 4408h
        mov     bl, 0
        int     21h
        EXPECT_OK '4408h current drive'
        EXPECT  ax, 1, 'C: is fixed'
        mov     ax, 4408h
        mov     bl, 25
        int     21h
        EXPECT_ERR 0Fh, '4408h Y: is no drive'
        mov     ax, 4409h
        mov     bl, 3
        int     21h
        EXPECT_OK '4409h C:'
        test    dx, 9000h
        jz      .not_remote
        PRINT   'FAIL: C: is remote or SUBST', 13, 10
        inc     word [lib_failures]
.not_remote:
        mov     ax, 440Eh
        mov     bl, 0
        int     21h
        EXPECT_OK '440Eh'
        EXPECT  al, 0, 'one letter for the drive'
        mov     ax, 44FFh
        mov     bx, 1
        int     21h
        EXPECT_ERR 1, 'IOCTL FFh'

; --- the standard handles -----------------------------------------------------------
        IOCTL   0, 0
        EXPECT  dx, 0042h, 'stdin from a pipe is a file'
        IOCTL   0, 1
        EXPECT  dx, 0042h, 'stdout to a pipe is a file'
        mov     ah, 45h                 ; MORE.COM's way: a copy of a standard handle
        mov     bx, 0
        int     21h
        EXPECT_OK 'dup stdin'
        mov     [h], ax
        mov     ah, 3Fh
        mov     bx, [h]
        mov     cx, 1
        mov     dx, buf
        int     21h
        EXPECT  ax, 1, 'read through the copy of stdin'
        EXPECT  byte [buf], 'x', 'first byte of stdin'
        mov     ah, 3Fh
        xor     bx, bx
        mov     cx, 1
        mov     dx, buf
        int     21h
        EXPECT  byte [buf], 'y', 'then stdin itself goes on'
        mov     bx, [h]
        mov     ah, 3Eh
        int     21h
        OPEN    f_data, 0               ; stdin from a file, as after "< DATA.TXT"
        mov     [h], ax
        mov     ah, 46h
        mov     bx, [h]
        xor     cx, cx
        int     21h
        EXPECT_OK 'force dup onto stdin'
        mov     ah, 08h
        int     21h
        EXPECT  al, 'd', 'int 21h 08h reads the new stdin'
        mov     ah, 0Bh
        int     21h
        EXPECT  al, 0FFh, 'stdin has more'
        ; MORE.COM's way to read keys: standard input as a copy of standard error,
        ; which is the console.
        mov     ah, 05h
        mov     cx, 256Bh               ; the key 'k'
        int     16h
        mov     ah, 46h
        mov     bx, 2
        xor     cx, cx
        int     21h
        EXPECT_OK 'stdin as a copy of stderr'
        mov     ah, 0Bh
        int     21h
        EXPECT  al, 0FFh, 'a key is ready on stderr'
        mov     ah, 08h
        int     21h
        EXPECT  al, 'k', 'the key read through the copy of stderr'

        FINISH

        DOSLIB_ROUTINES

d_con:          db      'CON', 0
d_con_ext:      db      'con.txt', 0
d_nul:          db      'NUL', 0
d_sub_nul:      db      'SUB\NUL.TXT', 0
d_nodir_nul:    db      'NODIR\NUL', 0
d_dev_nul:      db      '\DEV\NUL', 0
d_aux:          db      'AUX', 0
d_prn:          db      'PRN', 0
d_clock:        db      'CLOCK$', 0
f_data:         db      'DATA.TXT', 0
t_con:          db      'con!', 13, 10, 'xxxx'
h:              dw      0
info:           dw      0
buf:            times 64 db 0
