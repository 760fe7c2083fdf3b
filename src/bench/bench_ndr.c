// SPDX-License-Identifier: GPL-2.0-only
/* The no-drop-rate search (RFC 2544 §26.1, TRex NDR): bisects the offered rate; pure, fed by a callback. */
#include <errno.h>

#include "bench_ndr.h"

int bench_ndr_run(const struct bench_ndr_search *search, bench_trial_fn trial, void *ctx, double *ndr_pps)
{
	double pass = 0, fail = search->start_pps, rate = search->start_pps;
	int trials = 0;

	*ndr_pps = 0;
	if (!(search->start_pps > 0) || search->max_trials < 1)
		return -EINVAL;
	while (trials < search->max_trials) {
		double loss = 0;
		int rc = trial(ctx, rate, &loss);

		if (rc < 0)
			return rc;
		trials++;
		if (loss <= search->loss_tolerance_pct) {
			pass = rate;
			if (rate >= search->start_pps)
				break; /* the start rate passed: nothing higher is offered */
		} else {
			fail = rate;
		}
		if (fail - pass <= search->resolution * fail)
			break;
		rate = (pass + fail) / 2;
	}
	*ndr_pps = pass;
	return trials;
}
