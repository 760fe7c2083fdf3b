// SPDX-License-Identifier: GPL-2.0-only
/* The DPDK telemetry replies' parsers, on replies as dpdk-testpmd 22.11 sent them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dpdk_telemetry.h"
#include "output.h"
#include "sampler.h"

#define TEXT(s) s, strlen(s)

static void test_greeting(void)
{
	size_t max = 0;
	pid_t pid = 0;

	CHECK("greeting", dpdk_parse_greeting(TEXT("{\"version\":\"DPDK 22.11.11\",\"pid\":1585,"
						   "\"max_output_len\":16384}"),
					      &pid, &max) == 0 &&
			      pid == 1585 && max == 16384);
	CHECK("greeting of something else",
	      dpdk_parse_greeting(TEXT("{\"hello\": 1}"), &pid, &max) == -EINVAL);
	CHECK("greeting not JSON", dpdk_parse_greeting(TEXT("SSH-2.0-OpenSSH"), &pid, &max) == -EINVAL);
	CHECK("greeting of another version string",
	      dpdk_parse_greeting(TEXT("{\"version\":\"SPDK\",\"max_output_len\":16384}"), &pid, &max) ==
		  -EINVAL);
}

static void test_replies(void)
{
	struct dpdk_port_sample p;
	int ports[4];

	CHECK("port list", dpdk_parse_port_list(TEXT("{\"/ethdev/list\":[0,3]}"), ports, 4) == 2 &&
			       ports[0] == 0 && ports[1] == 3);
	CHECK("port list takes only plain counts",
	      dpdk_parse_port_list(TEXT("{\"/ethdev/list\":[1.0,-1,1e1,18446744073709551617,\"2\",7]}"),
				   ports, 4) == 1 &&
		  ports[0] == 7);
	CHECK("port list of an unknown command", dpdk_parse_port_list(TEXT("{\"/foo\":null}"), ports, 4) < 0);
	memset(&p, 0, sizeof(p));
	CHECK("stats",
	      dpdk_parse_stats(TEXT("{\"/ethdev/stats\":{\"ipackets\":8,\"opackets\":0,\"ibytes\":680,"
				    "\"obytes\":0,\"imissed\":4,\"ierrors\":2,\"oerrors\":0,\"rx_nombuf\":"
				    "1,\"q_ipackets\":[5,3,0,0,0,0,0,0,0,0,0,0,0,0,0,0],\"q_opackets\":[0,"
				    "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}}"),
			       &p) == 0);
	CHECK("stats totals",
	      p.rx_packets == 8 && p.rx_bytes == 680 && p.imissed == 4 && p.ierrors == 2 && p.rx_nombuf == 1);
	CHECK("stats queues from q_ipackets",
	      p.nqueues == 2 && p.queue_rx_packets[0] == 5 && p.queue_rx_packets[1] == 3);
	CHECK("xstats",
	      dpdk_parse_xstats(TEXT("{\"/ethdev/xstats\":{\"rx_good_packets\":8,\"rx_q0_packets\":6,"
				     "\"rx_q0_bytes\":430,\"rx_q2_packets\":2,\"tx_q0_packets\":0}}"),
				&p) == 0);
	CHECK("xstats queues replace q_ipackets", p.nqueues == 3 && p.queue_rx_packets[0] == 6 &&
						      p.queue_rx_packets[1] == 0 &&
						      p.queue_rx_packets[2] == 2);
	CHECK("info",
	      dpdk_parse_info(TEXT("{\"/ethdev/info\":{\"name\":\"net_af_packet0\",\"state\":1,"
				   "\"nb_rx_queues\":4,\"mac_addr\":\"72:61:6F:06:D9:A4\",\"rxq_state\":[1,"
				   "1]}}"),
			      &p) == 0);
	CHECK("info name and queues", strcmp(p.name, "net_af_packet0") == 0 && p.nqueues == 4);
	CHECK("stats with a fractional ipackets",
	      dpdk_parse_stats(TEXT("{\"/ethdev/stats\":{\"ipackets\":1.5}}"), &p) == -EINVAL);
	CHECK("stats without ipackets", dpdk_parse_stats(TEXT("{\"/ethdev/stats\":null}"), &p) == -EINVAL);
	CHECK("two members are not a reply",
	      dpdk_parse_stats(TEXT("{\"/ethdev/stats\":{\"ipackets\":1},\"x\":1}"), &p) == -EINVAL);
}

/* /ethdev/list of n ports (all 0): the value count of a reply is bounded. */
static int parse_list_of(int n, int *ports, int max)
{
	size_t len = 0, size = 32 + 2 * (size_t)n;
	char *text = malloc(size);
	int rc;

	if (!text)
		return -ENOMEM;
	len += (size_t)snprintf(text, size, "{\"/ethdev/list\":[0");
	for (int i = 1; i < n; i++)
		len += (size_t)snprintf(text + len, size - len, ",0");
	len += (size_t)snprintf(text + len, size - len, "]}");
	rc = dpdk_parse_port_list(text, len, ports, max);
	free(text);
	return rc;
}

