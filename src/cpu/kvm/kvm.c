/* The KVM backend: one VM with one vCPU in real mode over the shared guest memory,
 * with the PIC in user space. The only file that includes <linux/kvm.h>. */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cpu/cpu.h"
#ifdef HVDOS_HAVE_INTERP
#include "cpu/interp/interp.h"
#endif

/* Rescue: at most this many x87 instructions in a row run in the interpreter before KVM
 * gets the CPU back (each would otherwise cost a VM exit and two FPU ioctls). */
#define RESCUE_BATCH 64

/* The shortest and longest run a --speed budget gives KVM (see kvm_set_budget). */
#define KVM_BUDGET_MIN_NS 250000u
#define KVM_BUDGET_MAX_NS 2000000u

/* The signal that interrupts KVM_RUN: blocked on the vCPU thread except inside KVM_RUN
 * (KVM_SET_SIGNAL_MASK), so a kick that arrives early waits and ends the next run at
 * once instead of being lost. */
#define KVM_KICK_SIGNAL (SIGRTMIN + 4)

struct kvm_cpu {
    struct cpu base;
    const struct cpu_host *host;
    const struct memmap *map;
    uint8_t *mem;
    int kvm_fd, vm_fd, vcpu_fd;
    struct kvm_run *run;
    size_t run_size;
    bool sync_regs; /* registers travel in kvm_run (KVM_CAP_SYNC_REGS) */
    bool intr;      /* the INTR line */
    bool if_set;    /* set_regs since the last exit: if_now is the guest's IF */
    bool if_now;
    /* A memory slot per region of the map (slot number = region index), and whether
     * each is in place; ROM slots are read-only where KVM can do that. */
    bool slot_mapped[MEMMAP_MAX_REGIONS];
    unsigned rom_flags;
    /* The thread inside run(), for kick(); and its deadline timer. */
    _Atomic bool kick_pending;
    _Atomic bool thread_valid;
    pthread_t thread;
    pid_t timer_tid;
    timer_t timer;
    bool timer_valid;
    uint64_t timer_deadline;
    /* Rescue: the interpreter instance that runs what KVM's instruction emulator cannot
     * (made at the first need, kept for the x87 state), and the x87 image last handed
     * to KVM, to tell whether KVM changed it since (FNINIT, FXRSTOR). */
    struct cpu *rescuer;
    struct kvm_fpu fpu_set;
    bool fpu_set_valid;
    /* The vCPU's XSAVE image (KVM_GET/SET_XSAVE) when KVM offers it, else 0 bytes and
     * the x87 state goes through KVM_GET/SET_FPU. */
    struct kvm_xsave *xsave;
    size_t xsave_size;
    bool xsave_probed;
    uint64_t rescued; /* instructions the interpreter ran */
    /* The instruction count (kvm_insns): the vCPU's insn_emulation statistic where the
     * kernel emulates every instruction (counted), else time in KVM_RUN at the rate of
     * a calibration loop. Which one is found by kvm_probe at the first call. */
    int stats_fd;
    off_t insn_stat; /* file offset of insn_emulation in stats_fd, or -1 */
    uint64_t insn_base;
    bool probed, counted;
    double per_ns;            /* instructions per ns of KVM_RUN, from the calibration loop */
    uint64_t run_ns;          /* time spent in KVM_RUN */
    uint64_t budget_deadline; /* set_budget's instructions as a time, or 0 */
};

static void kvm_signal_handler(int sig)
{
    (void)sig; /* its only job is to make KVM_RUN return EINTR */
}

static int kvm_errmsg(char *err, size_t errlen, int rc, const char *fmt, const char *what)
{
    snprintf(err, errlen, fmt, what, strerror(-rc));
    return rc;
}

static int kvm_set_slot(struct kvm_cpu *k, unsigned slot, uint64_t gpa, uint64_t size,
                        uint8_t *host, unsigned flags)
{
    struct kvm_userspace_memory_region r = {
        .slot = slot,
        .flags = flags,
        .guest_phys_addr = gpa,
        .memory_size = size,
        .userspace_addr = (uintptr_t)host,
    };
    return ioctl(k->vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0 ? -errno : 0;
}

/* Puts region i of the map into its slot as the map has it now. */
static int kvm_map_region(struct kvm_cpu *k, unsigned i)
{
    const struct memmap_region *r = &k->map->regions[i];
    int rc;

    if (k->slot_mapped[i]) {
        /* KVM changes a slot's backing only by deleting it first. */
        rc = kvm_set_slot(k, i, r->base, 0, NULL, 0);
        if (rc)
            return rc;
        k->slot_mapped[i] = false;
    }
    if (r->kind == MEMMAP_UNMAPPED)
        return 0; /* no slot: accesses exit as MMIO, reads give FFh */
    rc = kvm_set_slot(k, i, r->base, r->size, k->map->host + r->offset,
                      r->kind == MEMMAP_ROM ? k->rom_flags : 0);
    if (!rc)
        k->slot_mapped[i] = true;
    return rc;
}

static int kvm_setup_cpuid(struct kvm_cpu *k)
{
    int n = 100;
    struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(struct kvm_cpuid_entry2));
    int rc = 0;

    if (!c)
        return -ENOMEM;
    c->nent = n;
    if (ioctl(k->kvm_fd, KVM_GET_SUPPORTED_CPUID, c) < 0 ||
        ioctl(k->vcpu_fd, KVM_SET_CPUID2, c) < 0)
        rc = -errno;
    free(c);
    return rc;
}

