// SPDX-License-Identifier: GPL-2.0-only
/* Reads a process's CPU time and context switches from /proc (summed over its threads) and sysfs netdev
 * stats. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"

int read_small_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return (int)n;
}

/* utime and stime of /proc/PID/stat are process-wide (all threads), in clock ticks. */
static int read_stat(pid_t pid, struct proc_usage *out)
{
	unsigned long long utime, stime;
	char path[64], buf[1024], *close_paren;
	long ticks = sysconf(_SC_CLK_TCK);
	int err;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	err = read_small_file(path, buf, sizeof(buf));
	if (err < 0)
		return err == -ENOENT ? -ESRCH : err;
	/* comm may hold spaces and parentheses: the fields start after the last ')'. */
	close_paren = strrchr(buf, ')');
	if (!close_paren)
		return -EINVAL;
	{
		char *open_paren = strchr(buf, '(');
		size_t n = open_paren ? (size_t)(close_paren - open_paren - 1) : 0;

		if (n >= sizeof(out->comm))
			n = sizeof(out->comm) - 1;
		memcpy(out->comm, open_paren ? open_paren + 1 : "", n);
		out->comm[n] = '\0';
	}
	/* After ')': state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14)
	 * stime(15) */
	if (sscanf(close_paren + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime,
		   &stime) != 2)
		return -EINVAL;
	out->cpu_user_ns = utime * (1000000000ULL / (uint64_t)ticks);
	out->cpu_sys_ns = stime * (1000000000ULL / (uint64_t)ticks);
	return 0;
}

static void add_task_switches(const char *status_path, struct proc_usage *out)
{
	char buf[4096], *p;
	unsigned long long v;

	if (read_small_file(status_path, buf, sizeof(buf)) < 0)
		return;
	p = strstr(buf, "\nvoluntary_ctxt_switches:");
	if (p && sscanf(p, "\nvoluntary_ctxt_switches: %llu", &v) == 1)
		out->ctxsw_voluntary += v;
	p = strstr(buf, "\nnonvoluntary_ctxt_switches:");
	if (p && sscanf(p, "\nnonvoluntary_ctxt_switches: %llu", &v) == 1)
		out->ctxsw_involuntary += v;
}

int proc_usage_read(pid_t pid, struct proc_usage *out)
{
	char path[64];
	struct dirent *entry;
	DIR *tasks;
	int err;

	memset(out, 0, sizeof(*out));
	err = read_stat(pid, out);
	if (err < 0)
		return err;
	/* /proc/PID/status counts the main thread only; the workers are in task/. */
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	tasks = opendir(path);
	if (!tasks)
		return -ESRCH;
	while ((entry = readdir(tasks))) {
		char status[300];

		if (entry->d_name[0] == '.')
			continue;
		snprintf(status, sizeof(status), "/proc/%d/task/%s/status", (int)pid, entry->d_name);
		add_task_switches(status, out);
	}
	closedir(tasks);
	return 0;
}

int proc_thread_times(pid_t pid, struct thread_times *out, int max)
{
	char path[64];
	struct dirent *entry;
	DIR *tasks;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	tasks = opendir(path);
	if (!tasks)
		return -ESRCH;
	while ((entry = readdir(tasks)) && n < max) {
		char file[300], buf[96];
		unsigned long long run, wait;

		if (entry->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "/proc/%d/task/%s/schedstat", (int)pid, entry->d_name);
		/* A thread that ended since readdir is simply left out. */
		if (read_small_file(file, buf, sizeof(buf)) < 0 || sscanf(buf, "%llu %llu", &run, &wait) != 2)
			continue;
		out[n++] = (struct thread_times){.tid = atoi(entry->d_name), .run_ns = run, .wait_ns = wait};
	}
	closedir(tasks);
	return n;
}

static int read_u64(const char *iface, const char *name, uint64_t *out)
{
	char path[128], buf[32];
	int err;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", iface, name);
	err = read_small_file(path, buf, sizeof(buf));
	if (err < 0)
		return err;
	return sscanf(buf, "%" SCNu64, out) == 1 ? 0 : -EINVAL;
}

int netdev_stats_read(const char *iface, struct netdev_stats *out)
{
	int err = read_u64(iface, "rx_packets", &out->rx_packets);

	if (err < 0)
		return err;
	read_u64(iface, "rx_bytes", &out->rx_bytes);
	read_u64(iface, "rx_dropped", &out->rx_dropped);
	read_u64(iface, "rx_errors", &out->rx_errors);
	return 0;
}

/* /proc/net/snmp holds a header line of names and a line of values per protocol: match them by name. */
int udp_snmp_read(struct udp_snmp *out)
{
	char names[512], values[512];
	FILE *f = fopen("/proc/net/snmp", "re");
	int err = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(names, sizeof(names), f) && fgets(values, sizeof(values), f)) {
		char *name_save, *value_save;
		char *name = strtok_r(names, " \n", &name_save);
		char *value = strtok_r(values, " \n", &value_save);

		if (!name || strcmp(name, "Udp:") != 0)
			continue;
		memset(out, 0, sizeof(*out));
		while ((name = strtok_r(NULL, " \n", &name_save)) &&
		       (value = strtok_r(NULL, " \n", &value_save))) {
			if (strcmp(name, "InErrors") == 0)
				out->in_errors = strtoull(value, NULL, 10);
			else if (strcmp(name, "RcvbufErrors") == 0)
				out->rcvbuf_errors = strtoull(value, NULL, 10);
		}
		err = 0;
		break;
	}
	fclose(f);
	return err;
}

int netdev_rx_queue_count(const char *iface)
{
	char path[128];
	struct dirent *entry;
	int n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/class/net/%s/queues", iface);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((entry = readdir(dir)))
		if (strncmp(entry->d_name, "rx-", 3) == 0)
			n++;
	closedir(dir);
	return n;
}

long netdev_sysfs_long(const char *ifname, const char *file)
{
	char path[128];
	long value = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &value) != 1)
		value = -1;
	fclose(f);
	return value;
}
