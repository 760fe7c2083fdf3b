// SPDX-License-Identifier: GPL-2.0-only
/* A process's scheduler figures since a starting point, from its threads' /proc files. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "procfs.h"
#include "thread_sched.h"

/* One thread's cumulative counters, as the kernel keeps them from the thread's birth. */
struct thread_counters {
	uint64_t run_ns, wait_ns, slices, voluntary, involuntary;
};

struct thread_entry {
	int tid;
	bool seen;		     /* at the reading under way */
	uint64_t since_ns;	     /* boot-time ns its counting began: the tally's start, or its birth */
	uint64_t last_ns;	     /* boot-time ns of its last reading */
	struct thread_counters base; /* its counters when its counting began */
	struct thread_counters last; /* at its last reading */
};

struct sched_tally {
	pid_t tgid;
	uint64_t start_ns; /* boot-time ns */
	struct thread_entry *threads;
	int n, cap;
	struct sched_totals gone; /* threads that ended, as last read */
	struct sched_totals last; /* the last result, kept once the process is gone */
};

/* CLOCK_BOOTTIME: the clock /proc/PID/task/TID/stat's start time counts on. */
static uint64_t boottime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int read_counters(pid_t tgid, const char *tid, struct thread_counters *out)
{
	char path[96], buf[4096], *p;
	unsigned long long run, wait, slices, v;

	snprintf(path, sizeof(path), "/proc/%d/task/%s/schedstat", (int)tgid, tid);
	if (read_small_file(path, buf, sizeof(buf)) < 0 ||
	    sscanf(buf, "%llu %llu %llu", &run, &wait, &slices) != 3)
		return -ENOENT;
	*out = (struct thread_counters){.run_ns = run, .wait_ns = wait, .slices = slices};
	snprintf(path, sizeof(path), "/proc/%d/task/%s/status", (int)tgid, tid);
	if (read_small_file(path, buf, sizeof(buf)) < 0)
		return -ENOENT;
	p = strstr(buf, "\nvoluntary_ctxt_switches:");
	if (p && sscanf(p, "\nvoluntary_ctxt_switches: %llu", &v) == 1)
		out->voluntary = v;
	p = strstr(buf, "\nnonvoluntary_ctxt_switches:");
	if (p && sscanf(p, "\nnonvoluntary_ctxt_switches: %llu", &v) == 1)
		out->involuntary = v;
	return 0;
}

/* The thread's birth in boot-time ns (stat's 22nd field, in clock ticks); 0 when it cannot be read. */
static uint64_t thread_birth_ns(pid_t tgid, const char *tid)
{
	char path[96], buf[1024], *close_paren;
	unsigned long long start;
	long hz = sysconf(_SC_CLK_TCK);

	snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", (int)tgid, tid);
	if (read_small_file(path, buf, sizeof(buf)) < 0 || hz <= 0)
		return 0;
	/* comm may hold spaces and parentheses: the fields start after the last ')', with state (3rd). */
	close_paren = strrchr(buf, ')');
	if (!close_paren ||
	    sscanf(close_paren + 2,
		   "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
		   &start) != 1)
		return 0;
	return start * (1000000000ULL / (uint64_t)hz);
}

static struct thread_entry *entry_of(struct sched_tally *t, int tid)
{
	for (int i = 0; i < t->n; i++)
		if (t->threads[i].tid == tid)
			return &t->threads[i];
	return NULL;
}

static struct thread_entry *entry_add(struct sched_tally *t, int tid)
{
	if (t->n == t->cap) {
		int cap = t->cap ? 2 * t->cap : 8;
		struct thread_entry *grown = realloc(t->threads, (size_t)cap * sizeof(*grown));

		if (!grown)
			return NULL;
		t->threads = grown;
		t->cap = cap;
	}
	t->threads[t->n] = (struct thread_entry){.tid = tid};
	return &t->threads[t->n++];
}

