/* Behaviour of the interpreter's run loop and machine interface: HLT, interrupts and their
 * shadow, kick and deadline, the memory map and A20, exceptions through the IVT, shutdown,
 * protected mode refused, CPUID, single-step, the rescue step API, and self-modifying code
 * with the predecoded blocks on and off. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "cpu/interp/interp.h"

static int failures;
#define EXPECT(cond, ...)                               \
    do {                                                \
        if (!(cond)) {                                  \
            failures++;                                 \
            printf("FAIL %s:%d: ", __func__, __LINE__); \
            printf(__VA_ARGS__);                        \
            printf("\n");                               \
        }                                               \
    } while (0)

struct env {
    uint8_t *mem;
    struct memmap map;
    struct cpu *cpu;
    struct cpu_host host;
    int vector;    /* what intr_ack answers */
    int acks;      /* intr_ack calls */
    int outs;      /* io_out calls */
    uint32_t last; /* last io_out value */
    bool raise_on_out;
};

static uint32_t env_in(void *c, uint16_t p, unsigned s)
{
    (void)c;
    return p + s;
}
static void env_out(void *c, uint16_t p, unsigned s, uint32_t v)
{
    struct env *e = c;
    (void)p;
    (void)s;
    e->outs++;
    e->last = v;
    if (e->raise_on_out)
        e->cpu->ops->set_intr(e->cpu, true);
}
static int env_ack(void *c)
{
    struct env *e = c;
    e->acks++;
    return e->vector;
}

static void env_init(struct env *e)
{
    memset(e, 0, sizeof(*e));
    e->mem = calloc(1, MEMMAP_PC_ALLOC);
    memmap_init_pc(&e->map, e->mem, MEMMAP_PC_ALLOC);
    e->host = (struct cpu_host){e, env_in, env_out, env_ack};
    struct cpu_config cfg = {.map = &e->map, .host = &e->host};
    char err[200];
    if (cpu_interp_ops.create(&cfg, &e->cpu, err, sizeof(err)) < 0) {
        printf("FAIL: %s\n", err);
        exit(1);
    }
}

static void env_fini(struct env *e)
{
    cpu_interp_ops.destroy(e->cpu);
    free(e->mem);
}

/* Loads code at 1000:0100, the stack at 2000:FFFE, and sets IVT entry `vec` to point at
 * a HLT at 0000:0500 + vec. */
static void env_load(struct env *e, const uint8_t *code, size_t n)
{
    if (n)
        memcpy(e->mem + 0x10100, code, n);
    struct cpu_regs r;
    memset(&r, 0, sizeof(r));
    r.cs = 0x1000;
    r.ip = 0x100;
    r.ss = 0x2000;
    r.sp = 0xFFFE;
    r.ds = r.es = 0x1000;
    r.flags = 2;
    e->cpu->ops->set_regs(e->cpu, &r);
}

static void env_vector(struct env *e, int vec)
{
    uint16_t ip = (uint16_t)(0x500 + vec), cs = 0;
    memcpy(e->mem + vec * 4, &ip, 2);
    memcpy(e->mem + vec * 4 + 2, &cs, 2);
    e->mem[0x500 + vec] = 0xF4;
}

static struct cpu_regs env_regs(struct env *e)
{
    struct cpu_regs r;
    e->cpu->ops->get_regs(e->cpu, &r);
    return r;
}

static struct cpu_exit env_run(struct env *e)
{
    struct cpu_exit ex;
    e->cpu->ops->run(e->cpu, 0, &ex);
    return ex;
}

static void test_hlt_reports_address_and_ip_past_it(void)
{
    struct env e;
    env_init(&e);
    const uint8_t code[] = {0x90, 0xF4, 0x90};
    env_load(&e, code, sizeof(code));
    struct cpu_exit ex = env_run(&e);
    struct cpu_regs r = env_regs(&e);
    EXPECT(ex.reason == CPU_STOP_HLT, "stop %d", ex.reason);
    EXPECT(ex.addr == 0x10101, "addr %05x, want 10101", ex.addr);
    EXPECT(r.ip == 0x102, "ip %04x, want 0102", r.ip);
    env_fini(&e);
}

