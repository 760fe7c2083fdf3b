// SPDX-License-Identifier: GPL-2.0-only
/* Runs a receiver stack in a child process that dies with rxtop and publishes counters in shared memory. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child_fds.h"
#include "runner.h"
#include "stop_signals.h"

static volatile sig_atomic_t child_stop;

static void child_main(const struct stack_ops *ops, const struct stack_config *cfg, struct stack_shm *shm,
		       pid_t parent)
{
	int err;

	/* Die with rxtop, even on kill -9; close the race where it died before prctl. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	child_close_inherited_fds(cfg->xsks_map_fd);
	snprintf((char *)shm->message, sizeof(shm->message), "%s starting", ops->name);
	stop_signals_install(&child_stop);
	err = ops->run(cfg, shm, &child_stop);
	if (err < 0 && __atomic_load_n(&shm->state, __ATOMIC_ACQUIRE) != STACK_FAILED)
		stack_fail(shm, err, "%s: %s", ops->name, strerror(-err));
	if (err >= 0)
		__atomic_store_n(&shm->state, STACK_EXITED, __ATOMIC_RELEASE);
	_exit(err < 0 ? 2 : 0);
}

int stack_child_start(const struct stack_ops *ops, const struct stack_config *cfg, struct stack_child *child)
{
	pid_t parent = getpid();
	void *mem;

	memset(child, 0, sizeof(*child));
	child->ops = ops;
	child->xdp = stack_xdp_need_for(ops, cfg);
	mem = mmap(NULL, sizeof(struct stack_shm), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return -errno;
	child->shm = mem;
	fflush(NULL);
	child->pid = fork();
	if (child->pid < 0) {
		int err = -errno;

		munmap(mem, sizeof(struct stack_shm));
		child->shm = NULL;
		return err;
	}
	if (child->pid == 0)
		child_main(ops, cfg, child->shm, parent);
	return 0;
}

static void record_exit(struct stack_child *child, int status)
{
	child->exited = true;
	if (WIFSIGNALED(status)) {
		child->killed_by_signal = true;
		child->signal = WTERMSIG(status);
		child->exit_status = 128 + child->signal;
	} else {
		child->exit_status = WEXITSTATUS(status);
	}
}

bool stack_child_alive(struct stack_child *child)
{
	int status;

	if (child->exited || child->pid <= 0)
		return false;
	if (waitpid(child->pid, &status, WNOHANG) == child->pid) {
		record_exit(child, status);
		return false;
	}
	return true;
}

int stack_child_wait_ready(struct stack_child *child, int timeout_ms)
{
	struct timespec tick = {.tv_nsec = 5 * 1000 * 1000};

	for (int waited = 0; waited <= timeout_ms; waited += 5) {
		uint32_t state = __atomic_load_n(&child->shm->state, __ATOMIC_ACQUIRE);

		if (state == STACK_RUNNING)
			return 0;
		if (state == STACK_FAILED)
			return child->shm->error ? child->shm->error : -EIO;
		if (!stack_child_alive(child)) {
			if (state != STACK_FAILED && !child->shm->message[0])
				snprintf(child->shm->message, sizeof(child->shm->message),
					 "%s exited with status %d before it was ready", child->ops->name,
					 child->exit_status);
			return -ECHILD;
		}
		nanosleep(&tick, NULL);
	}
	snprintf(child->shm->message, sizeof(child->shm->message), "%s was not ready after %d ms",
		 child->ops->name, timeout_ms);
	return -ETIMEDOUT;
}

void stack_child_stop(struct stack_child *child, int timeout_ms)
{
	struct timespec tick = {.tv_nsec = 5 * 1000 * 1000};

	if (child->pid <= 0 || !stack_child_alive(child))
		return;
	kill(child->pid, SIGTERM);
	for (int waited = 0; waited < timeout_ms; waited += 5) {
		if (!stack_child_alive(child))
			return;
		nanosleep(&tick, NULL);
	}
	kill(child->pid, SIGKILL);
	{
		int status;

		if (waitpid(child->pid, &status, 0) == child->pid)
			record_exit(child, status);
	}
}

void stack_child_release(struct stack_child *child)
{
	if (child->shm)
		munmap(child->shm, sizeof(struct stack_shm));
	child->shm = NULL;
}

void stack_child_totals(const struct stack_child *child, uint64_t *packets, uint64_t *bytes, uint64_t *loss)
{
	const struct stack_shm *shm = child->shm;
	uint32_t nq = __atomic_load_n(&shm->nqueues, __ATOMIC_ACQUIRE);
	uint32_t nl = __atomic_load_n(&shm->nloss, __ATOMIC_ACQUIRE);

	*packets = *bytes = *loss = 0;
	for (uint32_t q = 0; q < nq && q < STACK_MAX_QUEUES; q++) {
		*packets += stack_count_read(&shm->queues[q].packets);
		*bytes += stack_count_read(&shm->queues[q].bytes);
		for (uint32_t l = 0; l < nl && l < STACK_MAX_LOSS; l++)
			if (!shm->loss_is_event[l])
				*loss += stack_count_read(&shm->queues[q].loss[l]);
	}
}
