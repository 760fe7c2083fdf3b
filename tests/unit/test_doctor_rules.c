// SPDX-License-Identifier: GPL-2.0-only
/* rxtop doctor's rules on hand-made facts: which findings, how severe, in what order, with which numbers. */
#include <linux/if_link.h>
#include <string.h>

#include "check.h"
#include "doctor.h"
#include "netdev_genl.h"

static struct doctor_facts base(void)
{
	struct doctor_facts f;

	memset(&f, 0, sizeof(f));
	strcpy(f.ifname, "eth1");
	strcpy(f.driver, "ice");
	f.ifindex = 3;
	f.rx_queues = 1;
	f.xdp_prog_id = 42;
	f.xdp_mode = XDP_ATTACHED_DRV;
	f.have_features = true;
	f.xdp_features = NETDEV_XDP_ACT_BASIC_ | NETDEV_XDP_ACT_XSK_ZEROCOPY_;
	f.mtu = 1500;
	f.defer_hard_irqs = 2;
	f.gro_flush_timeout_ns = 200000;
	f.window_s = 2;
	f.nsockets = 1;
	f.sockets[0].info = (struct xsk_info){.pid = 7,
					      .ifindex = 3,
					      .bound = 1,
					      .zerocopy = 1,
					      .rx_ring = 2048,
					      .need_wakeup = 1,
					      .chunk_size = 4096,
					      .frame_len = 3840,
					      .busy_poll_us = 20,
					      .prefer_busy_poll = 1,
					      .napi_id = 8193};
	strcpy(f.sockets[0].comm, "app");
	return f;
}

static const struct doctor_finding *find(const struct doctor_finding *x, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(x[i].id, id) == 0)
			return &x[i];
	return NULL;
}

