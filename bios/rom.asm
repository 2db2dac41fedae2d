; hvdos ROM: the 64 KiB at F000:0000. Interrupt stubs that trap to the host, the few
; handlers that must run as guest code (IRQs, which programs chain to), the boot path
; and the reset vector. Assembled with NASM at build time and embedded in hvdos.
;
; Hostcalls: a HLT inside the stub table or the ROM call table exits to the host, which
; finds the service from the address. A HLT anywhere else is a plain HLT.

        cpu     186
        bits    16
        org     0

%include "rom.inc"

; ---------------------------------------------------------------------------
; Header, read by the host (src/bios/rom.c) to find everything below.
; ---------------------------------------------------------------------------
header:
        db      'HVDOSROM'              ; magic
        dw      ROM_VERSION
        dw      int_stubs               ; 256 stubs of STUB_SIZE bytes
        dw      STUB_SIZE
        dw      rom_calls               ; HC_COUNT entries of RC_SIZE bytes
        dw      HC_COUNT
        dw      RC_SIZE
        dw      vector_table            ; 256 words: the offset each IVT entry starts at
        dw      reset_entry
        dw      font_8x8                ; reserved for the font tables (int 10h 1130h)
        dw      font_8x14
        dw      font_8x16
        dw      config_table            ; int 15h C0h

; ---------------------------------------------------------------------------
; Interrupt stubs. Stub N is what IVT entry N points to unless vector_table says
; otherwise. The host runs the service at the HLT, patches the status flags into the
; FLAGS image the INT pushed, and the IRET returns them. A service that must wait
; sends the guest to +2: STI; HLT (a plain HLT: wait for the next interrupt); then
; back to the hostcall to try again.
; ---------------------------------------------------------------------------
        align   16
int_stubs:
%assign n 0
%rep 256
        hlt                             ; +0 hostcall
        iret                            ; +1
        sti                             ; +2 wait: interrupts on,
        hlt                             ; +3 sleep until one comes,
        jmp     short $-4               ; +4 and retry the call
        nop
        nop
%assign n n+1
%endrep

; ---------------------------------------------------------------------------
; ROM calls: host services that ROM code calls with CALL NEAR (no flags patching:
; the host edits the live registers).
; ---------------------------------------------------------------------------
        align   16
rom_calls:
%assign n 0
%rep HC_COUNT
        hlt
        ret
        nop
        nop
%assign n n+1
%endrep

%macro  ROMCALL 1
        call    rom_calls + (%1) * RC_SIZE
%endmacro

; ---------------------------------------------------------------------------
; IRQ handlers. These run as guest code so that programs which hook the vectors and
; chain to the old handler see the PC's order of events.
; ---------------------------------------------------------------------------

; IRQ0: the BIOS tick. The host counts the tick in the BDA; int 1Ch runs in the guest.
irq0_handler:
        push    ax
        ROMCALL HC_TIMER_TICK
        int     1Ch
        cli
        mov     al, 20h                 ; EOI to the master PIC
        out     20h, al
        pop     ax
        iret

; IRQ1: the keyboard. Read the scancode, let int 15h 4Fh see it, then the host turns
; it into a BIOS key in the BDA ring and says what else a PC does for it: Ctrl-Break
; (int 1Bh), Print Screen (int 05h, after the EOI), SysReq (int 15h AH=85h), Pause
; (wait here, interrupts on, until the next key clears 0040:0018 bit 3).
irq1_handler:
        push    ax
        in      al, 60h
        stc
        mov     ah, 4Fh
        int     15h                     ; keyboard intercept: CF=0 drops the key
        jnc     .eoi
        ROMCALL HC_KBD_SCANCODE         ; AL = scancode; back: AH = actions
        test    ah, KBD_ACT_BREAK
        jz      .sysreq
        push    ax
        int     1Bh
        pop     ax
.sysreq:
        test    ah, KBD_ACT_SYSREQ
        jz      .late
        push    ax
        mov     ah, 85h                 ; AL = 0 pressed, 1 released
        int     15h
        pop     ax
