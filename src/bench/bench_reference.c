// SPDX-License-Identifier: GPL-2.0-only
/* The reference tools rxtop bench measures its receivers against: which tool, its transcript, its warm-up. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_reference.h"

/* A reference needs at least this much warm-up: the tool's own start (EAL, sockets, TCP slow start). */
#define REFERENCE_MIN_WARMUP_S 1.0

double reference_warmup_seconds(const struct bench_config *cfg)
{
	return cfg->warmup_s > REFERENCE_MIN_WARMUP_S ? cfg->warmup_s : REFERENCE_MIN_WARMUP_S;
}

FILE *reference_transcript_open(const struct bench_config *cfg, const char *tool, int size, int cores,
				char *path, size_t len)
{
	static int runs;
	struct stat st;

	path[0] = '\0';
	if (!cfg->out_dir[0] || stat(cfg->out_dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return NULL;
	snprintf(path, len, "%s/reference-%s-%dc-%d-%d-%d.log", cfg->out_dir, tool, cores, size,
		 (int)getpid(), ++runs);
	return fopen(path, "we");
}

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
