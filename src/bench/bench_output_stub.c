/* TEMPORARY stub (delete at merge): a minimal results.json and a reference tool that is not built. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_output.h"
#include "bench_reference.h"
#include "jsonw.h"

static const char *measure_name(enum bench_measure m)
{
	return m == BENCH_NDR ? "ndr" : "max";
}

static void write_cell(struct jsonw *w, const struct bench_cell *c)
{
	jsonw_object_begin(w, NULL);
	jsonw_string(w, "stack", c->stack);
	jsonw_string(w, "proto", c->proto == STACK_PROTO_TCP ? "tcp" : "udp");
	jsonw_int(w, "size", c->size);
	jsonw_int(w, "cores", c->cores);
	jsonw_string(w, "measure", measure_name(c->measure));
	if (c->error[0])
		jsonw_string(w, "error", c->error);
	jsonw_array_begin(w, "runs");
	for (int i = 0; i < c->nruns; i++)
		jsonw_double(w, NULL, c->runs[i].rx_pps);
	jsonw_array_end(w);
	jsonw_array_begin(w, "run_balance");
	for (int i = 0; i < c->nruns; i++) {
		jsonw_object_begin(w, NULL);
		jsonw_u64(w, "sent", c->runs[i].sent);
		jsonw_u64(w, "received", c->runs[i].received);
		jsonw_u64(w, "dropped", c->runs[i].dropped);
		jsonw_int(w, "unexplained", c->runs[i].unexplained);
		jsonw_double(w, "offered_pps", c->runs[i].offered_pps);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_double(w, "median_pps", c->median_pps);
	jsonw_double(w, "min_pps", c->min_pps);
	jsonw_double(w, "max_pps", c->max_pps);
	jsonw_double(w, "cv", c->cv);
	jsonw_double(w, "loss_pct", c->loss_pct);
	jsonw_double(w, "gbps", c->gbps);
	jsonw_double(w, "ndr_pps", c->ndr_pps);
	jsonw_u64(w, "sent", c->sent);
	jsonw_u64(w, "received", c->received);
	jsonw_u64(w, "dropped", c->dropped);
	jsonw_int(w, "unexplained", c->unexplained);
	jsonw_object_begin(w, "cpu_ns_per_pkt");
	jsonw_double(w, "user", c->cost.user);
	jsonw_double(w, "syscall", c->cost.syscall);
	jsonw_double(w, "softirq", c->cost.softirq);
	jsonw_object_end(w);
	jsonw_double(w, "syscalls_per_pkt", c->cost.syscalls_per_pkt);
	jsonw_double(w, "ctxsw_per_pkt", c->cost.ctxsw_per_pkt);
	jsonw_string(w, "main_drop", c->main_drop);
	jsonw_object_begin(w, "settings");
	jsonw_int(w, "ring_size", c->settings.ring_size);
	jsonw_int(w, "batch", c->settings.batch);
	jsonw_int(w, "rcvbuf", c->settings.rcvbuf);
	jsonw_int(w, "busy_poll_us", c->settings.busy_poll_us);
	jsonw_bool(w, "counting_program", c->settings.counting_program);
	jsonw_string(w, "mode", c->settings.mode);
	jsonw_object_end(w);
	jsonw_object_end(w);
}

int bench_write_results(const struct bench_results *r, const char *dir, char *err, size_t len)
{
	char path[600];
	struct jsonw w;
	FILE *f;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, len, "cannot create %s: %s", dir, strerror(errno));
		return -errno;
	}
	snprintf(path, sizeof(path), "%s/results.json", dir);
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
		return -errno;
	}
	jsonw_init(&w, f);
	jsonw_object_begin(&w, NULL);
	jsonw_int(&w, "format", BENCH_FORMAT);
	jsonw_object_begin(&w, "machine");
	jsonw_string(&w, "kernel", r->machine.kernel);
	jsonw_string(&w, "cpu", r->machine.cpu);
	jsonw_int(&w, "cpus", r->machine.cpus);
	jsonw_string(&w, "driver", r->machine.driver);
	jsonw_string(&w, "rxtop", r->machine.rxtop_version);
	jsonw_string(&w, "dpdk", r->machine.dpdk_version);
	jsonw_object_end(&w);
	jsonw_object_begin(&w, "config");
	jsonw_int(&w, "repeats", r->config.repeats);
	jsonw_double(&w, "duration_s", r->config.duration_s);
	jsonw_double(&w, "warmup_s", r->config.warmup_s);
	jsonw_object_end(&w);
	jsonw_array_begin(&w, "cells");
	for (int i = 0; i < r->ncells; i++)
		write_cell(&w, &r->cells[i]);
	jsonw_array_end(&w);
	jsonw_array_begin(&w, "references");
	for (int i = 0; i < r->nreferences; i++) {
		jsonw_object_begin(&w, NULL);
		jsonw_string(&w, "name", r->references[i].name);
		jsonw_string(&w, "compared", r->references[i].compared);
		jsonw_double(&w, "ratio_median", r->references[i].ratio_median);
		jsonw_int(&w, "runs", r->references[i].runs);
		jsonw_string(&w, "error", r->references[i].error);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_double(&w, "started", r->started);
	jsonw_double(&w, "finished", r->finished);
	jsonw_object_end(&w);
	fputc('\n', f);
	if (fclose(f) != 0) {
		snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
		return -EIO;
	}
	return 0;
}

int bench_compare(const char *old_dir, const char *new_dir, FILE *out, char *err, size_t len)
{
	(void)old_dir;
	(void)new_dir;
	(void)out;
	snprintf(err, len, "rxtop bench --compare: not built in this branch (bench-views provides it)");
	return 2;
}

int bench_reference_run(const char *tool, const struct bench_config *cfg, int size, int cores, double seconds,
			double *rx_pps, char *err, size_t len)
{
	(void)tool;
	(void)cfg;
	(void)size;
	(void)cores;
	(void)seconds;
	*rx_pps = 0;
	snprintf(err, len, "not built");
	return -ENOSYS;
}
