// SPDX-License-Identifier: GPL-2.0-only
/* Removes what a killed dpdk-testpmd leaves: the af_xdp PMD's XDP program and EAL's runtime directory. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "bench_reference_janitor.h"
#include "dpdk_leftovers.h"

#define TOOL_EXIT_WAIT_MS 10000

static void janitor_main(const struct reference_janitor *j, int read_fd, int tool_pidfd)
{
	struct pollfd tool = {.fd = tool_pidfd, .events = POLLIN};
	int null = open("/dev/null", O_RDWR);
	char c;

	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	/* Hold nothing of the caller's open: a shell waiting on our stdout must not wait for us. */
	dup2(read_fd, 3);
	dup2(tool_pidfd, 4);
	tool.fd = 4;
	close_range(5, ~0U, 0);
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	while (read(3, &c, 1) > 0 || errno == EINTR)
		;
	/* The caller died: the kernel is killing the tool (PR_SET_PDEATHSIG); let its sockets close first. */
	while (poll(&tool, 1, TOOL_EXIT_WAIT_MS) < 0 && errno == EINTR)
		;
	if (j->ifindex > 0)
		dpdk_detach_leftover_xsk_program(j->ifindex, j->xdp_id_before);
	dpdk_remove_runtime_dir(j->runtime_dir);
	_exit(0);
}

int reference_janitor_start(struct reference_janitor *j, int ifindex, uint32_t xdp_id_before, int tool_pidfd,
			    const char *runtime_dir)
{
	int fds[2];

	memset(j, 0, sizeof(*j));
	j->pipe_fd = -1;
	j->ifindex = ifindex;
	j->xdp_id_before = xdp_id_before;
	snprintf(j->runtime_dir, sizeof(j->runtime_dir), "%s", runtime_dir);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	j->pid = fork();
	if (j->pid < 0) {
		int err = -errno;

		close(fds[0]);
		close(fds[1]);
		j->pid = 0;
		return err;
	}
	if (j->pid == 0) {
		close(fds[1]);
		janitor_main(j, fds[0], tool_pidfd);
	}
	close(fds[0]);
	j->pipe_fd = fds[1];
	return 0;
}

void reference_janitor_finish(struct reference_janitor *j)
{
	if (j->pid <= 0)
		return;
	close(j->pipe_fd);
	j->pipe_fd = -1;
	waitpid(j->pid, NULL, 0);
	j->pid = 0;
}
