// SPDX-License-Identifier: GPL-2.0-only
/* rxtop doctor's findings: each rule reads the facts only, and says what it saw, why it costs, and the fix.
 */
#include <linux/if_link.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cost.h"
#include "doctor.h"
#include "netdev_genl.h"
#include "rx_path.h"
#include "xdp.h"

struct findings {
	struct doctor_finding *out;
	int max, n;
};

__attribute__((format(printf, 4, 5))) static struct doctor_finding *
add(struct findings *fs, const char *id, enum doctor_severity severity, const char *fmt, ...)
{
	struct doctor_finding *x;
	va_list ap;

	if (fs->n >= fs->max)
		return NULL;
	x = &fs->out[fs->n++];
	memset(x, 0, sizeof(*x));
	x->id = id;
	x->severity = severity;
	va_start(ap, fmt);
	vsnprintf(x->summary, sizeof(x->summary), fmt, ap);
	va_end(ap);
	return x;
}

#define EVIDENCE(x, ...) snprintf((x)->evidence, sizeof((x)->evidence), __VA_ARGS__)
#define FIX(x, ...) snprintf((x)->fix, sizeof((x)->fix), __VA_ARGS__)

static const char *driver_of(const struct doctor_facts *f)
{
	return f->driver[0] ? f->driver : "its driver";
}

static void check_program(const struct doctor_facts *f, struct findings *fs)
{
	struct doctor_finding *x;
	bool native_ok = f->have_features && (f->xdp_features & NETDEV_XDP_ACT_BASIC_);

	if (!f->xdp_prog_id) {
		/* A problem for an AF_XDP receiver; a socket receiver (no AF_XDP socket, no -p) needs none.
		 */
		x = add(fs, "xdp_no_program", f->nsockets || f->npids ? DOCTOR_PROBLEM : DOCTOR_INFO,
			"no XDP program on %s: no frame can reach an AF_XDP socket", f->ifname);
		if (x) {
			EVIDENCE(x, "rtnetlink IFLA_XDP of %s: no program attached", f->ifname);
			FIX(x, "load a program that redirects to an XSKMAP (libxdp's xsk_socket__create "
			       "loads one "
			       "unless told not to)");
		}
		return;
	}
	if (f->xdp_mode != XDP_ATTACHED_SKB)
		return;
	x = add(
	    fs, "xdp_generic_mode", DOCTOR_PROBLEM,
	    "the XDP program on %s runs in generic mode: every frame is an skb first, and AF_XDP copies it",
	    f->ifname);
	if (!x)
		return;
	EVIDENCE(x, "rtnetlink IFLA_XDP of %s: program id %u, mode %s; %s declares native XDP: %s", f->ifname,
		 f->xdp_prog_id, xdp_attach_mode_name(f->xdp_mode), driver_of(f),
		 !f->have_features ? "unknown (no netdev netlink)"
		 : native_ok	   ? "yes"
				   : "no");
	if (native_ok || !f->have_features)
		FIX(x, "attach in native mode (XDP_FLAGS_DRV_MODE; libxdp XDP_MODE_NATIVE; rxtop run afxdp "
		       "--xdp-mode native)");
	else
		FIX(x, "%s has no native XDP: use a NIC whose driver has it for AF_XDP speed", driver_of(f));
}

/* Appends "ino (queue q)" to list. */
static void list_socket(char *list, size_t len, const struct doctor_socket *s)
{
	size_t used = strlen(list);

	if (used + 1 < len)
		snprintf(list + used, len - used, "%s%llu (queue %u)", used ? ", " : "",
			 (unsigned long long)s->info.ino, s->info.queue);
}

/* One finding for all the interface's sockets bound in copy mode. */
static void check_copy_mode(const struct doctor_facts *f, struct findings *fs)
{
	bool zc_ok = f->have_features && (f->xdp_features & NETDEV_XDP_ACT_XSK_ZEROCOPY_);
	char list[200] = "";
	struct doctor_finding *x;
	int copy = 0;

	for (int i = 0; i < f->nsockets; i++) {
		if (f->sockets[i].info.bound && !f->sockets[i].info.zerocopy) {
			list_socket(list, sizeof(list), &f->sockets[i]);
			copy++;
		}
	}
	if (!copy)
		return;
	if (zc_ok)
		x = add(
		    fs, "xsk_copy_mode", DOCTOR_WARNING,
		    "%d of %d sockets run in copy mode although %s supports zero-copy: every frame is copied "
		    "into the umem",
		    copy, f->nsockets, driver_of(f));
	else
		x = add(fs, "xsk_copy_mode", DOCTOR_INFO,
			"%d of %d sockets run in copy mode; %s %s AF_XDP zero-copy, so copy mode is the "
			"ceiling here",
			copy, f->nsockets, driver_of(f), f->have_features ? "has no" : "may lack");
	if (!x)
		return;
	EVIDENCE(x, "bound without zero-copy (struct xdp_sock zc 0): sockets %s; xdp-features of %s: %s",
		 list, f->ifname,
		 !f->have_features ? "unknown"
		 : zc_ok	   ? "xsk-zerocopy"
				   : "no xsk-zerocopy");
	if (zc_ok)
		FIX(x, "bind with XDP_ZEROCOPY (xsk_socket_config.bind_flags; rxtop run afxdp --zerocopy)");
	else
		FIX(x, "for zero-copy, a NIC whose driver declares it (netdev netlink xdp-features "
		       "xsk-zerocopy)");
}

/* How the socket was bound: need_wakeup, and room for a whole frame in one chunk. */
static void check_bind_flags(const struct doctor_facts *f, const struct doctor_socket *s, struct findings *fs)
{
	const struct xsk_info *i = &s->info;
	long need = f->mtu + 14; /* + Ethernet header */
	struct doctor_finding *x;

	if (!i->bound)
		return;
	if (!i->need_wakeup &&
	    (x = add(
		 fs, "xsk_need_wakeup_off", DOCTOR_WARNING,
		 "socket %llu (queue %u) is bound without XDP_USE_NEED_WAKEUP: the driver must keep polling "
		 "the queue by itself even when there is nothing to do, and cannot ask the application for a "
		 "wakeup instead",
		 (unsigned long long)i->ino, i->queue))) {
		EVIDENCE(x, "the socket's buffer pool: uses_need_wakeup 0");
		FIX(x, "bind with XDP_USE_NEED_WAKEUP (libxdp's default) and kick (recvfrom/poll) only when "
		       "xsk_ring_prod__needs_wakeup says so; without it no kick is needed at all, so do not "
		       "add a syscall per empty poll");
	}
	if (i->frame_len && !i->multi_buffer && f->mtu > 0 && (long)i->frame_len < need &&
	    (x = add(
		 fs, "xsk_frame_too_small", DOCTOR_PROBLEM,
		 "socket %llu (queue %u): a umem chunk holds frames of %u bytes, %s's MTU allows %ld: longer "
		 "frames are dropped",
		 (unsigned long long)i->ino, i->queue, i->frame_len, f->ifname, need))) {
		EVIDENCE(x,
			 "chunk %u - headroom %u - 256 (XDP_PACKET_HEADROOM) = %u; /sys/class/net/%s/mtu %ld "
			 "+ 14; not "
			 "bound with XDP_USE_SG",
			 i->chunk_size, i->headroom, i->frame_len, f->ifname, f->mtu);
		FIX(x, "a bigger chunk (4096: rxtop run afxdp --frame-size 4096), XDP_USE_SG for "
		       "multi-buffer frames, "
		       "or a smaller MTU");
	}
}

/* The process holding s, as doctor found it (NULL when it was not among the holders). */
static const struct doctor_proc *holder_of(const struct doctor_facts *f, const struct doctor_socket *s)
{
	for (int i = 0; i < f->nprocs; i++)
		if (f->procs[i].pid == (int)s->info.pid)
			return &f->procs[i];
	return NULL;
}

/*
 * A share of the window a receiving thread runs, above which an overflowing rx ring is its capacity, not a
 * flaw: it spent its CPU and the sender is faster. Below it the thread slept or was held off while frames
 * were lost, which a setting can fix.
 */
#define SATURATED_RUN_SHARE 0.9
/* Below this many rx ring entries a full ring may be the ring's size, not the receiver's capacity. */
#define SATURATION_MIN_RING 1024
/* Runnable but off a CPU for this share of the window: the thread shares its core with other work. */
#define HELD_OFF_WAIT_SHARE 0.25

