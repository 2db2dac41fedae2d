/* Runs the SingleStepTests 80286 real-mode vectors (one instruction each, captured from a
 * real CPU) on the interpreter and reports pass/fail per instruction form. The directory
 * comes from $HVDOS_CPUTESTS; without it the test is skipped (exit 77). */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "cpu/cpu.h"
#include "cpu/interp/interp.h"

/* Forms left out entirely, each with the reason. Where the 286 and a 386-class CPU really
 * differ, the reference for those forms is the 386-class hardware the KVM backend runs on. */
static const struct {
    const char *form, *why;
} excluded[] = {
    {NULL, NULL},
};

/* Flag bits compared in no test of a form, beyond the suite's own flags-mask. */
static const struct {
    const char *form;
    unsigned mask;
    const char *why;
} extra_mask[] = {
    /* A 386 in real mode lets POPF/IRET load IOPL and NT (bits 12-14), which is how DOS
     * programs tell a 386 from a 286; the 286 forces them to 0. */
    {"9D", 0x7000, "a 386 loads IOPL/NT from the popped FLAGS, a 286 clears them"},
    {"CF", 0x7000, "a 386 loads IOPL/NT from the popped FLAGS, a 286 clears them"},
};

#define MAX_MEM 1024
struct vec {
    char name[96];
    uint8_t bytes[32];
    unsigned nbytes;
    uint16_t init[14], fin[14];
    uint32_t maddr[MAX_MEM];
    uint8_t mval[MAX_MEM];
    unsigned nm;
    uint32_t naddr[MAX_MEM];
    uint8_t nval[MAX_MEM];
    unsigned nn;
    int exc;
};
enum { AX, BX, CX, DX, CS, SS, DS, ES, SP, BP, SI, DI, IP, FL };
static const char *const regname[14] = {"ax", "bx", "cx", "dx", "cs", "ss", "ds",
                                        "es", "sp", "bp", "si", "di", "ip", "flags"};

static uint32_t host_in(void *ctx, uint16_t port, unsigned size)
{
    (void)ctx;
    (void)port;
    return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1; /* the test board's open bus */
}
static void host_out(void *ctx, uint16_t port, unsigned size, uint32_t v)
{
    (void)ctx;
    (void)port;
    (void)size;
    (void)v;
}
static int host_ack(void *ctx)
{
    (void)ctx;
    return -1;
}

/* ---- metadata.json: just enough JSON to find each form's flags-mask ---- */
struct meta {
    char form[8];
    unsigned mask;
};
static struct meta metas[600];
static unsigned nmeta;

static const char *json_skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == ',' || *p == ':')
        p++;
    return p;
}

static const char *json_string(const char *p, char *out, size_t n)
{
    size_t i = 0;
    p++; /* opening quote */
    while (*p && *p != '"') {
        if (i + 1 < n)
            out[i++] = *p;
        p++;
    }
    out[i] = 0;
    return *p ? p + 1 : p;
}

/* Walks one value; `path` names the object it sits in ("opcodes/80/reg/3"). */
static const char *json_value(const char *p, char path[4][16], int depth);

static const char *json_object(const char *p, char path[4][16], int depth)
{
    p++; /* { */
    for (;;) {
        p = json_skip_ws(p);
        if (*p == '}')
            return p + 1;
        if (*p != '"')
            return NULL;
        char key[16];
        p = json_string(p, key, sizeof(key));
        p = json_skip_ws(p);
        if (depth < 4)
            snprintf(path[depth], sizeof(path[depth]), "%s", key);
        if (!strcmp(key, "flags-mask") && depth >= 2 && !strcmp(path[0], "opcodes")) {
            struct meta *m = &metas[nmeta < 600 ? nmeta++ : 599];
            if (depth == 4 && !strcmp(path[2], "reg"))
                snprintf(m->form, sizeof(m->form), "%s.%s", path[1], path[3]);
            else
                snprintf(m->form, sizeof(m->form), "%s", path[1]);
            m->mask = (unsigned)strtoul(p, NULL, 10);
        }
        p = json_value(p, path, depth + 1);
        if (!p)
            return NULL;
    }
}

static const char *json_value(const char *p, char path[4][16], int depth)
{
    p = json_skip_ws(p);
    if (*p == '{')
        return json_object(p, path, depth);
    if (*p == '"') {
        char tmp[256];
        return json_string(p, tmp, sizeof(tmp));
    }
    if (*p == '[') {
        p++;
        for (;;) {
            p = json_skip_ws(p);
            if (*p == ']')
                return p + 1;
            p = json_value(p, path, depth);
            if (!p)
                return NULL;
        }
    }
    while (*p && *p != ',' && *p != '}' && *p != ']')
        p++;
    return p;
}

