// SPDX-License-Identifier: GPL-2.0-only
/* stack_frame_payload: the UDP/TCP payload every stack counts, for the frames the lab and NICs carry. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "payload.h"

/* Ethernet + IPv4 (IHL ihl words) + UDP with payload bytes, padded to at least 60 bytes like on the wire. */
static uint32_t udp4(uint8_t *f, int ihl, uint16_t payload, uint16_t frag)
{
	uint32_t ip = 14, udp = ip + (uint32_t)ihl * 4, end = udp + 8 + payload;
	uint16_t total = (uint16_t)(end - ip), ulen = (uint16_t)(8 + payload);

	memset(f, 0, 2048);
	f[12] = 0x08, f[13] = 0x00;
	f[ip] = (uint8_t)(0x40 | ihl);
	f[ip + 2] = (uint8_t)(total >> 8), f[ip + 3] = (uint8_t)total;
	f[ip + 6] = (uint8_t)(frag >> 8), f[ip + 7] = (uint8_t)frag;
	f[ip + 9] = 17;
	f[udp + 4] = (uint8_t)(ulen >> 8), f[udp + 5] = (uint8_t)ulen;
	return end < 60 ? 60 : end;
}

int main(void)
{
	uint8_t f[2048];
	uint32_t len = udp4(f, 5, 18, 0);
	struct stack_payload p = stack_frame_payload(f, len);

	CHECK("64-byte frame (60 without FCS): 18 payload bytes at 42",
	      len == 60 && p.offset == 42 && p.len == 18);
	len = udp4(f, 5, 4, 0);
	p = stack_frame_payload(f, len);
	CHECK("Ethernet padding is not payload", len == 60 && p.len == 4);
	len = udp4(f, 7, 100, 0);
	p = stack_frame_payload(f, len);
	CHECK("IPv4 options", p.offset == 14 + 28 + 8 && p.len == 100);
	len = udp4(f, 5, 1472, 0x2000);
	p = stack_frame_payload(f, len);
	CHECK("first fragment: its share of the payload", p.len == 1472);
	len = udp4(f, 5, 100, 0x00b9);
	CHECK("later fragment: no UDP header, nothing counted", stack_frame_payload(f, len).len == 0);
	len = udp4(f, 5, 100, 0);
	CHECK("a frame cut short counts only what it holds", stack_frame_payload(f, 60).len == 60 - 42);

	/* VLAN-tagged: shift the IPv4 packet by 4 bytes */
	len = udp4(f, 5, 18, 0);
	memmove(f + 18, f + 14, len - 14);
	f[12] = 0x81, f[13] = 0x00, f[14] = 0, f[15] = 5, f[16] = 0x08, f[17] = 0x00;
	p = stack_frame_payload(f, len + 4);
	CHECK("802.1Q tag", p.offset == 46 && p.len == 18);

	/* IPv6 UDP, 10 payload bytes */
	memset(f, 0, sizeof(f));
	f[12] = 0x86, f[13] = 0xdd, f[14] = 0x60, f[18] = 0, f[19] = 18, f[20] = 17;
	f[54 + 4] = 0, f[54 + 5] = 18;
	p = stack_frame_payload(f, 72);
	CHECK("IPv6 UDP", p.offset == 62 && p.len == 10);

	/* IPv4 TCP, 20-byte header, 30 payload bytes */
	memset(f, 0, sizeof(f));
	f[12] = 0x08, f[14] = 0x45, f[16] = 0, f[17] = 20 + 20 + 30, f[23] = 6, f[34 + 12] = 0x50;
	p = stack_frame_payload(f, 14 + 70);
	CHECK("IPv4 TCP", p.offset == 54 && p.len == 30);

	memset(f, 0, sizeof(f));
	f[12] = 0x08, f[13] = 0x06;
	CHECK("ARP: nothing", stack_frame_payload(f, 60).len == 0);
	CHECK("runt: nothing", stack_frame_payload(f, 10).len == 0);
	return check_failures != 0;
}
