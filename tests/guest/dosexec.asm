; EXEC and processes, the parent's side: 4B00h runs DOSCHILD.COM (which runs
; DOSGRAND.COM) with stdout redirected to a file and a private handle, and gets its
; registers, stack and return code back; 4B01h loads DOSGRAND.COM and starts it as a
; debugger would; 4B03h loads overlays (raw and relocated .EXE); a TSR child keeps
; its memory; a ^C child ends with type 1; 26h, 55h, 50h, 51h, 62h; int 23h/24h are
; ours again after every child (int 22h, as in DOS, points after our EXEC call); the
; MCB chain is as it was.
%include "doslib.inc"
        org     100h

%macro EXEC0 2                          ; EXEC0 program, tail
        mov     word [pb + 2], %2
        mov     ax, 4B00h
        mov     dx, %1
        mov     bx, pb
        push    cs
        pop     es
        int     21h
%endmacro

start:
        mov     sp, stack_top
        mov     bx, (prog_end - $$ + 100h + 15) / 16
        mov     ah, 4Ah
        int     21h
        EXPECT_OK 'shrink to the program'
        mov     [pb + 4], cs
        mov     [pb + 8], cs
        mov     [pb + 12], cs
        PRINT   'me='
        mov     ax, cs
        PRINT_HEX16
        call    lib_crlf
        call    chain_sig
        mov     [sig0], ax
        call    save_vectors

; --- 4B00h with redirected stdout, a private handle, FCBs and a tail -------------
        mov     ah, 3Ch
        xor     cx, cx
        mov     dx, f_out
        int     21h
        EXPECT_OK 'create OUT.TXT'
        mov     [hout], ax
        mov     ah, 45h
        mov     bx, 1
        int     21h
        mov     [hsave], ax             ; our stdout, for later
        mov     ah, 46h
        mov     bx, [hout]
        mov     cx, 1
        int     21h
        EXPECT_OK 'stdout to OUT.TXT'
        mov     ax, 3D82h               ; read/write, not inherited
        mov     dx, f_priv
        int     21h
        EXPECT_OK 'open PRIV.TXT private'
        mov     [hpriv], ax
        add     al, '0'
        mov     [tail_child + 2], al    ; the child tries this handle
        mov     ax, 2901h               ; FCB 1 from "C:FOO.TXT"
        mov     si, t_fcbname
        mov     di, fcb1
        push    cs
        pop     es
        int     21h
        mov     si, 1111h
        mov     di, 2222h
        mov     bp, 3333h
        mov     [saved_sp], sp
        EXEC0   f_child, tail_child
        EXPECT_OK 'EXEC DOSCHILD.COM'
        EXPECT  si, 1111h, 'SI kept over EXEC'
        EXPECT  di, 2222h, 'DI kept over EXEC'
        EXPECT  bp, 3333h, 'BP kept over EXEC'
        EXPECT  sp, [saved_sp], 'SP kept over EXEC'
        mov     ax, ss
        mov     bx, cs
        EXPECT  ax, bx, 'SS kept over EXEC'
        mov     ax, ds
        EXPECT  ax, bx, 'DS kept over EXEC'
        mov     ax, es
        EXPECT  ax, bx, 'ES kept over EXEC'
        mov     ah, 62h
        int     21h
        mov     ax, cs
        EXPECT  bx, ax, 'we are the current process again'
        mov     ah, 46h                 ; stdout back
        mov     bx, [hsave]
        mov     cx, 1
        int     21h
        mov     bx, [hsave]
        mov     ah, 3Eh
        int     21h
        mov     bx, [hout]
        mov     ah, 3Eh
        int     21h
        mov     bx, [hpriv]
        mov     ah, 3Eh
        int     21h
        EXPECT_OK 'the private handle is still ours'
        mov     ah, 4Dh
        int     21h
        EXPECT  ax, 0008h, 'return code: the grandchild 7, plus one by the child'
        mov     ah, 4Dh
        int     21h
        EXPECT  ax, 0, 'the return code is given once'
        call    check_vectors
        call    chain_sig
        EXPECT  ax, [sig0], 'the MCB chain after child and grandchild'

; --- 4B01h: load, then start it ourselves ------------------------------------------
        mov     word [pb + 2], tail_nine
        mov     ax, 4B01h
        mov     dx, f_grand
        mov     bx, pb
        push    cs
        pop     es
        int     21h
after_load:
        pushf
        cmp     byte [cs:stage], 1      ; back here a second time: the child ended
        je      .loaded_done
        popf
        EXPECT_OK 'EXEC 4B01h DOSGRAND.COM'
        mov     ah, 62h
        int     21h
        mov     [child], bx
        mov     ax, cs
        cmp     bx, ax
        jne     .other
        PRINT   'FAIL: 4B01h makes the child the current process', 13, 10
        inc     word [lib_failures]