static void check_ring_full(const struct doctor_facts *f, const struct doctor_socket *s, struct findings *fs)
{
	const struct xsk_counts *d = &s->window;
	const struct doctor_proc *p = holder_of(f, s);
	struct doctor_finding *x;

	if (!d->rx_ring_full)
		return;
	if (p && p->timed && p->busiest_run >= SATURATED_RUN_SHARE &&
	    s->info.rx_ring >= SATURATION_MIN_RING) {
		if ((x = add(fs, "xsk_rx_saturated", DOCTOR_WARNING,
			     "socket %llu (queue %u): %llu frames dropped in %.1f s on a full rx ring while "
			     "its receiver's busiest thread ran %.0f %% of the time: the receiver is at its "
			     "capacity, the sender is faster",
			     (unsigned long long)s->info.ino, s->info.queue,
			     (unsigned long long)d->rx_ring_full, f->window_s, 100 * p->busiest_run))) {
			EVIDENCE(
			    x,
			    "XDP_STATISTICS rx_ring_full +%llu; rx ring %u entries; "
			    "/proc/%d/task/%d/schedstat: on a CPU %.0f %%, waiting for one %.0f %% of the "
			    "window",
			    (unsigned long long)d->rx_ring_full, s->info.rx_ring, p->pid, p->busiest_tid,
			    100 * p->busiest_run, 100 * p->busiest_wait);
			FIX(x,
			    "spread the traffic over more queues, each with a receiving thread on a core of "
			    "its own; or do less work per frame");
		}
		return;
	}
	if (p && p->timed && p->busiest_wait >= HELD_OFF_WAIT_SHARE)
		x = add(fs, "xsk_rx_ring_full", DOCTOR_PROBLEM,
			"socket %llu (queue %u): %llu frames dropped in %.1f s because its rx ring was full, "
			"while "
			"its receiver's busiest thread waited %.0f %% of the time for a CPU: other work "
			"holds its "
			"core",
			(unsigned long long)s->info.ino, s->info.queue, (unsigned long long)d->rx_ring_full,
			f->window_s, 100 * p->busiest_wait);
	else
		x = add(
		    fs, "xsk_rx_ring_full", DOCTOR_PROBLEM,
		    "socket %llu (queue %u): %llu frames dropped in %.1f s because its rx ring was full: the "
		    "application drains it too slowly",
		    (unsigned long long)s->info.ino, s->info.queue, (unsigned long long)d->rx_ring_full,
		    f->window_s);
	if (!x)
		return;
	if (p && p->timed)
		EVIDENCE(x,
			 "XDP_STATISTICS rx_ring_full +%llu; rx ring %u entries; its busiest thread "
			 "(/proc/%d/task/%d/schedstat) was on a CPU %.0f %% of the window and waited for one "
			 "%.0f %%",
			 (unsigned long long)d->rx_ring_full, s->info.rx_ring, p->pid, p->busiest_tid,
			 100 * p->busiest_run, 100 * p->busiest_wait);
	else
		EVIDENCE(x, "XDP_STATISTICS rx_ring_full +%llu; rx ring %u entries",
			 (unsigned long long)d->rx_ring_full, s->info.rx_ring);
	FIX(x,
	    "give the receiving thread a core of its own (not the queue's interrupt core, not the sender's), "
	    "consume in bigger batches, enlarge the rx ring, or busy-poll");
}