/* The file offset of a cumulative statistic in a binary stats fd (KVM_GET_STATS_FD), or
 * -1 when the kernel has no such statistic. */
static off_t kvm_stat_find(int fd, const char *name)
{
    struct kvm_stats_header h;
    size_t dsz;
    char *descs;
    off_t off = -1;

    if (fd < 0 || pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || h.num_desc > 4096 ||
        h.name_size > 256)
        return -1;
    dsz = sizeof(struct kvm_stats_desc) + h.name_size;
    descs = malloc(dsz * h.num_desc);
    if (descs && pread(fd, descs, dsz * h.num_desc, h.desc_offset) == (ssize_t)(dsz * h.num_desc)) {
        for (uint32_t i = 0; i < h.num_desc && off < 0; i++) {
            const struct kvm_stats_desc *d = (const void *)(descs + i * dsz);
            if ((d->flags & KVM_STATS_TYPE_MASK) == KVM_STATS_TYPE_CUMULATIVE && d->size == 1 &&
                !strncmp(d->name, name, h.name_size))
                off = (off_t)h.data_offset + d->offset;
        }
    }
    free(descs);
    return off;
}

static uint64_t kvm_stat_read(int fd, off_t off)
{
    uint64_t v = 0;

    if (off < 0 || pread(fd, &v, sizeof(v), off) != (ssize_t)sizeof(v))
        return 0;
    return v;
}

static uint64_t kvm_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void kvm_destroy(struct cpu *cpu)
{
    struct kvm_cpu *k = (struct kvm_cpu *)cpu;

    if (!k)
        return;
    if (k->stats_fd >= 0)
        close(k->stats_fd);
    if (k->timer_valid)
        timer_delete(k->timer);
    if (k->rescuer)
        k->rescuer->ops->destroy(k->rescuer);
    free(k->xsave);
    if (k->run)
        munmap(k->run, k->run_size);
    if (k->vcpu_fd >= 0)
        close(k->vcpu_fd);
    if (k->vm_fd >= 0)
        close(k->vm_fd);
    if (k->kvm_fd >= 0)
        close(k->kvm_fd);
    free(k);
}

