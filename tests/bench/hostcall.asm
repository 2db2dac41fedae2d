; One DOS call N x 1000 times, for its round-trip cost (tests/bench/peers.py takes the
; difference of two run lengths). Command tail: a letter and N (decimal):
;   v  int 21h AH=30h (get version)
;   t  int 21h AH=2Ch (get time), each followed by AH=30h: a program that reads the time
;      over and over in a tight loop is waiting for it to change, and hvdos naps it until
;      it does (src/machine/idle.c); a call that is not a poll in between makes it work
;   w  AH=40h, 512 bytes to HCBENCH.DAT     r  AH=3Fh, 512 bytes from it (run w first)
; The file calls rewind every 64 calls (AH=42h), so the file stays at 32 KiB.
        cpu     8086
        org     100h
        mov     si, 81h
.skip:  lodsb
        cmp     al, ' '
        je      .skip
        mov     [func], al
        xor     bx, bx
.blank: lodsb
        cmp     al, ' '
        je      .blank
.digit: sub     al, '0'
        cmp     al, 9
        ja      .go
        cbw                             ; AX = the digit
        xchg    ax, bx                  ; AX = the number so far, BX = the digit
        mov     cx, 10
        mul     cx
        add     ax, bx
        xchg    ax, bx
        lodsb
        jmp     .digit
.go:    mov     [count], bx
        mov     al, [func]
        cmp     al, 'v'
        je      version
        cmp     al, 't'
        je      gettime
        cmp     al, 'w'
        je      write
        cmp     al, 'r'
        je      read
        mov     dx, usage
        mov     ah, 9
        int     21h
        mov     ax, 4C01h
        int     21h

version:                                ; AH=30h returns BX and CX: count in DI
.outer: mov     di, 1000
.inner: mov     ah, 30h
        int     21h
        dec     di
        jnz     .inner
        dec     word [count]
        jnz     .outer
        jmp     done

gettime:
.outer: mov     di, 1000
.inner: mov     ah, 2Ch
        int     21h
        mov     ah, 30h
        int     21h
        dec     di
        jnz     .inner
        dec     word [count]
        jnz     .outer
        jmp     done

write:  mov     ah, 3Ch                 ; create
        xor     cx, cx
        mov     dx, fname
        int     21h
        jc      fail
        mov     [handle], ax
        mov     byte [op], 40h
        jmp     file

read:   mov     ax, 3D00h               ; open for reading
        mov     dx, fname
        int     21h
        jc      fail
        mov     [handle], ax
        mov     byte [op], 3Fh

file:   mov     bp, 64
.outer: mov     di, 1000
.inner: dec     bp
        jnz     .call
        mov     bp, 64
        mov     ax, 4200h               ; rewind
        mov     bx, [handle]
        xor     cx, cx
        xor     dx, dx
        int     21h
.call:  mov     ah, [op]
        mov     bx, [handle]
        mov     cx, 512
        mov     dx, buf
        int     21h
        jc      fail
        cmp     ax, 512
        jne     fail
        dec     di
        jnz     .inner
        dec     word [count]
        jnz     .outer
        mov     ah, 3Eh
        mov     bx, [handle]
        int     21h

done:   mov     ax, 4C00h
        int     21h

fail:   mov     dx, failed
        mov     ah, 9
        int     21h
        mov     ax, 4C01h
        int     21h

usage   db      'usage: HOSTCALL v|t|w|r N (thousands of calls)', 13, 10, '$'
failed  db      'HOSTCALL: a file call failed', 13, 10, '$'
fname   db      'HCBENCH.DAT', 0
func    db      0
op      db      0
count   dw      0
handle  dw      0
buf     times 512 db 'x'
