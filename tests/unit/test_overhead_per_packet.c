// SPDX-License-Identifier: GPL-2.0-only
/* The per-packet breakdown, rates and rxtop's own cost that the sampler derives from two cumulative readings.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "sampler.h"

static void stack_breakdown(struct snapshot *a, struct snapshot *b)
{
	struct stack_sample *s;

	a->mono = 10;
	a->nstacks = 1;
	a->stacks[0] =
	    (struct stack_sample){.stack = "epoll", .pid = 42, .rx_packets = 1000, .softirq_ns = 5000};
	a->stacks[0].overhead.user_ns = 100000;
	a->stacks[0].overhead.syscall_cpu_ns = 200000;
	a->stacks[0].overhead.offcpu_ns = 300000;
	*b = *a;
	b->mono = 11;
	s = &b->stacks[0];
	s->rx_packets = 3000;
	s->syscalls = 2000 / 32;
	s->ctxsw_voluntary = 500;
	s->ctxsw_involuntary = 7;
	s->softirq_ns = 5000 + 2000 * 150;
	s->overhead.user_ns += 2000 * 100;
	s->overhead.syscall_cpu_ns += 2000 * 250;
	s->overhead.offcpu_ns += 2000 * 400;
	sampler_derive(a, b);
	CHECK_NEAR("user_ns_per_pkt", s->rates.user_ns_per_pkt, 100, 1e-9);
	CHECK_NEAR("syscall_ns_per_pkt", s->rates.syscall_ns_per_pkt, 250, 1e-9);
	CHECK_NEAR("wait_ns_per_pkt", s->rates.wait_ns_per_pkt, 400, 1e-9);
	CHECK_NEAR("softirq_ns_per_pkt", s->rates.softirq_ns_per_pkt, 150, 1e-9);
	CHECK_NEAR("cpu_is_user_syscall_softirq", s->rates.cpu_ns_per_pkt, 100 + 250 + 150, 1e-9);
	CHECK_NEAR("pkts_per_syscall", s->rates.pkts_per_syscall, 2000.0 / 62, 1e-9);
	CHECK_NEAR("syscalls_per_pkt", s->rates.syscalls_per_pkt, 62.0 / 2000, 1e-12);
	CHECK_NEAR("ctxsw_voluntary_ps", s->rates.ctxsw_voluntary_ps, 500, 1e-9);
	CHECK_NEAR("ctxsw_involuntary_ps", s->rates.ctxsw_involuntary_ps, 7, 1e-9);

	/* No packets in the interval: no per-packet figure, not a division by zero. */
	*a = *b;
	a->mono = 11;
	b->mono = 12;
	s->overhead.user_ns += 1000;
	sampler_derive(a, b);
	CHECK_NEAR("no_packets", s->rates.user_ns_per_pkt, 0, 0);
	CHECK_NEAR("no_packets_cpu", s->rates.cpu_ns_per_pkt, 0, 0);
}

static void no_syscalls(void)
{
	struct cost_counters before = {.packets = 100}, now = {.packets = 1100000};
	struct cost_rates r;

	/* afxdp with busy poll, dpdk: packets without a syscall are not "infinitely many per syscall" but
	 * unknown. */
	cost_rates(&before, &now, 2, &r);
	CHECK("no_syscalls_pkts_per_syscall_nan", isnan(r.pkts_per_syscall));
	CHECK_NEAR("no_syscalls_per_pkt", r.syscalls_per_pkt, 0, 0);
	/* A counter that went back (a restarted process) gives 0, never a huge unsigned difference. */
	now.syscalls = 0;
	before.syscalls = 50;
	before.ctxsw_voluntary = 9;
	cost_rates(&before, &now, 2, &r);
	CHECK_NEAR("backwards_syscalls_ps", r.syscalls_ps, 0, 0);
	CHECK_NEAR("backwards_ctxsw_ps", r.ctxsw_voluntary_ps, 0, 0);
}