static int kvm_create(const struct cpu_config *cfg, struct cpu **out, char *err, size_t errlen)
{
    struct kvm_cpu *k = calloc(1, sizeof(*k));
    struct sigaction sa = {.sa_handler = kvm_signal_handler};
    int rc, mmap_size;

    if (!k)
        return -ENOMEM;
    k->base.ops = &cpu_kvm_ops;
    k->host = cfg->host;
    k->map = cfg->map;
    k->mem = cfg->map->host;
    k->vm_fd = k->vcpu_fd = k->stats_fd = -1;

    k->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (k->kvm_fd < 0) {
        rc = -errno;
        if (rc == -ENOENT)
            snprintf(err, errlen,
                     "cannot open /dev/kvm: it does not exist (load the kvm module "
                     "and enable virtualization in the firmware, or run with "
                     "--cpu=interp)");
        else if (rc == -EACCES || rc == -EPERM)
            snprintf(err, errlen,
                     "cannot open /dev/kvm: permission denied (add your user to "
                     "group 'kvm', or run with --cpu=interp)");
        else
            kvm_errmsg(err, errlen, rc, "cannot open %s: %s (run with --cpu=interp)", "/dev/kvm");
        goto fail;
    }
    if (ioctl(k->kvm_fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
        rc = -ENOTSUP;
        snprintf(
            err, errlen,
            "/dev/kvm does not answer as a KVM device of this API version (run with --cpu=interp)");
        goto fail;
    }
    k->vm_fd = ioctl(k->kvm_fd, KVM_CREATE_VM, 0);
    if (k->vm_fd < 0) {
        rc = kvm_errmsg(err, errlen, -errno, "cannot create a %s: %s (run with --cpu=interp)",
                        "KVM virtual machine");
        goto fail;
    }
    /* Real mode under VMX needs a TSS region; place it above 4 GiB-ish, away from RAM. */
    if (ioctl(k->vm_fd, KVM_SET_TSS_ADDR, 0xfffbd000UL) < 0) {
        rc = kvm_errmsg(err, errlen, -errno, "cannot set up %s: %s (run with --cpu=interp)",
                        "the KVM real-mode TSS");
        goto fail;
    }
    k->rom_flags =
        ioctl(k->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM) > 0 ? KVM_MEM_READONLY : 0;
    rc = 0;
    for (unsigned i = 0; i < k->map->count && !rc; i++)
        rc = kvm_map_region(k, i);
    if (rc) {
        kvm_errmsg(err, errlen, rc, "cannot map %s: %s (run with --cpu=interp)",
                   "guest memory into KVM");
        goto fail;
    }
    k->vcpu_fd = ioctl(k->vm_fd, KVM_CREATE_VCPU, 0);
    if (k->vcpu_fd < 0) {
        rc = kvm_errmsg(err, errlen, -errno, "cannot create %s: %s (run with --cpu=interp)",
                        "a KVM vCPU");
        goto fail;
    }
    mmap_size = ioctl(k->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (mmap_size <= 0) {
        rc = -EINVAL;
        snprintf(err, errlen, "KVM gives no vCPU run area (run with --cpu=interp)");
        goto fail;
    }
    k->run_size = (size_t)mmap_size;
    k->run = mmap(NULL, k->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, k->vcpu_fd, 0);
    if (k->run == MAP_FAILED) {
        k->run = NULL;
        rc = kvm_errmsg(err, errlen, -errno, "cannot map %s: %s", "the KVM vCPU run area");
        goto fail;
    }
    k->stats_fd = ioctl(k->vcpu_fd, KVM_GET_STATS_FD, NULL);
    k->insn_stat = kvm_stat_find(k->stats_fd, "insn_emulation");
    rc = kvm_setup_cpuid(k);
    if (rc) {
        kvm_errmsg(err, errlen, rc, "cannot set %s: %s (run with --cpu=interp)", "KVM CPUID");
        goto fail;
    }
    {
        /* Inside KVM_RUN the kick signal is unblocked; everywhere else it waits. */
        struct kvm_signal_mask *mask = calloc(1, sizeof(*mask) + 8);
        sigset_t s;
        sigemptyset(&s);
        if (mask) {
            mask->len = 8;
            memcpy(mask->sigset, &s, 8);
        }
        if (!mask || ioctl(k->vcpu_fd, KVM_SET_SIGNAL_MASK, mask) < 0) {
            rc = kvm_errmsg(err, errlen, mask ? -errno : -ENOMEM, "cannot set %s: %s",
                            "the KVM signal mask");
            free(mask);
            goto fail;
        }
        free(mask);
    }
    k->sync_regs =
        (ioctl(k->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS) &
         (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)) == (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS);
    if (k->sync_regs) {
        /* The shared copy is only filled by KVM_RUN: seed it with the reset state. */
        if (ioctl(k->vcpu_fd, KVM_GET_REGS, &k->run->s.regs.regs) < 0 ||
            ioctl(k->vcpu_fd, KVM_GET_SREGS, &k->run->s.regs.sregs) < 0) {
            rc = kvm_errmsg(err, errlen, -errno, "cannot read %s: %s", "the vCPU registers");
            goto fail;
        }
        k->run->kvm_valid_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
    }
    sigaction(KVM_KICK_SIGNAL, &sa, NULL);
    *out = &k->base;
    return 0;
fail:
    kvm_destroy(&k->base);
    return rc;
}

/* Register access goes through kvm_run when KVM_CAP_SYNC_REGS works (no ioctl per
 * hostcall); otherwise through the ioctls. */
static void kvm_load_regs(struct kvm_cpu *k, struct kvm_regs *regs, struct kvm_sregs *sregs)
{
    if (k->sync_regs) {
        if (regs)
            *regs = k->run->s.regs.regs;
        if (sregs)
            *sregs = k->run->s.regs.sregs;
        return;
    }
    if (regs)
        ioctl(k->vcpu_fd, KVM_GET_REGS, regs);
    if (sregs)
        ioctl(k->vcpu_fd, KVM_GET_SREGS, sregs);
}

static void kvm_store_regs(struct kvm_cpu *k, const struct kvm_regs *regs,
                           const struct kvm_sregs *sregs)
{
    if (k->sync_regs) {
        if (regs) {
            k->run->s.regs.regs = *regs;
            k->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
        }
        if (sregs) {
            k->run->s.regs.sregs = *sregs;
            k->run->kvm_dirty_regs |= KVM_SYNC_X86_SREGS;
        }
        return;
    }
    if (regs)
        ioctl(k->vcpu_fd, KVM_SET_REGS, regs);
    if (sregs)
        ioctl(k->vcpu_fd, KVM_SET_SREGS, sregs);
}

static void kvm_get_regs(struct cpu *cpu, struct cpu_regs *r)
{
    struct kvm_cpu *k = (struct kvm_cpu *)cpu;
    struct kvm_regs g;
    struct kvm_sregs s;

    kvm_load_regs(k, &g, &s);
    r->eax = (uint32_t)g.rax;
    r->ebx = (uint32_t)g.rbx;
    r->ecx = (uint32_t)g.rcx;
    r->edx = (uint32_t)g.rdx;
    r->esi = (uint32_t)g.rsi;
    r->edi = (uint32_t)g.rdi;
    r->esp = (uint32_t)g.rsp;
    r->ebp = (uint32_t)g.rbp;
    r->eip = (uint32_t)g.rip;
    r->eflags = (uint32_t)g.rflags;
    r->cs = s.cs.selector;
    r->ds = s.ds.selector;
    r->es = s.es.selector;
    r->ss = s.ss.selector;
    r->fs = s.fs.selector;
    r->gs = s.gs.selector;
}

static void kvm_real_seg(struct kvm_segment *seg, uint16_t sel)
{
    seg->selector = sel;
    seg->base = (uint64_t)sel << 4;
    seg->limit = 0xFFFF;
}

/* Runs `mov dx, outer; o: mov cx, inner; l: dec cx; jnz l; dec dx; jnz o; hlt` in a
 * scratch VM of 64 KiB: returns the ns it took (0 on failure) and, in *emulated, how
 * many of its instructions KVM's emulator counted. */
static uint64_t kvm_probe_loop(struct kvm_cpu *k, uint16_t outer, uint16_t inner,
                               uint64_t *emulated)
{
    const uint8_t code[] = {0xBA, outer & 0xFF, outer >> 8, 0xB9, inner & 0xFF, inner >> 8, 0x49,
                            0x75, 0xFD,         0x4A,       0x75, 0xF7,         0xF4};
    int vm = -1, vcpu = -1, stats = -1, size;
    uint8_t *mem = MAP_FAILED;
    struct kvm_run *run = MAP_FAILED;
    struct kvm_sregs sr;
    struct kvm_regs gr = {.rflags = 2};
    uint64_t t = 0, t0, e0;
    off_t off;

    *emulated = 0;
    vm = ioctl(k->kvm_fd, KVM_CREATE_VM, 0);
    mem = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (vm < 0 || mem == MAP_FAILED || ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000UL) < 0)
        goto out;
    memcpy(mem, code, sizeof(code));
    struct kvm_userspace_memory_region r = {
        .slot = 0, .memory_size = 0x10000, .userspace_addr = (uintptr_t)mem};
    size = ioctl(k->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) < 0 || size <= 0 ||
        (vcpu = ioctl(vm, KVM_CREATE_VCPU, 0)) < 0)
        goto out;
    run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED || ioctl(vcpu, KVM_GET_SREGS, &sr) < 0)
        goto out;
    kvm_real_seg(&sr.cs, 0);
    if (ioctl(vcpu, KVM_SET_SREGS, &sr) < 0 || ioctl(vcpu, KVM_SET_REGS, &gr) < 0)
        goto out;
    stats = ioctl(vcpu, KVM_GET_STATS_FD, NULL);
    off = kvm_stat_find(stats, "insn_emulation");
    e0 = kvm_stat_read(stats, off);
    t0 = kvm_now_ns();
    for (int tries = 0; tries < 100; tries++) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0 && errno != EINTR && errno != EAGAIN)
            goto out;
        if (run->exit_reason == KVM_EXIT_HLT) {
            t = kvm_now_ns() - t0;
            *emulated = kvm_stat_read(stats, off) - e0;
            break;
        }
    }
