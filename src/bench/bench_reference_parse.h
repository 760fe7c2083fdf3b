// SPDX-License-Identifier: GPL-2.0-only
/* Reads the reference tools' own reports: testpmd's port statistics text and iperf3's JSON. */
#ifndef RXTOP_BENCH_REFERENCE_PARSE_H
#define RXTOP_BENCH_REFERENCE_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#define TESTPMD_MAX_PORTS 16

/* testpmd's output, fed line by line: its --stats-period rounds and its statistics on exit. */
struct testpmd_stats {
	int nports; /* ports testpmd forwards on; a round is complete after the last one's RX line */
	/* the round being read */
	int port; /* -1 outside a "NIC statistics for port N" block */
	uint64_t rx_packets[TESTPMD_MAX_PORTS], rx_missed[TESTPMD_MAX_PORTS];
	/* the last complete round: summed over the ports, and when its last line was read */
	int rounds;
	uint64_t round_rx, round_missed;
	double round_time;
	/* "Accumulated forward statistics for all ports", printed when forwarding stops */
	bool in_accumulated, have_final;
	uint64_t final_rx, final_dropped;
};

void testpmd_stats_init(struct testpmd_stats *s, int nports);
/* Returns true when this line completed a round (then round_* hold it). */
bool testpmd_stats_feed(struct testpmd_stats *s, const char *line, double when);

/* iperf3 -J: end.sum_received.bits_per_second; -ENOENT when the JSON holds none. */
int iperf3_received_bps(const char *json, double *bps);

#endif
