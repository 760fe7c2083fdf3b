// SPDX-License-Identifier: GPL-2.0-only
/* One rxtop session: what it attached and started, so every exit path can undo exactly that. */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "commands.h"
#include "lab.h"
#include "lab_claim.h"
#include "log.h"
#include "nic_queues.h"
#include "netdev_driver.h"
#include "netns.h"
#include "overhead.h"
#include "procfs.h"
#include <linux/types.h>

#include "rx_xdp.h"
#include "rx_path.h"
#include "sampler.h"
#include "session.h"
#include "session_load.h"
#include "trace.h"
#include "xdp.h"
#include "xsk_queues.h"

#define FAIL(status, ...)                                                                                    \
	do {                                                                                                 \
		snprintf(err, len, __VA_ARGS__);                                                             \
		return status;                                                                               \
	} while (0)

static int setup_lab(struct session *s, char *err, size_t len)
{
	int queues = 0, rc;

	/* One measurement on the lab at a time; lab up/down wait for or refuse while it runs. */
	rc = lab_claim(true, err, len);
	if (rc < 0)
		return rc == -EBUSY ? EXIT_USAGE : EXIT_RUNTIME;
	if (!lab_exists(&queues)) {
		rc = lab_up(0);
		if (rc < 0)
			FAIL(EXIT_RUNTIME,
			     "rxtop: could not bring the lab up: %s; try 'rxtop lab down' then again",
			     strerror(-rc));
		lab_exists(&queues);
	}
	if (s->opts.nifaces == 0) {
		snprintf(s->opts.ifaces[0], sizeof(s->opts.ifaces[0]), "%s", LAB_IFACE);
		s->opts.nifaces = 1;
	}
	return 0;
}

/*
 * Where a counter goes: --counter tc or xdp (in --counter-xdp-mode's mode) as asked. auto: tc ingress on veth
 * when rxtop only watches or runs socket receivers only; XDP otherwise (AF_XDP needs it, DPDK brings its own,
 * and elsewhere XDP changes nothing it watches). On veth any XDP program changes the path: veth converts each
 * skb to an XDP buffer, copying it when the sender left less than 256 bytes of headroom (AF_PACKET leaves
 * ~32) or it is not linear (TCP's), turns off the sender's TSO and polls a NAPI instance where there was
 * none: 16 % of an epoll receiver's rate here, whether rxtop runs it or watches it (bench_overhead), against
 * none measurable at tc, where veth's skbs arrive as sent and count exactly and per queue (run_counter_tc).
 */
static int counter_mode_for(const struct session *s, const char *ifname)
{
	if (s->opts.counter_hook == COUNTER_HOOK_TC)
		return XDP_COUNTER_TC;
	if (s->opts.counter_hook == COUNTER_HOOK_XDP || !netdev_is_veth(ifname))
		return s->opts.xdp_mode;
	for (int i = 0; i < s->opts.nstacks; i++)
		if (stack_xdp_need_for(stack_find(s->opts.stacks[i]), &s->opts.stack) != STACK_XDP_PASS)
			return s->opts.xdp_mode;
	return XDP_COUNTER_TC;
}

/*
 * --counter none, or auto on a NIC (not veth) that already runs an XDP program rxtop did not attach, when
 * no receiver of the run needs rxtop's own XDP program: rather than refuse (rxtop never touches a program it
 * did not attach) or reconfigure a production NIC's rings, watch it hands-off. veth keeps its tc counter:
 * it works beside any XDP program there and changes nothing (docs/metrics.md).
 */
