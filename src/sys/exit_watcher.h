// SPDX-License-Identifier: GPL-2.0-only
/* A helper process that outlives its caller and cleans up after it, however the caller ends (kill -9 too). */
#ifndef RXTOP_EXIT_WATCHER_H
#define RXTOP_EXIT_WATCHER_H

#include <sys/types.h>

struct exit_watcher {
	pid_t pid;   /* 0: not started */
	int pipe_fd; /* write end: its closing (the caller's finish, or its death) starts the helper's pass */
};

/*
 * Forks a grandchild-to-be in its own session, immune to the signals that end a run, holding nothing of the
 * caller's open but keep_fd (handed to pass as its fd 4; -1: none) and its stdio on /dev/null. It waits
 * until the caller's end of the pipe closes, runs pass(arg, kept_fd), and exits. arg is read in the helper's
 * copy of the caller's memory, as it was at the fork. 0 or -errno.
 */
int exit_watcher_start(struct exit_watcher *w, int keep_fd, void (*pass)(const void *arg, int kept_fd),
		       const void *arg);
/* The normal path: starts the helper's pass now and waits for it. Safe when it never started. */
void exit_watcher_finish(struct exit_watcher *w);

#endif
