// SPDX-License-Identifier: GPL-2.0-only
/* Removes what a killed dpdk-testpmd leaves: the af_xdp PMD's XDP program and EAL's runtime directory. */
#ifndef RXTOP_BENCH_REFERENCE_JANITOR_H
#define RXTOP_BENCH_REFERENCE_JANITOR_H

#include <stdint.h>
#include <sys/types.h>

#include "exit_watcher.h"

struct reference_janitor {
	struct exit_watcher watcher;
	int ifindex; /* 0: no XDP program to watch (af_packet) */
	uint32_t xdp_id_before;
	char runtime_dir[128];
};

/*
 * Starts a grandchild in its own session, immune to the signals that end a run. When the pipe closes (the
 * caller returned or died), it waits for tool_pidfd's process to be gone, then detaches the af_xdp PMD's
 * program from ifindex when one is attached other than xdp_id_before (read before the tool started), and
 * removes runtime_dir.
 */
int reference_janitor_start(struct reference_janitor *j, int ifindex, uint32_t xdp_id_before, int tool_pidfd,
			    const char *runtime_dir);
/* The normal path: runs the janitor's pass now and waits for it. */
void reference_janitor_finish(struct reference_janitor *j);

#endif
