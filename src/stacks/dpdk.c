// SPDX-License-Identifier: GPL-2.0-only
/* The dpdk stack: DPDK's af_xdp / af_packet vdev (or a PCI port) polled by one EAL lcore per queue. */
#ifdef HAVE_DPDK

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "dpdk_leftovers.h"
#include "dpdk_run.h"
#include "log.h"
#include "payload.h"

#define STATS_PERIOD_US (100 * 1000)

static const char *const loss_names[LOSS_COUNT] = {"imissed", "ierrors", "rx_nombuf", "socket"};

/* ---- the receive loop ---- */

/* --touch: reads the payload's bytes, wherever its segments put them. */
static uint64_t touch_payload(const struct rte_mbuf *seg, struct stack_payload p)
{
	uint64_t sum = 0;
	uint32_t skip = p.offset, left = p.len;

	for (; seg && left; seg = seg->next) {
		uint32_t here = rte_pktmbuf_data_len(seg), n;

		if (skip >= here) {
			skip -= here;
			continue;
		}
		n = here - skip < left ? here - skip : left;
		sum += stack_touch(rte_pktmbuf_mtod_offset(seg, const uint8_t *, skip), n);
		left -= n;
		skip = 0;
	}
	return sum;
}

static int worker_main(void *arg)
{
	struct dpdk_worker *w = arg;
	struct stack_queue_stats *stats = w->stats;
	struct rte_mbuf *burst[BURST_MAX];
	uint64_t sink = 0;

	while (!*w->stop) {
		uint16_t n = rte_eth_rx_burst(w->port, w->queue, burst, (uint16_t)w->batch);
		uint64_t bytes = 0;

		stack_count_add(&stats->polls, 1);
		if (n == 0)
			continue;
		/* Start loading every frame's headers before parsing the first: the kernel (copy mode) or
		 * the NIC just wrote them, so each is a cache miss that would otherwise be taken in turn. */
		for (uint16_t i = 0; i < n; i++)
			rte_prefetch0(rte_pktmbuf_mtod(burst[i], const void *));
		for (uint16_t i = 0; i < n; i++) {
			/* What a socket would return: the UDP/TCP payload (docs/stacks.md). The headers are
			 * in the first segment; a payload that goes on into further segments is counted from
			 * the IP/UDP lengths and read there too. */
			const struct rte_mbuf *seg = burst[i];
			struct stack_payload p = stack_frame_payload(rte_pktmbuf_mtod(seg, const uint8_t *),
								     rte_pktmbuf_pkt_len(seg));

			bytes += p.len;
			if (w->touch)
				sink += touch_payload(seg, p);
		}
		rte_pktmbuf_free_bulk(burst, n);
		stack_count_add(&stats->packets, n);
		stack_count_add(&stats->bytes, bytes);
		stack_count_add(&stats->batches, 1);
	}
	w->sink = sink;
	return 0;
}
static int launch_workers(struct dpdk_run *run)
{
	const struct stack_config *cfg = run->cfg;
	unsigned int lcore = rte_get_next_lcore(-1, 1, 0);

	for (int i = 0; i < cfg->nqueues; i++, lcore = rte_get_next_lcore(lcore, 1, 0)) {
		struct dpdk_worker *w = &run->workers[i];
		int err;

		if (lcore >= RTE_MAX_LCORE)
			return stack_fail(run->shm, -ENODEV, "EAL has fewer worker lcores than queues (%d)",
					  cfg->nqueues);
		err = rte_eal_remote_launch(worker_main, w, lcore);
		if (err < 0)
			return stack_fail(run->shm, err, "rte_eal_remote_launch(lcore %u): %s", lcore,
					  strerror(-err));
	}
	return 0;
}

/* The running message: the PMD, its rings, and whose XDP program sees the packets (rxtop's counter or not).
 */
