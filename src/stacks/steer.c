/* Loader of bpf/sock_steer.bpf.c: one reuseport program per socket group, its maps filled before it runs. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "netdev_driver.h"
#include "sock_steer.h"
#include "sock_steer.skel.h"
#include "steer.h"

static int fill_maps(struct sock_steer_bpf *skel, const struct stack_config *cfg, const int *fds, char *why,
		     size_t len)
{
	int sockets = bpf_map__fd(skel->maps.sockets), slots = bpf_map__fd(skel->maps.queue_slot);

	for (int i = 0; i < cfg->nqueues; i++) {
		__u32 slot = (__u32)i, queue = (__u32)cfg->queues[i], value = slot + 1;
		__u64 fd = (__u64)fds[i];

		if (bpf_map_update_elem(sockets, &slot, &fd, BPF_ANY) < 0 ||
		    (queue < STEER_MAX_QUEUES && bpf_map_update_elem(slots, &queue, &value, BPF_ANY) < 0)) {
			int err = -errno;

			snprintf(why, len, "steering map (queue %u): %s", queue, strerror(-err));
			return err;
		}
	}
	return 0;
}

int sock_steer_attach(const struct stack_config *cfg, const int *fds, char *why, size_t len)
{
	struct sock_steer_bpf *skel = sock_steer_bpf__open();
	int err, prog_fd;

	if (!skel) {
		snprintf(why, len, "cannot open the steering program: %s", strerror(errno));
		return -errno;
	}
	skel->rodata->queue_mapping_offset = (__u32)netdev_queue_mapping_offset(cfg->ifname);
	err = sock_steer_bpf__load(skel);
	if (err) {
		snprintf(why, len, "cannot load the steering program: %s", strerror(-err));
		goto cleanup;
	}
	err = fill_maps(skel, cfg, fds, why, len);
	if (err)
		goto cleanup;
	prog_fd = bpf_program__fd(skel->progs.steer_by_rx_queue);
	if (setsockopt(fds[0], SOL_SOCKET, SO_ATTACH_REUSEPORT_EBPF, &prog_fd, sizeof(prog_fd)) < 0) {
		err = -errno;
		snprintf(why, len, "setsockopt(SO_ATTACH_REUSEPORT_EBPF): %s", strerror(-err));
	}
cleanup:
	/* The group holds the program and the program its maps: the skeleton's own references can go. */
	sock_steer_bpf__destroy(skel);
	return err;
}
