; File control blocks: parse (29h), open/close/create (0Fh, 10h, 16h), sequential
; and random records (14h, 15h, 21h, 22h), block reads and writes (27h, 28h), file
; size and random record (23h, 24h), searches (11h, 12h), delete and rename with
; wildcards (13h, 17h), extended FCBs. test_dos_fcb.py checks the host files.
%include "doslib.inc"
        org     100h

%macro FCBCALL 2                        ; FCBCALL function, fcb
        mov     ah, %1
        mov     dx, %2
        int     21h
%endmacro
%macro PARSE 3                          ; PARSE string, fcb, flags
        mov     ax, 2900h | (%3)
        mov     si, %1
        mov     di, %2
        int     21h
%endmacro

start:
        mov     ah, 1Ah
        mov     dx, dta
        int     21h

; --- 29h -------------------------------------------------------------------------------
        PARSE   s_wild, fcb, 1
        EXPECT  al, 1, '29h: wildcards'
        EXPECT  byte [fcb], 3, '29h: drive C:'
        EXPECT_MEM fcb + 1, 'FOO?????C? ', '29h: * and ? in the FCB'
        EXPECT  si, s_wild + 11, '29h: SI past the name'
        PARSE   s_baddrive, fcb, 0
        EXPECT  al, 0FFh, '29h: invalid drive'
        mov     byte [fcb], 7
        PARSE   s_nodrive, fcb, 2
        EXPECT  byte [fcb], 7, '29h: drive kept (AL bit 1)'
        EXPECT_MEM fcb + 1, 'REC     DAT', '29h: name'
        mov     byte [fcb], 0           ; the current drive

; --- open, sequential reads -------------------------------------------------------------
        FCBCALL 0Fh, fcb
        EXPECT  al, 0, 'open REC.DAT'
        EXPECT  byte [fcb], 3, 'open sets the drive'
        EXPECT  word [fcb + 0Eh], 128, 'record size 128'
        EXPECT  word [fcb + 10h], 300, 'file size'
        EXPECT  word [fcb + 0Ch], 0, 'current block 0'
        mov     byte [fcb + 20h], 0
        FCBCALL 14h, fcb
        EXPECT  al, 0, 'read record 0'
        EXPECT  byte [dta + 127], 127, 'record 0 data'
        FCBCALL 14h, fcb
        EXPECT  al, 0, 'read record 1'
        EXPECT  byte [dta], 128, 'record 1 data'
        FCBCALL 14h, fcb
        EXPECT  al, 3, 'record 2 is partial'
        EXPECT  byte [dta + 43], 43, 'partial record data'
        EXPECT  byte [dta + 44], 0, 'partial record padded with zeros'
        EXPECT  byte [fcb + 20h], 3, 'current record advanced'
        FCBCALL 14h, fcb
        EXPECT  al, 1, 'end of file'
        EXPECT  byte [fcb + 20h], 3, 'not advanced at end of file'

; --- random records ------------------------------------------------------------------
        mov     word [fcb + 21h], 1
        mov     word [fcb + 23h], 0
        FCBCALL 21h, fcb
        EXPECT  al, 0, 'random read record 1'
        EXPECT  byte [dta], 128, 'record 1 data'
        EXPECT  word [fcb + 21h], 1, 'random record unchanged'
        EXPECT  byte [fcb + 20h], 1, 'current record set from it'
        mov     word [fcb + 0Ch], 0
        mov     byte [fcb + 20h], 2
        FCBCALL 24h, fcb
        EXPECT  word [fcb + 21h], 2, 'set random record from block and record'
        mov     word [fcb + 0Eh], 10
        mov     word [fcb + 21h], 5
        FCBCALL 21h, fcb
        EXPECT  al, 0, 'random read with 10-byte records'
        EXPECT  byte [dta], 50, 'record 5 of 10 bytes'

; --- block reads ---------------------------------------------------------------------
        mov     word [fcb + 0Eh], 100
        mov     word [fcb + 21h], 0
        mov     word [fcb + 23h], 0
        mov     cx, 4
        FCBCALL 27h, fcb
        EXPECT  al, 1, 'block read to the end'
        EXPECT  cx, 3, 'three records read'
        EXPECT  word [fcb + 21h], 3, 'random record after the block'
        EXPECT  byte [dta + 299], 43, 'last byte read'
        mov     word [fcb + 0Eh], 128
        mov     word [fcb + 21h], 0
        mov     cx, 3
        FCBCALL 27h, fcb
        EXPECT  al, 3, 'block read ending in a partial record'
        EXPECT  cx, 3, 'the partial record counts'
        mov     word [fcb + 21h], 0
        mov     cx, 2
        mov     ah, 1Ah                 ; a DTA that would wrap its segment
        mov     dx, 0FFC0h
        int     21h
        FCBCALL 27h, fcb
        EXPECT  al, 2, 'DTA segment wrap'
        EXPECT  cx, 0, 'nothing read'
        mov     ah, 1Ah
        mov     dx, dta
        int     21h
        FCBCALL 10h, fcb
        EXPECT  al, 0, 'close REC.DAT'
        FCBCALL 10h, fcb
        EXPECT  al, 0FFh, 'close it again'

