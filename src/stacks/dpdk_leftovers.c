// SPDX-License-Identifier: GPL-2.0-only
/* What a killed DPDK process or libxdp-mode afxdp child leaves behind, and its removal: shared by the dpdk
 * and afxdp stacks and the bench's testpmd. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "dpdk_leftovers.h"

/* The program libxdp's xsk code loads for DPDK's af_xdp PMD. */
#define XSK_PROGRAM_NAME "xsk_def_prog"

uint32_t dpdk_attached_xdp_id(int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, query);

	if (ifindex <= 0 || bpf_xdp_query(ifindex, 0, &query) < 0)
		return 0;
	return query.prog_id;
}

static bool xsk_program_in(const struct xdp_multiprog *mp)
{
	struct xdp_program *prog = xdp_multiprog__main_prog(mp);

	if (xdp_multiprog__is_legacy(mp))
		return prog && strcmp(xdp_program__name(prog), XSK_PROGRAM_NAME) == 0;
	for (prog = xdp_multiprog__next_prog(NULL, mp); prog; prog = xdp_multiprog__next_prog(prog, mp))
		if (strcmp(xdp_program__name(prog), XSK_PROGRAM_NAME) == 0)
			return true;
	return false;
}

void dpdk_detach_leftover_xsk_program(int ifindex, uint32_t id_before)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(ifindex);
	struct xdp_program *main_prog;

	if (!mp || libxdp_get_error(mp))
		return;
	main_prog = xdp_multiprog__main_prog(mp);
	if (main_prog && xdp_program__id(main_prog) != id_before && xsk_program_in(mp))
		xdp_multiprog__detach(mp);
	xdp_multiprog__close(mp);
}

void dpdk_remove_runtime_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
	rmdir(dir);
}

/* The grandchild: waits for the pipe to close (the receiver's exit, however it happened), then cleans up. */
static void __attribute__((noreturn))
janitor_main(int read_fd, int ifindex, uint32_t id_before, const char *runtime_dir)
{
	int null = open("/dev/null", O_RDWR);
	char c;

	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	/* Hold nothing of the caller's open: a shell waiting on our stdout, or an AF_XDP socket, must not
	 * wait for us. */
	dup2(read_fd, 3);
	close_range(4, ~0U, 0);
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	if (null > 2)
		close(null);
	while (read(3, &c, 1) > 0 || errno == EINTR)
		;
	if (ifindex > 0)
		dpdk_detach_leftover_xsk_program(ifindex, id_before);
	if (runtime_dir)
		dpdk_remove_runtime_dir(runtime_dir);
	_exit(0);
}

int leftovers_janitor_start(struct leftovers_janitor *j, int ifindex, const char *runtime_dir)
{
	uint32_t id_before = ifindex > 0 ? dpdk_attached_xdp_id(ifindex) : 0;
	int fds[2];

	j->pid = 0;
	j->pipe_fd = -1;
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
	if (j->pid == 0)
		janitor_main(fds[0], ifindex, id_before, runtime_dir);
	close(fds[0]);
	j->pipe_fd = fds[1];
	return 0;
}

void leftovers_janitor_finish(struct leftovers_janitor *j)
{
	if (j->pid <= 0)
		return;
	close(j->pipe_fd);
	j->pipe_fd = -1;
	waitpid(j->pid, NULL, 0);
	j->pid = 0;
}
