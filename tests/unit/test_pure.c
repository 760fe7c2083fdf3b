// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the pure parts: option parsing, rate maths, snapshot deltas, ledger, JSON writer. */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "cost_window.h"
#include "jsonw.h"
#include "options.h"
#include "sample_window.h"
#include "scaled_count.h"
#include "sampler.h"

static int parse(struct top_options *o, int run, const char *a1, const char *a2, const char *a3,
		 const char *a4)
{
	char *argv[8] = {(char *)(run ? "run" : "rxtop")};
	const char *words[4] = {a1, a2, a3, a4};
	char err[200];
	int argc = 1;

	for (int i = 0; i < 4 && words[i]; i++)
		argv[argc++] = (char *)words[i];
	return options_parse(argc, argv, run, o, err, sizeof(err));
}

static void test_options(void)
{
	struct top_options o;

	CHECK("options_defaults", parse(&o, 0, NULL, NULL, NULL, NULL) == 0 && o.interval == 1.0 && !o.batch);
	CHECK("options_batch_json",
	      parse(&o, 0, "-b", "-o", "json", NULL) == 0 && o.batch && o.format == OUTPUT_JSON);
	CHECK("options_interval_fraction", parse(&o, 0, "-d", "0.25", NULL, NULL) == 0 && o.interval == 0.25);
	CHECK("options_interval_bad", parse(&o, 0, "-d", "abc", NULL, NULL) == -EINVAL);
	CHECK("options_interval_zero", parse(&o, 0, "-d", "0", NULL, NULL) == -EINVAL);
	CHECK("options_samples", parse(&o, 0, "-n", "5", NULL, NULL) == 0 && o.samples == 5);
	CHECK("options_samples_bad", parse(&o, 0, "-n", "-1", NULL, NULL) == -EINVAL);
	CHECK("options_format_bad", parse(&o, 0, "-o", "xml", NULL, NULL) == -EINVAL);
	CHECK("options_ifaces",
	      parse(&o, 0, "-i", "a", "-i", "b") == 0 && o.nifaces == 2 && strcmp(o.ifaces[1], "b") == 0);
	CHECK("options_queues_range",
	      parse(&o, 0, "-q", "0-2,5", NULL, NULL) == 0 && o.stack.nqueues == 4 && o.stack.queues[3] == 5);
	CHECK("options_queues_bad", parse(&o, 0, "-q", "x", NULL, NULL) == -EINVAL);
	CHECK("options_unknown", parse(&o, 0, "--bogus", NULL, NULL, NULL) == -EINVAL);
	CHECK("options_stray_argument", parse(&o, 0, "stray", NULL, NULL, NULL) == -EINVAL);
	CHECK("options_gen_size_range", parse(&o, 0, "--gen-size", "59", NULL, NULL) == -EINVAL &&
					    parse(&o, 0, "--gen-size", "1514", NULL, NULL) == 0);
	CHECK("options_stack_option",
	      parse(&o, 1, "epoll", "--batch", "32", "--touch") == 0 && o.stack.batch == 32 && o.stack.touch);
	/* The receivers' options belong to run: rxtop alone runs no receiver, so it refuses them. */
	CHECK("options_top_no_receiver_options", parse(&o, 0, "--touch", NULL, NULL, NULL) == -EINVAL);
	CHECK("options_ring_not_pow2", parse(&o, 1, "epoll", "--ring-size", "1000", NULL) == -EINVAL &&
					   parse(&o, 1, "epoll", "--ring-size", "1024", NULL) == 0);
	CHECK("options_short_only_batch", parse(&o, 0, "-b", NULL, NULL, NULL) == 0 && o.batch &&
					      parse(&o, 0, "--b", NULL, NULL, NULL) == -EINVAL);
	CHECK("options_run_needs_stack", parse(&o, 1, "-i", "x", NULL, NULL) == -EINVAL);
	CHECK("options_run_unknown_stack", parse(&o, 1, "nosuchstack", NULL, NULL, NULL) == -EINVAL);
	CHECK("options_event_probes", parse(&o, 0, NULL, NULL, NULL, NULL) == 0 && !o.event_probes_always &&
					  parse(&o, 0, "--event-probes", "always", NULL, NULL) == 0 &&
					  o.event_probes_always);
	CHECK("options_event_probes_bad", parse(&o, 0, "--event-probes", "never", NULL, NULL) == -EINVAL);
}

