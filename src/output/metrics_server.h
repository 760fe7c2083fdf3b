// SPDX-License-Identifier: GPL-2.0-only
/* rxtop --listen: serves the newest snapshot's counters on /metrics over HTTP, from a thread of its own. */
#ifndef RXTOP_METRICS_SERVER_H
#define RXTOP_METRICS_SERVER_H

#include <stddef.h>
#include <stdint.h>

struct snapshot;
struct metrics_server;

struct metrics_listen {
	char addr[64]; /* numeric IPv4 or IPv6 address; 127.0.0.1 when --listen names only a port */
	uint16_t port; /* 0: not listening */
};

/* "[ADDR:]PORT", "[::1]:PORT"; 0, or -EINVAL. Pure: checks the form, not whether the address is ours. */
int metrics_listen_parse(const char *arg, struct metrics_listen *out);
/* Binds and starts serving (an empty exposition until the first publish); NULL with one line in err. */
struct metrics_server *metrics_server_open(const struct metrics_listen *where, char *err, size_t len);
/* Renders a snapshot for the next scrapes; the thread only ever copies what was rendered here. */
void metrics_server_publish(struct metrics_server *server, const struct snapshot *snap);
void metrics_server_close(struct metrics_server *server);

#endif
