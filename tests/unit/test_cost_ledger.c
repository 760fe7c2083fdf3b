// SPDX-License-Identifier: GPL-2.0-only
/* The cost module's per-packet figures and the ledger module's rows, phases and identities (src/model/cost.c,
 * src/model/ledger.c, snapshot_find_stack). */
#include <stdlib.h>

#include "check.h"
#include "sampler.h"

/*
 * A phase's figures, derived as one long interval, are bit for bit what `rxtop run`'s comparison printed
 * before the cost module: (utime + stime) / rx, per KiB (utime + stime) / (bytes / 1024), syscalls / rx.
 */
static void phase_exact(void)
{
	int mismatches = 0;

	srand(18);
	for (int i = 0; i < 20000; i++) {
		struct stack_sample b = {.stack = "epoll", .pid = 9}, e;
		double seconds = 0.5 + (double)(rand() % 5000) / 1000;
		uint64_t rx, bytes, du, ds, sc, sirq;
		double old_cpu, old_kb, old_sc, old_sirq, old_user_pct;

		b.rx_packets = (uint64_t)rand() * 17;
		b.rx_bytes = (uint64_t)rand() * 1000;
		b.cpu_user_ns = (uint64_t)rand() * 4096;
		b.cpu_sys_ns = (uint64_t)rand() * 1024;
		b.syscalls = (uint64_t)rand();
		b.softirq_ns = (uint64_t)rand() * 333;
		e = b;
		rx = 1 + (uint64_t)rand() % 5000000;
		bytes = rx * (60 + (uint64_t)rand() % 1455);
		du = (uint64_t)rand() * 1000 + (uint64_t)rand() % 1000;
		ds = (uint64_t)rand() * 3000 + 7;
		sc = (uint64_t)rand() % 10000000;
		sirq = (uint64_t)rand() * 97;
		e.rx_packets += rx;
		e.rx_bytes += bytes;
		e.cpu_user_ns += du;
		e.cpu_sys_ns += ds;
		e.syscalls += sc;
		e.softirq_ns += sirq;
		old_cpu = ((double)du + (double)ds) / (double)rx;
		old_kb = ((double)du + (double)ds) / ((double)bytes / 1024);
		old_sc = (double)sc / (double)rx;
		old_sirq = (double)sirq / (double)rx;
		old_user_pct = (double)du / seconds / 1e7;
		cost_derive_stack(&b, &e, seconds);
		mismatches += e.rates.proc_cpu_ns_per_pkt != old_cpu ||
			      e.rates.proc_cpu_ns_per_kb != old_kb || e.rates.syscalls_per_pkt != old_sc ||
			      e.rates.softirq_ns_per_pkt != old_sirq || e.cpu_user_pct != old_user_pct ||
			      e.rx_pps != (double)rx / seconds;
	}
	CHECK("phase_figures_bit_exact", mismatches == 0);
}

/* The /proc figures: from counters live, from the shares in a replay; the same quotient. */
static void proc_from_shares(void)
{
	struct stack_sample b = {.stack = "recvfrom", .pid = 5, .rx_packets = 1000, .cpu_user_ns = 10}, e = b;
	struct cost_rates replayed = {0};

	e.rx_packets += 40000;
	e.cpu_user_ns += 40000 * 250;
	e.cpu_sys_ns += 40000 * 1750;
	e.ctxsw_voluntary += 3000;
	e.ctxsw_involuntary += 1000;
	cost_derive_stack(&b, &e, 2);
	CHECK_NEAR("ctxsw_per_pkt", e.rates.ctxsw_per_pkt, 0.1, 1e-12);
	CHECK_NEAR("proc_user_ns_per_pkt", e.rates.proc_user_ns_per_pkt, 250, 1e-9);
	CHECK_NEAR("proc_sys_ns_per_pkt", e.rates.proc_sys_ns_per_pkt, 1750, 1e-9);
	CHECK_NEAR("proc_cpu_is_user_plus_sys", e.rates.proc_cpu_ns_per_pkt, 2000, 1e-9);
	cost_proc_from_shares(e.cpu_user_pct, e.cpu_sys_pct, e.rx_pps, &replayed);
	CHECK_NEAR("replayed_proc_user", replayed.proc_user_ns_per_pkt, 250, 1e-6);
	CHECK_NEAR("replayed_proc_cpu", replayed.proc_cpu_ns_per_pkt, 2000, 1e-6);
	cost_proc_from_shares(5, 5, 0, &replayed);
	CHECK_NEAR("replayed_no_packets", replayed.proc_cpu_ns_per_pkt, 0, 0);
}

/* A stack's first interval (no row before): its costs count from where rxtop began counting them, not from 0.
 */
static void first_interval(void)
{
	struct stack_sample e = {.stack = "recvfrom",
				 .pid = 5,
				 .rx_packets = 304000,
				 .rx_bytes = 304000 * 64,
				 .syscalls = 300300,
				 .costs_from_packets = 4000,
				 .costs_from_bytes = 4000 * 64,
				 .cpu_user_ns = 300000 * 100};

	cost_derive_stack(NULL, &e, 1);
	CHECK_NEAR("first_rx_pps_since_start", e.rx_pps, 304000, 1e-9);
	CHECK_NEAR("first_syscalls_per_pkt_since_costs", e.rates.syscalls_per_pkt, 1.001, 1e-12);
	CHECK_NEAR("first_user_ns_per_pkt_since_costs", e.rates.proc_user_ns_per_pkt, 100, 1e-9);
	e.costs_from_syscalls = 300;
	cost_derive_stack(NULL, &e, 1);
	CHECK_NEAR("first_syscalls_from_their_start", e.rates.syscalls_per_pkt, 1.0, 1e-12);
}

