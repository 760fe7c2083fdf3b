// SPDX-License-Identifier: GPL-2.0-only
/* results.json: the whole experiment (machine, configuration, cells, references) as one JSON document. */
#include <errno.h>

#include "bench_views.h"
#include "jsonw.h"

static void write_machine(struct jsonw *w, const struct bench_machine *m)
{
	jsonw_object_begin(w, "machine");
	jsonw_string(w, "kernel", m->kernel);
	jsonw_string(w, "cpu", m->cpu);
	jsonw_int(w, "cpus", m->cpus);
	jsonw_string(w, "driver", m->driver);
	jsonw_string(w, "rxtop_version", m->rxtop_version);
	jsonw_string(w, "dpdk_version", m->dpdk_version);
	jsonw_object_end(w);
}

static void write_config(struct jsonw *w, const struct bench_config *c)
{
	jsonw_object_begin(w, "config");
	jsonw_bool(w, "lab", c->lab);
	jsonw_string(w, "iface", c->iface);
	jsonw_bool(w, "gen_none", c->gen_none);
	jsonw_array_begin(w, "stacks");
	for (int i = 0; i < c->nstacks; i++)
		jsonw_string(w, NULL, c->stacks[i]);
	jsonw_array_end(w);
	jsonw_array_begin(w, "sizes");
	for (int i = 0; i < c->nsizes; i++)
		jsonw_int(w, NULL, c->sizes[i]);
	jsonw_array_end(w);
	jsonw_array_begin(w, "cores");
	for (int i = 0; i < c->ncores; i++)
		jsonw_int(w, NULL, c->cores[i]);
	jsonw_array_end(w);
	jsonw_string(w, "proto", bench_proto_name(c->proto));
	jsonw_string(w, "measure", bench_measure_name(c->measure));
	jsonw_int(w, "repeats", c->repeats);
	jsonw_double(w, "duration_s", c->duration_s);
	jsonw_double(w, "warmup_s", c->warmup_s);
	jsonw_double(w, "loss_tolerance_pct", c->loss_tolerance_pct);
	jsonw_bool(w, "references", c->references);
	jsonw_string(w, "afxdp_program", c->afxdp_rxtop_program ? "rxtop" : "libxdp");
	jsonw_string(w, "out", c->out_dir);
	jsonw_object_end(w);
}

static void write_cost(struct jsonw *w, const struct bench_cost *cost)
{
	jsonw_object_begin(w, "cpu_ns_per_pkt");
	jsonw_double(w, "user", cost->user);
	jsonw_double(w, "syscall", cost->syscall);
	jsonw_double(w, "softirq", cost->softirq);
	jsonw_object_end(w);
	jsonw_double(w, "syscalls_per_pkt", cost->syscalls_per_pkt);
	jsonw_double(w, "ctxsw_per_pkt", cost->ctxsw_per_pkt);
}

static void write_run(struct jsonw *w, const struct bench_run *run)
{
	jsonw_object_begin(w, NULL);
	jsonw_double(w, "seconds", run->seconds);
	jsonw_double(w, "rx_pps", run->rx_pps);
	jsonw_double(w, "gbps", run->gbps);
	jsonw_double(w, "offered_pps", run->offered_pps);
	jsonw_u64(w, "sent", run->sent);
	jsonw_u64(w, "received", run->received);
	jsonw_u64(w, "dropped", run->dropped);
	jsonw_int(w, "unexplained", run->unexplained);
	jsonw_string(w, "main_drop", run->main_drop);
	jsonw_u64(w, "main_drop_packets", run->main_drop_packets);
	write_cost(w, &run->cost);
	jsonw_object_end(w);
}

