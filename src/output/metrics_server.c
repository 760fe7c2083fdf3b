// SPDX-License-Identifier: GPL-2.0-only
/* rxtop --listen: a one-thread HTTP/1.0 server for /metrics; the sampler renders, the thread only copies. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "metrics_server.h"
#include "stop_signals.h"
#include "output.h"

#define REQUEST_MAX 4096
#define REQUEST_TIMEOUT_MS 2000 /* a client that sends nothing does not hold the thread longer */

struct rendered {
	char *text;
	size_t len;
};

struct metrics_server {
	int listen_fd, stop_fd;
	pthread_t thread;
	pthread_mutex_t lock;
	struct rendered dialects[2]; /* indexed by enum metrics_dialect */
};

int metrics_listen_parse(const char *arg, struct metrics_listen *out)
{
	const char *port = arg, *colon = strrchr(arg, ':');
	struct in6_addr a6;
	struct in_addr a4;
	char *end;
	long n;

	memset(out, 0, sizeof(*out));
	snprintf(out->addr, sizeof(out->addr), "127.0.0.1");
	if (colon) {
		size_t addr_len = (size_t)(colon - arg);

		if (addr_len >= 2 && arg[0] == '[' && arg[addr_len - 1] == ']') { /* [::1]:9101 */
			arg++;
			addr_len -= 2;
		}
		if (addr_len == 0 || addr_len >= sizeof(out->addr))
			return -EINVAL;
		memcpy(out->addr, arg, addr_len);
		out->addr[addr_len] = '\0';
		if (inet_pton(AF_INET, out->addr, &a4) != 1 && inet_pton(AF_INET6, out->addr, &a6) != 1)
			return -EINVAL;
		port = colon + 1;
	}
	errno = 0;
	n = strtol(port, &end, 10);
	if (errno || end == port || *end || n < 1 || n > 65535)
		return -EINVAL;
	out->port = (uint16_t)n;
	return 0;
}

static int bind_listen(const struct metrics_listen *where, char *err, size_t len)
{
	struct sockaddr_storage ss = {0};
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	int family = AF_INET, one = 1, fd;

	if (inet_pton(AF_INET, where->addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(where->port);
	} else {
		family = AF_INET6;
		inet_pton(AF_INET6, where->addr, &s6->sin6_addr);
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(where->port);
	}
	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		snprintf(err, len, "rxtop: --listen: socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, family == AF_INET ? sizeof(*s4) : sizeof(*s6)) < 0 ||
	    listen(fd, 16) < 0) {
		int e = errno;

		snprintf(err, len, "rxtop: --listen %s:%u: %s; %s", where->addr, where->port, strerror(e),
			 e == EADDRINUSE      ? "choose another port or stop what listens there"
			 : e == EADDRNOTAVAIL ? "name an address of this host, e.g. 127.0.0.1"
					      : "check the address and port");
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads the request head, bounded in size and time; true when it is complete. */
static bool read_request(int fd, char *buf, size_t size)
{
	size_t used = 0;

	while (used + 1 < size) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t n;

		if (poll(&p, 1, REQUEST_TIMEOUT_MS) <= 0)
			return false;
		n = read(fd, buf + used, size - 1 - used);
		if (n <= 0)
			return false;
		used += (size_t)n;
		buf[used] = '\0';
		if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
			return true;
	}
	return false;
}

static void write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return;
		}
		data += n;
		len -= (size_t)n;
	}
}

static void reply(int fd, const char *status, const char *type, const char *body, size_t body_len)
{
	char head[256];
	int n =
	    snprintf(head, sizeof(head),
		     "HTTP/1.0 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
		     status, type, body_len);

	write_all(fd, head, (size_t)n);
	write_all(fd, body, body_len);
}

