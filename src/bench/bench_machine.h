// SPDX-License-Identifier: GPL-2.0-only
/* The facts of the machine a bench ran on: kernel, CPU, driver, versions. */
#ifndef RXTOP_BENCH_MACHINE_H
#define RXTOP_BENCH_MACHINE_H

#include "bench.h"

/* Reads uname, /proc/cpuinfo, the interface's driver and the versions built in; never fails (blank facts). */
void bench_machine_read(const char *iface, struct bench_machine *m);

#endif
