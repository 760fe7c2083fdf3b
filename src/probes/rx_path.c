// SPDX-License-Identifier: GPL-2.0-only
/* The receive-path map: per rx queue its IRQ, NAPI instance and thread, softirq CPUs and receiving threads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "napi_queue.h"
#include "netdev_driver.h"
#include "procfs.h"
#include "rx_path.h"

#define MAX_NAPI 64  /* per interface */
#define NAPI_EVERY 5 /* IRQ and NAPI numbers change rarely: every fifth reading */

struct path_iface {
	int ifindex;
	char name[IF_NAMESIZE];
	bool veth;
	int threaded;
	int nnapi, nlinked; /* napi-get instances; queue-get's queue -> NAPI links */
	int rx_queues;
	int read_at; /* the map's reading that last read it: once per reading, not once per queue */
	struct napi_info napi[MAX_NAPI];
	struct napi_queue linked[MAX_NAPI];
};

/* A queue row's last reading, and its NAPI polls per CPU then (to tell where it polled since). */
struct path_row {
	int ifindex, queue;
	struct rx_path path;
	uint64_t *polls;
	int npolls;
};

struct rx_path_map {
	double refresh_s, last_read;
	int reads;
	int nifaces;
	struct path_iface ifaces[SNAP_MAX_IFACES];
	int nrows;
	struct path_row rows[SNAP_MAX_QUEUES];
	struct irq_counts before, now; /* the previous look and this one */
	bool have_before;
};

struct rx_path_map *rx_path_open(double refresh_s)
{
	struct rx_path_map *m = calloc(1, sizeof(*m));

	if (m)
		m->refresh_s = refresh_s;
	return m;
}

void rx_path_close(struct rx_path_map *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->nrows; i++)
		free(m->rows[i].polls);
	irq_counts_free(&m->before);
	irq_counts_free(&m->now);
	free(m);
}

void rx_path_look(struct rx_path_map *m)
{
	struct irq_counts swap = m->before;

	m->have_before = irq_counts_read(&swap) == 0;
	m->before = swap;
}

static struct path_iface *iface_of(struct rx_path_map *m, const struct queue_sample *q)
{
	struct path_iface *f;

	for (int i = 0; i < m->nifaces; i++)
		if (m->ifaces[i].ifindex == q->ifindex)
			return &m->ifaces[i];
	if (m->nifaces >= SNAP_MAX_IFACES)
		return NULL;
	f = &m->ifaces[m->nifaces++];
	memset(f, 0, sizeof(*f));
	f->ifindex = q->ifindex;
	snprintf(f->name, sizeof(f->name), "%s", q->iface);
	f->veth = netdev_is_veth(f->name);
	return f;
}

static void read_napi(struct path_iface *f)
{
	int n = napi_info_list(f->ifindex, f->napi, MAX_NAPI);

	f->nnapi = n > 0 ? n : 0;
	n = napi_queue_list(&f->ifindex, 1, f->linked, MAX_NAPI);
	f->nlinked = n > 0 ? n : 0;
	f->rx_queues = netdev_rx_queue_count(f->name);
}

static int by_id(const void *a, const void *b)
{
	unsigned int x = ((const struct napi_info *)a)->napi_id, y = ((const struct napi_info *)b)->napi_id;

	return x < y ? -1 : x > y;
}

/*
 * veth does not link queues to NAPI instances (queue-get), but it adds one per rx queue in queue order
 * (veth_napi_add_range), and the kernel numbers them as they are added: the n-th lowest id is queue n's.
 * Checked on 6.18 against the napi_poll probe's and the sockets' ids (tests/integration/top/path_map_lab.sh).
 */
