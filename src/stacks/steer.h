// SPDX-License-Identifier: GPL-2.0-only
/*
 * Builds a receiver's SO_REUSEPORT group whose socket i gets the packets of rx queue cfg->queues[i] from its
 * very first packet on (bpf/sock_steer.bpf.c, or a classic filter where that cannot load).
 *
 * Why "from the first packet": an unconnected UDP socket takes its NAPI id from the first packet it queues
 * and keeps it (sk_mark_napi_id_once). One packet of another queue during set-up, and that worker busy-polls,
 * and reports, the wrong NAPI instance for its whole life. So the steering program is on the group before the
 * first bind, and each UDP socket drops everything (a socket filter: kfree_skb reason SOCKET_FILTER) until
 * all are in place.
 *
 * Use: steer_group_init; per socket in queue order steer_group_before_bind, bind (and listen),
 * steer_group_add; then steer_group_open; steer_group_free always.
 */
#ifndef RXTOP_STEER_H
#define RXTOP_STEER_H

#include <stdbool.h>
#include <stddef.h>

#include "stack.h"

struct sock_steer_bpf;

struct steer_group {
	const struct stack_config *cfg;
	struct sock_steer_bpf *skel; /* the eBPF program until the group holds it; NULL: classic filter */
	bool steer;		     /* more than one queue: packets are steered */
	bool gate;		     /* UDP: sockets drop everything until the group is complete */
	int joined;		     /* sockets added so far */
	int fds[STACK_MAX_QUEUES];
};

/* Loads the eBPF program (falls back to the classic filter, RXTOP_DEBUG says why); does not fail. */
void steer_group_init(struct steer_group *g, const struct stack_config *cfg);
/* fd (SO_REUSEPORT set, not yet bound) is the next socket: closes its gate, puts the program on the group. */
int steer_group_before_bind(struct steer_group *g, int fd, char *why, size_t len);
/* fd is bound (TCP: listening): it now gets its queue's packets. */
int steer_group_add(struct steer_group *g, int fd, char *why, size_t len);
/* Every socket is in place: opens the gates. */
int steer_group_open(struct steer_group *g, char *why, size_t len);
void steer_group_free(struct steer_group *g);

#endif