/* Adds what one thread did since its counting began, as of its last reading. */
static void add_thread(struct sched_totals *sum, const struct thread_entry *e)
{
	uint64_t run = e->last.run_ns - e->base.run_ns, lived = e->last_ns - e->since_ns;

	sum->oncpu_ns += run;
	sum->runq_wait_ns += e->last.wait_ns - e->base.wait_ns;
	sum->runq_waits += e->last.slices - e->base.slices;
	sum->offcpu_ns += lived > run ? lived - run : 0;
	sum->switches_voluntary += e->last.voluntary - e->base.voluntary;
	sum->switches_involuntary += e->last.involuntary - e->base.involuntary;
}

/*
 * Reads every thread now. Every thread alive at the start was read then: one first met later began after it,
 * so all its counters are since then, and it lived from its birth (at tick resolution) or the start,
 * whichever is later.
 */
static int scan(struct sched_tally *t, bool at_start)
{
	char path[64];
	struct dirent *d;
	uint64_t now = boottime_ns();
	DIR *tasks;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)t->tgid);
	tasks = opendir(path);
	if (!tasks)
		return -ESRCH;
	for (int i = 0; i < t->n; i++)
		t->threads[i].seen = false;
	while ((d = readdir(tasks))) {
		struct thread_counters c;
		struct thread_entry *e;
		int tid = atoi(d->d_name);

		/* A thread that ended since readdir is simply not seen. */
		if (tid <= 0 || read_counters(t->tgid, d->d_name, &c) < 0)
			continue;
		e = entry_of(t, tid);
		if (e && (c.run_ns < e->last.run_ns || c.slices < e->last.slices)) {
			/* The tid ended and was given to a new thread between two readings. */
			add_thread(&t->gone, e);
			*e = (struct thread_entry){.tid = tid, .since_ns = e->last_ns};
		}
		if (!e) {
			e = entry_add(t, tid);
			if (!e)
				continue;
			e->since_ns = now;
			if (at_start) {
				e->base = c;
			} else {
				uint64_t birth = thread_birth_ns(t->tgid, d->d_name);

				if (birth && birth < now)
					e->since_ns = birth > t->start_ns ? birth : t->start_ns;
			}
		}
		e->seen = true;
		e->last = c;
		e->last_ns = now;
	}
	closedir(tasks);
	/* Ended: what they did stays in the sum, at their last reading. */
	for (int i = 0; i < t->n;) {
		if (t->threads[i].seen) {
			i++;
			continue;
		}
		add_thread(&t->gone, &t->threads[i]);
		t->threads[i] = t->threads[--t->n];
	}
	return 0;
}

struct sched_tally *sched_tally_start(pid_t tgid)
{
	struct sched_tally *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->tgid = tgid;
	t->start_ns = boottime_ns();
	if (scan(t, true) < 0) {
		sched_tally_free(t);
		errno = ESRCH;
		return NULL;
	}
	return t;
}

int sched_tally_read(struct sched_tally *t, struct sched_totals *out)
{
	int err = scan(t, false);

	if (err == 0) {
		t->last = t->gone;
		for (int i = 0; i < t->n; i++)
			add_thread(&t->last, &t->threads[i]);
	}
	*out = t->last;
	return err;
}

void sched_tally_free(struct sched_tally *t)
{
	if (!t)
		return;
	free(t->threads);
	free(t);
}

struct sched_tally *sched_tallies_find(const struct sched_tallies *s, pid_t tgid)
{
	for (int i = 0; i < SCHED_TALLIES; i++)
		if (s->each[i] && s->each[i]->tgid == tgid)
			return s->each[i];
	return NULL;
}

void sched_tallies_track(struct sched_tallies *s, pid_t tgid)
{
	struct sched_tally **slot = &s->each[s->next];

	if (sched_tallies_find(s, tgid))
		return;
	sched_tally_free(*slot);
	*slot = sched_tally_start(tgid);
	if (!*slot)
		log_debug("thread_sched: pid %d: no /proc/PID/task/*/schedstat: %s", (int)tgid,
			  strerror(errno));
	s->next = (s->next + 1) % SCHED_TALLIES;
}

void sched_tallies_free(struct sched_tallies *s)
{
	for (int i = 0; i < SCHED_TALLIES; i++)
		sched_tally_free(s->each[i]);
	*s = (struct sched_tallies){0};
}