static bool hands_off_for(const struct session *s, const char *ifname, int ifindex)
{
	int foreign;

	if (s->opts.counter_hook == COUNTER_HOOK_NONE)
		return true;
	if (s->opts.counter_hook != COUNTER_HOOK_AUTO || netdev_is_veth(ifname))
		return false;
	for (int i = 0; i < s->opts.nstacks; i++)
		if (stack_xdp_need_for(stack_find(s->opts.stacks[i]), &s->opts.stack) == STACK_XDP_REDIRECT)
			return false;
	foreign = xdp_prog_on(ifindex);
	if (foreign <= 0)
		return false;
	if (!s->quiet)
		log_user("rxtop: %s runs XDP program id %d, which rxtop did not attach: watching hands-off "
			 "(--counter none), queues from the NIC's counters, totals from sysfs",
			 ifname, foreign);
	return true;
}

/* The counters on the main thread while the loads run; then the trace probes and the AF_XDP sockets per
 * queue (whoever holds them; without the iterator queues[].xsk stays null). */
static int attach_counters(struct session *s, struct session_load *load, char *err, size_t len)
{
	char why[256];

	for (int i = 0; i < s->opts.nifaces; i++) {
		const char *name = s->opts.ifaces[i];
		struct xdp_counter *counter = NULL;
		struct collector_iface *f;
		int ifindex = (int)if_nametoindex(name), rc;
		bool hands_off;

		if (!ifindex)
			FAIL(EXIT_USAGE, "rxtop: no interface '%s' here; check 'ip link'%s", name,
			     s->opts.lab ? "" : " or use --lab for the built-in test bed");
		hands_off = hands_off_for(s, name, ifindex);
		if (!hands_off) {
			rc = xdp_counter_attach(name, s->xdp_verdict, counter_mode_for(s, name), &counter,
						why, sizeof(why));
			if (rc < 0)
				FAIL(rc == -EBUSY || rc == -EOPNOTSUPP || rc == -EPERM ? EXIT_USAGE
										       : EXIT_RUNTIME,
				     "rxtop: %s", why);
		}
		collector_add_iface(&s->collector, name, ifindex);
		f = &s->collector.ifaces[s->collector.nifaces - 1];
		f->xdp = counter;
		f->hands_off = hands_off;
		/* Every mode: the NIC's hardware drops join the ledger wherever the driver reports them. */
		f->nic = nic_queues_open(name, ifindex);
	}
	session_load_finish(load, &s->collector.trace, &s->collector.xsk);
	/* Every 2 s: its procfs and netlink reads are rxtop's own cost (docs/receive-path.md). */
	s->collector.path = rx_path_open(2.0);
	return 0;
}

/* A stack that serves fewer queues than the default "all of them" gets the first ones, silently. */
static void stack_config_for(const struct session *s, const struct stack_ops *ops, struct stack_config *cfg)
{
	*cfg = s->opts.stack;
	if (!s->opts.queues_given && ops->max_queues > 0 && cfg->nqueues > ops->max_queues)
		cfg->nqueues = ops->max_queues;
}

