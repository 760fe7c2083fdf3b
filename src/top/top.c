// SPDX-License-Identifier: GPL-2.0-only
/* rxtop's main job: observe interfaces (and run stacks in phases), sample, and hand snapshots to a view. */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "commands.h"
#include "cost_window.h"
#include "log.h"
#include "nic_queues.h"
#include "stop_signals.h"
#include "metrics_server.h"
#include "netdev_driver.h"
#include "options.h"
#include "procfs.h"
#include "replay.h"
#include "sampler.h"
#include "session.h"
#include "tui.h"
#include "tui_format.h"
#include "xdp.h"

/* How long before the last tick the lab generator stops: its SIGTERM and the lab's drain fit in it. */
#define GEN_STOP_LEAD_SECONDS 0.2

static volatile sig_atomic_t stop_requested;
/* --listen: serves each new snapshot on /metrics; NULL when not asked for. */
static struct metrics_server *metrics_server;

/*
 * An interface rxtop watches is gone (deleted, or replaced under the same name): its counters mean nothing.
 * One ioctl per interface and tick on a socket kept open (if_nametoindex would open one each time).
 */
static bool iface_vanished(const struct session *s, char *err, size_t len)
{
	static int fd = -1;

	if (fd < 0)
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	for (int i = 0; i < s->collector.nifaces && fd >= 0; i++) {
		const struct collector_iface *f = &s->collector.ifaces[i];
		struct ifreq ifr = {0};

		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", f->name);
		if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0 ? errno == ENODEV : ifr.ifr_ifindex != f->ifindex) {
			snprintf(err, len, "rxtop: interface %s vanished", f->name);
			return true;
		}
	}
	return false;
}

/* Takes a reading, derives rates against the previous one, shows it; swaps the two buffers. Returns 0, or -1
 * with err saying why the readings cannot go on (printed once the terminal is restored). `last`: the run's
 * final reading, whose JSON line also carries the run's summary. */
static int sample_and_show_as(struct session *s, bool last, char *err, size_t len)
{
	struct snapshot *cur = s->spare;
	char note[320];
	int rc;

	if (iface_vanished(s, err, len))
		return -1;
	if ((rc = collector_read(&s->collector, cur)) < 0) {
		snprintf(err, len, "rxtop: cannot read the XDP counters: %s", strerror(-rc));
		return -1;
	}
	sampler_derive(s->last, cur);
	s->spare = s->last;
	s->last = cur;
	metrics_server_publish(metrics_server, cur);
	if (s->tui) {
		tui_draw(s->tui, cur);
	} else if (last && s->opts.format == OUTPUT_JSON) {
		output_json_with(stdout, cur, session_json_summary, s);
		s->summary_written = true;
	} else {
		output_snapshot(stdout, s->opts.format, cur, s->samples_shown == 0);
	}
	if (session_busy_poll_blocked(s, cur, note, sizeof(note))) {
		if (s->tui)
			tui_message(s->tui, note);
		else
			log_user("%s", note);
	}
	s->samples_shown++;
	if (ferror(stdout))
		stop_requested = 1;
	return 0;
}

static int sample_and_show(struct session *s, char *err, size_t len)
{
	return sample_and_show_as(s, false, err, len);
}

/* What the header says is read when rxtop counts nothing of its own: hands-off, or a DPDK process only. */
static void reading_fill(const struct session *s, struct tui_context *ctx)
{
	const struct collector_iface *f = s->collector.nifaces ? &s->collector.ifaces[0] : NULL;

	if (f && f->hands_off) {
		const char *source = f->nic ? nic_queues_source(f->nic) : "";

		if (source[0])
			snprintf(ctx->reading, sizeof(ctx->reading),
				 "hands-off: queues from %s, totals sysfs", source);
		else
			snprintf(ctx->reading, sizeof(ctx->reading),
				 "hands-off: no NIC queue counters, totals sysfs");
		ctx->nqueues = netdev_rx_queue_count(f->name);
	} else if (!f && collector_has_dpdk(&s->collector)) {
		int ports = 0, queues = 0;

		for (int i = 0; i < s->last->nprocesses; i++)
			for (int p = 0; p < s->last->processes[i].dpdk.nports; p++, ports++)
				queues += s->last->processes[i].dpdk.ports[p].nqueues;
		snprintf(ctx->reading, sizeof(ctx->reading), "DPDK telemetry only: %d port%s", ports,
			 ports == 1 ? "" : "s");
		ctx->nqueues = queues;
	}
}