; --- create, writes, truncation, size ------------------------------------------------
        PARSE   s_new, fcb, 0
        FCBCALL 16h, fcb
        EXPECT  al, 0, 'create NEW.DAT'
        mov     byte [fcb + 20h], 0
        mov     di, dta
        mov     al, 'A'
        mov     cx, 128
        rep     stosb
        FCBCALL 15h, fcb
        EXPECT  al, 0, 'write record 0'
        mov     di, dta
        mov     al, 'B'
        mov     cx, 128
        rep     stosb
        FCBCALL 15h, fcb
        EXPECT  al, 0, 'write record 1'
        EXPECT  word [fcb + 10h], 256, 'FCB file size after two records'
        mov     word [fcb + 21h], 4
        mov     word [fcb + 23h], 0
        FCBCALL 22h, fcb
        EXPECT  al, 0, 'random write record 4'
        EXPECT  word [fcb + 10h], 640, 'file size after record 4'
        mov     word [fcb + 21h], 3
        xor     cx, cx
        FCBCALL 28h, fcb
        EXPECT  al, 0, 'block write of nothing'
        EXPECT  word [fcb + 10h], 384, 'block write of nothing cut the file at record 3'
        FCBCALL 10h, fcb
        EXPECT  al, 0, 'close NEW.DAT'
        PARSE   s_new, fcb, 0
        mov     word [fcb + 0Eh], 100
        FCBCALL 23h, fcb
        EXPECT  al, 0, 'file size of NEW.DAT'
        EXPECT  word [fcb + 21h], 4, '384 bytes are 4 records of 100'
        PARSE   s_none, fcb, 0
        FCBCALL 0Fh, fcb
        EXPECT  al, 0FFh, 'open a missing file'
        mov     ah, 59h
        xor     bx, bx
        int     21h
        EXPECT  ax, 2, '59h after a failed FCB open'

; --- searches --------------------------------------------------------------------------
        PARSE   s_w_txt, fcb, 0
        FCBCALL 11h, fcb
        EXPECT  al, 0, 'search W?.TXT'
        EXPECT  byte [dta], 3, 'drive in the DTA'
        EXPECT_MEM dta + 1, 'W1      TXT', 'first match'
        EXPECT  byte [dta + 12], 20h, 'its attributes'
        EXPECT  word [dta + 29], 2, 'its size'
        FCBCALL 12h, fcb
        EXPECT  al, 0, 'search next'
        EXPECT_MEM dta + 1, 'W2      TXT', 'second match'
        FCBCALL 12h, fcb
        EXPECT  al, 0FFh, 'no more'
        mov     byte [xfcb], 0FFh       ; an extended FCB finds a directory
        mov     byte [xfcb + 6], 10h
        PARSE   s_sub, xfcb + 7, 0
        FCBCALL 11h, xfcb
        EXPECT  al, 0, 'search SUB with the directory attribute'
        EXPECT  byte [dta], 0FFh, 'the DTA holds an extended FCB'
        EXPECT  byte [dta + 6], 10h, 'with the search attribute'
        EXPECT_MEM dta + 8, 'SUB        ', 'the directory found'
        EXPECT  byte [dta + 8 + 11], 10h, 'a directory'

; --- delete and rename with wildcards ----------------------------------------------------
        PARSE   s_w_txt, fcb, 0
        FCBCALL 13h, fcb
        EXPECT  al, 0, 'delete W?.TXT'
        FCBCALL 13h, fcb
        EXPECT  al, 0FFh, 'delete W?.TXT again'
        mov     byte [rfcb], 0
        mov     si, n_keep
        mov     di, rfcb + 1
        mov     cx, 11
        rep     movsb
        mov     si, n_kept
        mov     di, rfcb + 11h
        mov     cx, 11
        rep     movsb
        FCBCALL 17h, rfcb
        EXPECT  al, 0, 'rename KEEP.TXT to KEPT.TXT'
        mov     si, n_star_doc
        mov     di, rfcb + 1
        mov     cx, 11
        rep     movsb
        mov     si, n_star_bak
        mov     di, rfcb + 11h
        mov     cx, 11
        rep     movsb
        FCBCALL 17h, rfcb
        EXPECT  al, 0, 'rename *.DOC to *.BAK'
        FCBCALL 17h, rfcb
        EXPECT  al, 0FFh, 'nothing left to rename'

; --- an extended FCB opens a file too ----------------------------------------------------
        mov     byte [xfcb], 0FFh
        mov     byte [xfcb + 6], 0
        PARSE   s_rec, xfcb + 7, 0
        FCBCALL 0Fh, xfcb
        EXPECT  al, 0, 'open REC.DAT through an extended FCB'
        EXPECT  word [xfcb + 7 + 10h], 300, 'its size'
        FCBCALL 10h, xfcb
        EXPECT  al, 0, 'close it'

        FINISH

        DOSLIB_ROUTINES

s_wild:         db      '  c:foo*.c?', 0
s_baddrive:     db      'q:x', 0
s_nodrive:      db      'rec.dat', 0
s_new:          db      'NEW.DAT', 0
s_none:         db      'NONE.DAT', 0
s_w_txt:        db      'W?.TXT', 0
s_sub:          db      'SUB', 0
s_rec:          db      'REC.DAT', 0
n_keep:         db      'KEEP    TXT'
n_kept:         db      'KEPT    TXT'
n_star_doc:     db      '????????DOC'
n_star_bak:     db      '????????BAK'
fcb:            times 37 db 0
xfcb:           times 44 db 0
rfcb:           times 37 db 0
dta:            times 512 db 0
