; Files and directories through handles (int 21h 3Ch-43h, 45h-47h, 56h, 57h, 5Ah,
; 5Bh, 67h, 68h, 6Ch, 39h-3Bh, 0Eh, 19h, 36h, 59h), on drives C: (scratch), D: (a
; second directory) and R: (read-only). test_dos_files.py sets the drives up and
; checks the host files afterwards.
%include "doslib.inc"
        org     100h

%macro OPEN 2                           ; OPEN path, mode
        mov     ax, 3D00h | (%2)
        mov     dx, %1
        int     21h
%endmacro
%macro CREATE 2                         ; CREATE path, attributes
        mov     ah, 3Ch
        mov     cx, %2
        mov     dx, %1
        int     21h
%endmacro
%macro CLOSE 1
        mov     bx, %1
        mov     ah, 3Eh
        int     21h
%endmacro
%macro READ 2                           ; READ handle, count -> buf
        mov     bx, %1
        mov     cx, %2
        mov     dx, buf
        mov     ah, 3Fh
        int     21h
%endmacro
%macro WRITE 3                          ; WRITE handle, data, count
        mov     bx, %1
        mov     cx, %3
        mov     dx, %2
        mov     ah, 40h
        int     21h
%endmacro
%macro CALLP 2                          ; CALLP function, path
        mov     ah, %1
        mov     dx, %2
        int     21h
%endmacro

start:
        mov     bx, 1000h               ; keep our 64 KiB, free the rest
        mov     ah, 4Ah
        int     21h
        EXPECT_OK 'shrink to 64 KiB'

; --- create, write, truncate with a zero-length write, close ----------------
        CREATE  f_new, 0
        EXPECT_OK 'create NEW.TXT'
        mov     [h1], ax
        WRITE   [h1], t_hello, 11
        EXPECT_OK 'write 11 bytes'
        EXPECT  ax, 11, 'bytes written'
        mov     ax, 4200h
        mov     bx, [h1]
        xor     cx, cx
        mov     dx, 5
        int     21h
        EXPECT  ax, 5, 'seek from the start'
        WRITE   [h1], t_hello, 0
        EXPECT_OK 'zero-length write'
        EXPECT  ax, 0, 'zero bytes written'
        mov     ax, 4202h
        mov     bx, [h1]
        xor     cx, cx
        xor     dx, dx
        int     21h
        EXPECT  ax, 5, 'the write of nothing truncated the file'
        mov     ax, 4201h
        mov     bx, [h1]
        xor     cx, cx
        mov     dx, -2
        mov     cx, -1
        int     21h
        EXPECT  ax, 3, 'seek back from the current position'
        CLOSE   [h1]
        EXPECT_OK 'close'
        CLOSE   [h1]
        EXPECT_ERR 6, 'close a closed handle'

; --- open for reading; what a read-only handle refuses -----------------------
        OPEN    f_new, 0
        EXPECT_OK 'open NEW.TXT for reading'
        mov     [h1], ax
        WRITE   [h1], t_hello, 1
        EXPECT_ERR 5, 'write through a read-only handle'
        READ    [h1], 100
        EXPECT_OK 'read'
        EXPECT  ax, 5, 'read the five bytes'
        EXPECT_MEM buf, 'hello', 'bytes read back'
        READ    [h1], 100
        EXPECT  ax, 0, 'then end of file'
        CLOSE   [h1]

; --- errors of open ------------------------------------------------------------
        OPEN    f_none, 0
        EXPECT_ERR 2, 'open a missing file'
        OPEN    f_nodir, 0
        EXPECT_ERR 3, 'open in a missing directory'
        OPEN    f_wild, 0
        EXPECT_ERR 2, 'open with wildcards'
        OPEN    f_sub, 0
        EXPECT_ERR 5, 'open a directory'
        OPEN    f_new, 3
        EXPECT_ERR 0Ch, 'open with access mode 3'
        READ    99, 1
        EXPECT_ERR 6, 'read from handle 99'
        WRITE   7, t_hello, 1
        EXPECT_ERR 6, 'write to a handle that is not open'
        mov     ah, 59h
        xor     bx, bx
        int     21h
        EXPECT  ax, 6, '59h gives the last error'
        EXPECT  bh, 7, '59h class: application error'

