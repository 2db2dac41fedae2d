; An .EXE with separate code, data and stack segments: checks that the loader applied
; the relocations (DS from a relocated word reaches the data), set SS:SP, and left the
; command tail at PSP:80h; prints the tail and exits with its first character.
%include "mz.inc"
        MZ_HEADER start, 0x200, 0x10, 0xFFFF
        RELOC   data_seg_ref
        RELOC   stack_seg_ref
        MZ_IMAGE

start:
        mov     bx, es                  ; ES = PSP on entry
        mov     ax, strict word SEG(data)
data_seg_ref equ $ - 2
        mov     ds, ax
        mov     ax, strict word SEG(stack)
stack_seg_ref equ $ - 2
        mov     cx, ss
        cmp     ax, cx                  ; SS is the stack segment
        jne     bad
        cmp     sp, 0x200               ; and SP the header's value
        jne     bad
        mov     dx, msg - data_start
        mov     ah, 09h
        int     21h
        push    ds
        mov     ds, bx
        mov     si, 81h
        mov     cl, [80h]
        xor     ch, ch
        mov     al, [82h]               ; first character after the blank
        push    ax
.tail:  jcxz    .done
        lodsb
        mov     dl, al
        mov     ah, 02h
        int     21h
        dec     cx
        jmp     .tail
.done:  pop     ax
        pop     ds
        push    ax
        mov     dx, crlf - data_start
        mov     ah, 09h
        int     21h
        pop     ax
        mov     ah, 4Ch                 ; exit code: the tail's first character
        int     21h
bad:
        mov     ax, 4C63h
        int     21h

SEGMENT data
msg:    db      'EXE data segment reached', 13, 10, 'tail=[$'
crlf:   db      ']', 13, 10, '$'

SEGMENT stack
        times   0x200 db 0

MZ_END
