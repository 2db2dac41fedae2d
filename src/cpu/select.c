/* Backend choice. --cpu=auto measures KVM with a short loop: with hardware support
 * for real mode it runs natively (hundreds of millions of instructions a second);
 * where KVM falls back to the kernel's instruction emulator (nested virtualization
 * without unrestricted guest) it manages a few million, and the interpreter wins.
 * The measurement (about 8 ms: creating a VM is most of it) is kept per host in
 * $XDG_CACHE_HOME/hvdos/cpu, keyed by the kernel and the CPU, so that only the first
 * run on a host pays for it; --cpu=interp never measures. --cpu=kvm uses the same
 * measurement to say, once, when KVM only emulates real mode here. */
#include "cpu/select.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#define CALIBRATION_LOOPS 2000u /* about 2 ms under KVM's emulator, microseconds natively */
#define NATIVE_MIPS       100.0 /* above this, KVM is running the guest in hardware */
#define CPU_CACHE_NAME    "$XDG_CACHE_HOME/hvdos/cpu"

static uint32_t cpu_no_in(void *ctx, uint16_t port, unsigned size)
{
    return 0xFFFFFFFFu;
}

static void cpu_no_out(void *ctx, uint16_t port, unsigned size, uint32_t value)
{
}

static int cpu_no_ack(void *ctx)
{
    return -1;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

double cpu_measure_speed(const struct cpu_ops *ops, char *err, size_t errlen)
{
    static const struct cpu_host host = {NULL, cpu_no_in, cpu_no_out, cpu_no_ack};
    /* 1000:0000  mov cx, N; l: dec cx; jnz l; hlt */
    const uint8_t code[] = {
        0xB9, CALIBRATION_LOOPS & 0xFF, CALIBRATION_LOOPS >> 8, 0x49, 0x75, 0xFD, 0xF4};
    uint8_t *mem = mmap(NULL, MEMMAP_PC_ALLOC, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                        -1, 0); /* zeroed by the kernel */
    struct memmap map;
    struct cpu_config cfg = {.map = &map, .host = &host};
    struct cpu_regs r = {0};
    struct cpu_exit ex;
    struct cpu *cpu = NULL;
    double t, best = -1;
    int rc;

    if (mem == MAP_FAILED)
        return -ENOMEM;
    memmap_init_pc(&map, mem, MEMMAP_PC_ALLOC);
    memcpy(mem + 0x10000, code, sizeof(code));
    rc = ops->create(&cfg, &cpu, err, errlen);
    if (rc) {
        munmap(mem, MEMMAP_PC_ALLOC);
        return rc < 0 ? rc : -EIO;
    }
    /* Best of two: the first run also pays for setting the VM up. */
    for (int i = 0; i < 2; i++) {
        r.cs = 0x1000;
        r.ip = 0;
        r.flags = 0x0002;
        ops->set_regs(cpu, &r);
        t = cpu_now();
        ops->run(cpu, 0, &ex);
        t = cpu_now() - t;
        if (ex.reason != CPU_STOP_HLT) {
            snprintf(err, errlen, "the %s backend failed its calibration loop: %s", ops->name,
                     ex.msg);
            best = -EIO;
            break;
        }
        if (t > 0 && (best < 0 || 2.0 * CALIBRATION_LOOPS / t > best))
            best = 2.0 * CALIBRATION_LOOPS / t;
    }
    ops->destroy(cpu);
    munmap(mem, MEMMAP_PC_ALLOC);
    return best;
}

/* What the measurement depends on: the kernel (its KVM) and the CPU (its
 * virtualization support). A host that changes either measures again. */
static void cpu_cache_key(char *key, size_t len)
{
    struct utsname u;
    unsigned int r[13] = {0};

    if (uname(&u))
        memset(&u, 0, sizeof(u));
#if defined(__x86_64__) || defined(__i386__)
    __get_cpuid(1, &r[12], &r[1], &r[2], &r[3]);
    if ((unsigned int)__get_cpuid_max(0x80000000u, NULL) >= 0x80000004u)
        for (unsigned int i = 0; i < 3; i++)
            __get_cpuid(0x80000002u + i, &r[4 * i], &r[4 * i + 1], &r[4 * i + 2], &r[4 * i + 3]);
    r[12] &= 0x0FFF3FFFu; /* family, model and stepping */
#endif
    snprintf(key, len, "v1|%s|%s|%s|%08x|%.48s", u.release, u.version, u.machine, r[12],
             (const char *)r);
}

/* The cache file's path, or -1 without a home to put it in. */
static int cpu_cache_path(char *path, size_t len, bool make_dir)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char dir[4096];
    int n;

    if (xdg && xdg[0] == '/')
        n = snprintf(dir, sizeof(dir), "%s/hvdos", xdg);
    else if (home && home[0] == '/')
        n = snprintf(dir, sizeof(dir), "%s/.cache/hvdos", home);
    else
        return -1;
    if (n >= (int)sizeof(dir) || snprintf(path, len, "%s/cpu", dir) >= (int)len)
        return -1;
    if (make_dir) {
        char *slash = strrchr(dir, '/');

        *slash = 0;
        mkdir(dir, 0700); /* ~/.cache itself, when it does not exist yet */
        *slash = '/';
        if (mkdir(dir, 0700) && errno != EEXIST)
            return -1;
    }
    return 0;
}

