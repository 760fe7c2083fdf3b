// SPDX-License-Identifier: GPL-2.0-only
/* Socket setup and worker threads shared by the socket receivers (recvfrom, recvmmsg, epoll). */
#ifndef RXTOP_SOCK_COMMON_H
#define RXTOP_SOCK_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "stack.h"

/* One receiving thread: its queue, its socket and the counters it alone writes. */
struct sock_worker {
	const struct stack_config *cfg;
	struct stack_shm *shm; /* for stack_fail() */
	volatile sig_atomic_t *stop;
	int (*loop)(struct sock_worker *w);
	int index;		 /* into cfg->queues[] and shm->queues[] */
	int fd;			 /* this worker's socket (UDP) or listening socket (TCP) */
	int drops_loss;		 /* index of "socket.rcvbuf_drops" in stats->loss[] */
	int truncated_loss;	 /* index of "socket.truncated" (an event) in stats->loss[] */
	uint32_t drops_at_start; /* the socket's drops before the worker ran (set-up's gate, see steer.h) */
	size_t buffer_len;	 /* bytes per receive buffer (interface MTU, at least 2048) */
	struct stack_queue_stats *stats;
	uint64_t touched;	/* --touch checksum, kept so the reads are not optimised away */
	uint64_t truncated;	/* datagrams longer than the buffer (MSG_TRUNC) */
	uint64_t next_drops_ns; /* when the drop count is read next (SO_MEMINFO, every ~100 ms) */
	int err;		/* the loop's result */
} __attribute__((aligned(64))); /* each worker's state on cache lines of its own */

/* A batch of receive buffers for recvmmsg. */
struct sock_batch {
	int size;
	struct mmsghdr *msgs;
	struct iovec *iov;
	char *data;
};

/* check() of the socket stacks: every queue exists, TCP only when tcp_ok. */
int sock_check(const struct stack_config *cfg, bool tcp_ok, char *why, size_t len);

/*
 * Opens one socket per queue in one SO_REUSEPORT group bound to cfg->ifname, port cfg->port, and
 * steers rx queue cfg->queues[i] to fds[i]. TCP sockets are listening. On failure closes what it
 * opened and returns stack_fail()'s -errno.
 */
int sock_open_group(const struct stack_config *cfg, struct stack_shm *shm, int *fds, bool nonblock);
/* SO_BUSY_POLL, SO_PREFER_BUSY_POLL, SO_BUSY_POLL_BUDGET from cfg; -errno via stack_fail. */
int sock_set_busy_poll(const struct stack_config *cfg, struct stack_shm *shm, int fd);

/*
 * Runs loop in one pinned thread per queue over fds, publishes shm->queue_ids/nqueues and marks
 * the stack RUNNING once every thread started. Returns the first worker's error, else 0.
 */
int sock_run_workers(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop,
		     const int *fds, int (*loop)(struct sock_worker *w));

/*
 * Bytes per receive buffer for one UDP datagram: the interface MTU + 64, at least SOCK_DATAGRAM_BUFFER_MIN,
 * so any datagram that arrives in one frame fits with room to spare.
 */
#define SOCK_DATAGRAM_BUFFER_MIN 2048
size_t sock_datagram_buffer_len(const char *ifname);

int sock_batch_init(struct sock_batch *batch, int size, size_t buffer_len);
void sock_batch_free(struct sock_batch *batch);
/* Counts n received messages of batch: packets, bytes, touch, truncation. */
void sock_batch_account(struct sock_worker *w, struct sock_batch *batch, int n);

/*
 * Counts one receive call that returned packets; now and then also publishes the socket's NAPI id, and about
 * every 100 ms its drop count.
 */
void sock_count_batch(struct sock_worker *w);
/* Counts one datagram of len bytes whose msg_flags say whether it was cut short. */
void sock_count_datagram(struct sock_worker *w, const void *data, size_t len, int msg_flags);
/* Drop count straight from the socket (SO_MEMINFO): every ~100 ms while receiving, when idle, at exit. */
void sock_poll_drops(struct sock_worker *w);

#endif
