; Find first/next (int 21h 4Eh/4Fh): wildcards, attributes, directories with their
; "." and "..", the volume label, devices, several DTAs at once, a copied DTA, files
; deleted during a search. Each query prints one line, "Qn NAME/AA NAME/AA ... !EE"
; (attributes and the final error in hex); test_dos_find.py checks the lines.
%include "doslib.inc"
        org     100h

%macro QUERY 3                          ; QUERY 'label', pattern, attributes
        PRINT   %1
        mov     dx, %2
        mov     cx, %3
        call    query
%endmacro

start:
        mov     ah, 1Ah
        mov     dx, dta1
        int     21h
        QUERY   'Q1', p_txt, 0
        QUERY   'Q2', p_all, 0
        QUERY   'Q3', p_all, 10h
        QUERY   'Q4', p_all, 16h
        QUERY   'Q5', p_noext, 0
        QUERY   'Q6', p_one_txt, 0
        QUERY   'Q7', p_sub_all, 10h
        QUERY   'Q8', p_all, 08h
        QUERY   'Q9', p_sub, 10h
        QUERY   'Q10', p_sub, 0
        QUERY   'Q11', p_nope, 0
        QUERY   'Q12', p_nodir, 0
        QUERY   'Q13', p_nul, 0
        QUERY   'Q14', p_root, 10h
        QUERY   'Q15', p_subsub_dots, 10h

; Two searches at once, in two DTAs.
        PRINT   'I'
        mov     dx, dta1
        mov     ah, 1Ah
        int     21h
        mov     ah, 4Eh
        xor     cx, cx
        mov     dx, p_txt
        int     21h
        call    show1
        mov     dx, dta2
        mov     ah, 1Ah
        int     21h
        mov     ah, 4Eh
        xor     cx, cx
        mov     dx, p_sub_txt
        int     21h
        call    show2
        mov     cx, 3
.inter: push    cx
        mov     dx, dta1
        mov     ah, 1Ah
        int     21h
        mov     ah, 4Fh
        int     21h
        call    show1
        mov     dx, dta2
        mov     ah, 1Ah
        int     21h
        mov     ah, 4Fh
        int     21h
        call    show2
        pop     cx
        loop    .inter
        call    lib_crlf

; A copy of a DTA goes on by itself.
        PRINT   'C'
        mov     dx, dta1
        mov     ah, 1Ah
        int     21h
        mov     ah, 4Eh
        xor     cx, cx
        mov     dx, p_txt
        int     21h
        call    show1
        mov     si, dta1
        mov     di, dta3
        mov     cx, 43
        rep     movsb
        mov     dx, dta3
        mov     ah, 1Ah
        int     21h
        mov     ah, 4Fh
        int     21h
        mov     si, dta3
        call    show
        mov     dx, dta1
        mov     ah, 1Ah
        int     21h
        mov     ah, 4Fh
        int     21h
        call    show1
        call    lib_crlf

; Deleting files while searching: each is found once, deleted ones are skipped.
        PRINT   'D'
        mov     ah, 4Eh
        xor     cx, cx
        mov     dx, p_del
        int     21h
        call    show1
        mov     ah, 41h
        mov     dx, dta1 + 1Eh
        int     21h                     ; delete what was found (1.DEL)
        mov     ah, 41h
        mov     dx, f_3del
        int     21h                     ; and one not found yet
        mov     ah, 4Fh
        int     21h
        call    show1
        mov     ah, 4Fh
        int     21h
        call    show1
        call    lib_crlf

; A DTA that holds no search.
        PRINT   'Z'
        mov     di, dta3
        mov     cx, 43
        xor     al, al
        rep     stosb
        mov     dx, dta3
        mov     ah, 1Ah
        int     21h
        mov     ah, 4Fh
        int     21h
        mov     si, dta3
        call    show
        call    lib_crlf

; The size, date and time of A.TXT.
        mov     dx, dta1
        mov     ah, 1Ah
        int     21h
        mov     ah, 4Eh
        xor     cx, cx
        mov     dx, f_a
        int     21h
        PRINT   'S '
        mov     ax, [dta1 + 1Ch]
        PRINT_HEX16
        mov     ax, [dta1 + 1Ah]
        PRINT_HEX16
        PRINT   ' '
        mov     ax, [dta1 + 18h]
        PRINT_HEX16
        PRINT   ' '
        mov     ax, [dta1 + 16h]
        PRINT_HEX16
        call    lib_crlf
        mov     ax, 4C00h
        int     21h

; One query: 4Eh with DX, CX in DTA1, then 4Fh to the end.
query:
        push    dx
        mov     dx, dta1
        mov     ah, 1Ah
        int     21h
        pop     dx
        mov     ah, 4Eh
        int     21h
.loop:  call    show1
        jc      .done
        mov     ah, 4Fh
        int     21h
        jmp     .loop
.done:  call    lib_crlf
        ret

show1:  mov     si, dta1
        jmp     show
show2:  mov     si, dta2
; Prints " NAME/AA" from the DTA at SI, or " !EE" with the error in AX if CF.
show:   pushf
        push    ax
        push    dx
        jc      .err
        mov     dl, ' '
        mov     ah, 02h
        int     21h
        push    si
        add     si, 1Eh
        PRINTZ
        pop     si
        mov     dl, '/'
        mov     ah, 02h
        int     21h
        mov     al, [si + 15h]
        call    lib_hex8
        jmp     .out
.err:   PRINT   ' !'
        call    lib_hex8
.out:   pop     dx
        pop     ax
        popf
        ret

        DOSLIB_ROUTINES
lib_failures: dw 0

p_txt:          db      '*.TXT', 0
p_all:          db      '*.*', 0
p_noext:        db      '*.', 0
p_one_txt:      db      '?.TXT', 0
p_sub_all:      db      'SUB\*.*', 0
p_sub_txt:      db      'SUB\*.TXT', 0
p_sub:          db      'SUB', 0
p_nope:         db      'NOPE.*', 0
p_nodir:        db      'NODIR\*.*', 0
p_nul:          db      'NUL', 0
p_root:         db      'C:\', 0
p_subsub_dots:  db      'SUB\SUBSUB\*.*', 0
p_del:          db      '*.DEL', 0
f_3del:         db      '3.DEL', 0
f_a:            db      'A.TXT', 0
dta1:           times 64 db 0
dta2:           times 64 db 0
dta3:           times 64 db 0
