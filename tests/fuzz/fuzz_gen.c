// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: `rxtop gen`'s parser (gen_parse_args) over any argv. */
#include "fuzz_args.h"
#include "gen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gen_config cfg;
	struct fuzz_args args;
	int ret;

	gen_config_init(&cfg);
	fuzz_args_make(&args, "gen", data, size);
	fuzz_getopt_reset();
	ret = gen_parse_args(args.argc, args.argv, &cfg);
	FUZZ_CHECK(ret == 0 || ret == 1 || ret == -1);
	if (ret == 0) {
		FUZZ_CHECK(cfg.iface[0]);
		FUZZ_CHECK_STRING(cfg.iface);
		FUZZ_CHECK_STRING(cfg.netns);
		FUZZ_CHECK(cfg.size >= GEN_MIN_SIZE && cfg.size <= GEN_MAX_SIZE);
		FUZZ_CHECK(cfg.flows <= GEN_MAX_FLOWS);
		FUZZ_CHECK(cfg.threads <= GEN_MAX_THREADS);
	}
	fuzz_args_free(&args);
	return 0;
}
