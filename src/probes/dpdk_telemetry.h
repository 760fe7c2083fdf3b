// SPDX-License-Identifier: GPL-2.0-only
/* A client of DPDK's telemetry v2 socket: finds a process's socket, asks for its ethdev ports' counters. */
#ifndef RXTOP_DPDK_TELEMETRY_H
#define RXTOP_DPDK_TELEMETRY_H

#include <stddef.h>
#include <sys/types.h>

#include "snapshot.h"

struct dpdk_telemetry;

/*
 * The telemetry socket pid has open: a listening unix socket named dpdk_telemetry.v2* (from /proc/PID/fd
 * and /proc/PID/net/unix), else the one of the --file-prefix on its command line, if it exists. 0 with its
 * path in out, or -ENOENT: the process is not a DPDK process with telemetry.
 */
int dpdk_telemetry_socket_of(pid_t pid, char *out, size_t len);
/*
 * Connects and checks the greeting DPDK sends first ({"version": "DPDK ...", "pid": N, "max_output_len": N}).
 * NULL with one sentence in why when path is missing, not a socket, another kind of socket or not DPDK's.
 */
struct dpdk_telemetry *dpdk_telemetry_open(const char *path, char *why, size_t len);
/* The pid the greeting named (the DPDK process), 0 when it named none. */
pid_t dpdk_telemetry_pid(const struct dpdk_telemetry *t);
const char *dpdk_telemetry_path(const struct dpdk_telemetry *t);
/* One reading of every ethdev port: /ethdev/list, then /ethdev/stats, /ethdev/xstats and /ethdev/info. */
int dpdk_telemetry_read(struct dpdk_telemetry *t, struct dpdk_sample *out);
void dpdk_telemetry_close(struct dpdk_telemetry *t);

/* The replies' parsers, pure (unit-tested): 0, or -EINVAL when the text is not such a reply. */
int dpdk_parse_greeting(const char *text, size_t n, pid_t *pid, size_t *max_output_len);
int dpdk_parse_port_list(const char *text, size_t n, int *ports, int max);
/* /ethdev/stats,N: totals and q_ipackets into p (p->nqueues: the non-zero prefix of q_ipackets, at least 1).
 */
int dpdk_parse_stats(const char *text, size_t n, struct dpdk_port_sample *p);
/* /ethdev/xstats,N: rx_qK_packets, when the driver has them, replace q_ipackets (and set nqueues). */
int dpdk_parse_xstats(const char *text, size_t n, struct dpdk_port_sample *p);
/* /ethdev/info,N: name and nb_rx_queues. */
int dpdk_parse_info(const char *text, size_t n, struct dpdk_port_sample *p);

#endif
