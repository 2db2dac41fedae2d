; The MCB chain: allocate, free, resize (48h, 49h, 4Ah), first/best/last fit and
; the UMB link (58h), errors 7, 8, 9, free blocks merging, and a chain that is whole
; at the end.
%include "doslib.inc"
        org     100h

%macro ALLOC 1
        mov     ah, 48h
        mov     bx, %1
        int     21h
%endmacro
%macro FREE 1
        mov     es, %1
        mov     ah, 49h
        int     21h
        push    cs
        pop     es
%endmacro
%macro STRATEGY 1
        mov     ax, 5801h
        mov     bx, %1
        int     21h
%endmacro

start:
        mov     bx, 1000h
        mov     ah, 4Ah
        int     21h
        EXPECT_OK 'shrink to 64 KiB'
        call    walk
        mov     [blocks0], ax

; --- too much, and what there is -------------------------------------------------
        ALLOC   0FFFFh
        EXPECT_ERR 8, 'allocate 1 MiB'
        mov     [largest], bx
        cmp     bx, 8000h
        ja      .big
        PRINT   'FAIL: less than 512 KiB free', 13, 10
        inc     word [lib_failures]
.big:   ALLOC   [largest]
        EXPECT_OK 'allocate the largest block'
        mov     [p1], ax
        ALLOC   1
        EXPECT_ERR 8, 'allocate with nothing left'
        EXPECT  bx, 0, 'nothing left'
        FREE    [p1]
        EXPECT_OK 'free it'

; --- first, best and last fit ------------------------------------------------------
        ALLOC   200h
        mov     [p1], ax
        ALLOC   10h
        mov     [p2], ax
        ALLOC   100h
        mov     [p3], ax
        ALLOC   10h
        mov     [p4], ax
        mov     ax, [p1]
        add     ax, 201h
        EXPECT  ax, [p2], 'blocks follow each other'
        FREE    [p1]
        FREE    [p3]
        ALLOC   80h
        EXPECT  ax, [p1], 'first fit takes the first hole'
        FREE    ax
        STRATEGY 1
        EXPECT_OK 'best fit'
        mov     ax, 5800h
        int     21h
        EXPECT  ax, 1, 'strategy reads back'
        ALLOC   80h
        EXPECT  ax, [p3], 'best fit takes the smallest hole'
        FREE    ax
        STRATEGY 2
        ALLOC   80h
        add     ax, 80h
        EXPECT  ax, 0A000h, 'last fit takes the top of memory'
        sub     ax, 80h
        FREE    ax
        STRATEGY 3
        EXPECT_ERR 1, 'strategy 3'
        STRATEGY 41h
        EXPECT_OK 'strategy 41h (high memory first, best fit)'
        STRATEGY 0
        mov     ax, 5802h
        int     21h
        EXPECT_OK '5802h'
        EXPECT  al, 0, 'UMBs not linked'
        mov     ax, 5803h
        mov     bx, 1
        int     21h
        EXPECT_ERR 1, 'link UMBs when there are none'
        mov     ax, 5803h
        xor     bx, bx
        int     21h
        EXPECT_OK 'unlink UMBs'
        mov     ax, 5804h
        int     21h
        EXPECT_ERR 1, '5804h'

; --- merging free neighbours ------------------------------------------------------
        FREE    [p2]                    ; p1..p3 free now: 200h + 10h + 100h + 2 MCBs
        ALLOC   312h
        EXPECT  ax, [p1], 'three free neighbours make one block'
        mov     [p1], ax
        FREE    [p1]
        FREE    [p4]

; --- resize ---------------------------------------------------------------------------
        ALLOC   100h
        mov     [p1], ax
        ALLOC   100h
        mov     [p2], ax
        mov     es, [p1]
        mov     bx, 180h
        mov     ah, 4Ah
        int     21h
        EXPECT_ERR 8, 'grow into an allocated block'
        EXPECT  bx, 100h, 'BX says how large it can be'
        FREE    [p2]
        mov     es, [p1]
        mov     bx, 0FFFFh
        mov     ah, 4Ah
        int     21h
        EXPECT_ERR 8, 'grow beyond memory'
        mov     [largest], bx
        mov     ax, [p1]                ; as in DOS, it grew as far as it could
        dec     ax
        mov     es, ax
        mov     ax, [es:3]
        push    cs
        pop     es
        EXPECT  ax, [largest], 'the block is now that large'
        mov     es, [p1]
        mov     bx, 10h
        mov     ah, 4Ah
        int     21h
        EXPECT_OK 'shrink it'
        push    cs
        pop     es
        FREE    [p1]

; --- errors 7 and 9 -----------------------------------------------------------------
        mov     ax, cs
        add     ax, 5
        FREE    ax
        EXPECT_ERR 9, 'free something that is not a block'
        xor     ax, ax
        FREE    ax
        EXPECT_ERR 9, 'free segment 0'
        ALLOC   20h
        mov     [p1], ax
        ALLOC   20h
        mov     [p2], ax
        mov     ax, [p2]                ; break the chain at p2
        dec     ax
        mov     es, ax
        mov     byte [es:0], 'X'
        push    cs
        pop     es
        ALLOC   30h
        EXPECT_ERR 7, 'allocate over a broken chain'
        mov     es, [p2]
        mov     bx, 10h
        mov     ah, 4Ah
        int     21h
        EXPECT_ERR 7, 'resize a block whose MCB is broken'
        push    cs
        pop     es
        FREE    [p2]
        EXPECT_ERR 9, 'free a block whose MCB is broken'
        mov     ax, [p2]
        dec     ax
        mov     es, ax
        mov     byte [es:0], 'M'
        push    cs
        pop     es
        ALLOC   30h
        EXPECT_OK 'the chain mended, allocation works again'
        FREE    ax
        FREE    [p1]
        FREE    [p2]

; --- who owns what ------------------------------------------------------------------
        mov     ax, cs
        dec     ax
        mov     es, ax
        mov     ax, [es:1]
        push    cs
        pop     es
        mov     bx, cs
        EXPECT  ax, bx, 'the program block belongs to the PSP'
        mov     ax, [2Ch]
        dec     ax
        mov     es, ax
        mov     ax, [es:1]
        push    cs
        pop     es
        EXPECT  ax, bx, 'the environment belongs to the PSP'

        ALLOC   0FFFFh                  ; a scan joins the free neighbours
        call    walk
        EXPECT  ax, [blocks0], 'the chain has as many blocks as at the start'
        FINISH

; Walks the MCB chain; AX = the number of blocks, with a FAIL line if it is broken
; or does not end at A000h.
walk:   push    bx
        push    es
        mov     ah, 52h
        int     21h
        mov     ax, [es:bx - 2]
        xor     bx, bx
.next:  mov     es, ax
        inc     bx
        cmp     byte [es:0], 'M'
        je      .more
        cmp     byte [es:0], 'Z'
        jne     .broken
        add     ax, [es:3]
        inc     ax
        cmp     ax, 0A000h
        jne     .broken
        mov     ax, bx
        pop     es
        pop     bx
        ret
.more:  add     ax, [es:3]
        inc     ax
        jmp     .next
.broken:
        PRINT   'FAIL: the MCB chain is broken', 13, 10
        inc     word [cs:lib_failures]
        xor     ax, ax
        pop     es
        pop     bx
        ret

        DOSLIB_ROUTINES

blocks0:        dw      0
largest:        dw      0
p1:             dw      0
p2:             dw      0
p3:             dw      0
p4:             dw      0