; --- names: case, separators, aliases -------------------------------------------
        OPEN    f_readme_lc, 0
        EXPECT_OK 'open ReadMe.Txt as readme.txt'
        mov     [h1], ax
        READ    [h1], 6
        EXPECT_MEM buf, 'readme', 'README.TXT contents'
        CLOSE   [h1]
        OPEN    f_slash, 0
        EXPECT_OK 'open sub/inner.txt with forward slashes'
        mov     [h1], ax
        READ    [h1], 5
        EXPECT_MEM buf, 'inner', 'inner.txt contents'
        CLOSE   [h1]
        ; The long host name has an alias: find it, open it by it.
        mov     dx, dta
        mov     ah, 1Ah
        int     21h
        mov     ah, 4Eh
        xor     cx, cx
        mov     dx, f_alias_pat
        int     21h
        EXPECT_OK 'find the alias of "long file name.text"'
        PRINT   'alias='
        mov     si, dta + 1Eh
        PRINTZ
        call    lib_crlf
        mov     ax, 3D00h
        mov     dx, dta + 1Eh
        int     21h
        EXPECT_OK 'open the file by its alias'
        mov     [h1], ax
        READ    [h1], 4
        EXPECT_MEM buf, 'long', 'contents through the alias'
        CLOSE   [h1]

; --- directories ------------------------------------------------------------------
        CALLP   39h, f_newdir
        EXPECT_OK 'mkdir NEWDIR'
        CALLP   39h, f_newdir
        EXPECT_ERR 5, 'mkdir an existing directory'
        CALLP   39h, f_nodir_sub
        EXPECT_ERR 3, 'mkdir under a missing directory'
        CALLP   3Bh, f_newdir
        EXPECT_OK 'chdir NEWDIR'
        mov     ah, 47h
        xor     dl, dl
        mov     si, buf
        int     21h
        EXPECT_OK 'getcwd'
        EXPECT_MEM buf, {'NEWDIR', 0}, 'getcwd after chdir'
        CREATE  f_in, 0
        EXPECT_OK 'create a file in the current directory'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        CALLP   3Bh, f_dotdot
        EXPECT_OK 'chdir ..'
        mov     ah, 47h
        xor     dl, dl
        mov     si, buf
        int     21h
        EXPECT_MEM buf, {0}, 'getcwd at the root'
        CALLP   3Ah, f_newdir
        EXPECT_ERR 5, 'rmdir a directory that is not empty'
        CALLP   41h, f_newdir_in
        EXPECT_OK 'delete NEWDIR\IN.TXT'
        CALLP   3Ah, f_newdir
        EXPECT_OK 'rmdir NEWDIR'
        CALLP   3Ah, f_newdir
        EXPECT_ERR 3, 'rmdir a missing directory'
        CALLP   3Bh, f_none
        EXPECT_ERR 3, 'chdir to a missing directory'
        CALLP   3Bh, f_sub
        EXPECT_OK 'chdir SUB'
        CALLP   3Ah, f_root_sub
        EXPECT_ERR 10h, 'rmdir the current directory'
        CALLP   3Bh, f_root
        EXPECT_OK 'chdir \'

; --- drives: current drive, per-drive current directory ------------------------
        CALLP   3Bh, f_d_ddir
        EXPECT_OK 'chdir D:\DDIR'
        mov     ah, 19h
        int     21h
        EXPECT  al, 2, 'chdir on D: leaves C: current'
        mov     ah, 47h
        mov     dl, 4
        mov     si, buf
        int     21h
        EXPECT_MEM buf, {'DDIR', 0}, "D:'s current directory"
        OPEN    f_d_rel, 0
        EXPECT_OK 'open D:DFILE.TXT relative to D:\DDIR'
        mov     [h1], ax
        READ    [h1], 5
        EXPECT_MEM buf, 'dfile', 'D:DFILE.TXT contents'
        CLOSE   [h1]
        mov     ah, 0Eh
        mov     dl, 3
        int     21h
        EXPECT  al, 26, 'select D: gives LASTDRIVE'
        mov     ah, 19h
        int     21h
        EXPECT  al, 3, 'D: is current'
        OPEN    f_dfile, 0
        EXPECT_OK 'open DFILE.TXT on the current drive D:'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        mov     ah, 0Eh
        mov     dl, 20                  ; U: is no drive
        int     21h
        mov     ah, 19h
        int     21h
        EXPECT  al, 3, 'selecting a drive that does not exist changes nothing'
        mov     ah, 0Eh
        mov     dl, 2
        int     21h
        mov     ah, 47h
        mov     dl, 21
        mov     si, buf
        int     21h
        EXPECT_ERR 0Fh, 'getcwd of a drive that does not exist'

