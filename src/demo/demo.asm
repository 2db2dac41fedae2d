; The built-in demo that `hvdos` runs without a program: it shows what the machine is
; (DOS version, memory, CPU backend, video mode) and echoes keys until Esc.
; The host passes the backend's name in the command tail, and "/nokeys" when no key
; can ever arrive (headless without a terminal), so the demo ends instead of waiting.

        cpu     8086
        org     100h

start:
        mov     dx, msg_title
        call    puts

        ; DOS version
        mov     dx, msg_dos
        call    puts
        mov     ah, 30h
        int     21h
        push    ax
        xor     ah, ah
        call    putdec
        mov     dl, '.'
        call    putc
        pop     ax
        mov     al, ah
        xor     ah, ah
        cmp     al, 10
        jae     .minor
        push    ax
        mov     dl, '0'
        call    putc
        pop     ax
.minor: call    putdec
        call    newline

        ; Memory: int 12h, and the largest free block (after shrinking ourselves)
        mov     dx, msg_mem
        call    puts
        int     12h
        call    putdec
        mov     dx, msg_kib_conv
        call    puts
        mov     bx, 1000h               ; keep 64 KiB for the demo
        mov     ah, 4Ah
        int     21h
        mov     bx, 0FFFFh
        mov     ah, 48h
        int     21h                     ; fails with BX = largest block in paragraphs
        mov     ax, bx
        mov     cl, 6
        shr     ax, cl                  ; paragraphs to KiB
        call    putdec
        mov     dx, msg_kib_free
        call    puts

        ; CPU backend: the first word of the command tail
        mov     dx, msg_cpu
        call    puts
        mov     si, 81h
.skip:  lodsb
        cmp     al, ' '
        je      .skip
.word:  cmp     al, ' '
        jbe     .wend
        mov     dl, al
        call    putc
        lodsb
        jmp     .word
.wend:  call    newline

        ; Video mode
        mov     dx, msg_video
        call    puts
        mov     ah, 0Fh
        int     10h
        push    ax
        xor     ah, ah
        call    puthex2
        mov     dx, msg_h_cols
        call    puts
        pop     ax
        mov     al, ah
        xor     ah, ah
        call    putdec
        mov     dx, msg_cols
        call    puts

        ; "/nokeys" anywhere in the tail: no keyboard, done.
        mov     si, 81h
        xor     ch, ch
        mov     cl, [80h]
.scan:  jcxz    keys
        cmp     byte [si], '/'
        jne     .next
        cmp     word [si+1], 'no'
        jne     .next
        mov     dx, msg_nokeys
        call    puts
        jmp     done
.next:  inc     si
        dec     cx
        jmp     .scan

keys:
        mov     dx, msg_keys
        call    puts
.loop:  xor     ah, ah
        int     16h                     ; wait for a key
        cmp     ah, 01h                 ; Esc
        je      done
        push    ax
        mov     dx, msg_key
        call    puts
        pop     ax
        push    ax
        mov     al, ah
        xor     ah, ah
        call    puthex2
        mov     dx, msg_ascii
        call    puts
        pop     ax
        push    ax
        xor     ah, ah
        call    puthex2
        mov     dl, 'h'
        call    putc
        pop     ax
        cmp     al, ' '
        jb      .nochar
        cmp     al, 7Fh
        jae     .nochar
        push    ax
        mov     dx, msg_quote
        call    puts
        pop     ax
        mov     dl, al
        call    putc
        mov     dl, "'"
        call    putc
.nochar:
        call    newline
        jmp     .loop

done:
        mov     dx, msg_bye
        call    puts
        mov     ax, 4C00h
        int     21h

; --- output helpers (all through DOS, so headless runs print to stdout) ---
puts:   mov     ah, 09h
        int     21h
        ret

putc:   mov     ah, 02h
        int     21h
        ret

newline:
        mov     dx, msg_crlf
        jmp     puts

; AX as decimal
putdec: push    ax
        push    bx
        push    cx
        push    dx
        mov     bx, 10
        xor     cx, cx
.div:   xor     dx, dx
        div     bx
        push    dx
        inc     cx
        test    ax, ax
        jnz     .div
.out:   pop     dx
        add     dl, '0'
        call    putc
        loop    .out
        pop     dx
        pop     cx
        pop     bx
        pop     ax
        ret

; AL as two hex digits
puthex2:
        push    ax
        mov     cl, 4
        shr     al, cl
        call    .digit
        pop     ax
        and     al, 0Fh
.digit: add     al, '0'
        cmp     al, '9'
        jbe     .p
        add     al, 7
.p:     mov     dl, al
        jmp     putc

msg_title:      db 'hvdos: DOS programs in a hardware virtual machine', 13, 10, 13, 10, '$'
msg_dos:        db '  DOS version:  $'
msg_mem:        db '  Memory:       $'
msg_kib_conv:   db ' KiB conventional, $'
msg_kib_free:   db ' KiB free for programs', 13, 10, '$'
msg_cpu:        db '  CPU backend:  $'
msg_video:      db '  Video mode:   $'
msg_h_cols:     db 'h, $'
msg_cols:       db ' columns', 13, 10, 13, 10, '$'
msg_nokeys:     db 'No keyboard input can arrive here (no window, no terminal): done.', 13, 10, '$'
msg_keys:       db 'Press keys to see their BIOS codes; Esc quits.', 13, 10, '$'
msg_key:        db '  scancode $'
msg_ascii:      db 'h  ASCII $'
msg_quote:      db "  '$"
msg_bye:        db 'Bye.', 13, 10, '$'
msg_crlf:       db 13, 10, '$'
