/* Where DOS keeps what programs read directly, and the layouts they expect: the
 * List of Lists, SFT, CDS, DPBs, device headers, country tables, MCBs and PSPs (Ralf
 * Brown's Interrupt List, int 21h 52h; MS-DOS 4.0 layouts). */
#ifndef HVDOS_DOSDATA_H
#define HVDOS_DOSDATA_H

/* The DOS data segment at 0070:0000 holds, in this order: */
#define DOS_SEG         0x0070u
#define DOS_SDA         0x0000u /* swappable data area: +0 critical error flag, +1 InDOS */
#define DOS_SDA_SIZE    0x0080u
#define DOS_LOL_PREFIX  0x0080u /* the 0Ch bytes before the List of Lists */
#define DOS_LOL         0x008Cu /* int 21h 52h returns 0070:008C */
#define DOS_LOL_SIZE    0x0070u
#define DOS_DEVICES     0x0100u /* CON, AUX, PRN, CLOCK$ headers after NUL (in the LoL) */
#define DOS_DEVICE_SIZE 0x0012u
#define DOS_MEDIA_ID    0x0148u /* byte: media ID for int 21h 1Bh/1Ch (F8h, fixed disk) */
#define DOS_DBCS        0x014Au /* the empty DBCS lead byte table (int 21h 63h, 6507h) */
#define DOS_SFT         0x0180u /* the system file table */
#define DOS_SFT_COUNT   40u
#define DOS_SFT_ENTRY   0x3Bu
#define DOS_CDS         (DOS_SFT + 6 + DOS_SFT_COUNT * DOS_SFT_ENTRY) /* 26 x 58h bytes */
#define DOS_CDS_ENTRY   0x58u
#define DOS_CDS_COUNT   26u
#define DOS_DPB         (DOS_CDS + DOS_CDS_COUNT * DOS_CDS_ENTRY) /* 26 x 21h bytes */
#define DOS_DPB_ENTRY   0x21u
#define DOS_UPCASE      (DOS_DPB + 26 * DOS_DPB_ENTRY) /* word 128, then 80h-FFh */
#define DOS_FUPCASE     (DOS_UPCASE + 0x82)            /* the same for file names */
#define DOS_FTERM       (DOS_FUPCASE + 0x82)           /* file name terminators, 24h bytes */
#define DOS_COLLATE     (DOS_FTERM + 0x24)             /* word 256, then 256 bytes */
#define DOS_DATA_END    (DOS_COLLATE + 0x102)
/* The first MCB: the paragraph after the DOS data. */
#define DOS_FIRST_MCB (DOS_SEG + (DOS_DATA_END + 15) / 16)

/* Swappable data area fields. */
#define SDA_CRIT_ERROR 0x00 /* byte: in a critical error (int 24h) */
#define SDA_INDOS      0x01 /* byte: InDOS, int 21h 34h */

/* List of Lists fields (offsets from DOS_LOL; negative ones before it). */
#define LOL_FIRST_MCB   (-2) /* word: segment of the first MCB */
#define LOL_DPB         0x00 /* dword */
#define LOL_SFT         0x04 /* dword: the first SFT block */
#define LOL_CLOCK_DEV   0x08 /* dword */
#define LOL_CON_DEV     0x0C /* dword */
#define LOL_MAX_SECTOR  0x10 /* word */
#define LOL_BUFFERS     0x12 /* dword */
#define LOL_CDS         0x16 /* dword */
#define LOL_FCB_SFT     0x1A /* dword */
#define LOL_FCB_KEEP    0x1E /* word */
#define LOL_BLOCK_DEVS  0x20 /* byte */
#define LOL_LASTDRIVE   0x21 /* byte */
#define LOL_NUL_DEV     0x22 /* 18 bytes: the NUL device header, head of the chain */
#define LOL_JOINED      0x34 /* byte */
#define LOL_BUFFERS_X   0x3F /* word: BUFFERS= */
#define LOL_BOOT_DRIVE  0x43 /* byte: 1 = A: */
#define LOL_DWORD_MOVES 0x44 /* byte: 1 on a 386 or later */
#define LOL_FIRST_UMB   0x66 /* word: first MCB in upper memory, FFFFh: none */

/* Device header (18 bytes). */
#define DEV_NEXT      0x00 /* dword */
#define DEV_ATTR      0x04 /* word */
#define DEV_STRATEGY  0x06
#define DEV_INTERRUPT 0x08
#define DEV_NAME      0x0A /* 8 bytes, blank padded */

/* SFT entry (DOS 4+ layout, 3Bh bytes); the block header is a far link and a count. */
#define SFT_HANDLES 0x00 /* word: JFT entries that refer to it; 0 = free */
#define SFT_MODE    0x02 /* word: open mode */
#define SFT_ATTR    0x04 /* byte */
#define SFT_DEVINFO 0x05 /* word: as IOCTL 4400h returns it */
#define SFT_DEVPTR  0x07 /* dword: device header for devices */
#define SFT_CLUSTER 0x0B
#define SFT_TIME    0x0D
#define SFT_DATE    0x0F
#define SFT_SIZE    0x11 /* dword */
#define SFT_POS     0x15 /* dword */
#define SFT_NAME    0x20 /* 11 bytes, FCB format */
#define SFT_PSP     0x31 /* word: owner */