.late:  test    ah, KBD_ACT_PRTSC | KBD_ACT_PAUSE
        jz      .eoi
        push    ax
        cli
        mov     al, 20h
        out     20h, al
        pop     ax
        test    ah, KBD_ACT_PRTSC
        jz      .pause
        sti
        int     05h
        jmp     short .out
.pause: push    ds
        mov     ax, 40h
        mov     ds, ax
.wait:  sti
        hlt                             ; a plain HLT: sleep until the next interrupt
        test    byte [18h], 08h
        jnz     .wait
        pop     ds
        jmp     short .out
.eoi:   cli
        mov     al, 20h
        out     20h, al
.out:   pop     ax
        iret

; IRQ8: the real-time clock. Reading register C acknowledges it; an alarm calls
; int 4Ah, as on the AT.
irq8_handler:
        push    ax
        mov     al, 0Ch
        out     70h, al
        in      al, 71h
        test    al, 20h
        jz      .eoi
        sti
        int     4Ah
        cli
.eoi:   mov     al, 20h
        out     0A0h, al
        out     20h, al
        pop     ax
        iret

; IRQs nobody claims: acknowledge them so the PIC does not stall.
irq_master_default:
        push    ax
        mov     al, 20h
        out     20h, al
        pop     ax
        iret

irq_slave_default:
        push    ax
        mov     al, 20h
        out     0A0h, al
        out     20h, al
        pop     ax
        iret

; Vectors that do nothing by default (int 1Bh Ctrl-Break, 1Ch user tick, ...).
iret_only:
        iret

; ---------------------------------------------------------------------------
; Boot: POST fills the IVT and the BIOS data area, BOOT loads the program; both are
; host calls. The program's own CS:IP is set by the host.
; ---------------------------------------------------------------------------
boot:
        cli
        xor     ax, ax
        mov     ss, ax
        mov     sp, 7C00h
        ROMCALL HC_POST
        ROMCALL HC_BOOT
.dead:  hlt                             ; not reached: BOOT starts the program
        jmp     short .dead

; ---------------------------------------------------------------------------
; Vector table: what the POST puts into each IVT entry.
; ---------------------------------------------------------------------------
        align   2
vector_table:
%assign n 0
%rep 256
  %if n == 08h
        dw      irq0_handler
  %elif n == 09h
        dw      irq1_handler
  %elif n >= 0Ah && n <= 0Fh
        dw      irq_master_default
  %elif n == 70h
        dw      irq8_handler
  %elif n >= 71h && n <= 77h
        dw      irq_slave_default
  %elif n == 1Bh || n == 1Ch || n == 1Dh || n == 1Eh || n == 1Fh || n == 43h || n == 4Ah
        dw      iret_only              ; 1Dh-1Fh, 43h are table pointers, set by POST
  %else
        dw      int_stubs + n * STUB_SIZE
  %endif
%assign n n+1
%endrep

; ---------------------------------------------------------------------------
; int 15h C0h configuration table.
; ---------------------------------------------------------------------------
config_table:
        dw      8                       ; bytes that follow
        db      0FCh                    ; model: AT
        db      01h                     ; submodel
        db      00h                     ; BIOS revision
        db      01110000b               ; 2nd PIC, RTC, int 15h 4Fh keyboard intercept
        db      0, 0, 0, 0

; Font tables: filled in by the BIOS video work (int 10h 1130h); empty for now.
font_8x8:
font_8x14:
font_8x16:

; ---------------------------------------------------------------------------
; Reset vector at F000:FFF0, and the BIOS date at F000:FFF5 that programs read.
; ---------------------------------------------------------------------------
        times   0FFF0h - ($ - $$) db 0FFh
reset_entry:
        jmp     0F000h:boot
        db      '11/25/26'
        db      0
        db      0FCh                    ; model byte at F000:FFFE: AT
        db      0
