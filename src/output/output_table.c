// SPDX-License-Identifier: GPL-2.0-only
/* Writes a snapshot as a text block (for a person), and picks the writer of each output format. */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "output.h"

/* 1234567 -> "1.23M": columns stay narrow whatever the rate. */
static const char *human(double v, char *buf, size_t len)
{
	if (v >= 1e9)
		snprintf(buf, len, "%.2fG", v / 1e9);
	else if (v >= 1e6)
		snprintf(buf, len, "%.2fM", v / 1e6);
	else if (v >= 1e4)
		snprintf(buf, len, "%.1fk", v / 1e3);
	else
		snprintf(buf, len, "%.0f", v);
	return buf;
}

/* The second line of a stack or process: what it pays per packet and per second. */
static void cost_line(FILE *out, const struct cost_rates *r)
{
	char pps[16];

	if (r->pkts_per_syscall == r->pkts_per_syscall) /* not NaN: the interval had syscalls */
		snprintf(pps, sizeof(pps), "%.1f", r->pkts_per_syscall);
	else
		snprintf(pps, sizeof(pps), "-");
	fprintf(
	    out,
	    "        syscalls/pkt %.3f  pkts/syscall %s  ctxsw/s vol %.0f invol %.0f  ns/pkt: user %.0f + "
	    "syscall %.0f + softirq %.0f = cpu %.0f, wait %.0f\n",
	    r->syscalls_per_pkt, pps, r->ctxsw_voluntary_ps, r->ctxsw_involuntary_ps, r->user_ns_per_pkt,
	    r->syscall_ns_per_pkt, r->softirq_ns_per_pkt, r->cpu_ns_per_pkt, r->wait_ns_per_pkt);
}

/* Whether a stack set to busy-poll can: each queue's socket needs a NAPI id. */
static void busy_poll_line(FILE *out, const struct stack_sample *s)
{
	fprintf(out, "        busy poll: NAPI ids");
	for (int q = 0; q < s->nqueues; q++)
		fprintf(out, " %u", s->napi_ids[q]);
	if (s->busy_poll_idle)
		fprintf(out, "  (%d queue(s) receive without one: busy polling cannot run there)",
			s->busy_poll_idle);
	fputc('\n', out);
}

/* One line naming the sampled probes: what they feed is an estimate. */
static void print_sampled(FILE *out, const struct snapshot *snap)
{
	int n = 0;

	for (int i = 0; i < snap->nprobes; i++) {
		const struct probe_status *p = &snap->probes[i];

		if (!p->sampled)
			continue;
		if (!n++)
			fprintf(out, "  sampled probes (attached %.1f%% of the time, counts estimated):",
				100 * p->share);
		fprintf(out, " %s", p->name);
	}
	if (n)
		fputc('\n', out);
}

/* One line naming the probes that stand down while another source counts their events exactly. */
static void print_covered(FILE *out, const struct snapshot *snap)
{
	for (int i = 0; i < snap->nprobes; i++)
		if (snap->probes[i].covered_by[0])
			fprintf(out, "  %s detached: %s counts its events\n", snap->probes[i].name,
				snap->probes[i].covered_by);
}

/* A DPDK process's ports, from its telemetry: totals and losses, then each rx queue. */
static void dpdk_lines(FILE *out, const struct dpdk_sample *d)
{
	char a[16];

	for (int i = 0; i < d->nports; i++) {
		const struct dpdk_port_sample *p = &d->ports[i];

		fprintf(out,
			"        dpdk port %d %-14s rx %10s pps %14" PRIu64 "  imissed %" PRIu64
			"  rx_nombuf %" PRIu64 "  ierrors %" PRIu64 "%s\n",
			p->port, p->name, human(p->rx_pps, a, sizeof(a)), p->rx_packets, p->imissed,
			p->rx_nombuf, p->ierrors, d->connected ? "" : "  (telemetry gone: last values)");
		for (int q = 0; q < p->nqueues; q++)
			fprintf(out, "          queue %-2d rx %10s pps %14" PRIu64 "\n", q,
				human(p->queue_rx_pps[q], a, sizeof(a)), p->queue_rx_packets[q]);
	}
}

void output_text(FILE *out, const struct snapshot *snap)
{
	char when[32], a[16], b[16], c[16];
	time_t secs = (time_t)snap->ts;
	struct tm tm;

	localtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	fprintf(out, "%s  interval %.2f s", when, snap->interval);
	if (snap->ledger.known)
		fprintf(out, "  generator %s pps", human(snap->generator_pps, a, sizeof(a)));
	fprintf(out, "  rxtop cpu %.1f%% + bpf %.1f%%\n", snap->self.cpu_pct, snap->self.bpf_cpu_pct);
	fprintf(out, "  %-10s %5s %10s %10s %10s %14s\n", "IFACE", "QUEUE", "RX PPS", "RX BPS", "DROPS/S",
		"RX PACKETS");
	for (int i = 0; i < snap->nqueues; i++) {
		const struct queue_sample *q = &snap->queues[i];

		fprintf(out, "  %-10s %5d %10s %10s %10s %14" PRIu64 "\n", q->iface, q->queue,
			human(q->rx_pps, a, sizeof(a)), human(q->rx_bps, b, sizeof(b)),
			human(q->drops_ps, c, sizeof(c)), q->rx_packets);
		if (q->xsk_known)
			fprintf(out,
				"  %-10s %5s xsk: %d socket(s), %s frames/s (%" PRIu64 "), ring full %" PRIu64
				", fill ring empty %" PRIu64 ", dropped %" PRIu64 "\n",
				"", "", q->xsk_sockets, human(q->xsk_rx_pps, a, sizeof(a)), q->xsk_rx_packets,
				q->xsk_rx_ring_full, q->xsk_fill_ring_empty, q->xsk_rx_dropped);
		if (q->path.known) {
			char line[400];

			output_path_line(&q->path, line, sizeof(line));
			fprintf(out, "  %-10s %5s path: %s\n", "", "", line);
			if (q->path.note[0])
				fprintf(out, "  %-10s %5s       %s\n", "", "", q->path.note);
		}
	}
	for (int i = 0; i < snap->nifaces; i++) {
		const struct iface_sample *f = &snap->ifaces[i];

		if (strcmp(f->counter, "none") != 0)
			continue;
		fprintf(out,
			"  %-10s hands-off (rxtop attached nothing): rx %s pps %" PRIu64 " packets (sysfs)\n",
			f->iface, human(f->rx_pps, a, sizeof(a)), f->rx_packets);
		if (f->nic_queues[0])
			fprintf(out, "  %-10s per-queue counts from the NIC (%s)\n", f->iface, f->nic_queues);
		else
			fprintf(out, "  %-10s per-queue NIC counters not available: %s\n", f->iface,
				f->nic_queues_note);
	}
	for (int i = 0; i < snap->nstacks; i++) {
		const struct stack_sample *s = &snap->stacks[i];

		fprintf(out,
			"  stack %-10s pid %-7d rx %10s pps  drops %8s/s  cpu usr %5.1f%% sys %5.1f%%%s\n",
			s->stack, s->pid, human(s->rx_pps, a, sizeof(a)), human(s->drops_ps, b, sizeof(b)),
			s->cpu_user_pct, s->cpu_sys_pct, s->alive ? "" : "  (exited)");
		cost_line(out, &s->rates);
		if (s->busy_poll)
			busy_poll_line(out, s);
	}
	for (int i = 0; i < snap->nprocesses; i++) {
		const struct process_sample *p = &snap->processes[i];

		fprintf(out, "  process %-15s pid %-7d syscalls %10s/s  cpu usr %5.1f%% sys %5.1f%%\n",
			p->comm, p->pid, human(p->rates.syscalls_ps, a, sizeof(a)), p->cpu_user_pct,
			p->cpu_sys_pct);
		cost_line(out, &p->rates);
		dpdk_lines(out, &p->dpdk);
	}
	for (int i = 0; i < snap->ndrops; i++) {
		const struct drop_sample *d = &snap->drops[i];

		fprintf(out, "  drop  %-8s %-32s %10s/s %14" PRIu64 "%s\n", d->where, d->reason,
			human(d->pps, a, sizeof(a)), d->packets,
			d->overlaps ? "  (cross-check: counted elsewhere, not added)" : "");
	}
	if (snap->ledger.known) {
		double sent = snap->ledger.sent ? (double)snap->ledger.sent : 1;

		fprintf(out,
			"  ledger sent %" PRIu64 " = received %" PRIu64 " (%.2f%%) + dropped %" PRIu64
			" (%.2f%%) + unexplained %" PRId64 " (%.3f%%)%s\n",
			snap->ledger.sent, snap->ledger.received, 100.0 * snap->ledger.received / sent,
			snap->ledger.dropped, 100.0 * snap->ledger.dropped / sent, snap->ledger.unexplained,
			100.0 * snap->ledger.unexplained / sent,
			snap->ledger.unexplained < 0
			    ? "  (negative: counted twice, or read while packets moved)"
			    : "");
	}
	if (snap->softirq.known) {
		fprintf(out, "  NET_RX softirq %.1f%% of a core:", snap->softirq.pct);
		for (int cpu = 0; cpu < snap->softirq.ncpus; cpu++)
			if (snap->softirq.cpu_pct[cpu] >= 0.05)
				fprintf(out, " cpu%d %.1f%%", cpu, snap->softirq.cpu_pct[cpu]);
		fputc('\n', out);
	}
	for (int i = 0; i < snap->nprobes; i++)
		if (snap->probes[i].attach[0] == 'm')
			fprintf(out, "  missing probe: %s\n", snap->probes[i].name);
	print_sampled(out, snap);
	print_covered(out, snap);
	fputc('\n', out);
	fflush(out);
}

void output_snapshot(FILE *out, enum output_format format, const struct snapshot *snap, bool first)
{
	switch (format) {
	case OUTPUT_JSON:
		output_json(out, snap);
		break;
	case OUTPUT_CSV:
		output_csv(out, snap, first);
		break;
	case OUTPUT_OPENMETRICS:
		output_metrics(out, snap, METRICS_OPENMETRICS);
		break;
	case OUTPUT_PROMETHEUS:
		output_metrics(out, snap, METRICS_PROMETHEUS);
		break;
	default:
		output_text(out, snap);
	}
}