static void process_rates(struct snapshot *a, struct snapshot *b)
{
	struct process_sample *p;

	*a = (struct snapshot){.mono = 1, .nprocesses = 1};
	a->processes[0] = (struct process_sample){.pid = 7, .rx_packets = 10, .syscalls = 10};
	*b = *a;
	b->mono = 1.5;
	p = &b->processes[0];
	p->rx_packets = 10 + 4000;
	p->syscalls = 10 + 4000;
	p->cpu_sys_ns = 250000000;
	p->overhead.syscall_cpu_ns = 4000 * 900;
	sampler_derive(a, b);
	CHECK_NEAR("process_syscalls_per_pkt", p->rates.syscalls_per_pkt, 1, 1e-12);
	CHECK_NEAR("process_syscalls_ps", p->rates.syscalls_ps, 8000, 1e-9);
	CHECK_NEAR("process_syscall_ns_per_pkt", p->rates.syscall_ns_per_pkt, 900, 1e-9);
	CHECK_NEAR("process_cpu_sys_pct", p->cpu_sys_pct, 50, 1e-9);
}

static void self_cost(struct snapshot *a, struct snapshot *b)
{
	*a = (struct snapshot){.mono = 5};
	a->self = (struct self_sample){
	    .cpu_ns = 1000000000, .bpf_run_time_ns = 0, .bpf_stats_ns = 3000000000, .nprograms = 1};
	a->self.programs[0] =
	    (struct program_cost){.name = "xdp:rxlab0", .run_cnt = 100, .run_time_ns = 5000};
	*b = *a;
	b->mono = 7;
	b->self.cpu_ns += 20000000; /* 20 ms in 2 s: 1 % */
	b->self.bpf_run_time_ns = 40000000;
	/* Statistics were on for 1 s of the 2: rates are over that second. */
	b->self.bpf_stats_ns += 1000000000;
	b->self.nprograms = 2;
	b->self.programs[0].run_cnt += 1000;
	b->self.programs[0].run_time_ns += 30000;
	b->self.programs[1] =
	    (struct program_cost){.name = "sched:sched_switch", .run_cnt = 10, .run_time_ns = 800};
	/* Sampled, attached a tenth of the time (all of the statistics' second): a tenth of those rates. */
	b->self.nprograms = 3;
	b->self.programs[2] = (struct program_cost){
	    .name = "napi:napi_poll", .run_cnt = 4000, .run_time_ns = 400000, .sampled_share = 0.1};
	sampler_derive(a, b);
	CHECK_NEAR("self_cpu_pct", b->self.cpu_pct, 1, 1e-9);
	/* The programs' sum: 0.003 + 0.00008 + 0.004 percent. */
	CHECK_NEAR("self_bpf_cpu_pct", b->self.bpf_cpu_pct, 0.00708, 1e-12);
	CHECK_NEAR("sampled_runs_ps", b->self.programs[2].runs_ps, 400, 1e-9);
	CHECK_NEAR("sampled_cpu_pct", b->self.programs[2].cpu_pct, 0.004, 1e-12);
	CHECK_NEAR("sampled_ns_per_run", b->self.programs[2].ns_per_run, 100, 1e-9);
	CHECK_NEAR("program_ns_per_run", b->self.programs[0].ns_per_run, 30, 1e-9);
	CHECK_NEAR("program_runs_ps", b->self.programs[0].runs_ps, 1000, 1e-9);
	CHECK_NEAR("program_cpu_pct", b->self.programs[0].cpu_pct, 0.003, 1e-12);
	/* An interval without statistics time keeps the rates it had. */
	*a = *b;
	a->mono = 9;
	sampler_derive(b, a);
	CHECK_NEAR("no_window_keeps_runs_ps", a->self.programs[0].runs_ps, 1000, 1e-9);
	/* A program attached within the interval counts from zero. */
	CHECK_NEAR("new_program_ns_per_run", b->self.programs[1].ns_per_run, 80, 1e-9);
}

int main(void)
{
	struct snapshot *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));

	if (!a || !b)
		return 1;
	stack_breakdown(a, b);
	no_syscalls();
	process_rates(a, b);
	self_cost(a, b);
	free(a);
	free(b);
	return check_failures != 0;
}
