; Hooks int 8 and int 1Ch (both chain to the BIOS) and sleeps with HLT. Prints
; "start" at a tick once things have settled and "end" TICKS ticks later, so the
; test can time them against the host clock; then the ticks its int 8 and int 1Ch
; hooks counted and how far the BIOS count at 0040:006C moved, in between.
%include "lib.inc"
        org     100h
TICKS   equ     91                      ; 91 / 18.2065 Hz = 4.998 s

        mov     ax, 3508h
        int     21h
        mov     [old8], bx
        mov     [old8+2], es
        mov     ax, 351Ch
        int     21h
        mov     [old1c], bx
        mov     [old1c+2], es
        cli
        mov     dx, int8
        mov     ax, 2508h
        int     21h
        mov     dx, int1c
        mov     ax, 251Ch
        int     21h
        sti

        ; Let start-up settle for a few ticks, then take the counts at a tick.
.settle:
        hlt
        cmp     word [ticks], 18
        jb      .settle
        cli
        call    snapshot
        mov     [start8], ax
        mov     [start1c], bx
        mov     [startbios], dx
        sti
        PRINT   'start', 13, 10
.wait:  hlt
        mov     ax, [ticks]
        sub     ax, [start8]
        cmp     ax, TICKS
        jb      .wait
        cli
        call    snapshot
        sub     ax, [start8]
        sub     bx, [start1c]
        sub     dx, [startbios]
        sti
        push    dx
        push    bx
        push    ax
        PRINT   'end', 13, 10
        PRINT   'int8='
        pop     ax
        PRINT_HEX16
        PRINT   ' int1c='
        pop     ax
        PRINT_HEX16
        PRINT   ' bios='
        pop     ax
        PRINT_HEX16
        PRINT   13, 10
        push    ds
        lds     dx, [old8]
        mov     ax, 2508h
        int     21h
        pop     ds
        push    ds
        lds     dx, [old1c]
        mov     ax, 251Ch
        int     21h
        pop     ds
        mov     ax, 4C00h
        int     21h

; AX = int 8 count, BX = int 1Ch count, DX = BIOS tick count (low word).
snapshot:
        mov     ax, [ticks]
        mov     bx, [ticks1c]
        push    ds
        mov     dx, 40h
        mov     ds, dx
        mov     dx, [6Ch]
        pop     ds
        ret

int8:   inc     word [cs:ticks]
        jmp     far [cs:old8]
int1c:  inc     word [cs:ticks1c]
        jmp     far [cs:old1c]

old8:   dd      0
old1c:  dd      0
ticks:  dw      0
ticks1c: dw     0
start8: dw      0
start1c: dw     0
startbios: dw   0
        LIB_ROUTINES
