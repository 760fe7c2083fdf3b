// SPDX-License-Identifier: GPL-2.0-only
/* A classic tc clsact ingress filter for rxtop's tc counter where tcx links are missing (kernels before 6.6).
 */
#ifndef RXTOP_TC_CLSACT_H
#define RXTOP_TC_CLSACT_H

#include <stdbool.h>

/*
 * rxtop's filters are recognised by this handle, a priority in [TC_CLSACT_PRIO_FIRST, + TC_CLSACT_PRIOS)
 * (late: others' filters run first, as with tcx) and their program's name (rx_count_tc...). Unlike a BPF link
 * a filter outlives a killed rxtop: the next rxtop removes it (tc_clsact_remove_stale), as does deleting the
 * interface.
 */
#define TC_CLSACT_HANDLE 0x72787470u /* "rxtp" */
#define TC_CLSACT_PRIO_FIRST 0xc000u
#define TC_CLSACT_PRIOS 8u

struct tc_clsact {
	int ifindex;
	unsigned int priority; /* 0: nothing attached */
	bool created_qdisc;    /* rxtop added the clsact qdisc, so it removes it again */
};

/* Attaches prog_fd at ingress of ifindex as a direct-action filter; 0 or a negative errno. */
int tc_clsact_attach(int ifindex, int prog_fd, struct tc_clsact *out);

/* Removes the filter and, when rxtop created it and no rxtop filter is left on it, the clsact qdisc. */
void tc_clsact_detach(struct tc_clsact *f);

/*
 * Removes rxtop's filters on ifindex whose program no live process holds (left by an rxtop killed with -9).
 * Returns how many it removed (0 when there is no clsact qdisc at all).
 */
int tc_clsact_remove_stale(int ifindex);

#endif
