; System functions: version (30h), break and boot drive (33h), InDOS (34h), switch
; character (37h), country (38h, 65h, 66h, 63h), List of Lists (52h), extended error
; (59h), allocation information and DPBs (1Bh, 1Ch, 1Fh, 32h), verify (2Eh, 54h),
; truename (60h), long names (71h), int 2Fh, 28h and 29h.
%include "doslib.inc"
        org     100h

start:
; --- 30h, 33h ---------------------------------------------------------------------------
        mov     ax, 3000h
        int     21h
        PRINT   'VER='
        PRINT_HEX16
        call    lib_crlf
        EXPECT  bh, 0FFh, '30h: OEM Microsoft'
        mov     ax, 3001h
        int     21h
        EXPECT  bh, 0, '30h AL=01h: version flags'
        mov     ax, 3300h
        int     21h
        EXPECT  dl, 0, 'BREAK is off at start'
        mov     ax, 3301h
        mov     dl, 1
        int     21h
        mov     ax, 3300h
        int     21h
        EXPECT  dl, 1, 'BREAK on'
        mov     ax, 3301h
        xor     dl, dl
        int     21h
        mov     ax, 3305h
        int     21h
        EXPECT  dl, 3, 'booted from C:'
        mov     ax, 3306h
        int     21h
        EXPECT  bx, 0005h, 'true version 5.00'
        EXPECT  dh, 0, 'DOS neither in ROM nor in the HMA'
        mov     ax, 3307h
        int     21h
        EXPECT  al, 0FFh, '3307h is no function'

; --- 34h, 37h ------------------------------------------------------------------------------
        mov     ah, 34h
        int     21h
        EXPECT  byte [es:bx], 0, 'InDOS is 0 outside DOS'
        EXPECT  byte [es:bx - 1], 0, 'no critical error'
        push    cs
        pop     es
        mov     ax, 3700h
        int     21h
        EXPECT  dl, '/', 'switch character'
        mov     ax, 3701h
        mov     dl, '-'
        int     21h
        mov     ax, 3700h
        int     21h
        EXPECT  dl, '-', 'switch character set'
        mov     ax, 3701h
        mov     dl, '/'
        int     21h

; --- 38h, 65h, 66h, 63h -------------------------------------------------------------------
        mov     ax, 3800h
        mov     dx, buf
        int     21h
        EXPECT_OK '38h'
        EXPECT  bx, 1, 'country 1'
        EXPECT  word [buf], 0, 'date format month day year'
        EXPECT_MEM buf + 2, {'$', 0}, 'currency'
        EXPECT  byte [buf + 7], ',', 'thousands separator'
        EXPECT  byte [buf + 9], '.', 'decimal separator'
        EXPECT  byte [buf + 0Bh], '-', 'date separator'
        EXPECT  byte [buf + 0Dh], ':', 'time separator'
        EXPECT  byte [buf + 16h], ',', 'list separator'
        mov     al, 84h                 ; the case map routine: a-umlaut
        call    far [buf + 12h]
        EXPECT  al, 8Eh, 'case map of 84h'
        mov     al, 'a'
        call    far [buf + 12h]
        EXPECT  al, 'a', 'case map leaves ASCII alone'
        mov     ax, 3803h
        mov     dx, buf
        int     21h
        EXPECT_ERR 2, '38h for country 3'
        mov     ax, 3801h
        mov     dx, 0FFFFh
        int     21h
        EXPECT_OK 'set country 1'
        mov     ax, 6501h
        mov     bx, 0FFFFh
        mov     dx, 0FFFFh
        mov     cx, 41
        mov     di, buf
        int     21h
        EXPECT_OK '6501h'
        EXPECT  cx, 41, '6501h length'
        EXPECT  byte [buf], 1, '6501h info ID'
        EXPECT  word [buf + 3], 1, '6501h country'
        EXPECT  word [buf + 5], 437, '6501h code page'
        EXPECT  byte [buf + 7 + 9], '.', '6501h country information'
        mov     ax, 6502h
        mov     bx, 0FFFFh
        mov     dx, 0FFFFh
        mov     cx, 5
        mov     di, buf
        int     21h
        EXPECT  byte [buf], 2, '6502h info ID'
        les     si, [buf + 1]
        EXPECT  word [es:si], 128, 'upper case table size'
        EXPECT  byte [es:si + 2 + 1], 9Ah, 'upper case of 81h'
        push    cs
        pop     es
        mov     ax, 6505h
        mov     bx, 0FFFFh
        mov     dx, 0FFFFh
        mov     cx, 5
        mov     di, buf
        int     21h
        les     si, [buf + 1]
        EXPECT  byte [es:si + 2 + 7], 14, 'file name terminators'
        push    cs
        pop     es
        mov     ax, 6520h
        mov     dl, 'q'
        int     21h
        EXPECT  dl, 'Q', '6520h'
        mov     ax, 6522h
        mov     dx, s_upper
        int     21h
        EXPECT_MEM s_upper, {'ABC', 8Eh, 0}, '6522h'
        mov     ax, 6523h
        mov     dl, 'y'
        int     21h
        EXPECT  ax, 1, '6523h yes'
        mov     ax, 6523h
        mov     dl, 'N'
        int     21h
        EXPECT  ax, 0, '6523h no'
        mov     ax, 6523h
        mov     dl, 'x'
        int     21h
        EXPECT  ax, 2, '6523h neither'
        mov     ax, 6501h
        mov     bx, 0FFFFh
        mov     dx, 0FFFFh
        mov     cx, 4
        mov     di, buf
        int     21h
        EXPECT_ERR 1, '6501h with a 4-byte buffer'
        mov     ax, 6601h
        int     21h
        EXPECT  bx, 437, 'active code page'
        EXPECT  dx, 437, 'system code page'
        mov     ax, 6602h
        mov     bx, 850
        int     21h
        EXPECT_ERR 2, 'set code page 850'
        push    ds
        mov     ax, 6300h
        int     21h
        mov     ax, [si]
        pop     ds
        EXPECT  ax, 0, 'no DBCS lead bytes'

