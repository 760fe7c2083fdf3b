// SPDX-License-Identifier: GPL-2.0-only
/* Runs one bench reference tool as rxtop bench would and prints its figure: the reference tests' entry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_reference.h"
#include "lab.h"
#include "log.h"

static int usage(void)
{
	fprintf(stderr, "usage: bench_reference_probe TOOL IFACE CORES SECONDS [WARMUP [OUT_DIR]]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct bench_config cfg = {0};
	char err[256];
	double value = 0;
	int cores, rc;

	if (argc < 5)
		return usage();
	snprintf(cfg.iface, sizeof(cfg.iface), "%s", argv[2]);
	cfg.lab = strcmp(cfg.iface, LAB_IFACE) == 0;
	cores = atoi(argv[3]);
	cfg.duration_s = atof(argv[4]);
	cfg.warmup_s = argc > 5 ? atof(argv[5]) : 1.0;
	if (argc > 6)
		snprintf(cfg.out_dir, sizeof(cfg.out_dir), "%s", argv[6]);
	log_quiet_libs();
	rc = bench_reference_run(argv[1], &cfg, 64, cores, cfg.duration_s, &value, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		/* 3: the tool cannot run here (missing, unsupported), so a test can tell it from a failure.
		 */
		return rc == -ENOENT || rc == -ENOTSUP ? 3 : 1;
	}
	printf("%s=%.0f\n", strcmp(argv[1], "iperf3") == 0 ? "rx_bps" : "rx_pps", value);
	return 0;
}
