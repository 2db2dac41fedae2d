; Reprograms PIT channel 0 to 1 kHz (count 1193) with its own int 8 handler, which
; counts every tick and chains to the BIOS only every 65536/1193 ticks, as games do.
; Prints "start" and "end" 2000 ticks apart (the test times them), then the BIOS tick
; count's advance, which must stay at 18.2 Hz.
%include "lib.inc"
        org     100h
COUNT   equ     1193
TICKS   equ     2000

        mov     ax, 3508h
        int     21h
        mov     [old8], bx
        mov     [old8+2], es
        cli
        mov     dx, int8
        mov     ax, 2508h
        int     21h
        mov     al, 36h
        out     43h, al
        mov     al, COUNT & 0FFh
        out     40h, al
        mov     al, COUNT >> 8
        out     40h, al
        sti
.settle:
        hlt
        cmp     word [ticks], 100
        jb      .settle
        cli
        mov     ax, [ticks]
        mov     [start], ax
        call    bios_ticks
        mov     [bios0], ax
        sti
        PRINT   'start', 13, 10
.wait:  hlt
        mov     ax, [ticks]
        sub     ax, [start]
        cmp     ax, TICKS
        jb      .wait
        cli
        call    bios_ticks
        sub     ax, [bios0]
        mov     [bios1], ax
        mov     al, 36h                 ; back to 18.2 Hz
        out     43h, al
        xor     al, al
        out     40h, al
        out     40h, al
        push    ds
        lds     dx, [old8]
        mov     ax, 2508h
        int     21h
        pop     ds
        sti
        PRINT   'end', 13, 10
        PRINT   'bios='
        mov     ax, [bios1]
        PRINT_HEX16
        PRINT   13, 10
        mov     ax, 4C00h
        int     21h

bios_ticks:
        push    ds
        mov     ax, 40h
        mov     ds, ax
        mov     ax, [6Ch]
        pop     ds
        ret

int8:   inc     word [cs:ticks]
        add     word [cs:acc], COUNT
        jc      .chain                  ; 65536 PIT clocks went by: a BIOS tick
        push    ax
        mov     al, 20h
        out     20h, al
        pop     ax
        iret
.chain: jmp     far [cs:old8]

old8:   dd      0
ticks:  dw      0
acc:    dw      0
start:  dw      0
bios0:  dw      0
bios1:  dw      0
        LIB_ROUTINES
