// SPDX-License-Identifier: GPL-2.0-only
/* What every stack counts per packet: the L4 payload of a frame, found by parsing its L2/L3/L4 headers. */
#ifndef RXTOP_PAYLOAD_H
#define RXTOP_PAYLOAD_H

#include <stdint.h>

/* A frame's payload: where it starts and how long it is; {0, 0} for a frame that is not UDP or TCP over IP.
 */
struct stack_payload {
	uint32_t offset;
	uint32_t len;
};

static inline uint16_t payload_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * The bytes a socket would hand to the application for this frame: a UDP datagram's payload (UDP length - 8),
 * or a TCP segment's (IP length - IP and TCP headers). Ethernet with up to two VLAN tags, IPv4 (any IHL,
 * first fragment only) and IPv6 (no extension headers). Lengths come from the headers, not the frame, so
 * Ethernet padding is not counted, and never run past the frame.
 */
static inline struct stack_payload stack_frame_payload(const uint8_t *frame, uint32_t len)
{
	struct stack_payload none = {0, 0}, p;
	uint32_t off = 14, l3_end, l4_len;
	uint16_t type;
	uint8_t proto;

	if (len < off)
		return none;
	type = payload_be16(frame + 12);
	for (int tags = 0; (type == 0x8100 || type == 0x88a8) && tags < 2; tags++) {
		if (len < off + 4)
			return none;
		type = payload_be16(frame + off + 2);
		off += 4;
	}
	if (type == 0x0800) {
		uint32_t ihl;

		if (len < off + 20 || (frame[off] >> 4) != 4 || (payload_be16(frame + off + 6) & 0x1fff))
			return none; /* not IPv4, or a later fragment */
		ihl = (uint32_t)(frame[off] & 0x0f) * 4;
		proto = frame[off + 9];
		l3_end = off + payload_be16(frame + off + 2);
		off += ihl;
	} else if (type == 0x86dd) {
		if (len < off + 40 || (frame[off] >> 4) != 6)
			return none;
		proto = frame[off + 6];
		l3_end = off + 40 + payload_be16(frame + off + 4);
		off += 40;
	} else {
		return none;
	}
	if (l3_end > len)
		l3_end = len;
	if (proto == 17) {
		if (l3_end < off + 8)
			return none;
		l4_len = payload_be16(frame + off + 4);
		p.offset = off + 8;
		p.len = l4_len < 8 ? 0 : l4_len - 8;
		if (p.offset + p.len > l3_end)
			p.len = l3_end - p.offset;
		return p;
	}
	if (proto == 6) {
		uint32_t doff;

		if (l3_end < off + 20)
			return none;
		doff = (uint32_t)(frame[off + 12] >> 4) * 4;
		if (l3_end < off + doff)
			return none;
		p.offset = off + doff;
		p.len = l3_end - p.offset;
		return p;
	}
	return none;
}

#endif