; --- delete -------------------------------------------------------------------------
        CALLP   41h, f_new
        EXPECT_OK 'delete NEW.TXT'
        CALLP   41h, f_new
        EXPECT_ERR 2, 'delete it again'
        CALLP   41h, f_wild
        EXPECT_ERR 3, 'delete with wildcards'
        CALLP   41h, f_sub
        EXPECT_ERR 5, 'delete a directory'
        CALLP   41h, f_con
        EXPECT_ERR 5, 'delete a device'

; --- attributes, read-only files -------------------------------------------------
        mov     ax, 4300h
        mov     dx, f_sub
        int     21h
        EXPECT_OK 'get attributes of SUB'
        EXPECT  cx, 10h, 'SUB is a directory'
        mov     ax, 4300h
        mov     dx, f_readme_lc
        int     21h
        EXPECT  cx, 20h, 'README.TXT is a file (archive)'
        CREATE  f_ro, 0
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        mov     ax, 4301h
        mov     cx, 1
        mov     dx, f_ro
        int     21h
        EXPECT_OK 'make RO.TXT read-only'
        mov     ax, 4300h
        mov     dx, f_ro
        int     21h
        EXPECT  cx, 21h, 'RO.TXT is read-only'
        OPEN    f_ro, 2
        EXPECT_ERR 5, 'open a read-only file for writing'
        CREATE  f_ro, 0
        EXPECT_ERR 5, 'create over a read-only file'
        CALLP   41h, f_ro
        EXPECT_ERR 5, 'delete a read-only file'
        mov     ax, 4301h
        mov     cx, 10h
        mov     dx, f_ro
        int     21h
        EXPECT_ERR 5, 'give a file the directory attribute'
        mov     ax, 4302h
        mov     dx, f_ro
        int     21h
        EXPECT_ERR 1, 'attribute subfunction 2'
        mov     ax, 4300h
        mov     dx, f_none
        int     21h
        EXPECT_ERR 2, 'attributes of a missing file'

; --- rename ---------------------------------------------------------------------------
        CREATE  f_a, 0
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        mov     dx, f_a
        mov     di, f_b
        mov     ah, 56h
        int     21h
        EXPECT_OK 'rename A.TXT to B.TXT'
        mov     dx, f_b
        mov     di, f_sub_b2
        mov     ah, 56h
        int     21h
        EXPECT_OK 'move B.TXT into SUB as B2.TXT'
        mov     dx, f_sub_b2
        mov     di, f_sub_inner
        mov     ah, 56h
        int     21h
        EXPECT_ERR 5, 'rename onto an existing file'
        mov     dx, f_sub_b2
        mov     di, f_d_x
        mov     ah, 56h
        int     21h
        EXPECT_ERR 11h, 'rename to another drive'
        mov     dx, f_none
        mov     di, f_b
        mov     ah, 56h
        int     21h
        EXPECT_ERR 2, 'rename a missing file'
        CALLP   39h, f_dir1
        mov     dx, f_dir1
        mov     di, f_dir2
        mov     ah, 56h
        int     21h
        EXPECT_OK 'rename a directory'

; --- file times -------------------------------------------------------------------------
        CREATE  f_t, 0
        mov     [h1], ax
        mov     ax, 5701h
        mov     bx, [h1]
        mov     cx, 20A3h               ; 04:05:06
        mov     dx, 2A43h               ; 2001-02-03
        int     21h
        EXPECT_OK 'set the time of T.TXT'
        WRITE   [h1], t_hello, 3        ; written after: close keeps the time set
        CLOSE   [h1]
        OPEN    f_t, 0
        mov     [h1], ax
        mov     ax, 5700h
        mov     bx, [h1]
        int     21h
        EXPECT_OK 'get the time of T.TXT'
        EXPECT  cx, 20A3h, 'time read back'
        EXPECT  dx, 2A43h, 'date read back'
        mov     ax, 5705h
        mov     bx, [h1]
        int     21h
        EXPECT_ERR 1, 'file time subfunction 5'
        CLOSE   [h1]

; --- temporary and new files -----------------------------------------------------------
        mov     ah, 5Ah
        xor     cx, cx
        mov     dx, tmpname
        int     21h
        EXPECT_OK 'create a temporary file'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        PRINT   'temp='
        mov     si, tmpname
        PRINTZ
        call    lib_crlf
        CALLP   5Bh, f_newonly
        EXPECT_OK 'create a new file'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        xor     cx, cx
        CALLP   5Bh, f_newonly
        EXPECT_ERR 50h, 'create-new over an existing file'

