// SPDX-License-Identifier: GPL-2.0-only
/* `rxtop __tui-demo [SECONDS]`: drives the live view with SYNTHETIC snapshots, for layout work only. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output.h"
#include "tui.h"
#include "tui_format.h"

#define DEMO_QUEUES 4

static volatile sig_atomic_t demo_stop;

static void demo_on_signal(int sig)
{
	(void)sig;
	demo_stop = 1;
}

static double demo_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Made-up numbers with the shape of a lab run: queues that breathe, one stack, a few drop reasons. */
static void demo_fill(struct snapshot *s, const struct tui_context *ctx, double dt, long tick)
{
	double gen = ctx->gen_rate ? (double)ctx->gen_rate : 1.4e6, received = 0;
	static const char *const reasons[][2] = {
	    {"xsk", "rx_ring_full"}, {"stack", "SKB_DROP_REASON_NOT_SPECIFIED"}, {"socket", "rcvbuf_full"}};

	s->ts = (double)time(NULL);
	s->mono = demo_now();
	s->interval = tick ? dt : 0;
	s->nqueues = DEMO_QUEUES;
	for (int i = 0; i < DEMO_QUEUES; i++) {
		struct queue_sample *q = &s->queues[i];
		double share = (1.0 + 0.6 * sin(tick / 4.0 + i * 1.3)) / DEMO_QUEUES;

		snprintf(q->iface, sizeof(q->iface), "rxlab0");
		q->ifindex = 7;
		q->queue = i;
		q->rx_pps = tick ? gen * share * 0.98 : 0;
		q->rx_bps = q->rx_pps * ctx->gen_size * 8;
		q->drops_ps = i == 2 ? q->rx_pps * 0.01 : 0;
		q->rx_packets += (uint64_t)(q->rx_pps * dt);
		q->rx_bytes += (uint64_t)(q->rx_pps * dt * ctx->gen_size);
		q->drops += (uint64_t)(q->drops_ps * dt);
		q->xdp_actions[4] = q->rx_packets - q->drops;
		q->xdp_actions[1] = q->drops;
		q->napi_polls += (uint64_t)(q->rx_pps * dt / 48);
		q->napi_polls_ps = q->rx_pps / 48;
		q->napi_packets = q->rx_packets;
		received += q->rx_pps;
	}
	s->nifaces = 1;
	snprintf(s->ifaces[0].iface, sizeof(s->ifaces[0].iface), "rxlab0");
	s->ifaces[0].rx_pps = received;
	s->ifaces[0].rx_packets += (uint64_t)(received * dt);
	s->ifaces[0].rx_bytes += (uint64_t)(received * dt * ctx->gen_size);
	s->nstacks = 1;
	snprintf(s->stacks[0].stack, sizeof(s->stacks[0].stack), "afxdp");
	s->stacks[0].pid = 4242;
	s->stacks[0].alive = true;
	s->stacks[0].rx_pps = received * 0.99;
	s->stacks[0].rx_packets += (uint64_t)(s->stacks[0].rx_pps * dt);
	s->stacks[0].rx_bytes += (uint64_t)(s->stacks[0].rx_pps * dt * ctx->gen_size);
	s->stacks[0].drops_ps = received * 0.01;
	s->stacks[0].drops += (uint64_t)(s->stacks[0].drops_ps * dt);
	s->stacks[0].rates.syscalls_per_pkt = 0.016;
	s->stacks[0].ctxsw_voluntary += (uint64_t)(900 * dt);
	s->stacks[0].ctxsw_involuntary += (uint64_t)(40 * dt);
	s->stacks[0].cpu_user_pct = 61.5;
	s->stacks[0].cpu_sys_pct = 12.25;
	/* The rates the sampler derives from the counters above. */
	s->stacks[0].rx_bps = s->stacks[0].rx_pps * ctx->gen_size * 8;
	s->stacks[0].rates.ctxsw_voluntary_ps = 900;
	s->stacks[0].rates.ctxsw_involuntary_ps = 40;
	s->stacks[0].rates.softirq_ns_per_pkt = 38.5;
	if (s->stacks[0].rx_pps > 0) {
		s->stacks[0].rates.user_ns_per_pkt = 61.5 / 100 * 1e9 / s->stacks[0].rx_pps;
		s->stacks[0].rates.syscall_ns_per_pkt = 12.25 / 100 * 1e9 / s->stacks[0].rx_pps;
	}
	s->stacks[0].rates.cpu_ns_per_pkt = s->stacks[0].rates.user_ns_per_pkt +
					    s->stacks[0].rates.syscall_ns_per_pkt +
					    s->stacks[0].rates.softirq_ns_per_pkt;
	s->nprocesses = 1;
	s->processes[0].pid = 1;
	snprintf(s->processes[0].comm, sizeof(s->processes[0].comm), "systemd");
	s->processes[0].ctxsw_voluntary += (uint64_t)(3 * dt);
	s->processes[0].rates.ctxsw_voluntary_ps = 3;
	s->processes[0].cpu_sys_pct = 0.1;
	s->ndrops = 3;
	for (int i = 0; i < 3; i++) {
		struct drop_sample *d = &s->drops[i];

		snprintf(d->where, sizeof(d->where), "%s", reasons[i][0]);
		snprintf(d->reason, sizeof(d->reason), "%s", reasons[i][1]);
		d->pps = tick ? gen * 0.01 / (i * 40 + 1) : 0;
		d->packets += (uint64_t)(d->pps * dt);
		d->overlaps = i == 1;
	}
	s->nprobes = 3;
	snprintf(s->probes[0].name, sizeof(s->probes[0].name), "skb:kfree_skb");
	snprintf(s->probes[0].attach, sizeof(s->probes[0].attach), "tp_btf");
	snprintf(s->probes[1].name, sizeof(s->probes[1].name), "napi:napi_poll");
	snprintf(s->probes[1].attach, sizeof(s->probes[1].attach), "raw_tp");
	snprintf(s->probes[2].name, sizeof(s->probes[2].name), "xdp:xdp_exception");
	snprintf(s->probes[2].attach, sizeof(s->probes[2].attach), "missing");
	s->generator_pps = tick ? gen : 0;
	s->generator_sent += (uint64_t)(s->generator_pps * dt);
	s->ledger.known = true;
	s->ledger.sent = s->generator_sent;
	s->ledger.dropped = s->drops[0].packets + s->drops[2].packets;
	s->ledger.in_flight = tick ? 64 : 0;
	s->ledger.received = s->ledger.sent - s->ledger.dropped - s->ledger.in_flight;
	s->ledger.unexplained = 0;
	s->self.cpu_pct = 0.3;
}

