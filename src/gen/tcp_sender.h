// SPDX-License-Identifier: GPL-2.0-only
/* TCP bulk sender for `rxtop gen --proto tcp`: several connections, as fast as possible, counting bytes sent.
 */
#ifndef RXTOP_TCP_SENDER_H
#define RXTOP_TCP_SENDER_H

#include <signal.h>
#include <stdint.h>

#define TCP_SENDER_MAX_CONNECTIONS 256

/*
 * Connects `connections` sockets to dst_ip:port and writes to them until duration_s passed or
 * *stop is set, then closes them cleanly after the peer acknowledged everything (at most 5 s).
 * *bytes_sent grows while it runs (relaxed atomic stores) and ends as the exact count the
 * kernel accepted. 0, or -errno of the first failure.
 */
int tcp_sender_run(const char *dst_ip, uint16_t port, int connections, double duration_s,
		   uint64_t *bytes_sent, volatile sig_atomic_t *stop);

/* What the lasting sender publishes while it runs (relaxed atomic stores; any reader, no lock). */
struct tcp_sender_counters {
	_Atomic uint64_t acked;	   /* bytes the receiver acknowledged, over every connection so far */
	_Atomic uint64_t written;  /* bytes the kernel took from the sender */
	_Atomic uint64_t connects; /* connections established */
	_Atomic uint64_t resets;   /* connections that ended under the sender (reset, refused, closed) */
	_Atomic uint64_t open;	   /* connections established now */
};

/*
 * A sender that outlives its receivers: keeps `connections` connections to dst:port (distinct source ports,
 * so RSS spreads them), writes as fast as they take it, and reconnects every 20 ms a connection that failed
 * or was reset (a receiver that stopped, the next not yet listening). On *stop: stops writing, half-closes
 * and waits up to 2 s until the receiver acknowledged everything, so acked is final and exact. 0, or -errno.
 */
int tcp_sender_serve(const char *dst_ip, uint16_t port, int connections, const _Atomic int *stop,
		     struct tcp_sender_counters *out);

#endif