static void check_drops(const struct doctor_facts *f, const struct doctor_socket *s, struct findings *fs)
{
	const struct xsk_counts *d = &s->window;
	struct doctor_finding *x;

	check_ring_full(f, s, fs);
	if (d->fill_ring_empty &&
	    (x = add(fs, "xsk_fill_ring_empty", DOCTOR_PROBLEM,
		     "socket %llu (queue %u): the kernel found the fill ring empty %llu times in "
		     "%.1f s: frames arrived with no buffer to put them in",
		     (unsigned long long)s->info.ino, s->info.queue, (unsigned long long)d->fill_ring_empty,
		     f->window_s))) {
		EVIDENCE(x, "XDP_STATISTICS rx_fill_ring_empty_descs +%llu; fill ring %u entries, rx ring %u",
			 (unsigned long long)d->fill_ring_empty, s->info.fill_ring, s->info.rx_ring);
		FIX(x,
		    "return buffers to the fill ring right after consuming them, and size the fill ring and "
		    "the umem at least twice the rx ring");
	}
	if (d->rx_invalid && (x = add(fs, "xsk_rx_invalid", DOCTOR_WARNING,
				      "socket %llu (queue %u): %llu invalid rx descriptors in %.1f s",
				      (unsigned long long)s->info.ino, s->info.queue,
				      (unsigned long long)d->rx_invalid, f->window_s))) {
		EVIDENCE(x, "XDP_STATISTICS rx_invalid_descs +%llu", (unsigned long long)d->rx_invalid);
		FIX(x, "the application puts addresses outside its umem (or misaligned) on the fill ring");
	}
}

/* Is s the first of f's sockets its process holds? Per-process findings are made there once. */
static bool first_of_process(const struct doctor_facts *f, const struct doctor_socket *s)
{
	for (const struct doctor_socket *t = f->sockets; t < s; t++)
		if (t->info.pid == s->info.pid)
			return false;
	return true;
}

static void check_busy_poll(const struct doctor_facts *f, const struct doctor_socket *s, struct findings *fs)
{
	int busy_us = (int)s->info.busy_poll_us, prefer = (int)s->info.prefer_busy_poll,
	    pid = (int)s->info.pid;
	unsigned long long ino = s->info.ino, packets = s->window.rx_packets;
	struct doctor_finding *x;

	/* No packet yet: no NAPI id yet either, nothing to conclude. */
	if (busy_us > 0 && s->info.napi_id == 0 && packets &&
	    (x = add(fs, "busy_poll_no_napi_id", DOCTOR_PROBLEM,
		     "%s[%d] busy-polls socket %llu (queue %u), but the socket has no NAPI id: busy polling "
		     "cannot run, "
		     "each wakeup is a syscall kick",
		     s->comm, pid, ino, s->info.queue))) {
		EVIDENCE(x,
			 "SO_BUSY_POLL %d us; SO_INCOMING_NAPI_ID 0 after %llu frames in %.1f s; driver %s",
			 busy_us, packets, f->window_s, driver_of(f));
		FIX(x,
		    "%s%s delivers to this socket without a NAPI id: busy polling needs native XDP on a "
		    "driver whose "
		    "NAPI delivers to the socket (a NIC; veth gives AF_XDP sockets none); until then "
		    "SO_BUSY_POLL "
		    "only spins",
		    driver_of(f), f->xdp_mode == XDP_ATTACHED_SKB ? " in generic XDP mode" : "");
	}
	if (!first_of_process(f, s))
		return;
	if (prefer > 0 && (f->defer_hard_irqs <= 0 || f->gro_flush_timeout_ns <= 0) &&
	    (x = add(fs, "busy_poll_no_deferral", DOCTOR_WARNING,
		     "%s[%d] prefers busy polling, but %s does not defer its interrupts: the softirq keeps "
		     "taking the "
		     "packets",
		     s->comm, pid, f->ifname))) {
		EVIDENCE(x,
			 "SO_PREFER_BUSY_POLL 1; /sys/class/net/%s: napi_defer_hard_irqs %ld, "
			 "gro_flush_timeout %ld ns",
			 f->ifname, f->defer_hard_irqs, f->gro_flush_timeout_ns);
		FIX(x,
		    "echo 2 > /sys/class/net/%s/napi_defer_hard_irqs; echo 200000 > "
		    "/sys/class/net/%s/gro_flush_timeout",
		    f->ifname, f->ifname);
	}
	if (busy_us <= 0 && prefer <= 0 &&
	    (x = add(
		 fs, "busy_poll_off", DOCTOR_INFO,
		 "%s[%d] does not busy-poll: the softirq fills its rings, and it pays a syscall (wakeup kick "
		 "or poll) per batch",
		 s->comm, pid))) {
		EVIDENCE(x, "socket %llu (queue %u): SO_BUSY_POLL %d, SO_PREFER_BUSY_POLL %d", ino,
			 s->info.queue, busy_us, prefer);
		FIX(x, "for the lowest cost per packet: SO_PREFER_BUSY_POLL 1, SO_BUSY_POLL 20, "
		       "SO_BUSY_POLL_BUDGET "
		       "64, and napi_defer_hard_irqs/gro_flush_timeout on the interface (rxtop run afxdp "
		       "--busy-poll "
		       "shows the effect)");
	}
}