/* Sampled probes: window time, scale, and the estimates it makes. */
static void test_sampling(void)
{
	struct sample_clock k;
	struct scaled_count c = {0};

	CHECK_NEAR("window_share", sample_window_seconds(1.0), 0.05, 1e-12);
	CHECK_NEAR("window_min", sample_window_seconds(0.05), SAMPLE_WINDOW_MIN_SECONDS, 1e-12);
	CHECK("window_encloses_cost_window", sample_window_seconds(0.15) >= cost_window_seconds(0.15));
	sample_clock_start(&k, 10.0);
	CHECK_NEAR("share_before_estimates", k.share, 1, 0);
	/* Live 50 ms of the second since the start. */
	CHECK_NEAR("scale_elapsed_over_live", sample_clock_scale(&k, 0.05, 11.0), 20, 1e-6);
	CHECK_NEAR("share", k.share, 0.05, 1e-9);
	/* A reading without live time in between: nothing counted, the time carries over. */
	CHECK_NEAR("no_live_no_scale", sample_clock_scale(&k, 0, 11.5), 0, 0);
	CHECK_NEAR("time_carries_over", sample_clock_scale(&k, 0.05, 12.0), 20, 1e-6);
	/* Live a little longer than the elapsed time (clock edges): it saw all of it, scale 1. */
	CHECK_NEAR("live_all_the_time", sample_clock_scale(&k, 1.0001, 13.0), 1, 0);
	/* Traffic stopped 0.2 s before the reading: the window's counts spread over 0.8 s only, once. */
	k.quiet_from = 13.8;
	CHECK_NEAR("quiet_after_traffic_stops", sample_clock_scale(&k, 0.05, 14.0), 16, 1e-6);
	CHECK_NEAR("quiet_used_once", sample_clock_scale(&k, 0.05, 15.0), 20, 1e-6);

	scaled_count_update(&c, 0, 0); /* the first reading: nothing counted yet */
	scaled_count_update(&c, 100, 20);
	CHECK("estimate_scaled", scaled_count_value(&c) == 2000);
	scaled_count_update(&c, 130, 0.5);
	CHECK("estimate_adds_growth", scaled_count_value(&c) == 2015);
	scaled_count_update(&c, 10, 1); /* the map entry was recreated: counts from zero */
	CHECK("estimate_counter_reset", scaled_count_value(&c) == 2025 && c.raw == 10);
}

static void test_rates(void)
{
	CHECK_NEAR("rate_simple", rate_per_second(100, 1100, 2.0), 500, 1e-9);
	CHECK_NEAR("rate_zero_time", rate_per_second(100, 1100, 0), 0, 0);
	CHECK_NEAR("rate_counter_reset", rate_per_second(1000, 10, 1.0), 0, 0);
	CHECK_NEAR("rate_fraction", rate_per_second(0, 1, 0.25), 4, 1e-9);
}