static void test_reply_size(void)
{
	int ports[4];

	CHECK("a reply of 4000 values is read", parse_list_of(4000, ports, 4) == 4);
	CHECK("a reply of 5000 values is refused", parse_list_of(5000, ports, 4) == -EINVAL);
}

/* The CSV and metrics views: a port's row or samples and one per queue. */
static void csv_rows(struct snapshot *snap)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return;
	snap->processes[0].pid = 42;
	output_csv(out, snap, false);
	fclose(out);
	CHECK("csv dpdk_port row", strstr(text, ",dpdk_port,pid=42:port=3,,300,100.000,0,,16,,1\n") != NULL);
	CHECK("csv dpdk_queue row", strstr(text, ",dpdk_queue,pid=42:port=3,1,140,50.000,,,,,1\n") != NULL);
	free(text);
	text = NULL;
	out = open_memstream(&text, &len);
	if (!out)
		return;
	output_metrics(out, snap, METRICS_OPENMETRICS);
	fclose(out);
	CHECK("metrics dpdk port",
	      strstr(text, "\nrxtop_dpdk_port_imissed_total{pid=\"42\",port=\"3\",name=\"\"} 14\n") != NULL);
	CHECK("metrics dpdk queue",
	      strstr(text, "\nrxtop_dpdk_queue_rx_packets_total{pid=\"42\",port=\"3\",queue=\"1\"} 140\n") !=
		  NULL);
	free(text);
}

/* The sampler derives a DPDK process's port, queue and loss rates from two readings, matched by port id. */
static void test_rates(void)
{
	struct snapshot *prev = calloc(2, sizeof(*prev)), *cur;
	struct dpdk_sample *a, *b;

	if (!prev)
		return;
	cur = prev + 1;
	a = &prev->processes[0].dpdk;
	b = &cur->processes[0].dpdk;
	prev->nprocesses = cur->nprocesses = 1;
	prev->mono = 10;
	cur->mono = 12;
	a->known = b->known = true;
	a->nports = 1;
	a->ports[0] = (struct dpdk_port_sample){
	    .port = 3, .rx_packets = 100, .imissed = 10, .nqueues = 2, .queue_rx_packets = {60, 40}};
	b->nports = 2;
	b->ports[0] = (struct dpdk_port_sample){.port = 7, .rx_packets = 50};
	b->ports[1] = (struct dpdk_port_sample){.port = 3,
						.rx_packets = 300,
						.imissed = 14,
						.rx_nombuf = 2,
						.nqueues = 2,
						.queue_rx_packets = {160, 140}};
	sampler_derive(prev, cur);
	CHECK_NEAR("dpdk port rate", b->ports[1].rx_pps, 100, 1e-9);
	CHECK_NEAR("dpdk queue rates", b->ports[1].queue_rx_pps[0] + b->ports[1].queue_rx_pps[1], 100, 1e-9);
	CHECK_NEAR("dpdk new port has no rate yet", b->ports[0].rx_pps, 0, 0);
	CHECK_NEAR("dpdk process rx rate", b->rx_pps, 100, 1e-9);
	CHECK_NEAR("dpdk process loss rate", b->drops_ps, 3, 1e-9);
	csv_rows(cur);
	free(prev);
}

int main(void)
{
	test_greeting();
	test_replies();
	test_reply_size();
	test_rates();
	return check_failures ? 1 : 0;
}