; --- 52h: the List of Lists ---------------------------------------------------------------
        mov     ah, 52h
        int     21h
        mov     ax, [es:bx - 2]
        push    es
        mov     es, ax
        EXPECT  byte [es:0], 'M', 'the first MCB'
        pop     es
        push    es
        les     di, [es:bx + 4]
        EXPECT  word [es:di + 4], 40, 'the SFT has 40 entries'
        pop     es
        push    es
        les     di, [es:bx + 16h]
        add     di, 2 * 58h
        mov     si, s_croot
        mov     cx, 4
        repe    cmpsb
        pop     es
        je      .cds_ok
        PRINT   'FAIL: CDS of C: is C:\', 13, 10
        inc     word [lib_failures]
.cds_ok:
        EXPECT  byte [es:bx + 21h], 26, 'LASTDRIVE'
        EXPECT  word [es:bx + 22h + 4], 8004h, 'the NUL device header'
        lea     di, [bx + 22h + 0Ah]
        mov     si, s_nul
        mov     cx, 8
        repe    cmpsb
        je      .nul_ok
        PRINT   'FAIL: NUL device name', 13, 10
        inc     word [lib_failures]
.nul_ok:
        les     di, [es:bx + 22h]       ; NUL's next is CON
        add     di, 0Ah
        mov     si, s_con
        mov     cx, 8
        repe    cmpsb
        je      .con_ok
        PRINT   'FAIL: CON follows NUL', 13, 10
        inc     word [lib_failures]
.con_ok:
        push    cs
        pop     es

; --- 59h ----------------------------------------------------------------------------------
        mov     ax, 3D00h
        mov     dx, s_none
        int     21h
        mov     ah, 59h
        xor     bx, bx
        int     21h
        EXPECT  ax, 2, '59h code'
        EXPECT  bh, 8, '59h class: not found'
        EXPECT  bl, 3, '59h action: ask the user'
        EXPECT  ch, 2, '59h locus: block device'

; --- drives: 1Bh, 1Ch, 1Fh, 32h -------------------------------------------------------------
        push    ds
        mov     ah, 1Bh
        int     21h
        mov     ah, [bx]
        pop     ds
        EXPECT  ah, 0F8h, '1Bh media ID'
        EXPECT  cx, 512, '1Bh bytes per sector'
        push    ds
        mov     ah, 1Ch
        mov     dl, 25
        int     21h
        pop     ds
        EXPECT  al, 0FFh, '1Ch of a drive that does not exist'
        push    ds
        mov     ah, 1Fh
        int     21h
        mov     cl, [bx]
        mov     dx, [bx + 2]
        pop     ds
        EXPECT  al, 0, '1Fh'
        EXPECT  cl, 2, 'DPB of C:'
        EXPECT  dx, 512, 'DPB sector size'
        push    ds
        mov     ah, 32h
        mov     dl, 25
        int     21h
        pop     ds
        EXPECT  al, 0FFh, '32h of a drive that does not exist'

; --- 2Eh, 54h, 60h, 71h, 0Dh ---------------------------------------------------------------
        mov     ax, 2E01h
        int     21h
        mov     ah, 54h
        int     21h
        EXPECT  al, 1, 'verify on'
        mov     ax, 2E00h
        int     21h
        mov     ah, 60h
        mov     si, s_dotted
        mov     di, buf
        int     21h
        EXPECT_OK 'truename'
        EXPECT_MEM buf, {'C:\X.TXT', 0}, 'truename of sub\..\x.txt'
        mov     ah, 60h
        mov     si, s_nul_lc
        mov     di, buf
        int     21h
        EXPECT_MEM buf, {'C:/NUL', 0}, 'truename of a device'
        mov     ax, 7139h
        stc
        int     21h
        EXPECT_ERR 7100h, 'no long file names'
        mov     ah, 0Dh
        int     21h

; --- int 2Fh, 28h, 29h -------------------------------------------------------------------
        mov     ax, 1600h
        int     2Fh
        EXPECT  al, 0, 'int 2Fh: no Windows'
        mov     ax, 4300h
        int     2Fh
        EXPECT  al, 0, 'int 2Fh: no XMS driver'
        mov     ax, 0B700h
        int     2Fh
        EXPECT  al, 0, 'int 2Fh: no APPEND'
        mov     ax, 1680h
        int     2Fh
        EXPECT  al, 0, 'int 2Fh 1680h: the time slice is released (AL=00h)'
        int     28h
        mov     al, 'Z'
        int     29h
        call    lib_crlf
        FINISH

        DOSLIB_ROUTINES

s_none:         db      'NONE.TXT', 0
s_croot:        db      'C:\', 0
s_nul:          db      'NUL     '
s_con:          db      'CON     '
s_upper:        db      'abc', 84h, 0
s_dotted:       db      'sub\..\x.txt', 0
s_nul_lc:       db      'nul', 0
buf:            times 64 db 0