out:
    if (stats >= 0)
        close(stats);
    if (run != MAP_FAILED)
        munmap(run, (size_t)size);
    if (vcpu >= 0)
        close(vcpu);
    if (vm >= 0)
        close(vm);
    if (mem != MAP_FAILED)
        munmap(mem, 0x10000);
    return t;
}

/* Finds out how guest instructions are counted on this host (see struct kvm_cpu). */
static void kvm_probe(struct kvm_cpu *k)
{
    uint64_t n = 1 + (2 * 2000u + 3) + 1, emulated, t;

    k->probed = true;
    k->per_ns = 0.002; /* what the kernel's emulator manages, if nothing can be measured */
    t = kvm_probe_loop(k, 1, 2000, &emulated);
    k->counted = k->insn_stat >= 0 && emulated >= n;
    if (t && !k->counted && t < 200000) {
        /* hardware real mode: a loop long enough to time */
        n = 1 + 64u * (2 * 65535u + 3) + 1;
        t = kvm_probe_loop(k, 64, 65535, &emulated);
    }
    if (t)
        k->per_ns = (double)n / (double)t;
    k->insn_base = kvm_stat_read(k->stats_fd, k->insn_stat);
}

static uint64_t kvm_insns(struct cpu *cpu)
{
    struct kvm_cpu *k = (struct kvm_cpu *)cpu;

    if (!k->probed)
        kvm_probe(k);
    if (k->counted)
        return kvm_stat_read(k->stats_fd, k->insn_stat) - k->insn_base + k->rescued;
    return (uint64_t)((double)k->run_ns * k->per_ns) + k->rescued;
}

/* KVM cannot stop after n instructions: it runs until the time they take. Where KVM
 * counts them, at the rate the guest's code has run so far (the emulator's speed
 * varies several times with the instructions: memory operands and port I/O cost more),
 * else at the calibration loop's. The machine charges what kvm_insns counted, so the
 * rate only sets how long a slice is; the window stays within KVM_BUDGET_MIN_NS (less
 * would run almost nothing: entering KVM_RUN costs tens of microseconds here) and
 * KVM_BUDGET_MAX_NS (what runs over is charged, and the next slice waits for it). */
static void kvm_set_budget(struct cpu *cpu, uint64_t n)
{
    struct kvm_cpu *k = (struct kvm_cpu *)cpu;
    double rate;
    uint64_t window;

    if (!n) {
        k->budget_deadline = 0;
        return;
    }
    if (!k->probed)
        kvm_probe(k);
    rate = k->per_ns;
    if (k->counted && k->run_ns > 1000000)
        rate = (double)kvm_insns(cpu) / (double)k->run_ns;
    window = (uint64_t)((double)n / rate);
    if (window < KVM_BUDGET_MIN_NS)
        window = KVM_BUDGET_MIN_NS;
    if (window > KVM_BUDGET_MAX_NS)
        window = KVM_BUDGET_MAX_NS;
    k->budget_deadline = kvm_now_ns() + window;
}