static void test_interrupt_taken_only_with_if(void)
{
    struct env e;
    env_init(&e);
    env_vector(&e, 0x08);
    /* cli; nop; nop; sti; nop; jmp $ */
    const uint8_t code[] = {0xFA, 0x90, 0x90, 0xFB, 0x90, 0xEB, 0xFE};
    env_load(&e, code, sizeof(code));
    e.vector = 0x08;
    e.cpu->ops->set_intr(e.cpu, true);
    struct cpu_exit ex = env_run(&e);
    struct cpu_regs r = env_regs(&e);
    EXPECT(ex.reason == CPU_STOP_HLT && ex.addr == 0x508, "stop %d at %05x, want the handler",
           ex.reason, ex.addr);
    EXPECT(e.acks == 1, "%d interrupt acknowledges, want 1", e.acks);
    uint16_t ret;
    memcpy(&ret, e.mem + 0x20000 + r.sp, 2);
    /* after STI the NOP still runs: the interrupt returns to the JMP */
    EXPECT(ret == 0x105, "interrupt taken before %04x, want 0105 (after the shadowed NOP)", ret);
    EXPECT(!(r.flags & FLAG_IF), "IF still set in the handler");
    env_fini(&e);
}

static void test_sti_hlt_halts_before_the_interrupt(void)
{
    struct env e;
    env_init(&e);
    env_vector(&e, 0x09);
    const uint8_t code[] = {0xFB, 0xF4, 0xEB, 0xFE};
    env_load(&e, code, sizeof(code));
    e.vector = 0x09;
    e.cpu->ops->set_intr(e.cpu, true);
    struct cpu_exit ex = env_run(&e);
    EXPECT(ex.reason == CPU_STOP_HLT && ex.addr == 0x10101, "stop %d at %05x, want the HLT",
           ex.reason, ex.addr);
    ex = env_run(&e);
    EXPECT(ex.reason == CPU_STOP_HLT && ex.addr == 0x509,
           "second run stop %d at %05x, want the handler", ex.reason, ex.addr);
    env_fini(&e);
}

/* STI holds interrupts off for one instruction; when that one is MOV SS, its own shadow
 * covers the next, so the stack switch completes before any interrupt. */
static void test_mov_ss_holds_off_interrupts_one_instruction(void)
{
    struct env e;
    env_init(&e);
    env_vector(&e, 0x0A);
    /* cli; out 0x21,al (the host raises INTR); sti; mov ss,ax; mov sp,0xFFF0; jmp $ */
    const uint8_t code[] = {0xFA, 0xE6, 0x21, 0xFB, 0x8E, 0xD0, 0xBC, 0xF0, 0xFF, 0xEB, 0xFE};
    env_load(&e, code, sizeof(code));
    struct cpu_regs r = env_regs(&e);
    r.ax = 0x3000;
    e.cpu->ops->set_regs(e.cpu, &r);
    e.vector = 0x0A;
    e.raise_on_out = true;
    struct cpu_exit ex = env_run(&e);
    r = env_regs(&e);
    uint16_t ret;
    memcpy(&ret, e.mem + ((uint32_t)r.ss << 4) + r.sp, 2);
    EXPECT(ex.addr == 0x50A, "stopped at %05x, want the handler", ex.addr);
    EXPECT(r.ss == 0x3000 && r.sp == 0xFFF0 - 6, "interrupt frame at %04x:%04x, want 3000:FFEA",
           r.ss, r.sp);
    EXPECT(ret == 0x109, "interrupt returns to %04x, want the JMP at 0109", ret);
    env_fini(&e);
}

static void *kicker(void *arg)
{
    struct env *e = arg;
    usleep(20000);
    e->cpu->ops->kick(e->cpu);
    return NULL;
}

