/* The MCB chain in guest memory: allocation (first, best, last fit), freeing, resizing,
 * and merging free neighbours, with the errors DOS gives for a broken chain. */
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

bool dos_mcb_valid(const struct machine *m, uint16_t mcb)
{
    for (uint16_t cur = mcb_first(m); mcb_sig_ok(m, cur);) {
        uint32_t next = (uint32_t)cur + mcb_size(m, cur) + 1;
        if (cur == mcb)
            return true;
        if (mcb_type(m, cur) == 'Z' || next >= MCB_END)
            return false;
        cur = (uint16_t)next;
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

/* Joins free blocks that follow a free block. Returns false if the chain is broken. */
static bool mcb_merge_free(struct machine *m, uint16_t mcb)
{
    while (mcb_type(m, mcb) == 'M') {
        uint16_t next = (uint16_t)(mcb + mcb_size(m, mcb) + 1);
        if (!mcb_sig_ok(m, next))
            return false;
        if (mcb_owner(m, next))
            break;
        mcb_write(m, mcb, mcb_type(m, next), mcb_owner(m, mcb),
                  (uint16_t)(mcb_size(m, mcb) + mcb_size(m, next) + 1));
    }
    return true;
}

/* Cuts a block to `paras`, making the rest a free block after it. */
static void mcb_split(struct machine *m, uint16_t mcb, uint16_t paras)
{
    uint16_t size = mcb_size(m, mcb);
    uint16_t rest;

    if (size <= paras)
        return;
    rest = (uint16_t)(mcb + paras + 1);
    mcb_write(m, rest, mcb_type(m, mcb), 0, (uint16_t)(size - paras - 1));
    mcb_write(m, mcb, 'M', mcb_owner(m, mcb), paras);
}

uint16_t dos_mcb_alloc(struct machine *m, uint16_t paras, uint16_t owner, uint16_t *largest,
                       enum dos_error *err)
{
    uint8_t strategy = m->dos->alloc_strategy & 0x03;
    uint16_t best = 0, best_size = 0, cur = mcb_first(m);

    *largest = 0;
    for (;;) {
        if (!mcb_sig_ok(m, cur)) {
            *err = DOSERR_MCB_DESTROYED;
            return 0;
        }
        if (!mcb_owner(m, cur)) {
            if (!mcb_merge_free(m, cur)) {
                *err = DOSERR_MCB_DESTROYED;
                return 0;
            }
            uint16_t size = mcb_size(m, cur);
            if (size > *largest)
                *largest = size;
            if (size >= paras) {
                bool take = !best || strategy == 2 || (strategy == 1 && size < best_size);
                if (take) {
                    best = cur;
                    best_size = size;
                }
                if (strategy == 0)
                    break;
            }
        }
        if (mcb_type(m, cur) == 'Z')
            break;
        if ((uint32_t)cur + mcb_size(m, cur) + 1 >= MCB_END) {
            *err = DOSERR_MCB_DESTROYED;
            return 0;
        }
        cur = (uint16_t)(cur + mcb_size(m, cur) + 1);
    }
    if (!best) {
        *err = DOSERR_NO_MEMORY;
        return 0;
    }
    if (strategy == 2 && best_size > paras) {
        /* Last fit: the top of the block, the free part stays below it. */
        uint16_t top = (uint16_t)(best + best_size - paras);
        mcb_write(m, top, mcb_type(m, best), owner, paras);
        mcb_write(m, best, 'M', 0, (uint16_t)(best_size - paras - 1));
        best = top;
    } else {
        mcb_split(m, best, paras);
        mcb_write(m, best, mcb_type(m, best), owner, paras);
    }
    mem_fill(&m->mem, mcb_lin(best) + 5, 0, 11);
    *err = DOSERR_NONE;
    return (uint16_t)(best + 1);
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
    uint16_t mcb = (uint16_t)(seg - 1), owner;

    *largest = 0;
    if (!seg || !mcb_sig_ok(m, mcb))
        return DOSERR_INVALID_BLOCK;
    owner = mcb_owner(m, mcb);
    /* Take in the free blocks that follow, as if this one were free too. */
    mem_wr16(&m->mem, mcb_lin(mcb) + MCB_OWNER, 0);
    if (!mcb_merge_free(m, mcb)) {
        mem_wr16(&m->mem, mcb_lin(mcb) + MCB_OWNER, owner);
        return DOSERR_MCB_DESTROYED;
    }
    mem_wr16(&m->mem, mcb_lin(mcb) + MCB_OWNER, owner);
    if (mcb_size(m, mcb) < paras) {
        *largest = mcb_size(m, mcb);
        return DOSERR_NO_MEMORY;
    }
    mcb_split(m, mcb, paras);
    return DOSERR_NONE;
}

void dos_mcb_free_owner(struct machine *m, uint16_t owner)
{
    uint16_t cur = mcb_first(m);

    while (mcb_sig_ok(m, cur)) {
        if (mcb_owner(m, cur) == owner)
            mem_wr16(&m->mem, mcb_lin(cur) + MCB_OWNER, 0);
        if (mcb_type(m, cur) == 'Z' || (uint32_t)cur + mcb_size(m, cur) + 1 >= MCB_END)
            break;
        cur = (uint16_t)(cur + mcb_size(m, cur) + 1);
    }
}
