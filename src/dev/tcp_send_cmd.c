// SPDX-License-Identifier: GPL-2.0-only
/* `rxtop-dev __tcpsend DST_IP PORT CONNECTIONS SECONDS`: runs the TCP bulk sender alone, prints bytes=N. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "commands.h"
#include "dev_commands.h"
#include "log.h"
#include "stop_signals.h"
#include "tcp_sender.h"

static volatile sig_atomic_t stop_requested;

int cmd_tcp_send(int argc, char **argv)
{
	uint64_t bytes = 0;
	double start, seconds;
	int port, connections, err;

	if (argc != 5 || (port = atoi(argv[2])) < 1 || port > 65535 || (connections = atoi(argv[3])) < 1 ||
	    connections > TCP_SENDER_MAX_CONNECTIONS || (seconds = atof(argv[4])) <= 0) {
		log_user("usage: rxtop-dev __tcpsend DST_IP PORT CONNECTIONS(1-%d) SECONDS",
			 TCP_SENDER_MAX_CONNECTIONS);
		return EXIT_USAGE;
	}
	stop_signals_install(&stop_requested);
	start = monotonic_seconds();
	err = tcp_sender_run(argv[1], (uint16_t)port, connections, seconds, &bytes, &stop_requested);
	printf("bytes=%llu connections=%d elapsed=%.2f\n", (unsigned long long)bytes, connections,
	       monotonic_seconds() - start);
	if (err < 0) {
		log_user("rxtop-dev __tcpsend: %s port %d: %s", argv[1], port, strerror(-err));
		return EXIT_RUNTIME;
	}
	return 0;
}