static void test_kick_stops_a_spinning_guest(void)
{
    struct env e;
    env_init(&e);
    const uint8_t code[] = {0xEB, 0xFE};
    env_load(&e, code, sizeof(code));
    pthread_t t;
    pthread_create(&t, NULL, kicker, &e);
    struct cpu_exit ex = env_run(&e);
    pthread_join(t, NULL);
    EXPECT(ex.reason == CPU_STOP_KICK, "stop %d, want KICK", ex.reason);
    /* a kick while not running makes the next run return at once */
    e.cpu->ops->kick(e.cpu);
    ex = env_run(&e);
    EXPECT(ex.reason == CPU_STOP_KICK, "stop %d, want KICK", ex.reason);
    env_fini(&e);
}

static void test_deadline_stops_a_spinning_guest(void)
{
    struct env e;
    env_init(&e);
    const uint8_t code[] = {0xEB, 0xFE};
    env_load(&e, code, sizeof(code));
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    struct cpu_exit ex;
    e.cpu->ops->run(e.cpu, now + 10000000u, &ex);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t after = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    EXPECT(ex.reason == CPU_STOP_KICK, "stop %d, want KICK", ex.reason);
    EXPECT(after - now < 200000000u, "took %llu ns for a 10 ms deadline",
           (unsigned long long)(after - now));
    env_fini(&e);
}

static void test_memory_map_and_a20(void)
{
    struct env e;
    env_init(&e);
    /* mov ax,0xFFFF; mov ds,ax; mov byte [0x10],0x55; mov al,[0x10]; hlt
     * then: mov ax,0xF000; mov ds,ax; mov byte [0],0x66; mov ax,0xC000; mov es,ax;
     * mov bl,[es:0]; hlt */
    const uint8_t code[] = {0xB8, 0xFF, 0xFF, 0x8E, 0xD8, 0xC6, 0x06, 0x10, 0x00, 0x55, 0xA0, 0x10,
                            0x00, 0xF4, 0xB8, 0x00, 0xF0, 0x8E, 0xD8, 0xC6, 0x06, 0x00, 0x00, 0x66,
                            0xB8, 0x00, 0xC0, 0x8E, 0xC0, 0x26, 0x8A, 0x1E, 0x00, 0x00, 0xF4};
    env_load(&e, code, sizeof(code));
    env_run(&e);
    EXPECT(e.mem[0] == 0x55 && e.mem[0x100000] == 0, "A20 off: FFFF:0010 did not wrap to 0");
    e.mem[0] = 0;
    env_load(&e, code, sizeof(code));
    e.map.regions[MEMMAP_PC_HMA].kind = MEMMAP_RAM; /* A20 on */
    e.map.regions[MEMMAP_PC_HMA].offset = MEMMAP_HMA_BASE;
    e.cpu->ops->remap(e.cpu, MEMMAP_PC_HMA);
    env_run(&e);
    EXPECT(e.mem[0x100000] == 0x55 && e.mem[0] == 0, "A20 on: FFFF:0010 is not HMA RAM");
    e.mem[0xF0000] = 0x11;
    env_run(&e);
    struct cpu_regs r = env_regs(&e);
    EXPECT(e.mem[0xF0000] == 0x11, "a write to the ROM at F0000 went through");
    EXPECT(r.bl == 0xFF, "C0000 read %02x, want FF (unmapped)", r.bl);
    env_fini(&e);
}

/* A region added after the CPU exists (an upper memory block) and one pointed at other
 * bytes (an EMS page): the interpreter follows the map once told. Code runs from the
 * new region too, in place. */
