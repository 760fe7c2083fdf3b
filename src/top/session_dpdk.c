// SPDX-License-Identifier: GPL-2.0-only
/* Connects a session to DPDK processes' telemetry sockets: --dpdk-telemetry's, and those of -p processes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "dpdk_telemetry.h"
#include "log.h"
#include "session.h"

#define FAIL(status, ...)                                                                                    \
	do {                                                                                                 \
		snprintf(err, len, __VA_ARGS__);                                                             \
		return status;                                                                               \
	} while (0)

/*
 * The socket of a -p process: its path as the process named it, else through /proc/PID/root when the
 * process lives in another mount namespace (a container) and the path means nothing here.
 */
static struct dpdk_telemetry *open_for_pid(pid_t pid, const char *path, char *why, size_t len)
{
	struct dpdk_telemetry *t = dpdk_telemetry_open(path, why, len);
	char inside[256];

	if (!t && (size_t)snprintf(inside, sizeof(inside), "/proc/%d/root%s", (int)pid, path) < 108)
		t = dpdk_telemetry_open(inside, why, len);
	return t;
}

int session_open_dpdk(struct session *s, char *err, size_t len)
{
	struct collector *c = &s->collector;
	char why[200], path[256];
	int rc;

	if (s->opts.dpdk_telemetry[0]) {
		struct dpdk_telemetry *t = dpdk_telemetry_open(s->opts.dpdk_telemetry, why, sizeof(why));

		if (!t)
			FAIL(EXIT_USAGE,
			     "rxtop: --dpdk-telemetry %s: %s; give a DPDK process's "
			     "/var/run/dpdk/PREFIX/dpdk_telemetry.v2",
			     s->opts.dpdk_telemetry, why);
		rc = collector_add_dpdk(c, 0, t);
		if (rc < 0) {
			dpdk_telemetry_close(t);
			FAIL(EXIT_USAGE, "rxtop: --dpdk-telemetry %s: its ethdev counters are unreadable: %s",
			     s->opts.dpdk_telemetry, strerror(-rc));
		}
	}
	for (int i = 0; i < c->nprocesses; i++) {
		struct collector_process *p = &c->processes[i];
		struct dpdk_telemetry *t;

		if (p->dpdk || dpdk_telemetry_socket_of(p->pid, path, sizeof(path)) < 0)
			continue;
		t = open_for_pid(p->pid, path, why, sizeof(why));
		rc = t ? collector_add_dpdk(c, p->pid, t) : -EIO;
		if (rc < 0) {
			/* The user named a process, not its socket: it is shown, without its ports. */
			log_user(
			    "rxtop: pid %d's DPDK telemetry socket %s: %s; showing the process without its "
			    "ports",
			    (int)p->pid, path, t ? strerror(-rc) : why);
			dpdk_telemetry_close(t);
		}
	}
	if (s->opts.nifaces == 0 && !collector_has_dpdk(c))
		FAIL(EXIT_USAGE,
		     "rxtop: name an interface with -i IFACE (no process named with -p has a DPDK "
		     "telemetry socket), or use --lab for the built-in test bed");
	return 0;
}
