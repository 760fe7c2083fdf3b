// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: one line of a recording as rxtop --replay reads it (src/sys/jsonr.c,
 * src/output/replay_snapshot.c). The input sits right before an unmapped page, so a read past its end faults.
 * Parsed or not, the reader must say why it refused, keep its tokens inside the input, and fill a snapshot
 * within its arrays.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guarded.h"
#include "replay.h"

static void check_tokens(const struct jsonr *j, size_t size)
{
	for (int i = 0; i < j->ntok; i++) {
		const struct jsonr_token *t = &j->tok[i];

		if (t->start < 0 || t->len < 0 || (size_t)t->start + (size_t)t->len > size || t->next <= i ||
		    t->next > j->ntok)
			abort();
	}
}

static void check_snapshot(const struct snapshot *s)
{
	if (s->nqueues < 0 || s->nqueues > SNAP_MAX_QUEUES || s->nstacks < 0 ||
	    s->nstacks > SNAP_MAX_STACKS || s->nprocesses < 0 || s->nprocesses > SNAP_MAX_PROCESSES ||
	    s->ndrops < 0 || s->ndrops > SNAP_MAX_DROPS || s->nifaces < 0 || s->nifaces > SNAP_MAX_IFACES ||
	    s->nprobes < 0 || s->nprobes > SNAP_MAX_PROBES || s->softirq.ncpus < 0 ||
	    s->softirq.ncpus > SNAP_MAX_CPUS || s->self.nprograms < 0 ||
	    s->self.nprograms > SNAP_MAX_PROGRAMS)
		abort();
	for (int i = 0; i < s->nqueues; i++)
		if (strnlen(s->queues[i].iface, sizeof(s->queues[i].iface)) == sizeof(s->queues[i].iface))
			abort();
	for (int i = 0; i < s->nstacks; i++)
		if (s->stacks[i].nqueues > SNAP_MAX_STACK_QUEUES || s->stacks[i].nevents > 8 ||
		    s->stacks[i].overhead.nsyscalls > SNAP_MAX_SYSCALLS)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct jsonr j;
	static struct snapshot *snap;
	const char *text = guarded_copy(data, size);
	char why[160];
	int rc;

	if (!text)
		return 0;
	if (!snap && !(snap = calloc(1, sizeof(*snap))))
		abort();
	rc = jsonr_parse(&j, text, size);
	if (rc == -EINVAL) {
		if (!j.err[0])
			abort();
		return 0;
	}
	if (rc < 0)
		return 0;
	check_tokens(&j, size);
	if (replay_snapshot_from_json(&j, snap, why, sizeof(why)) < 0) {
		if (!why[0])
			abort();
		return 0;
	}
	check_snapshot(snap);
	return 0;
}