.other: mov     ah, 2Fh                 ; the DTA: the child's PSP:0080, as MS-DOS 4.0 sets it
        int     21h
        EXPECT  bx, 80h, 'after 4B01h the DTA is at PSP:0080'
        mov     ax, es
        push    cs
        pop     es
        EXPECT  ax, [child], "after 4B01h the DTA is in the child's PSP"
        mov     ax, [pb + 12h + 2]      ; CS:IP = child PSP:0100
        EXPECT  ax, [child], 'entry CS is the PSP of a .COM'
        EXPECT  word [pb + 12h], 100h, 'entry IP 0100h'
        mov     es, [pb + 0Eh + 2]
        mov     bx, [pb + 0Eh]
        mov     ax, [es:bx]
        push    cs
        pop     es
        EXPECT  ax, 0, 'the child stack holds its AX (FCB drives valid)'
        mov     byte [stage], 1
        cli
        mov     ss, [pb + 0Eh + 2]
        mov     sp, [pb + 0Eh]
        sti
        pop     ax
        mov     bx, [cs:child]
        mov     ds, bx
        mov     es, bx
        jmp     far [cs:pb + 12h]
.loaded_done:
        popf
        mov     ah, 4Dh
        int     21h
        EXPECT  ax, 0009h, 'the loaded child ran and returned 9'
        mov     ah, 62h
        int     21h
        mov     ax, cs
        EXPECT  bx, ax, 'back to us'
        call    chain_sig
        EXPECT  ax, [sig0], 'the MCB chain after the loaded child'

; --- 4B03h: overlays ----------------------------------------------------------------
        mov     ah, 48h
        mov     bx, 100h
        int     21h
        EXPECT_OK 'memory for the overlays'
        mov     [ovl], ax
        mov     [ovl_pb], ax
        mov     [ovl_pb + 2], ax
        mov     ax, 4B03h
        mov     dx, f_ovl
        mov     bx, ovl_pb
        push    cs
        pop     es
        int     21h
        EXPECT_OK 'load a raw overlay'
        mov     ax, [ovl]
        mov     [ovl_call + 2], ax
        call    far [ovl_call]
        EXPECT  ax, 1234h, 'the raw overlay ran'
        mov     ax, 4B03h
        mov     dx, f_ovlx
        mov     bx, ovl_pb
        int     21h
        EXPECT_OK 'load an .EXE overlay'
        call    far [ovl_call]
        mov     bx, [ovl]
        add     bx, 1                   ; SEG(data) of DOSOVLX.EXE is 1
        EXPECT  ax, bx, 'the .EXE overlay was relocated'
        mov     es, [ovl]
        mov     ah, 49h
        int     21h
        push    cs
        pop     es
        mov     ax, 4B02h
        int     21h
        EXPECT_ERR 1, 'EXEC 4B02h'
        EXEC0   f_none, tail_nine
        EXPECT_ERR 2, 'EXEC a missing program'

; --- a TSR ------------------------------------------------------------------------------
        EXEC0   f_tsr, tail_nine
        EXPECT_OK 'EXEC DOSTSR.COM'
        mov     ah, 4Dh
        int     21h
        EXPECT  ax, 0305h, 'terminate and stay resident, code 5'
        call    check_vectors
        call    free_tsr
        EXPECT  ax, 2, "the TSR's program and environment blocks were kept"
        call    chain_sig
        EXPECT  ax, [sig0], 'the MCB chain once the TSR is freed'

; --- ^C in a child -----------------------------------------------------------------------
        EXEC0   f_brk, tail_nine
        EXPECT_OK 'EXEC DOSBRK.COM'
        mov     ah, 4Dh
        int     21h
        EXPECT  ax, 0100h, 'ended by ^C (type 1)'
        call    check_vectors
        call    chain_sig
        EXPECT  ax, [sig0], 'the MCB chain after the ^C child'

; --- the old ways to end: int 21h 00h and int 20h ---------------------------------
        EXEC0   f_quit, tail_nine
        EXPECT_OK 'EXEC DOSQUIT.COM (00h)'
        mov     ah, 4Dh
        int     21h
        EXPECT  ax, 0, 'ended with 00h: code 0, type 0'
        EXEC0   f_quit, tail_int20
        EXPECT_OK 'EXEC DOSQUIT.COM (int 20h)'
        mov     ah, 4Dh
        int     21h
        EXPECT  ax, 0, 'ended with int 20h'
        call    chain_sig
        EXPECT  ax, [sig0], 'the MCB chain after 00h and int 20h'

; --- 26h, 55h, 50h, 51h -------------------------------------------------------------------
        mov     ah, 48h
        mov     bx, 10h
        int     21h
        mov     [newpsp], ax
        mov     dx, ax
        mov     ah, 26h
        int     21h
        mov     es, [newpsp]
        EXPECT  word [es:0], 20CDh, '26h: INT 20h at the new PSP'
        mov     ax, [2]
        EXPECT  [es:2], ax, '26h: memory top copied'
        mov     ax, [16h]
        EXPECT  [es:16h], ax, '26h: parent copied'
        push    cs
        pop     es
        mov     ah, 51h
        int     21h
        mov     ax, cs
        EXPECT  bx, ax, '26h leaves the current process alone'
        mov     ah, 48h
        mov     bx, 10h
        int     21h
        mov     [newpsp2], ax
        mov     dx, ax
        mov     si, ax
        add     si, 10h
        mov     ah, 55h
        int     21h
        mov     ah, 51h
        int     21h
        EXPECT  bx, [newpsp2], '55h makes the new PSP current'
        mov     es, [newpsp2]
        mov     ax, cs
        EXPECT  [es:16h], ax, '55h: we are its parent'
        mov     al, [18h]
        EXPECT  [es:18h], al, '55h: stdin inherited'
        push    cs
        pop     es
        mov     bx, 0                   ; drop what it inherited
