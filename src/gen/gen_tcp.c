// SPDX-License-Identifier: GPL-2.0-only
/* `rxtop gen --proto tcp`: bulk TCP from the generator's namespace, for the bandwidth experiment. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "commands.h"
#include "gen.h"
#include "log.h"
#include "netns.h"
#include "tcp_sender.h"

int gen_tcp_run(const struct gen_config *cfg, volatile sig_atomic_t *stop)
{
	int connections = cfg->flows > 1 ? (int)cfg->flows : 4, saved = -1, err;
	double duration = cfg->duration_s > 0 ? cfg->duration_s : 1e9, start, seconds;
	char dst[INET_ADDRSTRLEN];
	uint64_t bytes = 0;

	if (connections > TCP_SENDER_MAX_CONNECTIONS)
		connections = TCP_SENDER_MAX_CONNECTIONS;
	inet_ntop(AF_INET, &cfg->dst, dst, sizeof(dst));
	if (cfg->netns[0]) {
		err = netns_enter(cfg->netns, &saved);
		if (err < 0) {
			log_user("rxtop gen: cannot enter network namespace '%s': %s; see 'ip netns list'",
				 cfg->netns, strerror(-err));
			return EXIT_USAGE;
		}
	}
	start = monotonic_seconds();
	err = tcp_sender_run(dst, cfg->port, connections, duration, &bytes, stop);
	seconds = monotonic_seconds() - start;
	if (saved >= 0)
		netns_restore(saved);
	printf("rxtop gen: tcp to %s:%u, %d connections: sent %" PRIu64 " bytes in %.3f s = %.2f Gbit/s\n",
	       dst, cfg->port, connections, bytes, seconds, seconds > 0 ? bytes * 8 / seconds / 1e9 : 0);
	printf("proto=tcp bytes=%" PRIu64 " connections=%d duration=%.3f\n", bytes, connections, seconds);
	fflush(stdout);
	if (err < 0) {
		log_user("rxtop gen: tcp to %s:%u: %s; is a TCP receiver listening there?", dst, cfg->port,
			 strerror(-err));
		return EXIT_RUNTIME;
	}
	return 0;
}
