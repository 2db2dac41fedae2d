; Escape attempts: for every path in the table, every operation that reaches the
; host (open and read, create, create-new, delete, mkdir, rmdir, chdir, set
; attributes, rename to and from it, find first, FCB open, EXEC) is tried, and one
; line tells how each ended: "NN o=EE c=EE ..." with the DOS error in hex (00: it
; worked). What an open could read is printed too. test_dos_escape.py puts
; symlinks, a FIFO and a secret outside the drive, and checks that every attempt
; failed, that nothing outside changed and that the secret never showed.
%include "doslib.inc"
        org     100h

%macro RESULT 1                         ; RESULT 'x': " x=EE" from CF/AX
        jc      %%err
        xor     ax, ax
%%err:  PRINT   ' ', %1, '='
        call    lib_hex8
%endmacro

start:
        mov     sp, stack_top           ; room for EXEC to succeed if a path did
        mov     bx, (prog_end - $$ + 100h + 15) / 16
        mov     ah, 4Ah
        int     21h
        mov     ah, 1Ah
        mov     dx, dta
        int     21h
        xor     bp, bp                  ; index into the table
.next:  mov     bx, bp
        shl     bx, 1
        mov     si, [paths + bx]
        test    si, si
        jz      .done
        mov     [cur], si
        mov     ax, bp
        call    lib_hex8
        call    attempt
        call    lib_crlf
        inc     bp
        jmp     .next
.done:  ; Read-only drive R: refuses every change.
        PRINT   'RO'
        mov     word [cur], r_keep
        call    attempt
        call    lib_crlf
        mov     ax, 4C00h
        int     21h

; All the operations on the path at [cur].
attempt:
        mov     ax, 3D00h               ; open and read
        mov     dx, [cur]
        int     21h
        jc      .open_err
        mov     bx, ax
        mov     ah, 3Fh
        mov     cx, 63
        mov     dx, readbuf
        int     21h
        jc      .read_done
        mov     si, readbuf
        add     si, ax
        mov     byte [si], 0
        PRINT   ' read['
        mov     si, readbuf
        PRINTZ
        PRINT   ']'
.read_done:
        mov     ah, 3Eh
        int     21h
        clc
        xor     ax, ax
.open_err:
        RESULT  'o'
        mov     ah, 3Ch                 ; create (truncates)
        xor     cx, cx
        mov     dx, [cur]
        int     21h
        jc      .c_err
        mov     bx, ax
        mov     ah, 40h
        mov     cx, 7
        mov     dx, pwned
        int     21h
        mov     ah, 3Eh
        int     21h
        clc
.c_err: RESULT  'c'
        mov     ah, 5Bh                 ; create new
        xor     cx, cx
        mov     dx, [cur]
        int     21h
        jc      .n_err
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        clc
.n_err: RESULT  'n'
        mov     ax, 6C00h               ; extended open: replace or create
        mov     bx, 2
        xor     cx, cx
        mov     dx, 12h
        mov     si, [cur]
        int     21h
        jc      .x_err
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        clc
.x_err: RESULT  'e'
        mov     ax, 4301h               ; attributes
        mov     cx, 1
        mov     dx, [cur]
        int     21h
        RESULT  'a'
        mov     ah, 39h                 ; mkdir
        mov     dx, [cur]
        int     21h
        RESULT  'm'
        mov     ah, 3Bh                 ; chdir
        mov     dx, [cur]
        int     21h
        pushf
        push    ax
        mov     ah, 3Bh
        mov     dx, c_root
        int     21h
        pop     ax
        popf
        RESULT  'h'
        mov     ah, 56h                 ; rename to it
        mov     dx, in_txt
        mov     di, [cur]
        int     21h
        RESULT  't'
        mov     ah, 56h                 ; rename from it
        mov     dx, [cur]
        mov     di, in2_txt
        int     21h
        RESULT  'f'
        mov     ah, 4Eh                 ; find first
        mov     cx, 16h
        mov     dx, [cur]
        int     21h
        jc      .s_err
        PRINT   ' found['
        mov     si, dta + 1Eh
        PRINTZ
        PRINT   ']'
        clc
.s_err: RESULT  's'
        mov     ax, 4B00h               ; EXEC
        mov     dx, [cur]
        mov     bx, pb
        mov     [pb + 4], cs
        mov     [pb + 8], cs
        mov     [pb + 12], cs
        int     21h
        RESULT  'x'
        mov     ah, 41h                 ; delete
        mov     dx, [cur]
        int     21h
        RESULT  'd'
        mov     ah, 3Ah                 ; rmdir
        mov     dx, [cur]
        int     21h
        RESULT  'r'
        ret

        DOSLIB_ROUTINES
lib_failures:   dw      0

; The attempts (test_dos_escape.py names them by their index).
paths:  dw      e00, e01, e02, e03, e04, e05, e06, e07, e08, e09
        dw      e10, e11, e12, e13, e14, e15, e16, e17, e18, e19
        dw      e20, e21, e22, e23, e24, e25, e26, e27, e28, 0
e00:    db      '..\OUTSIDE\SECRET.TXT', 0
e01:    db      '\..\OUTSIDE\SECRET.TXT', 0
e02:    db      'C:..\OUTSIDE\SECRET.TXT', 0
e03:    db      'SUB\..\..\OUTSIDE\SECRET.TXT', 0
e04:    db      '...\OUTSIDE\SECRET.TXT', 0
e05:    db      '/../outside/secret.txt', 0
e06:    db      '\\OUTSIDE\SECRET.TXT', 0
e07:    db      'C:\..\..\..\..\..\..\..\..\..\..\..\..\ETC\PASSWD', 0
e08:    db      'LNK_FILE', 0
e09:    db      'LNK_DIR\SECRET.TXT', 0
e10:    db      'LNK_DIR', 0
e11:    db      'ABS_FILE', 0
e12:    db      'ABS_DIR\SECRET.TXT', 0
e13:    db      'SUB\UP\OUTSIDE\SECRET.TXT', 0
e14:    db      'SUB\UP', 0
e15:    db      'FIFO', 0
e16:    db      'CON\..\..\OUTSIDE\SECRET.TXT', 0
e17:    db      'NUL\..\..\OUTSIDE', 0
e18:    db      'Z:\SECRET.TXT', 0
e19:    db      'LNK_DIR\NEW.TXT', 0
e20:    db      'LNK_DIR\PROG.COM', 0
e21:    db      'SUB\UP\OUTSIDE\PROG.COM', 0
e22:    db      'C:\OUTSIDE\..\..\SECRET.TXT', 0
e23:    db      'DANGLE', 0
e24:    db      'SUB\..\..', 0
e25:    db      'C:\..', 0
e26:    db      '*\..\..\OUTSIDE\SECRET.TXT', 0
e27:    db      'OK_FILE', 0            ; symlinks that stay inside work
e28:    db      'OK_LINK\X.TXT', 0
r_keep: db      'R:\KEEP.TXT', 0
in_txt: db      'IN.TXT', 0
in2_txt: db     'IN2.TXT', 0
c_root: db      'C:\', 0
pwned:  db      'PWNED!!'
pb:     dw      0, 80h, 0, 5Ch, 0, 6Ch, 0
cur:    dw      0
dta:    times 64 db 0
readbuf: times 64 db 0
        align   2
        times   512 db 0
stack_top:
prog_end:
