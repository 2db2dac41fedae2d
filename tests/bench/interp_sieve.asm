; Sieve of Eratosthenes over 8190 odd numbers, the Byte benchmark's classic: plain 16-bit
; integer code (loads, stores, compares, branches) for the interpreter micro benchmark.
; In: CX = passes. Out: AX = primes found in the last pass (1899). Ends with HLT.
        bits 16
        org 0
SIZE    equ 8190

start:  push cs
        pop ds
.pass:  push cx
        xor si, si
.fill:  mov byte [flags + si], 1
        inc si
        cmp si, SIZE
        jb .fill
        xor bx, bx
        xor si, si
.outer: cmp byte [flags + si], 0
        je .next
        mov ax, si
        add ax, ax
        add ax, 3
        mov di, si
        add di, ax
.inner: cmp di, SIZE
        jae .count
        mov byte [flags + di], 0
        add di, ax
        jmp .inner
.count: inc bx
.next:  inc si
        cmp si, SIZE
        jb .outer
        pop cx
        loop .pass
        mov ax, bx
        hlt

flags:
