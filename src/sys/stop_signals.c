// SPDX-License-Identifier: GPL-2.0-only
/* The signals that end a long-running command cleanly (they only set a flag its loop checks), and a wait that
 * honours them. */
#include <poll.h>
#include <pthread.h>
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

/* The stop signals, as a set. */
static void stop_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
}

void stop_signals_leave_to_main(void)
{
	sigset_t stops;

	stop_set(&stops);
	pthread_sigmask(SIG_BLOCK, &stops, NULL);
}

/*
 * One sleep to `when`, not 50-ms steps: each wake-up cost rxtop about 30 us of CPU, 20 a second, a fifth of
 * its CPU at -d 1 (docs/metrics.md). The stop signals stay blocked but inside ppoll, which unblocks them
 * atomically: one that came while the flag was checked is pending and ends the wait at once, one that comes
 * during it interrupts it. Other threads leave them to this one (stop_signals_leave_to_main).
 */
void sleep_until_or_stop(double when, const volatile sig_atomic_t *flag)
{
	sigset_t stops, old;

	stop_set(&stops);
	pthread_sigmask(SIG_BLOCK, &stops, &old);
	while (!*flag) {
		double left = when - monotonic_seconds();
		struct timespec ts;

		if (left <= 0)
			break;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		ppoll(NULL, 0, &ts, &old);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}
