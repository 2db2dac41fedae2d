/* The MCB chain in guest memory, as MS-DOS keeps it: allocation scans the whole chain,
 * joining free neighbours as it goes, and takes the first, best or last fit; freeing
 * only marks a block free; a block grows into the free blocks after it. A chain that
 * is broken is error 7, never a crash. */
#include <string.h>

#include "dos/dos.h"

#define MCB_END 0xA000u /* conventional memory ends at 640 KiB */

static uint32_t mcb_lin(uint16_t mcb)
{
    return (uint32_t)mcb << 4;
}

static uint8_t mcb_type(const struct machine *m, uint16_t mcb)
{
    return mem_rd8(&m->mem, mcb_lin(mcb) + MCB_TYPE);
}

static uint16_t mcb_owner(const struct machine *m, uint16_t mcb)
{
    return mem_rd16(&m->mem, mcb_lin(mcb) + MCB_OWNER);
}

static uint16_t mcb_size(const struct machine *m, uint16_t mcb)
{
    return mem_rd16(&m->mem, mcb_lin(mcb) + MCB_SIZE);
}

static void mcb_write(struct machine *m, uint16_t mcb, uint8_t type, uint16_t owner, uint16_t size)
{
    mem_wr8(&m->mem, mcb_lin(mcb) + MCB_TYPE, type);
    mem_wr16(&m->mem, mcb_lin(mcb) + MCB_OWNER, owner);
    mem_wr16(&m->mem, mcb_lin(mcb) + MCB_SIZE, size);
}

static uint16_t mcb_first(const struct machine *m)
{
    return mem_rd16(&m->mem, dos_addr(DOS_LOL + LOL_FIRST_MCB));
}

static bool mcb_sig_ok(const struct machine *m, uint16_t mcb)
{
    uint8_t t = mcb_type(m, mcb);
    return t == 'M' || t == 'Z';
}

/* The block after mcb, or 0 if mcb is the last or the chain is broken there. */
static uint16_t mcb_next(const struct machine *m, uint16_t mcb, bool *broken)
{
    uint32_t next = (uint32_t)mcb + mcb_size(m, mcb) + 1;

    *broken = false;
    if (mcb_type(m, mcb) == 'Z')
        return 0;
    if (next > 0xFFFF || !mcb_sig_ok(m, (uint16_t)next)) {
        *broken = true;
        return 0;
    }
    return (uint16_t)next;
}

bool dos_mcb_valid(const struct machine *m, uint16_t mcb)
{
    uint16_t cur = mcb_first(m);
    bool broken;

    if (!mcb_sig_ok(m, cur))
        return false;
    for (unsigned guard = 0; cur && guard < 0x10000; guard++) {
        if (cur == mcb)
            return true;
        cur = mcb_next(m, cur, &broken);
    }
    return false;
}

void dos_mcb_init(struct machine *m, uint16_t first, uint16_t end)
{
    mem_wr16(&m->mem, dos_addr(DOS_LOL + LOL_FIRST_MCB), first);
    mcb_write(m, first, 'Z', 0, (uint16_t)(end - first - 1));
    mem_fill(&m->mem, mcb_lin(first) + 5, 0, 11);
}

void dos_mcb_set_name(struct machine *m, uint16_t seg, const char *name)
{
    char buf[8] = {0};

    for (size_t i = 0; i < 8 && name[i] && name[i] != '.'; i++)
        buf[i] = name[i];
    mem_write(&m->mem, mcb_lin((uint16_t)(seg - 1)) + MCB_NAME, buf, 8);
}

/* Joins the free blocks that follow mcb into it. False if the chain is broken. */
static bool mcb_merge_free(struct machine *m, uint16_t mcb)
{
    bool broken;

    for (;;) {
        uint16_t next = mcb_next(m, mcb, &broken);
        if (broken)
            return false;
        if (!next || mcb_owner(m, next))
            return true;
        mcb_write(m, mcb, mcb_type(m, next), mcb_owner(m, mcb),
                  (uint16_t)(mcb_size(m, mcb) + mcb_size(m, next) + 1));
    }
}

/* Cuts a block to `paras` and gives it to owner; the rest becomes a free block. */
static void mcb_split(struct machine *m, uint16_t mcb, uint16_t paras, uint16_t owner)
{
    uint16_t size = mcb_size(m, mcb);

    if (size > paras) {
        uint16_t rest = (uint16_t)(mcb + paras + 1);
        mcb_write(m, rest, mcb_type(m, mcb), 0, (uint16_t)(size - paras - 1));
        mem_fill(&m->mem, mcb_lin(rest) + 5, 0, 11);
        mcb_write(m, mcb, 'M', owner, paras);
    } else {
        mem_wr16(&m->mem, mcb_lin(mcb) + MCB_OWNER, owner);
    }
}

