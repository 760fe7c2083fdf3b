// SPDX-License-Identifier: GPL-2.0-only
/* Reads the reference tools' own reports: testpmd's port statistics text and iperf3's JSON. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench_reference_parse.h"
#include "jsonr.h"

void testpmd_stats_init(struct testpmd_stats *s, int nports)
{
	memset(s, 0, sizeof(*s));
	s->nports = nports < 1 ? 1 : nports > TESTPMD_MAX_PORTS ? TESTPMD_MAX_PORTS : nports;
	s->port = -1;
}

/* The number after "key" on the line, e.g. "RX-packets: 123  RX-missed: 4". */
static bool field(const char *line, const char *key, uint64_t *value)
{
	const char *at = strstr(line, key);
	char *end;

	if (!at)
		return false;
	at += strlen(key);
	*value = strtoull(at, &end, 10);
	return end != at;
}

bool testpmd_stats_feed(struct testpmd_stats *s, const char *line, double when)
{
	const char *at;
	uint64_t v;

	if ((at = strstr(line, "NIC statistics for port "))) {
		long port = strtol(at + strlen("NIC statistics for port "), NULL, 10);

		s->port = port >= 0 && port < s->nports ? (int)port : -1;
		s->in_accumulated = false;
		return false;
	}
	if (strstr(line, "Accumulated forward statistics for all ports")) {
		s->in_accumulated = true;
		s->port = -1;
		return false;
	}
	if (s->in_accumulated) {
		if (field(line, "RX-packets:", &v)) {
			s->final_rx = v;
			s->have_final = true;
			if (field(line, "RX-dropped:", &v))
				s->final_dropped = v;
			s->in_accumulated = false;
		}
		return false;
	}
	if (s->port < 0 || !field(line, "RX-packets:", &v))
		return false;
	s->rx_packets[s->port] = v;
	s->rx_missed[s->port] = field(line, "RX-missed:", &v) ? v : 0;
	if (s->port != s->nports - 1) {
		s->port = -1;
		return false;
	}
	/* testpmd prints the ports in order, so the last port's line closes a round. */
	s->port = -1;
	s->round_rx = s->round_missed = 0;
	for (int i = 0; i < s->nports; i++) {
		s->round_rx += s->rx_packets[i];
		s->round_missed += s->rx_missed[i];
	}
	s->round_time = when;
	s->rounds++;
	return true;
}

/*
 * iperf3's stderr shares the pipe with its report: the report is read from the first line that opens an
 * object to the last closing brace, so a warning line around it does not hide the numbers.
 */
int iperf3_received_bps(const char *json, double *bps)
{
	const char *from = json[0] == '{' ? json : strstr(json, "\n{"), *to = strrchr(json, '}');
	struct jsonr j = {0};
	int value, rc = -ENOENT;

	if (!from || !to || to < from)
		return -ENOENT;
	if (jsonr_parse(&j, from, (size_t)(to - from) + 1) == 0) {
		value = jsonr_member(&j, jsonr_member(&j, jsonr_member(&j, 0, "end"), "sum_received"),
				     "bits_per_second");
		if (jsonr_is(&j, value, JSONR_NUMBER)) {
			*bps = jsonr_double(&j, value, 0);
			rc = 0;
		}
	}
	jsonr_free(&j);
	return rc;
}
