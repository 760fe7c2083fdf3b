// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: netdev generic netlink reply parsers (src/sys/netdev_genl.c, src/probes/nic_qstats.c)
 * over any bytes. */
#include <errno.h>

#include "fuzz_args.h"
#include "guarded.h"
#include "netdev_genl.h"
#include "nic_qstats.h"

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
	{
		struct nic_queue_stats queues[4];
		int n = -1;

		ret = nic_qstats_parse(buf, size, 0, queues, 4, &n);
		FUZZ_CHECK(ret >= MNL_CB_ERROR && n >= 0 && n <= 4);
		for (int i = 0; i < n; i++)
			FUZZ_CHECK(queues[i].queue >= 0 && queues[i].queue < NIC_MAX_QUEUES &&
				   queues[i].have < (1u << NIC_STATS));
	}
	return 0;
}