.closeh:
        push    bx
        mov     ah, 3Eh
        int     21h
        pop     bx
        inc     bx
        cmp     bx, 5
        jb      .closeh
        mov     ah, 50h
        mov     bx, cs
        int     21h
        mov     ah, 62h
        int     21h
        mov     ax, cs
        EXPECT  bx, ax, '50h back to us'
        mov     es, [newpsp]
        mov     ah, 49h
        int     21h
        mov     es, [newpsp2]
        mov     ah, 49h
        int     21h
        push    cs
        pop     es
        call    chain_sig
        EXPECT  ax, [sig0], 'the MCB chain at the end'
        FINISH

; A signature of the MCB chain (after a scan joins free neighbours): the sum of every
; block's segment, owner and size.
chain_sig:
        push    bx
        push    cx
        push    es
        mov     ah, 48h
        mov     bx, 0FFFFh
        int     21h
        mov     ah, 52h
        int     21h
        mov     ax, [es:bx - 2]
        xor     cx, cx
.next:  mov     es, ax
        add     cx, ax
        rol     cx, 3
        add     cx, [es:1]
        rol     cx, 3
        add     cx, [es:3]
        cmp     byte [es:0], 'Z'
        je      .done
        add     ax, [es:3]
        inc     ax
        jmp     .next
.done:  mov     ax, cx
        pop     es
        pop     cx
        pop     bx
        ret

; Frees the blocks a TSR child kept (owned by a PSP that is neither ours nor our
; parent's); AX = how many.
free_tsr:
        push    bx
        push    cx
        push    es
        mov     ah, 52h
        int     21h
        mov     ax, [es:bx - 2]
        xor     cx, cx
.next:  mov     es, ax
        mov     bx, [es:1]
        test    bx, bx
        jz      .skip
        cmp     bx, 8
        je      .skip
        push    ax
        mov     ax, cs
        cmp     bx, ax
        pop     ax
        je      .skip
        cmp     bx, [cs:16h]
        je      .skip
        push    ax
        push    es
        inc     ax
        mov     es, ax
        mov     ah, 49h
        int     21h
        pop     es
        pop     ax
        inc     cx
.skip:  cmp     byte [es:0], 'Z'
        je      .done
        add     ax, [es:3]
        inc     ax
        jmp     .next
.done:  mov     ax, cx
        pop     es
        pop     cx
        pop     bx
        ret

save_vectors:
        push    ds
        xor     ax, ax
        mov     ds, ax
        mov     si, 23h * 4
        mov     di, vectors
        push    cs
        pop     es
        mov     cx, 4
        rep     movsw
        pop     ds
        ret

check_vectors:
        push    ds
        xor     ax, ax
        mov     ds, ax
        mov     si, 23h * 4
        mov     di, vectors
        push    cs
        pop     es
        mov     cx, 4
        repe    cmpsw
        pop     ds
        je      .ok
        PRINT   'FAIL: int 23h/24h not restored', 13, 10
        inc     word [lib_failures]
.ok:    ret

        DOSLIB_ROUTINES

f_out:          db      'OUT.TXT', 0
f_priv:         db      'PRIV.TXT', 0
f_child:        db      'DOSCHILD.COM', 0
f_grand:        db      'DOSGRAND.COM', 0
f_ovl:          db      'DOSOVL.COM', 0
f_ovlx:         db      'DOSOVLX.EXE', 0
f_tsr:          db      'DOSTSR.COM', 0
f_brk:          db      'DOSBRK.COM', 0
f_none:         db      'NONE.COM', 0
f_quit:         db      'DOSQUIT.COM', 0
t_fcbname:      db      'C:FOO.TXT', 0
tail_child:     db      8, ' 6 HELLO', 13
tail_nine:      db      2, ' 9', 13
tail_int20:     db      2, ' I', 13
stage:          db      0
pb:             dw      0, 0, 0, fcb1, 0, fcb2, 0, 0, 0, 0, 0
ovl_pb:         dw      0, 0
ovl_call:       dw      0, 0
fcb1:           db      0, '           ', 0, 0, 0, 0
fcb2:           db      0, '           ', 0, 0, 0, 0
hout:           dw      0
hsave:          dw      0
hpriv:          dw      0
saved_sp:       dw      0
sig0:           dw      0
child:          dw      0
ovl:            dw      0
newpsp:         dw      0
newpsp2:        dw      0
vectors:        times 6 dw 0
                align   2
                times   512 db 0
stack_top:
prog_end:
