// SPDX-License-Identifier: GPL-2.0-only
/* The registry of receiver stacks and the small helpers they share. */
#include <errno.h>
#include <linux/sock_diag.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "procfs.h"
#include "stack.h"

/* Weak so that a build without a stack (e.g. no DPDK) still links; missing ones are NULL. */
#pragma weak stack_afxdp
#pragma weak stack_dpdk
#pragma weak stack_iouring
#pragma weak stack_iouring_zc
#pragma weak stack_epoll
#pragma weak stack_recvmmsg
#pragma weak stack_recvfrom

const struct stack_ops *stack_nth(size_t n)
{
	const struct stack_ops *const all[] = {
	    &stack_afxdp, &stack_dpdk,	   &stack_iouring,  &stack_iouring_zc,
	    &stack_epoll, &stack_recvmmsg, &stack_recvfrom,
	};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i] && n-- == 0)
			return all[i];
	return NULL;
}

enum stack_xdp_need stack_xdp_need_for(const struct stack_ops *ops, const struct stack_config *cfg)
{
	if (ops->xdp == STACK_XDP_REDIRECT && cfg->libxdp_program)
		return STACK_XDP_NONE;
	return ops->xdp;
}

const struct stack_ops *stack_find(const char *name)
{
	const struct stack_ops *ops;

	for (size_t i = 0; (ops = stack_nth(i)); i++)
		if (strcmp(ops->name, name) == 0)
			return ops;
	return NULL;
}

int stack_fail(struct stack_shm *shm, int err, const char *fmt, ...)
{
	uint32_t unclaimed = 0;
	va_list ap;

	if (!__atomic_compare_exchange_n(&shm->fail_claim, &unclaimed, 1, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return err;
	va_start(ap, fmt);
	vsnprintf(shm->message, sizeof(shm->message), fmt, ap);
	va_end(ap);
	shm->error = err;
	__atomic_store_n(&shm->state, STACK_FAILED, __ATOMIC_RELEASE);
	return err;
}

void stack_note_napi_id(struct stack_queue_stats *stats, int fd)
{
	unsigned int id = 0;
	socklen_t len = sizeof(id);

	if (getsockopt(fd, SOL_SOCKET, SO_INCOMING_NAPI_ID, &id, &len) == 0)
		stack_count_set(&stats->napi_id, id);
	/* Called by the worker itself: the receive-path map ties this thread to the queue (once: no syscall
	 * more per call). */
	if (!stack_count_read(&stats->tid))
		stack_count_set(&stats->tid, (uint64_t)gettid());
}

uint32_t stack_socket_drops(int fd)
{
	uint32_t meminfo[SK_MEMINFO_VARS] = {0};
	socklen_t len = sizeof(meminfo);

	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, meminfo, &len) < 0 ||
	    len <= SK_MEMINFO_DROPS * sizeof(uint32_t))
		return 0;
	return meminfo[SK_MEMINFO_DROPS];
}

int stack_add_loss(struct stack_shm *shm, const char *where, const char *name)
{
	uint32_t i = shm->nloss;

	if (i >= STACK_MAX_LOSS)
		return -ENOSPC;
	snprintf(shm->loss_where[i], sizeof(shm->loss_where[i]), "%s", where);
	snprintf(shm->loss_names[i], sizeof(shm->loss_names[i]), "%s", name);
	__atomic_store_n(&shm->nloss, i + 1, __ATOMIC_RELEASE);
	return (int)i;
}

int stack_pin_worker(const struct stack_config *cfg, int index)
{
	cpu_set_t set;

	if (cfg->ncpus <= 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cfg->cpus[index % cfg->ncpus], &set);
	return -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

uint64_t stack_touch(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += p[i];
	return sum;
}

int stack_add_event(struct stack_shm *shm, const char *where, const char *name)
{
	int i = stack_add_loss(shm, where, name);

	if (i >= 0)
		shm->loss_is_event[i] = 1;
	return i;
}

int stack_check_queues(const struct stack_config *cfg, char *why, size_t len)
{
	int nrx = netdev_rx_queue_count(cfg->ifname);

	for (int i = 0; i < cfg->nqueues; i++) {
		/* Without sysfs for it (another namespace), the kernel judges the queue at bind time. */
		if (nrx > 0 && cfg->queues[i] >= nrx) {
			snprintf(why, len, "%s has %d rx queue%s (0-%d); queue %d does not exist",
				 cfg->ifname, nrx, nrx == 1 ? "" : "s", nrx - 1, cfg->queues[i]);
			return -EINVAL;
		}
		for (int j = 0; j < i; j++) {
			if (cfg->queues[j] == cfg->queues[i]) {
				snprintf(why, len, "queue %d is listed twice; one worker per queue",
					 cfg->queues[i]);
				return -EINVAL;
			}
		}
	}
	return 0;
}
