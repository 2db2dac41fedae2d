; Runs its command tail through the command interpreter, as programs shell out:
; EXEC of the program COMSPEC names with "/C" and the tail, then int 21h 4Dh. Prints
; "rc=XXXX" (AH = how the child ended, AL = its return code) and exits with AL.
%include "lib.inc"
        org     100h
        mov     sp, stack_top
        mov     bx, (stack_top - $$ + 100h + 15) / 16
        mov     ah, 4Ah                 ; give back the memory after us
        int     21h
        ; COMSPEC= in the environment.
        mov     es, [2Ch]
        xor     di, di
.var:   cmp     byte [es:di], 0
        je      .none
        mov     si, comspec_name
        mov     cx, 8
        push    di
        repe    cmpsb
        pop     ax
        je      .found
        mov     di, ax
.skip:  inc     di
        cmp     byte [es:di - 1], 0
        jne     .skip
        jmp     .var
.none:  PRINT   'no COMSPEC', 13, 10
        mov     ax, 4C01h
        int     21h
.found: mov     si, path                ; copy the value
.copy:  mov     al, [es:di]
        mov     [si], al
        inc     si
        inc     di
        test    al, al
        jnz     .copy
        push    cs
        pop     es
        ; The tail: " /C" and ours.
        mov     si, 81h
        mov     di, tail + 4
        xor     cx, cx
        mov     cl, [80h]
        mov     bl, cl
        add     bl, 3
        mov     [tail], bl
        rep     movsb
        mov     byte [di], 13
        mov     [pb_tail + 2], cs
        mov     [pb_fcb1 + 2], cs
        mov     [pb_fcb2 + 2], cs
        mov     dx, path
        mov     bx, pb
        mov     ax, 4B00h
        int     21h
        jnc     .ran
        PRINT   'EXEC failed: '
        PRINT_HEX16
        PRINT   13, 10
        mov     ax, 4C02h
        int     21h
.ran:   mov     ah, 4Dh
        int     21h
        push    ax
        PRINT   'rc='
        PRINT_HEX16
        PRINT   13, 10
        pop     ax
        mov     ah, 4Ch
        int     21h

        LIB_ROUTINES
comspec_name:   db      'COMSPEC='
pb:             dw      0               ; the environment: ours
pb_tail:        dw      tail, 0
pb_fcb1:        dw      fcb, 0
pb_fcb2:        dw      fcb, 0
fcb:            db      0, '           ', 0, 0, 0, 0
tail:           db      0, ' /C'
                times   130 db 0
path:           times   80 db 0
                times   256 db 0
stack_top:
