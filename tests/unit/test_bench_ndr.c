// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the NDR search: a loss-versus-rate callback stands for the receiver. */
#include <errno.h>

#include "bench_ndr.h"
#include "check.h"

struct model {
	double knee; /* loss starts above this rate */
	int trials;
	double rates[16];
	int fail_at; /* the trial that errors, 0 for none */
};

static int lossy_above_knee(void *ctx, double rate, double *loss)
{
	struct model *m = ctx;

	if (m->trials < 16)
		m->rates[m->trials] = rate;
	if (++m->trials == m->fail_at)
		return -EIO;
	*loss = rate > m->knee ? 100.0 * (rate - m->knee) / rate : 0;
	return 0;
}

static void test_bisects_to_the_knee(void)
{
	struct model m = {.knee = 613000};
	struct bench_ndr_search s = {
	    .start_pps = 1000000, .loss_tolerance_pct = 0.01, .resolution = 0.02, .max_trials = 8};
	double ndr;
	int n = bench_ndr_run(&s, lossy_above_knee, &m, &ndr);

	CHECK("ndr: the first trial offers the start rate", m.rates[0] == 1000000);
	CHECK("ndr: the first failure halves it", m.rates[1] == 500000);
	CHECK("ndr: then bisects between pass and fail", m.rates[2] == 750000);
	CHECK("ndr: at most 8 trials", n >= 1 && n <= 8 && m.trials == n);
	CHECK("ndr: the result passes", ndr <= m.knee * 1.0001);
	CHECK("ndr: within 2 % of the knee", ndr >= m.knee * 0.98);
}

static void test_start_passes(void)
{
	struct model m = {.knee = 2e6};
	struct bench_ndr_search s = {
	    .start_pps = 1e6, .loss_tolerance_pct = 0.01, .resolution = 0.02, .max_trials = 8};
	double ndr;

	CHECK("ndr: a passing start rate is one trial", bench_ndr_run(&s, lossy_above_knee, &m, &ndr) == 1);
	CHECK_NEAR("ndr: and the result", ndr, 1e6, 0);
}

static void test_nothing_passes(void)
{
	struct model m = {.knee = 0};
	struct bench_ndr_search s = {
	    .start_pps = 1e6, .loss_tolerance_pct = 0.01, .resolution = 0.02, .max_trials = 8};
	double ndr = -1;

	CHECK("ndr: all failing stops at the trial limit",
	      bench_ndr_run(&s, lossy_above_knee, &m, &ndr) == 8);
	CHECK_NEAR("ndr: no passing rate is 0", ndr, 0, 0);
}

static void test_tolerance(void)
{
	/* loss just above the knee is small: a 1 % tolerance accepts rates up to knee / 0.99 */
	struct model m = {.knee = 500000};
	struct bench_ndr_search s = {
	    .start_pps = 1e6, .loss_tolerance_pct = 1, .resolution = 0.02, .max_trials = 8};
	double ndr;

	bench_ndr_run(&s, lossy_above_knee, &m, &ndr);
	CHECK("ndr: tolerance admits a little loss", ndr >= 500000 && ndr <= 500000 / 0.99 + 1);
}

static void test_errors(void)
{
	struct model m = {.knee = 5e5, .fail_at = 2};
	struct bench_ndr_search s = {
	    .start_pps = 1e6, .loss_tolerance_pct = 0.01, .resolution = 0.02, .max_trials = 8};
	double ndr;

	CHECK("ndr: a trial's error ends the search", bench_ndr_run(&s, lossy_above_knee, &m, &ndr) == -EIO);
	s.start_pps = 0;
	CHECK("ndr: no start rate is -EINVAL", bench_ndr_run(&s, lossy_above_knee, &m, &ndr) == -EINVAL);
}

int main(void)
{
	test_bisects_to_the_knee();
	test_start_passes();
	test_nothing_passes();
	test_tolerance();
	test_errors();
	return check_failures != 0;
}
