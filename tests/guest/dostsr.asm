; Terminate and stay resident (int 21h 31h): keeps 20h paragraphs and ends with 5.
        org     100h
        mov     ax, 3105h
        mov     dx, 20h
        int     21h
