// SPDX-License-Identifier: GPL-2.0-only
/* dpdk-testpmd rxonly on an af_xdp or af_packet vdev: the reference for rxtop's afxdp and dpdk stacks. */
#include <errno.h>
#include <glob.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench_reference.h"
#include "bench_reference_janitor.h"
#include "dpdk_leftovers.h"
#include "bench_reference_parse.h"
#include "bench_reference_proc.h"
#include "clock.h"

#define TESTPMD_MAX_ARGS 64
#define TESTPMD_ARG_LEN 192
#define TESTPMD_START_TIMEOUT_S 30.0 /* EAL init, mbuf pool, sockets: until the first stats round */
#define TESTPMD_ROUND_TIMEOUT_S 10.0 /* --stats-period=1: a round is overdue after this */
#define TESTPMD_EXIT_GRACE_S 15.0    /* SIGINT: stop forwarding, print totals, close ports */
#define TESTPMD_MBUFS 16384	     /* 16 Ki mbufs of 2 KiB: rings of 2048 on up to 4 queues, ~40 MB */
#define TESTPMD_MEMORY_MB "256"
#define TESTPMD_RING 2048 /* the af_xdp PMD's default ring, and rxtop's dpdk default */
#define IFACE_FREE_TIMEOUT_S 5.0

struct testpmd_args {
	int argc;
	char *argv[TESTPMD_MAX_ARGS + 1];
	char text[TESTPMD_MAX_ARGS][TESTPMD_ARG_LEN];
};

static void arg_add(struct testpmd_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void arg_add(struct testpmd_args *a, const char *fmt, ...)
{
	va_list ap;

	if (a->argc >= TESTPMD_MAX_ARGS)
		return;
	va_start(ap, fmt);
	vsnprintf(a->text[a->argc], TESTPMD_ARG_LEN, fmt, ap);
	va_end(ap);
	a->argv[a->argc] = a->text[a->argc];
	a->argv[++a->argc] = NULL;
}

static int rx_queue_count(const char *iface)
{
	char pattern[96];
	glob_t g;
	int n;

	snprintf(pattern, sizeof(pattern), "/sys/class/net/%s/queues/rx-*", iface);
	if (glob(pattern, 0, NULL, &g) != 0)
		return 0;
	n = (int)g.gl_pathc;
	globfree(&g);
	return n;
}

/* Combined channels the driver reports: the af_xdp PMD accepts queue_count > 1 only up to this (veth: 0). */
static int combined_channels(const char *iface)
{
	struct ethtool_channels ch = {.cmd = ETHTOOL_GCHANNELS};
	struct ifreq ifr = {0};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), n = 0;

	if (fd < 0)
		return 0;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	ifr.ifr_data = (void *)&ch;
	if (ioctl(fd, SIOCETHTOOL, &ifr) == 0)
		n = (int)ch.combined_count;
	close(fd);
	return n;
}

static bool pmd_installed(const char *pmd)
{
	char pattern[128];
	glob_t g;
	bool found;

	snprintf(pattern, sizeof(pattern), "/usr/lib/*/dpdk/pmds-*/librte_net_%s.so*", pmd);
	found = glob(pattern, 0, NULL, &g) == 0;
	if (found)
		globfree(&g);
	if (!found) {
		snprintf(pattern, sizeof(pattern), "/usr/local/lib*/dpdk/pmds-*/librte_net_%s.so*", pmd);
		found = glob(pattern, 0, NULL, &g) == 0;
		if (found)
			globfree(&g);
	}
	return found;
}

/*
 * lcore 0 is testpmd's main lcore (it prints the stats rounds and sleeps in between): it floats over CPUs
 * 0..cores-1. Forwarding lcore i+1 polls queue i pinned to CPU i. So on 2 CPUs with 2 queues: 0@(0-1),
 * 1@0, 2@1; with 1 queue: 0@0, 1@0.
 */
static void lcores_arg(struct testpmd_args *a, int cores)
{
	char map[TESTPMD_ARG_LEN];
	size_t used;

	if (cores == 1)
		used = (size_t)snprintf(map, sizeof(map), "0@0");
	else
		used = (size_t)snprintf(map, sizeof(map), "0@(0-%d)", cores - 1);
	for (int i = 0; i < cores && used < sizeof(map); i++)
		used += (size_t)snprintf(map + used, sizeof(map) - used, ",%d@%d", i + 1, i);
	arg_add(a, "--lcores=%s", map);
}