static unsigned int veth_napi_id(const struct path_iface *f, int queue)
{
	struct napi_info sorted[MAX_NAPI];

	if (!f->veth || f->nnapi != f->rx_queues || queue < 0 || queue >= f->nnapi)
		return 0;
	memcpy(sorted, f->napi, (size_t)f->nnapi * sizeof(sorted[0]));
	qsort(sorted, (size_t)f->nnapi, sizeof(sorted[0]), by_id);
	return sorted[queue].napi_id;
}

static struct path_row *row_of(struct rx_path_map *m, int ifindex, int queue)
{
	struct path_row *r;

	for (int i = 0; i < m->nrows; i++)
		if (m->rows[i].ifindex == ifindex && m->rows[i].queue == queue)
			return &m->rows[i];
	if (m->nrows >= SNAP_MAX_QUEUES)
		return NULL;
	r = &m->rows[m->nrows++];
	memset(r, 0, sizeof(*r));
	r->ifindex = ifindex;
	r->queue = queue;
	return r;
}

/* The queue's NAPI id: the driver's link (queue-get), rxtop's worker socket's, veth's order, the probe's. */
static unsigned int napi_id_of(const struct path_iface *f, const struct snapshot *snap,
			       const struct queue_sample *q, const struct rx_path_probe *probe)
{
	unsigned int id;

	for (int i = 0; i < f->nlinked; i++)
		if (f->linked[i].queue == q->queue)
			return f->linked[i].napi_id;
	/* Stack queues belong to the first interface (src/top/collector.c, add_xsk_fallback). */
	for (int s = 0; snap->nqueues && q->ifindex == snap->queues[0].ifindex && s < snap->nstacks; s++)
		for (int i = 0; i < snap->stacks[s].nqueues; i++)
			if (snap->stacks[s].queue_ids[i] == q->queue && snap->stacks[s].napi_ids[i])
				return snap->stacks[s].napi_ids[i];
	if ((id = veth_napi_id(f, q->queue)))
		return id;
	/* Last: the napi_poll probe, which matches (namespace, ifindex) but learns an id only once NAPI has
	 * polled. */
	if (probe && probe->napi_id)
		return probe->napi_id(probe->ctx, q->ifindex, q->queue);
	return 0;
}

static const struct napi_info *napi_of(const struct path_iface *f, unsigned int id)
{
	for (int i = 0; id && i < f->nnapi; i++)
		if (f->napi[i].napi_id == id)
			return &f->napi[i];
	return NULL;
}

/* CPUs whose count of line i grew between the two looks. */
static void irq_grew(const struct rx_path_map *m, int irq, struct snap_cpus *out)
{
	int a = irq_counts_find(&m->before, irq), b = irq_counts_find(&m->now, irq);

	if (!m->have_before || a < 0 || b < 0 || m->before.ncpus != m->now.ncpus)
		return;
	for (int cpu = 0; cpu < m->now.ncpus; cpu++)
		if (m->now.counts[(size_t)b * m->now.ncpus + cpu] >
		    m->before.counts[(size_t)a * m->before.ncpus + cpu])
			snap_cpus_set(out, cpu);
}

static bool probe_polls(struct path_row *r, const struct rx_path_probe *probe, struct snap_cpus *out)
{
	uint64_t polls[SNAP_MAX_CPUS];
	int n;

	if (!probe || !probe->polls ||
	    (n = probe->polls(probe->ctx, r->ifindex, r->queue, r->path.napi_id, polls, SNAP_MAX_CPUS)) <= 0)
		return false;
	if (!r->polls && !(r->polls = calloc(SNAP_MAX_CPUS, sizeof(*r->polls))))
		return false;
	for (int cpu = 0; cpu < n; cpu++)
		if (cpu < r->npolls && polls[cpu] > r->polls[cpu])
			snap_cpus_set(out, cpu);
	memcpy(r->polls, polls, (size_t)n * sizeof(*polls));
	r->npolls = n;
	return !snap_cpus_empty(out);
}

