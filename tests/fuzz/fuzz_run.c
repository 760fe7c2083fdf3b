// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: `rxtop run STACKS [OPTIONS]`'s parser (options_parse, run = true, stack options). */
#define FUZZ_OPTIONS_NO_ENTRY
#include "fuzz_top.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_options(data, size, true);
	return 0;
}
