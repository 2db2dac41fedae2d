; The memory map as the CPU sees it: the A20 gate (int 15h 2400h-2402h, port 92h) wraps
; FFFF:0010 and up to 0000:0000 or shows the HMA, the ROM ignores writes, C0000 answers
; FFh, and int 15h 87h copies into the HMA with the gate off and leaves it off.
%include "lib.inc"
        org     100h
        mov     ax, 2402h
        int     15h
        EXPECT_CF 0, 'int 15h 2402h'
        EXPECT  al, 0, 'A20 is off at start'
        in      al, 92h
        and     al, 2
        EXPECT  al, 0, 'port 92h bit 1 with A20 off'

        ; off: FFFF:0610 is 0000:0600
        xor     ax, ax
        mov     ds, ax
        mov     ax, 0FFFFh
        mov     es, ax
        mov     byte [0600h], 11h
        mov     byte [es:0610h], 5Ah
        mov     al, [0600h]
        EXPECT  al, 5Ah, 'A20 off: FFFF:0610 wraps to 0000:0600'

        ; on: the HMA is its own memory
        mov     ax, 2401h
        int     15h
        EXPECT_CF 0, 'int 15h 2401h'
        mov     ax, 2402h
        int     15h
        EXPECT  al, 1, 'A20 reads back on'
        in      al, 92h
        and     al, 2
        EXPECT  al, 2, 'port 92h bit 1 with A20 on'
        mov     byte [es:0610h], 0A5h
        mov     al, [0600h]
        EXPECT  al, 5Ah, 'A20 on: 0000:0600 kept its byte'
        mov     al, [es:0610h]
        EXPECT  al, 0A5h, 'A20 on: the HMA keeps its own byte'

        ; off again: the wrap is back, the HMA byte waits behind it
        mov     ax, 2400h
        int     15h
        mov     al, [es:0610h]
        EXPECT  al, 5Ah, 'A20 off again: FFFF:0610 wraps'

        ; port 92h turns it on as well
        in      al, 92h
        or      al, 2
        out     92h, al
        mov     al, [es:0610h]
        EXPECT  al, 0A5h, 'port 92h on: the HMA byte'
        in      al, 92h
        and     al, 0FDh
        out     92h, al
        mov     al, [es:0610h]
        EXPECT  al, 5Ah, 'port 92h off: the wrap'

        ; the ROM ignores writes, nothing answers at C0000
        mov     ax, 0F000h
        mov     es, ax
        mov     al, [es:0FFF0h]
        mov     bl, al
        not     byte [es:0FFF0h]
        mov     al, [es:0FFF0h]
        EXPECT  al, bl, 'a write to the ROM changed it'
        mov     ax, 0C000h
        mov     es, ax
        mov     byte [es:0], 12h
        mov     al, [es:0]
        EXPECT  al, 0FFh, 'C000:0000 does not read FFh'

        ; int 15h 87h: 8 bytes from our buffer to 10FF00h, with the gate off
        push    cs
        pop     ds
        mov     ax, cs
        mov     dx, ax
        shl     ax, 4
        shr     dx, 12
        add     ax, src
        adc     dl, 0
        mov     [gdt + 12h], ax
        mov     [gdt + 14h], dl
        mov     word [gdt + 1Ah], 0FF00h
        mov     byte [gdt + 1Ch], 10h
        push    cs
        pop     es
        mov     si, gdt
        mov     cx, 4
        mov     ah, 87h
        int     15h
        EXPECT_CF 0, 'int 15h 87h'
        EXPECT  ah, 0, 'int 15h 87h status'
        mov     ax, 2402h
        int     15h
        EXPECT  al, 0, 'int 15h 87h left A20 off'
        mov     ax, 2401h
        int     15h
        mov     ax, 0FFFFh
        mov     es, ax
        mov     ax, [es:0FF10h]
        EXPECT  ax, 'HV', 'int 15h 87h: the bytes in the HMA'
        mov     ax, 2400h
        int     15h
        FINISH

src:    db      'HVDOS-HM'
gdt:    times 30h db 0
