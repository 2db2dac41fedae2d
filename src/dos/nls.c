/* National language support: the country information of int 21h 38h and 65h, the
 * code page of 66h, the DBCS table of 63h and the case and collating tables they
 * point to, for the USA (country 001) and code page 437, which is what DOS reports
 * without COUNTRY= and NLSFUNC. */
#include <string.h>

#include "dos/dos.h"
#include "dos/nls.h"
#include "dos/paths.h"

#define COUNTRY_USA  1
#define CODEPAGE_437 437
#define COUNTRY_SIZE 0x22

static const char fterm_chars[] = ".\"/\\[]:|<>+=;,";

void dos_nls_init(struct machine *m)
{
    uint32_t up = dos_addr(DOS_UPCASE), fup = dos_addr(DOS_FUPCASE);
    uint32_t term = dos_addr(DOS_FTERM), coll = dos_addr(DOS_COLLATE);
    uint8_t t[24];
    size_t n = strlen(fterm_chars);

    mem_wr16(&m->mem, up, 128);
    mem_write(&m->mem, up + 2, dos_upcase_table, 128);
    mem_wr16(&m->mem, fup, 128);
    mem_write(&m->mem, fup + 2, dos_upcase_table, 128);
    /* File name characters: 00h-FFh less 00h-20h and the terminators. */
    t[0] = 0x01;
    t[1] = 0x00;
    t[2] = 0xFF;
    t[3] = 0x00;
    t[4] = 0x00;
    t[5] = 0x20;
    t[6] = 0x02;
    t[7] = (uint8_t)n;
    memcpy(t + 8, fterm_chars, n);
    mem_wr16(&m->mem, term, (uint16_t)(8 + n));
    mem_write(&m->mem, term + 2, t, 8 + n);
    /* Collating: letters sort without case and without accents. */
    mem_wr16(&m->mem, coll, 256);
    for (unsigned c = 0; c < 256; c++)
        mem_wr8(&m->mem, coll + 2 + c, dos_upcase((uint8_t)c));
    mem_wr16(&m->mem, dos_addr(DOS_DBCS), 0);
    mem_wr16(&m->mem, dos_addr(DOS_DBCS) + 2, 0);
}

/* The 34-byte country information block (int 21h 38h). */
static void country_info(struct machine *m, uint8_t out[COUNTRY_SIZE])
{
    memset(out, 0, COUNTRY_SIZE);
    out[0x00] = 0;   /* date: month day year */
    out[0x02] = '$'; /* currency */
    out[0x07] = ','; /* thousands */
    out[0x09] = '.'; /* decimals */
    out[0x0B] = '-'; /* date */
    out[0x0D] = ':'; /* time */
    out[0x0F] = 0;   /* currency symbol first, no blank */
    out[0x10] = 2;   /* currency digits */
    out[0x11] = 0;   /* 12-hour clock */
    out[0x12] = (uint8_t)m->dos->rom.casemap;
    out[0x13] = (uint8_t)(m->dos->rom.casemap >> 8);
    out[0x14] = (uint8_t)ROM_SEG;
    out[0x15] = (uint8_t)(ROM_SEG >> 8);
    out[0x16] = ','; /* list separator */
}

void dos_country(struct machine *m, struct cpu_regs *r)
{
    uint16_t code = r->al == 0xFF ? r->bx : r->al;
    uint8_t info[COUNTRY_SIZE];

    if (r->dx == 0xFFFF) {
        /* Set the country: only the one there is. */
        if (code != 0 && code != COUNTRY_USA)
            return dos_fail(m, r, DOSERR_FILE_NOT_FOUND);
        return dos_ok(r);
    }
    if (code != 0 && code != COUNTRY_USA)
        return dos_fail(m, r, DOSERR_FILE_NOT_FOUND); /* error 2: no such country */
    country_info(m, info);
    mem_write(&m->mem, cpu_linear(r->ds, r->dx), info, sizeof(info));
    r->ax = COUNTRY_USA;
    r->bx = COUNTRY_USA;
    dos_ok(r);
}

