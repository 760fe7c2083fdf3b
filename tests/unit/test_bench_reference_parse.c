// SPDX-License-Identifier: GPL-2.0-only
/* The bench reference parsers read testpmd's stats rounds and iperf3's JSON as the tools print them. */
#include <errno.h>

#include "bench_reference_parse.h"
#include "check.h"

/* Two ports, as testpmd 22.11 prints a --stats-period round (one af_xdp port per queue on veth). */
static const char *const round_lines[] = {
    "\033[2J\033[1;1H",
    "  ######################## NIC statistics for port 0  ########################",
    "  RX-packets: 1000       RX-missed: 3          RX-bytes:  64000",
    "  RX-errors: 0",
    "  RX-nombuf:  0         ",
    "  TX-packets: 0          TX-errors: 0          TX-bytes:  0",
    "",
    "  Throughput (since last show)",
    "  Rx-pps:          500          Rx-bps:       256000",
    "  Tx-pps:            0          Tx-bps:            0",
    "  ############################################################################",
    "  ######################## NIC statistics for port 1  ########################",
    "  RX-packets: 2000       RX-missed: 4          RX-bytes:  128000",
    "  TX-packets: 0          TX-errors: 0          TX-bytes:  0",
    "  ############################################################################",
};

static const char *const exit_lines[] = {
    "  ---------------------- Forward statistics for port 0  ----------------------",
    "  RX-packets: 1100           RX-dropped: 3             RX-total: 1103",
    "  TX-packets: 0              TX-dropped: 0             TX-total: 0",
    "  +++++++++++++++ Accumulated forward statistics for all ports+++++++++++++++",
    "  RX-packets: 3300           RX-dropped: 7             RX-total: 3307",
    "  TX-packets: 0              TX-dropped: 0             TX-total: 0",
};

static void test_testpmd_rounds(void)
{
	struct testpmd_stats s;
	int completed = 0;

	testpmd_stats_init(&s, 2);
	for (size_t i = 0; i < sizeof(round_lines) / sizeof(round_lines[0]); i++)
		completed += testpmd_stats_feed(&s, round_lines[i], 10.0 + (double)i);
	CHECK("testpmd: one round after the last port's RX line", completed == 1 && s.rounds == 1);
	CHECK("testpmd: round sums the ports' RX-packets", s.round_rx == 3000);
	CHECK("testpmd: round sums the ports' RX-missed", s.round_missed == 7);
	CHECK_NEAR("testpmd: round time is the last port's line", s.round_time, 22.0, 1e-9);
	for (size_t i = 0; i < sizeof(exit_lines) / sizeof(exit_lines[0]); i++)
		completed += testpmd_stats_feed(&s, exit_lines[i], 30.0);
	CHECK("testpmd: forward statistics are not a round", completed == 1);
	CHECK("testpmd: accumulated RX-packets on exit", s.have_final && s.final_rx == 3300);
	CHECK("testpmd: accumulated RX-dropped on exit", s.final_dropped == 7);
}

static void test_testpmd_one_port(void)
{
	struct testpmd_stats s;

	testpmd_stats_init(&s, 1);
	CHECK("testpmd 1 port: port 0 closes the round",
	      testpmd_stats_feed(&s, round_lines[1], 1) == false &&
		  testpmd_stats_feed(&s, round_lines[2], 2) == true);
	CHECK("testpmd 1 port: RX-packets", s.round_rx == 1000);
	/* A port testpmd does not forward on (beyond nports) is ignored. */
	testpmd_stats_feed(&s, round_lines[11], 3);
	CHECK("testpmd 1 port: port 1 ignored", !testpmd_stats_feed(&s, round_lines[12], 4) && s.rounds == 1);
}

static void test_iperf3_json(void)
{
	const char *json =
	    "{\n \"start\": {},\n \"intervals\": [{\"sum\": {\"start\": 0, \"end\": 1.0,"
	    " \"bits_per_second\": 1}}],\n \"end\": {\n  \"streams\": [],\n"
	    "  \"sum_sent\": {\"bits_per_second\": 2.5e10},\n"
	    "  \"sum_received\": {\"start\": 0, \"end\": 4.0, \"bytes\": 10, \"bits_per_second\": "
	    "2.25e10, \"sender\": true}\n }\n}\n";
	double bps = 0;

	CHECK("iperf3: end.sum_received.bits_per_second",
	      iperf3_received_bps(json, &bps) == 0 && bps == 2.25e10);
	CHECK("iperf3: an error report has none",
	      iperf3_received_bps("{\"start\": {}, \"error\": \"unable to connect\"}", &bps) == -ENOENT);
	CHECK("iperf3: empty text", iperf3_received_bps("", &bps) == -ENOENT);
	bps = 0;
	CHECK("iperf3: stderr lines around the report",
	      iperf3_received_bps("warning: a {brace}\n{\"end\":\t{\"sum_received\":\t{\"bits_per_second\":\t"
				  "6816139183.5}}}\niperf3: done\n",
				  &bps) == 0 &&
		  bps == 6816139183.5);
	CHECK("iperf3: a null rate is none",
	      iperf3_received_bps("{\"end\": {\"sum_received\": {\"bits_per_second\": null}}}", &bps) ==
		  -ENOENT);
	CHECK("iperf3: a cut report is none",
	      iperf3_received_bps("{\"end\": {\"sum_received\": {\"bits_per_second\": 1}}", &bps) == -ENOENT);
}

int main(void)
{
	test_testpmd_rounds();
	test_testpmd_one_port();
	test_iperf3_json();
	return check_failures ? 1 : 0;
}
