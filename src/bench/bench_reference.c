// SPDX-License-Identifier: GPL-2.0-only
/* The reference tools rxtop bench measures its receivers against: which tool runs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench_reference.h"

int bench_reference_run(const char *tool, const struct bench_config *cfg, int size, int cores, double seconds,
			double *rx_pps, char *err, size_t len)
{
	*rx_pps = 0;
	err[0] = '\0';
	if (!tool ||
	    (strcmp(tool, "testpmd-af_xdp") && strcmp(tool, "testpmd-af_packet") && strcmp(tool, "iperf3"))) {
		snprintf(err, len,
			 "unknown reference tool '%s': use testpmd-af_xdp, testpmd-af_packet or iperf3",
			 tool ? tool : "");
		return -ENOENT;
	}
	if (cores < 1 || seconds <= 0 || !cfg->iface[0]) {
		snprintf(err, len,
			 "%s: needs an interface, cores >= 1 and seconds > 0 (got %d cores, %.3g s)", tool,
			 cores, seconds);
		return -EINVAL;
	}
	if (strcmp(tool, "iperf3") == 0)
		return reference_iperf3_run(cfg, size, cores, seconds, rx_pps, err, len);
	return reference_testpmd_run(strchr(tool, '-') + 1, cfg, size, cores, seconds, rx_pps, err, len);
}
