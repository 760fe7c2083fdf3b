// SPDX-License-Identifier: GPL-2.0-only
/* Reads the reference tools' own reports: testpmd's port statistics text and iperf3's JSON. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench_reference_parse.h"

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

/* The end of the JSON value starting at p (an object or array: its matching bracket, strings skipped). */
static const char *value_end(const char *p)
{
	int depth = 0;
	bool in_string = false;

	for (; *p; p++) {
		if (in_string) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				in_string = false;
			continue;
		}
		if (*p == '"')
			in_string = true;
		else if (*p == '{' || *p == '[')
			depth++;
		else if ((*p == '}' || *p == ']') && --depth == 0)
			return p;
	}
	return p;
}

/* "key": inside [from, to): the position after the colon, or NULL. Only keys are followed by a colon. */
static const char *find_key(const char *from, const char *to, const char *key)
{
	size_t len = strlen(key);

	for (const char *p = from; p && p < to; p++) {
		p = strstr(p, key);
		if (!p || p >= to)
			return NULL;
		const char *q = p + len;

		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		if (*q == ':')
			return q + 1;
	}
	return NULL;
}

int iperf3_received_bps(const char *json, double *bps)
{
	const char *doc_end = json + strlen(json);
	const char *end = find_key(json, doc_end, "\"end\"");
	const char *sum, *sum_end, *value;
	char *num_end;

	if (!end)
		return -ENOENT;
	/* "sum_received" sits in "end" only (intervals have "sum"); its own object bounds the search. */
	sum = find_key(end, doc_end, "\"sum_received\"");
	if (!sum)
		return -ENOENT;
	while (*sum && *sum != '{')
		sum++;
	sum_end = value_end(sum);
	value = find_key(sum, sum_end, "\"bits_per_second\"");
	if (!value)
		return -ENOENT;
	*bps = strtod(value, &num_end);
	return num_end == value ? -ENOENT : 0;
}
