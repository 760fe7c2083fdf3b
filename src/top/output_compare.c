// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rxtop run`'s comparison of its phases, one row per stack: a text table, CSV rows or the JSON summary.
 * Formatting only: session_mark_phase derived each phase's figures (src/model/cost.c, src/model/ledger.c).
 */
#include <string.h>
#include <time.h>

#include "jsonw.h"
#include "session.h"

/* What one phase received, cost and lost, between its two marks: read from the end mark, formatted below. */
struct phase_result {
	const char *stack;
	bool tcp;
	double seconds;
	const struct stack_sample *phase; /* counters over the phase, rates and costs (src/model/cost.c) */
	uint64_t rx, rx_bytes;
	const struct ledger_loss *loss;
	bool have_syscalls, have_softirq;
	bool lab; /* the generator's figures below are known */
	uint64_t gen_sent, gen_bytes, gen_late;
	struct gen_burstiness burst;
	int rcvbuf; /* -1: not a socket receiver; 0: the kernel's (TCP: autotuned) */
};

static void phase_result(const struct session *s, const struct phase_mark *b, const struct phase_mark *e,
			 struct phase_result *r)
{
	const struct stack_ops *ops = stack_find(e->stack.stack);

	memset(r, 0, sizeof(*r));
	r->stack = e->stack.stack;
	r->tcp = s->opts.stack.proto == STACK_PROTO_TCP;
	r->seconds = e->seconds;
	r->phase = &e->phase;
	r->rx = e->phase.rx_packets;
	r->rx_bytes = e->phase.rx_bytes;
	r->loss = &e->loss;
	r->have_syscalls = (e->stack.overhead.have & OVERHEAD_HAVE_SYSCALLS) || e->stack.syscalls > 0;
	r->have_softirq = (e->stack.overhead.have & OVERHEAD_HAVE_SOFTIRQ) || e->stack.softirq_ns > 0;
	r->lab = s->opts.lab;
	r->gen_sent = e->gen_sent - b->gen_sent;
	r->gen_bytes = e->gen_bytes - b->gen_bytes;
	r->gen_late = e->gen_late - b->gen_late;
	r->burst = e->burst;
	r->rcvbuf =
	    ops && stack_xdp_need_for(ops, &s->opts.stack) == STACK_XDP_PASS ? s->opts.stack.rcvbuf : -1;
}

static double loss_pct(const struct phase_result *r)
{
	uint64_t dropped = r->loss->dropped;

	return r->rx + dropped ? 100.0 * (double)dropped / (double)(r->rx + dropped) : 0.0;
}

static double gbps(const struct phase_result *r)
{
	return (double)r->rx_bytes * 8 / r->seconds / 1e9;
}

/* A per-unit figure, or "-" when its source is missing or nothing arrived (no unit to divide by). */
static const char *per_unit(bool have, double value, uint64_t units, const char *fmt, char *buf, size_t len)
{
	if (!have || units == 0)
		return "-";
	snprintf(buf, len, fmt, value);
	return buf;
}

static const char *rcvbuf_text(const struct phase_result *r, char *buf, size_t len)
{
	if (r->rcvbuf < 0)
		return "-";
	if (r->rcvbuf == 0)
		return r->tcp ? "auto" : "default";
	if (r->rcvbuf % (1 << 20) == 0)
		snprintf(buf, len, "%dM", r->rcvbuf >> 20);
	else if (r->rcvbuf % 1024 == 0)
		snprintf(buf, len, "%dK", r->rcvbuf >> 10);
	else
		snprintf(buf, len, "%d", r->rcvbuf);
	return buf;
}

static void text_header(FILE *out, bool tcp)
{
	if (tcp)
		fprintf(out, "\n%-11s %8s %14s %14s %10s %10s %8s %8s %6s %6s %10s %11s %7s  %s\n", "STACK",
			"RX GBPS", "RX BYTES", "SENT BYTES", "UNREAD", "READS", "DUP SEGS", "DROPPED",
			"USR %", "SYS %", "CPU NS/KB", "SIRQ NS/KB", "RCVBUF", "MAIN DROP");
	else
		fprintf(out, "\n%-11s %10s %11s %8s %8s %10s %6s %6s %9s %10s %11s %7s %6s  %s\n", "STACK",
			"RX PPS", "RX PACKETS", "RX GBPS", "LOSS %", "DROPPED", "USR %", "SYS %", "SYSC/PKT",
			"CPU NS/PKT", "SIRQ NS/PKT", "RCVBUF", "BURST", "MAIN DROP");
}

