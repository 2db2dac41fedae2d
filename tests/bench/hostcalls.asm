; 100,000 int 21h calls (AH=19h, get current drive: the cheapest service), for
; hostcalls per second; then exits.
        cpu     8086
        org     100h
        mov     dx, 10                  ; 10 x 10,000
.outer: mov     cx, 10000
.inner: mov     ah, 19h
        int     21h
        loop    .inner
        dec     dx
        jnz     .outer
        mov     ax, 4C00h
        int     21h