int main(void)
{
	struct doctor_finding x[DOCTOR_MAX_FINDINGS];
	const struct doctor_finding *y;
	struct doctor_facts f = base();
	int n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);

	CHECK("a zero-copy, busy-polling socket on native XDP raises nothing", n == 0);

	f = base();
	f.sockets[0].info.zerocopy = 0;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	y = find(x, n, "xsk_copy_mode");
	CHECK("copy mode where the driver has zero-copy is a warning", y && y->severity == DOCTOR_WARNING);
	f.xdp_features = NETDEV_XDP_ACT_BASIC_;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	y = find(x, n, "xsk_copy_mode");
	CHECK("copy mode where the driver has none is information", y && y->severity == DOCTOR_INFO);

	f = base();
	f.xdp_mode = XDP_ATTACHED_SKB;
	f.sockets[0].window.rx_ring_full = 1234;
	f.sockets[0].info.prefer_busy_poll = 0;
	f.sockets[0].info.busy_poll_us = 0;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	y = find(x, n, "xsk_rx_ring_full");
	CHECK("a full rx ring is a problem", y && y->severity == DOCTOR_PROBLEM);
	CHECK("its evidence has the count", y && strstr(y->evidence, "+1234"));
	CHECK("generic mode is a problem", find(x, n, "xdp_generic_mode") != NULL);
	CHECK("worst first", n >= 3 && x[0].severity == DOCTOR_PROBLEM && x[n - 1].severity == DOCTOR_INFO);
	CHECK("no busy polling is information",
	      (y = find(x, n, "busy_poll_off")) && y->severity == DOCTOR_INFO);

	/* The holder's busiest thread ran nearly all the window: the receiver is at its capacity, a warning.
	 */
	f = base();
	f.sockets[0].window.rx_ring_full = 500;
	f.nprocs = 1;
	f.procs[0] = (struct doctor_proc){.pid = 7, .timed = true, .busiest_tid = 9, .busiest_run = 0.97};
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	y = find(x, n, "xsk_rx_saturated");
	CHECK("a full rx ring behind a saturated thread is a warning", y && y->severity == DOCTOR_WARNING);
	CHECK("its evidence names the thread and its share",
	      y && strstr(y->evidence, "/proc/7/task/9/schedstat") && strstr(y->evidence, "97 %"));
	CHECK("and not a problem", find(x, n, "xsk_rx_ring_full") == NULL);
	f.sockets[0].info.rx_ring = 256;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	CHECK("a small ring that overflows behind a busy thread is still a problem",
	      (y = find(x, n, "xsk_rx_ring_full")) && y->severity == DOCTOR_PROBLEM);
	f.sockets[0].info.rx_ring = 2048;
	f.procs[0].busiest_run = 0.5;
	f.procs[0].busiest_wait = 0.45;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	y = find(x, n, "xsk_rx_ring_full");
	CHECK("a full rx ring while the thread ran half the time is a problem",
	      y && y->severity == DOCTOR_PROBLEM);
	CHECK("its evidence says how long it waited for a CPU",
	      y && strstr(y->evidence, "waited for one 45 %"));
	CHECK("and so does its summary", y && strstr(y->summary, "waited 45 % of the time for a CPU"));
	CHECK("and not saturation", find(x, n, "xsk_rx_saturated") == NULL);
	f.procs[0].pid = 8;
	f.procs[0].busiest_run = 1.0;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	CHECK("another process's busy thread says nothing of this socket's holder",
	      (y = find(x, n, "xsk_rx_ring_full")) && y->severity == DOCTOR_PROBLEM);

	f = base();
	f.sockets[0].info.napi_id = 0;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	CHECK("no NAPI id before any packet: nothing concluded", find(x, n, "busy_poll_no_napi_id") == NULL);
	f.sockets[0].window.rx_packets = 10;
	f.defer_hard_irqs = 0;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	CHECK("no NAPI id after packets: busy polling cannot run",
	      find(x, n, "busy_poll_no_napi_id") != NULL);
	CHECK("preferred busy polling without deferral", find(x, n, "busy_poll_no_deferral") != NULL);

	f = base();
	f.mtu = 9000;
	f.sockets[0].info.need_wakeup = 0;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	y = find(x, n, "xsk_frame_too_small");
	CHECK("a 9000 MTU in 3840-byte frames is a problem", y && y->severity == DOCTOR_PROBLEM);
	CHECK("it names what fits and what the MTU allows",
	      y && strstr(y->summary, "3840") && strstr(y->summary, "9014"));
	CHECK("no need_wakeup is a warning",
	      (y = find(x, n, "xsk_need_wakeup_off")) && y->severity == DOCTOR_WARNING);
	f.sockets[0].info.multi_buffer = 1;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	CHECK("multi-buffer sockets take long frames", find(x, n, "xsk_frame_too_small") == NULL);

	f = base();
	f.nprocs = 1;
	f.procs[0] =
	    (struct doctor_proc){.pid = 7, .measured = true, .syscalls = 200, .frames = 1000, .ntop = 1};
	strcpy(f.procs[0].top[0].name, "sendto");
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	y = find(x, n, "xsk_syscalls_per_frame");
	CHECK("one syscall per 5 frames: not batched", y && y->severity == DOCTOR_WARNING);
	CHECK("its evidence names the syscall", y && strstr(y->evidence, "sendto"));
	f.procs[0].syscalls = 100;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	CHECK("one per 10 frames is batched enough", find(x, n, "xsk_syscalls_per_frame") == NULL);
	f.procs[0].measured = false;
	f.procs[0].syscalls = 5000;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	CHECK("no conclusion from syscalls not counted", find(x, n, "xsk_syscalls_per_frame") == NULL);

	f = base();
	f.nsockets = 2;
	f.sockets[1] = f.sockets[0];
	f.sockets[0].info.zerocopy = 0;
	f.sockets[1].info.zerocopy = 0;
	f.sockets[1].info.queue = 1;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	y = find(x, n, "xsk_copy_mode");
	CHECK("copy mode: one finding for all sockets", y && strstr(y->summary, "2 of 2 sockets") &&
							    strstr(y->evidence, "(queue 1)") &&
							    find(x + 1, n - 1, "xsk_copy_mode") == NULL);

	f = base();
	f.rx_queues = 4;
	f.sockets[0].info.queue = 2;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	y = find(x, n, "xsk_queues_uncovered");
	CHECK("3 of 4 queues without a socket", y && strstr(y->summary, "on 1 of them (2)"));

	f = base();
	f.nsockets = 0;
	f.xdp_prog_id = 0;
	f.npids = 1;
	n = doctor_findings(&f, x, DOCTOR_MAX_FINDINGS);
	CHECK("no program and no socket of the given process: two problems",
	      n == 2 && x[0].severity == DOCTOR_PROBLEM && x[1].severity == DOCTOR_PROBLEM);
	return check_failures;
}
