// SPDX-License-Identifier: GPL-2.0-only
/* Parses `rxtop bench`'s command line into struct bench_config; pure: reads the machine, changes nothing. */
#ifndef RXTOP_BENCH_OPTIONS_H
#define RXTOP_BENCH_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "bench.h"
#include "cli_table.h"

#define BENCH_MIN_SIZE 60	   /* the smallest Ethernet frame (GEN_MIN_SIZE) */
#define BENCH_FCS 4		   /* sizes count the frame check sequence, as RFC 2544's 64..1518 do */
#define BENCH_DEFAULT_REPEATS 3	   /* runs per cell: fewer leave --compare no spread to judge by */
#define BENCH_DEFAULT_DURATION 2.0 /* measured seconds per repeat: 90 runs of the seed fit 15 min */
#define BENCH_DEFAULT_WARMUP 1.0
#define BENCH_DEFAULT_TOLERANCE 0.01 /* percent: RFC 2544 asks for zero, TRex's NDR allows a trace */
#define BENCH_XDP_DROP "xdp-drop"    /* the pseudo-stack: rxtop's counter drops every frame at XDP */
/* RFC 2544's frame sizes, as a user would write them; those above the interface's MTU drop out */
#define BENCH_DEFAULT_SIZES "64,128,256,512,1024,1518"

/* --compare OLD NEW: the two results folders (pointing into argv); both NULL when the line asks for a run. */
struct bench_compare_dirs {
	const char *old_dir, *new_dir;
};

/* rxtop bench's option table: its parser, --help, the man page and the completion. */
extern const struct cli_command bench_command;

/*
 * argv[0] is "bench"; lab: main took --lab off the line. Fills cfg with the defaults (SPEC "Bench") and what
 * the line sets, and checks it against this machine (CPUs, the interface's queues and MTU, --out). 0, 1 when
 * --help or -h was given (nothing checked), or -EINVAL with one line in err. With --compare, 0 sets compare
 * and cfg keeps its defaults unchecked. out_dir stays "" when --out was not given (the caller names a fresh
 * folder).
 */
int bench_options_parse(int argc, char **argv, bool lab, struct bench_config *cfg,
			struct bench_compare_dirs *compare, char *err, size_t len);

#endif
