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
#include "exit_watcher.h"

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

/* What the pass needs, copied into the helper at the fork. */
struct leftovers {
	int ifindex;
	uint32_t id_before;
	const char *runtime_dir;
};

/* The helper's pass, once the receiver has exited however it did. */
static void remove_leftovers(const void *arg, int kept_fd)
{
	const struct leftovers *l = arg;

	(void)kept_fd;
	if (l->ifindex > 0)
		dpdk_detach_leftover_xsk_program(l->ifindex, l->id_before);
	if (l->runtime_dir)
		dpdk_remove_runtime_dir(l->runtime_dir);
}

int leftovers_janitor_start(struct leftovers_janitor *j, int ifindex, const char *runtime_dir)
{
	struct leftovers l = {.ifindex = ifindex,
			      .id_before = ifindex > 0 ? dpdk_attached_xdp_id(ifindex) : 0,
			      .runtime_dir = runtime_dir};

	return exit_watcher_start(&j->watcher, -1, remove_leftovers, &l);
}

void leftovers_janitor_finish(struct leftovers_janitor *j)
{
	exit_watcher_finish(&j->watcher);
}
