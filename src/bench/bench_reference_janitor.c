// SPDX-License-Identifier: GPL-2.0-only
/* Removes what a killed dpdk-testpmd leaves: the af_xdp PMD's XDP program and EAL's runtime directory. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "bench_reference_janitor.h"
#include "dpdk_leftovers.h"
#include "exit_watcher.h"

#define TOOL_EXIT_WAIT_MS 10000

/* The helper's pass, once the caller is gone or done: the tool's sockets close first, then its leftovers go.
 */
static void remove_leftovers(const void *arg, int tool_pidfd)
{
	const struct reference_janitor *j = arg;
	struct pollfd tool = {.fd = tool_pidfd, .events = POLLIN};

	/* The caller died: the kernel is killing the tool (PR_SET_PDEATHSIG); let its sockets close first. */
	while (poll(&tool, 1, TOOL_EXIT_WAIT_MS) < 0 && errno == EINTR)
		;
	if (j->ifindex > 0)
		dpdk_detach_leftover_xsk_program(j->ifindex, j->xdp_id_before);
	dpdk_remove_runtime_dir(j->runtime_dir);
}

int reference_janitor_start(struct reference_janitor *j, int ifindex, uint32_t xdp_id_before, int tool_pidfd,
			    const char *runtime_dir)
{
	memset(j, 0, sizeof(*j));
	j->ifindex = ifindex;
	j->xdp_id_before = xdp_id_before;
	snprintf(j->runtime_dir, sizeof(j->runtime_dir), "%s", runtime_dir);
	return exit_watcher_start(&j->watcher, tool_pidfd, remove_leftovers, j);
}

void reference_janitor_finish(struct reference_janitor *j)
{
	exit_watcher_finish(&j->watcher);
}
