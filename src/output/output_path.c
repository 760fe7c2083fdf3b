// SPDX-License-Identifier: GPL-2.0-only
/* The receive-path map of a queue as JSON keys and as one line of text (docs/receive-path.md): formatting
 * only. */
#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "output.h"
#include "rx_path.h"

static void cpu_array(struct jsonw *w, const char *key, const struct snap_cpus *s)
{
	jsonw_array_begin(w, key);
	for (int cpu = 0; cpu < SNAP_MAX_CPUS; cpu++)
		if (snap_cpus_has(s, cpu))
			jsonw_int(w, NULL, cpu);
	jsonw_array_end(w);
}

static void string_or_null(struct jsonw *w, const char *key, const char *value)
{
	if (value[0])
		jsonw_string(w, key, value);
	else
		jsonw_null(w, key);
}

void output_path_json(struct jsonw *w, const struct rx_path *p)
{
	if (!p->known) {
		jsonw_null(w, "path");
		return;
	}
	jsonw_object_begin(w, "path");
	if (p->irq >= 0) {
		jsonw_int(w, "irq", p->irq);
		cpu_array(w, "irq_affinity", &p->irq_affinity);
	} else {
		jsonw_null(w, "irq");
		jsonw_null(w, "irq_affinity");
	}
	cpu_array(w, "irq_cpus", &p->irq_cpus);
	if (p->napi_id)
		jsonw_u64(w, "napi_id", p->napi_id);
	else
		jsonw_null(w, "napi_id");
	if (p->threaded >= 0)
		jsonw_int(w, "threaded", p->threaded);
	else
		jsonw_null(w, "threaded");
	if (p->napi_thread) {
		jsonw_object_begin(w, "napi_thread");
		jsonw_int(w, "pid", p->napi_thread);
		jsonw_int(w, "cpu", p->napi_thread_cpu);
		cpu_array(w, "affinity", &p->napi_thread_affinity);
		jsonw_object_end(w);
	} else {
		jsonw_null(w, "napi_thread");
	}
	cpu_array(w, "softirq_cpus", &p->softirq_cpus);
	string_or_null(w, "softirq_source", p->softirq_source);
	string_or_null(w, "note", p->note);
	jsonw_array_begin(w, "receivers");
	for (int i = 0; i < p->nreceivers; i++) {
		const struct rx_receiver *r = &p->receivers[i];

		jsonw_object_begin(w, NULL);
		jsonw_int(w, "pid", r->pid);
		jsonw_int(w, "tid", r->tid);
		jsonw_string(w, "comm", r->comm);
		jsonw_int(w, "cpu", r->cpu);
		cpu_array(w, "affinity", &r->affinity);
		jsonw_bool(w, "by_queue", r->by_queue);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	cpu_array(w, "shared_cpus", &p->shared);
	jsonw_object_end(w);
}

/* "cpu 1" / "cpus 0-3" / "-". */
static const char *cpus_text(const struct snap_cpus *s, char *buf, size_t len)
{
	char list[64];

	snap_cpus_format(s, list, sizeof(list));
	if (!list[0])
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%s", list);
	return buf;
}

void output_path_line(const struct rx_path *p, char *buf, size_t len)
{
	char a[64], b[64], c[64];
	size_t used = 0;

#define PUT(...) (used += used < len ? (size_t)snprintf(buf + used, len - used, __VA_ARGS__) : 0)
	buf[0] = '\0';
	if (p->irq >= 0)
		PUT("irq %d on %s (affinity %s)", p->irq, cpus_text(&p->irq_cpus, a, sizeof(a)),
		    cpus_text(&p->irq_affinity, b, sizeof(b)));
	else
		PUT("no irq");
	if (p->napi_id)
		PUT("  napi %u", p->napi_id);
	if (p->napi_thread)
		PUT("  thread %d on cpu %d", p->napi_thread, p->napi_thread_cpu);
	PUT("  softirq %s%s%s%s", cpus_text(&p->softirq_cpus, c, sizeof(c)), p->softirq_source[0] ? " (" : "",
	    p->softirq_source, p->softirq_source[0] ? ")" : "");
	PUT("  receivers");
	if (!p->nreceivers)
		PUT(" -");
	for (int i = 0; i < p->nreceivers; i++)
		PUT(" %d@%d", p->receivers[i].tid, p->receivers[i].cpu);
	if (!snap_cpus_empty(&p->shared))
		PUT("  SHARED cpu %s", cpus_text(&p->shared, a, sizeof(a)));
#undef PUT
}

int output_path_shared(const struct snapshot *snap, char *buf, size_t len)
{
	size_t used = 0;
	int n = 0;

	buf[0] = '\0';
	for (int i = 0; i < snap->nqueues; i++) {
		const struct queue_sample *q = &snap->queues[i];
		char cpus[64];

		if (!q->path.known || snap_cpus_empty(&q->path.shared))
			continue;
		snap_cpus_format(&q->path.shared, cpus, sizeof(cpus));
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s/%d cpu %s", n ? ", " : "",
						 q->iface, q->queue, cpus);
		n++;
	}
	return n;
}
