// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: `rxtop lab`'s parser (lab_parse_args) over any argv. */
#include <errno.h>

#include "fuzz_args.h"
#include "lab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *action = NULL;
	struct fuzz_args args;
	int ret, queues = -1;

	fuzz_args_make(&args, "lab", data, size);
	fuzz_getopt_reset();
	ret = lab_parse_args(args.argc, args.argv, &queues, &action);
	FUZZ_CHECK(ret == 0 || ret == 1 || ret == -EINVAL);
	if (ret == 0) {
		FUZZ_CHECK(action &&
			   (!strcmp(action, "up") || !strcmp(action, "down") || !strcmp(action, "status")));
		FUZZ_CHECK(queues >= 0 && queues <= LAB_MAX_QUEUES);
	}
	fuzz_args_free(&args);
	return 0;
}
