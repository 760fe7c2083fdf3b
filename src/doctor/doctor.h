// SPDX-License-Identifier: GPL-2.0-only
/*
 * rxtop doctor: what makes an AF_XDP setup slow. Facts are gathered from the kernel (doctor_facts.c),
 * findings are derived from the facts alone (doctor_rules.c, no I/O), and doctor.c prints them.
 */
#ifndef RXTOP_DOCTOR_H
#define RXTOP_DOCTOR_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/types.h>

#include "procfs.h"
#include "snapshot.h"
#include "xsk_sockets.h"

#define DOCTOR_MAX_SOCKETS 64
#define DOCTOR_MAX_PIDS 16
#define DOCTOR_MAX_FINDINGS 32
#define DOCTOR_MAX_PATHS 64 /* rx queues whose receive path is mapped */

/* Where one rx queue's receive path ran over the window (src/probes/rx_path.c). */
struct doctor_path {
	int queue;
	struct rx_path path;
};

/* `rxtop doctor -o json`'s "format" (SPEC "Batch format version"): raised when a key changes meaning. */
#define DOCTOR_FORMAT 1

/* One AF_XDP socket bound to the interface, as the kernel holds it (bpf/xsk_iter.bpf.c). */
struct doctor_socket {
	struct xsk_info info;	  /* at the end of the window */
	struct xsk_counts window; /* its counters' increase over the window */
	char comm[16];		  /* its process's name */
};

/* A process holding sockets, and what it paid in the window (the overhead probes, src/probes/overhead.c). */
struct doctor_proc {
	int pid;
	char comm[16];
	bool measured; /* its threads' syscalls were counted over the window */
	uint64_t syscalls, switches_voluntary;
	uint64_t frames; /* frames put on its sockets' rx rings (of the interface) in the window */
	/*
	 * Its busiest thread over the window (/proc/PID/task/TID/schedstat): the share of the window it ran
	 * on a CPU, and the share it was runnable but waited for one. A receiver whose ring overflows while
	 * that thread runs nearly all the time is at its capacity; one that overflows while it sleeps has a
	 * flaw.
	 */
	bool timed;
	int busiest_tid;
	double busiest_run, busiest_wait;
	int ntop;
	struct {
		char name[24];
		uint64_t count;
	} top[3]; /* its most entered syscalls */
};

struct doctor_facts {
	char ifname[IF_NAMESIZE];
	int ifindex;
	char driver[32];
	unsigned int rx_queues;
	unsigned int xdp_prog_id; /* 0: none */
	int xdp_mode;		  /* XDP_ATTACHED_* */
	bool have_features;
	uint64_t xdp_features; /* NETDEV_XDP_ACT_* */
	long mtu;	       /* -1: unknown */
	long defer_hard_irqs;  /* -1: unknown */
	long gro_flush_timeout_ns;
	double window_s;
	int npids; /* -p given: only their sockets */
	int pids[DOCTOR_MAX_PIDS];
	int nsockets;
	struct doctor_socket sockets[DOCTOR_MAX_SOCKETS];
	int nprocs; /* the sockets' holders */
	struct doctor_proc procs[DOCTOR_MAX_PIDS];
	char unmeasured[160]; /* why their syscalls were not counted; "" when they were */
	int npaths; /* the queues' receive paths; receivers: the -p processes and the sockets' holders */
	struct doctor_path paths[DOCTOR_MAX_PATHS];
};

enum doctor_severity { DOCTOR_PROBLEM, DOCTOR_WARNING, DOCTOR_INFO };

struct doctor_finding {
	const char *id; /* stable name, e.g. "xdp_generic_mode" */
	enum doctor_severity severity;
	char summary[200];
	char evidence[400];
	char fix[400];
};

#define DOCTOR_MAX_SEEN 1024   /* AF_XDP sockets of the whole host per look */
#define DOCTOR_MAX_THREADS 256 /* threads of one holder whose scheduler times are read */

/* Two looks at every AF_XDP socket of the host, window_s apart, and what their holders paid in between. */
struct doctor_scan {
	int nbefore, nafter;
	struct xsk_info before[DOCTOR_MAX_SEEN], after[DOCTOR_MAX_SEEN];
	int nprocs;
	struct doctor_proc procs[DOCTOR_MAX_PIDS];
	char unmeasured[160];	      /* why the holders' syscalls were not counted; "" when they were */
	int elsewhere;		      /* sockets (of the pids) bound in another network namespace, left out */
	struct rx_path_map *path_map; /* looked at when the window opened; NULL: no receive-path map */
	/* The holders' threads when the window opened (proc_thread_times), and when it did (CLOCK_MONOTONIC).
	 */
	int nthreads[DOCTOR_MAX_PIDS];
	struct thread_times threads[DOCTOR_MAX_PIDS][DOCTOR_MAX_THREADS];
	double opened_s;
	/* Every holder thread's share of the window on a CPU, for the receive-path map's receivers. */
	int nshares;
	struct {
		int tid;
		double run;
	} shares[DOCTOR_MAX_PIDS * 16];
};

/*
 * Checks that the pids exist, then looks twice, counting the syscalls of the holders of the sockets bound to
 * ifindex (0: to any interface) in between. 0, or -errno with one line for the user in why.
 */
int doctor_scan(struct doctor_scan *scan, const int *pids, int npids, int ifindex, double window_s, char *why,
		size_t len);
/* The interfaces the sockets (of pids, when npids > 0) are bound to, in order of appearance; how many. */
int doctor_scan_ifindexes(const struct doctor_scan *scan, const int *pids, int npids, int *out, int max);
/* The facts about f->ifname (and the sockets of f->pids, when f->npids > 0) from the scan; 0 or -errno with
 * why. */
int doctor_gather(struct doctor_facts *f, const struct doctor_scan *scan, char *why, size_t len);
/* Releases what doctor_scan kept for doctor_gather. */
void doctor_scan_free(struct doctor_scan *scan);
/* Findings, worst first; returns how many. */
int doctor_findings(const struct doctor_facts *f, struct doctor_finding *out, int max);
const char *doctor_severity_name(enum doctor_severity s);

#define NETNS_NAME_LEN 64 /* as top_options.netns */
/* The command line of 'rxtop doctor' into f, json and netns: 0, 1 for --help (usage printed), or -EINVAL
 * after one line on stderr. */
int doctor_parse_args(int argc, char **argv, struct doctor_facts *f, int *json,
		      char (*netns)[NETNS_NAME_LEN]);

#endif