static void add_receiver(struct rx_path *p, pid_t pid, pid_t tid, bool by_queue)
{
	struct rx_receiver *x;
	char path[64];
	FILE *f;

	for (int i = 0; i < p->nreceivers; i++)
		if (p->receivers[i].tid == tid)
			return;
	if (p->nreceivers >= SNAP_MAX_RECEIVERS)
		return;
	x = &p->receivers[p->nreceivers];
	memset(x, 0, sizeof(*x));
	x->pid = pid;
	x->tid = tid;
	x->by_queue = by_queue;
	x->cpu = thread_last_cpu(pid, tid);
	if (x->cpu < 0)
		return; /* gone */
	thread_affinity(tid, &x->affinity);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", (int)pid, (int)tid);
	if ((f = fopen(path, "r"))) {
		if (fgets(x->comm, sizeof(x->comm), f))
			x->comm[strcspn(x->comm, "\n")] = '\0';
		fclose(f);
	}
	p->nreceivers++;
}

static void add_process_threads(struct rx_path *p, pid_t pid)
{
	pid_t tids[SNAP_MAX_RECEIVERS];
	int n = process_threads(pid, tids, SNAP_MAX_RECEIVERS);

	for (int i = 0; i < n; i++)
		add_receiver(p, pid, tids[i], false);
}

static void find_receivers(struct rx_path *p, const struct snapshot *snap, const struct queue_sample *q)
{
	for (int s = 0; snap->nqueues && q->ifindex == snap->queues[0].ifindex && s < snap->nstacks; s++) {
		const struct stack_sample *st = &snap->stacks[s];
		bool tied = false;

		if (!st->alive)
			continue;
		for (int i = 0; i < st->nqueues; i++)
			if (st->queue_ids[i] == q->queue && st->tids[i]) {
				add_receiver(p, st->pid, st->tids[i], true);
				tied = true;
			}
		/* Before its first packet a worker has not said which thread it is. */
		if (!tied)
			for (int i = 0; i < st->nqueues; i++)
				if (st->queue_ids[i] == q->queue)
					add_process_threads(p, st->pid);
	}
	for (int i = 0; i < snap->nprocesses; i++)
		add_process_threads(p, snap->processes[i].pid);
}

static void softirq_cpus(struct rx_path_map *m, struct path_row *r, struct rx_path *p,
			 const struct rx_path_probe *probe)
{
	if (p->threaded > 0 && p->napi_thread_cpu >= 0) {
		/* Threaded, the poll runs in the kthread, not in a softirq. */
		snap_cpus_set(&p->softirq_cpus, p->napi_thread_cpu);
		snprintf(p->softirq_source, sizeof(p->softirq_source), "napi_thread");
	} else if (probe_polls(r, probe, &p->softirq_cpus)) {
		snprintf(p->softirq_source, sizeof(p->softirq_source), "napi_poll");
	} else if (p->irq >= 0) {
		/* The hard IRQ raises NET_RX on its own CPU. */
		p->softirq_cpus = p->irq_cpus;
		snprintf(p->softirq_source, sizeof(p->softirq_source), "irq");
	} else if (m->have_before && m->before.have_net_rx && m->now.have_net_rx) {
		/* The whole host's NET_RX softirq: no better word for this queue. */
		for (int cpu = 0; cpu < m->now.ncpus && cpu < SNAP_MAX_CPUS; cpu++)
			if (m->now.net_rx[cpu] > m->before.net_rx[cpu])
				snap_cpus_set(&p->softirq_cpus, cpu);
		snprintf(p->softirq_source, sizeof(p->softirq_source), "net_rx");
	}
}

static void shared_cpus(struct rx_path *p)
{
	for (int i = 0; i < p->nreceivers; i++) {
		int cpu = p->receivers[i].cpu;

		if (snap_cpus_has(&p->irq_cpus, cpu) || snap_cpus_has(&p->softirq_cpus, cpu) ||
		    (p->napi_thread && cpu == p->napi_thread_cpu))
			snap_cpus_set(&p->shared, cpu);
	}
}

