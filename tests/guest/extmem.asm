; Extended memory as the BIOS reports it: CMOS 17h/18h and 30h/31h, int 15h 88h,
; E801h and every E820h entry, printed for the test script to check against --memory;
; then int 15h 87h block moves: out to 1.5 MiB and back, an odd place near the top of
; memory, and past the end of RAM, which reads FFh and keeps nothing.
%include "doslib.inc"
        cpu     386
        org     100h

; SAY_CMOS reg: prints "CMOSxx=" and the word in registers reg, reg+1.
%macro SAY_CMOS 1
        mov     al, %1 + 1
        out     70h, al
        in      al, 71h
        mov     ah, al
        mov     al, %1
        out     70h, al
        in      al, 71h
        PRINT   'CMOS', %str(%1), '='
        call    lib_print_hex16
        call    lib_crlf
%endmacro


        SAY_CMOS 17h
        SAY_CMOS 30h
        SAY_CMOS 34h
        mov     ah, 88h
        int     15h
        EXPECT_CF 0, 'int 15h 88h'
        PRINT   'I88='
        call    lib_print_hex16
        call    lib_crlf

        mov     ax, 0E801h
        int     15h
        EXPECT_CF 0, 'int 15h E801h'
        PRINT   'E801='
        call    lib_print_hex16
        PRINT   ' '
        mov     ax, bx
        call    lib_print_hex16
        PRINT   ' '
        mov     ax, cx
        call    lib_print_hex16
        PRINT   ' '
        mov     ax, dx
        call    lib_print_hex16
        call    lib_crlf

        ; E820h: every entry, until EBX comes back 0.
        xor     ebx, ebx
.e820:  mov     eax, 0E820h
        mov     edx, 534D4150h
        mov     ecx, 20
        mov     di, entry
        int     15h
        EXPECT_CF 0, 'int 15h E820h'
        jc      .e820_done
        cmp     eax, 534D4150h
        je      .smap
        PRINT   'FAIL: E820h did not return SMAP', 13, 10
        inc     word [lib_failures]
.smap:  PRINT   'E820 '
        mov     eax, [entry]
        call    hex32
        PRINT   ' '
        mov     eax, [entry + 8]
        call    hex32
        PRINT   ' '
        mov     eax, [entry + 16]
        call    lib_print_hex16
        call    lib_crlf
        test    ebx, ebx
        jnz     .e820
.e820_done:
        mov     eax, 0E820h             ; a wrong signature is refused
        mov     edx, 12345678h
        xor     ebx, ebx
        mov     ecx, 20
        int     15h
        EXPECT_CF 1, 'E820h without SMAP'

        ; 87h: 64 bytes to 1.5 MiB, back into buf2.
        mov     esi, 180000h
        call    to_ext
        call    from_ext
        call    same
        ; the last 64 bytes of RAM (the script passes its top in the tail as 8 hex digits)
        call    ram_top
        sub     eax, 64
        mov     esi, eax
        call    to_ext
        call    from_ext
        call    same
        ; past the end: writes vanish, reads are FFh
        call    ram_top
        add     eax, 100000h
        mov     esi, eax
        call    to_ext
        call    from_ext
        mov     di, buf2
        mov     cx, 64
        mov     al, 0FFh
        repe    scasb
        EXPECT_ZF 1, 'memory past the end of RAM reads FFh'
        ; CX above 8000h is refused
        mov     si, gdt
        mov     cx, 8001h
        mov     ah, 87h
        int     15h
        EXPECT_CF 1, 'int 15h 87h with CX=8001h'
        FINISH


; EAX = the RAM top the script put in the command tail (8 hex digits).
ram_top:
        push    si
        push    cx
        mov     si, 82h
        xor     eax, eax
        mov     cx, 8
.digit: shl     eax, 4
        mov     dl, [si]
        inc     si
        sub     dl, '0'
        cmp     dl, 9
        jbe     .add
        sub     dl, 7
.add:   or      al, dl
        loop    .digit
        pop     cx
        pop     si
        ret

; Fills buf with a pattern that depends on ESI, and moves it to ESI.
to_ext:
        mov     di, buf
        mov     cx, 64
        mov     eax, esi
        shr     eax, 12
.fill:  mov     [di], al
        inc     di
        add     al, 37
        loop    .fill
        mov     eax, cs
        shl     eax, 4
        add     eax, buf
        mov     edx, esi
        call    move
        ret

; Moves 64 bytes from ESI back into buf2 (cleared first).
from_ext:
        mov     di, buf2
        mov     cx, 64
        xor     al, al
        rep     stosb
        mov     eax, esi
        mov     edx, cs
        shl     edx, 4
        add     edx, buf2
        call    move
        ret

; int 15h 87h: 64 bytes from linear EAX to linear EDX.
move:
        mov     [gdt + 12h], ax
        shr     eax, 16
        mov     [gdt + 14h], al
        mov     [gdt + 17h], ah
        mov     [gdt + 1Ah], dx
        shr     edx, 16
        mov     [gdt + 1Ch], dl
        mov     [gdt + 1Fh], dh
        mov     byte [gdt + 15h], 93h
        mov     byte [gdt + 1Dh], 93h
        push    si
        mov     si, gdt
        mov     cx, 32
        mov     ah, 87h
        int     15h
        pop     si
        EXPECT_CF 0, 'int 15h 87h'
        EXPECT  ah, 0, 'int 15h 87h status'
        ret

same:
        mov     si, buf
        mov     di, buf2
        mov     cx, 64
        repe    cmpsb
        EXPECT_ZF 1, 'the bytes came back from extended memory'
        ret

hex32:
        push    eax
        shr     eax, 16
        call    lib_print_hex16
        pop     eax
        call    lib_print_hex16
        ret

        DOSLIB_ROUTINES
entry:  times 20 db 0
gdt:    times 30h db 0
buf:    times 64 db 0
buf2:   times 64 db 0
