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
    INPUT_MOUSE,       /* the pointer: where it is and which buttons are held */
};

/* Mouse buttons in INPUT_MOUSE's code, as int 33h reports them. */
#define INPUT_MOUSE_LEFT   0x01
#define INPUT_MOUSE_RIGHT  0x02
#define INPUT_MOUSE_MIDDLE 0x04

/* The pointer's position is a fraction of the picture the frontend shows, 0 (left,
 * top) to 65535 (right, bottom): the frontend need not know the video mode, and the
 * mouse driver maps it to its own coordinates. */
#define INPUT_MOUSE_SCALE 65536u

struct input_event {
    uint8_t type;  /* enum input_type */
    uint8_t code;  /* INPUT_SCANCODE: the byte; INPUT_MOUSE: the buttons held */
    uint16_t x, y; /* INPUT_MOUSE: the position */
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
