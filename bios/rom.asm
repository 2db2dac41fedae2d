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
        dw      font_8x8                ; character generator tables (int 10h 1130h)
        dw      font_8x14
        dw      font_8x16
        dw      config_table            ; int 15h C0h
        dw      font_9x14               ; 9-dot alternates for 8x14 and 8x16
        dw      font_9x16

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

; IRQ12: the mouse. The driver (src/bios/int33.c) takes the device's report, moves
; its cursor, and names the user handlers (int 33h 0Ch/14h/18h) this event calls, one
; at a time: each is called far with the documented registers and interrupts on, as
; CuteMouse calls them; IRQ 12 stays in service until they are done.
irq12_handler:
        pusha
        push    ds
        push    es
        ROMCALL HC_MOUSE_EVENT          ; ZF=1: nothing to call
.call:  jz      .eoi
        push    es
        push    bp
        mov     bp, sp
        sti
        call    far [bp]
        cli
        add     sp, 4
        ROMCALL HC_MOUSE_NEXT
        jmp     short .call
.eoi:   cli
        mov     al, 20h
        out     0A0h, al
        out     20h, al
        pop     es
        pop     ds
        popa
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

; IRQ13: an x87 error (FERR#). As on the AT, the BIOS passes it to int 02h, which
; programs hook for x87 errors. The interpreter signals the error through vector 75h
; directly rather than through the PIC, so the EOIs go out only when IRQ13 really is in
; service (slave ISR bit 5): otherwise they would end another interrupt's service.
irq13_handler:
        push    ax
        mov     al, 0Bh                 ; OCW3: read the slave's ISR
        out     0A0h, al
        in      al, 0A0h
        mov     ah, al
        mov     al, 0Ah                 ; OCW3: back to reading the IRR
        out     0A0h, al
        test    ah, 20h
        jz      .nmi
        mov     al, 20h
        out     0A0h, al
        out     20h, al
.nmi:   pop     ax
        int     02h
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
  %elif n == 74h
        dw      irq12_handler
  %elif n == 75h
        dw      irq13_handler
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

; Character generator tables (int 10h 1130h; int 1Fh points at the 8x8 table's upper
; half, int 43h at its start), generated at build time from fonts/ by bios/ttf2font.py:
; IBM's CGA 8x8, EGA 8x14 and VGA 8x16 glyphs, 256 each, a byte a row, bit 7 leftmost.
; The 9-dot alternates are (character, glyph) pairs ending with a 0 character: the
; glyphs a VGA shows instead in 9-dot modes. IBM's EGA 9x14 set is not in fonts/, so
; its table is empty.
font_8x8:
%include "font_8x8.inc"
font_8x14:
%include "font_8x14.inc"
font_8x16:
%include "font_8x16.inc"
font_9x14:
        db      0
font_9x16:
%include "font_9x16.inc"

; ===========================================================================
; DOS section (src/dos, owned by the DOS kernel): routines DOS runs as guest code.
; The host finds them through the table below, by its 'HVDOSDOS' signature, so this
; block can move freely. Keep DOS additions inside this block.
; ===========================================================================
        align   16
dos_rom_table:
        db      'HVDOSDOS'
        dw      dos_ctrlc               ; ^C: run the program's int 23h
        dw      dos_casemap             ; country case map routine (int 21h 38h)
        dw      dos_int25               ; absolute disk read
        dw      dos_int26               ; absolute disk write
        dw      dos_cpm                 ; CP/M-style call 5 (via 0000:00C0)

; ^C during a DOS call: the host has put back the program's registers and its stack
; as they were at its INT 21h. Its int 23h runs; then the host looks at how it
; returned (IRET, or RETF with CF) and runs the call again or ends the program.
dos_ctrlc:
        int     23h
        ROMCALL HC_DOS_INT23
.dead:  hlt                             ; not reached: the host sets CS:IP
        jmp     short .dead

; Case map (far call): AL from 80h up to its upper case in code page 437.
dos_casemap:
        cmp     al, 80h
        jb      .done
        push    bx
        mov     bx, dos_upcase_table - 80h
        cs xlatb
        pop     bx
.done:  retf

dos_upcase_table:
        db      080h, 09Ah, 045h, 041h, 08Eh, 041h, 08Fh, 080h, 045h, 045h, 045h, 049h, 049h, 049h, 08Eh, 08Fh
        db      090h, 092h, 092h, 04Fh, 099h, 04Fh, 055h, 055h, 059h, 099h, 09Ah, 09Bh, 09Ch, 09Dh, 09Eh, 09Fh
        db      041h, 049h, 04Fh, 055h, 0A5h, 0A5h, 0A6h, 0A7h, 0A8h, 0A9h, 0AAh, 0ABh, 0ACh, 0ADh, 0AEh, 0AFh
        db      0B0h, 0B1h, 0B2h, 0B3h, 0B4h, 0B5h, 0B6h, 0B7h, 0B8h, 0B9h, 0BAh, 0BBh, 0BCh, 0BDh, 0BEh, 0BFh
        db      0C0h, 0C1h, 0C2h, 0C3h, 0C4h, 0C5h, 0C6h, 0C7h, 0C8h, 0C9h, 0CAh, 0CBh, 0CCh, 0CDh, 0CEh, 0CFh
        db      0D0h, 0D1h, 0D2h, 0D3h, 0D4h, 0D5h, 0D6h, 0D7h, 0D8h, 0D9h, 0DAh, 0DBh, 0DCh, 0DDh, 0DEh, 0DFh
        db      0E0h, 0E1h, 0E2h, 0E3h, 0E4h, 0E5h, 0E6h, 0E7h, 0E8h, 0E9h, 0EAh, 0EBh, 0ECh, 0EDh, 0EEh, 0EFh
        db      0F0h, 0F1h, 0F2h, 0F3h, 0F4h, 0F5h, 0F6h, 0F7h, 0F8h, 0F9h, 0FAh, 0FBh, 0FCh, 0FDh, 0FEh, 0FFh

; CALL 5 (CP/M style): PSP:0005 holds a far call that wraps to 0000:00C0, where DOS
; puts a jump here. On the stack: the far return into the PSP, then the program's near
; return. That becomes an INT frame (the near return, the PSP, the flags) and the
; function in CL runs through the int 21h hostcall, whose IRET goes back.
dos_cpm:
        push    bp
        mov     bp, sp
        push    ax
        mov     ax, [bp + 6]            ; the program's near return
        mov     [bp + 2], ax
        pushf
        pop     ax
        mov     [bp + 6], ax
        pop     ax
        pop     bp
        cmp     cl, 24h                 ; CP/M knew functions up to 24h
        ja      .none
        mov     ah, cl
        jmp     int_stubs + 21h * STUB_SIZE
.none:  mov     al, 0
        iret

; int 25h/26h: a host directory has no sectors to read or write. They fail with
; "drive not ready" and, as these calls do, leave the flags on the stack.
dos_int25:
dos_int26:
        mov     ax, 8002h
        stc
        retf
; ===========================================================================
; End of the DOS section.
; ===========================================================================

; ===========================================================================
; Shell section (src/shell, owned by the command interpreter): the far entries
; COMMAND.COM calls to reach its interpreter on the host, found by the 'HVDOSSHL'
; signature of their table. The host edits the caller's registers at the ROM call.
; ===========================================================================
        align   16
shell_rom_table:
        db      'HVDOSSHL'
        dw      shell_call              ; what next: the registers of a DOS call to make
        dw      shell_break             ; COMMAND.COM's int 23h: ^C during its DOS call

shell_call:
        ROMCALL HC_SHELL
        retf

shell_break:
        ROMCALL HC_SHELL_BREAK
        retf
; ===========================================================================
; End of the shell section.
; ===========================================================================

; ---------------------------------------------------------------------------
; The copyright text at F000:E000, where IBM's PC and AT BIOSes have their part
; number and "COPR. IBM 1981": programs that identify the BIOS show it, and some
; check for "IBM" at F000:E00E, as the compatibles of the time kept it.
; ---------------------------------------------------------------------------
        times   0E000h - ($ - $$) db 0FFh
bios_copyright:
        db      'HVDOS-01'              ; E000: the part number's place
        db      'COPR.'                 ; E008
        db      ' IBM COMPATIBLE BIOS, (C) 2026 THE HVDOS AUTHORS (MIT)', 0
%if bios_copyright + 0Eh - $$ != 0E00Eh
%error "IBM must be at F000:E00E"
%endif

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
