/* TCP bulk sender for `rxtop gen --proto tcp`: several connections, as fast as possible, counting bytes sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "commands.h"
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

/* Writes to one connection until its send buffer is full; returns bytes written or -errno. */
static int64_t fill(int fd)
{
	static const char chunk[CHUNK];
	int64_t total = 0;

	for (;;) {
		ssize_t n = send(fd, chunk, sizeof(chunk), MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0) {
			total += n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return total;
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
		for (int i = 0; ready > 0 && i < connections && !err; i++) {
			int64_t n;

			if (!fds[i].revents)
				continue;
			n = fill(fds[i].fd);
			if (n < 0)
				err = (int)n;
			else
				sent += n;
		}
		__atomic_store_n(bytes_sent, sent, __ATOMIC_RELAXED);
	}
	if (!err)
		drain(fds, connections);
	for (int i = 0; i < connections; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	return err;
}

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

int cmd_tcp_send(int argc, char **argv)
{
	uint64_t bytes = 0;
	double start, seconds;
	int port, connections, err;

	if (argc != 5 || (port = atoi(argv[2])) < 1 || port > 65535 || (connections = atoi(argv[3])) < 1 ||
	    connections > TCP_SENDER_MAX_CONNECTIONS || (seconds = atof(argv[4])) <= 0) {
		log_user("usage: rxtop __tcpsend DST_IP PORT CONNECTIONS(1-%d) SECONDS",
			 TCP_SENDER_MAX_CONNECTIONS);
		return EXIT_USAGE;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	start = monotonic_seconds();
	err = tcp_sender_run(argv[1], (uint16_t)port, connections, seconds, &bytes, &stop_requested);
	printf("bytes=%llu connections=%d elapsed=%.2f\n", (unsigned long long)bytes, connections,
	       monotonic_seconds() - start);
	if (err < 0) {
		log_user("rxtop __tcpsend: %s port %d: %s", argv[1], port, strerror(-err));
		return EXIT_RUNTIME;
	}
	return 0;
}
