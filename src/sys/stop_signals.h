// SPDX-License-Identifier: GPL-2.0-only
/* The signals that end a long-running command cleanly (they only set a flag its loop checks), and a wait that
 * honours them. */
#ifndef RXTOP_STOP_SIGNALS_H
#define RXTOP_STOP_SIGNALS_H

#include <signal.h>

/*
 * SIGINT, SIGTERM and SIGHUP set *flag to 1, so the loop ends and every exit path undoes what it attached;
 * SIGPIPE is ignored, so a closed pipe (rxtop -b | head) ends the command through the write error instead.
 */
void stop_signals_install(volatile sig_atomic_t *flag);
/* Sleeps until the absolute monotonic time `when` (src/sys/clock.h); a stop request (*flag set by a stop
 * signal) ends the wait early. */
void sleep_until_or_stop(double when, const volatile sig_atomic_t *flag);
/* For a thread that lives beside such a wait (the metrics server): stop signals go to the waiting thread. */
void stop_signals_leave_to_main(void);

#endif
