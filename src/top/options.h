// SPDX-License-Identifier: GPL-2.0-only
/* The option tables of `rxtop [run STACKS]` and their parser into struct top_options; pure, no side effects.
 */
#ifndef RXTOP_OPTIONS_H
#define RXTOP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cli_table.h"
#include "gen.h"
#include "metrics_server.h"
#include "output.h"
#include "stack.h"

#define TOP_MAX_IFACES 8
#define TOP_MAX_PIDS 32
#define TOP_MAX_STACKS 8

/* --syscall-counts: is raw_syscalls:sys_enter attached all the time (exact counts) or in the sampling
 * windows? */
enum syscall_counts {
	SYSCALL_COUNTS_AUTO = 0, /* exact when -p names a process, else sampled (docs/overhead.md) */
	SYSCALL_COUNTS_EXACT,
	SYSCALL_COUNTS_SAMPLED,
};

struct top_options {
	bool batch;	  /* -b, or stdout is not a terminal */
	bool batch_given; /* -b was on the command line */
	long samples;	  /* -n; 0 = until interrupted */
	double interval;  /* -d seconds */
	enum output_format format;
	int nifaces;
	char ifaces[TOP_MAX_IFACES][16];
	int npids;
	pid_t pids[TOP_MAX_PIDS];
	char netns[64];
	bool lab;
	/* the lab generator (--lab) */
	uint64_t gen_rate; /* 0 = as fast as possible */
	int gen_size;
	int gen_flows; /* 0 = one per queue */
	enum gen_engine_kind gen_engine;
	/* rxtop run */
	int nstacks;
	char stacks[TOP_MAX_STACKS][16];
	double duration;  /* seconds per stack phase */
	int xdp_mode;	  /* XDP attach mode of rxtop's counter (--counter-xdp-mode): enum xdp_counter_mode */
	int counter_hook; /* --counter: 0 auto, 1 xdp, 2 tc, 3 none (enum counter_hook) */
	bool bpf_stats_always; /* --bpf-stats always: run-time statistics on all the time, not in windows */
	bool event_probes_always;     /* --event-probes always: napi_poll and softirq probes never sampled */
	int syscall_counts;	      /* --syscall-counts: enum syscall_counts */
	struct metrics_listen listen; /* --listen: serve /metrics; port 0 = off */
	char dpdk_telemetry[108];     /* --dpdk-telemetry: a DPDK process's telemetry socket; "" = none */
	/* --replay FILE: play a recording; cmd_top hands such a line to cmd_replay before this parser runs
	 * (src/top/replay_view.c), the table entry gives it --help, the man page and completion. */
	char replay[4096];
	bool help;
	struct stack_config stack; /* queues (-q), cpus (-c) and receiver options */
	bool queues_given;
};

/* argv[0] is "rxtop" or "run"; run selects stacks from argv[1]. 0, or -EINVAL with one line in err. */
int options_parse(int argc, char **argv, bool run, struct top_options *opts, char *err, size_t len);
/* -q against the named interfaces (in the namespace the caller is in): a queue they lack is a usage error. */
int options_check_queues(const struct top_options *opts, char *err, size_t len);
/* The --help of 'rxtop run', or of the bare 'rxtop': then overview, when not NULL, first prints every command
 * (cli_help_commands, from the registry in src/cli, which is above this file and is handed down). */
void options_help(bool run, void (*overview)(FILE *out));

/* The option tables of 'rxtop' and 'rxtop run' (in cli_commands[]). */
extern const struct cli_command cli_top_command, cli_run_command;

#endif