static bool kvm_seg_differs(const struct kvm_segment *seg, uint16_t sel)
{
    return seg->selector != sel || seg->base != (uint64_t)sel << 4;
}

static void kvm_set_regs(struct cpu *cpu, const struct cpu_regs *r)
{
    struct kvm_cpu *k = (struct kvm_cpu *)cpu;
    struct kvm_regs g;
    struct kvm_sregs s;
    bool segs;

    kvm_load_regs(k, &g, &s);
    g.rax = r->eax;
    g.rbx = r->ebx;
    g.rcx = r->ecx;
    g.rdx = r->edx;
    g.rsi = r->esi;
    g.rdi = r->edi;
    g.rsp = r->esp;
    g.rbp = r->ebp;
    g.rip = r->eip;
    g.rflags = (r->eflags & 0x003F7FD5u) | 2; /* reserved bit 1 is always set */
    k->if_set = true;
    k->if_now = (r->eflags & FLAG_IF) != 0;
    segs = kvm_seg_differs(&s.cs, r->cs) || kvm_seg_differs(&s.ds, r->ds) ||
           kvm_seg_differs(&s.es, r->es) || kvm_seg_differs(&s.ss, r->ss) ||
           kvm_seg_differs(&s.fs, r->fs) || kvm_seg_differs(&s.gs, r->gs);
    if (!segs) {
        /* Writing the segment registers back would also write the copy's pending-
         * interrupt bitmap, and KVM would deliver that interrupt a second time. */
        kvm_store_regs(k, &g, NULL);
        return;
    }
    kvm_real_seg(&s.cs, r->cs);
    kvm_real_seg(&s.ds, r->ds);
    kvm_real_seg(&s.es, r->es);
    kvm_real_seg(&s.ss, r->ss);
    kvm_real_seg(&s.fs, r->fs);
    kvm_real_seg(&s.gs, r->gs);
    memset(s.interrupt_bitmap, 0, sizeof(s.interrupt_bitmap));
    kvm_store_regs(k, &g, &s);
}

static void kvm_set_intr(struct cpu *cpu, bool level)
{
    ((struct kvm_cpu *)cpu)->intr = level;
}

static void kvm_remap(struct cpu *cpu, unsigned region)
{
    struct kvm_cpu *k = (struct kvm_cpu *)cpu;

    if (region >= MEMMAP_MAX_REGIONS || kvm_map_region(k, region))
        abort(); /* a region the map accepted, in a slot KVM gave before: KVM broke */
    if (k->rescuer)
        k->rescuer->ops->remap(k->rescuer, region);
}

static void kvm_kick(struct cpu *cpu)
{
    struct kvm_cpu *k = (struct kvm_cpu *)cpu;

    atomic_store(&k->kick_pending, true);
    if (atomic_load(&k->thread_valid))
        pthread_kill(k->thread, KVM_KICK_SIGNAL);
}

/* KVM_RUN returns EINTR for the kick signal but leaves it pending, since the thread
 * blocks it outside KVM_RUN: take it now, or every later KVM_RUN ends at once. */
static void kvm_take_kicks(void)
{
    struct timespec zero = {0, 0};
    sigset_t s;

    sigemptyset(&s);
    sigaddset(&s, KVM_KICK_SIGNAL);
    while (sigtimedwait(&s, NULL, &zero) > 0)
        ;
}

/* Arms a per-thread timer that sends the kick signal at the deadline. */
static void kvm_arm_deadline(struct kvm_cpu *k, uint64_t deadline_ns)
{
    pid_t tid = (pid_t)syscall(SYS_gettid);
    struct itimerspec its = {0};

    if (k->timer_valid && k->timer_tid != tid) {
        timer_delete(k->timer);
        k->timer_valid = false;
    }
    if (!k->timer_valid) {
        struct sigevent sev = {.sigev_notify = SIGEV_THREAD_ID, .sigev_signo = KVM_KICK_SIGNAL};
        sev._sigev_un._tid = tid;
        if (timer_create(CLOCK_MONOTONIC, &sev, &k->timer) < 0)
            return;
        k->timer_valid = true;
        k->timer_tid = tid;
        k->timer_deadline = 0;
    }
    if (deadline_ns == k->timer_deadline)
        return;
    k->timer_deadline = deadline_ns;
    its.it_value.tv_sec = (time_t)(deadline_ns / 1000000000u);
    its.it_value.tv_nsec = (long)(deadline_ns % 1000000000u);
    timer_settime(k->timer, TIMER_ABSTIME, &its, NULL);
}

static void kvm_describe_stop(struct kvm_cpu *k, struct cpu_exit *exit, const char *what)
{
    struct cpu_regs r;
    uint32_t lin;
    int n;

    kvm_get_regs(&k->base, &r);
    lin = cpu_linear(r.cs, r.ip);
    n = snprintf(exit->msg, sizeof(exit->msg), "%s at %04X:%04X, bytes", what, r.cs, r.ip);
    for (unsigned i = 0; i < 6 && n > 0 && (size_t)n < sizeof(exit->msg); i++) {
        uint32_t p = (lin + i) & 0xFFFFF;
        n += snprintf(exit->msg + n, sizeof(exit->msg) - (size_t)n, " %02X", k->mem[p]);
    }
}