static int load_meta(const char *dir)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/metadata.json", dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    char p4[4][16] = {{0}};
    return json_value(buf, p4, 0) ? 0 : -1;
}

/* A form without flags-mask compares every flag; a group form falls back to its opcode. */
static unsigned form_mask(const char *form)
{
    for (unsigned i = 0; i < nmeta; i++)
        if (!strcmp(metas[i].form, form))
            return metas[i].mask;
    return 0xFFFF;
}

/* Does the instruction carry a LOCK prefix that a 486 rejects with #UD? LOCK is allowed
 * only on a memory destination of ADD OR ADC SBB AND SUB XOR (00-31 forms 0/1), group 1
 * except CMP, XCHG, NOT/NEG, INC/DEC (Intel SDM, LOCK). The 286 ignores the prefix. */
static bool lock_is_ud(const struct vec *v)
{
    bool lock = false;
    unsigned i = 0;
    static const uint8_t pfx[] = {0x26, 0x2E, 0x36, 0x3E, 0xF0, 0xF2, 0xF3};
    while (i < v->nbytes && memchr(pfx, v->bytes[i], sizeof(pfx))) {
        lock |= v->bytes[i] == 0xF0;
        i++;
    }
    if (!lock || i + 1 >= v->nbytes)
        return lock;
    uint8_t op = v->bytes[i], m = v->bytes[i + 1], reg = (m >> 3) & 7;
    if (m >= 0xC0)
        return true;
    if (op < 0x38 && (op & 6) == 0)
        return false;
    if (op >= 0x80 && op <= 0x83)
        return reg == 7;
    if (op == 0x86 || op == 0x87)
        return false;
    if (op == 0xF6 || op == 0xF7)
        return reg != 2 && reg != 3;
    if (op == 0xFE || op == 0xFF)
        return reg > 1;
    return true;
}

/* Rewrites a vector whose 286 result ignored an invalid LOCK into what a 486 does: #UD
 * (int 6) at the start of the instruction, through a handler that is a HLT at 0040:0000. */
static void make_lock_ud(struct vec *v)
{
    uint16_t sp = v->init[SP];
    uint32_t ss = (uint32_t)v->init[SS] << 4;
    uint16_t fl = (v->init[FL] & 0x0FFF) | 2;
    memcpy(v->fin, v->init, sizeof(v->fin));
    v->fin[CS] = 0x0040;
    v->fin[IP] = 0x0001;
    v->fin[SP] = (uint16_t)(sp - 6);
    v->fin[FL] = fl & ~(FLAG_IF | FLAG_TF);
    const uint8_t frame[6] = {(uint8_t)v->init[IP], (uint8_t)(v->init[IP] >> 8),
                              (uint8_t)v->init[CS], (uint8_t)(v->init[CS] >> 8),
                              (uint8_t)fl,          (uint8_t)(fl >> 8)};
    v->nn = 0;
    for (unsigned i = 0; i < 6; i++) {
        v->naddr[v->nn] = ss + (uint16_t)(sp - 6 + i);
        v->nval[v->nn++] = frame[i];
    }
    const uint32_t a[5] = {0x18, 0x19, 0x1A, 0x1B, 0x400};
    const uint8_t b[5] = {0x00, 0x00, 0x40, 0x00, 0xF4};
    for (unsigned i = 0; i < 5 && v->nm < MAX_MEM; i++) {
        v->maddr[v->nm] = a[i];
        v->mval[v->nm++] = b[i];
    }
    v->exc = 6;
}

/* ---- running ---- */
struct harness {
    uint8_t *mem;
    struct memmap map;
    struct cpu *cpu;
    struct cpu_host host;
    int verbose;
    unsigned long in_blocks; /* vectors whose instruction ran in a predecoded block */
};

static void print_vec_state(const char *what, const uint16_t *r)
{
    printf("    %s:", what);
    for (int i = 0; i < 14; i++)
        printf(" %s=%04x", regname[i], r[i]);
    printf("\n");
}

