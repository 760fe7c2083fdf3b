// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: `rxtop bench`'s parser (bench_options_parse) over any argv. */
#include <errno.h>

#include "bench_options.h"
#include "fuzz_args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bench_config cfg;
	struct bench_compare_dirs compare;
	struct fuzz_args args;
	char err[256] = "";
	bool lab = false;
	int ret, argc = 1;

	memset(&cfg, 0, sizeof(cfg));
	fuzz_args_make(&args, "bench", data, size);
	fuzz_getopt_reset();
	/* main takes --lab off the line wherever it stands; argc shrinks, args.argc still frees them all */
	for (int i = 1; i < args.argc; i++) {
		if (!strcmp(args.argv[i], "--lab"))
			lab = true;
		else
			args.argv[argc++] = args.argv[i];
	}
	args.argv[argc] = NULL;
	ret = bench_options_parse(argc, args.argv, lab, &cfg, &compare, err, sizeof(err));
	FUZZ_CHECK(ret == 0 || ret == 1 || ret == -EINVAL);
	if (ret < 0)
		FUZZ_CHECK(err[0] != '\0');
	if (ret == 0 && compare.old_dir)
		FUZZ_CHECK(compare.new_dir != NULL);
	if (ret == 0 && !compare.old_dir) {
		FUZZ_CHECK(cfg.nstacks >= 1 && cfg.nstacks <= BENCH_MAX_STACKS);
		FUZZ_CHECK(cfg.nsizes >= 1 && cfg.nsizes <= BENCH_MAX_SIZES);
		FUZZ_CHECK(cfg.ncores >= 1 && cfg.ncores <= BENCH_MAX_CORES);
		for (int i = 0; i < cfg.nsizes; i++)
			FUZZ_CHECK(cfg.sizes[i] >= BENCH_MIN_SIZE);
		for (int i = 0; i < cfg.ncores; i++)
			FUZZ_CHECK(cfg.cores[i] >= 1);
		FUZZ_CHECK(cfg.repeats >= 1 && cfg.repeats <= BENCH_MAX_REPEATS);
		FUZZ_CHECK(cfg.duration_s > 0 && cfg.warmup_s >= 0);
		for (int i = 0; i < cfg.nstacks; i++)
			FUZZ_CHECK_STRING(cfg.stacks[i]);
		FUZZ_CHECK_STRING(cfg.iface);
		FUZZ_CHECK_STRING(cfg.out_dir);
	}
	fuzz_args_free(&args);
	return 0;
}
