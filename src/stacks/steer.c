// SPDX-License-Identifier: GPL-2.0-only
/* Loader of bpf/sock_steer.bpf.c and builder of the reuseport group it steers (see steer.h for the order). */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/filter.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"
#include "netdev_driver.h"
#include "sock_steer.h"
#include "sock_steer.skel.h"
#include "steer.h"

/* rx queue -> slot + 1 in the program's queue_slot map; its sockets map fills as sockets are added. */
static int load_program(struct steer_group *g, char *why, size_t len)
{
	const struct stack_config *cfg = g->cfg;
	int slots, err;

	g->skel = sock_steer_bpf__open();
	if (!g->skel) {
		snprintf(why, len, "cannot open the steering program: %s", strerror(errno));
		return -errno;
	}
	g->skel->rodata->queue_mapping_offset = (__u32)netdev_queue_mapping_offset(cfg->ifname);
	err = sock_steer_bpf__load(g->skel);
	if (err) {
		snprintf(why, len, "cannot load the steering program: %s", strerror(-err));
		return err;
	}
	slots = bpf_map__fd(g->skel->maps.queue_slot);
	for (int i = 0; i < cfg->nqueues; i++) {
		__u32 queue = (__u32)cfg->queues[i], value = (__u32)i + 1;

		if (queue < STEER_MAX_QUEUES && bpf_map_update_elem(slots, &queue, &value, BPF_ANY) < 0) {
			snprintf(why, len, "steering map (queue %u): %s", queue, strerror(errno));
			return -errno;
		}
	}
	return 0;
}

void steer_group_init(struct steer_group *g, const struct stack_config *cfg)
{
	char why[160];

	*g = (struct steer_group){
	    .cfg = cfg, .steer = cfg->nqueues > 1, .gate = cfg->nqueues > 1 && cfg->proto == STACK_PROTO_UDP};
	if (g->steer && load_program(g, why, sizeof(why)) < 0) {
		/* e.g. before Linux 6.3: no bpf_cast_to_kern_ctx */
		log_debug("steer: %s; steering by skb->queue_mapping only", why);
		sock_steer_bpf__destroy(g->skel);
		g->skel = NULL;
	}
}

/*
 * The classic fallback: group index i (the i-th socket bound) for skb->queue_mapping of cfg->queues[i]; an
 * index past the group's end (a queue no worker serves) falls back to the kernel's hash.
 */
static int attach_classic(const struct stack_config *cfg, int fd)
{
	struct sock_filter code[2 + 2 * STACK_MAX_QUEUES];
	struct sock_fprog prog = {.filter = code};
	int offset = netdev_queue_mapping_offset(cfg->ifname);
	int n = 0;

	code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_QUEUE);
	for (int i = 0; i < cfg->nqueues; i++) {
		code[n++] =
		    (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, cfg->queues[i] + offset, 0, 1);
		code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, i);
	}
	code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, cfg->nqueues);
	prog.len = n;
	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, sizeof(prog)) < 0 ? -errno : 0;
}

/* The group's first socket carries the program into the group its bind creates. */
static int attach_program(struct steer_group *g, int fd, char *why, size_t len)
{
	int err;

	if (g->skel) {
		int prog_fd = bpf_program__fd(g->skel->progs.steer_by_rx_queue);

		if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_EBPF, &prog_fd, sizeof(prog_fd)) == 0)
			return 0;
		log_debug(
		    "steer: setsockopt(SO_ATTACH_REUSEPORT_EBPF): %s; steering by skb->queue_mapping only",
		    strerror(errno));
		sock_steer_bpf__destroy(g->skel);
		g->skel = NULL;
	}
	err = attach_classic(g->cfg, fd);
	if (err)
		snprintf(why, len, "setsockopt(SO_ATTACH_REUSEPORT_CBPF): %s", strerror(-err));
	return err;
}

int steer_group_before_bind(struct steer_group *g, int fd, char *why, size_t len)
{
	struct sock_filter drop_all = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog gate = {.len = 1, .filter = &drop_all};

	if (!g->steer)
		return 0;
	if (g->gate && setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &gate, sizeof(gate)) < 0) {
		snprintf(why, len, "setsockopt(SO_ATTACH_FILTER): %s", strerror(errno));
		return -errno;
	}
	return g->joined == 0 ? attach_program(g, fd, why, len) : 0;
}

int steer_group_add(struct steer_group *g, int fd, char *why, size_t len)
{
	__u32 slot = (__u32)g->joined;
	__u64 value = (__u64)fd;

	if (!g->steer)
		return 0;
	if (g->joined >= STACK_MAX_QUEUES) {
		snprintf(why, len, "steering: more than %d sockets", STACK_MAX_QUEUES);
		return -E2BIG;
	}
	if (g->skel && bpf_map_update_elem(bpf_map__fd(g->skel->maps.sockets), &slot, &value, BPF_ANY) < 0) {
		snprintf(why, len, "steering map (socket %u): %s", slot, strerror(errno));
		return -errno;
	}
	g->fds[g->joined++] = fd;
	return 0;
}

int steer_group_open(struct steer_group *g, char *why, size_t len)
{
	int unused = 0;

	for (int i = 0; g->gate && i < g->joined; i++) {
		if (setsockopt(g->fds[i], SOL_SOCKET, SO_DETACH_FILTER, &unused, sizeof(unused)) < 0) {
			snprintf(why, len, "setsockopt(SO_DETACH_FILTER): %s", strerror(errno));
			return -errno;
		}
	}
	g->gate = false;
	return 0;
}

void steer_group_free(struct steer_group *g)
{
	/* The group holds the program and the program its maps: the skeleton's own references can go. */
	sock_steer_bpf__destroy(g->skel);
	g->skel = NULL;
}
