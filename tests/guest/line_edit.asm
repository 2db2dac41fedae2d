; A line editor on int 16h, as interactive programs have: printable keys insert (or
; overwrite after Ins), Left, Right, Home, End, Backspace, Del, Ctrl+Left and
; Ctrl+Right by word, Esc clears, Enter ends. The line is kept on screen row 5 and
; printed as [text] at the end.
%include "lib.inc"
        org     100h
MAXLEN  equ     60

.key:   call    redraw
        mov     ah, 10h
        int     16h
        cmp     al, 0Dh
        je      .enter
        cmp     al, 1Bh
        je      .esc
        cmp     al, 08h
        je      .bksp
        cmp     al, 0E0h
        je      .ext
        test    al, al
        jz      .ext
        cmp     al, ' '
        jb      .key
        ; insert or overwrite at the cursor
        mov     bx, [pos]
        cmp     byte [insert], 0
        je      .over
        cmp     word [len], MAXLEN
        jae     .key
        mov     cx, [len]
        sub     cx, bx
        mov     si, line
        add     si, [len]
        mov     di, si
        dec     si
        std
        rep movsb
        cld
        mov     [line+bx], al
        inc     word [len]
        inc     word [pos]
        jmp     .key
.over:  mov     [line+bx], al
        inc     word [pos]
        cmp     bx, [len]
        jb      .key
        inc     word [len]
        jmp     .key
.bksp:  cmp     word [pos], 0
        je      .key
        dec     word [pos]
        call    delete
        jmp     .key
.esc:   mov     word [len], 0
        mov     word [pos], 0
        jmp     .key
.ext:   cmp     ah, 4Bh                 ; Left
        jne     .e1
        cmp     word [pos], 0
        je      .key
        dec     word [pos]
        jmp     .key
.e1:    cmp     ah, 4Dh                 ; Right
        jne     .e2
        mov     ax, [pos]
        cmp     ax, [len]
        jae     .key
        inc     word [pos]
        jmp     .key
.e2:    cmp     ah, 47h                 ; Home
        jne     .e3
        mov     word [pos], 0
        jmp     .key
.e3:    cmp     ah, 4Fh                 ; End
        jne     .e4
        mov     ax, [len]
        mov     [pos], ax
        jmp     .key
.e4:    cmp     ah, 53h                 ; Del
        jne     .e5
        mov     ax, [pos]
        cmp     ax, [len]
        jae     .key
        call    delete
        jmp     .key
.e5:    cmp     ah, 52h                 ; Ins
        jne     .e6
        xor     byte [insert], 1
        jmp     .key
.e6:    cmp     ah, 73h                 ; Ctrl+Left: to the start of the word
        jne     .e7
.cl1:   cmp     word [pos], 0
        je      .key
        dec     word [pos]
        mov     bx, [pos]
        cmp     byte [line+bx], ' '
        je      .cl1
.cl2:   cmp     word [pos], 0
        je      .key
        mov     bx, [pos]
        cmp     byte [line+bx-1], ' '
        je      .key
        dec     word [pos]
        jmp     .cl2
.e7:    cmp     ah, 74h                 ; Ctrl+Right: past the word and blanks
        jne     .key
.cr1:   mov     bx, [pos]
        cmp     bx, [len]
        jae     .key
        cmp     byte [line+bx], ' '
        je      .cr2
        inc     word [pos]
        jmp     .cr1
.cr2:   mov     bx, [pos]
        cmp     bx, [len]
        jae     .key
        cmp     byte [line+bx], ' '
        jne     .key
        inc     word [pos]
        jmp     .cr2
.enter: PRINT   '['
        mov     bx, [len]
        mov     byte [line+bx], '$'
        mov     dx, line
        mov     ah, 09h
        int     21h
        PRINT   ']', 13, 10
        mov     ax, 4C00h
        int     21h

; Removes the character at pos.
delete: mov     di, line
        add     di, [pos]
        mov     si, di
        inc     si
        mov     cx, [len]
        sub     cx, [pos]
        dec     cx
        cld
        rep movsb
        dec     word [len]
        ret

; Row 5: the line, blanks after it, the cursor at pos.
redraw: mov     ah, 02h
        xor     bh, bh
        mov     dx, 0500h
        int     10h
        mov     si, line
        mov     cx, MAXLEN + 1
        xor     bx, bx
.ch:    mov     al, ' '
        cmp     bx, [len]
        jae     .put
        mov     al, [si+bx]
.put:   push    bx
        push    cx
        mov     ah, 0Ah
        xor     bh, bh
        mov     cx, 1
        int     10h
        mov     ah, 03h
        int     10h
        inc     dl
        mov     ah, 02h
        int     10h
        pop     cx
        pop     bx
        inc     bx
        loop    .ch
        mov     ah, 02h
        xor     bh, bh
        mov     dh, 5
        mov     dl, [pos]
        int     10h
        ret

insert: db      1
len:    dw      0
pos:    dw      0
line:   times MAXLEN + 2 db 0
        LIB_ROUTINES
