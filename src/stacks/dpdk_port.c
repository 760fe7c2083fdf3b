// SPDX-License-Identifier: GPL-2.0-only
/* The dpdk stack's ports: mbuf pools, rx/tx queues and rings, and the loss counters DPDK 22.11 leaves out. */
#ifdef HAVE_DPDK

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "dpdk_run.h"
#include "log.h"

#define POOL_CACHE 256

/* ---- ports ---- */

static unsigned int pool_size(const struct stack_config *cfg, int queues)
{
	unsigned int need = (unsigned int)queues * (2u * cfg->ring_size + 2u * cfg->batch) + 2u * POOL_CACHE;
	unsigned int n = 4096;

	while (n < need + 1)
		n <<= 1;
	return n - 1; /* a power of two minus one suits the mempool's ring best */
}

/*
 * rx descriptors per queue. The af_xdp PMD (22.11) posts a fixed STACK_DPDK_AF_XDP_POSTED frames to its fill
 * ring and refills exactly what each burst took, so those frames are all it ever has in flight. With an rx
 * ring as large, the fill ring runs dry the moment the rx ring fills, and overload shows as fill-ring-empty
 * (doctor's xsk_fill_ring_empty, "post more buffers"), which rxtop cannot fix in the PMD. Half of it, like
 * afxdp's rx ring against its 2 x ring posted frames, keeps frames on the fill ring when the rx ring is full,
 * so overload shows as rx_ring_full. af_packet and PCI ports take --ring-size as it is.
 */
uint16_t dpdk_rx_ring(const struct stack_config *cfg)
{
	int ring = cfg->ring_size > 32768 ? 32768 : cfg->ring_size;

	return (uint16_t)(dpdk_is_af_xdp(cfg) ? stack_dpdk_af_xdp_rx_ring(ring) : ring);
}

static int port_setup(struct dpdk_run *run, uint16_t port, int index)
{
	const struct stack_config *cfg = run->cfg;
	struct rte_eth_conf conf = {0};
	struct rte_eth_dev_info info;
	uint16_t rx_desc = dpdk_rx_ring(cfg), tx_desc = 512;
	char name[RTE_MEMPOOL_NAMESIZE];
	int err;

	err = rte_eth_dev_info_get(port, &info);
	if (err < 0)
		return stack_fail(run->shm, err, "rte_eth_dev_info_get(port %u): %s", port, strerror(-err));
	if (run->port_queues > info.max_rx_queues)
		return stack_fail(run->shm, -EINVAL, "port %u (%s) has %u rx queues, %d wanted", port,
				  info.driver_name, info.max_rx_queues, run->port_queues);
	/* vdevs have no RSS of their own (the kernel picked the queue); a PCI port spreads by IP. */
	if (dpdk_is_pci(cfg) && run->port_queues > 1) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf =
		    (RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP) & info.flow_type_rss_offloads;
	}
	err = rte_eth_dev_configure(port, (uint16_t)run->port_queues, (uint16_t)run->port_queues, &conf);
	if (err < 0)
		return stack_fail(run->shm, err, "rte_eth_dev_configure(port %u, %d queues): %s", port,
				  run->port_queues, strerror(-err));
	rte_eth_dev_adjust_nb_rx_tx_desc(port, &rx_desc, &tx_desc);
	snprintf(name, sizeof(name), "rxtop_port%u", port);
	run->pools[index] =
	    rte_pktmbuf_pool_create(name, pool_size(cfg, run->port_queues), POOL_CACHE, 0,
				    RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_eth_dev_socket_id(port));
	if (!run->pools[index])
		return stack_fail(run->shm, -rte_errno,
				  "rte_pktmbuf_pool_create(%u mbufs): %s (try a smaller --ring-size)",
				  pool_size(cfg, run->port_queues), rte_strerror(rte_errno));
	for (int q = 0; q < run->port_queues; q++) {
		err = rte_eth_rx_queue_setup(port, (uint16_t)q, rx_desc,
					     (unsigned int)rte_eth_dev_socket_id(port), NULL,
					     run->pools[index]);
		if (err < 0)
			return stack_fail(
			    run->shm, err,
			    "rte_eth_rx_queue_setup(port %u, queue %d, %u descriptors): %s (%s)", port, q,
			    rx_desc, strerror(-err), dpdk_last_log);
		err = rte_eth_tx_queue_setup(port, (uint16_t)q, tx_desc,
					     (unsigned int)rte_eth_dev_socket_id(port), NULL);
		if (err < 0)
			return stack_fail(run->shm, err, "rte_eth_tx_queue_setup(port %u, queue %d): %s",
					  port, q, strerror(-err));
	}
	err = rte_eth_dev_start(port);
	if (err < 0)
		return stack_fail(run->shm, err, "rte_eth_dev_start(port %u): %s (%s)", port, strerror(-err),
				  dpdk_last_log);
	/* Only a PCI port is DPDK's own; on a vdev this would flip the kernel interface's IFF_PROMISC,
	 * which a kill -9 would leave behind. */
	if (dpdk_is_pci(cfg))
		rte_eth_promiscuous_enable(port);
	return 0;
}

/*
 * DPDK 22.11 leaves out two kinds of drops: the af_xdp PMD's imissed is the socket's rx_dropped only
 * (no rx_ring_full), and the af_packet PMD never reads PACKET_STATISTICS. Find the PMD's sockets
 * among our fds and read those counters ourselves.
 */
