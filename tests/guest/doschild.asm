; EXEC, the child's side (run by DOSEXEC.COM with stdout redirected to OUT.TXT):
; checks what it inherited and what it did not, runs DOSGRAND.COM with an
; environment of its own, and ends with the grandchild's return code plus one.
%include "doslib.inc"
        org     100h

start:
        mov     sp, stack_top
        mov     bx, (prog_end - $$ + 100h + 15) / 16
        mov     ah, 4Ah
        int     21h
        EXPECT_OK 'child: shrink'
        PRINT   'child: parent='
        mov     ax, [16h]
        PRINT_HEX16
        call    lib_crlf
        ; The tail: " N HELLO", N the parent's private handle.
        EXPECT  byte [80h], 8, 'child: tail length'
        EXPECT_MEM 83h, {' HELLO', 13}, 'child: tail'
        mov     bl, [82h]
        sub     bl, '0'
        xor     bh, bh
        mov     ah, 40h
        mov     cx, 1
        mov     dx, 80h
        int     21h
        EXPECT_ERR 6, 'child: the private handle was not inherited'
        ; FCB 1 as the parent parsed it.
        EXPECT  byte [5Ch], 3, 'child: FCB 1 drive C:'
        EXPECT_MEM 5Dh, 'FOO     TXT', 'child: FCB 1 name'
        ; Standard output is the parent's file.
        mov     ax, 4400h
        mov     bx, 1
        int     21h
        EXPECT  dx, 0002h, 'child: stdout is a file on C:, written to'
        ; int 22h: back into the parent.
        xor     ax, ax
        mov     es, ax
        mov     ax, [es:22h * 4]
        EXPECT  ax, [0Ah], 'child: int 22h is the terminate address in the PSP'
        ; Our own int 23h and 24h: DOS puts the parent's back when we end.
        mov     word [es:23h * 4], handler
        mov     [es:23h * 4 + 2], cs
        mov     word [es:24h * 4], handler
        mov     [es:24h * 4 + 2], cs
        push    cs
        pop     es
        ; The environment ends with our path.
        mov     es, [2Ch]
        xor     di, di
.envscan:
        cmp     word [es:di], 0
        je      .envend
        inc     di
        jmp     .envscan
.envend:
        EXPECT  word [es:di + 2], 1, 'child: one string after the environment'
        PRINT   'child: path='
        push    ds
        push    es
        pop     ds
        lea     si, [di + 4]
        PRINTZ
        pop     ds
        call    lib_crlf
        push    cs
        pop     es
        ; An environment block of our own for the grandchild.
        mov     ah, 48h
        mov     bx, 2
        int     21h
        EXPECT_OK 'child: memory for an environment'
        mov     [pb], ax
        mov     es, ax
        mov     si, env_grand
        xor     di, di
        mov     cx, env_grand_len
        rep     movsb
        push    cs
        pop     es
        mov     [pb + 4], cs
        mov     [pb + 8], cs
        mov     [pb + 12], cs
        mov     ax, 4B00h
        mov     dx, f_grand
        mov     bx, pb
        int     21h
        EXPECT_OK 'child: EXEC DOSGRAND.COM'
        mov     ah, 4Dh
        int     21h
        EXPECT  ax, 7, 'child: the grandchild returned 7'
        inc     al
        mov     [code], al
        mov     es, [pb]
        mov     ah, 49h
        int     21h
        push    cs
        pop     es
        cmp     word [cs:lib_failures], 0
        jne     .bad
        PRINT   'child: PASS', 13, 10
        mov     ah, 4Ch
        mov     al, [code]
        int     21h
.bad:   mov     ax, 4C63h
        int     21h

handler:
        iret

        DOSLIB_ROUTINES
lib_failures:   dw      0

f_grand:        db      'DOSGRAND.COM', 0
env_grand:      db      'GRAND=1', 0, 0
env_grand_len   equ     $ - env_grand
tail_grand:     db      2, ' 7', 13
code:           db      0
pb:             dw      0, tail_grand, 0, 5Ch, 0, 6Ch, 0
                align   2
                times   512 db 0
stack_top:
prog_end:
