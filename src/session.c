/* One rxtop session: what it attached and started, so every exit path can undo exactly that. */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "commands.h"
#include "lab.h"
#include "lab_claim.h"
#include "log.h"
#include "netdev_driver.h"
#include "netns.h"
#include "overhead.h"
#include "procfs.h"
#include <linux/types.h>

#include "rx_xdp.h"
#include "session.h"
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

static int start_generator(struct session *s, char *err, size_t len)
{
	struct gen_config cfg;
	int queues = 0, rc;

	gen_config_init(&cfg);
	snprintf(cfg.iface, sizeof(cfg.iface), "%s", LAB_PEER_IFACE);
	snprintf(cfg.netns, sizeof(cfg.netns), "%s", LAB_NETNS);
	cfg.size = (unsigned int)s->opts.gen_size;
	cfg.rate_pps = s->opts.gen_rate;
	cfg.engine = s->opts.gen_engine;
	lab_exists(&queues);
	cfg.flows =
	    s->opts.gen_flows > 0 ? (unsigned int)s->opts.gen_flows : (unsigned int)(queues > 0 ? queues : 1);
	if (lab_iface_mac(cfg.dst_mac) == 0)
		cfg.have_dst_mac = 1;
	rc = gen_start(&cfg, &s->gen);
	if (rc < 0)
		FAIL(-rc, "rxtop: the lab generator did not start: %s", gen_error(&s->gen));
	s->gen_running = true;
	s->collector.gen = &s->gen;
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
		if (stack_find(s->opts.stacks[i])->xdp != STACK_XDP_PASS)
			return s->opts.xdp_mode;
	return XDP_COUNTER_TC;
}

/* AF_XDP sockets per queue, whoever holds them; without the iterator queues[].xsk stays null. */
static void open_xsk_queues(struct session *s)
{
	char why[200];

	s->collector.xsk = xsk_queues_open(why, sizeof(why));
	if (!s->collector.xsk)
		log_debug("AF_XDP sockets per queue unavailable: %s", why);
}

static int attach_counters(struct session *s, char *err, size_t len)
{
	int ifindexes[TOP_MAX_IFACES];

	for (int i = 0; i < s->opts.nifaces; i++) {
		const char *name = s->opts.ifaces[i];
		struct xdp_counter *counter = NULL;
		int ifindex = (int)if_nametoindex(name), rc;

		if (!ifindex)
			FAIL(EXIT_USAGE, "rxtop: no interface '%s' here; check 'ip link'%s", name,
			     s->opts.lab ? "" : " or use --lab for the built-in test bed");
		ifindexes[i] = ifindex;
		rc = xdp_counter_attach(name, s->xdp_verdict, counter_mode_for(s, name), &counter);
		if (rc < 0)
			FAIL(rc == -EBUSY || rc == -EOPNOTSUPP || rc == -EPERM ? EXIT_USAGE : EXIT_RUNTIME,
			     "rxtop: %s", xdp_counter_error());
		collector_add_iface(&s->collector, name, ifindex);
		s->collector.ifaces[s->collector.nifaces - 1].xdp = counter;
	}
	if (rx_trace_open(ifindexes, s->opts.nifaces, &s->collector.trace) < 0) {
		/* Counting at XDP still works; the probes' absence shows in the output. */
		log_debug("trace probes unavailable: %s", rx_trace_error());
		s->collector.trace = NULL;
	}
	open_xsk_queues(s);
	return 0;
}

/* Before any process or stack is added: they are tracked as they come. */
static void open_overhead(struct session *s)
{
	if (overhead_open(&s->collector.overhead) < 0) {
		log_debug("overhead probes unavailable: %s", overhead_error());
		s->collector.overhead = NULL;
	}
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
	for (int i = 0; i < s->opts.nstacks; i++) {
		const struct stack_ops *ops = stack_find(s->opts.stacks[i]);
		struct stack_config stack_cfg;
		char why[200] = "";

		stack_config_for(s, ops, &stack_cfg);
		if (ops->check && ops->check(&stack_cfg, why, sizeof(why)) < 0)
			FAIL(EXIT_USAGE, "rxtop run: %s cannot run here: %s", ops->name, why);
		if (ops->xdp == STACK_XDP_REDIRECT && s->opts.counter_hook == COUNTER_HOOK_TC)
			FAIL(EXIT_USAGE,
			     "rxtop run: %s needs rxtop's XDP program, and --counter tc counts without it; "
			     "drop --counter tc or run %s on its own",
			     ops->name, ops->name);
	}
	return 0;
}

