/* Backend choice. --cpu=auto measures KVM with a short loop: with hardware support
 * for real mode it runs natively (hundreds of millions of instructions a second);
 * where KVM falls back to the kernel's instruction emulator (nested virtualization
 * without unrestricted guest) it manages a few million, and the interpreter wins. */
#include "cpu/select.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CALIBRATION_LOOPS 2000u /* about 2 ms under KVM's emulator, microseconds natively */
#define NATIVE_MIPS       100.0 /* above this, KVM is running the guest in hardware */

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
    uint8_t *mem = aligned_alloc(4096, MEMMAP_PC_ALLOC);
    struct memmap map;
    struct cpu_config cfg = {.map = &map, .host = &host};
    struct cpu_regs r = {0};
    struct cpu_exit ex;
    struct cpu *cpu = NULL;
    double t, best = -1;
    int rc;

    if (!mem)
        return -ENOMEM;
    memset(mem, 0, MEMMAP_PC_ALLOC);
    memmap_init_pc(&map, mem, MEMMAP_PC_ALLOC);
    memcpy(mem + 0x10000, code, sizeof(code));
    rc = ops->create(&cfg, &cpu, err, errlen);
    if (rc) {
        free(mem);
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
    free(mem);
    return best;
}

static const struct cpu_ops *cpu_interp(void)
{
#ifdef HVDOS_HAVE_INTERP
    return &cpu_interp_ops;
#else
    return NULL;
#endif
}

const struct cpu_ops *cpu_select(const char *name, char *why, size_t whylen, char *note,
                                 size_t notelen)
{
    char err[256] = "";
    double kvm_ips;

    snprintf(note, notelen, "CPU backend: %s (as asked)", name);
    if (!strcmp(name, "kvm"))
        return &cpu_kvm_ops;
    if (!strcmp(name, "interp")) {
        if (!cpu_interp())
            snprintf(why, whylen,
                     "this hvdos was built without the interpreter backend "
                     "(use --cpu=kvm)");
        return cpu_interp();
    }
    kvm_ips = cpu_measure_speed(&cpu_kvm_ops, err, sizeof(err));
    if (kvm_ips >= NATIVE_MIPS * 1e6 || (kvm_ips > 0 && !cpu_interp())) {
        snprintf(note, notelen, "CPU backend: kvm (runs guest code at %.0f M instructions/s%s)",
                 kvm_ips / 1e6, kvm_ips >= NATIVE_MIPS * 1e6 ? ", natively" : "");
        return &cpu_kvm_ops;
    }
    if (cpu_interp()) {
        if (kvm_ips > 0)
            snprintf(note, notelen,
                     "CPU backend: interp (KVM only emulates real mode here: %.1f M "
                     "instructions/s)",
                     kvm_ips / 1e6);
        else
            snprintf(note, notelen, "CPU backend: interp (KVM cannot run: %s)", err);
        return cpu_interp();
    }
    snprintf(why, whylen, "%s", err);
    return NULL;
}