static bool is_string_op(const struct vec *v)
{
    for (unsigned i = 0; i < v->nbytes; i++) {
        uint8_t b = v->bytes[i];
        if (b == 0x26 || b == 0x2E || b == 0x36 || b == 0x3E || b == 0xF0 || b == 0xF2 || b == 0xF3)
            continue;
        return (b >= 0x6C && b <= 0x6F) || (b >= 0xA4 && b <= 0xA7) || (b >= 0xAA && b <= 0xAF);
    }
    return false;
}

/* Tests whose 286 result a 386-class CPU cannot give, by rule; returns why, or NULL. */
static const char *skip_reason(const struct vec *v)
{
    /* bytes[] ends with the HLT that follows the instruction */
    if (v->exc == 13 && v->nbytes - 1 > 10)
        return "longer than 10 bytes: #GP on a 286, a 386 allows 15";
    for (unsigned i = 0; i + 1 < v->nbytes; i++) {
        uint8_t b = v->bytes[i];
        if (b == 0x26 || b == 0x2E || b == 0x36 || b == 0x3E || b == 0xF0 || b == 0xF2 || b == 0xF3)
            continue;
        unsigned reg = (v->bytes[i + 1] >> 3) & 7;
        if ((b == 0x8C || b == 0x8E) && (reg == 4 || reg == 5))
            return "MOV to/from FS/GS: #UD on a 286, valid on a 386";
        break;
    }
    return NULL;
}

/* Returns 1 on pass, 0 on fail. */
static int run_vec(struct harness *h, const struct vec *v, unsigned fmask, unsigned *failmask)
{
    uint8_t *mem = h->mem;
    for (unsigned i = 0; i < v->nm; i++)
        mem[v->maddr[i]] = v->mval[i];
    /* A 386 raises #SS (int 12) where the 286 raised #GP (int 13) for an SS overrun: give
     * both vectors the same handler so the rest of the state still compares. */
    if (v->exc == 13)
        memcpy(mem + 12 * 4, mem + 13 * 4, 4);

    struct cpu_regs r;
    memset(&r, 0, sizeof(r));
    r.ax = v->init[AX];
    r.bx = v->init[BX];
    r.cx = v->init[CX];
    r.dx = v->init[DX];
    r.cs = v->init[CS];
    r.ss = v->init[SS];
    r.ds = v->init[DS];
    r.es = v->init[ES];
    r.sp = v->init[SP];
    r.bp = v->init[BP];
    r.si = v->init[SI];
    r.di = v->init[DI];
    r.ip = v->init[IP];
    r.flags = (v->init[FL] & 0x0FFF) | 2;
    h->cpu->ops->set_regs(h->cpu, &r);

    struct cpu_exit ex;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t deadline = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec + 500000000u;
    uint64_t blk0 = interp_block_insns(h->cpu);
    h->cpu->ops->run(h->cpu, deadline, &ex);
    h->cpu->ops->get_regs(h->cpu, &r);
    if (interp_block_insns(h->cpu) != blk0)
        h->in_blocks++;

    uint16_t got[14] = {r.ax, r.bx, r.cx, r.dx, r.cs, r.ss, r.ds,
                        r.es, r.sp, r.bp, r.si, r.di, r.ip, (uint16_t)r.flags};
    unsigned bad = 0;
    if (ex.reason != CPU_STOP_HLT)
        bad |= 1u << 14;
    /* A 286 commits the SI/DI (and REP CX) update of a string instruction before taking
     * #GP on a segment overrun; a 386 faults with them unchanged so the instruction can
     * restart. */
    unsigned skipregs = 0;
    if (v->exc == 13 && is_string_op(v))
        skipregs = 1u << SI | 1u << DI | 1u << CX;
    for (int i = 0; i < 14; i++) {
        unsigned m = i == FL ? fmask : 0xFFFF;
        if (skipregs & (1u << i))
            continue;
        if ((got[i] & m) != (v->fin[i] & m))
            bad |= 1u << i;
    }
    /* The FLAGS image an exception pushes holds the same undefined bits as FLAGS. */
    uint32_t fa = ((uint32_t)v->fin[SS] << 4) + (uint16_t)(v->fin[SP] + 4);
    int membad = -1;
    for (unsigned i = 0; i < v->nn; i++) {
        unsigned m = 0xFF;
        if (v->exc >= 0 && v->naddr[i] == fa)
            m = fmask & 0xFF;
        else if (v->exc >= 0 && v->naddr[i] == fa + 1)
            m = fmask >> 8;
        if (((mem[v->naddr[i]] ^ v->nval[i]) & m) && membad < 0)
            membad = (int)i;
    }
    if (membad >= 0)
        bad |= 1u << 15;

    if (bad && h->verbose) {
        printf("  FAIL %s [%s] bytes:", v->name, ex.reason == CPU_STOP_HLT ? "hlt" : "NO HLT");
        for (unsigned i = 0; i < v->nbytes; i++)
            printf(" %02x", v->bytes[i]);
        printf(" exc=%d\n", v->exc);
        print_vec_state("init", v->init);
        print_vec_state("want", v->fin);
        print_vec_state("got ", got);
        if (membad >= 0)
            printf("    mem %05x: want %02x got %02x\n", v->naddr[membad], v->nval[membad],
                   mem[v->naddr[membad]]);
        if (ex.reason == CPU_STOP_ERROR)
            printf("    error: %s\n", ex.msg);
    }
    *failmask |= bad;

    for (unsigned i = 0; i < v->nm; i++)
        mem[v->maddr[i]] = 0;
    for (unsigned i = 0; i < v->nn; i++)
        mem[v->naddr[i]] = 0;
    memset(mem, 0, 0x401);
    return bad == 0;
}

