// SPDX-License-Identifier: GPL-2.0-only
/* Developer entry: rxtop-dev __overhead -p PID [-p PID]... [-d SECONDS] prints what the overhead probes
 * counted. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "commands.h"
#include "dev_commands.h"
#include "log.h"
#include "overhead.h"
#include "stop_signals.h"

#define MAX_PIDS 16

static volatile sig_atomic_t stop;

/* Names of the OVERHEAD_HAVE_* bits, lowest first. */
static const char *const metric_names[] = {"syscalls", "syscall_time", "syscall_cpu", "switches",
					   "runq",     "softirq",      "iouring"};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rxtop-dev __overhead -p PID [-p PID]... [-d SECONDS]\n"
		"Counts syscalls, context switches, run-queue wait, io_uring events of each PID and NET_RX\n"
		"softirq time for SECONDS (default 1, or until SIGINT/SIGTERM), then prints them.\n");
}

/* Sleeps seconds, or less when a signal asks to stop. */
static void wait_for(double seconds)
{
	struct timespec now, end;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)seconds;
	end.tv_nsec += (long)((seconds - (time_t)seconds) * 1e9);
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	while (!stop) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;
		usleep(10000);
	}
}

static void print_process(pid_t pid, const struct overhead_sample *s)
{
	printf("pid %d syscalls %llu\n", pid, (unsigned long long)s->syscalls);
	printf("pid %d syscall_cpu_ns %llu\n", pid, (unsigned long long)s->syscall_cpu_ns);
	printf("pid %d user_ns %llu\n", pid, (unsigned long long)s->user_ns);
	printf("pid %d oncpu_ns %llu\n", pid, (unsigned long long)s->oncpu_ns);
	printf("pid %d offcpu_ns %llu\n", pid, (unsigned long long)s->offcpu_ns);
	printf("pid %d runq_wait_ns %llu\n", pid, (unsigned long long)s->runq_wait_ns);
	printf("pid %d runq_waits %llu\n", pid, (unsigned long long)s->runq_waits);
	printf("pid %d switches_voluntary %llu\n", pid, (unsigned long long)s->switches_voluntary);
	printf("pid %d switches_involuntary %llu\n", pid, (unsigned long long)s->switches_involuntary);
	printf("pid %d iouring_cqring_wait %llu\n", pid, (unsigned long long)s->iouring_cqring_wait);
	printf("pid %d iouring_task_work_run %llu\n", pid, (unsigned long long)s->iouring_task_work_run);
	printf("pid %d iouring_local_work_run %llu\n", pid, (unsigned long long)s->iouring_local_work_run);
	printf("pid %d iouring_cqe_overflow %llu\n", pid, (unsigned long long)s->iouring_cqe_overflow);
	printf("pid %d iouring_complete %llu\n", pid, (unsigned long long)s->iouring_complete);
	for (int i = 0; i < s->nsyscalls; i++)
		printf("pid %d syscall %s %llu %llu\n", pid, s->top_syscalls[i].name,
		       (unsigned long long)s->top_syscalls[i].count,
		       (unsigned long long)s->top_syscalls[i].ns);
}

int cmd_overhead_debug(int argc, char **argv)
{
	struct bpf_prog_cost costs[SNAP_MAX_PROBES];
	struct probe_status probes[SNAP_MAX_PROBES];
	pid_t pids[MAX_PIDS];
	struct overhead *o = NULL;
	char why[256];
	int npids = 0, err, n, status = EXIT_RUNTIME, stats_fd = -1;
	double seconds = 1;
	char *end;
	int opt;

	while ((opt = getopt(argc, argv, "p:d:h")) != -1) {
		switch (opt) {
		case 'p':
			if (npids >= MAX_PIDS) {
				log_user("rxtop-dev __overhead: at most %d -p", MAX_PIDS);
				return EXIT_USAGE;
			}
			pids[npids] = strtol(optarg, &end, 10);
			if (*end || pids[npids] <= 0) {
				log_user("rxtop-dev __overhead: -p wants a pid, not '%s'", optarg);
				return EXIT_USAGE;
			}
			npids++;
			break;
		case 'd':
			seconds = strtod(optarg, &end);
			if (*end || !(seconds > 0)) {
				log_user("rxtop-dev __overhead: -d wants seconds > 0, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc || npids == 0) {
		usage(stderr);
		return EXIT_USAGE;
	}

	log_quiet_libs();
	err = overhead_open(&o, why, sizeof(why));
	if (err) {
		log_user("rxtop-dev __overhead: %s", why);
		return err == -EPERM ? EXIT_USAGE : EXIT_RUNTIME;
	}
	for (int i = 0; i < npids; i++) {
		err = overhead_track(o, pids[i]);
		if (err) {
			log_user("rxtop-dev __overhead: cannot track pid %d: %s", pids[i], strerror(-err));
			goto cleanup;
		}
	}
	n = overhead_probes(o, probes, SNAP_MAX_PROBES);
	for (int i = 0; i < n; i++)
		printf("probe %s %s\n", probes[i].name, probes[i].attach);
	printf("metrics");
	for (size_t i = 0; i < sizeof(metric_names) / sizeof(metric_names[0]); i++)
		if (overhead_have(o) & (1u << i))
			printf(" %s", metric_names[i]);
	printf("\n");
	/* A developer entry: statistics on all the time, so the costs below cover the whole window. */
	stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	/* Tests start their workload on this line: everything after it is counted. */
	printf("ready\n");
	fflush(stdout);

	stop_signals_install(&stop);
	wait_for(seconds);

	for (int i = 0; i < npids; i++) {
		struct overhead_sample s;

		if (overhead_process(o, pids[i], &s) == 0)
			print_process(pids[i], &s);
		else
			printf("pid %d nothing-counted\n", pids[i]);
	}
	printf("softirq_net_rx_ns %llu\n", (unsigned long long)overhead_softirq_ns(o, NULL, 0));
	n = overhead_costs(o, costs, SNAP_MAX_PROBES);
	for (int i = 0; i < n; i++)
		printf("cost %s %s run_cnt %llu run_time_ns %llu recursion_misses %llu\n", costs[i].probe,
		       costs[i].attach, (unsigned long long)costs[i].run_cnt,
		       (unsigned long long)costs[i].run_time_ns,
		       (unsigned long long)costs[i].recursion_misses);
	status = 0;

cleanup:
	if (stats_fd >= 0)
		close(stats_fd);
	overhead_close(o);
	return status;
}
