; The smallest useful .COM: prints a line through int 21h 09h and exits with 0.
        org     100h
        mov     dx, msg
        mov     ah, 09h
        int     21h
        mov     ax, 4C00h
        int     21h
msg:    db      'Hello, world!', 13, 10, '$'