static void test_regions_added_and_remapped(void)
{
    struct env e;
    env_init(&e);
    /* mov ax,0xC800; mov ds,ax; mov byte [0],0x77; mov al,[0]; hlt */
    const uint8_t code[] = {0xB8, 0x00, 0xC8, 0x8E, 0xD8, 0xC6, 0x06,
                            0x00, 0x00, 0x77, 0xA0, 0x00, 0x00, 0xF4};
    env_load(&e, code, sizeof(code));
    env_run(&e);
    EXPECT(env_regs(&e).al == 0xFF && e.mem[0xC8000] == 0, "C8000 answered before it was mapped");
    int umb =
        memmap_add(&e.map, &(struct memmap_region){"UMB", 0xC8000, 0x4000, MEMMAP_RAM, 0xC8000});
    EXPECT(umb >= 0, "memmap_add: %d", umb);
    e.cpu->ops->remap(e.cpu, (unsigned)umb);
    env_load(&e, code, sizeof(code));
    env_run(&e);
    EXPECT(env_regs(&e).al == 0x77 && e.mem[0xC8000] == 0x77, "the UMB at C8000 is not RAM");
    /* The window now shows the bytes at D0000 of the allocation (an EMS page). */
    e.mem[0xD0000] = 0x42;
    e.map.regions[umb].offset = 0xD0000;
    e.cpu->ops->remap(e.cpu, (unsigned)umb);
    /* C800:0010: mov al,[0]; hlt, run from the window */
    e.mem[0xD0010] = 0xA0;
    e.mem[0xD0011] = 0x00;
    e.mem[0xD0012] = 0x00;
    e.mem[0xD0013] = 0xF4;
    struct cpu_regs r = {
        .cs = 0xC800, .ip = 0x10, .ds = 0xC800, .ss = 0x2000, .sp = 0xFFFE, .flags = 2};
    e.cpu->ops->set_regs(e.cpu, &r);
    struct cpu_exit ex = env_run(&e);
    EXPECT(ex.reason == CPU_STOP_HLT && ex.addr == 0xC8013, "stopped at %05x, want C8013", ex.addr);
    EXPECT(env_regs(&e).al == 0x42, "C8000 read %02x, want the remapped page's 42",
           env_regs(&e).al);
    env_fini(&e);
}

static void test_divide_error_goes_through_ivt(void)
{
    struct env e;
    env_init(&e);
    env_vector(&e, 0);
    /* xor bl,bl; div bl */
    const uint8_t code[] = {0x30, 0xDB, 0xF6, 0xF3};
    env_load(&e, code, sizeof(code));
    struct cpu_exit ex = env_run(&e);
    struct cpu_regs r = env_regs(&e);
    uint16_t ret;
    memcpy(&ret, e.mem + 0x20000 + r.sp, 2);
    EXPECT(ex.addr == 0x500, "stopped at %05x, want the int 0 handler", ex.addr);
    EXPECT(ret == 0x102, "int 0 returns to %04x, want the DIV at 0102", ret);
    env_fini(&e);
}

static void test_segment_overrun_raises_gp_or_ss(void)
{
    struct env e;
    env_init(&e);
    env_vector(&e, 13);
    env_vector(&e, 12);
    /* mov ax,[0xFFFF] */
    const uint8_t code[] = {0xA1, 0xFF, 0xFF};
    env_load(&e, code, sizeof(code));
    struct cpu_exit ex = env_run(&e);
    EXPECT(ex.addr == 0x500 + 13, "data overrun stopped at %05x, want int 13", ex.addr);
    /* mov sp,0xFFFF; pop ax */
    const uint8_t code2[] = {0xBC, 0xFF, 0xFF, 0x58};
    env_load(&e, code2, sizeof(code2));
    ex = env_run(&e);
    struct cpu_regs r = env_regs(&e);
    EXPECT(ex.addr == 0x500 + 12, "stack overrun stopped at %05x, want int 12", ex.addr);
    (void)r;
    env_fini(&e);
}