static void row(struct drop_sample *d, const char *where, const char *reason, uint64_t packets, bool overlaps)
{
	*d = (struct drop_sample){.packets = packets, .overlaps = overlaps};
	snprintf(d->where, sizeof(d->where), "%s", where);
	snprintf(d->reason, sizeof(d->reason), "%s", reason);
}

static void phase_loss(void)
{
	struct drop_sample before[2], after[6];
	struct ledger_loss loss;

	row(&before[0], "stack", "SOCKET_RCVBUFF", 100, false);
	row(&before[1], "stack", "TCP_OLD_DATA", 5, false);
	row(&after[0], "stack", "SOCKET_RCVBUFF", 400, false); /* 300 in the phase */
	row(&after[1], "stack", "TCP_OLD_DATA", 9, false);     /* 4 duplicates */
	row(&after[2], "socket", "rcvbuf_drops", 900, true);   /* a cross-check: not added */
	row(&after[3], "gen", "ENOBUFS", 50, false);	       /* the generator's own */
	row(&after[4], "xdp", "drop", 20, false);	       /* new in the phase: from zero */
	row(&after[5], "stack", "SOCKET_RCVBUFF", 50,
	    false); /* a second row of one identity: lookups find the first */
	ledger_loss_between(before, 2, after, 5, false, false, &loss);
	CHECK("loss_udp_dropped", loss.dropped == 300 + 4 + 20);
	CHECK("loss_udp_main", loss.main_packets == 300 && !strcmp(loss.main_row.reason, "SOCKET_RCVBUFF"));
	ledger_loss_between(before, 2, after, 5, true, false, &loss);
	CHECK("loss_tcp_duplicates_apart", loss.dropped == 320 && loss.dup_segments == 4);
	ledger_loss_between(before, 2, after, 5, false, true, &loss);
	CHECK("loss_tap_no_stack_rows", loss.dropped == 20 && !strcmp(loss.main_row.where, "xdp"));
	ledger_loss_between(before, 2, before, 2, false, false, &loss);
	CHECK("loss_none", loss.dropped == 0 && loss.main_packets == 0);
	CHECK("find_first", ledger_find(after, 6, "stack", "SOCKET_RCVBUFF") == &after[0]);
	CHECK("find_none", ledger_find(after, 6, "stack", "NO_SOCKET") == NULL &&
			       ledger_find(NULL, 0, "stack", "NO_SOCKET") == NULL);
}

static void rows_and_overlaps(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	ledger_row(s, "socket", "rcvbuf_drops")->packets += 10;
	ledger_row(s, "stack", "SOCKET_RCVBUFF")->packets += 7;
	ledger_row(s, "socket", "rcvbuf_drops")->packets += 5;
	ledger_add_cross_check(s, "snmp", "Udp:RcvbufErrors", 15);
	CHECK("row_once_per_identity", s->ndrops == 3 && s->drops[0].packets == 15);
	CHECK("cross_check_overlaps", s->drops[2].overlaps);
	/* The socket counted more than kfree_skb: the kernel's row is the one shown only. */
	ledger_mark_overlaps(s, true);
	CHECK("socket_counts_more", !s->drops[0].overlaps && s->drops[1].overlaps);
	s->drops[1].overlaps = false;
	ledger_mark_overlaps(s, false);
	CHECK("no_kfree_probe_both_count", !s->drops[0].overlaps && !s->drops[1].overlaps);
	/* AF_XDP sockets count the refusals of a full ring or an empty fill ring, not a wrong queue's. */
	ledger_row(s, "xdp", "redirect_err:ENOBUFS map=xskmap")->packets = 40;
	ledger_row(s, "xdp", "redirect_err:EINVAL map=xskmap")->packets = 3;
	ledger_mark_overlaps(s, false);
	CHECK("xskmap_refusals_without_sockets", !s->drops[3].overlaps && !s->drops[4].overlaps);
	ledger_row(s, "xsk", "rx_ring_full")->packets = 40;
	ledger_mark_overlaps(s, false);
	CHECK("xskmap_ring_full_repeats_socket", s->drops[3].overlaps);
	CHECK("xskmap_wrong_queue_counts", !s->drops[4].overlaps);
}

/* A stack row is (pid, name): a later phase's child may get a pid back. */
static void stack_identity(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->nstacks = 2;
	s->stacks[0] = (struct stack_sample){.stack = "afxdp", .pid = 77};
	s->stacks[1] = (struct stack_sample){.stack = "epoll", .pid = 77};
	CHECK("identity_pid_and_name", snapshot_find_stack(s, 77, "epoll") == &s->stacks[1]);
	CHECK("identity_other_name", snapshot_find_stack(s, 77, "recvfrom") == NULL);
	CHECK("identity_no_snapshot", snapshot_find_stack(NULL, 77, "epoll") == NULL);
}

int main(void)
{
	struct snapshot *s = calloc(1, sizeof(*s));

	if (!s)
		return 1;
	phase_exact();
	proc_from_shares();
	first_interval();
	phase_loss();
	rows_and_overlaps(s);
	stack_identity(s);
	free(s);
	return check_failures != 0;
}
