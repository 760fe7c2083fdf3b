// SPDX-License-Identifier: GPL-2.0-only
/* TCP bulk sender for `rxtop gen --proto tcp`: several connections, as fast as possible, counting bytes sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "tcp_sender.h"

#define CHUNK (64 * 1024)
#define CONNECT_TIMEOUT_MS 3000
#define DRAIN_TIMEOUT_MS 5000

/* Starts every connect at once, then waits for all of them to finish. */
static int connect_all(const struct sockaddr_in *dst, struct pollfd *fds, int n)
{
	double deadline = monotonic_seconds() + CONNECT_TIMEOUT_MS / 1000.0;
	int pending = n;

	for (int i = 0; i < n; i++) {
		fds[i].fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		fds[i].events = POLLOUT;
		if (fds[i].fd < 0)
			return -errno;
		if (connect(fds[i].fd, (const struct sockaddr *)dst, sizeof(*dst)) < 0 &&
		    errno != EINPROGRESS)
			return -errno;
	}
	while (pending > 0) {
		int left_ms = (int)((deadline - monotonic_seconds()) * 1000);

		if (left_ms <= 0)
			return -ETIMEDOUT;
		if (poll(fds, n, left_ms) < 0 && errno != EINTR)
			return -errno;
		pending = 0;
		for (int i = 0; i < n; i++) {
			int err = 0;
			socklen_t len = sizeof(err);

			if (!fds[i].revents) {
				pending++;
				continue;
			}
			if (getsockopt(fds[i].fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err)
				return err ? -err : -errno;
		}
	}
	return 0;
}

/* Writes to one connection until its send buffer is full, adding what the kernel took to *wrote; 0 or -errno.
 */
static int fill(int fd, uint64_t *wrote)
{
	static const char chunk[CHUNK];

	for (;;) {
		ssize_t n = send(fd, chunk, sizeof(chunk), MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0) {
			*wrote += (uint64_t)n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		return n < 0 ? -errno : -EPIPE;
	}
}

/* After shutdown(SHUT_WR), waits until every byte was acknowledged (SIOCOUTQ reaches 0). */
static void drain(struct pollfd *fds, int n)
{
	struct timespec tick = {.tv_nsec = 10 * 1000 * 1000};

	for (int i = 0; i < n; i++)
		shutdown(fds[i].fd, SHUT_WR);
	for (int waited = 0; waited < DRAIN_TIMEOUT_MS; waited += 10) {
		int unacked = 0;

		for (int i = 0; i < n; i++) {
			int queued = 0;

			if (ioctl(fds[i].fd, SIOCOUTQ, &queued) == 0)
				unacked += queued;
		}
		if (!unacked)
			return;
		nanosleep(&tick, NULL);
	}
}

int tcp_sender_run(const char *dst_ip, uint16_t port, int connections, double duration_s,
		   uint64_t *bytes_sent, volatile sig_atomic_t *stop)
{
	struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(port)};
	struct pollfd fds[TCP_SENDER_MAX_CONNECTIONS];
	double deadline;
	uint64_t sent = 0;
	int err;

	__atomic_store_n(bytes_sent, 0, __ATOMIC_RELAXED);
	if (connections < 1 || connections > TCP_SENDER_MAX_CONNECTIONS ||
	    inet_pton(AF_INET, dst_ip, &dst.sin_addr) != 1)
		return -EINVAL;
	for (int i = 0; i < connections; i++)
		fds[i].fd = -1;
	err = connect_all(&dst, fds, connections);
	deadline = monotonic_seconds() + duration_s;
	while (!err && !*stop && monotonic_seconds() < deadline) {
		int ready = poll(fds, connections, 100);

		if (ready < 0 && errno != EINTR)
			err = -errno;
		for (int i = 0; ready > 0 && i < connections && !err; i++)
			if (fds[i].revents)
				err = fill(fds[i].fd, &sent);
		__atomic_store_n(bytes_sent, sent, __ATOMIC_RELAXED);
	}
	if (!err)
		drain(fds, connections);
	for (int i = 0; i < connections; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	return err;
}

/* ---- the lasting sender ---- */

#define RECONNECT_NS 20000000ull
#define SERVE_DRAIN_MS 2000

enum slot_state { SLOT_IDLE, SLOT_CONNECTING, SLOT_CONNECTED };

struct slot {
	enum slot_state state;
	uint64_t written; /* on this connection */
	double retry_at;
};

/* Bytes of this connection the peer acknowledged: written less what is still queued (SIOCOUTQ also works
 * after a reset: write_seq - snd_una). */
static uint64_t acked_of(int fd, uint64_t written)
{
	int queued = 0;

	if (ioctl(fd, SIOCOUTQ, &queued) < 0 || queued < 0)
		return 0;
	return (uint64_t)queued < written ? written - (uint64_t)queued : 0;
}

static void retire(struct pollfd *p, struct slot *sl, uint64_t *acked_closed, struct tcp_sender_counters *out)
{
	if (sl->state == SLOT_CONNECTED) {
		*acked_closed += acked_of(p->fd, sl->written);
		atomic_fetch_sub_explicit(&out->open, 1, memory_order_relaxed);
		atomic_fetch_add_explicit(&out->resets, 1, memory_order_relaxed);
	}
	close(p->fd);
	p->fd = -1;
	p->events = 0;
	sl->state = SLOT_IDLE;
	sl->written = 0;
	sl->retry_at = monotonic_seconds() + RECONNECT_NS / 1e9;
}

static void try_connect(const struct sockaddr_in *dst, struct pollfd *p, struct slot *sl)
{
	p->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0) {
		sl->retry_at = monotonic_seconds() + RECONNECT_NS / 1e9;
		return;
	}
	if (connect(p->fd, (const struct sockaddr *)dst, sizeof(*dst)) < 0 && errno != EINPROGRESS) {
		close(p->fd);
		p->fd = -1;
		sl->retry_at = monotonic_seconds() + RECONNECT_NS / 1e9;
		return;
	}
	p->events = POLLOUT;
	sl->state = SLOT_CONNECTING;
}

/* Half-closes every open connection and waits until the peer acknowledged all of it (or SERVE_DRAIN_MS). */
static void serve_drain(struct pollfd *fds, struct slot *slots, int n)
{
	struct timespec tick = {.tv_nsec = 2 * 1000 * 1000};

	for (int i = 0; i < n; i++)
		if (slots[i].state == SLOT_CONNECTED)
			shutdown(fds[i].fd, SHUT_WR);
	for (int waited = 0; waited < SERVE_DRAIN_MS; waited += 2) {
		int unacked = 0;

		for (int i = 0; i < n; i++) {
			int queued = 0;

			if (slots[i].state == SLOT_CONNECTED && ioctl(fds[i].fd, SIOCOUTQ, &queued) == 0)
				unacked += queued;
		}
		if (!unacked)
			return;
		nanosleep(&tick, NULL);
	}
}

int tcp_sender_serve(const char *dst_ip, uint16_t port, int connections, const _Atomic int *stop,
		     struct tcp_sender_counters *out)
{
	struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(port)};
	struct pollfd fds[TCP_SENDER_MAX_CONNECTIONS];
	struct slot slots[TCP_SENDER_MAX_CONNECTIONS];
	uint64_t acked_closed = 0, written = 0, acked;

	if (connections < 1 || connections > TCP_SENDER_MAX_CONNECTIONS ||
	    inet_pton(AF_INET, dst_ip, &dst.sin_addr) != 1)
		return -EINVAL;
	memset(slots, 0, sizeof(slots));
	for (int i = 0; i < connections; i++)
		fds[i] = (struct pollfd){.fd = -1};
	while (!atomic_load_explicit(stop, memory_order_relaxed)) {
		double now = monotonic_seconds();
		int ready;

		for (int i = 0; i < connections; i++)
			if (slots[i].state == SLOT_IDLE && now >= slots[i].retry_at)
				try_connect(&dst, &fds[i], &slots[i]);
		ready = poll(fds, (nfds_t)connections, 10);
		if (ready < 0 && errno != EINTR)
			return -errno;
		for (int i = 0; ready > 0 && i < connections; i++) {
			struct pollfd *p = &fds[i];
			struct slot *sl = &slots[i];
			int err = 0;
			socklen_t len = sizeof(err);
			uint64_t before = sl->written;

			if (p->fd < 0 || !p->revents)
				continue;
			if (sl->state == SLOT_CONNECTING) {
				if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err) {
					retire(p, sl, &acked_closed, out); /* refused: nobody listens yet */
					continue;
				}
				sl->state = SLOT_CONNECTED;
				atomic_fetch_add_explicit(&out->connects, 1, memory_order_relaxed);
				atomic_fetch_add_explicit(&out->open, 1, memory_order_relaxed);
			}
			if (p->revents & (POLLERR | POLLHUP)) {
				retire(p, sl, &acked_closed, out);
				continue;
			}
			err = fill(p->fd, &sl->written);
			written += sl->written - before;
			if (err < 0)
				retire(p, sl, &acked_closed, out); /* reset: the receiver went away */
		}
		acked = acked_closed;
		for (int i = 0; i < connections; i++)
			if (slots[i].state == SLOT_CONNECTED)
				acked += acked_of(fds[i].fd, slots[i].written);
		atomic_store_explicit(&out->acked, acked, memory_order_relaxed);
		atomic_store_explicit(&out->written, written, memory_order_relaxed);
	}
	serve_drain(fds, slots, connections);
	acked = acked_closed;
	for (int i = 0; i < connections; i++) {
		if (slots[i].state == SLOT_CONNECTED)
			acked += acked_of(fds[i].fd, slots[i].written);
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	}
	atomic_store_explicit(&out->acked, acked, memory_order_relaxed);
	atomic_store_explicit(&out->open, 0, memory_order_relaxed);
	return 0;
}
