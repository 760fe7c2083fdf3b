// SPDX-License-Identifier: GPL-2.0-only
/* The dpdk stack's parts: one run's state, and what its EAL, port and receive-loop files give each other. */
#ifndef RXTOP_DPDK_RUN_H
#define RXTOP_DPDK_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "dpdk_leftovers.h"
#include "stack.h"

struct rte_mempool;

#define BURST_MAX 1024
#define DPDK_LAST_LOG_LEN 160

/* The PMD's sockets' own drop counters, which DPDK 22.11's stats leave out. */
enum dpdk_loss { LOSS_IMISSED, LOSS_IERRORS, LOSS_NOMBUF, LOSS_SOCKET, LOSS_COUNT };

/* One worker: polls one rx queue of one port and owns one entry of shm->queues. */
struct dpdk_worker {
	uint16_t port;
	uint16_t queue;
	int slot;
	int batch;
	bool touch;
	struct stack_queue_stats *stats;
	volatile sig_atomic_t *stop;
	uint64_t sink; /* keeps --touch reads alive */
};

struct dpdk_run {
	const struct stack_config *cfg;
	struct stack_shm *shm;
	int nports;	 /* af_xdp: one port per queue; otherwise one port with nqueues queues */
	int port_queues; /* rx queues configured on each port */
	struct rte_mempool *pools[STACK_MAX_QUEUES];
	struct dpdk_worker workers[STACK_MAX_QUEUES];
	int socket_fds[STACK_MAX_QUEUES]; /* the PMD's AF_XDP / AF_PACKET sockets */
	int nsocket_fds;
	int socket_domain;
	uint64_t tp_drops; /* PACKET_STATISTICS resets on read: summed here */
	char runtime_dir[128];
	struct leftovers_janitor janitor;
};

static inline bool dpdk_is_pci(const struct stack_config *cfg)
{
	return strcmp(cfg->dpdk_pmd, "pci") == 0;
}

static inline bool dpdk_is_af_xdp(const struct stack_config *cfg)
{
	return strcmp(cfg->dpdk_pmd, "af_xdp") == 0;
}

/* dpdk_eal.c: DPDK's last log line, quoted in failure messages. */
extern char dpdk_last_log[DPDK_LAST_LOG_LEN];
/* Sends DPDK's log through rxtop's (shown with RXTOP_DEBUG), keeping its last line. */
void dpdk_log_capture(void);
/* Forks the helper that removes what the run leaves behind, even after kill -9; 0 or -errno. */
int dpdk_janitor_start(struct dpdk_run *run, bool watch_xdp);
/* Normal exit: the helper's pass now, waited for. */
void dpdk_janitor_finish(struct dpdk_run *run);
/* rte_eal_init with the run's EAL arguments (the lcores, the vdevs, --dpdk-args); its result. */
int dpdk_eal_init(const struct dpdk_run *run);

/* dpdk_port.c: the rx descriptors a queue gets. */
uint16_t dpdk_rx_ring(const struct stack_config *cfg);
/* Configures and starts the ports, and fills the workers; 0 or -errno (shm->message says why). */
int dpdk_ports_setup(struct dpdk_run *run, volatile sig_atomic_t *stop);
void dpdk_ports_close(struct dpdk_run *run);
/* Finds the PMD's sockets (AF_XDP or AF_PACKET) among this process's fds, for their drop counters. */
void dpdk_find_pmd_sockets(struct dpdk_run *run, int domain);
/* Publishes the ports' and the PMD sockets' loss counters to shm. */
void dpdk_publish_port_stats(struct dpdk_run *run);
/* After the workers stopped: says when DPDK's per-queue count and rxtop's differ. */
void dpdk_compare_queue_counts(struct dpdk_run *run);

#endif