/* Prometheus asks for OpenMetrics in its Accept header; curl and promtool's users get the 0.0.4 text. */
static void serve_one(struct metrics_server *server, int fd)
{
	static const char *const types[2] = {"application/openmetrics-text; version=1.0.0; charset=utf-8",
					     "text/plain; version=0.0.4; charset=utf-8"};
	char request[REQUEST_MAX];
	enum metrics_dialect dialect;
	struct rendered copy = {0};

	if (!read_request(fd, request, sizeof(request)))
		return;
	if (strncmp(request, "GET ", 4) != 0) {
		reply(fd, "405 Method Not Allowed", "text/plain", "GET only\n", 9);
		return;
	}
	if (strncmp(request + 4, "/metrics ", 9) != 0 && strncmp(request + 4, "/metrics?", 9) != 0) {
		reply(fd, "404 Not Found", "text/plain", "rxtop serves /metrics\n", 22);
		return;
	}
	dialect = strstr(request, "application/openmetrics-text") ? METRICS_OPENMETRICS : METRICS_PROMETHEUS;
	pthread_mutex_lock(&server->lock);
	if (server->dialects[dialect].text) {
		copy.text = malloc(server->dialects[dialect].len);
		if (copy.text) {
			memcpy(copy.text, server->dialects[dialect].text, server->dialects[dialect].len);
			copy.len = server->dialects[dialect].len;
		}
	}
	pthread_mutex_unlock(&server->lock);
	if (copy.text)
		reply(fd, "200 OK", types[dialect], copy.text, copy.len);
	else
		reply(fd, "503 Service Unavailable", "text/plain", "no reading yet\n", 15);
	free(copy.text);
}

static void *serve(void *arg)
{
	struct metrics_server *server = arg;

	stop_signals_leave_to_main();
	for (;;) {
		struct pollfd p[2] = {{.fd = server->listen_fd, .events = POLLIN},
				      {.fd = server->stop_fd, .events = POLLIN}};
		int fd;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		fd = accept4(server->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		serve_one(server, fd);
		close(fd);
	}
	return NULL;
}

struct metrics_server *metrics_server_open(const struct metrics_listen *where, char *err, size_t len)
{
	struct metrics_server *server = calloc(1, sizeof(*server));

	if (!server) {
		snprintf(err, len, "rxtop: out of memory");
		return NULL;
	}
	pthread_mutex_init(&server->lock, NULL);
	server->stop_fd = eventfd(0, EFD_CLOEXEC);
	server->listen_fd = bind_listen(where, err, len);
	if (server->listen_fd < 0 || server->stop_fd < 0) {
		if (server->stop_fd < 0)
			snprintf(err, len, "rxtop: --listen: eventfd: %s", strerror(errno));
		metrics_server_close(server);
		return NULL;
	}
	if (pthread_create(&server->thread, NULL, serve, server) != 0) {
		snprintf(err, len, "rxtop: --listen: cannot start the server thread");
		close(server->listen_fd);
		server->listen_fd = -1;
		metrics_server_close(server);
		return NULL;
	}
	return server;
}

void metrics_server_publish(struct metrics_server *server, const struct snapshot *snap)
{
	struct rendered fresh[2] = {{0}};

	if (!server)
		return;
	for (int d = 0; d < 2; d++) {
		FILE *f = open_memstream(&fresh[d].text, &fresh[d].len);

		if (!f)
			continue;
		output_metrics(f, snap, (enum metrics_dialect)d);
		fclose(f);
	}
	pthread_mutex_lock(&server->lock);
	for (int d = 0; d < 2; d++) {
		struct rendered old = server->dialects[d];

		server->dialects[d] = fresh[d];
		fresh[d] = old; /* freed below, outside the lock */
	}
	pthread_mutex_unlock(&server->lock);
	for (int d = 0; d < 2; d++)
		free(fresh[d].text);
}

void metrics_server_close(struct metrics_server *server)
{
	uint64_t one = 1;

	if (!server)
		return;
	if (server->listen_fd > 0 && server->thread) {
		if (write(server->stop_fd, &one, sizeof(one)) == sizeof(one))
			pthread_join(server->thread, NULL);
	}
	if (server->listen_fd >= 0)
		close(server->listen_fd);
	if (server->stop_fd >= 0)
		close(server->stop_fd);
	for (int d = 0; d < 2; d++)
		free(server->dialects[d].text);
	pthread_mutex_destroy(&server->lock);
	free(server);
}
