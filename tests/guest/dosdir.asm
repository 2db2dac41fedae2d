; Lists a directory with find first/next (int 21h 4Eh/4Fh): one line per entry,
; "NAME.EXT AA SSSSSSSS" (attributes and size in hex). The pattern is the first word
; of the command tail (default *.*), the search attributes 16h (directories, hidden,
; system) unless a second word gives them in hex.
%include "doslib.inc"
        org     100h

start:  mov     si, 81h
        mov     di, pattern
        call    skip_blanks
        cmp     byte [si], 13
        je      .default
.copy:  lodsb
        cmp     al, ' '
        je      .copied
        cmp     al, 13
        je      .copied0
        stosb
        jmp     .copy
.copied0:
        dec     si
.copied:
        xor     al, al
        stosb
        call    skip_blanks
        cmp     byte [si], 13
        je      .search
        xor     cx, cx
.hex:   lodsb
        cmp     al, '0'
        jb      .hexdone
        sub     al, '0'
        cmp     al, 9
        jbe     .digit
        and     al, 0DFh
        sub     al, 'A' - '0' - 10
.digit: shl     cx, 4
        or      cl, al
        jmp     .hex
.hexdone:
        mov     [attr], cx
        jmp     .search
.default:
        mov     si, star
        mov     cx, 4
        rep     movsb
.search:
        mov     ah, 1Ah
        mov     dx, dta
        int     21h
        mov     ah, 4Eh
        mov     cx, [attr]
        mov     dx, pattern
        int     21h
        jc      .end
.entry: mov     si, dta + 1Eh
        PRINTZ
        mov     dl, ' '
        mov     ah, 02h
        int     21h
        mov     al, [dta + 15h]
        call    lib_hex8
        mov     dl, ' '
        mov     ah, 02h
        int     21h
        mov     ax, [dta + 1Ch]
        PRINT_HEX16
        mov     ax, [dta + 1Ah]
        PRINT_HEX16
        call    lib_crlf
        mov     ah, 4Fh
        int     21h
        jnc     .entry
.end:   PRINT   'END '
        PRINT_HEX16
        call    lib_crlf
        mov     ax, 4C00h
        int     21h

skip_blanks:
        cmp     byte [si], ' '
        jne     .done
        inc     si
        jmp     skip_blanks
.done:  ret

        DOSLIB_ROUTINES
        ; FINISH's failure counter, which the helpers refer to
lib_failures: dw 0

star:   db      '*.*', 0
attr:   dw      16h
pattern: times 80 db 0
dta:    times 128 db 0