; --- extended open (6Ch) -----------------------------------------------------------
        mov     ax, 6C00h
        mov     bx, 2
        xor     cx, cx
        mov     dx, 10h                 ; create; fail if it exists
        mov     si, f_ext
        int     21h
        EXPECT_OK '6Ch create'
        EXPECT  cx, 2, '6Ch says created'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        mov     ax, 6C00h
        mov     bx, 0
        mov     dx, 01h                 ; open if it exists
        mov     si, f_ext
        int     21h
        EXPECT_OK '6Ch open'
        EXPECT  cx, 1, '6Ch says opened'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        mov     ax, 6C00h
        mov     bx, 2
        xor     cx, cx
        mov     dx, 12h                 ; replace it, or create it
        mov     si, f_ext
        int     21h
        EXPECT_OK '6Ch replace'
        EXPECT  cx, 3, '6Ch says replaced'
        mov     bx, ax
        mov     ah, 3Eh
        int     21h
        mov     ax, 6C00h
        mov     bx, 2
        xor     cx, cx
        mov     dx, 10h
        mov     si, f_ext
        int     21h
        EXPECT_ERR 50h, '6Ch create-only of an existing file'
        mov     ax, 6C00h
        mov     bx, 0
        mov     dx, 01h
        mov     si, f_none
        int     21h
        EXPECT_ERR 2, '6Ch open of a missing file'
        mov     ax, 6C00h
        mov     bx, 2
        mov     dx, 02h                 ; replace, fail if missing
        mov     si, f_none
        int     21h
        EXPECT_ERR 2, '6Ch replace of a missing file'
        mov     ax, 6C00h
        xor     dx, dx
        mov     si, f_ext
        int     21h
        EXPECT_ERR 1, '6Ch with no action'

; --- handle count (67h), commit (68h) --------------------------------------------------
        mov     ah, 67h
        mov     bx, 40
        int     21h
        EXPECT_OK 'set the handle count to 40'
        xor     bp, bp                  ; files opened
.open_more:
        OPEN    f_readme_lc, 0
        jc      .full
        mov     bx, bp
        shl     bx, 1
        mov     [handles + bx], ax
        inc     bp
        cmp     bp, 40
        jb      .open_more
.full:
        EXPECT_ERR 4, 'opening until no handle is left'
        cmp     bp, 25
        jae     .enough
        PRINT   'FAIL: fewer than 25 files open with 40 handles', 13, 10
        inc     word [lib_failures]
.enough:
        mov     bx, bp                  ; a handle beyond 20 works
        dec     bx
        shl     bx, 1
        mov     bx, [handles + bx]
        mov     ah, 68h
        int     21h
        EXPECT_OK 'commit a handle above 20'
.close_all:
        dec     bp
        js      .closed
        mov     bx, bp
        shl     bx, 1
        mov     bx, [handles + bx]
        mov     ah, 3Eh
        int     21h
        jmp     .close_all
.closed:
        mov     ah, 67h
        mov     bx, 20
        int     21h
        EXPECT_OK 'back to 20 handles'
        mov     ah, 68h
        mov     bx, 99
        int     21h
        EXPECT_ERR 6, 'commit handle 99'

; --- dup and force dup --------------------------------------------------------------------
        CREATE  f_dup, 0
        mov     [h1], ax
        mov     bx, ax
        mov     ah, 45h
        int     21h
        EXPECT_OK 'dup'
        mov     [h2], ax
        WRITE   [h2], t_one, 4
        CLOSE   [h2]
        WRITE   [h1], t_two, 4           ; the shared position is after "one,"
        mov     ah, 45h                 ; stdout to DUP.TXT through 46h
        mov     bx, 1
        int     21h
        mov     [h2], ax
        mov     ah, 46h
        mov     bx, [h1]
        mov     cx, 1
        int     21h
        EXPECT_OK 'force dup onto stdout'
        mov     ah, 09h
        mov     dx, t_three
        int     21h
        mov     ah, 46h
        mov     bx, [h2]
        mov     cx, 1
        int     21h
        EXPECT_OK 'put stdout back'
        CLOSE   [h2]
        CLOSE   [h1]
        mov     ah, 46h
        mov     bx, 99
        mov     cx, 1
        int     21h
        EXPECT_ERR 6, 'force dup of handle 99'

