/* The shell's environment: NAME=VALUE strings in its own environment block (PSP:2Ch),
 * which children copy at EXEC and ENV-style tools read through their parent's PSP.
 * When SET needs more room the block grows in place if it can, else moves to a new
 * block (as COMMAND.COM's does not, but DOS has no better answer than "Out of
 * environment space" and the memory is there). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dos/dos.h"
#include "shell/shell_priv.h"

#define ENV_MAX 0x8000u

struct env_image {
    char buf[ENV_MAX];
    size_t strings; /* bytes of NAME=VALUE\0 strings (without the final NUL) */
    char path[128]; /* the program path after the strings, "" if none */
};

static uint16_t env_seg(struct shell *sh)
{
    return mem_rd16(&sh->m->mem, ((uint32_t)sh->psp << 4) + PSP_ENV);
}

static size_t env_capacity(struct shell *sh, uint16_t seg)
{
    return (size_t)mem_rd16(&sh->m->mem, ((uint32_t)(seg - 1) << 4) + MCB_SIZE) * 16u;
}

static void env_load(struct shell *sh, struct env_image *e)
{
    uint16_t seg = env_seg(sh);
    uint32_t base = (uint32_t)seg << 4;
    size_t cap = seg ? env_capacity(sh, seg) : 0, n = 0;

    e->strings = 0;
    e->path[0] = 0;
    if (cap > ENV_MAX)
        cap = ENV_MAX;
    while (n + 1 < cap) {
        uint8_t c = mem_rd8(&sh->m->mem, base + n);
        if (!c)
            break;
        while (n + 1 < cap && (c = mem_rd8(&sh->m->mem, base + n)) != 0)
            e->buf[n++] = (char)c;
        e->buf[n++] = 0;
    }
    e->strings = n;
    if (n + 3 < cap && mem_rd16(&sh->m->mem, base + n + 1) >= 1) {
        size_t i = 0;
        while (i + 1 < sizeof(e->path) && n + 3 + i < cap && mem_rd8(&sh->m->mem, base + n + 3 + i))
            e->path[i] = (char)mem_rd8(&sh->m->mem, base + n + 3 + i), i++;
        e->path[i] = 0;
    }
}

/* Writes the image back, growing or moving the block if it needs more room. */
static bool env_store(struct shell *sh, struct env_image *e)
{
    uint16_t seg = env_seg(sh);
    size_t need = e->strings + 1 + (e->path[0] ? 2 + strlen(e->path) + 1 : 0);
    uint16_t paras = (uint16_t)((need + 15) / 16 + 1);
    uint32_t base;

    if (need > ENV_MAX)
        return false;
    if (!seg || env_capacity(sh, seg) < need) {
        struct cpu_regs r = {.ax = 0x4A00, .bx = paras, .es = seg};
        if (!seg || shell_dos(sh, &r) < 0) {
            struct cpu_regs a = {.ax = 0x4800, .bx = paras};
            int nseg = shell_dos(sh, &a);
            if (nseg <= 0)
                return false;
            if (seg) {
                struct cpu_regs f = {.ax = 0x4900, .es = seg};
                shell_dos(sh, &f);
            }
            seg = (uint16_t)nseg;
            mem_wr16(&sh->m->mem, ((uint32_t)sh->psp << 4) + PSP_ENV, seg);
        }
    }
    base = (uint32_t)seg << 4;
    mem_write(&sh->m->mem, base, e->buf, e->strings);
    mem_wr8(&sh->m->mem, base + e->strings, 0);
    if (e->path[0]) {
        mem_wr16(&sh->m->mem, base + e->strings + 1, 1);
        mem_write(&sh->m->mem, base + e->strings + 3, e->path, strlen(e->path) + 1);
    }
    return true;
}

/* The string NAME=... for name in e, or NULL. */
static char *env_find(struct env_image *e, const char *name, size_t *at)
{
    size_t nlen = strlen(name);

    for (size_t i = 0; i < e->strings;) {
        char *s = e->buf + i;
        size_t len = strlen(s);
        if (!strncasecmp(s, name, nlen) && s[nlen] == '=') {
            if (at)
                *at = i;
            return s;
        }
        i += len + 1;
    }
    return NULL;
}

const char *shell_env_get(struct shell *sh, const char *name, char *buf, size_t max)
{
    struct env_image *e = shell_alloc(sh, sizeof(*e));
    char *s;

    env_load(sh, e);
    s = env_find(e, name, NULL);
    if (!s)
        return NULL;
    snprintf(buf, max, "%s", s + strlen(name) + 1);
    return buf;
}

bool shell_env_set(struct shell *sh, const char *name, const char *value)
{
    struct env_image *e = shell_alloc(sh, sizeof(*e));
    char upper[128];
    size_t at, len, add;
    char *s;

    snprintf(upper, sizeof(upper), "%s", name);
    shell_upcase(upper);
    env_load(sh, e);
    s = env_find(e, upper, &at);
    if (s) {
        len = strlen(s) + 1;
        memmove(e->buf + at, e->buf + at + len, e->strings - at - len);
        e->strings -= len;
    }
    if (value && *value) {
        add = strlen(upper) + 1 + strlen(value) + 1;
        if (e->strings + add + 1 > ENV_MAX)
            return false;
        snprintf(e->buf + e->strings, add, "%s=%s", upper, value);
        e->strings += add;
    } else if (!s) {
        return true; /* nothing to remove */
    }
    return env_store(sh, e);
}

void shell_env_each(struct shell *sh, bool (*fn)(void *ctx, const char *s), void *ctx)
{
    struct env_image *e = shell_alloc(sh, sizeof(*e));

    env_load(sh, e);
    for (size_t i = 0; i < e->strings; i += strlen(e->buf + i) + 1)
        if (!fn(ctx, e->buf + i))
            return;
}
