// SPDX-License-Identifier: GPL-2.0-only
/* Builds the generator's Ethernet/IPv4/UDP frames with correct checksums. */
#ifndef RXTOP_GEN_FRAME_H
#define RXTOP_GEN_FRAME_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define GEN_FRAME_HEADERS 42 /* Ethernet 14 + IPv4 20 + UDP 8 */

struct gen_frame_spec {
	uint8_t src_mac[6], dst_mac[6];
	struct in_addr src, dst;
	uint16_t src_port, dst_port; /* host order */
	unsigned int size;	     /* whole frame without FCS, >= GEN_FRAME_HEADERS */
};

/* Writes spec->size bytes into frame. */
void gen_frame_build(uint8_t *frame, const struct gen_frame_spec *spec);
/* Internet checksum of len bytes, seeded with sum (host-order partial sum); returns the folded complement. */
uint16_t gen_checksum(const void *data, size_t len, uint32_t sum);

#endif
