// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the DPDK telemetry reply parsers (src/probes/dpdk_telemetry.c), any bytes as each reply.
 * The JSON reader under them (src/sys/jsonr.c) is fuzzed on its own by fuzz_replay; here the input sits right
 * before an unmapped page, so a parser reading past the reply faults.
 */
#include <string.h>

#include "dpdk_telemetry.h"
#include "fuzz_args.h"
#include "guarded.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = guarded_copy(data, size);
	struct dpdk_port_sample port;
	size_t max_len = 0;
	int ports[8], n;
	pid_t pid = 0;

	if (!text)
		return 0;
	if (dpdk_parse_greeting(text, size, &pid, &max_len) == 0)
		FUZZ_CHECK(max_len >= 64 && max_len <= (1u << 20));
	n = dpdk_parse_port_list(text, size, ports, 8);
	FUZZ_CHECK(n <= 8);
	for (int i = 0; i < n; i++)
		FUZZ_CHECK(ports[i] >= 0 && ports[i] < 65536);
	memset(&port, 0, sizeof(port));
	if (dpdk_parse_stats(text, size, &port) == 0)
		FUZZ_CHECK(port.nqueues >= 1 && port.nqueues <= SNAP_MAX_DPDK_QUEUES);
	dpdk_parse_xstats(text, size, &port);
	dpdk_parse_info(text, size, &port);
	FUZZ_CHECK(port.nqueues >= 0 && port.nqueues <= SNAP_MAX_DPDK_QUEUES);
	FUZZ_CHECK_STRING(port.name);
	return 0;
}
