// SPDX-License-Identifier: GPL-2.0-only
/* rxtop doctor's facts: the link (rtnetlink, netdev netlink, sysfs) and its AF_XDP sockets
 * (bpf/xsk_iter.bpf.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "doctor.h"
#include "netdev_driver.h"
#include "netdev_genl.h"
#include "nl_link.h"
#include "overhead.h"
#include "procfs.h"
#include "rx_path.h"
#include "xsk_sockets.h"

static int gather_link(struct doctor_facts *f, char *why, size_t len)
{
	struct mnl_socket *nl = nl_open();
	struct nl_link_info link;
	int err, queues;

	if (!nl) {
		snprintf(why, len, "rxtop doctor: cannot open rtnetlink: %s", strerror(errno));
		return -errno;
	}
	err = nl_link_get(nl, f->ifname, &link);
	nl_close(nl);
	if (err) {
		snprintf(why, len, "rxtop doctor: no interface '%s' here (%s); see 'ip link'", f->ifname,
			 strerror(-err));
		return err;
	}
	f->ifindex = link.ifindex;
	/* The queues in use (ethtool -L), as sysfs lists them; IFLA_NUM_RX_QUEUES counts those allocated. */
	queues = netdev_rx_queue_count(f->ifname);
	f->rx_queues = queues > 0 ? (unsigned int)queues : link.num_rx_queues;
	f->xdp_prog_id = link.xdp_prog_id;
	f->xdp_mode = link.xdp_mode;
	netdev_driver(f->ifname, f->driver, sizeof(f->driver));
	f->have_features = netdev_xdp_features(f->ifindex, &f->xdp_features) == 0;
	f->mtu = netdev_sysfs_long(f->ifname, "mtu");
	f->defer_hard_irqs = netdev_sysfs_long(f->ifname, "napi_defer_hard_irqs");
	f->gro_flush_timeout_ns = netdev_sysfs_long(f->ifname, "gro_flush_timeout");
	return 0;
}