static void kvm_do_io(struct kvm_cpu *k)
{
    struct kvm_run *run = k->run;
    uint8_t *data = (uint8_t *)run + run->io.data_offset;

    for (uint32_t i = 0; i < run->io.count; i++, data += run->io.size) {
        if (run->io.direction == KVM_EXIT_IO_OUT) {
            uint32_t v = 0;
            memcpy(&v, data, run->io.size);
            k->host->io_out(k->host->ctx, run->io.port, run->io.size, v);
        } else {
            uint32_t v = k->host->io_in(k->host->ctx, run->io.port, run->io.size);
            memcpy(data, &v, run->io.size);
        }
    }
}

static void kvm_do_mmio(struct kvm_cpu *k)
{
    /* Only unmapped space and ROM writes come here: reads float high, writes vanish. */
    if (!k->run->mmio.is_write)
        memset(k->run->mmio.data, 0xFF, sizeof(k->run->mmio.data));
}

/* Hands a pending interrupt to KVM when the guest can take it, else asks KVM to stop
 * as soon as it can. */
static void kvm_prepare_intr(struct kvm_cpu *k)
{
    struct kvm_run *run = k->run;

    bool if_flag = run->if_flag;

    run->request_interrupt_window = 0;
    if (!k->intr)
        return;
    /* run->if_flag and ready_for_interrupt_injection describe the last exit; registers
     * set since (a service that turns interrupts on before it returns) say what holds
     * now. Every exit here follows a whole instruction (HLT, I/O), so no interrupt
     * shadow is left, and KVM holds the vector until the guest can take it anyway. */
    if (k->if_set)
        if_flag = k->if_now;
    if ((run->ready_for_interrupt_injection || k->if_set) && if_flag) {
        int vec = k->host->intr_ack(k->host->ctx);
        if (vec >= 0) {
            struct kvm_interrupt irq = {.irq = (uint32_t)vec};
            ioctl(k->vcpu_fd, KVM_INTERRUPT, &irq);
        }
        return;
    }
    run->request_interrupt_window = 1;
}

#ifdef HVDOS_HAVE_INTERP
/* The x87 state has two homes: KVM's vCPU FPU, which the kernel's instruction emulator
 * uses for the few x87 instructions it knows (FNINIT, FNSTCW, FNSTSW, FXSAVE/FXRSTOR), and
 * the rescuer's, which runs every other one. Around each rescue the state is read from
 * KVM, imported if KVM changed it since the last hand-back, and handed back after, so a
 * program that mixes the two sees one FPU. (With hardware real mode the guest runs x87
 * natively on KVM's copy and no rescue happens.) */
static bool kvm_fpu_same(const struct kvm_fpu *a, const struct kvm_fpu *b)
{
    if (a->fcw != b->fcw || a->fsw != b->fsw || a->ftwx != b->ftwx)
        return false;
    for (unsigned i = 0; i < 8; i++)
        if (memcmp(a->fpr[i], b->fpr[i], 10))
            return false;
    return true;
}

/* KVM_SET_FPU writes the legacy FXSAVE area but leaves the XSAVE header alone: while the
 * guest has not used the x87, its XSTATE_BV bit is clear and the next XRSTOR loads the
 * x87 init state, dropping what was set. So where KVM has XSAVE, the x87 state travels
 * in the XSAVE image with that bit set. */
enum {
    XS_FCW = 0,
    XS_FSW = 2,
    XS_FTW = 4,
    XS_FOP = 6,
    XS_FIP = 8,
    XS_FDP = 16,
    XS_ST = 32,
    XS_BV = 512
};

static int kvm_x87_read(struct kvm_cpu *k, struct kvm_fpu *f)
{
    if (!k->xsave_probed) {
        int n = ioctl(k->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XSAVE2);
        k->xsave_probed = true;
        if (n <= 0 && ioctl(k->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XSAVE) > 0)
            n = (int)sizeof(struct kvm_xsave);
        if (n > 0) {
            k->xsave_size =
                (size_t)n < sizeof(struct kvm_xsave) ? sizeof(struct kvm_xsave) : (size_t)n;
            k->xsave = calloc(1, k->xsave_size);
            if (!k->xsave)
                k->xsave_size = 0;
        }
    }
    if (!k->xsave_size)
        return ioctl(k->vcpu_fd, KVM_GET_FPU, f) < 0 ? -errno : 0;
    if (ioctl(k->vcpu_fd, k->xsave_size > sizeof(struct kvm_xsave) ? KVM_GET_XSAVE2 : KVM_GET_XSAVE,
              k->xsave) < 0)
        return -errno;
    const uint8_t *x = (const uint8_t *)k->xsave->region;
    uint64_t bv;
    memset(f, 0, sizeof(*f));
    memcpy(&bv, x + XS_BV, 8);
    if (!(bv & 1)) { /* the x87 is in its init state */
        f->fcw = 0x037F;
        return 0;
    }
    memcpy(&f->fcw, x + XS_FCW, 2);
    memcpy(&f->fsw, x + XS_FSW, 2);
    f->ftwx = x[XS_FTW];
    memcpy(&f->last_opcode, x + XS_FOP, 2);
    memcpy(&f->last_ip, x + XS_FIP, 8);
    memcpy(&f->last_dp, x + XS_FDP, 8);
    for (unsigned i = 0; i < 8; i++)
        memcpy(f->fpr[i], x + XS_ST + 16 * i, 16);
    return 0;
}