static int check_stacks(struct session *s, char *err, size_t len)
{
	struct stack_config *cfg = &s->opts.stack;
	int rxq;

	if (s->opts.nifaces != 1)
		FAIL(EXIT_USAGE, "rxtop run: name exactly one interface with -i (or use --lab)");
	snprintf(cfg->ifname, sizeof(cfg->ifname), "%s", s->opts.ifaces[0]);
	cfg->ifindex = (int)if_nametoindex(cfg->ifname);
	if (!cfg->ifindex)
		FAIL(EXIT_USAGE, "rxtop run: no interface '%s' here; check 'ip link' or use --lab",
		     cfg->ifname);
	rxq = netdev_rx_queue_count(cfg->ifname);
	if (!s->opts.queues_given) {
		cfg->nqueues = rxq > 0 ? (rxq < STACK_MAX_QUEUES ? rxq : STACK_MAX_QUEUES) : 1;
		for (int q = 0; q < cfg->nqueues; q++)
			cfg->queues[q] = q;
	}
	{
		char why[200];

		if (stack_check_queues(cfg, why, sizeof(why)) < 0)
			FAIL(EXIT_USAGE, "rxtop run: %s; choose queues with -q", why);
	}
	cfg->duration_s = (int)s->opts.duration;
	/*
	 * The system's default receive buffer (rmem_default, 208 KiB: ~270 64-byte datagrams, under a
	 * millisecond at 300 kpps) loses packets whenever a receiver is descheduled for a moment on a shared
	 * host: a benchmark would measure the scheduler. Like iperf3's -w, a fixed and stated buffer; TCP
	 * keeps the kernel's autotuning, which a fixed SO_RCVBUF would turn off.
	 */
	if (!cfg->rcvbuf && cfg->proto == STACK_PROTO_UDP) {
		cfg->rcvbuf = SESSION_RUN_RCVBUF;
		s->rcvbuf_defaulted = true;
	}
	for (int i = 0; i < s->opts.nstacks; i++) {
		const struct stack_ops *ops = stack_find(s->opts.stacks[i]);
		struct stack_config stack_cfg;
		char why[200] = "";

		stack_config_for(s, ops, &stack_cfg);
		if (ops->check && ops->check(&stack_cfg, why, sizeof(why)) < 0)
			FAIL(EXIT_USAGE, "rxtop run: %s cannot run here: %s", ops->name, why);
		if (stack_xdp_need_for(ops, &stack_cfg) == STACK_XDP_REDIRECT &&
		    (s->opts.counter_hook == COUNTER_HOOK_TC || s->opts.counter_hook == COUNTER_HOOK_NONE))
			FAIL(EXIT_USAGE,
			     "rxtop run: %s needs rxtop's XDP program, and --counter %s counts without it; "
			     "drop --counter %s or run %s on its own",
			     ops->name, s->opts.counter_hook == COUNTER_HOOK_TC ? "tc" : "none",
			     s->opts.counter_hook == COUNTER_HOOK_TC ? "tc" : "none", ops->name);
	}
	return 0;
}

/* The probes, processes, DPDK ports and counters, while session_load's threads load the rest. */
static int attach_all(struct session *s, struct session_load *load, char *err, size_t len)
{
	int rc;

	/* Before any process or stack is added: they are tracked as they come. */
	s->collector.overhead = session_load_overhead(load);
	for (int i = 0; i < s->opts.npids; i++)
		if (collector_add_process(&s->collector, s->opts.pids[i]) < 0)
			FAIL(EXIT_USAGE, "rxtop: no process %d; check the pid with 'ps'",
			     (int)s->opts.pids[i]);
	rc = session_open_dpdk(s, err, len);
	s->xdp_verdict = RX_VERDICT_PASS;
	if (!rc && s->opts.nifaces) /* without -i: a DPDK process watched through its telemetry only */
		rc = attach_counters(s, load, err, len);
	return rc;
}

