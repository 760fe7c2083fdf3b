// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: `rxtop [OPTIONS]`'s parser (options_parse, run = false) over any argv. */
#include <errno.h>
#include <math.h>

#include "fuzz_args.h"
#include "options.h"

/* Shared with fuzz_run.c: parses, then checks what a successful parse promises. */
void fuzz_options(const uint8_t *data, size_t size, bool run);

void fuzz_options(const uint8_t *data, size_t size, bool run)
{
	static struct top_options opts;
	struct fuzz_args args;
	char err[256] = "";
	int ret;

	fuzz_args_make(&args, run ? "run" : "rxtop", data, size);
	fuzz_getopt_reset();
	ret = options_parse(args.argc, args.argv, run, &opts, err, sizeof(err));
	FUZZ_CHECK(ret == 0 || ret == -EINVAL);
	FUZZ_CHECK(ret == 0 || err[0]); /* a refusal always says why */
	if (ret == 0) {
		FUZZ_CHECK(opts.nifaces >= 0 && opts.nifaces <= TOP_MAX_IFACES);
		FUZZ_CHECK(opts.npids >= 0 && opts.npids <= TOP_MAX_PIDS);
		FUZZ_CHECK(opts.nstacks >= 0 && opts.nstacks <= TOP_MAX_STACKS);
		FUZZ_CHECK(!run || opts.help || opts.nstacks > 0);
		FUZZ_CHECK(isfinite(opts.interval) && opts.interval > 0);
		FUZZ_CHECK(isfinite(opts.duration) && opts.duration > 0);
		FUZZ_CHECK(opts.samples >= 0);
		FUZZ_CHECK_STRING(opts.netns);
		for (int i = 0; i < opts.nifaces; i++)
			FUZZ_CHECK(opts.ifaces[i][0] && memchr(opts.ifaces[i], 0, sizeof(opts.ifaces[i])));
		for (int i = 0; i < opts.nstacks; i++)
			FUZZ_CHECK_STRING(opts.stacks[i]);
		for (int i = 0; i < opts.npids; i++)
			FUZZ_CHECK(opts.pids[i] > 0);
	}
	fuzz_args_free(&args);
}

#ifndef FUZZ_OPTIONS_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_options(data, size, false);
	return 0;
}
#endif