void dpdk_find_pmd_sockets(struct dpdk_run *run, int domain)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	run->socket_domain = domain;
	if (!d)
		return;
	while ((e = readdir(d)) && run->nsocket_fds < STACK_MAX_QUEUES) {
		int fd = atoi(e->d_name), found = 0;
		socklen_t len = sizeof(found);

		if (fd > 2 && fd != dirfd(d) && getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &found, &len) == 0 &&
		    found == domain)
			run->socket_fds[run->nsocket_fds++] = fd;
	}
	closedir(d);
}

static uint64_t pmd_socket_drops(struct dpdk_run *run)
{
	uint64_t ring_full = 0;

	for (int i = 0; i < run->nsocket_fds; i++) {
		if (run->socket_domain == AF_XDP) {
			struct xdp_statistics st = {0};
			socklen_t len = sizeof(st);

			if (getsockopt(run->socket_fds[i], SOL_XDP, XDP_STATISTICS, &st, &len) == 0)
				ring_full += st.rx_ring_full;
		} else {
			struct tpacket_stats_v3 st = {0};
			socklen_t len = sizeof(st);

			if (getsockopt(run->socket_fds[i], SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0)
				run->tp_drops += st.tp_drops;
		}
	}
	return run->socket_domain == AF_XDP ? ring_full : run->tp_drops;
}

/* Port-wide loss counters go to the entry of the port's first queue, so totals count them once. */
void dpdk_publish_port_stats(struct dpdk_run *run)
{
	for (int p = 0; p < run->nports; p++) {
		struct stack_queue_stats *entry = &run->shm->queues[p * run->port_queues];
		struct rte_eth_stats s;

		if (rte_eth_stats_get((uint16_t)p, &s) < 0)
			continue;
		stack_count_set(&entry->loss[LOSS_IMISSED], s.imissed);
		stack_count_set(&entry->loss[LOSS_IERRORS], s.ierrors);
		stack_count_set(&entry->loss[LOSS_NOMBUF], s.rx_nombuf);
	}
	if (run->nsocket_fds)
		stack_count_set(&run->shm->queues[0].loss[LOSS_SOCKET], pmd_socket_drops(run));
}

/* After the workers stopped, DPDK's per-queue count and ours must agree; say so when they do not. */
void dpdk_compare_queue_counts(struct dpdk_run *run)
{
	for (int i = 0; i < run->cfg->nqueues; i++) {
		struct dpdk_worker *w = &run->workers[i];
		struct rte_eth_stats s;
		uint64_t ours = stack_count_read(&w->stats->packets);

		if (rte_eth_stats_get(w->port, &s) < 0 || w->queue >= RTE_ETHDEV_QUEUE_STAT_CNTRS)
			continue;
		log_debug("dpdk: port %u queue %u: q_ipackets=%llu counted=%llu", w->port, w->queue,
			  (unsigned long long)s.q_ipackets[w->queue], (unsigned long long)ours);
		if (s.q_ipackets[w->queue] != ours)
			log_user("rxtop: dpdk port %u queue %u: DPDK counted %llu packets, rxtop %llu",
				 w->port, w->queue, (unsigned long long)s.q_ipackets[w->queue],
				 (unsigned long long)ours);
	}
}

int dpdk_ports_setup(struct dpdk_run *run, volatile sig_atomic_t *stop)
{
	const struct stack_config *cfg = run->cfg;
	int avail = (int)rte_eth_dev_count_avail(), max_queue = 0, err;

	for (int i = 0; i < cfg->nqueues; i++)
		max_queue = cfg->queues[i] > max_queue ? cfg->queues[i] : max_queue;
	run->nports = dpdk_is_af_xdp(cfg) ? cfg->nqueues : 1;
	run->port_queues = dpdk_is_af_xdp(cfg) ? 1 : dpdk_is_pci(cfg) ? max_queue + 1 : cfg->nqueues;
	if (avail < run->nports)
		return stack_fail(
		    run->shm, -ENODEV, "DPDK found %d ports, %d needed%s%s%s", avail, run->nports,
		    dpdk_is_pci(cfg) ? " (name the port with --dpdk-args '-a PCI_ADDRESS')" : "",
		    dpdk_last_log[0] ? ": " : "", dpdk_last_log);
	for (int p = 0; p < run->nports; p++) {
		err = port_setup(run, (uint16_t)p, p);
		if (err < 0)
			return err;
	}
	for (int i = 0; i < cfg->nqueues; i++) {
		struct dpdk_worker *w = &run->workers[i];

		w->port = (uint16_t)(dpdk_is_af_xdp(cfg) ? i : 0);
		w->queue = (uint16_t)(dpdk_is_af_xdp(cfg) ? 0 : dpdk_is_pci(cfg) ? cfg->queues[i] : i);
		w->slot = i;
		w->batch = cfg->batch > BURST_MAX ? BURST_MAX : cfg->batch;
		w->touch = cfg->touch;
		w->stats = &run->shm->queues[i];
		w->stop = stop;
		/* af_packet sockets form one fanout group: entry i is socket i, not NIC queue i. */
		run->shm->queue_ids[i] = strcmp(cfg->dpdk_pmd, "af_packet") == 0 ? i : cfg->queues[i];
	}
	__atomic_store_n(&run->shm->nqueues, (uint32_t)cfg->nqueues, __ATOMIC_RELEASE);
	return 0;
}

void dpdk_ports_close(struct dpdk_run *run)
{
	for (int p = 0; p < run->nports; p++) {
		rte_eth_dev_stop((uint16_t)p);
		rte_eth_dev_close((uint16_t)p);
	}
	for (int p = 0; p < STACK_MAX_QUEUES; p++)
		if (run->pools[p])
			rte_mempool_free(run->pools[p]);
}

#else
/* Without DPDK this file is empty; the typedef keeps ISO C happy. */
typedef int dpdk_port_not_built;
#endif /* HAVE_DPDK */
