// SPDX-License-Identifier: GPL-2.0-only
/* What a receiver pays per packet: the one place each per-packet figure is computed (pure arithmetic). */
#include <math.h>
#include <string.h>

#include "cost.h"

double rate_per_second(uint64_t before, uint64_t now, double seconds)
{
	if (seconds <= 0 || now < before)
		return 0;
	return (double)(now - before) / seconds;
}

double cpu_percent(uint64_t before_ns, uint64_t now_ns, double seconds)
{
	return rate_per_second(before_ns, now_ns, seconds) / 1e7;
}

double cost_per_unit(uint64_t before, uint64_t now, uint64_t units_before, uint64_t units_now)
{
	if (now < before || units_now <= units_before)
		return 0;
	return (double)(now - before) / (double)(units_now - units_before);
}

static uint64_t delta(uint64_t before, uint64_t now)
{
	return now >= before ? now - before : 0;
}

void cost_rates(const struct cost_counters *before, const struct cost_counters *now, double seconds,
		struct cost_rates *out)
{
	uint64_t packets = delta(before->packets, now->packets),
		 syscalls = delta(before->syscalls, now->syscalls);

	memset(out, 0, sizeof(*out));
	out->syscalls_ps = rate_per_second(before->syscalls, now->syscalls, seconds);
	out->ctxsw_voluntary_ps = rate_per_second(before->ctxsw_voluntary, now->ctxsw_voluntary, seconds);
	out->ctxsw_involuntary_ps =
	    rate_per_second(before->ctxsw_involuntary, now->ctxsw_involuntary, seconds);
	out->pkts_per_syscall = syscalls ? (double)packets / (double)syscalls : NAN;
	out->syscalls_per_pkt = cost_per_unit(before->syscalls, now->syscalls, before->packets, now->packets);
	out->user_ns_per_pkt = cost_per_unit(before->user_ns, now->user_ns, before->packets, now->packets);
	out->syscall_ns_per_pkt =
	    cost_per_unit(before->syscall_ns, now->syscall_ns, before->packets, now->packets);
	out->softirq_ns_per_pkt =
	    cost_per_unit(before->softirq_ns, now->softirq_ns, before->packets, now->packets);
	out->wait_ns_per_pkt = cost_per_unit(before->wait_ns, now->wait_ns, before->packets, now->packets);
	/* By construction, so the parts a view shows always add up to the whole. */
	out->cpu_ns_per_pkt = out->user_ns_per_pkt + out->syscall_ns_per_pkt + out->softirq_ns_per_pkt;
	out->ctxsw_per_pkt =
	    cost_per_unit(before->ctxsw_voluntary + before->ctxsw_involuntary,
			  now->ctxsw_voluntary + now->ctxsw_involuntary, before->packets, now->packets);
	out->proc_user_ns_per_pkt =
	    cost_per_unit(before->proc_user_ns, now->proc_user_ns, before->packets, now->packets);
	out->proc_sys_ns_per_pkt =
	    cost_per_unit(before->proc_sys_ns, now->proc_sys_ns, before->packets, now->packets);
	/* One quotient of the sum (not the sum of the two): exactly what the comparison table always printed.
	 */
	out->proc_cpu_ns_per_pkt =
	    cost_per_unit(before->proc_user_ns + before->proc_sys_ns, now->proc_user_ns + now->proc_sys_ns,
			  before->packets, now->packets);
	/* Per KiB (TCP, where a "packet" is a read): scaling by 1024 rounds exactly as dividing by KiB. */
	out->proc_cpu_ns_per_kb =
	    1024 * cost_per_unit(before->proc_user_ns + before->proc_sys_ns,
				 now->proc_user_ns + now->proc_sys_ns, before->bytes, now->bytes);
	out->softirq_ns_per_kb =
	    1024 * cost_per_unit(before->softirq_ns, now->softirq_ns, before->bytes, now->bytes);
}

void stack_cost_counters(const struct stack_sample *s, struct cost_counters *out)
{
	*out = (struct cost_counters){
	    .packets = s->rx_packets,
	    .bytes = s->rx_bytes,
	    .syscalls = s->syscalls,
	    .ctxsw_voluntary = s->ctxsw_voluntary,
	    .ctxsw_involuntary = s->ctxsw_involuntary,
	    .user_ns = s->overhead.user_ns,
	    .syscall_ns = s->overhead.syscall_cpu_ns,
	    .softirq_ns = s->softirq_ns,
	    .wait_ns = s->overhead.offcpu_ns,
	    .proc_user_ns = s->cpu_user_ns,
	    .proc_sys_ns = s->cpu_sys_ns,
	};
}

void process_cost_counters(const struct process_sample *p, struct cost_counters *out)
{
	*out = (struct cost_counters){
	    .packets = p->rx_packets,
	    .syscalls = p->syscalls,
	    .ctxsw_voluntary = p->ctxsw_voluntary,
	    .ctxsw_involuntary = p->ctxsw_involuntary,
	    .user_ns = p->overhead.user_ns,
	    .syscall_ns = p->overhead.syscall_cpu_ns,
	    .softirq_ns = p->softirq_ns,
	    .wait_ns = p->overhead.offcpu_ns,
	    .proc_user_ns = p->cpu_user_ns,
	    .proc_sys_ns = p->cpu_sys_ns,
	};
}

void cost_derive_stack(const struct stack_sample *before, struct stack_sample *now, double seconds)
{
	static const struct stack_sample zero;
	struct cost_counters b, n;

	if (!before)
		before = &zero;
	now->rx_pps = rate_per_second(before->rx_packets, now->rx_packets, seconds);
	now->rx_bps = 8 * rate_per_second(before->rx_bytes, now->rx_bytes, seconds);
	now->drops_ps = rate_per_second(before->drops, now->drops, seconds);
	now->cpu_user_pct = cpu_percent(before->cpu_user_ns, now->cpu_user_ns, seconds);
	now->cpu_sys_pct = cpu_percent(before->cpu_sys_ns, now->cpu_sys_ns, seconds);
	stack_cost_counters(before, &b);
	if (before == &zero) {
		b.packets = now->costs_from_packets;
		b.bytes = now->costs_from_bytes;
		b.syscalls = now->costs_from_syscalls;
	}
	stack_cost_counters(now, &n);
	cost_rates(&b, &n, seconds, &now->rates);
}

void cost_derive_process(const struct process_sample *before, struct process_sample *now, double seconds)
{
	struct cost_counters b, n;

	now->cpu_user_pct = cpu_percent(before->cpu_user_ns, now->cpu_user_ns, seconds);
	now->cpu_sys_pct = cpu_percent(before->cpu_sys_ns, now->cpu_sys_ns, seconds);
	process_cost_counters(before, &b);
	process_cost_counters(now, &n);
	cost_rates(&b, &n, seconds, &now->rates);
}

void cost_proc_from_shares(double cpu_user_pct, double cpu_sys_pct, double rx_pps, struct cost_rates *r)
{
	if (!(rx_pps > 0)) {
		r->proc_user_ns_per_pkt = r->proc_sys_ns_per_pkt = r->proc_cpu_ns_per_pkt = 0;
		return;
	}
	/* A percent of one core is 1e7 ns per second. */
	r->proc_user_ns_per_pkt = cpu_user_pct * 1e7 / rx_pps;
	r->proc_sys_ns_per_pkt = cpu_sys_pct * 1e7 / rx_pps;
	r->proc_cpu_ns_per_pkt = (cpu_user_pct + cpu_sys_pct) * 1e7 / rx_pps;
}
