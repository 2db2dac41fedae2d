/* Input from the UI thread to the machine: a single-producer, single-consumer ring of
 * events. The UI thread pushes and kicks; the vCPU thread drains the ring into the
 * handler the keyboard controller installs. */
#ifndef HVDOS_INPUT_H
#define HVDOS_INPUT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

enum input_type {
    INPUT_SCANCODE,    /* one byte of a set-1 scancode sequence (make, break, E0/E1 prefix) */
    INPUT_RELEASE_ALL, /* focus lost: release every key held */
    INPUT_QUIT,        /* the window was closed: end the program */
};

struct input_event {
    uint8_t type; /* enum input_type */
    uint8_t code;
};

#define INPUT_RING_SIZE 1024 /* a power of two */

struct input_ring {
    _Atomic uint32_t head; /* next slot the consumer reads */
    _Atomic uint32_t tail; /* next slot the producer writes */
    struct input_event ev[INPUT_RING_SIZE];
};

struct machine;

/* UI thread: queues an event and wakes the vCPU. False if the ring is full. */
bool machine_input_push(struct machine *m, struct input_event ev);
/* vCPU thread: the next event, if any. */
bool input_ring_pop(struct input_ring *ring, struct input_event *ev);
bool input_ring_push(struct input_ring *ring, struct input_event ev);

#endif
