// SPDX-License-Identifier: GPL-2.0-only
/* The packet engine: one AF_PACKET socket per thread, qdisc bypassed, prebuilt frames sent with sendmmsg. */
#include <errno.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gen_engine.h"

#define PACKET_BATCH 256

struct packet_thread {
	struct mmsghdr msgs[PACKET_BATCH];
	struct iovec iov[PACKET_BATCH];
};

static int packet_socket(struct gen_run *run)
{
	struct sockaddr_ll addr = {.sll_family = AF_PACKET, .sll_ifindex = run->ifindex};
	int one = 1, sndbuf = 8 << 20, fd;

	/* Protocol 0: a send-only socket, nothing is ever queued to it for receive. */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(run->error, sizeof(run->error), "packet engine: socket(AF_PACKET): %s",
			 strerror(errno));
		return -errno;
	}
	/* Straight to the driver like trafgen: no qdisc, and a full device ring is an error we can count. */
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int err = -errno;

		snprintf(run->error, sizeof(run->error), "packet engine: bind to %s: %s", run->cfg.iface,
			 strerror(errno));
		close(fd);
		return err;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	return fd;
}

static int packet_open(struct gen_run *run)
{
	int fd = packet_socket(run);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int packet_thread_init(struct gen_thread *t)
{
	struct packet_thread *pt = calloc(1, sizeof(*pt));

	if (!pt)
		return -ENOMEM;
	t->fd = packet_socket(t->run);
	if (t->fd < 0) {
		free(pt);
		return t->fd;
	}
	for (int i = 0; i < PACKET_BATCH; i++) {
		pt->iov[i].iov_len = t->run->cfg.size;
		pt->msgs[i].msg_hdr.msg_iov = &pt->iov[i];
		pt->msgs[i].msg_hdr.msg_iovlen = 1;
	}
	t->engine_state = pt;
	return 0;
}

static int packet_send(struct gen_thread *t, unsigned int n, uint64_t *sent, uint64_t *failed)
{
	struct packet_thread *pt = t->engine_state;
	int ret, err;
	socklen_t len = sizeof(err);

	*sent = *failed = 0;
	if (n > PACKET_BATCH)
		n = PACKET_BATCH;
	for (unsigned int i = 0; i < n; i++) {
		pt->iov[i].iov_base = gen_run_frame(t->run, t->index + t->flow_next * t->run->nthreads);
		if (++t->flow_next >= t->flow_count)
			t->flow_next = 0;
	}
	ret = sendmmsg(t->fd, pt->msgs, n, 0);
	if (ret < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return 0;
		if (errno == ENOBUFS) { /* the device refused the first frame: its ring is full */
			*failed = 1;
			return 0;
		}
		return -errno;
	}
	*sent = (uint64_t)ret;
	if ((unsigned int)ret < n) {
		/* sendmmsg parks the error that stopped it in SO_ERROR; take it so the next call starts
		 * clean. */
		if (getsockopt(t->fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == ENOBUFS)
			*failed = 1;
	}
	return 0;
}

static void packet_thread_fini(struct gen_thread *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	free(t->engine_state);
	t->engine_state = NULL;
}

static void packet_close(struct gen_run *run)
{
	(void)run;
}

const struct gen_engine_ops gen_engine_packet = {
    .name = "packet",
    .max_batch = PACKET_BATCH,
    .open = packet_open,
    .thread_init = packet_thread_init,
    .send = packet_send,
    .thread_fini = packet_thread_fini,
    .close = packet_close,
};