int session_setup(struct session *s, bool run, char *err, size_t len)
{
	struct session_load load;
	int rc;

	s->saved_netns = -1;
	cost_window_init(&s->collector.costs, s->opts.bpf_stats_always);
	s->collector.samples.always = s->opts.event_probes_always;
	/* A -p process's packets are the interfaces' (offered traffic, not what it read): its counts could
	 * only be scaled by time, which a window that slows it biases (docs/overhead.md). */
	s->collector.samples.syscall_counts =
	    s->opts.syscall_counts == SYSCALL_COUNTS_SAMPLED ||
	    (s->opts.syscall_counts == SYSCALL_COUNTS_AUTO && s->opts.npids == 0);
	s->last = calloc(1, sizeof(struct snapshot));
	s->spare = calloc(1, sizeof(struct snapshot));
	if (!s->last || !s->spare)
		FAIL(EXIT_RUNTIME, "rxtop: out of memory");
	if (geteuid() != 0)
		FAIL(EXIT_USAGE, "rxtop: needs root for BPF and XDP; run it with sudo");
	if (s->opts.netns[0] && s->opts.lab)
		FAIL(EXIT_USAGE,
		     "rxtop: --netns and --lab do not go together; the lab lives in this namespace");
	if (s->opts.lab) {
		rc = setup_lab(s, err, len);
		if (rc)
			return rc;
	}
	if (s->opts.nifaces == 0 && !s->opts.npids && !s->opts.dpdk_telemetry[0])
		FAIL(EXIT_USAGE,
		     "rxtop: name an interface with -i IFACE, or use --lab for the built-in test bed");
	if (s->opts.netns[0]) {
		rc = netns_enter(s->opts.netns, &s->saved_netns);
		if (rc < 0)
			FAIL(EXIT_USAGE,
			     "rxtop: cannot enter network namespace '%s': %s; see 'ip netns list'",
			     s->opts.netns, strerror(-rc));
	}
	if (options_check_queues(&s->opts, err, len) < 0)
		return EXIT_USAGE;
	if (run) {
		rc = check_stacks(s, err, len);
		if (rc)
			return rc;
	}
	session_load_start(&load, s->opts.ifaces, s->opts.nifaces);
	rc = attach_all(s, &load, err, len);
	/* Whatever a failed setup did not take: nothing stays loaded behind the error. */
	session_load_abandon(&load);
	if (rc)
		return rc;
	/* In `run` the generator starts once the first receiver is ready, so no packet arrives to nobody. */
	if (s->opts.lab && !run) {
		rc = session_gen_start(s, err, len);
		if (rc)
			return rc;
	}
	/* Sampled probes count from the first window on, before the first reading after this one. */
	collector_sample_events(&s->collector);
	/* Always-on statistics open their one window here; sampled ones open before each reading. */
	if (s->opts.bpf_stats_always)
		collector_open_cost_window(&s->collector);
	/* Baseline: the first reading that every rate is taken against. */
	collector_read(&s->collector, s->last);
	log_debug("start: baseline reading taken");
	return 0;
}

static int set_verdict_for(struct session *s, enum stack_xdp_need need)
{
	struct collector_iface *f = &s->collector.ifaces[0];
	int verdict = need == STACK_XDP_REDIRECT ? RX_VERDICT_XSK : RX_VERDICT_PASS;

	if (need == STACK_XDP_NONE) {
		collector_detach_xdp(&s->collector, 0);
		return 0;
	}
	if (f->hands_off) /* check_stacks let no XDP receiver through */
		return 0;
	if (!f->xdp) {
		struct xdp_counter *counter = NULL;
		char why[256];
		int rc = xdp_counter_attach(f->name, verdict, counter_mode_for(s, f->name), &counter, why,
					    sizeof(why));

		if (rc < 0) {
			log_user("rxtop: %s", why);
			return rc;
		}
		collector_attach_xdp(&s->collector, 0, counter);
		return 0;
	}
	return xdp_counter_set_verdict(f->xdp, verdict);
}

/* Why a stack did not start or died: on stderr, or kept in stack_why for rxtop bench (quiet). */
static void __attribute__((format(printf, 2, 3))) stack_trouble(struct session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->stack_why, sizeof(s->stack_why), fmt, ap);
	va_end(ap);
	if (!s->quiet)
		log_user("rxtop: %s", s->stack_why);
}

