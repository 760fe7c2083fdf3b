// SPDX-License-Identifier: GPL-2.0-only
/* Setup pieces the two io_uring stacks share (iouring_setup.c implements them). */
#ifndef RXTOP_IOURING_H
#define RXTOP_IOURING_H

#include <stdbool.h>
#include <stddef.h>

#include "io_uring_compat.h"
#include "stack.h"
#include "steer.h"

/*
 * A UDP socket or TCP listener on cfg->port, bound to cfg->ifname, in a SO_REUSEPORT group so that
 * every worker has its own; cpu >= 0 sets SO_INCOMING_CPU for steering; group (may be NULL) steers
 * by rx queue (steer.h). fd, or -errno with why.
 */
int iouring_open_socket(const struct stack_config *cfg, int cpu, struct steer_group *group, char *why,
			size_t len);

/*
 * A ring with a CQ of cfg->ring_size entries, SINGLE_ISSUER and DEFER_TASKRUN (SQPOLL with --sqpoll).
 * When the kernel refuses DEFER_TASKRUN and need_defer is false, falls back to COOP_TASKRUN and says so
 * in note (empty otherwise). 0 or -errno with why.
 */
int iouring_ring_init(struct io_uring *ring, const struct stack_config *cfg, unsigned extra_flags,
		      bool need_defer, char *note, size_t len);

/* NAPI busy polling for every socket the ring receives on (Linux 6.9): cfg->busy_poll_us, preferred. 0 or
 * -errno. */
int iouring_register_napi(struct io_uring *ring, const struct stack_config *cfg);

#endif
