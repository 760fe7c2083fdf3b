/* TEMPORARY (bench-core's branch): the reference tools' interface; the references branch owns it. */
#ifndef RXTOP_BENCH_REFERENCE_H
#define RXTOP_BENCH_REFERENCE_H

#include <stddef.h>

#include "bench.h"

/*
 * Runs tool ("testpmd-af_xdp" or "iperf3") on cfg->iface for `seconds` with `cores` queues/cores while the
 * caller's traffic runs; *rx_pps is the tool's own receive rate (bits/s for iperf3). 0 or -errno with err.
 */
int bench_reference_run(const char *tool, const struct bench_config *cfg, int size, int cores, double seconds,
			double *rx_pps, char *err, size_t len);

#endif
