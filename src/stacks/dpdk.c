// SPDX-License-Identifier: GPL-2.0-only
/* The dpdk stack: DPDK's af_xdp / af_packet vdev (or a PCI port) polled by one EAL lcore per queue. */
#ifdef HAVE_DPDK

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>

#include "dpdk_leftovers.h"
#include "log.h"
#include "payload.h"
#include "stack.h"

#define EAL_MAX_ARGS 64
#define EAL_ARG_LEN 160
#define BURST_MAX 1024
#define POOL_CACHE 256
#define STATS_PERIOD_US (100 * 1000)

/* The PMD's sockets' own drop counters, which DPDK 22.11's stats leave out. */
enum dpdk_loss { LOSS_IMISSED, LOSS_IERRORS, LOSS_NOMBUF, LOSS_SOCKET, LOSS_COUNT };
static const char *const loss_names[LOSS_COUNT] = {"imissed", "ierrors", "rx_nombuf", "socket"};

struct eal_args {
	int argc;
	char *argv[EAL_MAX_ARGS + 1];
	char text[EAL_MAX_ARGS][EAL_ARG_LEN];
};

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
	pid_t janitor;
	int janitor_fd;
};

/* ---- DPDK's log: kept for error messages, shown only with RXTOP_DEBUG ---- */

static char dpdk_last_log[160];
static char dpdk_log_line[512];
static size_t dpdk_log_used;

static ssize_t dpdk_log_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	for (size_t i = 0; i < size; i++) {
		if (buf[i] != '\n' && dpdk_log_used < sizeof(dpdk_log_line) - 1) {
			dpdk_log_line[dpdk_log_used++] = buf[i];
			continue;
		}
		if (buf[i] != '\n')
			continue;
		dpdk_log_line[dpdk_log_used] = '\0';
		if (dpdk_log_used) {
			log_debug("%s", dpdk_log_line);
			size_t keep = dpdk_log_used < sizeof(dpdk_last_log) - 1 ? dpdk_log_used
										: sizeof(dpdk_last_log) - 1;

			memcpy(dpdk_last_log, dpdk_log_line, keep);
			dpdk_last_log[keep] = '\0';
		}
		dpdk_log_used = 0;
	}
	return (ssize_t)size;
}

static void dpdk_log_capture(void)
{
	cookie_io_functions_t io = {.write = dpdk_log_write};
	FILE *stream = fopencookie(NULL, "w", io);

	if (stream) {
		setvbuf(stream, NULL, _IOLBF, 0);
		rte_openlog_stream(stream);
	}
}

/* ---- the janitor: removes what DPDK leaves behind, even after kill -9 ---- */

/*
 * The child dies with SIGKILL when rxtop does, so it cannot clean up after itself. A grandchild in its
 * own session waits for the pipe to close (the child's exit, however it happened), then detaches the
 * PMD's XDP program if it is still attached and removes the EAL runtime directory.
 */