int session_start_stack(struct session *s, int i)
{
	const struct stack_ops *ops = stack_find(s->opts.stacks[i]);
	struct stack_child *child = &s->children[i];
	struct stack_config cfg = s->opts.stack;
	int rc;

	stack_config_for(s, ops, &cfg);
	rc = set_verdict_for(s, stack_xdp_need_for(ops, &cfg));
	if (rc < 0)
		return EXIT_RUNTIME;
	cfg.xsks_map_fd =
	    s->collector.ifaces[0].xdp ? xdp_counter_xsks_map_fd(s->collector.ifaces[0].xdp) : -1;
	rc = stack_child_start(ops, &cfg, child);
	if (rc < 0) {
		stack_trouble(s, "could not start %s: %s", ops->name, strerror(-rc));
		return EXIT_RUNTIME;
	}
	rc = stack_child_wait_ready(child, 15000);
	if (rc < 0) {
		stack_trouble(s, "%s", child->shm->message[0] ? child->shm->message : strerror(-rc));
		stack_child_stop(child, 1000);
		stack_child_release(child);
		return child->exit_status == EXIT_USAGE || rc == -EOPNOTSUPP || rc == -EINVAL ? EXIT_USAGE
											      : EXIT_RUNTIME;
	}
	/* What is live, e.g. whose XDP program sees the packets (afxdp: rxtop's counter; dpdk: the PMD's
	 * own). */
	if (s->opts.batch && s->opts.format == OUTPUT_TEXT && !s->quiet) {
		/* stdout, with the text readings: stderr is kept for what went wrong (one line). */
		printf("rxtop: %s\n", child->shm->message);
		fflush(stdout);
	}
	collector_add_stack(&s->collector, child);
	/* UDP: one generator for the whole run. TCP: a sender per phase, its bytes drained at the phase's
	 * end. */
	if (s->opts.lab && (s->opts.stack.proto == STACK_PROTO_TCP ? !s->gen_running : !s->collector.gen)) {
		char err[256];

		/*
		 * TCP: the phase begins before its sender starts, so that no byte is in flight at the mark
		 * (acked, still unread): the phase's bytes read then equal its bytes acknowledged.
		 */
		if (s->opts.stack.proto == STACK_PROTO_TCP) {
			session_mark_phase(s, i, false);
			s->begin_marked[i] = true;
		}

		rc = session_gen_start(s, err, sizeof(err));
		if (rc) {
			log_user("%s", err);
			return rc;
		}
	}
	return 0;
}

void session_stop_stack(struct session *s, int i)
{
	struct stack_child *child = &s->children[i];

	if (!child->shm)
		return;
	stack_child_stop(child, 2000);
	collector_finish_stack(&s->collector, child);
	stack_child_release(child);
}

/* Phase i's receiver in snap, by the one identity of a stack row (pid, name). */
static const struct stack_sample *phase_stack(const struct session *s, const struct snapshot *snap, int i)
{
	const struct stack_child *child = &s->children[i];

	return child->ops ? snapshot_find_stack(snap, child->pid, child->ops->name) : NULL;
}

bool session_busy_poll_blocked(struct session *s, const struct snapshot *snap, char *msg, size_t len)
{
	for (int i = 0; i < s->opts.nstacks; i++) {
		const struct stack_sample *k = s->children[i].shm ? phase_stack(s, snap, i) : NULL;

		if (!k || !k->busy_poll_idle || s->busy_poll_reported[i])
			continue;
		s->busy_poll_reported[i] = true;
		snprintf(
		    msg, len,
		    "rxtop: %s: busy polling cannot run on %d of %d queues: their sockets get packets but no "
		    "NAPI id from %s's driver, so each busy-poll call finds nothing to poll (docs/stacks.md)",
		    k->stack, k->busy_poll_idle, k->nqueues, s->opts.ifaces[0]);
		return true;
	}
	return false;
}

bool session_stacks_died(struct session *s)
{
	for (int i = 0; i < s->opts.nstacks; i++) {
		struct stack_child *child = &s->children[i];

		/* The collector may have reaped it already (exited set): report each death once all the same.
		 */
		if (!child->shm || s->death_reported[i] || stack_child_alive(child))
			continue;
		s->death_reported[i] = true;
		if (child->killed_by_signal)
			stack_trouble(s,
				      "stack %s (pid %d) was killed by signal %d (SIG%s); stopping the run",
				      child->ops->name, child->pid, child->signal,
				      sigabbrev_np(child->signal) ? sigabbrev_np(child->signal) : "?");
		else
			stack_trouble(s, "stack %s (pid %d) exited with status %d: %s", child->ops->name,
				      child->pid, child->exit_status, child->shm->message);
		s->stack_failed = true;
		return true;
	}
	return false;
}