/* The header facts of the live view, from the options and what the session attached. */
static void tui_context_fill(const struct session *s, int phase, struct tui_context *ctx)
{
	const struct xdp_counter *xdp = s->collector.nifaces ? s->collector.ifaces[0].xdp : NULL;
	size_t used = 0;

	memset(ctx, 0, sizeof(*ctx));
	for (int i = 0; i < s->opts.nifaces && used < sizeof(ctx->ifaces); i++)
		used += snprintf(ctx->ifaces + used, sizeof(ctx->ifaces) - used, "%s%s", i ? ", " : "",
				 s->opts.ifaces[i]);
	if (s->opts.nifaces)
		netdev_driver(s->opts.ifaces[0], ctx->driver, sizeof(ctx->driver));
	ctx->xdp_attached = xdp != NULL;
	if (xdp) {
		snprintf(ctx->xdp_mode, sizeof(ctx->xdp_mode), "%s", xdp_counter_mode(xdp));
		ctx->nqueues = xdp_counter_queues(xdp);
	}
	reading_fill(s, ctx);
	if (phase >= 0 && phase < s->opts.nstacks) {
		snprintf(ctx->stack, sizeof(ctx->stack), "%s (%d/%d)", s->opts.stacks[phase], phase + 1,
			 s->opts.nstacks);
		snprintf(ctx->stack_settings, sizeof(ctx->stack_settings), "batch=%d ring=%d busy-poll=%s",
			 s->opts.stack.batch, s->opts.stack.ring_size,
			 s->opts.stack.busy_poll ? "on" : "off");
	}
	ctx->lab = s->opts.lab && s->gen_running;
	ctx->gen_rate = s->opts.gen_rate;
	ctx->gen_size = s->opts.gen_size;
	ctx->interval = s->opts.interval;
}

static void tui_write_snapshot(struct session *s)
{
	const char *path = tui_write_path(s->tui);
	FILE *f = s->last ? fopen(path, "w") : NULL;
	char msg[160];

	if (f) {
		output_json(f, s->last);
		if (fclose(f) == 0) {
			snprintf(msg, sizeof(msg), "wrote %s", path);
			tui_message(s->tui, msg);
			return;
		}
	}
	snprintf(msg, sizeof(msg), "could not write %s: %s", path, strerror(errno));
	tui_message(s->tui, msg);
}

/* Waits for the next tick while handling keys; true when the current stack phase should end now. */
static bool tui_wait_until(struct session *s, double when, int phase)
{
	while (!stop_requested) {
		double left = when - monotonic_seconds();
		struct tui_context ctx;

		if (left <= 0)
			return false;
		enum tui_action action = tui_wait(s->tui, left > 0.1 ? 100 : (int)(left * 1000) + 1);

		switch (action) {
		case TUI_QUIT:
			stop_requested = 1;
			break;
		case TUI_INTERVAL_SET:
			s->opts.interval = tui_interval(s->tui);
			s->next_tick = monotonic_seconds() + s->opts.interval;
			when = s->next_tick;
			tui_context_fill(s, phase, &ctx);
			tui_set_context(s->tui, &ctx);
			break;
		case TUI_NEXT_STACK:
			return true;
		case TUI_GEN_RATE_UP:
		case TUI_GEN_RATE_DOWN:
		case TUI_GEN_SIZE_NEXT: {
			uint64_t rate = s->opts.gen_rate;
			int size = s->opts.gen_size;
			char msg[96];

			if (action == TUI_GEN_SIZE_NEXT)
				size = tui_size_next(size);
			else
				rate = tui_rate_step(rate, action == TUI_GEN_RATE_UP ? 1 : -1);
			if (session_set_generator(s, rate, size) < 0)
				snprintf(msg, sizeof(msg), "the generator did not restart: %s",
					 gen_error(&s->gen));
			else if (rate)
				snprintf(msg, sizeof(msg), "generator: %llu pps, %d bytes",
					 (unsigned long long)rate, size);
			else
				snprintf(msg, sizeof(msg), "generator: as fast as possible, %d bytes", size);
			tui_message(s->tui, msg);
			tui_context_fill(s, phase, &ctx);
			tui_set_context(s->tui, &ctx);
			break;
		}
		case TUI_WRITE_SNAPSHOT:
			tui_write_snapshot(s);
			break;
		default:
			break;
		}
	}
	return false;
}