static void write_settings(struct jsonw *w, const struct bench_settings *s)
{
	jsonw_object_begin(w, "settings");
	jsonw_int(w, "ring_size", s->ring_size);
	jsonw_int(w, "fill_ring_size", s->fill_ring_size);
	jsonw_int(w, "batch", s->batch);
	jsonw_int(w, "rcvbuf", s->rcvbuf);
	jsonw_int(w, "busy_poll_us", s->busy_poll_us);
	jsonw_bool(w, "need_wakeup", s->need_wakeup);
	jsonw_bool(w, "counting_program", s->counting_program);
	jsonw_string(w, "mode", s->mode);
	jsonw_object_end(w);
}

static void write_cell(struct jsonw *w, const struct bench_cell *c)
{
	int nruns = c->nruns < BENCH_MAX_REPEATS ? c->nruns : BENCH_MAX_REPEATS;

	jsonw_object_begin(w, NULL);
	jsonw_string(w, "stack", c->stack);
	jsonw_string(w, "proto", bench_proto_name(c->proto));
	jsonw_int(w, "size", c->size);
	jsonw_int(w, "cores", c->cores);
	jsonw_string(w, "measure", bench_measure_name(c->measure));
	if (c->error[0])
		jsonw_string(w, "error", c->error);
	/* runs: the rx pps of each repeat, so a reader can redo any statistic; run_details: the rest. */
	jsonw_array_begin(w, "runs");
	for (int i = 0; i < nruns; i++)
		jsonw_double(w, NULL, c->runs[i].rx_pps);
	jsonw_array_end(w);
	jsonw_array_begin(w, "run_details");
	for (int i = 0; i < nruns; i++)
		write_run(w, &c->runs[i]);
	jsonw_array_end(w);
	jsonw_double(w, "median_pps", c->median_pps);
	jsonw_double(w, "min_pps", c->min_pps);
	jsonw_double(w, "max_pps", c->max_pps);
	jsonw_double(w, "cv", c->cv);
	jsonw_double(w, "ndr_pps", c->ndr_pps);
	jsonw_double(w, "loss_pct", c->loss_pct);
	jsonw_double(w, "gbps", c->gbps);
	jsonw_u64(w, "sent", c->sent);
	jsonw_u64(w, "received", c->received);
	jsonw_u64(w, "dropped", c->dropped);
	jsonw_int(w, "unexplained", c->unexplained);
	write_cost(w, &c->cost);
	jsonw_string(w, "main_drop", c->main_drop);
	write_settings(w, &c->settings);
	jsonw_object_end(w);
}

static void write_reference(struct jsonw *w, const struct bench_reference *ref)
{
	jsonw_object_begin(w, NULL);
	jsonw_string(w, "name", ref->name);
	jsonw_string(w, "compared", ref->compared);
	jsonw_int(w, "size", ref->size);
	jsonw_int(w, "cores", ref->cores);
	if (ref->error[0])
		jsonw_string(w, "error", ref->error);
	jsonw_double(w, "ratio_median", ref->ratio_median);
	jsonw_double(w, "ratio_min", ref->ratio_min);
	jsonw_double(w, "ratio_max", ref->ratio_max);
	jsonw_int(w, "runs", ref->runs);
	jsonw_object_end(w);
}

int bench_json_write(const struct bench_results *r, const char *dir, char *err, size_t len)
{
	FILE *f = bench_file_create(dir, "results.json", err, len);
	struct jsonw w;

	if (!f)
		return -errno;
	jsonw_init(&w, f);
	jsonw_object_begin(&w, NULL);
	jsonw_int(&w, "format", BENCH_FORMAT);
	jsonw_double(&w, "started", r->started);
	jsonw_double(&w, "finished", r->finished);
	write_machine(&w, &r->machine);
	write_config(&w, &r->config);
	jsonw_array_begin(&w, "cells");
	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++)
		write_cell(&w, &r->cells[i]);
	jsonw_array_end(&w);
	jsonw_array_begin(&w, "references");
	for (int i = 0; i < r->nreferences && i < BENCH_MAX_REFERENCES; i++)
		write_reference(&w, &r->references[i]);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	fputc('\n', f);
	return bench_file_finish(f, dir, "results.json", err, len);
}
