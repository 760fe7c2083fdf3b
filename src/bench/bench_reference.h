// SPDX-License-Identifier: GPL-2.0-only
/* The reference tools rxtop bench measures its receivers against: dpdk-testpmd rxonly and iperf3. */
#ifndef RXTOP_BENCH_REFERENCE_H
#define RXTOP_BENCH_REFERENCE_H

#include <stddef.h>
#include <stdio.h>

#include "bench.h"

/*
 * Runs one reference tool for `seconds` measured seconds (after cfg->warmup_s, at least 1 s) on cfg->iface
 * and returns what the tool itself counted over that window in *rx_pps:
 *   "testpmd-af_xdp"    dpdk-testpmd rxonly on net_af_xdp, `cores` queues: rx packets per second.
 *                       Nothing may be attached at XDP on cfg->iface (the PMD attaches its own program):
 *                       the caller detaches rxtop's counter first and re-attaches it after; -EBUSY otherwise.
 *   "testpmd-af_packet" dpdk-testpmd rxonly on net_af_packet, `cores` queue pairs: rx packets per second.
 *   "iperf3"            an iperf3 server on cfg->iface's address, the client (-P cores) in the lab's
 * generator namespace: *rx_pps holds received BITS per second (end.sum_received). Lab only. The traffic for
 * the testpmd tools comes from the caller's generator; `size` only names the transcript. When cfg->out_dir is
 * an existing directory, the tool's own output is kept there as reference-TOOL-Cc-SIZE-PID-N.log (N counts
 * calls in this process). Every child is killed on every exit path, the caller's death included (nothing is
 * left behind: no process, XDP program or EAL runtime files), and the interface is free again when this
 * returns. Returns 0, or a negative errno with one line in err: -ENOENT unknown tool or missing binary,
 * -ENOTSUP the tool cannot run here (e.g. no af_xdp PMD, no lab for iperf3), -EINVAL bad arguments, else the
 * failure.
 */
int bench_reference_run(const char *tool, const struct bench_config *cfg, int size, int cores, double seconds,
			double *rx_pps, char *err, size_t len);

/* ---- inside the module ---- */

/* Called by bench_reference_run; their shared helpers are in bench_reference_proc.h, below them. */
int reference_testpmd_run(const char *pmd, const struct bench_config *cfg, int size, int cores,
			  double seconds, double *rx_pps, char *err, size_t len);
int reference_iperf3_run(const struct bench_config *cfg, int size, int cores, double seconds, double *rx_bps,
			 char *err, size_t len);

#endif