static void parse_regs(const char *p, uint16_t *out)
{
    for (int i = 0; i < 14; i++) {
        char *e;
        out[i] = (uint16_t)strtoul(p, &e, 16);
        p = e;
    }
}

static unsigned parse_mem(const char *p, uint32_t *addr, uint8_t *val)
{
    unsigned n = 0;
    for (;;) {
        while (*p == ' ')
            p++;
        if (*p == '\n' || *p == 0)
            break;
        char *e;
        uint32_t a = (uint32_t)strtoul(p, &e, 16);
        if (*e != ':')
            break;
        uint8_t b = (uint8_t)strtoul(e + 1, &e, 16);
        if (n < MAX_MEM) {
            addr[n] = a;
            val[n] = b;
            n++;
        }
        p = e;
    }
    return n;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *dir = getenv("HVDOS_CPUTESTS");
    DIR *dd = dir && *dir ? opendir(dir) : NULL;
    if (!dd) {
        printf("SKIP: CPU test vectors not found at %s (meson option cputests_dir)\n",
               dir ? dir : "(HVDOS_CPUTESTS unset)");
        return 77;
    }
    if (load_meta(dir) < 0) {
        printf("FAIL: cannot parse %s/metadata.json\n", dir);
        return 1;
    }
    const char *only = getenv("CPUTESTS_ONLY");
    struct harness h = {0};
    h.verbose = getenv("CPUTESTS_VERBOSE") ? atoi(getenv("CPUTESTS_VERBOSE")) : 0;
    /* The vectors were captured on a bare board: everything up to the HMA is RAM. */
    h.mem = calloc(1, MEMMAP_PC_ALLOC);
    memmap_init(&h.map, h.mem, MEMMAP_PC_ALLOC);
    memmap_add(&h.map, &(struct memmap_region){"RAM", 0, MEMMAP_REAL_TOP, MEMMAP_RAM, 0});
    h.host.io_in = host_in;
    h.host.io_out = host_out;
    h.host.intr_ack = host_ack;
    struct cpu_config cfg = {.map = &h.map, .host = &h.host};
    char err[200];
    if (cpu_interp_ops.create(&cfg, &h.cpu, err, sizeof(err)) < 0) {
        printf("FAIL: %s\n", err);
        return 1;
    }

    char *files[512];
    unsigned nf = 0;
    struct dirent *de;
    while ((de = readdir(dd)) && nf < 512) {
        size_t l = strlen(de->d_name);
        if (l > 7 && !strcmp(de->d_name + l - 7, ".txt.gz"))
            files[nf++] = strdup(de->d_name);
    }
    closedir(dd);
    qsort(files, nf, sizeof(files[0]), cmp_str);

    static struct vec v;
    unsigned forms_pass = 0, forms_fail = 0, forms_excl = 0;
    unsigned long tests_pass = 0, tests_fail = 0, tests_excl = 0, lock_ud = 0;
    struct {
        const char *why;
        unsigned long n;
    } skips[8] = {{0}};
    unsigned nskips = 0;
    for (unsigned fi = 0; fi < nf; fi++) {
        char form[16];
        snprintf(form, sizeof(form), "%.*s", (int)(strlen(files[fi]) - 7), files[fi]);
        if (only && strcmp(only, form))
            continue;
        const char *why = NULL;
        for (unsigned i = 0; i < sizeof(excluded) / sizeof(excluded[0]); i++)
            if (excluded[i].form && !strcmp(excluded[i].form, form))
                why = excluded[i].why;
        char path[600];
        snprintf(path, sizeof(path), "%s/%s", dir, files[fi]);
        gzFile gz = gzopen(path, "rb");
        if (!gz) {
            printf("FAIL: cannot open %s\n", path);
            return 1;
        }
        unsigned fmask = form_mask(form);
        if (fmask == 0xFFFF && strchr(form, '.')) {
            char op[8];
            snprintf(op, sizeof(op), "%.2s", form);
            fmask = form_mask(op);
        }
        for (unsigned i = 0; i < sizeof(extra_mask) / sizeof(extra_mask[0]); i++)
            if (!strcmp(extra_mask[i].form, form))
                fmask &= ~extra_mask[i].mask;
        unsigned pass = 0, fail = 0, failmask = 0;
        static char line[65536];
        bool have = false;
        for (;;) {
            char *l = gzgets(gz, line, sizeof(line));
            if (!l || line[0] == 'T') {
                if (have) {
                    if (lock_is_ud(&v)) {
                        make_lock_ud(&v);
                        lock_ud++;
                    }
                    const char *skip = skip_reason(&v);
                    if (skip && h.verbose)
                        printf("  skip %s: %s\n", v.name, skip);
                    if (skip && !why) {
                        unsigned k = 0;
                        while (k < nskips && skips[k].why != skip)
                            k++;
                        if (k == nskips && nskips < 8)
                            skips[nskips++].why = skip;
                        if (k < 8)
                            skips[k].n++;
                    }
                    if (why || skip)
                        tests_excl++;
                    else if (run_vec(&h, &v, fmask, &failmask))
                        pass++;
                    else
                        fail++;
                }
                if (!l)
                    break;
                memset(&v, 0, sizeof(v));
                v.exc = -1;
                line[strcspn(line, "\n")] = 0;
                snprintf(v.name, sizeof(v.name), "%.80s", line + 2);
                have = true;
                continue;
            }
            switch (line[0]) {
            case 'B': {
                char *p = line + 1, *e;
                while (v.nbytes < sizeof(v.bytes)) {
                    unsigned long b = strtoul(p, &e, 16);
                    if (e == p)
                        break;
                    v.bytes[v.nbytes++] = (uint8_t)b;
                    p = e;
                }
                break;
            }
            case 'I': parse_regs(line + 1, v.init); break;
            case 'F': parse_regs(line + 1, v.fin); break;
            case 'M': v.nm = parse_mem(line + 1, v.maddr, v.mval); break;
            case 'N': v.nn = parse_mem(line + 1, v.naddr, v.nval); break;
            case 'X': v.exc = atoi(line + 1); break;
            default: break;
            }
        }
        gzclose(gz);
        if (why) {
            forms_excl++;
            printf("%-6s excluded: %s\n", form, why);
            continue;
        }
        tests_pass += pass;
        tests_fail += fail;
        if (fail) {
            forms_fail++;
            printf("%-6s FAIL %u/%u (mismatch in:", form, fail, pass + fail);
            for (int i = 0; i < 16; i++)
                if (failmask & (1u << i))
                    printf(" %s", i < 14 ? regname[i] : i == 14 ? "stop" : "memory");
            printf(")\n");
        } else {
            forms_pass++;
            printf("%-6s ok   %u/%u\n", form, pass, pass);
        }
    }
    printf("cputests: %u forms pass, %u fail, %u excluded; tests: %lu pass, %lu fail, %lu "
           "skipped (286-only behaviour or an excluded form); %lu checked as a 486's #UD for "
           "LOCK\n",
           forms_pass, forms_fail, forms_excl, tests_pass, tests_fail, tests_excl, lock_ud);
    for (unsigned k = 0; k < nskips; k++)
        printf("  skipped %lu: %s\n", skips[k].n, skips[k].why);
    /* Vectors whose code lies below C0000 run in the predecoded blocks when the block
     * decoder takes the form, so those forms are checked on both executors. */
    printf("  %lu vectors ran in predecoded blocks\n", h.in_blocks);
    if (!only && h.in_blocks == 0) {
        printf("FAIL: no vector ran in a predecoded block\n");
        forms_fail++;
    }
    cpu_interp_ops.destroy(h.cpu);
    free(h.mem);
    for (unsigned i = 0; i < nf; i++)
        free(files[i]);
    return forms_fail ? 1 : 0;
}