static void put_table(struct machine *m, struct cpu_regs *r, uint8_t id, uint16_t off)
{
    uint32_t dst = cpu_linear(r->es, r->di);

    if (r->cx < 5)
        return dos_fail(m, r, DOSERR_FUNCTION);
    mem_wr8(&m->mem, dst, id);
    mem_wr16(&m->mem, dst + 1, off);
    mem_wr16(&m->mem, dst + 3, DOS_SEG);
    r->cx = 5;
    dos_ok(r);
}

static uint16_t yes_no(uint8_t c)
{
    c = dos_upcase(c);
    return c == 'Y' ? 1 : c == 'N' ? 0 : 2;
}

void dos_ext_country(struct machine *m, struct cpu_regs *r)
{
    uint32_t p;

    if (r->al >= 0x01 && r->al <= 0x07) {
        if (r->dx != 0xFFFF && r->dx != COUNTRY_USA)
            return dos_fail(m, r, DOSERR_FILE_NOT_FOUND);
        if (r->bx != 0xFFFF && r->bx != CODEPAGE_437)
            return dos_fail(m, r, DOSERR_FILE_NOT_FOUND);
    }
    switch (r->al) {
    case 0x01: { /* general information */
        uint8_t buf[7 + COUNTRY_SIZE];
        uint16_t n = r->cx;
        if (n < 5)
            return dos_fail(m, r, DOSERR_FUNCTION);
        buf[0] = 0x01;
        buf[1] = 4 + COUNTRY_SIZE;
        buf[2] = 0;
        buf[3] = COUNTRY_USA;
        buf[4] = 0;
        buf[5] = (uint8_t)CODEPAGE_437;
        buf[6] = (uint8_t)(CODEPAGE_437 >> 8);
        country_info(m, buf + 7);
        if (n > sizeof(buf))
            n = sizeof(buf);
        mem_write(&m->mem, cpu_linear(r->es, r->di), buf, n);
        r->cx = n;
        return dos_ok(r);
    }
    case 0x02: return put_table(m, r, 0x02, DOS_UPCASE);
    case 0x04: return put_table(m, r, 0x04, DOS_FUPCASE);
    case 0x05: return put_table(m, r, 0x05, DOS_FTERM);
    case 0x06: return put_table(m, r, 0x06, DOS_COLLATE);
    case 0x07: return put_table(m, r, 0x07, DOS_DBCS);
    case 0x20: /* capitalize a character */
    case 0xA0: r->dl = dos_upcase(r->dl); return dos_ok(r);
    case 0x21: /* capitalize a string of CX bytes */
    case 0xA1:
        p = cpu_linear(r->ds, r->dx);
        for (uint16_t i = 0; i < r->cx; i++)
            mem_wr8(&m->mem, p + i, dos_upcase(mem_rd8(&m->mem, p + i)));
        return dos_ok(r);
    case 0x22: /* capitalize an ASCIIZ string */
    case 0xA2:
        p = cpu_linear(r->ds, r->dx);
        for (uint32_t i = 0; i < 0x10000 && mem_rd8(&m->mem, p + i); i++)
            mem_wr8(&m->mem, p + i, dos_upcase(mem_rd8(&m->mem, p + i)));
        return dos_ok(r);
    case 0x23: /* yes or no? */ r->ax = yes_no(r->dl); return dos_ok(r);
    default: return dos_fail(m, r, DOSERR_FUNCTION);
    }
}

void dos_code_page(struct machine *m, struct cpu_regs *r)
{
    switch (r->al) {
    case 0x01:
        r->bx = CODEPAGE_437;
        r->dx = CODEPAGE_437;
        return dos_ok(r);
    case 0x02:
        if (r->bx != CODEPAGE_437)
            return dos_fail(m, r, DOSERR_FILE_NOT_FOUND);
        return dos_ok(r);
    default: return dos_fail(m, r, DOSERR_FUNCTION);
    }
}

void dos_dbcs(struct machine *m, struct cpu_regs *r)
{
    switch (r->al) {
    case 0x00: /* the (empty) table of DBCS lead byte ranges */
        r->ds = DOS_SEG;
        r->si = DOS_DBCS;
        r->al = 0;
        return dos_ok(r);
    case 0x01: return dos_ok(r);
    case 0x02: r->dl = 0; return dos_ok(r);
    default: r->al = 0xFF; return dos_fail(m, r, DOSERR_FUNCTION);
    }
}