static void describe(const struct stack_config *cfg, char *out, size_t len)
{
	if (dpdk_is_af_xdp(cfg))
		snprintf(out, len,
			 "dpdk on %s: %d queue%s, af_xdp PMD, %s, rx ring %d, fill ring %d (%d posted), "
			 "batch %d; XDP: the PMD's own program (xsk_def_prog), not rxtop's counter",
			 cfg->ifname, cfg->nqueues, cfg->nqueues > 1 ? "s" : "",
			 cfg->busy_poll ? "busy-poll" : "need_wakeup", dpdk_rx_ring(cfg),
			 STACK_DPDK_AF_XDP_FILL_RING, STACK_DPDK_AF_XDP_POSTED, cfg->batch);
	else
		snprintf(out, len, "dpdk on %s: %d queue%s, %s PMD, ring %d, batch %d; no XDP program",
			 cfg->ifname, cfg->nqueues, cfg->nqueues > 1 ? "s" : "", cfg->dpdk_pmd,
			 cfg->ring_size, cfg->batch);
}

static int dpdk_run(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop)
{
	static struct dpdk_run run; /* large; one per process */
	int err;

	run.cfg = cfg;
	run.shm = shm;
	/* EAL's runtime directory for root; with --no-shconf it stays empty, but it is created. */
	snprintf(run.runtime_dir, sizeof(run.runtime_dir), "/var/run/dpdk/rxtop-%d", (int)getpid());
	log_quiet_libs();
	dpdk_log_capture();
	for (int l = 0; l < LOSS_SOCKET; l++)
		stack_add_loss(shm, "dpdk", loss_names[l]);
	if (dpdk_is_af_xdp(cfg))
		stack_add_loss(shm, "xsk", "rx_ring_full");
	else if (!dpdk_is_pci(cfg))
		stack_add_loss(shm, "af_packet", "tp_drops");
	err = dpdk_janitor_start(&run, dpdk_is_af_xdp(cfg));
	if (err < 0)
		return stack_fail(shm, err, "fork (cleanup helper): %s", strerror(-err));
	if (dpdk_eal_init(&run) < 0) {
		err = -(rte_errno ? rte_errno : EINVAL);
		stack_fail(shm, err, "rte_eal_init: %s (%s)%s", rte_strerror(rte_errno),
			   dpdk_last_log[0] ? dpdk_last_log : "no message",
			   dpdk_is_pci(cfg) ? "; no hugepages? add --dpdk-args '--no-huge -m 512'" : "");
		dpdk_janitor_finish(&run);
		return err;
	}
	dpdk_remove_runtime_dir(run.runtime_dir);
	err = dpdk_ports_setup(&run, stop);
	if (err == 0 && !dpdk_is_pci(cfg))
		dpdk_find_pmd_sockets(&run, dpdk_is_af_xdp(cfg) ? AF_XDP : AF_PACKET);
	if (err == 0) {
		describe(cfg, shm->message, sizeof(shm->message));
		__atomic_store_n(&shm->state, STACK_RUNNING, __ATOMIC_RELEASE);
		err = launch_workers(&run);
	}
	while (err == 0 && !*stop) {
		usleep(STATS_PERIOD_US);
		dpdk_publish_port_stats(&run);
	}
	*stop = 1;
	rte_eal_mp_wait_lcore();
	if (err == 0) {
		dpdk_publish_port_stats(&run);
		dpdk_compare_queue_counts(&run);
	}
	dpdk_ports_close(&run);
	rte_eal_cleanup();
	dpdk_janitor_finish(&run);
	return err;
}

/* Queues must exist on the interface; af_xdp binds each to its kernel rx queue. */
static int dpdk_check(const struct stack_config *cfg, char *why, size_t len)
{
	if (geteuid() != 0) {
		snprintf(why, len, "DPDK's af_xdp/af_packet ports need root");
		return -EPERM;
	}
	if (cfg->nqueues + 1 > RTE_MAX_LCORE) {
		snprintf(why, len, "%d queues is more than DPDK's %d lcores", cfg->nqueues,
			 RTE_MAX_LCORE - 1);
		return -EINVAL;
	}
	if (dpdk_is_pci(cfg)) {
		if (!cfg->dpdk_args[0]) {
			snprintf(why, len, "--dpdk-pmd pci needs the port: --dpdk-args '-a PCI_ADDRESS'");
			return -EINVAL;
		}
		return 0;
	}
	return stack_check_queues(cfg, why, len);
}

const struct stack_ops stack_dpdk = {
    .name = "dpdk",
    .xdp = STACK_XDP_NONE,
    .check = dpdk_check,
    .run = dpdk_run,
};

#else
/* Without DPDK this file is empty; the typedef keeps ISO C happy. */
typedef int dpdk_stack_not_built;
#endif /* HAVE_DPDK */