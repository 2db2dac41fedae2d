; COMMAND.COM, hvdos's command interpreter as a DOS process. Its logic is C on the host
; (src/shell/); this is the process around it: a PSP, memory, an environment, and a
; loop that asks the host which DOS call to make next and makes it, so that every
; wait for a key, every child program and every console write happens in the guest,
; as DOS runs them. hvdos puts it on its own drive, Z:, with the ROM addresses below
; filled in.
        cpu     8086
        bits    16
        org     100h

start:  jmp     short init
        db      'HVSH'                  ; 102h: the host knows the image by it
        dw      1                       ; 106h: layout version
hostcall:
        dd      0                       ; 108h: the ROM's shell_call (filled in)
breakcall:
        dd      0                       ; 10Ch: the ROM's shell_break (filled in)
        dw      do_int + 1              ; 110h: the loop's interrupt number
        dw      int23                   ; 112h: the ^C handler
        dw      data                    ; 114h: the data area for the host's calls
        dw      data_end - data         ; 116h: its size
        dw      image_end               ; 118h: the end of the image and its stack

init:   mov     sp, image_end
; The loop: the host looks at what the last call returned and sets up the next one
; (its registers, and the interrupt number below).
next:   call    far [cs:hostcall]
do_int: int     21h
        jmp     short next

; ^C during one of the shell's own DOS calls: the host notes it, and the call runs
; again (IRET); the host then cancels the command.
int23:  call    far [cs:breakcall]
        iret

; Not in the file: the data area and the stack (a .COM has the memory after it; the
; host shrinks the block to image_end at start-up).
        align   16, db 0
        absolute $
data:   resb    440h
data_end:
        resb    800h                    ; stack: DOS calls, and the IRQ handlers and
                                        ; TSR hooks that run while the shell waits
image_end:
