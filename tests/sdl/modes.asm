; Text modes other than 80x25 colour, for the window's screenshots: its command tail
; picks one and it ends at once, leaving the screen.
;   /40    mode 1 (40x25 colour): "Mode 1" in yellow on blue at row 1, column 2
;   /mono  mode 7 (80x25 MDA attributes): bright "Mono" at row 1, column 2, a
;          reverse-video cell at column 10, an underlined 'U' at column 12
;   /gfx   mode 13h (320x200, 256 colours), then it waits for a key
;   /page  mode 3 with page 1 shown: "Page 1" at row 1, column 2 of page 1, and
;          "Page 0" at the same place on page 0, which is not shown
; Without one it says so on standard output and ends with status 1.
        cpu     8086
        org     100h

start:
        mov     si, 81h
.scan:  lodsb
        cmp     al, 0Dh
        je      .done
        cmp     al, '/'
        jne     .scan
        mov     al, [si]
        cmp     al, '4'
        je      forty
        cmp     al, 'm'
        je      mono
        cmp     al, 'p'
        je      page
        cmp     al, 'g'
        je      gfx
.done:  mov     dx, s_none              ; no mode named: say so on standard output
        mov     ah, 09h
        int     21h
        mov     ax, 4C01h
        int     21h

forty:  mov     ax, 0001h
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     di, (1 * 40 + 2) * 2
        mov     si, s_mode1
        mov     ah, 1Eh
        call    puts
        jmp     quit

mono:   mov     ax, 0007h
        int     10h
        mov     ax, 0B000h
        mov     es, ax
        mov     di, (1 * 80 + 2) * 2
        mov     si, s_mono
        mov     ah, 0Fh
        call    puts
        mov     word [es:(1 * 80 + 10) * 2], 7020h
        mov     word [es:(1 * 80 + 12) * 2], 0155h
        jmp     quit

page:   mov     ax, 0003h
        int     10h
        mov     ax, 0B800h
        mov     es, ax
        mov     di, (1 * 80 + 2) * 2
        mov     si, s_page0
        mov     ah, 0Ah
        call    puts
        mov     di, 1000h + (1 * 80 + 2) * 2
        mov     si, s_page1
        mov     ah, 0Ch
        call    puts
        mov     ax, 0501h
        int     10h
        jmp     quit

gfx:    mov     ax, 0013h
        int     10h
        mov     ah, 00h
        int     16h

quit:   mov     ax, 4C00h
        int     21h

; Writes the string at SI in attribute AH at ES:DI.
puts:   lodsb
        test    al, al
        jz      .done
        stosw
        jmp     puts
.done:  ret

s_mode1: db     'Mode 1', 0
s_mono:  db     'Mono', 0
s_page0: db     'Page 0', 0
s_page1: db     'Page 1', 0
s_none:  db     'modes: name a mode: /40, /mono, /page or /gfx', 13, 10, '$'