static void test_push_with_sp_1_shuts_down(void)
{
    struct env e;
    env_init(&e);
    /* mov sp,1; push ax */
    const uint8_t code[] = {0xBC, 0x01, 0x00, 0x50};
    env_load(&e, code, sizeof(code));
    memset(e.mem, 0, 0x400);
    struct cpu_exit ex = env_run(&e);
    EXPECT(ex.reason == CPU_STOP_SHUTDOWN, "stop %d, want SHUTDOWN", ex.reason);
    env_fini(&e);
}

static void test_protected_mode_is_refused(void)
{
    struct env e;
    env_init(&e);
    /* mov eax,cr0; or al,1; mov cr0,eax */
    const uint8_t code[] = {0x0F, 0x20, 0xC0, 0x0C, 0x01, 0x0F, 0x22, 0xC0};
    env_load(&e, code, sizeof(code));
    struct cpu_exit ex = env_run(&e);
    struct cpu_regs r = env_regs(&e);
    EXPECT(ex.reason == CPU_STOP_ERROR, "stop %d, want ERROR", ex.reason);
    EXPECT(strstr(ex.msg, "1000:0105") && strstr(ex.msg, "CR0.PE"), "message: %s", ex.msg);
    EXPECT(r.ip == 0x105, "ip %04x, want the MOV CR0 at 0105", r.ip);
    env_fini(&e);
}

static void test_cpuid_reports_a_486(void)
{
    struct env e;
    env_init(&e);
    /* xor eax,eax; cpuid; mov [0],ebx; mov [4],edx; mov [8],ecx; mov eax,1; cpuid; hlt */
    const uint8_t code[] = {0x66, 0x31, 0xC0, 0x0F, 0xA2, 0x66, 0x89, 0x1E, 0x00, 0x00,
                            0x66, 0x89, 0x16, 0x04, 0x00, 0x66, 0x89, 0x0E, 0x08, 0x00,
                            0x66, 0xB8, 0x01, 0x00, 0x00, 0x00, 0x0F, 0xA2, 0xF4};
    env_load(&e, code, sizeof(code));
    env_run(&e);
    struct cpu_regs r = env_regs(&e);
    EXPECT(!memcmp(e.mem + 0x10000, "GenuineIntel", 12), "vendor %.12s", e.mem + 0x10000);
    EXPECT(((r.eax >> 8) & 0xF) == 4, "family %u, want 4", (r.eax >> 8) & 0xF);
    env_fini(&e);
}

/* The classic test: a 386+ lets real-mode code set the AC flag and the ID flag. */
static void test_eflags_ac_and_id_toggle(void)
{
    struct env e;
    env_init(&e);
    /* pushfd; pop eax; or eax,0x240000; push eax; popfd; pushfd; pop ebx; hlt */
    const uint8_t code[] = {0x66, 0x9C, 0x66, 0x58, 0x66, 0x0D, 0x00, 0x00, 0x24, 0x00,
                            0x66, 0x50, 0x66, 0x9D, 0x66, 0x9C, 0x66, 0x5B, 0xF4};
    env_load(&e, code, sizeof(code));
    env_run(&e);
    struct cpu_regs r = env_regs(&e);
    EXPECT((r.ebx & 0x240000) == 0x240000, "EFLAGS %08x: AC/ID did not stick", r.ebx);
    env_fini(&e);
}

static void test_trap_flag_single_steps(void)
{
    struct env e;
    env_init(&e);
    env_vector(&e, 1);
    /* pushf; pop ax; or ah,1; push ax; popf; nop; nop */
    const uint8_t code[] = {0x9C, 0x58, 0x80, 0xCC, 0x01, 0x50, 0x9D, 0x90, 0x90};
    env_load(&e, code, sizeof(code));
    struct cpu_exit ex = env_run(&e);
    struct cpu_regs r = env_regs(&e);
    uint16_t ret;
    memcpy(&ret, e.mem + 0x20000 + r.sp, 2);
    EXPECT(ex.addr == 0x501, "stopped at %05x, want the int 1 handler", ex.addr);
    EXPECT(ret == 0x108, "trap after %04x, want after the first NOP (0108)", ret);
    env_fini(&e);
}