/* Writes the x87 part of `f`; k->xsave holds the image kvm_x87_read just read. */
static int kvm_x87_write(struct kvm_cpu *k, struct kvm_fpu *f)
{
    if (!k->xsave_size)
        return ioctl(k->vcpu_fd, KVM_SET_FPU, f) < 0 ? -errno : 0;
    uint8_t *x = (uint8_t *)k->xsave->region;
    uint64_t bv;
    memcpy(x + XS_FCW, &f->fcw, 2);
    memcpy(x + XS_FSW, &f->fsw, 2);
    x[XS_FTW] = f->ftwx;
    memcpy(x + XS_FOP, &f->last_opcode, 2);
    memcpy(x + XS_FIP, &f->last_ip, 8);
    memcpy(x + XS_FDP, &f->last_dp, 8);
    for (unsigned i = 0; i < 8; i++)
        memcpy(x + XS_ST + 16 * i, f->fpr[i], 16);
    memcpy(&bv, x + XS_BV, 8);
    bv |= 1;
    memcpy(x + XS_BV, &bv, 8);
    return ioctl(k->vcpu_fd, KVM_SET_XSAVE, k->xsave) < 0 ? -errno : 0;
}

static void kvm_fpu_import(struct kvm_cpu *k, const struct kvm_fpu *f)
{
    struct interp_x87_state x = {
        .fcw = f->fcw,
        .fsw = f->fsw,
        .ftwx = f->ftwx,
        .fop = f->last_opcode,
        .fip = (uint32_t)f->last_ip,
        .fdp = (uint32_t)f->last_dp,
    };
    for (unsigned i = 0; i < 8; i++)
        memcpy(x.st[i], f->fpr[i], 10);
    interp_x87_set(k->rescuer, &x);
}

static void kvm_fpu_export(struct kvm_cpu *k, struct kvm_fpu *f)
{
    struct interp_x87_state x;

    interp_x87_get(k->rescuer, &x);
    f->fcw = x.fcw;
    f->fsw = x.fsw;
    f->ftwx = x.ftwx;
    f->last_opcode = x.fop;
    f->last_ip = x.fip;
    f->last_dp = x.fdp;
    for (unsigned i = 0; i < 8; i++) {
        memset(f->fpr[i], 0, sizeof(f->fpr[i]));
        memcpy(f->fpr[i], x.st[i], 10);
    }
}

/* Is the instruction at CS:IP an x87 one (D8-DF or WAIT, after any prefixes)? */
static bool kvm_next_is_x87(struct kvm_cpu *k, const struct cpu_regs *r)
{
    for (unsigned i = 0; i < 15; i++) {
        uint8_t b = k->mem[(cpu_linear(r->cs, (uint16_t)(r->ip + i))) & 0xFFFFF];
        switch (b) {
        case 0x26:
        case 0x2E:
        case 0x36:
        case 0x3E:
        case 0x64:
        case 0x65:
        case 0x66:
        case 0x67: continue;
        default: return b == 0x9B || (b >= 0xD8 && b <= 0xDF);
        }
    }
    return false;
}

/* KVM's emulator gave up on the instruction at CS:IP: the interpreter runs it on the
 * same registers, memory (with the same A20 gate and read-only ROM) and port I/O path,
 * then any x87 instructions straight after it. Returns 1 to resume KVM, 0 when the
 * instruction was a HLT (exit filled in), -1 when the interpreter cannot run it either. */
static int kvm_rescue(struct kvm_cpu *k, struct cpu_exit *exit)
{
    struct kvm_sregs s;
    struct kvm_fpu fpu;
    struct cpu_regs r;
    struct cpu_exit ex;
    unsigned done = 0;
    bool ok;
    char err[200];

    kvm_load_regs(k, NULL, &s);
    if (s.cr0 & 1)
        return -1; /* protected mode: the interpreter is a real-mode CPU */
    if (!k->rescuer) {
        struct cpu_config cfg = {.map = k->map, .host = k->host};
        if (cpu_interp_ops.create(&cfg, &k->rescuer, err, sizeof(err)))
            return -1;
    }
    if (kvm_x87_read(k, &fpu))
        return -1;
    if (!k->fpu_set_valid || !kvm_fpu_same(&fpu, &k->fpu_set))
        kvm_fpu_import(k, &fpu);
    /* MP, EM, TS and NE decide how x87 instructions trap and report errors. Nothing
     * writes CR0 back: KVM's emulator runs MOV CRn and CLTS itself, so a rescued
     * instruction never changes it. */
    interp_set_cr0(k->rescuer, (uint32_t)s.cr0);
    kvm_get_regs(&k->base, &r);
    for (;;) {
        ok = interp_step(k->rescuer, &r, &ex);
        if (!ok)
            break;
        k->rescued++;
        if (ex.reason == CPU_STOP_HLT || ++done >= RESCUE_BATCH || atomic_load(&k->kick_pending) ||
            (k->intr && (r.flags & FLAG_IF)) || (r.flags & FLAG_TF) || !kvm_next_is_x87(k, &r))
            break;
    }
    if (!ok && ex.reason == CPU_STOP_ERROR && done == 0)
        return -1; /* the caller reports KVM's own failure */
    kvm_set_regs(&k->base, &r);
    kvm_fpu_export(k, &fpu);
    if (kvm_x87_write(k, &fpu))
        return -1;
    k->fpu_set = fpu;
    k->fpu_set_valid = true;
    if (!ok && ex.reason == CPU_STOP_SHUTDOWN) {
        exit->reason = CPU_STOP_SHUTDOWN;
        kvm_describe_stop(k, exit, "the CPU shut down (triple fault)");
        return 0;
    }
    if (!ok) {
        *exit = ex;
        return 0;
    }
    if (ex.reason == CPU_STOP_HLT) {
        exit->reason = CPU_STOP_HLT;
        exit->addr = ex.addr;
        return 0;
    }
    return 1;
}
#endif