static void demo_write(struct tui *t, const struct snapshot *s)
{
	char msg[128];
	FILE *f = fopen(tui_write_path(t), "w");

	if (!f) {
		snprintf(msg, sizeof(msg), "cannot write %s: %s", tui_write_path(t), strerror(errno));
	} else {
		output_json(f, s);
		fclose(f);
		snprintf(msg, sizeof(msg), "wrote %s", tui_write_path(t));
	}
	tui_message(t, msg);
}

int tui_demo_main(int argc, char **argv)
{
	struct tui_context ctx = {
	    .ifaces = "rxlab0",
	    .driver = "veth",
	    .xdp_mode = "native",
	    .xdp_attached = true,
	    .nqueues = DEMO_QUEUES,
	    .stack = "afxdp (1/1)",
	    .stack_settings = "DEMO DATA, layout testing only",
	    .lab = true,
	    .gen_rate = 0,
	    .gen_size = 64,
	    .interval = 1.0,
	};
	double seconds = argc > 1 ? atof(argv[1]) : 0, start = demo_now(), next, last;
	struct sigaction sa = {.sa_handler = demo_on_signal};
	struct snapshot *snap = calloc(1, sizeof(*snap));
	struct tui *t;
	long tick = 0;
	int rc;

	if (!snap)
		return 1;
	/* Handlers first, so ncurses leaves SIGINT/SIGTERM to us and the loop ends through tui_close(). */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	rc = tui_open(&t, &ctx);
	if (rc < 0) {
		fprintf(stderr, "rxtop __tui-demo: cannot open the terminal: %s\n", strerror(-rc));
		free(snap);
		return 2;
	}
	tui_message(t, "DEMO: synthetic snapshots for layout testing, not measurements");
	last = demo_now();
	next = last;
	while (!demo_stop && (seconds <= 0 || demo_now() - start < seconds)) {
		double now = demo_now();

		if (now >= next) {
			demo_fill(snap, &ctx, now - last, tick++);
			last = now;
			next += ctx.interval;
			tui_draw(t, snap);
		}
		switch (tui_wait(t, (int)((next - demo_now()) * 1000) + 1)) {
		case TUI_QUIT:
			demo_stop = 1;
			break;
		case TUI_INTERVAL_SET:
			ctx.interval = tui_interval(t);
			next = demo_now() + ctx.interval;
			tui_set_context(t, &ctx);
			break;
		case TUI_GEN_RATE_UP:
			ctx.gen_rate = tui_rate_step(ctx.gen_rate, 1);
			tui_set_context(t, &ctx);
			break;
		case TUI_GEN_RATE_DOWN:
			ctx.gen_rate = tui_rate_step(ctx.gen_rate, -1);
			tui_set_context(t, &ctx);
			break;
		case TUI_GEN_SIZE_NEXT:
			ctx.gen_size = tui_size_next(ctx.gen_size);
			tui_set_context(t, &ctx);
			break;
		case TUI_WRITE_SNAPSHOT:
			demo_write(t, snap);
			break;
		case TUI_NEXT_STACK:
			tui_message(t, "demo: there is only one stack");
			break;
		default:
			break;
		}
	}
	tui_close(t);
	free(snap);
	return 0;
}