static void test_port_io_reaches_host(void)
{
    struct env e;
    env_init(&e);
    /* mov dx,0x3F8; in al,dx; mov ah,al; out 0x80,ax; hlt */
    const uint8_t code[] = {0xBA, 0xF8, 0x03, 0xEC, 0x88, 0xC4, 0xE7, 0x80, 0xF4};
    env_load(&e, code, sizeof(code));
    env_run(&e);
    struct cpu_regs r = env_regs(&e);
    EXPECT(r.al == (uint8_t)(0x3F8 + 1), "IN gave %02x", r.al);
    EXPECT(e.outs == 1 && e.last == r.ax, "OUT: %d calls, value %x", e.outs, e.last);
    env_fini(&e);
}

/* The rescue API runs one instruction and keeps x87 state between calls. */
static void test_step_runs_one_instruction_and_keeps_fpu(void)
{
    struct env e;
    env_init(&e);
    /* fld1; fld1; faddp; fistp word [0x200]; hlt */
    const uint8_t code[] = {0xD9, 0xE8, 0xD9, 0xE8, 0xDE, 0xC1, 0xDF, 0x1E, 0x00, 0x02, 0xF4};
    env_load(&e, code, sizeof(code));
    struct cpu_regs r = env_regs(&e);
    struct cpu_exit ex;
    unsigned ips[5];
    bool ok = true;
    for (int i = 0; i < 5; i++) {
        ok &= interp_step(e.cpu, &r, &ex);
        ips[i] = r.ip;
    }
    EXPECT(ok, "a step failed: %s", ex.msg);
    EXPECT(ips[0] == 0x102 && ips[1] == 0x104 && ips[2] == 0x106 && ips[3] == 0x10A,
           "ips %x %x %x %x", ips[0], ips[1], ips[2], ips[3]);
    EXPECT(ex.reason == CPU_STOP_HLT, "last step reason %d, want HLT", ex.reason);
    EXPECT(e.mem[0x10200] == 2 && e.mem[0x10201] == 0, "1+1 stored as %02x%02x", e.mem[0x10201],
           e.mem[0x10200]);
    env_fini(&e);
}

static void test_two_cpus_are_independent(void)
{
    struct env a, b;
    env_init(&a);
    env_init(&b);
    const uint8_t ca[] = {0xB8, 0x11, 0x11, 0xF4}, cb[] = {0xB8, 0x22, 0x22, 0xF4};
    env_load(&a, ca, sizeof(ca));
    env_load(&b, cb, sizeof(cb));
    env_run(&a);
    env_run(&b);
    EXPECT(env_regs(&a).ax == 0x1111 && env_regs(&b).ax == 0x2222, "state leaked between CPUs");
    env_fini(&a);
    env_fini(&b);
}

/* A 386 raises #GP for an instruction that would run past CS:FFFF, and for sequential
 * execution that reaches it. */
static void test_code_past_segment_end_raises_gp(void)
{
    struct env e;
    env_init(&e);
    env_vector(&e, 13);
    struct cpu_regs r;
    /* mov ax,0x1234 at 1000:FFFE crosses the end */
    const uint8_t mov[] = {0xB8, 0x34, 0x12};
    memcpy(e.mem + 0x10000 + 0xFFFE, mov, 2);
    memcpy(e.mem + 0x10000, mov + 2, 1);
    env_load(&e, NULL, 0);
    r = env_regs(&e);
    r.ip = 0xFFFE;
    e.cpu->ops->set_regs(e.cpu, &r);
    struct cpu_exit ex = env_run(&e);
    r = env_regs(&e);
    EXPECT(ex.addr == 0x500 + 13, "crossing instruction stopped at %05x, want int 13", ex.addr);
    EXPECT(r.ax == 0, "the crossing instruction ran: ax=%04x", r.ax);
    /* the same instruction ending at FFFF runs; the next fetch raises #GP */
    memcpy(e.mem + 0x10000 + 0xFFFD, mov, 3);
    env_load(&e, NULL, 0);
    r = env_regs(&e);
    r.ip = 0xFFFD;
    e.cpu->ops->set_regs(e.cpu, &r);
    ex = env_run(&e);
    r = env_regs(&e);
    EXPECT(r.ax == 0x1234, "the instruction ending at FFFF did not run: ax=%04x", r.ax);
    EXPECT(ex.addr == 0x500 + 13, "running off the end stopped at %05x, want int 13", ex.addr);
    env_fini(&e);
}

