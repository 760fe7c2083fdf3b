/* Runs the task_file iterator once and reads its records. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "xsk_iter.skel.h"
#include "xsk_sockets.h"

int xsk_sockets_list(int pid, struct xsk_info *out, int max, char *why, size_t len)
{
	struct xsk_iter_bpf *skel = xsk_iter_bpf__open();
	struct bpf_link *link = NULL;
	int iter = -1, n = 0, err = 0;
	char buf[16 * sizeof(struct xsk_info)];
	size_t have = 0;
	ssize_t got;

	if (!skel) {
		snprintf(why, len, "cannot open the AF_XDP socket iterator: %s", strerror(errno));
		return -errno;
	}
	skel->rodata->only_pid = (__u32)pid;
	err = xsk_iter_bpf__load(skel);
	if (err) {
		snprintf(why, len,
			 "cannot load the AF_XDP socket iterator (BPF task_file iterator, Linux 5.11+): %s",
			 strerror(-err));
		goto cleanup;
	}
	link = bpf_program__attach_iter(skel->progs.xsk_files, NULL);
	if (!link) {
		err = -errno;
		snprintf(why, len, "cannot attach the AF_XDP socket iterator: %s", strerror(-err));
		goto cleanup;
	}
	iter = bpf_iter_create(bpf_link__fd(link));
	if (iter < 0) {
		err = -errno;
		snprintf(why, len, "cannot start the AF_XDP socket iterator: %s", strerror(-err));
		goto cleanup;
	}
	/* A read may end inside a record: keep the tail for the next one. */
	while ((got = read(iter, buf + have, sizeof(buf) - have)) > 0) {
		size_t used = 0;

		have += (size_t)got;
		for (; have - used >= sizeof(struct xsk_info); used += sizeof(struct xsk_info))
			if (n < max)
				memcpy(&out[n++], buf + used, sizeof(struct xsk_info));
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	if (got < 0) {
		err = -errno;
		snprintf(why, len, "reading the AF_XDP socket iterator: %s", strerror(-err));
	}
cleanup:
	if (iter >= 0)
		close(iter);
	bpf_link__destroy(link);
	xsk_iter_bpf__destroy(skel);
	return err ? err : n;
}
