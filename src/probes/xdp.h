// SPDX-License-Identifier: GPL-2.0-only
/* Attaches rxtop's counting XDP program to one interface through a BPF link and reads its per-queue counters.
 */
#ifndef RXTOP_XDP_H
#define RXTOP_XDP_H

#include <stdbool.h>

#include "snapshot.h"

/* XDP_ATTACHED_DRV -> "native", _SKB -> "generic", _HW -> "offload", _MULTI -> "multi", else "none". */
const char *xdp_attach_mode_name(int attach_mode);

struct xdp_counter;

enum xdp_counter_mode {
	XDP_COUNTER_AUTO = 0, /* native when the driver supports it, else generic */
	XDP_COUNTER_NATIVE = 1,
	XDP_COUNTER_GENERIC = 2,
	/* not XDP: the same counts at tc ingress (tcx link, else clsact filter, else XDP), pass only */
	XDP_COUNTER_TC = 3,
};

/* Where the user asked rxtop to count (--counter). */
enum counter_hook {
	COUNTER_HOOK_AUTO = 0, /* tc for `run` of socket receivers on veth, else XDP (src/top/session.c) */
	COUNTER_HOOK_XDP = 1,
	COUNTER_HOOK_TC = 2,
	COUNTER_HOOK_NONE =
	    3, /* attach nothing: the NIC's queue counters and sysfs totals (src/probes/nic_queues.h) */
};

/*
 * Loads rx_xdp with verdict (enum rx_xdp_verdict) and attaches it to ifname in mode (enum xdp_counter_mode)
 * through a BPF link, so the kernel detaches it when rxtop exits in any way. Refuses (-EBUSY) an interface
 * that already has an XDP program. XDP_COUNTER_TC attaches at tc ingress instead, alongside whatever is
 * there, and takes only RX_VERDICT_PASS (-EOPNOTSUPP otherwise): through a tcx link (kernel 6.6+), else a
 * clsact filter (src/probes/tc_clsact.c), else (saying so on stderr) at XDP as XDP_COUNTER_AUTO.
 * RXTOP_FORCE_COUNTER_HOOK=tcx, tc-clsact or xdp forces one of these, for tests and old kernels. Returns 0
 * and *out, or a negative errno with one line in errbuf saying why.
 */
int xdp_counter_attach(const char *ifname, int verdict, int mode, struct xdp_counter **out, char *errbuf,
		       size_t errlen);

/* The id of an XDP program on ifindex now (any mode), 0 when none, or a negative errno. */
int xdp_prog_on(int ifindex);

/* Changes what the attached program does with packets from now on (enum rx_xdp_verdict). */
int xdp_counter_set_verdict(struct xdp_counter *c, int verdict);

/* The XSKMAP the program redirects to (key: rx queue), for the AF_XDP receiver. */
int xdp_counter_xsks_map_fd(const struct xdp_counter *c);

/* The program itself, e.g. for its run-time statistics. */
int xdp_counter_prog_fd(const struct xdp_counter *c);

/*
 * Where it counts: "native" or "generic" (XDP, the mode the kernel actually attached in), "tc" (tc ingress,
 * tcx link) or "tc-clsact" (tc ingress, clsact filter).
 */
const char *xdp_counter_mode(const struct xdp_counter *c);

/* Does it count at tc ingress ("tc" or "tc-clsact") rather than at XDP? */
bool xdp_counter_is_tc(const struct xdp_counter *c);

/* Number of rx queues of the interface (the rows xdp_counter_read appends). */
int xdp_counter_queues(const struct xdp_counter *c);

/*
 * Appends one queue_sample per rx queue of the interface to snap (counters cumulative since attach, per-CPU
 * values summed; rates left 0). Returns the number of rows appended, or a negative errno (-ENOSPC when snap
 * is full).
 */
int xdp_counter_read(const struct xdp_counter *c, struct snapshot *snap);

/* Destroys the link (detaching the program) and frees c; NULL is fine. */
void xdp_counter_detach(struct xdp_counter *c);

#endif
