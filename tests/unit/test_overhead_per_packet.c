/* The per-packet overhead breakdown the sampler derives from two cumulative readings. */
#include <stdlib.h>

#include "check.h"
#include "sampler.h"

int main(void)
{
	struct snapshot *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct stack_sample *s;

	if (!a || !b)
		return 1;
	a->mono = 10;
	a->nstacks = 1;
	a->stacks[0] = (struct stack_sample){ .stack = "epoll", .pid = 42, .rx_packets = 1000, .softirq_ns = 5000 };
	a->stacks[0].overhead.user_ns = 100000;
	a->stacks[0].overhead.syscall_cpu_ns = 200000;
	a->stacks[0].overhead.offcpu_ns = 300000;
	*b = *a;
	b->mono = 11;
	s = &b->stacks[0];
	s->rx_packets = 3000;
	s->softirq_ns = 5000 + 2000 * 150;
	s->overhead.user_ns += 2000 * 100;
	s->overhead.syscall_cpu_ns += 2000 * 250;
	s->overhead.offcpu_ns += 2000 * 400;
	sampler_derive(a, b);
	CHECK_NEAR("user_ns_per_pkt", s->user_ns_per_pkt, 100, 1e-9);
	CHECK_NEAR("syscall_ns_per_pkt", s->syscall_ns_per_pkt, 250, 1e-9);
	CHECK_NEAR("wait_ns_per_pkt", s->wait_ns_per_pkt, 400, 1e-9);
	CHECK_NEAR("softirq_ns_per_pkt", s->softirq_ns_per_pkt, 150, 1e-9);

	/* No packets in the interval: no per-packet figure, not a division by zero. */
	*a = *b;
	a->mono = 11;
	b->mono = 12;
	s->overhead.user_ns += 1000;
	sampler_derive(a, b);
	CHECK_NEAR("no_packets", s->user_ns_per_pkt, 0, 0);
	free(a);
	free(b);
	return check_failures != 0;
}
