; Reads its parent's environment the way ENV-style tools do: the parent's PSP from
; PSP:16h, the parent's environment from its PSP:2Ch, and the name in the MCB before
; that PSP. Prints "parent=NAME" and then each NAME=VALUE string.
%include "lib.inc"
        org     100h
        mov     ax, [16h]
        dec     ax
        mov     es, ax                  ; the parent's MCB
        PRINT   'parent='
        mov     si, 8
.name:  mov     dl, [es:si]
        test    dl, dl
        jz      .named
        mov     ah, 02h
        int     21h
        inc     si
        cmp     si, 16
        jb      .name
.named: PRINT   13, 10
        mov     es, [16h]
        mov     es, [es:2Ch]
        xor     si, si
.str:   cmp     byte [es:si], 0
        je      .done
.char:  mov     dl, [es:si]
        inc     si
        test    dl, dl
        jz      .eol
        mov     ah, 02h
        int     21h
        jmp     .char
.eol:   PRINT   13, 10
        jmp     .str
.done:  mov     ax, 4C00h
        int     21h
        LIB_ROUTINES
