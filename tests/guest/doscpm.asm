; The CP/M-style call: CALL 5 with the function in CL (02h, 09h, 19h), and a
; function CP/M did not have (above 24h) that does nothing.
%include "doslib.inc"
        org     100h

start:
        mov     cl, 02h
        mov     dl, 'C'
        call    5
        mov     cl, 09h
        mov     dx, msg
        call    5
        mov     cl, 19h
        call    5
        EXPECT  al, 2, 'CALL 5 function 19h: drive C:'
        mov     cl, 30h
        mov     al, 55h
        call    5
        EXPECT  al, 0, 'CALL 5 with a function above 24h'
        FINISH

        DOSLIB_ROUTINES

msg:    db      'P/M call', 13, 10, '$'
