// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: the JSON reader and DPDK telemetry reply parsers (src/dpdk_telemetry.c), any bytes. */
#include <string.h>

#include "dpdk_telemetry.h"
#include "fuzz_args.h"
#include "json_read.h"

/* Walks every token the way the lookups do: children and next stay inside the document. */
static void check_tokens(const struct json_doc *doc)
{
	for (int t = 0; t < doc->ntokens; t++) {
		const struct json_token *k = &doc->tokens[t];

		FUZZ_CHECK(k->start >= 0 && k->start <= k->end);
		FUZZ_CHECK(k->next > t && k->next <= doc->ntokens);
		if (k->kind == JSON_OBJECT || k->kind == JSON_ARRAY)
			FUZZ_CHECK(json_element(doc, t, k->children) == -1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct json_token tokens[256];
	struct dpdk_port_sample port;
	struct json_doc doc;
	size_t max_len = 0;
	int ports[8], n;
	pid_t pid = 0;

	if (json_parse(&doc, text, size, tokens, 256) == 0) {
		FUZZ_CHECK(doc.ntokens >= 1 && doc.ntokens <= 256);
		check_tokens(&doc);
	}
	if (dpdk_parse_greeting(text, size, &pid, &max_len) == 0)
		FUZZ_CHECK(max_len >= 64 && max_len <= (1u << 20));
	n = dpdk_parse_port_list(text, size, ports, 8);
	FUZZ_CHECK(n <= 8);
	memset(&port, 0, sizeof(port));
	if (dpdk_parse_stats(text, size, &port) == 0)
		FUZZ_CHECK(port.nqueues >= 1 && port.nqueues <= SNAP_MAX_DPDK_QUEUES);
	dpdk_parse_xstats(text, size, &port);
	dpdk_parse_info(text, size, &port);
	FUZZ_CHECK(port.nqueues >= 0 && port.nqueues <= SNAP_MAX_DPDK_QUEUES);
	FUZZ_CHECK_STRING(port.name);
	return 0;
}
