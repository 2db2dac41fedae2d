; An unmasked x87 error (zero divide) reaches the program's int 02h handler through
; IRQ13's vector 75h and the BIOS, as on a PC/AT; the handler clears it with FNCLEX and
; the waiting instruction then goes on. The timer keeps ticking afterwards.
        cpu     486
        org     100h
%include "lib.inc"
        mov     ax, 2502h               ; set int 02h
        mov     dx, nmi
        int     21h
        fninit
        fldcw   [cw]                    ; zero divide unmasked
        fld1
        fdiv    qword [zero]            ; flagged, pending
        EXPECT  word [hits], 0, 'no error before the next waiting instruction'
        fwait                           ; signalled here
        EXPECT  word [hits], 1, 'int 02h ran once for the x87 error'
        fnstsw  ax
        and     ax, 0084h               ; ZE, ES
        EXPECT  ax, 0, 'the handler cleared the exception'
        fld1
        fwait
        EXPECT  word [hits], 1, 'no second error after FNCLEX'
        ; the PIC still delivers IRQ0: the BDA tick count moves
        push    ds
        mov     ax, 40h
        mov     ds, ax
        mov     bx, [6Ch]
        sti
.wait:  hlt
        cmp     bx, [6Ch]
        je      .wait
        pop     ds
        FINISH
nmi:    inc     word [cs:hits]
        fnclex
        iret
        LIB_ROUTINES
hits:   dw      0
cw:     dw      037Bh
zero:   dq      0.0
