// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: rtnetlink reply parsers of src/sys/nl_link.c (links, IPv4 addresses) over any bytes. */
#include "fuzz_args.h"
#include "guarded.h"
#include "nl_link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nl_link_info info;
	char addrs[48];
	void *buf = guarded_copy(data, size);

	if (!buf)
		return 0;
	nl_link_parse_reply(buf, size, &info);
	FUZZ_CHECK_STRING(info.kind);
	/* A short buffer exercises the truncation of the address list; ifindex 1 matches some inputs. */
	nl_addr_parse_reply(buf, size, 1, addrs, sizeof(addrs));
	FUZZ_CHECK_STRING(addrs);
	return 0;
}