; --- free space -------------------------------------------------------------------------------
        mov     ah, 36h
        xor     dl, dl
        int     21h
        EXPECT  cx, 512, '36h bytes per sector'
        cmp     ax, 0FFFFh
        jne     .free_ok
        PRINT   'FAIL: 36h says C: is no drive', 13, 10
        inc     word [lib_failures]
.free_ok:
        cmp     bx, dx
        jbe     .free_ok2
        PRINT   'FAIL: 36h more free than total clusters', 13, 10
        inc     word [lib_failures]
.free_ok2:
        mov     ah, 36h
        mov     dl, 22                  ; V:
        int     21h
        EXPECT  ax, 0FFFFh, '36h of a drive that does not exist'

; --- the read-only drive R: -----------------------------------------------------------
        CREATE  f_r_new, 0
        EXPECT_ERR 5, 'create on a read-only drive'
        OPEN    f_r_keep, 2
        EXPECT_ERR 5, 'open for writing on a read-only drive'
        OPEN    f_r_keep, 0
        EXPECT_OK 'open for reading on a read-only drive'
        mov     [h1], ax
        READ    [h1], 4
        EXPECT_MEM buf, 'keep', 'read from the read-only drive'
        mov     ax, 5701h
        mov     bx, [h1]
        xor     cx, cx
        mov     dx, 21h
        int     21h
        EXPECT_ERR 5, 'set a time on a read-only drive'
        CLOSE   [h1]
        CALLP   41h, f_r_keep
        EXPECT_ERR 5, 'delete on a read-only drive'
        CALLP   39h, f_r_dir
        EXPECT_ERR 5, 'mkdir on a read-only drive'
        mov     dx, f_r_keep
        mov     di, f_r_new
        mov     ah, 56h
        int     21h
        EXPECT_ERR 5, 'rename on a read-only drive'
        mov     ax, 4301h
        mov     cx, 1
        mov     dx, f_r_keep
        int     21h
        EXPECT_ERR 5, 'set attributes on a read-only drive'
        mov     ah, 59h
        xor     bx, bx
        int     21h
        EXPECT  ax, 5, '59h: access denied'
        EXPECT  bh, 3, '59h class: authorization'
        EXPECT  ch, 2, '59h locus: block device'

        FINISH

        DOSLIB_ROUTINES

f_new:          db      'NEW.TXT', 0
f_none:         db      'NONE.TXT', 0
f_nodir:        db      'NODIR\X.TXT', 0
f_nodir_sub:    db      'NODIR\SUB', 0
f_wild:         db      '*.TXT', 0
f_sub:          db      'SUB', 0
f_root_sub:     db      '\SUB', 0
f_root:         db      '\', 0
f_dotdot:       db      '..', 0
f_readme_lc:    db      'readme.txt', 0
f_slash:        db      'sub/inner.txt', 0
f_sub_inner:    db      'SUB\INNER.TXT', 0
f_alias_pat:    db      'LONG~*.TEX', 0
f_newdir:       db      'NEWDIR', 0
f_newdir_in:    db      'NEWDIR\IN.TXT', 0
f_in:           db      'IN.TXT', 0
f_d_ddir:       db      'D:\DDIR', 0
f_d_rel:        db      'D:DFILE.TXT', 0
f_dfile:        db      'DFILE.TXT', 0
f_d_x:          db      'D:\X.TXT', 0
f_con:          db      'CON', 0
f_ro:           db      'RO.TXT', 0
f_a:            db      'A.TXT', 0
f_b:            db      'B.TXT', 0
f_sub_b2:       db      'SUB\B2.TXT', 0
f_dir1:         db      'DIR1', 0
f_dir2:         db      'DIR2', 0
f_t:            db      'T.TXT', 0
f_newonly:      db      'NEWONLY.TXT', 0
f_ext:          db      'EXT.TXT', 0
f_dup:          db      'DUP.TXT', 0
f_r_new:        db      'R:\NEW.TXT', 0
f_r_keep:       db      'R:\KEEP.TXT', 0
f_r_dir:        db      'R:\DIR', 0
t_hello:        db      'hello world'
t_one:          db      'one,'
t_two:          db      'two,'
t_three:        db      'three$'
tmpname:        db      'C:\', 0
                times 16 db 0
h1:             dw      0
h2:             dw      0
handles:        times 40 dw 0
dta:            times 128 db 0
buf:            times 256 db 0