/* The cached KVM speed for this host, or -1 if there is none. */
static double cpu_cache_read(const char *key)
{
    char path[4200], line[1024];
    double ips = -1;
    FILE *f;

    if (cpu_cache_path(path, sizeof(path), false) || !(f = fopen(path, "re")))
        return -1;
    if (fgets(line, sizeof(line), f)) {
        char *tab = strrchr(line, '\t');
        size_t klen = strlen(key);

        if (tab && (size_t)(tab - line) == klen && !memcmp(line, key, klen))
            ips = strtod(tab + 1, NULL);
    }
    fclose(f);
    return ips > 0 ? ips : -1;
}

/* Best effort: a cache that cannot be written only costs the next run a measurement.
 * Written whole to a temporary file and renamed, so parallel runs never read half. */
static void cpu_cache_write(const char *key, double ips)
{
    char path[4200], tmp[4300];
    FILE *f;

    if (cpu_cache_path(path, sizeof(path), true) ||
        snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid()) >= (int)sizeof(tmp))
        return;
    f = fopen(tmp, "we");
    if (!f)
        return;
    fprintf(f, "%s\t%.0f\n", key, ips);
    if (fclose(f) || rename(tmp, path))
        unlink(tmp);
}

static const struct cpu_ops *cpu_interp(void)
{
#ifdef HVDOS_HAVE_INTERP
    return &cpu_interp_ops;
#else
    return NULL;
#endif
}

/* KVM's speed on this host: measured before (cached is set) or now. */
static double cpu_kvm_speed(bool *cached, char *err, size_t errlen)
{
    char key[512];
    double ips;

    cpu_cache_key(key, sizeof(key));
    ips = cpu_cache_read(key);
    *cached = ips > 0;
    if (ips > 0)
        return ips;
    ips = cpu_measure_speed(&cpu_kvm_ops, err, errlen);
    /* Only a measurement: a KVM that cannot open (no module, no permission) may be
     * fixed before the next run, and finding that out costs one open(). */
    if (ips > 0)
        cpu_cache_write(key, ips);
    return ips;
}

const struct cpu_ops *cpu_select(const char *name, char *why, size_t whylen, char *note,
                                 size_t notelen, char *notice, size_t noticelen)
{
    char err[256] = "";
    const char *cached = "";
    bool was_cached;
    double kvm_ips;

    snprintf(note, notelen, "CPU backend: %s (as asked)", name);
    notice[0] = 0;
    if (!strcmp(name, "kvm")) {
        /* As asked, but not silently about 50 times slower than the interpreter. */
        kvm_ips = cpu_kvm_speed(&was_cached, err, sizeof(err));
        if (kvm_ips > 0 && kvm_ips < NATIVE_MIPS * 1e6)
            snprintf(notice, noticelen,
                     "--cpu=kvm: KVM only emulates real mode on this host (%.1f M guest "
                     "instructions/s measured); --cpu=auto runs the interpreter instead, "
                     "usually tens of times faster",
                     kvm_ips / 1e6);
        return &cpu_kvm_ops;
    }
    if (!strcmp(name, "interp")) {
        if (!cpu_interp())
            snprintf(why, whylen,
                     "this hvdos was built without the interpreter backend "
                     "(use --cpu=kvm)");
        return cpu_interp();
    }
    kvm_ips = cpu_kvm_speed(&was_cached, err, sizeof(err));
    if (was_cached)
        cached = ", measured before: cache " CPU_CACHE_NAME;
    if (kvm_ips >= NATIVE_MIPS * 1e6 || (kvm_ips > 0 && !cpu_interp())) {
        snprintf(note, notelen, "CPU backend: kvm (runs guest code at %.0f M instructions/s%s%s)",
                 kvm_ips / 1e6, kvm_ips >= NATIVE_MIPS * 1e6 ? ", natively" : "", cached);
        return &cpu_kvm_ops;
    }
    if (cpu_interp()) {
        if (kvm_ips > 0)
            snprintf(note, notelen,
                     "CPU backend: interp (KVM only emulates real mode here: %.1f M "
                     "instructions/s%s)",
                     kvm_ips / 1e6, cached);
        else
            snprintf(note, notelen, "CPU backend: interp (KVM cannot run: %s)", err);
        return cpu_interp();
    }
    snprintf(why, whylen, "%s", err);
    return NULL;
}
