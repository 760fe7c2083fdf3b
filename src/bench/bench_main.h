// SPDX-License-Identifier: GPL-2.0-only
/* `rxtop bench`: the seed's experiment as one command. */
#ifndef RXTOP_BENCH_MAIN_H
#define RXTOP_BENCH_MAIN_H

/* argv[0] is "bench"; lab: --lab stood on the command line (main strips it). Returns the exit status. */
int cmd_bench(int argc, char **argv, int lab);

#endif
