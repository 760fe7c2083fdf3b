// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: `rxtop doctor`'s parser (doctor_parse_args) over any argv. */
#include <errno.h>

#include "doctor.h"
#include "fuzz_args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct doctor_facts facts;
	char netns[NETNS_NAME_LEN] = "";
	struct fuzz_args args;
	int ret, json = 0;

	memset(&facts, 0, sizeof(facts));
	fuzz_args_make(&args, "doctor", data, size);
	fuzz_getopt_reset();
	ret = doctor_parse_args(args.argc, args.argv, &facts, &json, &netns);
	FUZZ_CHECK(ret == 0 || ret == 1 || ret == -EINVAL);
	if (ret == 0) {
		FUZZ_CHECK(facts.npids >= 0 && facts.npids <= DOCTOR_MAX_PIDS);
		for (int i = 0; i < facts.npids; i++)
			FUZZ_CHECK(facts.pids[i] > 0);
		FUZZ_CHECK(facts.window_s >= 0.1 && facts.window_s <= 60);
		FUZZ_CHECK_STRING(facts.ifname);
		FUZZ_CHECK_STRING(netns);
		FUZZ_CHECK(!strchr(netns, '/'));
	}
	fuzz_args_free(&args);
	return 0;
}
