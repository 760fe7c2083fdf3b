/* rxtop's main job: observe interfaces (and run stacks in phases), sample, and hand snapshots to a view. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "log.h"
#include "options.h"
#include "sampler.h"
#include "session.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void install_signals(void)
{
	struct sigaction sa = {.sa_handler = on_signal};

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A closed pipe (rxtop -b | head) ends rxtop cleanly through the write error instead. */
	signal(SIGPIPE, SIG_IGN);
}

static double monotonic_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleeps until the absolute monotonic time `when`, waking early on a stop request. */
static void sleep_until(double when)
{
	while (!stop_requested) {
		double left = when - monotonic_now();
		struct timespec ts;

		if (left <= 0)
			return;
		if (left > 0.05)
			left = 0.05;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
}

/* Takes a reading, derives rates against the previous one, shows it; swaps the two buffers. */
static int sample_and_show(struct session *s)
{
	struct snapshot *cur = s->spare;

	collector_read(&s->collector, cur);
	sampler_derive(s->last, cur);
	s->spare = s->last;
	s->last = cur;
	output_snapshot(stdout, s->opts.format, cur, s->samples_shown == 0);
	s->samples_shown++;
	if (ferror(stdout))
		stop_requested = 1;
	return 0;
}

/* Samples every interval until `until` (monotonic; 0 = open-ended) or -n samples or a stop. */
static void sample_loop(struct session *s, double until)
{
	while (!stop_requested) {
		double next = s->next_tick;

		if (until > 0 && next > until + 1e-6)
			next = until;
		sleep_until(next);
		if (stop_requested)
			break;
		/* The last of -n samples is taken after the generator stopped and the lab drained. */
		if (s->opts.samples > 0 && s->samples_shown + 1 >= s->opts.samples && s->opts.nstacks == 0)
			session_stop_generator(s);
		sample_and_show(s);
		if (next >= s->next_tick)
			s->next_tick += s->opts.interval;
		if (s->opts.samples > 0 && s->samples_shown >= s->opts.samples)
			stop_requested = 1;
		if (until > 0 && monotonic_now() >= until - 1e-6)
			break;
		if (session_stacks_died(s))
			break;
	}
}

static int run_phases(struct session *s)
{
	int rc = 0;

	for (int i = 0; i < s->opts.nstacks && !stop_requested; i++) {
		double until;

		rc = session_start_stack(s, i);
		if (rc)
			break;
		until = monotonic_now() + s->opts.duration;
		sample_loop(s, until);
		/* After the last phase: generator off, lab drained, one more line whose ledger balances. */
		if (i == s->opts.nstacks - 1 && s->gen_running && !s->stack_failed) {
			session_stop_generator(s);
			sample_and_show(s);
		}
		session_stop_stack(s, i);
		if (s->stack_failed) {
			rc = EXIT_RUNTIME;
			break;
		}
	}
	/* The final reading includes the last phase's counters after its child stopped. */
	if (s->opts.nstacks > 0 && s->last) {
		collector_read(&s->collector, s->spare);
		sampler_derive(s->last, s->spare);
		session_print_comparison(s, s->spare, stdout);
	}
	return rc;
}

int cmd_top(int argc, char **argv, int lab)
{
	bool run = argc > 1 && strcmp(argv[1], "run") == 0;
	struct session *s;
	char err[256];
	int rc;

	s = calloc(1, sizeof(*s));
	if (!s) {
		log_user("rxtop: out of memory");
		return EXIT_RUNTIME;
	}
	if (options_parse(run ? argc - 1 : argc, run ? argv + 1 : argv, run, &s->opts, err, sizeof(err)) < 0) {
		log_user("%s", err);
		free(s);
		return EXIT_USAGE;
	}
	s->opts.lab = lab;
	if (s->opts.help) {
		options_help(run);
		free(s);
		return 0;
	}
	if (!s->opts.batch_given && !isatty(STDOUT_FILENO))
		s->opts.batch = true;
	install_signals();
	log_quiet_libs();

	rc = session_setup(s, run, err, sizeof(err));
	if (rc) {
		log_user("%s", err);
		goto cleanup;
	}
	/* Ticks count from the baseline reading, so the first interval is as long as the others. */
	s->next_tick = s->last->mono + s->opts.interval;
	if (run)
		rc = run_phases(s);
	else
		sample_loop(s, 0);
	if (!rc && s->stack_failed)
		rc = EXIT_RUNTIME;
cleanup:
	session_teardown(s);
	free(s);
	return rc;
}
