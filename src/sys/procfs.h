// SPDX-License-Identifier: GPL-2.0-only
/* Reads a process's CPU time and context switches from /proc (summed over its threads) and sysfs netdev
 * stats. */
#ifndef RXTOP_PROCFS_H
#define RXTOP_PROCFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* A getrusage result's CPU time, user + system, in ns: the scheduler's own run time, to the microsecond
 * (where /proc's stat counts 10-ms ticks). */
static inline uint64_t rusage_cpu_ns(const struct rusage *r)
{
	return (uint64_t)(r->ru_utime.tv_sec + r->ru_stime.tv_sec) * 1000000000ULL +
	       (uint64_t)(r->ru_utime.tv_usec + r->ru_stime.tv_usec) * 1000ULL;
}

struct proc_usage {
	char comm[16];
	uint64_t cpu_user_ns, cpu_sys_ns;
	uint64_t ctxsw_voluntary, ctxsw_involuntary; /* summed over /proc/PID/task/ */
};

/* A /proc or /sys file, up to len - 1 bytes, NUL-terminated: how many bytes, or -errno. */
int read_small_file(const char *path, char *buf, size_t len);

/* 0, or -errno (e.g. -ESRCH when the process is gone). */
int proc_usage_read(pid_t pid, struct proc_usage *out);

/* One thread's scheduler times (/proc/PID/task/TID/schedstat): on a CPU, and runnable but waiting for one. */
struct thread_times {
	int tid;
	uint64_t run_ns, wait_ns;
};

/* Up to max of pid's threads into out; how many, or -errno (-ESRCH when the process is gone). */
int proc_thread_times(pid_t pid, struct thread_times *out, int max);

struct netdev_stats {
	uint64_t rx_packets, rx_bytes, rx_dropped, rx_errors;
};

int netdev_stats_read(const char *iface, struct netdev_stats *out);
/* UDP receive errors of this network namespace, from /proc/net/snmp (all sockets, all interfaces). */
struct udp_snmp {
	uint64_t in_errors;	/* Udp InErrors: datagrams that reached UDP and were not queued, any cause */
	uint64_t rcvbuf_errors; /* Udp RcvbufErrors: the socket's receive buffer was full */
};

int udp_snmp_read(struct udp_snmp *out);
/* Number of rx queues (/sys/class/net/IFACE/queues/rx-*), or -errno. */
int netdev_rx_queue_count(const char *iface);
/* One number from /sys/class/net/IFACE/FILE (mtu, threaded, ...), or -1 when it cannot be read. */
long netdev_sysfs_long(const char *iface, const char *file);

#endif
