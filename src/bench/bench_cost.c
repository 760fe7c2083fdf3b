// SPDX-License-Identifier: GPL-2.0-only
/* One run's figures from rxtop's own readings: balance, attribution per packet and the receiver's settings.
 */
#include <stdio.h>
#include <string.h>

#include "bench_cost.h"
#include "bench_options.h"
#include "sampler.h"

static void from_rates(const struct cost_rates *r, struct bench_cost *out)
{
	out->user = r->user_ns_per_pkt;
	out->syscall = r->syscall_ns_per_pkt;
	out->softirq = r->softirq_ns_per_pkt;
	out->syscalls_per_pkt = r->syscalls_per_pkt;
	out->ctxsw_per_pkt = r->ctxsw_per_pkt;
}

void bench_cost_of_stack(const struct stack_sample *before, const struct stack_sample *after, double seconds,
			 struct bench_cost *out)
{
	struct cost_counters b, a;
	struct cost_rates r;

	stack_cost_counters(before, &b);
	stack_cost_counters(after, &a);
	cost_rates(&b, &a, seconds, &r);
	from_rates(&r, out);
}

uint64_t bench_xdp_packets(const struct snapshot *snap)
{
	uint64_t n = 0;

	for (int i = 0; i < snap->nqueues; i++)
		if (snap->nifaces > 0 && snap->queues[i].ifindex == snap->ifaces[0].ifindex)
			n += snap->queues[i].rx_packets;
	return n;
}

void bench_cost_of_xdp(const struct snapshot *before, const struct snapshot *after, struct bench_cost *out)
{
	struct cost_counters b = {.packets = bench_xdp_packets(before), .softirq_ns = before->softirq.ns},
			     a = {.packets = bench_xdp_packets(after), .softirq_ns = after->softirq.ns};
	double seconds = after->mono - before->mono;
	struct cost_rates r;

	cost_rates(&b, &a, seconds, &r);
	from_rates(&r, out);
}

/* The receiver's loss that counted most: ledger rows only (no cross-checks), the generator's own aside. */
static void main_drop(const struct snapshot *a, const struct snapshot *d, bool tcp, struct bench_run *run)
{
	struct ledger_loss loss;

	ledger_loss_between(a->drops, a->ndrops, d->drops, d->ndrops, tcp, false, &loss);
	run->main_drop[0] = '\0';
	run->main_drop_packets = loss.main_packets;
	if (loss.main_packets)
		snprintf(run->main_drop, sizeof(run->main_drop), "%s %s", loss.main_row.where,
			 loss.main_row.reason);
}

static uint64_t grew(uint64_t before, uint64_t after)
{
	return after > before ? after - before : 0;
}

void bench_balance(struct snapshot *a, struct snapshot *d, bool gen_none, struct bench_run *run)
{
	ledger_compute(a);
	ledger_compute(d);
	run->received = grew(a->ledger.received, d->ledger.received);
	run->dropped = grew(a->ledger.dropped, d->ledger.dropped);
	if (gen_none && a->nifaces > 0 && d->nifaces > 0)
		run->sent = grew(a->ifaces[0].rx_packets + a->ifaces[0].rx_dropped,
				 d->ifaces[0].rx_packets + d->ifaces[0].rx_dropped);
	else
		run->sent = grew(a->ledger.sent, d->ledger.sent);
	run->unexplained = (int64_t)run->sent - (int64_t)run->received - (int64_t)run->dropped;
	main_drop(a, d, false, run);
}

void bench_balance_tcp(const struct snapshot *a, const struct snapshot *d, uint64_t acked, uint64_t read,
		       bool gen_none, struct bench_run *run)
{
	run->sent = gen_none ? read : acked;
	run->received = read;
	run->dropped = 0;
	run->unexplained = (int64_t)run->sent - (int64_t)run->received;
	main_drop(a, d, true, run);
}

static int system_rcvbuf(void)
{
	FILE *f = fopen("/proc/sys/net/core/rmem_default", "r");
	int v = 0;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

void bench_settings_fill(const char *stack, const struct stack_config *cfg, const char *counter_mode,
			 struct bench_settings *out)
{
	memset(out, 0, sizeof(*out));
	out->ring_size = cfg->ring_size;
	/* What the fill ring really is (docs/stacks-afxdp.md, stacks-dpdk.md): rxtop's afxdp sizes it at
	 * twice the rx ring and posts all of it; DPDK 22.11's af_xdp PMD fixes it at 2 x 2048 whatever the rx
	 * ring, and the dpdk stack caps that PMD's rx ring at 1024; sockets have none (0, shown as "-"). */
	if (!strcmp(stack, "afxdp")) {
		out->fill_ring_size = 2 * cfg->ring_size;
	} else if (!strcmp(stack, "dpdk") && (!cfg->dpdk_pmd[0] || !strcmp(cfg->dpdk_pmd, "af_xdp"))) {
		out->ring_size = stack_dpdk_af_xdp_rx_ring(cfg->ring_size);
		out->fill_ring_size = STACK_DPDK_AF_XDP_FILL_RING;
	}
	out->batch = cfg->batch;
	out->rcvbuf = cfg->rcvbuf > 0 ? cfg->rcvbuf : system_rcvbuf();
	out->busy_poll_us = cfg->busy_poll ? cfg->busy_poll_us : 0;
	out->need_wakeup = cfg->need_wakeup;
	out->counting_program = counter_mode && counter_mode[0];
	if (!strcmp(stack, "afxdp"))
		snprintf(out->mode, sizeof(out->mode), "%s",
			 cfg->zerocopy > 0   ? "zerocopy"
			 : cfg->zerocopy < 0 ? "copy"
					     : "auto");
	else if (!strcmp(stack, "dpdk"))
		snprintf(out->mode, sizeof(out->mode), "%s pmd", cfg->dpdk_pmd[0] ? cfg->dpdk_pmd : "af_xdp");
	else if (!strcmp(stack, BENCH_XDP_DROP))
		snprintf(out->mode, sizeof(out->mode), "xdp %s", counter_mode ? counter_mode : "");
	else if (counter_mode && counter_mode[0])
		snprintf(out->mode, sizeof(out->mode), "counter %s", counter_mode);
}
