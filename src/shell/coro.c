/* The interpreter's coroutine: each COMMAND.COM process has its logic running on a C
 * stack of its own, which switches back to the vCPU thread's whenever the guest has a
 * DOS call to make. The guest never runs inside a service: the host service returns
 * to the machine loop, and the coroutine waits, suspended, for the call's result.
 * Both stacks are on the vCPU thread; the sanitizers are told of every switch. */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shell/shell_priv.h"

#if defined(__SANITIZE_ADDRESS__)
#define SHELL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SHELL_ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define SHELL_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SHELL_TSAN 1
#endif
#endif
#ifdef SHELL_ASAN
#include <sanitizer/asan_interface.h>
#endif
#ifdef SHELL_TSAN
#include <sanitizer/tsan_interface.h>
#endif

#define CORO_STACK (256u * 1024u)

/* swapcontext as getcontext and setcontext: ASan intercepts swapcontext to warn that
 * it cannot follow it (one line on stderr), but it follows switches it is told of,
 * and these are. */
static void __attribute__((noinline)) coro_switch(ucontext_t *from, const ucontext_t *to)
{
    volatile bool resumed = false;

    getcontext(from);
    if (!resumed) {
        resumed = true;
        setcontext(to);
    }
}

static void coro_enter_stack(struct shell_coro *co)
{
#ifdef SHELL_ASAN
    __sanitizer_finish_switch_fiber(co->asan_fake, &co->caller_bottom, &co->caller_size);
#else
    (void)co;
#endif
}

static void coro_trampoline(unsigned lo, unsigned hi)
{
    struct shell_coro *co = (struct shell_coro *)((uintptr_t)hi << 32 | (uintptr_t)lo);

    coro_enter_stack(co);
    co->fn(co->arg);
    /* The body never returns: its last yield is final (see shell_coro_yield). */
    abort();
}

int shell_coro_init(struct shell_coro *co, void (*fn)(void *), void *arg)
{
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t self = (uintptr_t)co;

    co->fn = fn;
    co->arg = arg;
    co->size = CORO_STACK + (size_t)page;
    co->stack = mmap(NULL, co->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (co->stack == MAP_FAILED) {
        co->stack = NULL;
        return -errno;
    }
#ifdef SHELL_ASAN
    /* A stack mapped where an earlier one was: its frames' redzones are not ours. */
    __asan_unpoison_memory_region(co->stack, co->size);
#endif
    /* A guard page below the stack: an overflow faults instead of corrupting. */
    mprotect(co->stack, (size_t)page, PROT_NONE);
    if (getcontext(&co->ctx) < 0) {
        munmap(co->stack, co->size);
        co->stack = NULL;
        return -errno;
    }
    co->ctx.uc_stack.ss_sp = (char *)co->stack + page;
    co->ctx.uc_stack.ss_size = CORO_STACK;
    co->ctx.uc_link = NULL;
    makecontext(&co->ctx, (void (*)(void))coro_trampoline, 2, (unsigned)(self & 0xFFFFFFFFu),
                (unsigned)(self >> 32));
#ifdef SHELL_TSAN
    co->tsan_fiber = __tsan_create_fiber(0);
#endif
    return 0;
}

void shell_coro_resume(struct shell_coro *co)
{
#ifdef SHELL_TSAN
    co->tsan_caller = __tsan_get_current_fiber();
    __tsan_switch_to_fiber(co->tsan_fiber, 0);
#endif
#ifdef SHELL_ASAN
    void *fake = NULL;
    __sanitizer_start_switch_fiber(&fake, co->ctx.uc_stack.ss_sp, co->ctx.uc_stack.ss_size);
#endif
    coro_switch(&co->caller, &co->ctx);
#ifdef SHELL_ASAN
    __sanitizer_finish_switch_fiber(fake, NULL, NULL);
#endif
}

void shell_coro_yield(struct shell_coro *co)
{
#ifdef SHELL_TSAN
    __tsan_switch_to_fiber(co->tsan_caller, 0);
#endif
#ifdef SHELL_ASAN
    __sanitizer_start_switch_fiber(&co->asan_fake, co->caller_bottom, co->caller_size);
#endif
    coro_switch(&co->ctx, &co->caller);
    coro_enter_stack(co);
}

void shell_coro_free(struct shell_coro *co)
{
    if (co->stack) {
#ifdef SHELL_ASAN
        __asan_unpoison_memory_region(co->stack, co->size);
#endif
        munmap(co->stack, co->size);
    }
    co->stack = NULL;
#ifdef SHELL_TSAN
    if (co->tsan_fiber)
        __tsan_destroy_fiber(co->tsan_fiber);
    co->tsan_fiber = NULL;
#endif
}