/* Returns the number of ports testpmd will forward on. */
static int build_args(struct testpmd_args *a, const char *binary, const char *pmd, const char *iface,
		      int cores, const char *prefix)
{
	int nports = 1, port_queues = cores;

	arg_add(a, "%s", binary);
	lcores_arg(a, cores);
	arg_add(a, "--no-huge");
	arg_add(a, "-m");
	arg_add(a, TESTPMD_MEMORY_MB);
	arg_add(a, "--no-pci");
	arg_add(a, "--file-prefix=%s", prefix);
	/* No shared config, multi-process or telemetry socket: nothing on disk but an empty runtime dir. */
	arg_add(a, "--no-shconf");
	arg_add(a, "--no-telemetry");
	if (strcmp(pmd, "af_xdp") == 0 && (cores == 1 || combined_channels(iface) >= cores)) {
		arg_add(a, "--vdev=net_af_xdp0,iface=%s,start_queue=0,queue_count=%d", iface, cores);
	} else if (strcmp(pmd, "af_xdp") == 0) {
		/* veth reports no combined channels, and the PMD then refuses queue_count > 1: one port per
		 * queue instead, as rxtop's dpdk stack does. */
		for (int i = 0; i < cores; i++)
			arg_add(a, "--vdev=net_af_xdp%d,iface=%s,start_queue=%d,queue_count=1", i, iface, i);
		nports = cores;
		port_queues = 1;
	} else {
		arg_add(a, "--vdev=net_af_packet0,iface=%s,qpairs=%d,framecnt=%d", iface, cores,
			TESTPMD_RING);
	}
	arg_add(a, "--");
	arg_add(a, "--forward-mode=rxonly");
	arg_add(a, "--nb-cores=%d", cores);
	arg_add(a, "--rxq=%d", port_queues);
	arg_add(a, "--txq=%d", port_queues);
	arg_add(a, "--total-num-mbufs=%d", TESTPMD_MBUFS);
	/* testpmd's mlockall made libxdp's dispatcher load fail (EPERM) here; rxtop's dpdk locks nothing. */
	arg_add(a, "--no-mlockall");
	/* Non-interactive: forwarding starts at once and port statistics are printed every second. */
	arg_add(a, "--stats-period=1");
	return nports;
}

struct testpmd_run {
	struct testpmd_stats stats;
	bool round; /* a round completed since the caller last looked */
};

static void on_line(void *ctx, const char *line, double when)
{
	struct testpmd_run *run = ctx;

	if (testpmd_stats_feed(&run->stats, line, when))
		run->round = true;
}

/* Reads output until the next stats round; -EPIPE when testpmd ended, -ETIMEDOUT when none came. */
static int next_round(struct reference_proc *p, struct testpmd_run *run, double timeout_s)
{
	double end = monotonic_seconds() + timeout_s;

	run->round = false;
	while (!run->round) {
		double left = end - monotonic_seconds();
		int err;

		if (left <= 0)
			return -ETIMEDOUT;
		err = reference_read(p, left);
		if (err < 0 && !run->round)
			return err;
	}
	return 0;
}

static int check_target(const char *pmd, const struct bench_config *cfg, int cores, int *ifindex, char *err,
			size_t len)
{
	int queues, cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	uint32_t prog;

	if (geteuid() != 0) {
		snprintf(err, len, "testpmd-%s: DPDK's %s vdev needs root", pmd, pmd);
		return -EPERM;
	}
	*ifindex = (int)if_nametoindex(cfg->iface);
	if (!*ifindex) {
		snprintf(err, len, "testpmd-%s: no interface %s", pmd, cfg->iface);
		return -ENODEV;
	}
	queues = rx_queue_count(cfg->iface);
	if (queues < cores) {
		snprintf(err, len, "testpmd-%s: %s has %d rx queues, fewer than %d cores", pmd, cfg->iface,
			 queues, cores);
		return -EINVAL;
	}
	if (cores > cpus || cores >= TESTPMD_MAX_PORTS) {
		snprintf(err, len, "testpmd-%s: %d cores asked, %d CPUs online", pmd, cores, cpus);
		return -EINVAL;
	}
	prog = strcmp(pmd, "af_xdp") == 0 ? dpdk_attached_xdp_id(*ifindex) : 0;
	if (prog) {
		snprintf(
		    err, len,
		    "testpmd-af_xdp: XDP program id %u is attached to %s; detach rxtop's counter while the "
		    "reference runs",
		    prog, cfg->iface);
		return -EBUSY;
	}
	return 0;
}

/* The af_xdp PMD removes its program when its ports close; the janitor removed what was left. Wait for it. */
static int wait_iface_free(int ifindex, const char *pmd, const char *iface, char *err, size_t len)
{
	double end = monotonic_seconds() + IFACE_FREE_TIMEOUT_S;

	if (strcmp(pmd, "af_xdp"))
		return 0;
	while (dpdk_attached_xdp_id(ifindex)) {
		if (monotonic_seconds() > end) {
			snprintf(err, len,
				 "testpmd-af_xdp: an XDP program is still attached to %s after testpmd ended",
				 iface);
			return -EBUSY;
		}
		usleep(50 * 1000);
	}
	return 0;
}

