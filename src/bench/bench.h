// SPDX-License-Identifier: GPL-2.0-only
/* rxtop bench: the experiment's configuration and its results, shared by the runner and every bench view. */
#ifndef RXTOP_BENCH_H
#define RXTOP_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "stack.h"

#define BENCH_FORMAT 1 /* results.json "format": raised when a key changes meaning */
#define BENCH_MAX_STACKS 8
#define BENCH_MAX_SIZES 16
#define BENCH_MAX_CORES 16
#define BENCH_MAX_REPEATS 50
#define BENCH_MAX_CELLS 1024
#define BENCH_MAX_REFERENCES 16

enum bench_measure { BENCH_MAX = 1, BENCH_NDR = 2, BENCH_BOTH = 3 };

struct bench_config {
	bool lab;	/* --lab: rxtop's lab and its generator */
	char iface[16]; /* -i IFACE (the lab's rxlab0 with --lab) */
	bool gen_none;	/* --gen none: traffic comes from elsewhere, sent read from the interface */
	int nstacks;
	char stacks[BENCH_MAX_STACKS][16];
	int nsizes;
	int sizes[BENCH_MAX_SIZES]; /* L2 frame bytes (UDP); TCP ignores it */
	int ncores;
	int cores[BENCH_MAX_CORES]; /* queues = workers = cores */
	enum stack_proto proto;
	enum bench_measure measure;
	int repeats;
	double duration_s;	   /* measured seconds per repeat */
	double warmup_s;	   /* cut before each measurement */
	double loss_tolerance_pct; /* ndr: the highest rate whose loss stays within this */
	bool references;	   /* run the reference tools (testpmd, iperf3, XDP_DROP) */
	bool afxdp_rxtop_program;  /* --afxdp-program rxtop: afxdp behind rxtop's counter, not libxdp's */
	char out_dir[512];
};

/* Where a cell's CPU time per packet goes (rxtop's attribution over the measured window). */
struct bench_cost {
	double user, syscall, softirq; /* ns per packet */
	double syscalls_per_pkt;
	double ctxsw_per_pkt;
};

/* The receiver settings a cell ran with, so a reader can judge fairness (issue: the receivers). */
struct bench_settings {
	int ring_size, batch, rcvbuf, busy_poll_us, fill_ring_size;
	bool need_wakeup, counting_program; /* counting_program: rxtop's XDP/tc counter was attached */
	char mode[32];			    /* e.g. "copy", "zerocopy", "af_xdp pmd", "" */
};

/* One repeat of one cell: what was sent, received and lost over its measured window. */
struct bench_run {
	double seconds;
	double rx_pps, gbps;
	uint64_t sent, received, dropped;
	int64_t unexplained;
	double offered_pps; /* ndr: the rate this trial offered; 0 for max */
	struct bench_cost cost;
	char main_drop[96];	    /* "where reason" of this run's largest drop row, "" when none */
	uint64_t main_drop_packets; /* that row's packets */
};

struct bench_cell {
	char stack[16];
	enum stack_proto proto;
	int size;
	int cores;
	enum bench_measure measure; /* BENCH_MAX or BENCH_NDR */
	char error[256];	    /* the stack cannot run here, and why; the numbers below are then 0 */
	int nruns;
	struct bench_run runs[BENCH_MAX_REPEATS];
	/* Derived over the runs (bench_cell_summarise) */
	double median_pps, min_pps, max_pps, cv; /* cv: stddev / mean of the runs' rx pps */
	double loss_pct, gbps;			 /* of the median run */
	double ndr_pps; /* ndr: the highest offered rate whose loss stayed within the tolerance; 0 for max */
	uint64_t sent, received, dropped; /* summed over the runs */
	int64_t unexplained;
	struct bench_cost cost; /* median of the runs' */
	char main_drop[96];	/* "where reason" of the largest drop row, "" when nothing was lost */
	struct bench_settings settings;
};

/* A reference tool's figure beside one of rxtop's (testpmd rxonly, iperf3, XDP_DROP ceiling). */
struct bench_reference {
	char name[48];	   /* e.g. "testpmd rxonly (net_af_xdp)" */
	char compared[48]; /* the rxtop stack it stands beside, e.g. "dpdk" */
	int size, cores;
	double ratio_median, ratio_min, ratio_max; /* rxtop / reference over alternating runs */
	int runs;
	char error[256];
};

struct bench_machine {
	char kernel[128], cpu[128], driver[32], rxtop_version[32], dpdk_version[32];
	int cpus;
};

struct bench_results {
	struct bench_machine machine;
	struct bench_config config;
	int ncells;
	struct bench_cell cells[BENCH_MAX_CELLS];
	int nreferences;
	struct bench_reference references[BENCH_MAX_REFERENCES];
	double started, finished; /* unix seconds */
};

#endif
