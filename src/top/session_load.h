// SPDX-License-Identifier: GPL-2.0-only
/* The probe objects rxtop loads at start, loaded side by side (session_load.c). */
#ifndef RXTOP_SESSION_LOAD_H
#define RXTOP_SESSION_LOAD_H

#include <net/if.h>
#include <pthread.h>
#include <stdbool.h>

#include "options.h"

struct overhead;
struct rx_trace;
struct xsk_queues;

struct session_load {
	pthread_t overhead_thread, trace_thread, xsk_thread;
	bool overhead_started, trace_started, xsk_started;
	bool traced; /* the trace and iterator loads were started (every interface was found) */
	int ifindexes[TOP_MAX_IFACES];
	int nifindexes;
	struct overhead *overhead;
	struct rx_trace *trace;
	struct xsk_queues *xsk;
	char overhead_why[256], trace_why[256], xsk_why[200];
};

/*
 * Starts loading the overhead probes and, when nifaces > 0 and each of ifaces exists (in the namespace
 * entered, which the threads share), the trace probes for them and the AF_XDP socket iterator.
 */
void session_load_start(struct session_load *l, char ifaces[][IF_NAMESIZE], int nifaces);
/* Waits for the overhead probes; NULL (why under RXTOP_DEBUG) when they did not load. Once. */
struct overhead *session_load_overhead(struct session_load *l);
/* Waits for the trace probes and the iterator; each NULL when it did not load or was not started. */
void session_load_finish(struct session_load *l, struct rx_trace **trace, struct xsk_queues **xsk);
/* Waits for every load and closes what it gave: setup failed before taking it. */
void session_load_abandon(struct session_load *l);

#endif