static int kvm_run_cpu(struct cpu *cpu, uint64_t deadline_ns, struct cpu_exit *exit)
{
    struct kvm_cpu *k = (struct kvm_cpu *)cpu;
    struct kvm_run *run = k->run;

    if (!atomic_load(&k->thread_valid) || !pthread_equal(k->thread, pthread_self())) {
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, KVM_KICK_SIGNAL);
        pthread_sigmask(SIG_BLOCK, &s, NULL);
        k->thread = pthread_self();
        atomic_store(&k->thread_valid, true);
    }
    if (k->budget_deadline && (!deadline_ns || k->budget_deadline < deadline_ns))
        deadline_ns = k->budget_deadline;
    kvm_arm_deadline(k, deadline_ns);
    memset(exit, 0, sizeof(*exit));
    for (;;) {
        if (atomic_exchange(&k->kick_pending, false)) {
            exit->reason = CPU_STOP_KICK;
            return 0;
        }
        kvm_prepare_intr(k);
        uint64_t t0 = kvm_now_ns();
        int ran = ioctl(k->vcpu_fd, KVM_RUN, 0);
        k->run_ns += kvm_now_ns() - t0;
        k->if_set = false;
        if (ran < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                kvm_take_kicks();
                exit->reason = CPU_STOP_KICK;
                return 0;
            }
            exit->reason = CPU_STOP_ERROR;
            snprintf(exit->msg, sizeof(exit->msg), "KVM_RUN failed: %s", strerror(errno));
            return -errno;
        }
        switch (run->exit_reason) {
        case KVM_EXIT_HLT: {
            struct kvm_sregs s;
            struct kvm_regs g;
            kvm_load_regs(k, &g, &s);
            exit->reason = CPU_STOP_HLT;
            exit->addr = (uint32_t)(s.cs.base + ((g.rip - 1) & 0xFFFF));
            return 0;
        }
        case KVM_EXIT_IO: kvm_do_io(k); break;
        case KVM_EXIT_MMIO: kvm_do_mmio(k); break;
        case KVM_EXIT_IRQ_WINDOW_OPEN:
        case KVM_EXIT_INTR: break;
        case KVM_EXIT_SHUTDOWN:
            exit->reason = CPU_STOP_SHUTDOWN;
            kvm_describe_stop(k, exit, "the CPU shut down (triple fault)");
            return 0;
        case KVM_EXIT_INTERNAL_ERROR:
#ifdef HVDOS_HAVE_INTERP
            if (run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION) {
                int rc = kvm_rescue(k, exit);
                if (rc > 0)
                    break;
                if (rc == 0)
                    return 0;
            }
#endif
            exit->reason = CPU_STOP_ERROR;
            kvm_describe_stop(k, exit,
                              run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION
                                  ? "KVM cannot emulate the instruction"
                                  : "KVM internal error");
            return -EIO;
        case KVM_EXIT_FAIL_ENTRY:
            exit->reason = CPU_STOP_ERROR;
            kvm_describe_stop(k, exit, "KVM cannot enter the guest");
            return -EIO;
        default: {
            char what[40];
            snprintf(what, sizeof(what), "unexpected KVM exit %u", run->exit_reason);
            exit->reason = CPU_STOP_ERROR;
            kvm_describe_stop(k, exit, what);
            return -EIO;
        }
        }
    }
}

static void kvm_stats(struct cpu *cpu, char *buf, size_t len)
{
    struct kvm_cpu *k = (struct kvm_cpu *)cpu;

    snprintf(buf, len,
             "kvm: %llu instruction%s that KVM cannot emulate ran in the interpreter (rescue)",
             (unsigned long long)k->rescued, k->rescued == 1 ? "" : "s");
}

const struct cpu_ops cpu_kvm_ops = {
    .name = "kvm",
    .create = kvm_create,
    .destroy = kvm_destroy,
    .run = kvm_run_cpu,
    .get_regs = kvm_get_regs,
    .set_regs = kvm_set_regs,
    .set_intr = kvm_set_intr,
    .remap = kvm_remap,
    .kick = kvm_kick,
    .insns = kvm_insns,
    .set_budget = kvm_set_budget,
    .stats = kvm_stats,
};
