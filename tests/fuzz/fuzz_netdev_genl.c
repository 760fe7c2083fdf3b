// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: netdev generic netlink reply parsers of src/netdev_genl.c over any bytes. */
#include <errno.h>

#include "fuzz_args.h"
#include "guarded.h"
#include "netdev_genl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t features = 0;
	int family = 0, ret;
	void *buf = guarded_copy(data, size);

	if (!buf)
		return 0;
	netdev_genl_parse_family(buf, size, &family);
	FUZZ_CHECK(family >= -1 && family <= 0xffff);
	ret = netdev_genl_parse_features(buf, size, &features);
	FUZZ_CHECK(ret == -ENODATA || ret >= MNL_CB_ERROR);
	return 0;
}
