// SPDX-License-Identifier: GPL-2.0-only
/* The dpdk stack's EAL: its arguments (lcores, vdevs), DPDK's log, and the helper that cleans up after a run.
 */
#ifdef HAVE_DPDK

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_log.h>

#include "dpdk_leftovers.h"
#include "dpdk_run.h"
#include "log.h"

#define EAL_MAX_ARGS 64
#define EAL_ARG_LEN 160

struct eal_args {
	int argc;
	char *argv[EAL_MAX_ARGS + 1];
	char text[EAL_MAX_ARGS][EAL_ARG_LEN];
};

/* ---- DPDK's log: kept for error messages, shown only with RXTOP_DEBUG ---- */

char dpdk_last_log[DPDK_LAST_LOG_LEN];
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

void dpdk_log_capture(void)
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
 * The child dies with SIGKILL when rxtop does, so it cannot clean up after itself: the shared janitor
 * (dpdk_leftovers.c) detaches the PMD's XDP program if it is still attached and removes the EAL runtime
 * directory once the child is gone, however it ended.
 */
int dpdk_janitor_start(struct dpdk_run *run, bool watch_xdp)
{
	return leftovers_janitor_start(&run->janitor, watch_xdp ? run->cfg->ifindex : 0, run->runtime_dir);
}

/* Normal exit: let the janitor do its pass now and wait for it, so nothing of ours outlives the run. */
void dpdk_janitor_finish(struct dpdk_run *run)
{
	leftovers_janitor_finish(&run->janitor);
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
	bool no_huge = !dpdk_is_pci(cfg) || strstr(cfg->dpdk_args, "--no-huge");

	eal_add(args, "rxtop-dpdk");
	if (!dpdk_is_pci(cfg)) {
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
	if (dpdk_is_af_xdp(cfg)) {
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
	} else if (!dpdk_is_pci(cfg)) {
		eal_add(args, "--vdev=net_af_packet0,iface=%s,qpairs=%d,framecnt=%d", cfg->ifname,
			cfg->nqueues, cfg->ring_size);
	}
	snprintf(extra, sizeof(extra), "%s", cfg->dpdk_args);
	for (char *tok = strtok_r(extra, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
		eal_add(args, "%s", tok);
}

int dpdk_eal_init(const struct dpdk_run *run)
{
	static struct eal_args args; /* EAL may keep pointers into argv */

	memset(&args, 0, sizeof(args));
	eal_build(run, &args);
	return rte_eal_init(args.argc, args.argv);
}

#else
/* Without DPDK this file is empty; the typedef keeps ISO C happy. */
typedef int dpdk_eal_not_built;
#endif /* HAVE_DPDK */
