// SPDX-License-Identifier: GPL-2.0-only
/* Setup the two io_uring stacks share: their sockets, their rings, NAPI busy polling on a ring. */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "iouring.h"

/* Submissions per ring: a few re-arms and accepts at a time; the completions are what grow. */
#define SQ_ENTRIES 64

static int set_int_option(int fd, int level, int name, int value, const char *what, char *why, size_t len)
{
	if (setsockopt(fd, level, name, &value, sizeof(value)) == 0)
		return 0;
	snprintf(why, len, "setsockopt(%s): %s", what, strerror(errno));
	return -errno;
}

int iouring_open_socket(const struct stack_config *cfg, int cpu, struct steer_group *group, char *why,
			size_t len)
{
	bool tcp = cfg->proto == STACK_PROTO_TCP;
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(cfg->port)};
	int fd, err;

	fd = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(why, len, "socket: %s", strerror(errno));
		return -errno;
	}
	err = set_int_option(fd, SOL_SOCKET, SO_REUSEPORT, 1, "SO_REUSEPORT", why, len);
	if (!err && tcp)
		err = set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR", why, len);
	if (!err && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cfg->ifname, strlen(cfg->ifname)) < 0) {
		err = -errno;
		snprintf(why, len, "setsockopt(SO_BINDTODEVICE %s): %s", cfg->ifname, strerror(errno));
	}
	/* Root may exceed net.core.rmem_max with the FORCE variant. */
	if (!err && cfg->rcvbuf && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &cfg->rcvbuf, sizeof(int)) < 0)
		err = set_int_option(fd, SOL_SOCKET, SO_RCVBUF, cfg->rcvbuf, "SO_RCVBUF", why, len);
	/* In a reuseport group the kernel prefers the socket whose incoming CPU is the softirq's CPU. */
	if (!err && cpu >= 0)
		err = set_int_option(fd, SOL_SOCKET, SO_INCOMING_CPU, cpu, "SO_INCOMING_CPU", why, len);
	if (!err && group)
		err = steer_group_before_bind(group, fd, why, len);
	if (!err && bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		err = -errno;
		snprintf(why, len, "bind(port %u): %s", cfg->port, strerror(errno));
	}
	if (!err && tcp && listen(fd, 128) < 0) {
		err = -errno;
		snprintf(why, len, "listen: %s", strerror(errno));
	}
	if (!err && group)
		err = steer_group_add(group, fd, why, len);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

int iouring_ring_init(struct io_uring *ring, const struct stack_config *cfg, unsigned extra_flags,
		      bool need_defer, char *note, size_t len)
{
	struct io_uring_params params = {0};
	int err;

	note[0] = '\0';
	params.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SINGLE_ISSUER | extra_flags;
	params.cq_entries = (unsigned)cfg->ring_size;
	if (cfg->sqpoll) {
		params.flags |= IORING_SETUP_SQPOLL;
		params.sq_thread_idle = 1000; /* ms before the SQ thread sleeps */
	} else {
		/* Completions are posted only when this thread waits: no task-work interrupts mid-batch. */
		params.flags |= IORING_SETUP_DEFER_TASKRUN;
	}
	err = io_uring_queue_init_params(SQ_ENTRIES, ring, &params);
	if (err == -EINVAL && !cfg->sqpoll && !need_defer) {
		params = (struct io_uring_params){0};
		params.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN |
			       IORING_SETUP_TASKRUN_FLAG | extra_flags;
		params.cq_entries = (unsigned)cfg->ring_size;
		err = io_uring_queue_init_params(SQ_ENTRIES, ring, &params);
		if (!err)
			snprintf(note, len,
				 "kernel refused IORING_SETUP_DEFER_TASKRUN (needs 6.1); using COOP_TASKRUN");
	}
	if (err)
		snprintf(note, len, "io_uring_setup(flags 0x%x): %s", params.flags, strerror(-err));
	return err;
}

/* NAPI busy polling for every socket this ring receives on (Linux 6.9); liburing 2.3 has no helper. */
int iouring_register_napi(struct io_uring *ring, const struct stack_config *cfg)
{
	struct io_uring_napi napi = {
	    .busy_poll_to = (__u32)cfg->busy_poll_us,
	    .prefer_busy_poll = 1,
	};

	if (syscall(__NR_io_uring_register, ring->ring_fd, IORING_REGISTER_NAPI, &napi, 1) < 0)
		return -errno;
	return 0;
}
