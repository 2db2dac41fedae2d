; ^C (run by DOSEXEC.COM): with standard input the console, a ^C typed ahead makes
; DOS print "^C" and call int 23h before console functions, and before any function
; with BREAK ON; Ctrl-Break (int 1Bh) does the same; a handler that returns with
; IRET has the function run again, one that returns with RETF and CF set ends the
; program (return type 1).
%include "doslib.inc"
        org     100h

%macro PUSHKEY 1
        mov     ah, 05h
        mov     cx, %1
        int     16h
%endmacro

start:
        mov     ax, 3D02h               ; standard input from the console
        mov     dx, d_con
        int     21h
        mov     bx, ax
        mov     ah, 46h
        xor     cx, cx
        int     21h
        mov     ax, 2523h
        mov     dx, count_iret
        int     21h
        PUSHKEY 2E03h                   ; ^C
        PUSHKEY 2D78h                   ; x
        mov     ah, 01h
        int     21h
        EXPECT  al, 'x', 'the read after ^C gets the next key'
        EXPECT  word [count], 1, 'int 23h ran once'
        call    lib_crlf
        mov     ax, 3300h
        int     21h
        EXPECT  dl, 0, 'BREAK is off'
        PUSHKEY 2E03h
        mov     ah, 2Ah
        int     21h
        EXPECT  word [count], 1, 'BREAK OFF: no ^C check in 2Ah'
        mov     ax, 3301h
        mov     dl, 1
        int     21h
        mov     ah, 2Ah
        int     21h
        EXPECT  word [count], 2, 'BREAK ON: 2Ah finds the ^C'
        mov     ax, 3302h               ; get and set
        xor     dl, dl
        int     21h
        EXPECT  dl, 1, '3302h gives the old state'
        int     1Bh                     ; what the BIOS does on Ctrl-Break
        mov     ah, 0Bh
        int     21h
        EXPECT  word [count], 3, 'Ctrl-Break reaches int 23h'
        ; ^C in the middle of a line (0Ah): the line starts again after int 23h.
        PUSHKEY 1E61h                   ; a
        PUSHKEY 3062h                   ; b
        PUSHKEY 2E03h                   ; ^C
        PUSHKEY 2D78h                   ; x
        PUSHKEY 1C0Dh                   ; Enter
        mov     ah, 0Ah
        mov     dx, line
        int     21h
        EXPECT  word [count], 4, '^C while editing a line'
        EXPECT  byte [line + 1], 1, 'the line typed after ^C'
        EXPECT  byte [line + 2], 'x', 'its character'
        call    lib_crlf
        ; A CON read through a handle gets a whole line with CR LF.
        PUSHKEY 2368h                   ; h
        PUSHKEY 1769h                   ; i
        PUSHKEY 1C0Dh
        mov     ah, 3Fh
        xor     bx, bx
        mov     cx, 10
        mov     dx, buf
        int     21h
        EXPECT  ax, 4, 'a cooked CON read'
        EXPECT_MEM buf, {'hi', 13, 10}, 'the line and CR LF'
        ; In binary mode: keys as they come, no echo, no Enter needed.
        mov     ax, 4400h
        xor     bx, bx
        int     21h
        or      dl, 20h
        xor     dh, dh
        mov     ax, 4401h
        int     21h
        PUSHKEY 2D78h
        PUSHKEY 1579h                   ; y
        PUSHKEY 2C7Ah                   ; z
        mov     ah, 3Fh
        xor     bx, bx
        mov     cx, 3
        mov     dx, buf
        int     21h
        EXPECT  ax, 3, 'a binary CON read'
        EXPECT_MEM buf, 'xyz', 'the keys'
        mov     ax, 4400h
        xor     bx, bx
        int     21h
        and     dl, 0DFh
        xor     dh, dh
        mov     ax, 4401h
        int     21h
        cmp     word [lib_failures], 0
        jne     .bad
        PRINT   'brk: PASS', 13, 10
        mov     ax, 2523h
        mov     dx, abort
        int     21h
        PUSHKEY 2E03h
        mov     ah, 08h
        int     21h
        PRINT   'FAIL: still running after ^C with RETF and CF', 13, 10
.bad:   mov     ax, 4C01h
        int     21h

count_iret:
        inc     word [cs:count]
        iret
abort:  stc
        retf

        DOSLIB_ROUTINES
lib_failures:   dw      0
count:          dw      0
line:           db      20, 0
                times 21 db 0
buf:            times 16 db 0
d_con:          db      'CON', 0