static void test_derive(void)
{
	struct snapshot *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));

	a->mono = 10.0;
	b->mono = 10.5;
	a->nqueues = b->nqueues = 2;
	a->queues[0] = (struct queue_sample){
	    .ifindex = 3, .queue = 0, .rx_packets = 100, .rx_bytes = 6400, .napi_polls = 10};
	a->queues[1] = (struct queue_sample){.ifindex = 3, .queue = 1, .rx_packets = 50};
	/* Order changed on purpose: rates follow the key, not the position. */
	b->queues[0] = (struct queue_sample){.ifindex = 3, .queue = 1, .rx_packets = 150, .drops = 5};
	b->queues[1] = (struct queue_sample){
	    .ifindex = 3, .queue = 0, .rx_packets = 600, .rx_bytes = 38400, .napi_polls = 60};
	b->ndrops = 1;
	snprintf(b->drops[0].where, sizeof(b->drops[0].where), "stack");
	snprintf(b->drops[0].reason, sizeof(b->drops[0].reason), "NO_SOCKET");
	b->drops[0].packets = 20;
	b->nstacks = a->nstacks = 1;
	a->stacks[0] = (struct stack_sample){.stack = "epoll",
					     .pid = 7,
					     .rx_packets = 1000,
					     .rx_bytes = 64000,
					     .syscalls = 100,
					     .cpu_user_ns = 0,
					     .cpu_sys_ns = 0};
	b->stacks[0] = (struct stack_sample){.stack = "epoll",
					     .pid = 7,
					     .rx_packets = 3000,
					     .rx_bytes = 192000,
					     .syscalls = 150,
					     .cpu_user_ns = 100000000,
					     .cpu_sys_ns = 250000000,
					     .drops = 10};
	b->generator_sent = 3100;
	b->ledger.known = true;
	sampler_derive(a, b);
	CHECK_NEAR("derive_interval", b->interval, 0.5, 1e-9);
	CHECK_NEAR("derive_queue_pps_by_key", b->queues[1].rx_pps, 1000, 1e-6);
	CHECK_NEAR("derive_queue_bps", b->queues[1].rx_bps, 8 * 64000, 1e-6);
	CHECK_NEAR("derive_queue1_pps", b->queues[0].rx_pps, 200, 1e-6);
	CHECK_NEAR("derive_queue_napi_polls_ps", b->queues[1].napi_polls_ps, 100, 1e-6);
	CHECK_NEAR("derive_new_drop_counts_from_zero", b->drops[0].pps, 40, 1e-6);
	CHECK_NEAR("derive_stack_pps", b->stacks[0].rx_pps, 4000, 1e-6);
	CHECK_NEAR("derive_stack_bps", b->stacks[0].rx_bps, 8 * 256000, 1e-6);
	CHECK_NEAR("derive_syscalls_per_pkt", b->stacks[0].rates.syscalls_per_pkt, 0.025, 1e-9);
	CHECK_NEAR("derive_cpu_user_pct", b->stacks[0].cpu_user_pct, 20, 1e-9);
	CHECK_NEAR("derive_cpu_sys_pct", b->stacks[0].cpu_sys_pct, 50, 1e-9);
	CHECK("ledger_balances", b->ledger.sent == 3100 && b->ledger.received == 3000 &&
				     b->ledger.dropped == 20 && b->ledger.unexplained == 80);
	sampler_derive(NULL, a);
	CHECK_NEAR("derive_first_has_no_rates", a->queues[0].rx_pps + a->interval, 0, 0);
	free(a);
	free(b);
}

static void test_json(void)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	struct jsonw w;

	jsonw_init(&w, mem);
	jsonw_object_begin(&w, NULL);
	jsonw_string(&w, "s", "a\"b\\c\n\x01");
	jsonw_u64(&w, "big", 18446744073709551615ULL);
	jsonw_double(&w, "ts", 1764032000.125);
	jsonw_double(&w, "nan", 0.0 / 0.0);
	jsonw_double(&w, "small", 0.000123456789);
	jsonw_array_begin(&w, "a");
	jsonw_int(&w, NULL, -1);
	jsonw_object_begin(&w, NULL);
	jsonw_null(&w, "n");
	jsonw_object_end(&w);
	jsonw_array_end(&w);
	jsonw_bool(&w, "t", true);
	jsonw_object_end(&w);
	fclose(mem);
	CHECK_STR("json_writer", buf,
		  "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"big\":18446744073709551615,\"ts\":1764032000.125,"
		  "\"nan\":null,\"small\":0.000123457,\"a\":[-1,{\"n\":null}],\"t\":true}");
	free(buf);
}

int main(void)
{
	test_options();
	test_rates();
	test_derive();
	test_json();
	test_sampling();
	return check_failures ? 1 : 0;
}