/* Waits until WHEN, handling keys in the TUI; true when the sample loop should end (phase over or stop). */
static bool wait_or_stop(struct session *s, double when, int phase)
{
	if (!s->tui)
		sleep_until_or_stop(when, &stop_requested);
	else if (tui_wait_until(s, when, phase))
		return true;
	return stop_requested;
}

/* Samples every interval until `until` (monotonic; 0 = open-ended) or -n samples or a stop. */
/* Until stopped, `until`, or a reading that cannot go on (err says why). */
static void sample_loop(struct session *s, double until, int phase, char *err, size_t len)
{
	if (s->tui) {
		struct tui_context ctx;

		tui_context_fill(s, phase, &ctx);
		tui_set_context(s->tui, &ctx);
	}
	while (!stop_requested) {
		double next = s->next_tick, window = sample_window_seconds(s->opts.interval);
		bool window_done = s->opts.event_probes_always; /* no window due, or this interval had it */

		if (until > 0 && next > until + 1e-6)
			next = until;
		/*
		 * The last of -n samples is taken after the generator stopped and the lab drained: stop it
		 * a little before the tick, so that interval stays as long as the others. Its sample window
		 * ends as the traffic does, or it would see none of the interval's traffic.
		 */
		if (s->opts.samples > 0 && s->samples_shown + 1 >= s->opts.samples && s->opts.nstacks == 0 &&
		    s->gen_running) {
			if (!window_done) {
				if (wait_or_stop(s, next - GEN_STOP_LEAD_SECONDS - window, phase))
					break;
				session_open_sample_window(s);
			}
			if (wait_or_stop(s, next - GEN_STOP_LEAD_SECONDS, phase))
				break;
			session_traffic_stops(s);
			session_stop_generator(s);
			window_done = true;
		}
		/* The per-event probes count in a window before each reading (cost_window.h)... */
		if (!window_done) {
			if (wait_or_stop(s, next - window, phase))
				break;
			session_open_sample_window(s);
		}
		/* ...and rxtop's BPF programs are measured in a shorter one inside it (cost_window.h). */
		if (!s->opts.bpf_stats_always) {
			if (wait_or_stop(s, next - cost_window_seconds(s->opts.interval), phase))
				break;
			session_open_cost_window(s);
		}
		if (wait_or_stop(s, next, phase))
			break;
		if (sample_and_show(s, err, len) < 0)
			break;
		if (next >= s->next_tick)
			s->next_tick += s->opts.interval;
		if (s->opts.samples > 0 && s->samples_shown >= s->opts.samples)
			stop_requested = 1;
		if (until > 0 && monotonic_seconds() >= until - 1e-6)
			break;
		if (session_stacks_died(s))
			break;
	}
}

