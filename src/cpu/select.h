/* Choosing the CPU backend (src/cpu/select.c). */
#ifndef HVDOS_CPU_SELECT_H
#define HVDOS_CPU_SELECT_H

#include <stddef.h>

#include "cpu/cpu.h"
#include "log.h"

/* The backend for --cpu=NAME ("kvm", "interp", "auto"). For auto: KVM where it runs
 * guest code natively, measured with a short calibration loop, else the interpreter.
 * Returns NULL with a one-line reason in why if no backend can run. `note` receives
 * what was chosen and why (for --debug=cpu); `notice` a line the user should see (a
 * KVM asked for that only emulates real mode here), or "". */
const struct cpu_ops *cpu_select(const char *name, char *why, size_t whylen, char *note,
                                 size_t notelen, char *notice, size_t noticelen);

/* Runs a counted loop on a backend and returns guest instructions per second, or a
 * negative errno if the backend cannot run. */
double cpu_measure_speed(const struct cpu_ops *ops, char *err, size_t errlen);

#endif