static void text_row(FILE *out, const struct phase_result *r)
{
	char sc[24], cpu[24], sirq[24], buf[24], burst[16] = "-", drop[96] = "-", sent[24] = "-",
						 unread[24] = "-";
	const struct cost_rates *c = &r->phase->rates;

	if (r->loss->main_packets)
		snprintf(drop, sizeof(drop), "%s %s", r->loss->main_row.where, r->loss->main_row.reason);
	if (r->tcp) {
		if (r->lab) {
			snprintf(sent, sizeof(sent), "%llu", (unsigned long long)r->gen_bytes);
			snprintf(unread, sizeof(unread), "%lld", (long long)(r->gen_bytes - r->rx_bytes));
		}
		fprintf(
		    out, "%-11s %8.3f %14llu %14s %10s %10llu %8llu %8llu %6.1f %6.1f %10s %11s %7s  %s\n",
		    r->stack, gbps(r), (unsigned long long)r->rx_bytes, sent, unread,
		    (unsigned long long)r->rx, (unsigned long long)r->loss->dup_segments,
		    (unsigned long long)r->loss->dropped, r->phase->cpu_user_pct, r->phase->cpu_sys_pct,
		    per_unit(true, c->proc_cpu_ns_per_kb, r->rx_bytes, "%.1f", cpu, sizeof(cpu)),
		    per_unit(r->have_softirq, c->softirq_ns_per_kb, r->rx_bytes, "%.1f", sirq, sizeof(sirq)),
		    rcvbuf_text(r, buf, sizeof(buf)), drop);
		return;
	}
	if (r->lab && r->burst.ms)
		snprintf(burst, sizeof(burst), "%.2f", r->burst.p99_ratio);
	fprintf(out, "%-11s %10.0f %11llu %8.3f %7.2f%% %10llu %6.1f %6.1f %9s %10s %11s %7s %6s  %s\n",
		r->stack, r->phase->rx_pps, (unsigned long long)r->rx, gbps(r), loss_pct(r),
		(unsigned long long)r->loss->dropped, r->phase->cpu_user_pct, r->phase->cpu_sys_pct,
		per_unit(r->have_syscalls, c->syscalls_per_pkt, r->rx, "%.3f", sc, sizeof(sc)),
		per_unit(true, c->proc_cpu_ns_per_pkt, r->rx, "%.0f", cpu, sizeof(cpu)),
		per_unit(r->have_softirq, c->softirq_ns_per_pkt, r->rx, "%.0f", sirq, sizeof(sirq)),
		rcvbuf_text(r, buf, sizeof(buf)), burst, drop);
}

/* Same columns as every other CSV row (docs/json-schema.md): kind "summary", interval = the phase's seconds.
 */
static void csv_row(FILE *out, double ts, const struct phase_result *r)
{
	fprintf(out, "%.6f,%.6f,summary,%s,,%llu,%.3f,%llu,%.3f,%llu,%.3f,%d\n", ts, r->seconds, r->stack,
		(unsigned long long)r->rx, r->phase->rx_pps, (unsigned long long)r->rx_bytes,
		(double)r->rx_bytes * 8 / r->seconds, (unsigned long long)r->loss->dropped,
		(double)r->loss->dropped / r->seconds, OUTPUT_BATCH_FORMAT);
}

static void json_per_unit(struct jsonw *w, const char *key, bool have, double value, uint64_t units)
{
	if (have && units > 0)
		jsonw_double(w, key, value);
	else
		jsonw_null(w, key);
}