/* The phase from its begin mark to its end mark, as the sampler derives one interval, and its loss. */
static void derive_phase(const struct session *s, const struct phase_mark *b, struct phase_mark *e)
{
	/* DPDK's af_packet PMD gets copies: the kernel stack drops the originals (no socket), not a loss. */
	bool tap = !strcmp(e->stack.stack, "dpdk") && !strcmp(s->opts.stack.dpdk_pmd, "af_packet");

	e->seconds = e->mono - b->mono;
	e->phase = e->stack;
	cost_derive_stack(&b->stack, &e->phase, e->seconds);
	/* Its counters too are the phase's own, not since rxtop started. */
	e->phase.rx_packets -= b->stack.rx_packets;
	e->phase.rx_bytes -= b->stack.rx_bytes;
	ledger_loss_between(b->drops, b->ndrops, e->drops, e->ndrops, s->opts.stack.proto == STACK_PROTO_TCP,
			    tap, &e->loss);
}

void session_mark_phase(struct session *s, int i, bool end)
{
	struct phase_mark *mark = end ? &s->phase_end[i] : &s->phase_begin[i];
	struct snapshot *snap;
	const struct stack_sample *stack;

	if (!end && s->begin_marked[i]) {
		s->begin_marked[i] = false; /* session_start_stack took it, before the TCP sender started */
		return;
	}
	snap = calloc(1, sizeof(*snap));

	if (!snap || !s->children[i].shm) {
		free(snap);
		return;
	}
	collector_read(&s->collector, snap);
	stack = phase_stack(s, snap, i);
	if (stack) {
		mark->taken = true;
		mark->mono = snap->mono;
		mark->stack = *stack;
		mark->ndrops = snap->ndrops;
		memcpy(mark->drops, snap->drops, sizeof(mark->drops));
		session_generator_totals(s, &mark->gen_sent, &mark->gen_bytes, &mark->gen_late);
		/* The generator's burstiness over this phase alone. */
		if (!end)
			gen_burst_restart(&s->gen);
		else
			gen_burstiness(&s->gen, &mark->burst);
		if (end && s->phase_begin[i].taken)
			derive_phase(s, &s->phase_begin[i], mark);
	}
	free(snap);
}

void session_phase_ends_at(struct session *s, int i, double mono)
{
	s->phase_end[i].mono = mono;
	if (s->phase_end[i].taken && s->phase_begin[i].taken)
		derive_phase(s, &s->phase_begin[i], &s->phase_end[i]);
}

void session_open_cost_window(struct session *s)
{
	collector_open_cost_window(&s->collector);
}

void session_open_sample_window(struct session *s)
{
	collector_open_sample_window(&s->collector);
}

void session_traffic_stops(struct session *s)
{
	collector_traffic_stops(&s->collector);
}

void session_teardown(struct session *s)
{
	for (int i = 0; i < s->opts.nstacks; i++)
		session_stop_stack(s, i);
	session_stop_generator(s);
	if (s->gen.shared) {
		gen_close(&s->gen);
		s->collector.gen = NULL;
	}
	cost_window_free(&s->collector.costs);
	rx_trace_close(s->collector.trace);
	s->collector.trace = NULL;
	overhead_close(s->collector.overhead);
	xsk_queues_close(s->collector.xsk);
	rx_path_close(s->collector.path);
	s->collector.path = NULL;
	collector_close_dpdk(&s->collector);
	s->collector.overhead = NULL;
	for (int i = 0; i < s->collector.nifaces; i++) {
		collector_detach_xdp(&s->collector, i);
		nic_queues_close(s->collector.ifaces[i].nic);
		s->collector.ifaces[i].nic = NULL;
	}
	if (s->saved_netns >= 0)
		netns_restore(s->saved_netns);
	free(s->last);
	free(s->spare);
	s->last = s->spare = NULL;
}