/* SFT open mode and device information bits. */
#define SFT_MODE_FCB        0x8000u /* opened through an FCB */
#define SFT_MODE_NO_INHERIT 0x0080u
#define DEVINFO_DEVICE      0x0080u
#define DEVINFO_FILE_CLEAN  0x0040u /* a file not written to since it was opened */
#define DEVINFO_DEV_NOT_EOF 0x0040u /* a device: input not at end of file */
#define DEVINFO_RAW         0x0020u /* a device in binary (raw) mode */
#define DEVINFO_KEEP_TIME   0x4000u /* a file: 57h set its time, close keeps it */
#define DEVINFO_DRIVE_MASK  0x003Fu

/* Current directory structure (DOS 4+, 58h bytes). */
#define CDS_PATH     0x00 /* 67 bytes: "C:\DIR" */
#define CDS_FLAGS    0x43 /* word: 4000h physical drive */
#define CDS_DPB      0x45 /* dword */
#define CDS_CLUSTER  0x49 /* word: start cluster of the current directory */
#define CDS_REDIR    0x4B /* dword */
#define CDS_ROOT_LEN 0x4F /* word: chars of the path that are the root ("C:\" = 2) */

/* Drive parameter block (DOS 4+, 21h bytes). */
#define DPB_DRIVE         0x00
#define DPB_UNIT          0x01
#define DPB_SECTOR_SIZE   0x02 /* word */
#define DPB_CLUSTER_MASK  0x04 /* sectors per cluster - 1 */
#define DPB_CLUSTER_SHIFT 0x05
#define DPB_RESERVED      0x06 /* word */
#define DPB_FATS          0x08
#define DPB_ROOT_ENTRIES  0x09 /* word */
#define DPB_FIRST_DATA    0x0B /* word */
#define DPB_MAX_CLUSTER   0x0D /* word: clusters + 1 */
#define DPB_FAT_SECTORS   0x0F /* word */
#define DPB_FIRST_DIR     0x11 /* word */
#define DPB_DEVICE        0x13 /* dword */
#define DPB_MEDIA         0x17
#define DPB_ACCESSED      0x18 /* 00h: accessed, FFh: not */
#define DPB_NEXT          0x19 /* dword; offset FFFFh ends the chain */
#define DPB_FREE_SEARCH   0x1D /* word */
#define DPB_FREE          0x1F /* word: free clusters, FFFFh unknown */

/* Memory control block: the paragraph before each block. */
#define MCB_TYPE      0x00 /* 'M' = more follow, 'Z' = last */
#define MCB_OWNER     0x01 /* word: PSP segment, 0 = free, 8 = DOS */
#define MCB_SIZE      0x03 /* word: paragraphs, not counting the MCB */
#define MCB_NAME      0x08 /* 8 bytes: the owner's program name */
#define MCB_OWNER_DOS 0x0008u

/* Program segment prefix. */
#define PSP_INT20    0x00 /* CD 20 */
#define PSP_MEM_TOP  0x02 /* word: first segment past the program's memory */
#define PSP_CALL5    0x05 /* far call to DOS (CP/M entry) */
#define PSP_INT22    0x0A /* dword: terminate address */
#define PSP_INT23    0x0E /* dword: Ctrl-C handler */
#define PSP_INT24    0x12 /* dword: critical error handler */
#define PSP_PARENT   0x16 /* word */
#define PSP_JFT      0x18 /* 20 bytes: job file table, FFh = closed */
#define PSP_ENV      0x2C /* word: environment segment */
#define PSP_SSSP     0x2E /* dword: SS:SP on entry to the last int 21h */
#define PSP_JFT_SIZE 0x32 /* word */
#define PSP_JFT_PTR  0x34 /* dword */
#define PSP_PREV     0x38 /* dword: previous PSP (SHARE) */
#define PSP_VERSION  0x40 /* word: version to return for int 21h 30h */
#define PSP_DISPATCH 0x50 /* CD 21 CB: int 21h, retf */
#define PSP_FCB1     0x5C
#define PSP_FCB2     0x6C
#define PSP_TAIL     0x80 /* count byte, then the command tail, then CR */
#define PSP_SIZE     0x100

#define JFT_DEFAULT_SIZE 20
#define JFT_CLOSED       0xFF

/* EXEC parameter blocks (int 21h 4B00h/4B01h, 4B03h). */
#define EXEC_ENV    0x00 /* word */
#define EXEC_TAIL   0x02 /* dword */
#define EXEC_FCB1   0x06 /* dword */
#define EXEC_FCB2   0x0A /* dword */
#define EXEC_SSSP   0x0E /* dword, 4B01h: returned */
#define EXEC_CSIP   0x12 /* dword, 4B01h: returned */
#define EXEC3_SEG   0x00 /* word: load segment */
#define EXEC3_RELOC 0x02 /* word: relocation factor */

#endif