/* Runs testpmd until the measured window is over; fills *rx_pps from its own stats rounds. */
static int measure(struct reference_proc *p, struct testpmd_run *run, const char *pmd, double warmup,
		   double seconds, double *rx_pps, char *err, size_t len)
{
	double start_time, ready;
	uint64_t start_rx;
	int rc = next_round(p, run, TESTPMD_START_TIMEOUT_S);

	if (rc < 0) {
		snprintf(err, len, "testpmd-%s did not start forwarding%s: %s", pmd,
			 rc == -ETIMEDOUT ? " within 30 s" : "",
			 p->last_line[0] ? p->last_line : "no output");
		return rc == -ETIMEDOUT ? -ETIMEDOUT : -EIO;
	}
	/* Warm-up: counted from testpmd's first round (ports up, forwarding lcores polling). */
	ready = run->stats.round_time;
	do {
		rc = next_round(p, run, TESTPMD_ROUND_TIMEOUT_S);
	} while (rc == 0 && run->stats.round_time - ready < warmup);
	start_time = run->stats.round_time;
	start_rx = run->stats.round_rx;
	while (rc == 0 && run->stats.round_time - start_time < seconds - 0.05)
		rc = next_round(p, run, TESTPMD_ROUND_TIMEOUT_S);
	if (rc < 0) {
		snprintf(err, len, "testpmd-%s stopped printing statistics: %s", pmd,
			 p->last_line[0] ? p->last_line : "no output");
		return -EIO;
	}
	*rx_pps = (double)(run->stats.round_rx - start_rx) / (run->stats.round_time - start_time);
	return 0;
}

int reference_testpmd_run(const char *pmd, const struct bench_config *cfg, int size, int cores,
			  double seconds, double *rx_pps, char *err, size_t len)
{
	struct testpmd_args args = {0};
	struct testpmd_run run;
	struct reference_proc proc;
	struct reference_janitor janitor = {0};
	char binary[256], prefix[64], runtime_dir[128], transcript_path[600], free_err[160];
	FILE *transcript;
	int ifindex, nports, pidfd, rc, rc_free;

	if (reference_find_binary("dpdk-testpmd", binary, sizeof(binary)) < 0) {
		snprintf(err, len, "testpmd-%s: dpdk-testpmd not found (install Debian's dpdk package)", pmd);
		return -ENOENT;
	}
	if (!pmd_installed(pmd)) {
		snprintf(err, len, "testpmd-%s: DPDK's net_%s PMD (librte_net_%s) is not installed", pmd, pmd,
			 pmd);
		return -ENOTSUP;
	}
	rc = check_target(pmd, cfg, cores, &ifindex, err, len);
	if (rc < 0)
		return rc;
	snprintf(prefix, sizeof(prefix), "rxtop-ref-%d-%d", (int)getpid(),
		 (int)(monotonic_seconds() * 1000) % 100000);
	snprintf(runtime_dir, sizeof(runtime_dir), "/var/run/dpdk/%s", prefix);
	nports = build_args(&args, binary, pmd, cfg->iface, cores, prefix);
	testpmd_stats_init(&run.stats, nports);
	run.round = false;
	transcript = reference_transcript_open(cfg->out_dir,
					       strcmp(pmd, "af_xdp") ? "testpmd-af_packet" : "testpmd-af_xdp",
					       size, cores, transcript_path, sizeof(transcript_path));
	if (transcript) {
		fprintf(transcript, "#");
		for (int i = 0; i < args.argc; i++)
			fprintf(transcript, " %s", args.argv[i]);
		fprintf(transcript, "\n");
	}
	rc = reference_spawn(&proc, args.argv, transcript, on_line, &run);
	if (rc < 0) {
		snprintf(err, len, "testpmd-%s: fork: %s", pmd, strerror(-rc));
		if (transcript)
			fclose(transcript);
		return rc;
	}
	/* If we die from here on, the janitor detaches the PMD's program once testpmd is gone. */
	pidfd = (int)syscall(SYS_pidfd_open, proc.pid, 0);
	rc = reference_janitor_start(&janitor, strcmp(pmd, "af_xdp") ? 0 : ifindex, 0, pidfd, runtime_dir);
	if (pidfd >= 0)
		close(pidfd);
	if (rc == 0)
		rc = measure(&proc, &run, pmd, reference_warmup_seconds(cfg->warmup_s), seconds, rx_pps, err,
			     len);
	else
		snprintf(err, len, "testpmd-%s: cannot start its janitor: %s", pmd, strerror(-rc));
	/* SIGINT: testpmd stops forwarding, prints its totals and closes its ports (the PMD detaches). */
	reference_stop(&proc, SIGINT, TESTPMD_EXIT_GRACE_S);
	reference_janitor_finish(&janitor);
	dpdk_remove_runtime_dir(runtime_dir);
	if (transcript) {
		fprintf(transcript, "# rxtop: rx_pps=%.0f over %d rounds; accumulated rx=%llu dropped=%llu\n",
			*rx_pps, run.stats.rounds, (unsigned long long)run.stats.final_rx,
			(unsigned long long)run.stats.final_dropped);
		fclose(transcript);
	}
	rc_free = wait_iface_free(ifindex, pmd, cfg->iface, free_err, sizeof(free_err));
	if (rc == 0 && rc_free < 0) {
		snprintf(err, len, "%s", free_err);
		return rc_free;
	}
	return rc;
}
