; A raw overlay for int 21h 4B03h: a far routine that returns 1234h.
        org     0
        mov     ax, 1234h
        retf
