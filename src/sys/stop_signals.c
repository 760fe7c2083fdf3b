// SPDX-License-Identifier: GPL-2.0-only
/* The signals that end a long-running command cleanly (they only set a flag its loop checks), and a wait that
 * honours them. */
#include <stddef.h>
#include <time.h>

#include "clock.h"
#include "stop_signals.h"

static volatile sig_atomic_t *stop_flag;

static void on_stop_signal(int sig)
{
	(void)sig;
	if (stop_flag)
		*stop_flag = 1;
}

void stop_signals_install(volatile sig_atomic_t *flag)
{
	struct sigaction sa = {.sa_handler = on_stop_signal};

	stop_flag = flag;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

void sleep_until_or_stop(double when, const volatile sig_atomic_t *flag)
{
	while (!*flag) {
		double left = when - monotonic_seconds();
		struct timespec ts;

		if (left <= 0)
			return;
		if (left > 0.05)
			left = 0.05;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
}