static void veth_note(const struct path_iface *f, struct rx_path *p)
{
	if (!f->veth)
		return;
	if (!f->nnapi)
		snprintf(p->note, sizeof(p->note),
			 "veth: no IRQ and no NAPI instance (no XDP, GRO off): frames go through the backlog "
			 "in the "
			 "sender's softirq");
	else if (p->threaded > 0)
		snprintf(p->note, sizeof(p->note), "veth: no IRQ; the sender wakes the queue's napi/ thread");
	else
		snprintf(p->note, sizeof(p->note),
			 "veth: no IRQ; the sender's transmit schedules NAPI: its softirq runs on the "
			 "sender's CPU");
}

static void read_row(struct rx_path_map *m, struct path_iface *f, struct path_row *r,
		     const struct snapshot *snap, const struct queue_sample *q,
		     const struct rx_path_probe *probe)
{
	struct rx_path *p = &r->path;
	const struct napi_info *napi;

	memset(p, 0, sizeof(*p));
	p->known = true;
	p->napi_thread_cpu = -1;
	p->threaded = f->threaded;
	p->napi_id = napi_id_of(f, snap, q, probe);
	napi = napi_of(f, p->napi_id);
	p->irq = napi ? napi->irq : -1;
	if (p->irq < 0 && !f->veth)
		p->irq = irq_counts_by_name(&m->now, f->name, q->queue);
	if (p->irq >= 0) {
		if (irq_cpus_read(p->irq, "smp_affinity_list", &p->irq_affinity))
			memset(&p->irq_affinity, 0, sizeof(p->irq_affinity));
		irq_grew(m, p->irq, &p->irq_cpus);
	}
	if (napi && napi->thread_pid > 0) {
		p->napi_thread = napi->thread_pid;
		p->napi_thread_cpu = thread_last_cpu(p->napi_thread, p->napi_thread);
		thread_affinity(p->napi_thread, &p->napi_thread_affinity);
	}
	if (p->irq < 0 && !f->veth)
		snprintf(p->note, sizeof(p->note),
			 "no IRQ found for this queue (netdev napi-get, /proc/interrupts)");
	veth_note(f, p);
	find_receivers(p, snap, q);
	softirq_cpus(m, r, p, probe);
	shared_cpus(p);
}

void rx_path_read(struct rx_path_map *m, struct snapshot *snap, const struct rx_path_probe *probe, bool force)
{
	double now = monotonic_seconds();
	bool fresh = force || !m->reads || now - m->last_read >= m->refresh_s;

	if (fresh) {
		bool napi_due = m->reads % NAPI_EVERY == 0;

		m->last_read = now;
		m->reads++;
		if (irq_counts_read(&m->now))
			log_debug("rx_path: cannot read /proc/interrupts");
		for (int i = 0; i < snap->nqueues; i++) {
			struct path_iface *f = iface_of(m, &snap->queues[i]);
			int threaded;

			if (!f || f->read_at == m->reads)
				continue;
			f->read_at = m->reads;
			/* A change of threaded NAPI starts or stops the kthreads napi-get names. */
			threaded = (int)netdev_sysfs_long(f->name, "threaded");
			if (napi_due || force || threaded != f->threaded)
				read_napi(f);
			f->threaded = threaded;
		}
	}
	for (int i = 0; i < snap->nqueues; i++) {
		struct queue_sample *q = &snap->queues[i];
		struct path_row *r = row_of(m, q->ifindex, q->queue);
		struct path_iface *f = iface_of(m, q);

		if (!r || !f)
			continue;
		if (fresh)
			read_row(m, f, r, snap, q, probe);
		q->path = r->path;
	}
	if (fresh) {
		/* This look is the next one's "before". */
		struct irq_counts swap = m->before;

		m->before = m->now;
		m->now = swap;
		m->have_before = m->before.ncpus > 0;
	}
}
