; InDOS (int 21h 34h) while DOS waits: a timer hook looks at the flag while a read
; from standard input (a pipe the test fills late) waits; it is 1 then, 0 after.
%include "doslib.inc"
        org     100h

start:
        mov     ah, 34h
        int     21h
        mov     [indos], bx
        mov     [indos + 2], es
        EXPECT  byte [es:bx], 0, 'InDOS is 0 in the program'
        push    cs
        pop     es
        mov     ax, 3508h
        int     21h
        mov     [old8], bx
        mov     [old8 + 2], es
        push    cs
        pop     es
        mov     ax, 2508h
        mov     dx, tick
        int     21h
        mov     ah, 3Fh                 ; waits until the test writes
        xor     bx, bx
        mov     cx, 1
        mov     dx, buf
        int     21h
        pushf
        push    ax
        push    ds
        lds     dx, [old8]
        mov     ax, 2508h
        int     21h
        pop     ds
        pop     ax
        popf
        EXPECT_OK 'read from stdin'
        cmp     word [ticks], 0
        jne     .ticked
        PRINT   'NO TIMER', 13, 10      ; no timer interrupts in this machine yet
        mov     ax, 4C00h
        int     21h
.ticked:
        EXPECT  ax, 1, 'one byte'
        EXPECT  byte [buf], 'k', 'the byte written late'
        EXPECT  byte [seen], 1, 'InDOS was 1 while DOS waited'
        les     bx, [indos]
        EXPECT  byte [es:bx], 0, 'InDOS is 0 after the call'
        push    cs
        pop     es
        FINISH

tick:   pushf
        call    far [cs:old8]
        inc     word [cs:ticks]
        push    ds
        push    bx
        lds     bx, [cs:indos]
        cmp     byte [bx], 0
        je      .no
        mov     byte [cs:seen], 1
.no:    pop     bx
        pop     ds
        iret

        DOSLIB_ROUTINES

indos:  dw      0, 0
old8:   dw      0, 0
seen:   db      0
ticks:  dw      0
buf:    db      0
