// SPDX-License-Identifier: GPL-2.0-only
/* The procfs side of the receive-path map: CPU lists, threads' CPUs, /proc/interrupts and /proc/softirqs. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"
#include "rx_path.h"

bool snap_cpus_empty(const struct snap_cpus *s)
{
	for (int i = 0; i < SNAP_CPU_WORDS; i++)
		if (s->bits[i])
			return false;
	return true;
}

void snap_cpus_format(const struct snap_cpus *s, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int cpu = 0; cpu < SNAP_MAX_CPUS; cpu++) {
		int last = cpu;

		if (!snap_cpus_has(s, cpu))
			continue;
		while (last + 1 < SNAP_MAX_CPUS && snap_cpus_has(s, last + 1))
			last++;
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, last > cpu ? "%s%d-%d" : "%s%d",
						 used ? "," : "", cpu, last);
		cpu = last;
	}
}

int snap_cpus_parse(const char *text, struct snap_cpus *out)
{
	const char *p = text;

	memset(out, 0, sizeof(*out));
	while (*p && *p != '\n') {
		char *end;
		long first = strtol(p, &end, 10), last;

		if (end == p || first < 0)
			return -EINVAL;
		last = first;
		if (*end == '-') {
			p = end + 1;
			last = strtol(p, &end, 10);
			if (end == p || last < first)
				return -EINVAL;
		}
		for (long cpu = first; cpu <= last && cpu < SNAP_MAX_CPUS; cpu++)
			snap_cpus_set(out, (int)cpu);
		p = end;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -EINVAL;
	}
	return 0;
}

int thread_last_cpu(pid_t pid, pid_t tid)
{
	char path[64], buf[1024], *p;
	int field = 2, cpu = -1;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	if (read_small_file(path, buf, sizeof(buf)) < 0)
		return -1;
	/* The name (field 2) may hold spaces and parentheses: count from its last ')'. */
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	while ((p = strchr(p + 1, ' ')) != NULL)
		if (++field == 39) {
			cpu = atoi(p + 1);
			break;
		}
	return cpu;
}