/*
 * A receiver that batches pays one syscall (a wakeup kick, a poll) per batch at most, and with need_wakeup
 * often none: more than one per 8 frames is worth a look. Under 100 frames the ratio says little.
 */
static void check_syscalls(const struct doctor_facts *f, const struct doctor_proc *p, struct findings *fs)
{
	char top[96] = "";
	struct doctor_finding *x;

	if (!p->measured || p->frames < 100 || p->syscalls * 8 <= p->frames)
		return;
	for (int i = 0; i < p->ntop; i++) {
		size_t used = strlen(top);

		snprintf(top + used, sizeof(top) - used, "%s%s %llu", i ? ", " : "", p->top[i].name,
			 (unsigned long long)p->top[i].count);
	}
	x = add(fs, "xsk_syscalls_per_frame", DOCTOR_WARNING,
		"%s[%d] made %llu syscalls for %llu frames in %.1f s, %.2f per frame: it does not batch its "
		"wakeups",
		p->comm, p->pid, (unsigned long long)p->syscalls, (unsigned long long)p->frames, f->window_s,
		cost_per_unit(0, p->syscalls, 0, p->frames));
	if (!x)
		return;
	EVIDENCE(x,
		 "raw_syscalls:sys_enter of its threads: %s; %llu voluntary context switches; frames: its "
		 "sockets' rx "
		 "ring producer",
		 top[0] ? top : "-", (unsigned long long)p->switches_voluntary);
	FIX(x, "consume whole batches before kicking; with need_wakeup kick only when "
	       "xsk_ring_prod__needs_wakeup "
	       "says so; busy polling only pays where the socket has a NAPI id (see busy_poll_no_napi_id)");
}

static void check_queues(const struct doctor_facts *f, struct findings *fs)
{
	char list[160] = "";
	unsigned int covered = 0;
	struct doctor_finding *x;

	for (unsigned int q = 0; q < f->rx_queues && q < 1024; q++) {
		for (int i = 0; i < f->nsockets; i++) {
			if (f->sockets[i].info.queue == q) {
				size_t used = strlen(list);

				snprintf(list + used, sizeof(list) - used, "%s%u", covered ? "," : "", q);
				covered++;
				break;
			}
		}
	}
	if (!f->nsockets || covered >= f->rx_queues)
		return;
	x = add(
	    fs, "xsk_queues_uncovered", DOCTOR_INFO,
	    "%s has %u rx queues, AF_XDP sockets on %u of them (%s): frames on the others never reach them",
	    f->ifname, f->rx_queues, covered, list);
	if (x) {
		EVIDENCE(x, "/sys/class/net/%s/queues: %u rx queues; the sockets' bound queue ids: %s",
			 f->ifname, f->rx_queues, list);
		FIX(x,
		    "steer the flows to those queues (ethtool -N %s flow-type udp4 ... action Q), shrink the "
		    "channels to match (ethtool -L %s combined N), or open a socket per queue",
		    f->ifname, f->ifname);
	}
}

/* What of the queue's path runs on cpu: "IRQ 42", "its napi/ thread 1234", "its NET_RX softirq". */
static const char *path_user(const struct rx_path *p, int cpu, char *buf, size_t len)
{
	if (snap_cpus_has(&p->irq_cpus, cpu))
		snprintf(buf, len, "IRQ %d", p->irq);
	else if (p->napi_thread && cpu == p->napi_thread_cpu)
		snprintf(buf, len, "NAPI thread %d", (int)p->napi_thread);
	else
		snprintf(buf, len, "NET_RX softirq");
	return buf;
}

