// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the metrics exposition and --listen's address form. */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "metrics_server.h"
#include "output.h"

static void test_listen_parse(void)
{
	struct metrics_listen l;

	CHECK("listen_port_only",
	      metrics_listen_parse("9101", &l) == 0 && l.port == 9101 && !strcmp(l.addr, "127.0.0.1"));
	CHECK("listen_v4",
	      metrics_listen_parse("0.0.0.0:80", &l) == 0 && l.port == 80 && !strcmp(l.addr, "0.0.0.0"));
	CHECK("listen_v6", metrics_listen_parse("[::1]:9101", &l) == 0 && !strcmp(l.addr, "::1"));
	CHECK("listen_port_zero", metrics_listen_parse("0", &l) == -EINVAL);
	CHECK("listen_port_high", metrics_listen_parse("65536", &l) == -EINVAL);
	CHECK("listen_name", metrics_listen_parse("localhost:9101", &l) == -EINVAL);
	CHECK("listen_empty_addr", metrics_listen_parse(":9101", &l) == -EINVAL);
	CHECK("listen_junk", metrics_listen_parse("9101x", &l) == -EINVAL);
}

static char *render(const struct snapshot *snap, enum metrics_dialect dialect)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	output_metrics(f, snap, dialect);
	fclose(f);
	return text;
}

static void test_exposition(void)
{
	struct snapshot *snap = calloc(1, sizeof(*snap));
	char *om, *prom;

	snap->nqueues = 1;
	snprintf(snap->queues[0].iface, sizeof(snap->queues[0].iface), "rxlab0");
	snap->queues[0].queue = 1;
	snap->queues[0].rx_packets = 12345;
	snap->nprocesses = 1;
	snap->processes[0].pid = 42;
	memcpy(snap->processes[0].comm, "a\"b\\c\xff", 7);
	snap->ndrops = 1;
	snprintf(snap->drops[0].where, sizeof(snap->drops[0].where), "stack");
	snprintf(snap->drops[0].reason, sizeof(snap->drops[0].reason), "NO_SOCKET");
	snap->drops[0].packets = 7;
	om = render(snap, METRICS_OPENMETRICS);
	prom = render(snap, METRICS_PROMETHEUS);
	CHECK("om_counter_family_without_total",
	      strstr(om, "# TYPE rxtop_queue_rx_packets counter\n") != NULL);
	CHECK("om_sample", strstr(om, "rxtop_queue_rx_packets_total{iface=\"rxlab0\",queue=\"1\"} 12345\n"));
	CHECK("om_ends_in_eof", strlen(om) > 6 && !strcmp(om + strlen(om) - 6, "# EOF\n"));
	CHECK("om_info", strstr(om, "# TYPE rxtop_build info\n") != NULL);
	CHECK("prom_family_with_total",
	      strstr(prom, "# TYPE rxtop_queue_rx_packets_total counter\n") != NULL);
	CHECK("prom_info_as_gauge", strstr(prom, "# TYPE rxtop_build_info gauge\n") != NULL);
	CHECK("prom_no_eof", strstr(prom, "# EOF") == NULL);
	CHECK("label_escaped", strstr(om, "comm=\"a\\\"b\\\\c?\"") != NULL);
	CHECK("drop_labels",
	      strstr(om, "rxtop_drops_total{where=\"stack\",reason=\"NO_SOCKET\",overlap=\"false\"} 7"));
	CHECK("no_ledger_without_generator", strstr(om, "rxtop_ledger_sent") == NULL);
	free(om);
	free(prom);
	free(snap);
}

int main(void)
{
	test_listen_parse();
	test_exposition();
	return check_failures ? 1 : 0;
}
