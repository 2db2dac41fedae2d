; x87 arithmetic, transcendental functions, loads and stores of every format, compares,
; FSTSW AX and the control word's rounding and precision modes. Prints one line per case:
; the name and the stored result bytes in hex (last byte first), and a few values as
; decimal digits through FBSTP. x87_host.c runs the same operations on the host's FPU and
; prints the same lines; test_x87.py compares them. Also prints int 11h's FPU bit.
        cpu     486
        org     100h

; SHOW 'name', n: prints "name " and res[n-1]..res[0] in hex.
%macro SHOW 2
        mov     si, %%nm
        mov     cx, %2
        call    show
        jmp     %%end
%%nm:   db      %1, 0
%%end:
%endmacro

; DECIMAL 'name': prints "name " and the packed BCD at res as a signed decimal number.
%macro DECIMAL 1
        mov     si, %%nm
        call    decimal
        jmp     %%end
%%nm:   db      %1, 0
%%end:
%endmacro

start:
        int     11h
        shr     ax, 1
        and     ax, 1
        mov     [res], al
        SHOW    'equip_fpu', 1

        finit
        fld     qword [c1_5]
        fadd    qword [c2_25]
        fstp    tword [res]
        SHOW    'add', 10

        finit
        fld1
        fidiv   word [i3]
        fstp    tword [res]
        SHOW    'div3', 10

        finit
        fldpi
        fsub    qword [c1_5]
        fstp    tword [res]
        SHOW    'sub', 10

        finit
        fldpi
        fmul    qword [c1_5]
        fstp    tword [res]
        SHOW    'mul', 10

        finit
        fld     qword [c2]
        fsqrt
        fstp    tword [res]
        SHOW    'sqrt2', 10

        finit
        fld1
        fsin
        fstp    tword [res]
        SHOW    'sin1', 10

        finit
        fld1
        fcos
        fstp    tword [res]
        SHOW    'cos1', 10

        finit
        fld     qword [c0_5]
        fptan
        fstp    tword [res]
        fstp    tword [res+10]
        SHOW    'ptan', 20

        finit
        fld1
        fld     qword [c2]
        fpatan
        fstp    tword [res]
        SHOW    'patan', 10

        finit
        fld     qword [c0_5]
        f2xm1
        fstp    tword [res]
        SHOW    'f2xm1', 10

        finit
        fld1
        fild    word [i10]
        fyl2x
        fstp    tword [res]
        SHOW    'fyl2x', 10

        finit
        fldl2t
        fstp    tword [res]
        fldl2e
        fstp    tword [res+10]
        fldlg2
        fstp    tword [res+20]
        fldln2
        fstp    tword [res+30]
        fldpi
        fstp    tword [res+40]
        SHOW    'consts', 50

        finit
        fild    word [im1234]
        fstp    qword [res]
        fild    dword [i123456789]
        fmul    st0, st0
        fstp    tword [res+8]
        fild    qword [i64]
        fstp    tword [res+18]
        SHOW    'fild', 28

        ; FISTP under the four rounding modes, of 2.5, -2.5 and 3.5
        finit
        xor     bx, bx