static void read_comm(int pid, char *comm, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(comm, (int)len, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

/* A socket shared by several fds or processes is shown once, with its first holder. */
static bool known(const struct doctor_facts *f, __u64 ino)
{
	for (int i = 0; i < f->nsockets; i++)
		if (f->sockets[i].info.ino == ino)
			return true;
	return false;
}

static void sleep_window(double seconds)
{
	struct timespec t = {.tv_sec = (time_t)seconds,
			     .tv_nsec = (long)((seconds - (double)(time_t)seconds) * 1e9)};

	nanosleep(&t, NULL);
}

static bool held_by(const struct xsk_info *x, const int *pids, int npids)
{
	for (int i = 0; i < npids; i++)
		if ((int)x->pid == pids[i])
			return true;
	return npids == 0;
}

/* The holders of the sockets the scan is about (one entry per process). */
static void find_holders(struct doctor_scan *scan, const int *pids, int npids, int ifindex)
{
	for (int i = 0; i < scan->nbefore; i++) {
		const struct xsk_info *x = &scan->before[i];
		bool seen = false;

		if (x->ifindex <= 0 || (ifindex && x->ifindex != ifindex) || !held_by(x, pids, npids))
			continue;
		for (int j = 0; j < scan->nprocs; j++)
			seen = seen || scan->procs[j].pid == (int)x->pid;
		if (!seen && scan->nprocs < DOCTOR_MAX_PIDS) {
			struct doctor_proc *p = &scan->procs[scan->nprocs++];

			p->pid = (int)x->pid;
			read_comm(p->pid, p->comm, sizeof(p->comm));
		}
	}
}

/* Starts counting the holders' syscalls; NULL (and why in scan->unmeasured) when it cannot. */
static struct overhead *track_holders(struct doctor_scan *scan)
{
	struct overhead *o = NULL;

	if (!scan->nprocs)
		return NULL;
	if (overhead_open(&o, scan->unmeasured, sizeof(scan->unmeasured)) < 0 ||
	    !(overhead_have(o) & OVERHEAD_HAVE_SYSCALLS)) {
		if (o)
			snprintf(scan->unmeasured, sizeof(scan->unmeasured),
				 "the kernel has no raw_syscalls tracepoints");
		overhead_close(o);
		return NULL;
	}
	for (int i = 0; i < scan->nprocs; i++)
		overhead_track(o, scan->procs[i].pid);
	return o;
}

/* Each holder's threads' scheduler times, as the window opens. */
static void time_holders(struct doctor_scan *scan)
{
	for (int i = 0; i < scan->nprocs; i++)
		scan->nthreads[i] =
		    proc_thread_times(scan->procs[i].pid, scan->threads[i], DOCTOR_MAX_THREADS);
	scan->opened_s = monotonic_seconds();
}

/* How much of the window each holder's busiest thread ran, and waited for a CPU. */
static void time_holders_again(struct doctor_scan *scan)
{
	double window_ns = (monotonic_seconds() - scan->opened_s) * 1e9;
	struct thread_times now[DOCTOR_MAX_THREADS];

	for (int i = 0; i < scan->nprocs && window_ns > 0; i++) {
		struct doctor_proc *p = &scan->procs[i];
		int n = proc_thread_times(p->pid, now, DOCTOR_MAX_THREADS);

		if (scan->nthreads[i] <= 0 || n <= 0)
			continue;
		p->timed = true;
		for (int t = 0; t < n; t++) {
			/* A thread born in the window ran all its time in it. */
			struct thread_times start = {0};

			for (int b = 0; b < scan->nthreads[i]; b++)
				if (scan->threads[i][b].tid == now[t].tid)
					start = scan->threads[i][b];
			double run = (double)(now[t].run_ns - start.run_ns) / window_ns;

			if (scan->nshares < (int)(sizeof(scan->shares) / sizeof(scan->shares[0]))) {
				scan->shares[scan->nshares].tid = now[t].tid;
				scan->shares[scan->nshares++].run = run;
			}

			if (run > p->busiest_run || !p->busiest_tid) {
				p->busiest_tid = now[t].tid;
				p->busiest_run = run;
				p->busiest_wait = (double)(now[t].wait_ns - start.wait_ns) / window_ns;
			}
		}
	}
}

static void read_holders(struct doctor_scan *scan, struct overhead *o)
{
	for (int i = 0; o && i < scan->nprocs; i++) {
		struct doctor_proc *p = &scan->procs[i];
		struct overhead_sample sample;

		/* Tracked: a process with no entry entered no syscall, a count of 0. */
		p->measured = true;
		if (overhead_process(o, p->pid, &sample) < 0)
			continue;
		p->syscalls = sample.syscalls;
		p->switches_voluntary = sample.switches_voluntary;
		for (int t = 0; t < sample.nsyscalls && p->ntop < 3; t++, p->ntop++) {
			snprintf(p->top[t].name, sizeof(p->top[t].name), "%s", sample.top_syscalls[t].name);
			p->top[t].count = sample.top_syscalls[t].count;
		}
	}
}

/*
 * Keeps the sockets bound to a device of this network namespace (ifindexes elsewhere name other devices);
 * counts in *elsewhere (if given) those of the pids bound in another one.
 */
static int keep_here(const struct xsk_sockets *it, struct xsk_info *s, int n, const int *pids, int npids,
		     int *elsewhere)
{
	int kept = 0;

	for (int i = 0; i < n; i++) {
		if (xsk_sockets_here(it, &s[i]))
			s[kept++] = s[i];
		else if (elsewhere && s[i].ifindex > 0 && held_by(&s[i], pids, npids))
			(*elsewhere)++;
	}
	return kept;
}

int doctor_scan(struct doctor_scan *scan, const int *pids, int npids, int ifindex, double window_s, char *why,
		size_t len)
{
	struct xsk_sockets *it;
	struct overhead *o;
	char reason[200];

	for (int i = 0; i < npids; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/proc/%d", pids[i]);
		if (access(path, F_OK) != 0) {
			snprintf(why, len,
				 "rxtop doctor: no process %d; give the PID of the AF_XDP application",
				 pids[i]);
			return -ESRCH;
		}
	}
	it = xsk_sockets_open(reason, sizeof(reason));
	scan->nbefore =
	    it ? xsk_sockets_read(it, scan->before, DOCTOR_MAX_SEEN, reason, sizeof(reason)) : -ENOTSUP;
	if (scan->nbefore < 0) {
		snprintf(why, len, "rxtop doctor: %s", reason);
		xsk_sockets_close(it);
		return scan->nbefore;
	}
	scan->nbefore = keep_here(it, scan->before, scan->nbefore, pids, npids, NULL);
	find_holders(scan, pids, npids, ifindex);
	o = track_holders(scan);
	/* Where the interrupts and softirqs ran is told by their counts' growth over the window. */
	scan->path_map = rx_path_open(0);
	if (scan->path_map)
		rx_path_look(scan->path_map);
	time_holders(scan);
	sleep_window(window_s);
	time_holders_again(scan);
	scan->nafter = xsk_sockets_read(it, scan->after, DOCTOR_MAX_SEEN, reason, sizeof(reason));
	if (scan->nafter >= 0)
		scan->nafter = keep_here(it, scan->after, scan->nafter, pids, npids, &scan->elsewhere);
	read_holders(scan, o);
	overhead_close(o);
	xsk_sockets_close(it);
	if (scan->nafter < 0) {
		snprintf(why, len, "rxtop doctor: %s", reason);
		return scan->nafter;
	}
	return 0;
}

int doctor_scan_ifindexes(const struct doctor_scan *scan, const int *pids, int npids, int *out, int max)
{
	int n = 0;

	for (int i = 0; i < scan->nafter; i++) {
		const struct xsk_info *x = &scan->after[i];
		bool seen = false;

		if (x->ifindex <= 0 || !held_by(x, pids, npids))
			continue;
		for (int j = 0; j < n; j++)
			seen = seen || out[j] == x->ifindex;
		if (!seen && n < max)
			out[n++] = x->ifindex;
	}
	return n;
}

void doctor_scan_free(struct doctor_scan *scan)
{
	rx_path_close(scan->path_map);
	scan->path_map = NULL;
}

static void add_receiver_pid(struct snapshot *snap, int pid)
{
	for (int i = 0; i < snap->nprocesses; i++)
		if (snap->processes[i].pid == pid)
			return;
	if (snap->nprocesses < SNAP_MAX_PROCESSES)
		snap->processes[snap->nprocesses++].pid = pid;
}

/* Each queue's receive path, its receivers the given processes and the sockets' holders (any queue). */
/* A thread that ran less than this share of the window (a main thread asleep in a loop) receives nothing. */
#define RECEIVING_RUN_SHARE 0.05

/*
 * Is r a thread that receives from queue q? A holder's thread receives from the queues its sockets are bound
 * to (a -p process without sockets: from any), and only if it ran in the window; a thread whose time was not
 * read is kept.
 */
static bool receives_from(const struct doctor_facts *f, const struct doctor_scan *scan,
			  const struct rx_receiver *r, int q)
{
	bool holds = false, on_queue = false;

	for (int i = 0; i < f->nsockets; i++)
		if ((int)f->sockets[i].info.pid == (int)r->pid) {
			holds = true;
			on_queue = on_queue || (int)f->sockets[i].info.queue == q;
		}
	if (holds && !on_queue)
		return false;
	for (int i = 0; i < scan->nshares; i++)
		if (scan->shares[i].tid == (int)r->tid)
			return scan->shares[i].run >= RECEIVING_RUN_SHARE;
	return true;
}

static void gather_paths(struct doctor_facts *f, const struct doctor_scan *scan)
{
	struct snapshot *snap;

	if (!scan->path_map || !(snap = calloc(1, sizeof(*snap))))
		return;
	for (unsigned int q = 0; q < f->rx_queues && q < DOCTOR_MAX_PATHS; q++) {
		struct queue_sample *row = &snap->queues[snap->nqueues++];

		snprintf(row->iface, sizeof(row->iface), "%s", f->ifname);
		row->ifindex = f->ifindex;
		row->queue = (int)q;
	}
	for (int i = 0; i < f->npids; i++)
		add_receiver_pid(snap, f->pids[i]);
	for (int i = 0; i < f->nprocs; i++)
		add_receiver_pid(snap, f->procs[i].pid);
	rx_path_read(scan->path_map, snap, NULL, true);
	for (int q = 0; q < snap->nqueues; q++) {
		struct rx_path *p = &snap->queues[q].path;
		int kept = 0;

		for (int r = 0; r < p->nreceivers; r++)
			if (receives_from(f, scan, &p->receivers[r], snap->queues[q].queue))
				p->receivers[kept++] = p->receivers[r];
		p->nreceivers = kept;
		f->paths[f->npaths++] = (struct doctor_path){snap->queues[q].queue, *p};
	}
	free(snap);
}

int doctor_gather(struct doctor_facts *f, const struct doctor_scan *scan, char *why, size_t len)
{
	int err = gather_link(f, why, len);

	if (err)
		return err;
	for (int i = 0; i < scan->nafter && f->nsockets < DOCTOR_MAX_SOCKETS; i++) {
		const struct xsk_info *x = &scan->after[i];
		/* A socket created during the window counted all of it there. */
		struct xsk_counts start = {0}, now = xsk_counts_of(x);

		if (x->ifindex != f->ifindex || !held_by(x, f->pids, f->npids) || known(f, x->ino))
			continue;
		for (int j = 0; j < scan->nbefore; j++)
			if (scan->before[j].ino == x->ino)
				start = xsk_counts_of(&scan->before[j]);
		f->sockets[f->nsockets] =
		    (struct doctor_socket){.info = *x, .window = xsk_counts_delta(&start, &now)};
		read_comm((int)x->pid, f->sockets[f->nsockets].comm, sizeof(f->sockets[0].comm));
		f->nsockets++;
	}
	for (int i = 0; i < scan->nprocs && f->nprocs < DOCTOR_MAX_PIDS; i++) {
		struct doctor_proc p = scan->procs[i];
		bool holds = false;

		for (int j = 0; j < f->nsockets; j++) {
			if ((int)f->sockets[j].info.pid == p.pid) {
				holds = true;
				p.frames += f->sockets[j].window.rx_packets;
			}
		}
		if (holds)
			f->procs[f->nprocs++] = p;
	}
	snprintf(f->unmeasured, sizeof(f->unmeasured), "%s", scan->unmeasured);
	gather_paths(f, scan);
	return 0;
}