/* The phases of rxtop run, then the comparison table; err says why the readings stopped, if they did. */
static int run_phases(struct session *s, char *err, size_t len)
{
	int rc = 0;

	for (int i = 0; i < s->opts.nstacks && !stop_requested && !err[0]; i++) {
		double until;

		rc = session_start_stack(s, i);
		if (rc)
			break;
		session_mark_phase(s, i, false);
		until = monotonic_seconds() + s->opts.duration;
		sample_loop(s, until, i, err, len);
		/*
		 * After the last phase: generator off, lab drained, one more line whose ledger balances. A
		 * TCP sender stops after every phase: its receiver reads all it acknowledged before the
		 * phase's end is marked, and the next phase's receiver gets a sender of its own.
		 */
		if ((i == s->opts.nstacks - 1 || s->gen_tcp) && s->gen_running && !s->stack_failed &&
		    !stop_requested && !err[0]) {
			double gen_stopped = monotonic_seconds();

			session_stop_generator(s);
			/* Counts include the drained frames, the rate's time ends when the generator did. */
			session_mark_phase(s, i, true);
			session_phase_ends_at(s, i, gen_stopped);
			sample_and_show_as(s, i == s->opts.nstacks - 1, err, len);
		} else {
			session_mark_phase(s, i, true);
			/* Traffic from outside rxtop, nothing to drain: the summary rides on one more
			 * reading. */
			if (i == s->opts.nstacks - 1 && !s->tui && s->opts.format == OUTPUT_JSON &&
			    !s->stack_failed && !stop_requested && !err[0])
				sample_and_show_as(s, true, err, len);
		}
		session_stop_stack(s, i);
		if (s->stack_failed) {
			rc = EXIT_RUNTIME;
			break;
		}
	}
	tui_close(s->tui); /* the comparison table goes to the normal screen */
	s->tui = NULL;
	if (!err[0])
		session_print_comparison(s, stdout);
	return rc;
}

int cmd_top(int argc, char **argv, int lab, void (*help_overview)(FILE *out))
{
	bool run = argc > 1 && strcmp(argv[1], "run") == 0;
	struct session *s;
	char err[256], stopped_why[256] = ""; /* stopped_why: the readings could not go on */
	int rc;

	/* A recording plays without the collector: nothing is attached (src/top/replay_view.c). */
	if (replay_requested(argc, argv, run))
		return cmd_replay(argc, argv, lab, run);
	s = calloc(1, sizeof(*s));
	if (!s) {
		log_user("rxtop: out of memory");
		return EXIT_RUNTIME;
	}
	if (options_parse(run ? argc - 1 : argc, run ? argv + 1 : argv, run, &s->opts, err, sizeof(err)) <
	    0) {
		log_user("%s", err);
		free(s);
		return EXIT_USAGE;
	}
	s->opts.lab = lab;
	if (s->opts.help) {
		options_help(run, help_overview);
		free(s);
		return 0;
	}
	if (!s->opts.batch_given && !isatty(STDOUT_FILENO))
		s->opts.batch = true;
	stop_signals_install(&stop_requested);
	log_quiet_libs();
	log_debug("start: options read"); /* the debug lines' time 0 */
	/* Before anything is attached: a port in use is bad input, and nothing may be left half-done. */
	if (s->opts.listen.port) {
		metrics_server = metrics_server_open(&s->opts.listen, err, sizeof(err));
		if (!metrics_server) {
			log_user("%s", err);
			free(s);
			return EXIT_USAGE;
		}
	}

	rc = session_setup(s, run, err, sizeof(err));
	if (rc) {
		log_user("%s", err);
		goto cleanup;
	}
	metrics_server_publish(metrics_server, s->last);
	if (!s->opts.batch) {
		struct tui_context ctx;

		tui_context_fill(s, -1, &ctx);
		rc = tui_open(&s->tui, &ctx);
		if (rc == -ENOTTY) {
			s->opts.batch = true; /* TERM=dumb or unset: the text view */
			rc = 0;
		} else if (rc < 0) {
			log_user("rxtop: cannot start the live view: %s", strerror(-rc));
			rc = EXIT_RUNTIME;
			goto cleanup;
		}
	}
	/* Ticks count from the baseline reading, so the first interval is as long as the others. */
	s->next_tick = s->last->mono + s->opts.interval;
	if (run)
		rc = run_phases(s, stopped_why, sizeof(stopped_why));
	else
		sample_loop(s, 0, -1, stopped_why, sizeof(stopped_why));
	if (!rc && s->stack_failed)
		rc = EXIT_RUNTIME;
cleanup:
	tui_close(s->tui); /* before teardown, so its messages reach the normal screen */
	s->tui = NULL;
	if (stopped_why[0]) {
		log_user("%s", stopped_why);
		rc = EXIT_RUNTIME;
	}
	session_teardown(s);
	metrics_server_close(metrics_server);
	metrics_server = NULL;
	free(s);
	return rc;
}
