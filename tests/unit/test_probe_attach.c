// SPDX-License-Identifier: GPL-2.0-only
/* Unit test of tracefs sharing: both loaders at once, a foreign mount left alone; in a private mount
 * namespace. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "check.h"
#include "log.h"
#include "overhead.h"
#include "probe_attach.h"
#include "trace.h"

#define TRACEFS "/sys/kernel/tracing"

/* Is a tracefs mounted on TRACEFS in this namespace? */
static int tracefs_mounted(void)
{
	char dev[256], dir[256], type[64];
	FILE *f = fopen("/proc/self/mounts", "r");
	int found = 0;

	while (f && fscanf(f, "%255s %255s %63s %*[^\n]", dev, dir, type) == 3)
		found |= strcmp(dir, TRACEFS) == 0 && strcmp(type, "tracefs") == 0;
	if (f)
		fclose(f);
	return found;
}

static void unmount_all(void)
{
	while (tracefs_mounted() && umount2(TRACEFS, MNT_DETACH) == 0)
		;
}

/* Opens the trace and overhead loaders, both forced onto classic tracepoints. 0, or -1 when either cannot. */
static int open_both(struct rx_trace **t, struct overhead **o)
{
	struct probe_status rows[SNAP_MAX_PROBES];
	char why[256];
	int n;

	if (rx_trace_open(NULL, 0, t, why, sizeof(why)) || overhead_open(o, why, sizeof(why)))
		return -1;
	n = overhead_probes(*o, rows, SNAP_MAX_PROBES);
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].name, "raw_syscalls:sys_enter") == 0)
			return strcmp(rows[i].attach, "tracepoint") == 0 ? 0 : -1;
	return -1;
}

int main(void)
{
	struct rx_trace *t = NULL;
	struct overhead *o = NULL;

	if (geteuid() != 0 || unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) {
		printf("ok probe_attach_skipped_needs_root_and_mount_namespace\n");
		return 0;
	}
	log_quiet_libs();
	setenv("RXTOP_TRACE_ATTACH", "tracepoint", 1);
	setenv("RXTOP_OVERHEAD_ATTACH", "tracepoint", 1);

	/* Nobody has tracefs: the first user mounts it, the last one unmounts it. */
	unmount_all();
	CHECK("tracefs_get_mounts", tracefs_get() == 0 && tracefs_mounted());
	CHECK("tracefs_second_get", tracefs_get() == 0 && tracefs_mounted());
	tracefs_put();
	CHECK("tracefs_kept_while_used", tracefs_mounted());
	tracefs_put();
	CHECK("tracefs_last_put_unmounts", !tracefs_mounted());
	tracefs_put();
	CHECK("tracefs_extra_put_harmless", !tracefs_mounted());

	/* Both loaders want it at once; whichever closes first must not pull it from under the other. */
	CHECK("loaders_attach_as_tracepoint", open_both(&t, &o) == 0);
	CHECK("loaders_mounted_tracefs", tracefs_mounted());
	rx_trace_close(t);
	CHECK("trace_close_keeps_overhead_tracefs", tracefs_mounted());
	overhead_close(o);
	CHECK("last_loader_unmounts", !tracefs_mounted());

	/* Someone else mounted it: used, never unmounted. */
	CHECK("foreign_mount", mount("tracefs", TRACEFS, "tracefs", 0, NULL) == 0);
	t = NULL, o = NULL;
	CHECK("loaders_attach_on_foreign_tracefs", open_both(&t, &o) == 0);
	overhead_close(o);
	rx_trace_close(t);
	CHECK("foreign_mount_left_alone", tracefs_mounted());
	unmount_all();
	return check_failures != 0;
}