int thread_affinity(pid_t tid, struct snap_cpus *out)
{
	cpu_set_t set;

	memset(out, 0, sizeof(*out));
	if (sched_getaffinity(tid, sizeof(set), &set) < 0)
		return -errno;
	for (int cpu = 0; cpu < SNAP_MAX_CPUS && cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			snap_cpus_set(out, cpu);
	return 0;
}

int process_threads(pid_t pid, pid_t *out, int max)
{
	char path[64];
	struct dirent *e;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((e = readdir(d)) != NULL && n < max)
		if (isdigit((unsigned char)e->d_name[0]))
			out[n++] = (pid_t)atoi(e->d_name);
	closedir(d);
	return n;
}

int irq_cpus_read(int irq, const char *file, struct snap_cpus *out)
{
	char path[80], buf[1024];
	FILE *f;
	int err = -EIO;

	snprintf(path, sizeof(path), "/proc/irq/%d/%s", irq, file);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	if (fgets(buf, sizeof(buf), f))
		err = snap_cpus_parse(buf, out);
	fclose(f);
	return err;
}

void irq_counts_free(struct irq_counts *c)
{
	free(c->irqs);
	free(c->names);
	free(c->counts);
	c->irqs = NULL;
	c->names = NULL;
	c->counts = NULL;
	c->nirqs = c->cap = 0;
}

static int grow(struct irq_counts *c)
{
	int cap = c->cap ? c->cap * 2 : 64;
	int *irqs = realloc(c->irqs, (size_t)cap * sizeof(*irqs));
	char(*names)[48];
	uint64_t *counts;

	if (!irqs)
		return -ENOMEM;
	c->irqs = irqs;
	names = realloc(c->names, (size_t)cap * sizeof(*names));
	if (!names)
		return -ENOMEM;
	c->names = names;
	counts = realloc(c->counts, (size_t)cap * (size_t)c->ncpus * sizeof(*counts));
	if (!counts)
		return -ENOMEM;
	c->counts = counts;
	c->cap = cap;
	return 0;
}

/* One "N: c0 c1 ... chip hwirq action" line. */
static int parse_line(struct irq_counts *c, const char *line)
{
	const char *p = line, *last;
	char *end;
	long irq;
	int i;

	while (*p == ' ')
		p++;
	irq = strtol(p, &end, 10);
	if (end == p || *end != ':')
		return 0; /* NMI:, LOC:, ... are not device lines */
	if (c->nirqs == c->cap && grow(c))
		return -ENOMEM;
	i = c->nirqs++;
	c->irqs[i] = (int)irq;
	p = end + 1;
	for (int cpu = 0; cpu < c->ncpus; cpu++) {
		c->counts[(size_t)i * (size_t)c->ncpus + (size_t)cpu] = strtoull(p, &end, 10);
		p = end;
	}
	/* The action names are the last word ("eth0-TxRx-0"); several shared actions are comma-joined. */
	last = line + strlen(line);
	while (last > p && isspace((unsigned char)last[-1]))
		last--;
	end = (char *)last;
	while (last > p && !isspace((unsigned char)last[-1]))
		last--;
	snprintf(c->names[i], sizeof(c->names[i]), "%.*s", (int)(end - last), last);
	return 0;
}

int irq_counts_parse(struct irq_counts *c, const char *text)
{
	const char *line = text, *nl;

	c->nirqs = 0;
	c->ncpus = 0;
	/* The header names the CPU columns: "CPU0 CPU1 ...". */
	for (const char *p = text; *p && *p != '\n'; p++)
		if (!strncmp(p, "CPU", 3))
			c->ncpus++;
	if (c->ncpus == 0 || c->ncpus > SNAP_MAX_CPUS)
		return -EINVAL;
	/* The arrays were sized for the old CPU count. */
	irq_counts_free(c);
	while ((nl = strchr(line, '\n')) != NULL) {
		char buf[4096];

		line = nl + 1;
		nl = strchr(line, '\n');
		snprintf(buf, sizeof(buf), "%.*s", (int)(nl ? nl - line : (long)strlen(line)), line);
		if (parse_line(c, buf))
			return -ENOMEM;
	}
	return 0;
}

static int read_all(const char *path, char **out)
{
	size_t cap = 65536, len = 0, n;
	char *buf = malloc(cap);
	FILE *f = fopen(path, "r");

	if (!f || !buf) {
		int err = f ? -ENOMEM : -errno;

		free(buf);
		if (f)
			fclose(f);
		return err;
	}
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		char *more;

		len += n;
		if (len + 1 < cap)
			continue;
		more = realloc(buf, cap * 2);
		if (!more)
			break;
		buf = more;
		cap *= 2;
	}
	fclose(f);
	buf[len] = '\0';
	*out = buf;
	return 0;
}

static void read_net_rx(struct irq_counts *c)
{
	char *text = NULL, *line;

	c->have_net_rx = false;
	if (read_all("/proc/softirqs", &text))
		return;
	line = strstr(text, "NET_RX:");
	if (line) {
		char *p = line + strlen("NET_RX:"), *end;

		for (int cpu = 0; cpu < SNAP_MAX_CPUS; cpu++, p = end) {
			c->net_rx[cpu] = strtoull(p, &end, 10);
			if (end == p)
				break;
		}
		c->have_net_rx = true;
	}
	free(text);
}

int irq_counts_read(struct irq_counts *c)
{
	char *text = NULL;
	int err = read_all("/proc/interrupts", &text);

	read_net_rx(c);
	if (err)
		return err;
	err = irq_counts_parse(c, text);
	free(text);
	return err;
}

int irq_counts_find(const struct irq_counts *c, int irq)
{
	for (int i = 0; i < c->nirqs; i++)
		if (c->irqs[i] == irq)
			return i;
	return -1;
}

/* True when name has ifname as a whole dash-separated part, ends in "-queue", and says rx somewhere. */
static bool names_queue(const char *name, const char *ifname, int queue)
{
	size_t ilen = strlen(ifname), nlen = strlen(name);
	const char *at = name;
	char tail[16];
	bool whole = false, rx = false;

	while ((at = strstr(at, ifname)) != NULL) {
		whole = whole || ((at == name || at[-1] == '-') && (at[ilen] == '-'));
		at++;
	}
	for (const char *p = name; *p; p++)
		rx = rx || !strncasecmp(p, "rx", 2);
	snprintf(tail, sizeof(tail), "-%d", queue);
	return whole && rx && nlen > strlen(tail) && !strcmp(name + nlen - strlen(tail), tail);
}

int irq_counts_by_name(const struct irq_counts *c, const char *ifname, int queue)
{
	for (int i = 0; i < c->nirqs; i++)
		if (names_queue(c->names[i], ifname, queue))
			return c->irqs[i];
	return -1;
}
