// SPDX-License-Identifier: GPL-2.0-only
/* Runs a receiver stack in a child process that dies with rxtop and publishes counters in shared memory. */
#ifndef RXTOP_RUNNER_H
#define RXTOP_RUNNER_H

#include <stdbool.h>
#include <sys/types.h>

#include "stack.h"

struct stack_child {
	const struct stack_ops *ops;
	enum stack_xdp_need xdp; /* stack_xdp_need_for(ops, its config): what rxtop's XDP program does */
	pid_t pid;
	struct stack_shm *shm; /* MAP_SHARED with the child; read with stack_count_read */
	int exit_status;       /* valid once exited */
	bool exited;
	bool killed_by_signal;
	int signal;
};

/* Forks the child and returns at once; the child runs ops->run until SIGTERM/SIGINT or rxtop dies. */
int stack_child_start(const struct stack_ops *ops, const struct stack_config *cfg, struct stack_child *child);
/* Waits until the stack reports RUNNING (0) or fails/exits (-errno; shm->message says why). */
int stack_child_wait_ready(struct stack_child *child, int timeout_ms);
/* Non-blocking: true while the child lives; records how it ended otherwise. */
bool stack_child_alive(struct stack_child *child);
/* SIGTERM, then SIGKILL after timeout_ms; reaps it. Safe to call twice. */
void stack_child_stop(struct stack_child *child, int timeout_ms);
/* Unmaps the shared counters (after stop). */
void stack_child_release(struct stack_child *child);
/* Sums packets/bytes over queues. */
void stack_child_totals(const struct stack_child *child, uint64_t *packets, uint64_t *bytes, uint64_t *loss);

#endif