/* Self-modifying code with and without predecoded blocks: a store into the running
 * block's next instruction, a block patched by another between two runs of it, and new
 * code the host copies over code that already ran. */
static void run_smc_cases(bool blocks)
{
    const char *mode = blocks ? "blocks" : "switch";
    struct env e;
    env_init(&e);
    EXPECT(interp_set_blocks(e.cpu, blocks), "%s: cannot set blocks", mode);

    /* 0100 mov byte [0106], 42 / 0105 mov al, 0 (patched to mov al, 42) / 0107 hlt */
    const uint8_t own[] = {0xC6, 0x06, 0x06, 0x01, 42, 0xB0, 0x00, 0xF4};
    env_load(&e, own, sizeof(own));
    struct cpu_exit ex = env_run(&e);
    struct cpu_regs r = env_regs(&e);
    EXPECT(ex.reason == CPU_STOP_HLT && (r.eax & 0xFF) == 42,
           "%s: store into the next instruction: stop %d, AL %u, want 42", mode, ex.reason,
           r.eax & 0xFF);

    /* 0100 mov cx, 3 / xor bx, bx / 0105 add bx, 1 (imm at 0107) / nop x4 / cli (which
     * ends a block) / 010D mov byte [0107], 10 / loop 0105 / hlt: BX = 1 + 10 + 10. The
     * block made at 010D holds the loop back to 0105, before its start, and the store
     * lands there. */
    const uint8_t other[] = {0xB9, 0x03, 0x00, 0x31, 0xDB, 0x83, 0xC3, 0x01, 0x90, 0x90, 0x90,
                             0x90, 0xFA, 0xC6, 0x06, 0x07, 0x01, 10,   0xE2, 0xF1, 0xF4};
    uint64_t blk0 = interp_block_insns(e.cpu);
    env_load(&e, other, sizeof(other));
    ex = env_run(&e);
    r = env_regs(&e);
    EXPECT(ex.reason == CPU_STOP_HLT && (r.ebx & 0xFFFF) == 21,
           "%s: loop body patched by another block: stop %d, BX %u, want 21", mode, ex.reason,
           r.ebx & 0xFFFF);
    if (blocks)
        EXPECT(interp_block_insns(e.cpu) > blk0, "no instruction ran in a block");

    /* the host (DOS loading a program) copies new code where old code ran */
    const uint8_t one[] = {0xB8, 0x01, 0x00, 0x40, 0xF4}, two[] = {0xB8, 0x07, 0x00, 0x40, 0xF4};
    env_load(&e, one, sizeof(one));
    env_run(&e);
    env_load(&e, two, sizeof(two));
    ex = env_run(&e);
    r = env_regs(&e);
    EXPECT(ex.reason == CPU_STOP_HLT && (r.eax & 0xFFFF) == 8,
           "%s: code replaced by the host: AX %u, want 8", mode, r.eax & 0xFFFF);
    env_fini(&e);
}

static void test_self_modifying_code(void)
{
    run_smc_cases(true);
    run_smc_cases(false);
}

/* Loops a block holds several turns of (LOOP, a Jcc and a JMP back), and the same with a
 * timer interrupt arriving in the middle: the results match with blocks on and off. */
