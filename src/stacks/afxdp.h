// SPDX-License-Identifier: GPL-2.0-only
/* What the afxdp stack's two halves share: per-queue socket state, and the setup calls its run loop makes. */
#ifndef RXTOP_AFXDP_H
#define RXTOP_AFXDP_H

#include <stdbool.h>
#include <stdint.h>
#include <pthread.h>
#include <xdp/xsk.h>

#include "dpdk_leftovers.h"
#include "stack.h"

/* The kernel's loss counters (XDP_STATISTICS), in the order they are registered with stack_add_loss. */
enum afxdp_loss { LOSS_RX_DROPPED, LOSS_RX_RING_FULL, LOSS_FILL_EMPTY, LOSS_RX_INVALID, LOSS_COUNT };

struct afxdp_umem {
	void *area;
	size_t size;
	bool hugepages;
	struct xsk_umem *umem;
	/* Rings xsk_umem__create maps; libxdp copies them into the first socket's fill/comp. */
	struct xsk_ring_prod fill_save;
	struct xsk_ring_cons comp_save;
};

struct afxdp_run;

struct afxdp_queue {
	struct afxdp_run *run;
	int index;    /* entry in shm->queues and cfg->queues */
	int queue_id; /* rx queue of the interface */
	struct afxdp_umem *umem;
	uint64_t first_frame; /* byte offset of this queue's frames in the UMEM */
	struct xsk_socket *xsk;
	struct xsk_ring_cons rx;
	struct xsk_ring_prod fill;
	struct xsk_ring_cons comp;
	int fd;
	bool in_map;
	bool started;
	pthread_t thread;
} __attribute__((aligned(64))); /* each worker's ring state on cache lines of its own */

struct afxdp_run {
	const struct stack_config *cfg;
	struct stack_shm *shm;
	volatile sig_atomic_t *stop;
	int loss_index[LOSS_COUNT];
	int nready;	  /* workers pinned and looping (atomic) */
	int worker_claim; /* set by the first failing worker, which then owns why (atomic) */
	int worker_error; /* that worker's failure, negative errno, published after why (atomic) */
	int numems;
	struct leftovers_janitor janitor; /* --xdp-program libxdp: removes xsk_def_prog after a SIGKILL */
	char why[STACK_MESSAGE_LEN];	  /* the setup failure, published once it is final */
	struct afxdp_umem umems[STACK_MAX_QUEUES];
	struct afxdp_queue queues[STACK_MAX_QUEUES];
};

/* Keeps a setup failure's one-line reason in run->why; afxdp_run publishes it once it is final. Returns err.
 */
int afxdp_reason(struct afxdp_run *run, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* UMEM(s) and one bound, primed socket per queue; on failure run->why names the call and errno. */
int afxdp_sockets_setup(struct afxdp_run *run, bool zerocopy);
/* Puts every queue's socket into rxtop's XSKMAP (cfg->xsks_map_fd) at its queue id. */
int afxdp_map_insert(struct afxdp_run *run);
/* Removes map entries, sockets and UMEMs; safe on a half-built run. */
void afxdp_teardown(struct afxdp_run *run);
/* One line saying what is live (copy/zerocopy, native/generic XDP, wakeup mode), read back from the kernel.
 */
void afxdp_describe_mode(const struct afxdp_run *run, bool zerocopy_refused, char *out, size_t len);

#endif