uint16_t dos_mcb_alloc(struct machine *m, uint16_t paras, uint16_t owner, uint16_t *largest,
                       enum dos_error *err)
{
    uint8_t fit = m->dos->alloc_strategy & 0x3F; /* 40h/80h: upper memory, which is none */
    uint16_t first = 0, best = 0, last = 0, pick, cur = mcb_first(m);
    bool broken;

    *largest = 0;
    *err = DOSERR_MCB_DESTROYED;
    if (!mcb_sig_ok(m, cur))
        return 0;
    for (unsigned guard = 0; cur && guard < 0x10000; guard++) {
        if (!mcb_owner(m, cur)) {
            uint16_t size;
            if (!mcb_merge_free(m, cur))
                return 0;
            size = mcb_size(m, cur);
            if (size > *largest)
                *largest = size;
            if (size >= paras) {
                if (!first)
                    first = cur;
                if (!best || mcb_size(m, best) > size)
                    best = cur;
                last = cur;
            }
        }
        cur = mcb_next(m, cur, &broken);
        if (broken)
            return 0;
    }
    if (!first) {
        *err = DOSERR_NO_MEMORY;
        return 0;
    }
    pick = fit == 0 ? first : fit == 1 ? best : last;
    if (fit >= 2 && mcb_size(m, pick) > paras) {
        /* Last fit: the top of the block; the free part stays below it. */
        uint16_t size = mcb_size(m, pick);
        uint16_t top = (uint16_t)(pick + size - paras);
        mcb_write(m, top, mcb_type(m, pick), owner, paras);
        mcb_write(m, pick, 'M', 0, (uint16_t)(size - paras - 1));
        pick = top;
    } else {
        mcb_split(m, pick, paras, owner);
    }
    mem_fill(&m->mem, mcb_lin(pick) + 5, 0, 11);
    *err = DOSERR_NONE;
    return (uint16_t)(pick + 1);
}

enum dos_error dos_mcb_free(struct machine *m, uint16_t seg)
{
    uint16_t mcb = (uint16_t)(seg - 1);

    if (!seg || !mcb_sig_ok(m, mcb))
        return DOSERR_INVALID_BLOCK;
    mem_wr16(&m->mem, mcb_lin(mcb) + MCB_OWNER, 0);
    return DOSERR_NONE;
}

enum dos_error dos_mcb_resize(struct machine *m, uint16_t seg, uint16_t paras, uint16_t *largest)
{
    uint16_t mcb = (uint16_t)(seg - 1);

    *largest = 0;
    if (!seg || !mcb_sig_ok(m, mcb))
        return DOSERR_MCB_DESTROYED;
    /* The free blocks after it join it first; if it still cannot grow enough, it
     * stays that large (as in DOS) and BX says how large. */
    if (!mcb_merge_free(m, mcb))
        return DOSERR_MCB_DESTROYED;
    if (mcb_size(m, mcb) < paras) {
        *largest = mcb_size(m, mcb);
        return DOSERR_NO_MEMORY;
    }
    mcb_split(m, mcb, paras, m->dos->cur_psp ? m->dos->cur_psp : mcb_owner(m, mcb));
    return DOSERR_NONE;
}

void dos_mcb_coalesce(struct machine *m)
{
    uint16_t cur = mcb_first(m);
    bool broken;

    if (!mcb_sig_ok(m, cur))
        return;
    for (unsigned guard = 0; cur && guard < 0x10000; guard++) {
        if (!mcb_owner(m, cur) && !mcb_merge_free(m, cur))
            return;
        cur = mcb_next(m, cur, &broken);
    }
}

void dos_mcb_free_owner(struct machine *m, uint16_t owner)
{
    uint16_t cur = mcb_first(m);
    bool broken;

    if (!mcb_sig_ok(m, cur))
        return;
    for (unsigned guard = 0; cur && guard < 0x10000; guard++) {
        if (mcb_owner(m, cur) == owner)
            mem_wr16(&m->mem, mcb_lin(cur) + MCB_OWNER, 0);
        cur = mcb_next(m, cur, &broken);
    }
    dos_mcb_coalesce(m);
}
