/* The input ring between the UI thread and the vCPU thread: lock-free, one producer,
 * one consumer. */
#include "machine/input.h"

#include "machine/machine.h"

bool input_ring_push(struct input_ring *ring, struct input_event ev)
{
    uint32_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);
    uint32_t head = atomic_load_explicit(&ring->head, memory_order_acquire);

    if (tail - head >= INPUT_RING_SIZE)
        return false;
    ring->ev[tail % INPUT_RING_SIZE] = ev;
    atomic_store_explicit(&ring->tail, tail + 1, memory_order_release);
    return true;
}

bool input_ring_pop(struct input_ring *ring, struct input_event *ev)
{
    uint32_t head = atomic_load_explicit(&ring->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&ring->tail, memory_order_acquire);

    if (head == tail)
        return false;
    *ev = ring->ev[head % INPUT_RING_SIZE];
    atomic_store_explicit(&ring->head, head + 1, memory_order_release);
    return true;
}

bool machine_input_push(struct machine *m, struct input_event ev)
{
    bool ok = input_ring_push(&m->input, ev);
    machine_kick(m);
    return ok;
}