static void json_row(struct jsonw *w, const struct phase_result *r)
{
	jsonw_object_begin(w, NULL);
	jsonw_string(w, "stack", r->stack);
	jsonw_string(w, "proto", r->tcp ? "tcp" : "udp");
	jsonw_double(w, "seconds", r->seconds);
	jsonw_u64(w, "rx_packets", r->rx);
	jsonw_double(w, "rx_pps", r->phase->rx_pps);
	jsonw_u64(w, "rx_bytes", r->rx_bytes);
	jsonw_double(w, "gbps", gbps(r));
	jsonw_u64(w, "dropped", r->loss->dropped);
	jsonw_double(w, "loss_pct", loss_pct(r));
	jsonw_u64(w, "dup_segments", r->loss->dup_segments);
	if (r->loss->main_packets) {
		jsonw_object_begin(w, "main_drop");
		jsonw_string(w, "where", r->loss->main_row.where);
		jsonw_string(w, "reason", r->loss->main_row.reason);
		jsonw_u64(w, "packets", r->loss->main_packets);
		jsonw_object_end(w);
	} else {
		jsonw_null(w, "main_drop");
	}
	jsonw_double(w, "cpu_user_pct", r->phase->cpu_user_pct);
	jsonw_double(w, "cpu_sys_pct", r->phase->cpu_sys_pct);
	json_per_unit(w, "syscalls_per_pkt", r->have_syscalls, r->phase->rates.syscalls_per_pkt, r->rx);
	/* The /proc figure (utime + stime): what the summary's cpu_ns_per_pkt always meant. */
	json_per_unit(w, "cpu_ns_per_pkt", true, r->phase->rates.proc_cpu_ns_per_pkt, r->rx);
	json_per_unit(w, "softirq_ns_per_pkt", r->have_softirq, r->phase->rates.softirq_ns_per_pkt, r->rx);
	if (r->rcvbuf >= 0)
		jsonw_int(w, "rcvbuf", r->rcvbuf);
	else
		jsonw_null(w, "rcvbuf");
	if (r->lab) {
		jsonw_object_begin(w, "generator");
		jsonw_u64(w, "sent", r->gen_sent);
		jsonw_u64(w, "bytes", r->gen_bytes);
		jsonw_u64(w, "late", r->gen_late);
		jsonw_u64(w, "burst_ms", r->burst.ms);
		jsonw_double(w, "burst_mean", r->burst.mean);
		jsonw_double(w, "burst_p99", r->burst.p99);
		jsonw_double(w, "burst_max", r->burst.max);
		jsonw_double(w, "burst_p99_ratio", r->burst.p99_ratio);
		jsonw_double(w, "burst_max_ratio", r->burst.max_ratio);
		jsonw_object_end(w);
	} else {
		jsonw_null(w, "generator");
	}
	jsonw_object_end(w);
}

/* Calls row() for each phase that got a receiver running and lasted; the count of them. */
static int for_each_phase(const struct session *s, void (*row)(const struct phase_result *r, void *arg),
			  void *arg)
{
	int n = 0;

	for (int i = 0; i < s->opts.nstacks; i++) {
		const struct phase_mark *b = &s->phase_begin[i], *e = &s->phase_end[i];
		struct phase_result r;

		if (!b->taken || !e->taken)
			continue; /* the receiver never ran: its failure was reported on stderr */
		phase_result(s, b, e, &r);
		if (r.seconds <= 0)
			continue;
		row(&r, arg);
		n++;
	}
	return n;
}

static void json_each(const struct phase_result *r, void *arg)
{
	json_row(arg, r);
}

/* The line's own "format" (output_json.c) versions the summary too: one key, never two. */
void session_json_summary(struct jsonw *w, const void *arg)
{
	jsonw_array_begin(w, "summary");
	for_each_phase(arg, json_each, w);
	jsonw_array_end(w);
}

struct text_state {
	FILE *out;
	bool header;
	double ts;
};

static void text_each(const struct phase_result *r, void *arg)
{
	struct text_state *t = arg;

	if (!t->header) {
		text_header(t->out, r->tcp);
		t->header = true;
	}
	text_row(t->out, r);
}

static void csv_each(const struct phase_result *r, void *arg)
{
	const struct text_state *t = arg;

	csv_row(t->out, t->ts, r);
}

void session_print_comparison(const struct session *s, FILE *out)
{
	struct text_state t = {.out = out};
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	t.ts = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
	if (s->opts.format == OUTPUT_JSON) {
		/*
		 * The summary rides on the final reading (session_json_summary). A run cut short (-n, a stop,
		 * a failed stack) has none: no line of its own either, as scripts take the last line for a
		 * reading.
		 */
	} else if (s->opts.format == OUTPUT_CSV) {
		for_each_phase(s, csv_each, &t);
	} else if (for_each_phase(s, text_each, &t) > 0 && s->rcvbuf_defaulted) {
		fprintf(
		    out,
		    "RCVBUF: rxtop run's default SO_RCVBUF for UDP sockets, %d bytes; --rcvbuf BYTES sets "
		    "another\n",
		    SESSION_RUN_RCVBUF);
	}
	fflush(out);
}
