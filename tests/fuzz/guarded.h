// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copies fuzz input so that it ends right before an unmapped page: a read past its end faults even inside
 * libraries built without ASan (libmnl, whose mnl_attr_get_u32 reads the attribute in place).
 */
#ifndef RXTOP_FUZZ_GUARDED_H
#define RXTOP_FUZZ_GUARDED_H

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUARDED_MAX (1 << 16)

/* data at the end of a mapping followed by a PROT_NONE page; 4-byte aligned start, as netlink buffers are. */
static inline void *guarded_copy(const uint8_t *data, size_t size)
{
	static uint8_t *area;
	size_t page = (size_t)sysconf(_SC_PAGESIZE), span = (GUARDED_MAX + page - 1) / page * page;
	size_t aligned = (size + 3) & ~(size_t)3;
	uint8_t *start;

	if (size > GUARDED_MAX)
		return NULL;
	if (!area) {
		area = mmap(NULL, span + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (area == MAP_FAILED || mprotect(area + span, page, PROT_NONE))
			abort();
	}
	start = area + span - aligned;
	memset(start + size, 0, aligned - size);
	memcpy(start, data, size);
	return start;
}

#endif
