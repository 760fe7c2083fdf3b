// SPDX-License-Identifier: GPL-2.0-only
/* The probe objects rxtop loads at start (overhead, trace, AF_XDP iterator), each on its own thread. */
#include <net/if.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "btf_enum.h"
#include "log.h"
#include "overhead.h"
#include "session_load.h"
#include "trace.h"
#include "xsk_queues.h"

/*
 * Why threads: each object's load is the kernel's verifier plus libbpf parsing the kernel's BTF again (libbpf
 * 1.1 cannot be handed a parsed copy), tens of milliseconds of one CPU each, and no object depends on
 * another. Loaded one after the other they made most of the time to the first sample; side by side, with the
 * counter attached on the main thread meanwhile, they take about the longest one's time on two CPUs.
 * Shared state they touch: libbpf's print callback (set before), btf_kernel() (parsed before the threads
 * start; read-only after), tracefs_get (locked), log_debug (one locked line).
 */

static void *load_overhead(void *arg)
{
	struct session_load *l = arg;

	pthread_setname_np(pthread_self(), "rxtop-overhead"); /* in ps and perf, while it loads */

	if (overhead_open(&l->overhead, l->overhead_why, sizeof(l->overhead_why)) < 0)
		l->overhead = NULL;
	log_debug("start: overhead probes loaded");
	return NULL;
}

static void *load_trace(void *arg)
{
	struct session_load *l = arg;

	pthread_setname_np(pthread_self(), "rxtop-trace"); /* in ps and perf, while it loads */

	if (rx_trace_open(l->ifindexes, l->nifindexes, &l->trace, l->trace_why, sizeof(l->trace_why)) < 0)
		l->trace = NULL;
	log_debug("start: trace probes loaded");
	return NULL;
}

static void *load_xsk(void *arg)
{
	struct session_load *l = arg;

	pthread_setname_np(pthread_self(), "rxtop-xsk"); /* in ps and perf, while it loads */

	l->xsk = xsk_queues_open(l->xsk_why, sizeof(l->xsk_why));
	log_debug("start: AF_XDP socket iterator loaded");
	return NULL;
}

/* Runs fn on a thread, or here when no thread can be made (it is then simply not in parallel). */
static void start_one(pthread_t *thread, bool *started, void *(*fn)(void *), struct session_load *l)
{
	*started = pthread_create(thread, NULL, fn, l) == 0;
	if (!*started)
		fn(l);
}

static void join_one(pthread_t thread, bool *started)
{
	if (*started)
		pthread_join(thread, NULL);
	*started = false;
}

void session_load_start(struct session_load *l, char ifaces[][IF_NAMESIZE], int nifaces)
{
	memset(l, 0, sizeof(*l));
	log_debug("start: loading the probes");
	/* An interface that is not there fails the counters' attach as bad input: no trace for it. A DPDK
	 * process watched through its telemetry only has no interface to trace. */
	l->traced = nifaces > 0;
	for (int i = 0; i < nifaces && l->traced; i++) {
		l->ifindexes[i] = (int)if_nametoindex(ifaces[i]);
		l->traced = l->ifindexes[i] != 0;
	}
	l->nifindexes = l->traced ? nifaces : 0;
	/* The iterator needs nothing of rxtop's BTF: it starts while that is parsed. */
	if (l->traced)
		start_one(&l->xsk_thread, &l->xsk_started, load_xsk, l);
	/* Parsed once here, before the threads that read it start (its lazy parse is not locked). */
	btf_kernel();
	if (l->traced)
		start_one(&l->trace_thread, &l->trace_started, load_trace, l);
	start_one(&l->overhead_thread, &l->overhead_started, load_overhead, l);
}

struct overhead *session_load_overhead(struct session_load *l)
{
	struct overhead *o;

	join_one(l->overhead_thread, &l->overhead_started);
	o = l->overhead;
	l->overhead = NULL;
	if (!o && l->overhead_why[0])
		log_debug("overhead probes unavailable: %s", l->overhead_why);
	l->overhead_why[0] = '\0';
	return o;
}

void session_load_finish(struct session_load *l, struct rx_trace **trace, struct xsk_queues **xsk)
{
	join_one(l->trace_thread, &l->trace_started);
	join_one(l->xsk_thread, &l->xsk_started);
	if (l->traced && !l->trace)
		/* Counting at XDP still works; the probes' absence shows in the output. */
		log_debug("trace probes unavailable: %s", l->trace_why);
	if (l->traced && !l->xsk)
		log_debug("AF_XDP sockets per queue unavailable: %s", l->xsk_why);
	*trace = l->trace;
	*xsk = l->xsk;
	l->trace = NULL;
	l->xsk = NULL;
	l->traced = false;
}

void session_load_abandon(struct session_load *l)
{
	struct rx_trace *trace;
	struct xsk_queues *xsk;

	overhead_close(session_load_overhead(l));
	session_load_finish(l, &trace, &xsk);
	rx_trace_close(trace);
	xsk_queues_close(xsk);
}
