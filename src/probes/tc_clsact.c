// SPDX-License-Identifier: GPL-2.0-only
/* A classic tc clsact ingress filter for rxtop's tc counter where tcx links are missing (kernels before 6.6).
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "tc_clsact.h"

/* The name every variant of rxtop's tc counting program starts with (bpf/rx_xdp.bpf.c). */
#define TC_PROG_NAME_PREFIX "rx_count_tc"

static void ingress_hook(struct bpf_tc_hook *hook, int ifindex)
{
	memset(hook, 0, sizeof(*hook));
	hook->sz = sizeof(*hook);
	hook->ifindex = ifindex;
	hook->attach_point = BPF_TC_INGRESS;
}

static void filter_at(struct bpf_tc_opts *opts, unsigned int priority)
{
	memset(opts, 0, sizeof(*opts));
	opts->sz = sizeof(*opts);
	opts->handle = TC_CLSACT_HANDLE;
	opts->priority = priority;
}

/* The id of the program of rxtop's filter at priority, 0 if there is none there. */
static unsigned int filter_prog_id(const struct bpf_tc_hook *hook, unsigned int priority)
{
	struct bpf_tc_opts opts;

	filter_at(&opts, priority);
	return bpf_tc_query(hook, &opts) ? 0 : opts.prog_id;
}

/* Is prog_id one of rxtop's tc counting programs (by name)? */
static bool is_rxtop_prog(unsigned int prog_id)
{
	struct bpf_prog_info info = {0};
	__u32 len = sizeof(info);
	int fd = bpf_prog_get_fd_by_id(prog_id);
	bool ours;

	if (fd < 0)
		return false;
	ours = bpf_obj_get_info_by_fd(fd, &info, &len) == 0 &&
	       strncmp(info.name, TC_PROG_NAME_PREFIX, strlen(TC_PROG_NAME_PREFIX)) == 0;
	close(fd);
	return ours;
}

/* Does any process hold an fd of program prog_id (fdinfo's prog_id line)? A live rxtop holds its program's.
 */
static bool prog_held(unsigned int prog_id)
{
	DIR *proc = opendir("/proc");
	struct dirent *p;
	bool held = false;

	if (!proc)
		return true; /* cannot tell: leave it alone */
	while (!held && (p = readdir(proc))) {
		char path[600], target[64];
		struct dirent *f;
		DIR *fds;

		if (p->d_name[0] < '0' || p->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd", p->d_name);
		fds = opendir(path);
		if (!fds)
			continue;
		while (!held && (f = readdir(fds))) {
			ssize_t n;
			FILE *info;
			char line[128];

			snprintf(path, sizeof(path), "/proc/%s/fd/%s", p->d_name, f->d_name);
			n = readlink(path, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			if (strcmp(target, "anon_inode:bpf-prog") != 0)
				continue;
			snprintf(path, sizeof(path), "/proc/%s/fdinfo/%s", p->d_name, f->d_name);
			info = fopen(path, "r");
			if (!info)
				continue;
			while (fgets(line, sizeof(line), info)) {
				unsigned int id;

				if (sscanf(line, "prog_id: %u", &id) == 1 && id == prog_id) {
					held = true;
					break;
				}
			}
			fclose(info);
		}
		closedir(fds);
	}
	closedir(proc);
	return held;
}

int tc_clsact_remove_stale(int ifindex)
{
	/* Most interfaces have no clsact qdisc: libbpf would print the kernel's "Parent Qdisc doesn't exists"
	 * for every query, which is no error here. */
	libbpf_print_fn_t saved = libbpf_set_print(NULL);
	struct bpf_tc_hook hook;
	int removed = 0;

	ingress_hook(&hook, ifindex);
	for (unsigned int i = 0; i < TC_CLSACT_PRIOS; i++) {
		unsigned int priority = TC_CLSACT_PRIO_FIRST + i, id = filter_prog_id(&hook, priority);
		struct bpf_tc_opts opts;

		if (!id || !is_rxtop_prog(id) || prog_held(id))
			continue;
		filter_at(&opts, priority);
		if (bpf_tc_detach(&hook, &opts) == 0) {
			log_user("rxtop: removed the tc filter (pref %u, program id %u) a killed rxtop left "
				 "at ingress of "
				 "ifindex %d",
				 priority, id, ifindex);
			removed++;
		}
	}
	libbpf_set_print(saved);
	return removed;
}

int tc_clsact_attach(int ifindex, int prog_fd, struct tc_clsact *out)
{
	struct bpf_tc_hook hook;
	int err;

	memset(out, 0, sizeof(*out));
	out->ifindex = ifindex;
	ingress_hook(&hook, ifindex);
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST)
		return err;
	out->created_qdisc = err == 0;
	tc_clsact_remove_stale(ifindex);
	/* Another running rxtop may count on this interface too: take the first free priority of ours. */
	for (unsigned int i = 0; i < TC_CLSACT_PRIOS; i++) {
		struct bpf_tc_opts opts;

		filter_at(&opts, TC_CLSACT_PRIO_FIRST + i);
		opts.prog_fd = prog_fd;
		err = bpf_tc_attach(&hook, &opts);
		if (err == -EEXIST)
			continue;
		if (!err)
			out->priority = opts.priority;
		break;
	}
	if (!out->priority) {
		tc_clsact_detach(out);
		return err ? err : -EBUSY;
	}
	log_debug("tc_clsact: filter at ingress of ifindex %d, pref %u handle %#x%s", ifindex, out->priority,
		  TC_CLSACT_HANDLE, out->created_qdisc ? " (clsact qdisc added)" : "");
	return 0;
}

void tc_clsact_detach(struct tc_clsact *f)
{
	struct bpf_tc_hook hook;
	struct bpf_tc_opts opts;

	if (!f->ifindex)
		return;
	ingress_hook(&hook, f->ifindex);
	if (f->priority) {
		filter_at(&opts, f->priority);
		bpf_tc_detach(&hook, &opts);
		f->priority = 0;
	}
	if (f->created_qdisc) {
		for (unsigned int i = 0; i < TC_CLSACT_PRIOS; i++)
			if (filter_prog_id(&hook, TC_CLSACT_PRIO_FIRST + i))
				goto keep; /* another rxtop still counts through it */
		/* Deleting clsact means both of its hooks at once (libbpf refuses one alone). */
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
	}
keep:
	f->ifindex = 0;
}