.rc:    mov     ax, bx
        shl     ax, 10
        or      ax, 037Fh
        mov     [cw], ax
        fldcw   [cw]
        imul    di, bx, 6
        fld     qword [c2_5]
        fistp   word [res+di]
        fld     qword [cm2_5]
        fistp   word [res+di+2]
        fld     qword [c3_5]
        fistp   word [res+di+4]
        inc     bx
        cmp     bx, 4
        jb      .rc
        SHOW    'fist_rc', 24

        finit
        fld     qword [cbig]
        fistp   dword [res]
        fild    qword [i64]
        fchs
        fistp   qword [res+4]
        SHOW    'fist32_64', 12

        finit
        fbld    [bcd1]
        fld     st0
        fstp    tword [res+20]
        fbstp   [res]
        fild    dword [i123456789]
        fbstp   [res+10]
        SHOW    'bcd', 30

        finit
        fld1
        fidiv   word [i3]
        fst     dword [res]
        fst     qword [res+4]
        fstp    tword [res+12]
        fld     dword [res]
        fstp    tword [res+22]
        SHOW    'formats', 32

        ; FCOM/FUCOM/FTST with FSTSW AX: less, greater, equal, zero, unordered
        finit
        fld1
        fld     qword [c2]
        fcom    st1
        fstsw   ax
        mov     [res], ax
        fxch
        fcom    st1
        fstsw   ax
        mov     [res+2], ax
        fcom    st0
        fstsw   ax
        mov     [res+4], ax
        fldz
        ftst
        fstsw   ax
        mov     [res+6], ax
        fld     qword [cm1]
        fsqrt                           ; NaN (invalid, masked)
        fucom   st1
        fstsw   ax
        mov     [res+8], ax
        fcompp
        fstsw   ax
        mov     [res+10], ax
        SHOW    'compare', 12

        ; FXAM of +1, -0, infinity, NaN, a denormal and an empty register
        finit
        fld1
        fxam
        fstsw   ax
        mov     [res], ax
        fldz
        fchs
        fxam
        fstsw   ax
        mov     [res+2], ax
        fld1
        fdiv    qword [czero]
        fxam
        fstsw   ax
        mov     [res+4], ax
        fld     qword [cm1]
        fsqrt
        fxam
        fstsw   ax
        mov     [res+6], ax
        fld     qword [cdenorm]
        fxam
        fstsw   ax
        mov     [res+8], ax
        finit
        fxam
        fstsw   ax
        mov     [res+10], ax
        SHOW    'fxam', 12

        ; 1/3 under the four rounding modes, and with 24-bit precision control
        finit
        xor     bx, bx
.rc2:   mov     ax, bx
        shl     ax, 10
        or      ax, 037Fh
        mov     [cw], ax
        fldcw   [cw]
        imul    di, bx, 10
        fld1
        fidiv   word [i3]
        fstp    tword [res+di]
        inc     bx
        cmp     bx, 4
        jb      .rc2
        mov     word [cw], 007Fh
        fldcw   [cw]
        fld1
        fidiv   word [i3]
        fstp    tword [res+40]
        fnstcw  [res+50]
        SHOW    'rounding', 52

        finit
        fld     qword [c1_5]
        fldpi
        fprem
        fstsw   ax
        mov     [res], ax
        fstp    tword [res+2]
        fstp    st0
        SHOW    'fprem', 12

        finit
        fld     qword [c2_5]
        frndint
        fstp    tword [res]
        fild    word [i3]
        fld     qword [c1_5]
        fscale
        fstp    tword [res+10]
        fstp    st0
        fild    word [i10]
        fxtract
        fstp    tword [res+20]
        fstp    tword [res+30]
        SHOW    'rndint_scale_xtract', 40

        ; masked exceptions leave their flags: zero divide, invalid, precision
        finit
        fld1
        fdiv    qword [czero]
        fstsw   ax
        mov     [res], ax
        fstp    tword [res+2]
        fld     qword [cm1]
        fsqrt
        fstsw   ax
        mov     [res+12], ax
        fstp    tword [res+14]
        fnclex
        fld1
        fidiv   word [i3]
        fstsw   ax
        mov     [res+24], ax
        fstp    st0
        SHOW    'exceptions', 26

        ; C1 after instructions that leave it 0 (it is 1 after the inexact, rounded-up divide)
        finit
        fld1
        fld1
        fidiv   word [i3]
        fst st1
        fnstsw  [res+0]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fstp st1
        fnstsw  [res+2]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fxch
        fnstsw  [res+4]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fld qword [c1_5]
        fnstsw  [res+6]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fld st1
        fnstsw  [res+8]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fchs
        fnstsw  [res+10]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fabs
        fnstsw  [res+12]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fstp tword [tmp80]
        fnstsw  [res+14]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fild word [i3]
        fnstsw  [res+16]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fincstp
        fnstsw  [res+18]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fdecstp
        fnstsw  [res+20]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fldz
        fnstsw  [res+22]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fxam
        fnstsw  [res+24]
        finit
        fld1
        fld1
        fidiv   word [i3]
        ftst
        fnstsw  [res+26]
        finit
        fld1
        fld1
        fidiv   word [i3]
        fcom st1
        fnstsw  [res+28]
        SHOW    'c1', 30

        ; x87 instructions with other instructions between them: under KVM's emulator
        ; FNINIT, FNSTCW and FNSTSW may run in KVM on its copy of the x87 state and the
        ; rest in the interpreter, which must see one FPU
        finit
        mov     word [cw], 0B7Fh        ; round up
        fldcw   [cw]
        nop
        fnstcw  [res]
        nop
        fld1
        nop
        fnstsw  [res+2]
        nop
        fninit
        nop
        fnstcw  [res+4]
        nop
        fnstsw  [res+6]
        nop
        fld1
        nop
        fidiv   word [i3]
        nop
        fstp    tword [res+8]
        nop
        fnstsw  [res+18]
        SHOW    'mixed', 20

        finit
        fldpi
        fild    qword [i1e15]
        fmulp   st1, st0
        fbstp   [res]
        DECIMAL 'pi_e15'

        finit
        fld     qword [c2]
        fsqrt
        fild    qword [i1e15]
        fmulp   st1, st0
        fchs
        fbstp   [res]
        DECIMAL 'minus_sqrt2_e15'

        mov     ax, 4C00h
        int     21h