int session_setup(struct session *s, bool run, char *err, size_t len)
{
	int rc;

	s->saved_netns = -1;
	cost_window_init(&s->collector.costs, s->opts.bpf_stats_always);
	s->collector.samples.always = s->opts.event_probes_always;
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
	if (s->opts.nifaces == 0)
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
	open_overhead(s);
	for (int i = 0; i < s->opts.npids; i++)
		if (collector_add_process(&s->collector, s->opts.pids[i]) < 0)
			FAIL(EXIT_USAGE, "rxtop: no process %d; check the pid with 'ps'",
			     (int)s->opts.pids[i]);
	s->xdp_verdict = RX_VERDICT_PASS;
	rc = attach_counters(s, err, len);
	if (rc)
		return rc;
	/* In `run` the generator starts once the first receiver is ready, so no packet arrives to nobody. */
	if (s->opts.lab && !run) {
		rc = start_generator(s, err, len);
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
	return 0;
}

static int set_verdict_for(struct session *s, const struct stack_ops *ops)
{
	struct collector_iface *f = &s->collector.ifaces[0];
	int verdict = ops->xdp == STACK_XDP_REDIRECT ? RX_VERDICT_XSK : RX_VERDICT_PASS;

	if (ops->xdp == STACK_XDP_NONE) {
		collector_detach_xdp(&s->collector, 0);
		return 0;
	}
	if (!f->xdp) {
		struct xdp_counter *counter = NULL;
		int rc = xdp_counter_attach(f->name, verdict, counter_mode_for(s, f->name), &counter);

		if (rc < 0) {
			log_user("rxtop: %s", xdp_counter_error());
			return rc;
		}
		collector_attach_xdp(&s->collector, 0, counter);
		return 0;
	}
	return xdp_counter_set_verdict(f->xdp, verdict);
}

int session_start_stack(struct session *s, int i)
{
	const struct stack_ops *ops = stack_find(s->opts.stacks[i]);
	struct stack_child *child = &s->children[i];
	struct stack_config cfg = s->opts.stack;
	int rc;

	stack_config_for(s, ops, &cfg);
	rc = set_verdict_for(s, ops);
	if (rc < 0)
		return EXIT_RUNTIME;
	cfg.xsks_map_fd =
	    s->collector.ifaces[0].xdp ? xdp_counter_xsks_map_fd(s->collector.ifaces[0].xdp) : -1;
	rc = stack_child_start(ops, &cfg, child);
	if (rc < 0) {
		log_user("rxtop: could not start %s: %s", ops->name, strerror(-rc));
		return EXIT_RUNTIME;
	}
	rc = stack_child_wait_ready(child, 15000);
	if (rc < 0) {
		log_user("rxtop: %s", child->shm->message[0] ? child->shm->message : strerror(-rc));
		stack_child_stop(child, 1000);
		stack_child_release(child);
		return child->exit_status == EXIT_USAGE || rc == -EOPNOTSUPP || rc == -EINVAL ? EXIT_USAGE
											      : EXIT_RUNTIME;
	}
	/* What is live, e.g. whose XDP program sees the packets (afxdp: rxtop's counter; dpdk: the PMD's
	 * own). */
	if (s->opts.batch)
		log_user("rxtop: %s", child->shm->message);
	collector_add_stack(&s->collector, child);
	if (s->opts.lab && !s->collector.gen) {
		char err[256];

		rc = start_generator(s, err, sizeof(err));
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

static const struct stack_sample *find_stack(const struct snapshot *snap, pid_t pid)
{
	for (int i = 0; i < snap->nstacks; i++)
		if (snap->stacks[i].pid == pid)
			return &snap->stacks[i];
	return NULL;
}

bool session_busy_poll_blocked(struct session *s, const struct snapshot *snap, char *msg, size_t len)
{
	for (int i = 0; i < s->opts.nstacks; i++) {
		const struct stack_sample *k =
		    s->children[i].shm ? find_stack(snap, s->children[i].pid) : NULL;

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
			log_user("rxtop: stack %s (pid %d) was killed by signal %d (SIG%s); stopping the run",
				 child->ops->name, child->pid, child->signal,
				 sigabbrev_np(child->signal) ? sigabbrev_np(child->signal) : "?");
		else
			log_user("rxtop: stack %s (pid %d) exited with status %d: %s", child->ops->name,
				 child->pid, child->exit_status, child->shm->message);
		s->stack_failed = true;
		return true;
	}
	return false;
}

void session_mark_phase(struct session *s, int i, bool end)
{
	struct phase_mark *mark = end ? &s->phase_end[i] : &s->phase_begin[i];
	struct snapshot *snap = calloc(1, sizeof(*snap));
	const struct stack_sample *stack;

	if (!snap || !s->children[i].shm) {
		free(snap);
		return;
	}
	collector_read(&s->collector, snap);
	stack = find_stack(snap, s->children[i].pid);
	if (stack) {
		mark->taken = true;
		mark->mono = snap->mono;
		mark->stack = *stack;
		mark->ndrops = snap->ndrops;
		memcpy(mark->drops, snap->drops, sizeof(mark->drops));
	}
	free(snap);
}

static uint64_t drop_count_in(const struct phase_mark *mark, const struct drop_sample *row)
{
	for (int i = 0; i < mark->ndrops; i++)
		if (!strcmp(mark->drops[i].where, row->where) && !strcmp(mark->drops[i].reason, row->reason))
			return mark->drops[i].packets;
	return 0;
}

/* What one phase cost and lost, between its two marks. */
struct phase_result {
	double seconds;
	uint64_t rx, dropped, main_drop;
	const struct drop_sample *main_row; /* the drop row that lost the most, NULL when nothing was lost */
	double user_ns, sys_ns, syscalls, softirq_ns;
	bool have_syscalls, have_softirq;
};

static void phase_result(const struct phase_mark *b, const struct phase_mark *e, bool tap,
			 struct phase_result *r)
{
	memset(r, 0, sizeof(*r));
	r->seconds = e->mono - b->mono;
	r->rx = e->stack.rx_packets - b->stack.rx_packets;
	/* Every ledger row counts, whoever owns it: a kernel drop (socket buffer, no socket) is this phase's
	 * loss. */
	for (int i = 0; i < e->ndrops; i++) {
		const struct drop_sample *row = &e->drops[i];
		uint64_t before = drop_count_in(b, row),
			 n = row->packets > before ? row->packets - before : 0;

		if (row->overlaps || !strcmp(row->where, "gen") || (tap && !strcmp(row->where, "stack")))
			continue;
		r->dropped += n;
		if (n > r->main_drop) {
			r->main_drop = n;
			r->main_row = row;
		}
	}
	r->user_ns = (double)(e->stack.cpu_user_ns - b->stack.cpu_user_ns);
	r->sys_ns = (double)(e->stack.cpu_sys_ns - b->stack.cpu_sys_ns);
	r->have_syscalls = (e->stack.overhead.have & OVERHEAD_HAVE_SYSCALLS) || e->stack.syscalls > 0;
	r->syscalls = (double)(e->stack.syscalls - b->stack.syscalls);
	r->have_softirq = (e->stack.overhead.have & OVERHEAD_HAVE_SOFTIRQ) || e->stack.softirq_ns > 0;
	r->softirq_ns = (double)(e->stack.softirq_ns - b->stack.softirq_ns);
}

/* A per-packet figure, or "-" when its source is missing or no packet arrived. */
static const char *per_packet(bool have, double value, uint64_t packets, const char *fmt, char *buf,
			      size_t len)
{
	if (!have || packets == 0)
		return "-";
	snprintf(buf, len, fmt, value / (double)packets);
	return buf;
}

void session_print_comparison(const struct session *s, FILE *out)
{
	bool header = false;

	if (s->opts.format == OUTPUT_JSON)
		return; /* every interval already carried the stacks; the table is for people */
	for (int i = 0; i < s->opts.nstacks; i++) {
		const struct phase_mark *b = &s->phase_begin[i], *e = &s->phase_end[i];
		char sc[24], cpu[24], sirq[24], drop[96] = "-";
		struct phase_result r;

		if (!b->taken || !e->taken)
			continue; /* the receiver never ran: its failure was reported on stderr */
		/* DPDK's af_packet PMD gets copies: the kernel stack drops the originals (no socket), not a
		 * loss. */
		phase_result(b, e,
			     !strcmp(e->stack.stack, "dpdk") && !strcmp(s->opts.stack.dpdk_pmd, "af_packet"),
			     &r);
		if (r.seconds <= 0)
			continue;
		if (!header) {
			fprintf(out, "\n%-11s %10s %11s %8s %10s %6s %6s %9s %10s %11s  %s\n", "STACK",
				"RX PPS", "RX PACKETS", "LOSS %", "DROPPED", "USR %", "SYS %", "SYSC/PKT",
				"CPU NS/PKT", "SIRQ NS/PKT", "MAIN DROP");
			header = true;
		}
		if (r.main_row)
			snprintf(drop, sizeof(drop), "%s %s", r.main_row->where, r.main_row->reason);
		fprintf(out, "%-11s %10.0f %11llu %7.2f%% %10llu %6.1f %6.1f %9s %10s %11s  %s\n",
			e->stack.stack, r.rx / r.seconds, (unsigned long long)r.rx,
			r.rx + r.dropped ? 100.0 * (double)r.dropped / (double)(r.rx + r.dropped) : 0.0,
			(unsigned long long)r.dropped, r.user_ns / r.seconds / 1e7,
			r.sys_ns / r.seconds / 1e7,
			per_packet(r.have_syscalls, r.syscalls, r.rx, "%.3f", sc, sizeof(sc)),
			per_packet(true, r.user_ns + r.sys_ns, r.rx, "%.0f", cpu, sizeof(cpu)),
			per_packet(r.have_softirq, r.softirq_ns, r.rx, "%.0f", sirq, sizeof(sirq)), drop);
	}
	fflush(out);
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

int session_set_generator(struct session *s, uint64_t rate, int size)
{
	char err[256];
	uint64_t sent = 0;

	if (!s->opts.lab || !s->collector.gen)
		return -EINVAL;
	if (size == s->opts.gen_size && s->gen_running) {
		s->opts.gen_rate = rate;
		return gen_set_rate(&s->gen, rate);
	}
	/* A new frame size needs new frames: restart, carrying what was sent so the ledger goes on. */
	gen_read(&s->gen, &sent, NULL, NULL);
	session_stop_generator(s);
	gen_close(&s->gen);
	s->collector.gen = NULL;
	s->collector.gen_sent_before += sent;
	s->opts.gen_rate = rate;
	s->opts.gen_size = size;
	if (start_generator(s, err, sizeof(err))) {
		log_debug("%s", err);
		return -EIO;
	}
	return 0;
}

int session_start_generator(struct session *s, char *err, size_t len)
{
	return s->opts.lab && !s->collector.gen ? start_generator(s, err, len) : 0;
}

void session_stop_generator(struct session *s)
{
	struct timespec drain = {.tv_nsec = 100 * 1000 * 1000};

	if (!s->gen_running)
		return;
	gen_stop(&s->gen);
	s->gen_running = false;
	/* Frames already handed to the veth are still in its rings: let NAPI finish them. */
	nanosleep(&drain, NULL);
}

void session_teardown(struct session *s)
{
	for (int i = 0; i < s->opts.nstacks; i++)
		session_stop_stack(s, i);
	session_stop_generator(s);
	if (s->collector.gen) {
		gen_close(&s->gen);
		s->collector.gen = NULL;
	}
	cost_window_free(&s->collector.costs);
	rx_trace_close(s->collector.trace);
	s->collector.trace = NULL;
	overhead_close(s->collector.overhead);
	xsk_queues_close(s->collector.xsk);
	s->collector.overhead = NULL;
	for (int i = 0; i < s->collector.nifaces; i++)
		collector_detach_xdp(&s->collector, i);
	if (s->saved_netns >= 0)
		netns_restore(s->saved_netns);
	free(s->last);
	free(s->spare);
	s->last = s->spare = NULL;
}
