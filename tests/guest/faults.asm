; Ends with a CPU fault chosen by the first argument: "div" divides by zero, "ud"
; executes an invalid opcode, "fpu" runs x87 instructions (they must work), "hlt"
; halts with interrupts off. Prints "before" first, and "after" if it comes back.
        cpu     386
        org     100h
        mov     dx, before
        mov     ah, 09h
        int     21h
        mov     al, [82h]
        cmp     al, 'd'
        je      do_div
        cmp     al, 'u'
        je      do_ud
        cmp     al, 'f'
        je      do_fpu
        cmp     al, 'h'
        je      do_hlt
        jmp     after
do_div: xor     ax, ax
        xor     cx, cx
        div     cl
        jmp     after
do_ud:  db      0Fh, 0FFh               ; UD0: invalid on every x86
        jmp     after
do_fpu: fninit
        fld1
        fstp    dword [one]
        cmp     dword [one], 3F800000h  ; 1.0f
        jne     bad
        jmp     after
do_hlt: cli
        hlt
after:  mov     dx, after_msg
        mov     ah, 09h
        int     21h
        mov     ax, 4C00h
        int     21h
bad:    mov     ax, 4C01h
        int     21h
one:    dd      0
before: db      'before', 13, 10, '$'
after_msg: db   'after', 13, 10, '$'
