; Ends through int 21h 00h, or through int 20h when its tail is " I".
        org     100h
        cmp     byte [82h], 'I'
        je      .int20
        mov     ah, 00h
        int     21h
.int20: int     20h