; si = name: prints it and a blank
print_name:
        mov     dl, [si]
        test    dl, dl
        jz      .blank
        mov     ah, 02h
        int     21h
        inc     si
        jmp     print_name
.blank: mov     dl, ' '
        mov     ah, 02h
        int     21h
        ret

crlf:   mov     dl, 13
        mov     ah, 02h
        int     21h
        mov     dl, 10
        int     21h
        ret

; al: prints its low nibble as a hex digit
nibble: and     al, 0Fh
        add     al, '0'
        cmp     al, '9'
        jbe     .p
        add     al, 7
.p:     mov     dl, al
        mov     ah, 02h
        int     21h
        ret

show:   call    print_name
        mov     bx, res
        add     bx, cx
.byte:  dec     bx
        mov     al, [bx]
        shr     al, 4
        call    nibble
        mov     al, [bx]
        call    nibble
        loop    .byte
        jmp     crlf

decimal:
        call    print_name
        test    byte [res+9], 80h
        jz      .digits
        mov     dl, '-'
        mov     ah, 02h
        int     21h
.digits:
        mov     bx, res+9
        mov     cx, 9
        xor     bp, bp                  ; a digit other than 0 was printed
.pair:  dec     bx
        mov     al, [bx]
        shr     al, 4
        call    digit
        mov     al, [bx]
        call    digit
        loop    .pair
        test    bp, bp
        jnz     .end
        mov     al, 0
        inc     bp
        call    digit
.end:   jmp     crlf

; al: a BCD digit, printed unless it is a leading zero
digit:  and     al, 0Fh
        jnz     .print
        test    bp, bp
        jz      .ret
.print: inc     bp
        add     al, '0'
        mov     dl, al
        mov     ah, 02h
        int     21h
.ret:   ret

        align   8
c1_5    dq      1.5
c2_25   dq      2.25
c2      dq      2.0
c0_5    dq      0.5
c2_5    dq      2.5
cm2_5   dq      -2.5
c3_5    dq      3.5
cbig    dq      123456.75
czero   dq      0.0
cm1     dq      -1.0
cdenorm dq      0x0000000000000001      ; the smallest double denormal
i64     dq      0x123456789ABCDEF0
i1e15   dq      1000000000000000
i123456789 dd   123456789
i3      dw      3
i10     dw      10
im1234  dw      -1234
bcd1    db      90h, 78h, 56h, 34h, 12h, 0, 0, 0, 0, 80h ; -1234567890
cw      dw      0
tmp80   dt      0.0
res     times 64 db 0
