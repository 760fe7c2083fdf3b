// SPDX-License-Identifier: GPL-2.0-only
/* Builds the generator's Ethernet/IPv4/UDP frames with correct checksums. */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <string.h>

#include "gen_frame.h"

uint16_t gen_checksum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

void gen_frame_build(uint8_t *frame, const struct gen_frame_spec *spec)
{
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct iphdr *ip = (struct iphdr *)(eth + 1);
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	uint8_t *payload = (uint8_t *)(udp + 1);
	unsigned int ip_len = spec->size - sizeof(*eth);
	unsigned int udp_len = ip_len - sizeof(*ip);
	uint32_t pseudo;
	uint16_t csum;

	memcpy(eth->h_dest, spec->dst_mac, ETH_ALEN);
	memcpy(eth->h_source, spec->src_mac, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);

	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(ip_len);
	ip->frag_off = htons(0x4000); /* DF */
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->saddr = spec->src.s_addr;
	ip->daddr = spec->dst.s_addr;
	ip->check = gen_checksum(ip, sizeof(*ip), 0);

	/* A recognisable payload: the byte's offset, so a capture shows where a frame was cut. */
	for (unsigned int i = 0; i < udp_len - sizeof(*udp); i++)
		payload[i] = (uint8_t)i;

	udp->source = htons(spec->src_port);
	udp->dest = htons(spec->dst_port);
	udp->len = htons(udp_len);
	udp->check = 0;
	/* Pseudo header: addresses, protocol, UDP length (host-order partial sums). */
	pseudo = (ntohl(spec->src.s_addr) >> 16) + (ntohl(spec->src.s_addr) & 0xffff) +
		 (ntohl(spec->dst.s_addr) >> 16) + (ntohl(spec->dst.s_addr) & 0xffff) + IPPROTO_UDP + udp_len;
	csum = gen_checksum(udp, udp_len, pseudo);
	udp->check = csum ? csum : 0xffff;
}