static void run_loop_cases(bool blocks)
{
    const char *mode = blocks ? "blocks" : "switch";
    /* mov cx, 100 / xor ax, ax / xor bx, bx / l1: add ax, cx / loop l1 / mov dx, 0 /
     * l2: inc dx / add bx, dx / cmp dx, 50 / jb l2 / mov si, 0 / l3: inc si /
     * cmp si, 30 / jae done / jmp l3 / done: hlt */
    static const uint8_t code[] = {
        0xB9, 0x64, 0x00, 0x31, 0xC0, 0x31, 0xDB, 0x01, 0xC8, 0xE2, 0xFC, 0xBA,
        0x00, 0x00, 0x42, 0x01, 0xD3, 0x83, 0xFA, 0x32, 0x72, 0xF8, 0xBE, 0x00,
        0x00, 0x46, 0x83, 0xFE, 0x1E, 0x73, 0x02, 0xEB, 0xF8, 0xF4,
    };
    struct env e;
    env_init(&e);
    EXPECT(interp_set_blocks(e.cpu, blocks), "%s: cannot set blocks", mode);
    uint64_t blk0 = interp_block_insns(e.cpu);
    env_load(&e, code, sizeof(code));
    struct cpu_exit ex = env_run(&e);
    struct cpu_regs r = env_regs(&e);
    EXPECT(ex.reason == CPU_STOP_HLT && (r.eax & 0xFFFF) == 5050 && (r.ebx & 0xFFFF) == 1275 &&
               (r.ecx & 0xFFFF) == 0 && (r.edx & 0xFFFF) == 50 && (r.esi & 0xFFFF) == 30 &&
               r.ip == sizeof(code) + 0x100,
           "%s: stop %d AX %u BX %u CX %u DX %u SI %u IP %04x", mode, ex.reason, r.eax & 0xFFFF,
           r.ebx & 0xFFFF, r.ecx & 0xFFFF, r.edx & 0xFFFF, r.esi & 0xFFFF, r.ip);
    if (blocks)
        EXPECT(interp_block_insns(e.cpu) - blk0 > 200, "%s: only %llu instructions in blocks", mode,
               (unsigned long long)(interp_block_insns(e.cpu) - blk0));

    /* the same with IF set and an interrupt raised at the start: its handler (a HLT at
     * 0000:0508) runs after at most a block's worth of instructions, not after the loops */
    env_load(&e, code, sizeof(code));
    env_vector(&e, 8);
    struct cpu_regs r0 = env_regs(&e);
    r0.flags |= FLAG_IF;
    e.cpu->ops->set_regs(e.cpu, &r0);
    e.vector = 8;
    e.cpu->ops->set_intr(e.cpu, true);
    ex = env_run(&e);
    EXPECT(ex.reason == CPU_STOP_HLT && ex.addr == 0x508, "%s: interrupt: stop %d at %05x", mode,
           ex.reason, ex.addr);
    env_fini(&e);
}

static void test_loops_in_blocks(void)
{
    run_loop_cases(true);
    run_loop_cases(false);
}

int main(void)
{
    test_hlt_reports_address_and_ip_past_it();
    test_interrupt_taken_only_with_if();
    test_sti_hlt_halts_before_the_interrupt();
    test_mov_ss_holds_off_interrupts_one_instruction();
    test_kick_stops_a_spinning_guest();
    test_deadline_stops_a_spinning_guest();
    test_memory_map_and_a20();
    test_regions_added_and_remapped();
    test_divide_error_goes_through_ivt();
    test_segment_overrun_raises_gp_or_ss();
    test_push_with_sp_1_shuts_down();
    test_protected_mode_is_refused();
    test_cpuid_reports_a_486();
    test_eflags_ac_and_id_toggle();
    test_trap_flag_single_steps();
    test_port_io_reaches_host();
    test_step_runs_one_instruction_and_keeps_fpu();
    test_two_cpus_are_independent();
    test_code_past_segment_end_raises_gp();
    test_self_modifying_code();
    test_loops_in_blocks();
    printf("%s\n", failures ? "FAILED" : "all run-loop tests passed");
    return failures ? 1 : 0;
}