static int janitor_start(struct dpdk_run *run, bool watch_xdp)
{
	uint32_t id_before = watch_xdp ? dpdk_attached_xdp_id(run->cfg->ifindex) : 0;
	int fds[2];
	char c;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	run->janitor = fork();
	if (run->janitor < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (run->janitor > 0) {
		close(fds[0]);
		run->janitor_fd = fds[1];
		return 0;
	}
	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	/* Hold nothing of the caller's open: a shell waiting on our stdout must not wait for us. */
	dup2(fds[0], 3);
	close_range(4, ~0U, 0);
	{
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (null > 2)
			close(null);
	}
	while (read(3, &c, 1) > 0 || errno == EINTR)
		;
	if (watch_xdp)
		dpdk_detach_leftover_xsk_program(run->cfg->ifindex, id_before);
	dpdk_remove_runtime_dir(run->runtime_dir);
	_exit(0);
}

/* Normal exit: let the janitor do its pass now and wait for it, so nothing of ours outlives the run. */
static void janitor_finish(struct dpdk_run *run)
{
	if (run->janitor <= 0)
		return;
	close(run->janitor_fd);
	waitpid(run->janitor, NULL, 0);
	run->janitor = 0;
}

/* ---- EAL arguments ---- */

static void eal_add(struct eal_args *args, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void eal_add(struct eal_args *args, const char *fmt, ...)
{
	va_list ap;

	if (args->argc >= EAL_MAX_ARGS)
		return;
	va_start(ap, fmt);
	vsnprintf(args->text[args->argc], EAL_ARG_LEN, fmt, ap);
	va_end(ap);
	args->argv[args->argc] = args->text[args->argc];
	args->argv[++args->argc] = NULL;
}

static bool is_pci(const struct stack_config *cfg)
{
	return strcmp(cfg->dpdk_pmd, "pci") == 0;
}

static bool is_af_xdp(const struct stack_config *cfg)
{
	return strcmp(cfg->dpdk_pmd, "af_xdp") == 0;
}

/* "(0,1)": the CPUs this process may run on, for lcores that float. */
static void allowed_cpus(char *out, size_t len)
{
	cpu_set_t set;
	size_t used = 0;

	out[0] = '\0';
	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return;
	for (int cpu = 0; cpu < CPU_SETSIZE && used + 8 < len; cpu++)
		if (CPU_ISSET(cpu, &set))
			used += snprintf(out + used, len - used, "%s%d", used ? "," : "(", cpu);
	if (used)
		snprintf(out + used, len - used, ")");
}

/*
 * lcore 0 is the main lcore: it reads port statistics every 100 ms and floats over the allowed CPUs.
 * lcore i+1 polls queue i, pinned to cfg->cpus[i % ncpus] (or floating when no CPUs were given).
 * --lcores maps lcores onto CPUs, so workers may share a CPU with the main lcore on small machines.
 */
static void eal_lcores(const struct stack_config *cfg, struct eal_args *args)
{
	char floating[128], map[EAL_ARG_LEN];
	size_t used;

	allowed_cpus(floating, sizeof(floating));
	used = (size_t)snprintf(map, sizeof(map), "0@%s", floating);
	for (int i = 0; i < cfg->nqueues && used < sizeof(map); i++) {
		if (cfg->ncpus > 0)
			used += snprintf(map + used, sizeof(map) - used, ",%d@%d", i + 1,
					 cfg->cpus[i % cfg->ncpus]);
		else
			used += snprintf(map + used, sizeof(map) - used, ",%d@%s", i + 1, floating);
	}
	eal_add(args, "--lcores=%s", map);
}

static void eal_build(const struct dpdk_run *run, struct eal_args *args)
{
	const struct stack_config *cfg = run->cfg;
	char extra[sizeof(cfg->dpdk_args)], *save = NULL;
	bool no_huge = !is_pci(cfg) || strstr(cfg->dpdk_args, "--no-huge");

	eal_add(args, "rxtop-dpdk");
	if (!is_pci(cfg)) {
		eal_add(args, "--no-huge");
		eal_add(args, "-m");
		eal_add(args, "512");
		eal_add(args, "--no-pci");
	}
	eal_add(args, "--proc-type=primary");
	eal_add(args, "--file-prefix=rxtop-%d", (int)getpid());
	/* No shared files, no multi-process socket, no telemetry socket: nothing on disk to leak. */
	eal_add(args, no_huge ? "--no-shconf" : "--in-memory");
	eal_add(args, "--no-telemetry");
	eal_add(args, "--log-level=%s", getenv("RXTOP_DEBUG") ? "info" : "error");
	eal_lcores(cfg, args);
	if (is_af_xdp(cfg)) {
		/* One port per queue: veth and many NICs report no combined channels, which the PMD needs
		 * for queue_count > 1; single-queue ports also allow any list of queues. */
		/*
		 * busy_budget=0 unless --busy-poll, like afxdp's default (need_wakeup, no busy polling). With
		 * a budget (the PMD's default is 64) the PMD sets SO_PREFER_BUSY_POLL and calls recvfrom on
		 * every empty burst; on a socket without a NAPI id (veth) that only spins, and doctor reports
		 * busy_poll_no_napi_id. With 0 it calls poll(fd, 1000 ms) on an empty burst, but only when
		 * the kernel set need_wakeup on the fill ring: never in copy mode (veth), on a zero-copy NIC
		 * when the driver stopped polling. That poll returns as soon as a packet is there, so it
		 * costs latency after an idle spell (and up to 1 s to notice a stop), not packets
		 * (docs/stacks-dpdk.md).
		 */
		for (int i = 0; i < cfg->nqueues; i++)
			eal_add(args,
				"--vdev=net_af_xdp%d,iface=%s,start_queue=%d,queue_count=1,busy_budget=%d%s",
				i, cfg->ifname, cfg->queues[i], cfg->busy_poll ? cfg->busy_poll_budget : 0,
				cfg->zerocopy < 0 ? ",force_copy=1" : "");
	} else if (!is_pci(cfg)) {
		eal_add(args, "--vdev=net_af_packet0,iface=%s,qpairs=%d,framecnt=%d", cfg->ifname,
			cfg->nqueues, cfg->ring_size);
	}
	snprintf(extra, sizeof(extra), "%s", cfg->dpdk_args);
	for (char *tok = strtok_r(extra, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
		eal_add(args, "%s", tok);
}

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
static uint16_t dpdk_rx_ring(const struct stack_config *cfg)
{
	int ring = cfg->ring_size > 32768 ? 32768 : cfg->ring_size;

	return (uint16_t)(is_af_xdp(cfg) ? stack_dpdk_af_xdp_rx_ring(ring) : ring);
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
	if (is_pci(cfg) && run->port_queues > 1) {
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
	if (is_pci(cfg))
		rte_eth_promiscuous_enable(port);
	return 0;
}

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

/*
 * DPDK 22.11 leaves out two kinds of drops: the af_xdp PMD's imissed is the socket's rx_dropped only
 * (no rx_ring_full), and the af_packet PMD never reads PACKET_STATISTICS. Find the PMD's sockets
 * among our fds and read those counters ourselves.
 */
static void find_pmd_sockets(struct dpdk_run *run, int domain)
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
static void publish_port_stats(struct dpdk_run *run)
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
static void compare_queue_counts(struct dpdk_run *run)
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

static int ports_setup(struct dpdk_run *run, volatile sig_atomic_t *stop)
{
	const struct stack_config *cfg = run->cfg;
	int avail = (int)rte_eth_dev_count_avail(), max_queue = 0, err;

	for (int i = 0; i < cfg->nqueues; i++)
		max_queue = cfg->queues[i] > max_queue ? cfg->queues[i] : max_queue;
	run->nports = is_af_xdp(cfg) ? cfg->nqueues : 1;
	run->port_queues = is_af_xdp(cfg) ? 1 : is_pci(cfg) ? max_queue + 1 : cfg->nqueues;
	if (avail < run->nports)
		return stack_fail(run->shm, -ENODEV, "DPDK found %d ports, %d needed%s%s%s", avail,
				  run->nports,
				  is_pci(cfg) ? " (name the port with --dpdk-args '-a PCI_ADDRESS')" : "",
				  dpdk_last_log[0] ? ": " : "", dpdk_last_log);
	for (int p = 0; p < run->nports; p++) {
		err = port_setup(run, (uint16_t)p, p);
		if (err < 0)
			return err;
	}
	for (int i = 0; i < cfg->nqueues; i++) {
		struct dpdk_worker *w = &run->workers[i];

		w->port = (uint16_t)(is_af_xdp(cfg) ? i : 0);
		w->queue = (uint16_t)(is_af_xdp(cfg) ? 0 : is_pci(cfg) ? cfg->queues[i] : i);
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

static void ports_close(struct dpdk_run *run)
{
	for (int p = 0; p < run->nports; p++) {
		rte_eth_dev_stop((uint16_t)p);
		rte_eth_dev_close((uint16_t)p);
	}
	for (int p = 0; p < STACK_MAX_QUEUES; p++)
		if (run->pools[p])
			rte_mempool_free(run->pools[p]);
}

/* The running message: the PMD, its rings, and whose XDP program sees the packets (rxtop's counter or not).
 */
static void describe(const struct stack_config *cfg, char *out, size_t len)
{
	if (is_af_xdp(cfg))
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
	struct eal_args args = {0};
	int err;

	run.cfg = cfg;
	run.shm = shm;
	/* EAL's runtime directory for root; with --no-shconf it stays empty, but it is created. */
	snprintf(run.runtime_dir, sizeof(run.runtime_dir), "/var/run/dpdk/rxtop-%d", (int)getpid());
	log_quiet_libs();
	dpdk_log_capture();
	for (int l = 0; l < LOSS_SOCKET; l++)
		stack_add_loss(shm, "dpdk", loss_names[l]);
	if (is_af_xdp(cfg))
		stack_add_loss(shm, "xsk", "rx_ring_full");
	else if (!is_pci(cfg))
		stack_add_loss(shm, "af_packet", "tp_drops");
	err = janitor_start(&run, is_af_xdp(cfg));
	if (err < 0)
		return stack_fail(shm, err, "fork (cleanup helper): %s", strerror(-err));
	eal_build(&run, &args);
	if (rte_eal_init(args.argc, args.argv) < 0) {
		err = -(rte_errno ? rte_errno : EINVAL);
		stack_fail(shm, err, "rte_eal_init: %s (%s)%s", rte_strerror(rte_errno),
			   dpdk_last_log[0] ? dpdk_last_log : "no message",
			   is_pci(cfg) ? "; no hugepages? add --dpdk-args '--no-huge -m 512'" : "");
		janitor_finish(&run);
		return err;
	}
	dpdk_remove_runtime_dir(run.runtime_dir);
	err = ports_setup(&run, stop);
	if (err == 0 && !is_pci(cfg))
		find_pmd_sockets(&run, is_af_xdp(cfg) ? AF_XDP : AF_PACKET);
	if (err == 0) {
		describe(cfg, shm->message, sizeof(shm->message));
		__atomic_store_n(&shm->state, STACK_RUNNING, __ATOMIC_RELEASE);
		err = launch_workers(&run);
	}
	while (err == 0 && !*stop) {
		usleep(STATS_PERIOD_US);
		publish_port_stats(&run);
	}
	*stop = 1;
	rte_eal_mp_wait_lcore();
	if (err == 0) {
		publish_port_stats(&run);
		compare_queue_counts(&run);
	}
	ports_close(&run);
	rte_eal_cleanup();
	janitor_finish(&run);
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
	if (is_pci(cfg)) {
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