/* A receiving thread on the CPU where its queue's interrupt, softirq or NAPI thread runs: they take turns. */
static void check_path(const struct doctor_facts *f, const struct doctor_path *dp, struct findings *fs)
{
	const struct rx_path *p = &dp->path;
	struct doctor_finding *x;
	char what[48];

	for (int i = 0; i < p->nreceivers; i++) {
		const struct rx_receiver *r = &p->receivers[i];
		/* The host-wide NET_RX count cannot say it was this queue's softirq: a hint only. */
		bool host_wide = !strcmp(p->softirq_source, "net_rx") &&
				 !snap_cpus_has(&p->irq_cpus, r->cpu) &&
				 !(p->napi_thread && r->cpu == p->napi_thread_cpu);

		if (!snap_cpus_has(&p->shared, r->cpu))
			continue;
		x = add(
		    fs, "receive_path_shared_cpu", host_wide ? DOCTOR_INFO : DOCTOR_WARNING,
		    "thread %d (%s, pid %d) receiving from %s queue %d runs on CPU %d, where the queue's %s "
		    "runs: they take turns on one core",
		    (int)r->tid, r->comm, (int)r->pid, f->ifname, dp->queue, r->cpu,
		    path_user(p, r->cpu, what, sizeof(what)));
		if (!x)
			return;
		EVIDENCE(
		    x,
		    "/proc/%d/task/%d/stat: last CPU %d; queue %d: IRQ %d, NAPI thread %d on CPU %d, softirq "
		    "CPUs from %s over %.1f s%s%s",
		    (int)r->pid, (int)r->tid, r->cpu, dp->queue, p->irq, (int)p->napi_thread,
		    p->napi_thread_cpu, p->softirq_source[0] ? p->softirq_source : "nothing", f->window_s,
		    p->note[0] ? "; " : "", p->note);
		if (p->irq >= 0)
			FIX(x,
			    "move the receiver (taskset -pc CPUS %d) or the interrupt (echo CPUS > "
			    "/proc/irq/%d/smp_affinity_list) to other CPUs",
			    (int)r->tid, p->irq);
		else if (p->napi_thread)
			FIX(x,
			    "move the receiver (taskset -pc CPUS %d) or the NAPI thread (taskset -pc CPUS "
			    "%d) "
			    "to other CPUs",
			    (int)r->tid, (int)p->napi_thread);
		else
			FIX(x,
			    "move the receiver (taskset -pc CPUS %d) away from the CPUs its packets' softirq "
			    "runs on (on veth: the sender's)",
			    (int)r->tid);
		return; /* one finding per queue */
	}
}

int doctor_findings(const struct doctor_facts *f, struct doctor_finding *out, int max)
{
	struct findings fs = {.out = out, .max = max};
	struct doctor_finding tmp;

	check_program(f, &fs);
	if (!f->nsockets) {
		struct doctor_finding *x = add(&fs, "xsk_none", f->npids ? DOCTOR_PROBLEM : DOCTOR_INFO,
					       "no AF_XDP socket is bound to %s%s", f->ifname,
					       f->npids ? " by the given processes" : "");

		if (x) {
			EVIDENCE(x, "no process holds an AF_XDP socket bound to ifindex %d", f->ifindex);
			FIX(x,
			    "check the interface and queue the application binds to (rxtop doctor -i %s "
			    "without -p "
			    "lists every socket on it)",
			    f->ifname);
		}
	}
	for (int i = 0; i < f->nsockets; i++) {
		check_drops(f, &f->sockets[i], &fs);
		check_bind_flags(f, &f->sockets[i], &fs);
		check_busy_poll(f, &f->sockets[i], &fs);
	}
	check_copy_mode(f, &fs);
	for (int i = 0; i < f->nprocs; i++)
		check_syscalls(f, &f->procs[i], &fs);
	check_queues(f, &fs);
	for (int i = 0; i < f->npaths; i++)
		check_path(f, &f->paths[i], &fs);
	/* Worst first, in the order found within a severity (insertion sort: stable). */
	for (int i = 1; i < fs.n; i++)
		for (int j = i; j > 0 && out[j].severity < out[j - 1].severity; j--) {
			tmp = out[j];
			out[j] = out[j - 1];
			out[j - 1] = tmp;
		}
	return fs.n;
}

const char *doctor_severity_name(enum doctor_severity s)
{
	return s == DOCTOR_PROBLEM ? "problem" : s == DOCTOR_WARNING ? "warning" : "info";
}
