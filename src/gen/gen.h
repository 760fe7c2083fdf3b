// SPDX-License-Identifier: GPL-2.0-only
/* rxtop's traffic generator as a library: a child process sends UDP frames and publishes counters in shared
 * memory. */
#ifndef RXTOP_GEN_H
#define RXTOP_GEN_H

#include <net/if.h>
#include <signal.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/types.h>

#include "gen_burst.h"

#define GEN_MIN_SIZE 60 /* Ethernet frame length without FCS */
#define GEN_MAX_SIZE 1514
#define GEN_MAX_THREADS 64
#define GEN_MAX_FLOWS 4096
#define GEN_DEFAULT_SRC "198.18.0.1"
#define GEN_DEFAULT_DST "198.18.0.2"
#define GEN_DEFAULT_PORT 9000
#define GEN_FLOW_PORT_BASE 10000 /* UDP source port of flow 0; flow N uses base + N */

enum gen_engine_kind {
	GEN_ENGINE_AUTO = 0, /* xdp when it works here, else packet */
	GEN_ENGINE_XDP,	     /* BPF_PROG_TEST_RUN with live frames redirected to the interface */
	GEN_ENGINE_PACKET,   /* AF_PACKET with PACKET_QDISC_BYPASS and sendmmsg */
	GEN_ENGINE_TCP,	     /* cfg.tcp: lasting bulk TCP connections (not a choice of --engine) */
};

struct gen_config {
	char iface[IF_NAMESIZE];
	char netns[64];	   /* empty: the caller's namespace */
	unsigned int size; /* Ethernet frame length without FCS */
	uint64_t rate_pps; /* 0: as fast as possible */
	unsigned int flows;
	double duration_s; /* 0: until stopped */
	uint64_t count;	   /* 0: unlimited */
	struct in_addr src, dst;
	uint16_t port;
	uint8_t dst_mac[6];
	int have_dst_mac;     /* else resolved from the neighbour table of the interface's namespace */
	unsigned int threads; /* 0: one per tx queue, capped at the CPUs we may run on */
	enum gen_engine_kind engine;
	int tcp; /* --proto tcp: bulk TCP to dst:port over `flows` connections instead of UDP frames */
};

/* A TCP generator's counters (gen_start with cfg.tcp): bytes, not frames. */
struct gen_tcp_stats {
	uint64_t acked;	   /* bytes the receiver acknowledged; exact once the generator stopped */
	uint64_t written;  /* bytes the kernel took */
	uint64_t connects; /* connections established, reconnections included */
	uint64_t resets;   /* connections that ended under the sender (its receiver went away) */
	uint64_t open;	   /* connections up now */
};

/* The TCP bulk sender behind `rxtop gen --proto tcp`; prints what it sent, returns the exit status. */
int gen_tcp_run(const struct gen_config *cfg, volatile sig_atomic_t *stop);

struct gen_shared;

struct gen_proc {
	pid_t pid;		   /* the child; 0 once reaped */
	struct gen_shared *shared; /* MAP_SHARED, written by the child, read here without locks */
	int exit_status;	   /* rxtop exit status of the child once reaped */
};

struct gen_result {
	uint64_t sent, failed, bytes;
	uint64_t
	    late; /* frames the pacer skipped because a thread was late: the rate fell short by that much */
	struct gen_burstiness burst; /* frames per millisecond since the start or the last rate change */
	double seconds;		     /* from the first frame to the last thread's end */
	double pps;		     /* sent / seconds */
	unsigned int threads;
	const char *engine; /* "xdp" or "packet" */
};

void gen_config_init(struct gen_config *cfg);
const char *gen_engine_name(enum gen_engine_kind kind);
/* "xdp", "packet" or "auto" into *out: 0, or -EINVAL for any other name. */
int gen_engine_parse(const char *name, enum gen_engine_kind *out);
/* The command line of 'rxtop gen' into cfg (after gen_config_init): 0, 1 for --help (usage printed), or -1
 * after one line on stderr. */
int gen_parse_args(int argc, char **argv, struct gen_config *cfg);
/* rxtop gen after its parse: sends until cfg's end or SIGINT/SIGTERM, prints the summary; the exit status. */
int gen_send_and_report(const struct gen_config *cfg);

/*
 * Forks the generator, waits until it sends or fails; on failure returns the rxtop exit status, negated. With
 * cfg.tcp the child keeps cfg.flows TCP connections to dst:port, reconnecting whenever its receiver goes
 * away, until stopped (tcp_sender_serve); gen_read's bytes are then the bytes acknowledged, sent stays 0.
 */
int gen_start(const struct gen_config *cfg, struct gen_proc *proc);
/* Cumulative counters since the start; any pointer may be NULL. Cheap: a few relaxed loads. */
void gen_read(const struct gen_proc *proc, uint64_t *sent, uint64_t *failed, uint64_t *bytes);
/* Frames sent per millisecond since the start, the last rate change or gen_burst_restart
 * (src/gen/gen_burst.h).
 */
void gen_burstiness(const struct gen_proc *proc, struct gen_burstiness *out);
/* Starts a new burstiness measurement from the next millisecond on (e.g. for a benchmark's cell). */
void gen_burst_restart(struct gen_proc *proc);
/* A TCP generator's counters; all 0 for a UDP one. */
void gen_tcp_stats(const struct gen_proc *proc, struct gen_tcp_stats *out);
/* Changes the total rate of a running generator (0: as fast as possible). */
int gen_set_rate(struct gen_proc *proc, uint64_t pps);
/* Waits up to timeout_ms (-1: forever) for the generator to end on its own; 1 ended, 0 still running. */
int gen_wait(struct gen_proc *proc, int timeout_ms);
/* SIGTERM, a grace period, then SIGKILL; returns the child's exit status. Counters stay readable. */
int gen_stop(struct gen_proc *proc);
/* Final (or current) totals; valid until gen_close. */
void gen_result(const struct gen_proc *proc, struct gen_result *res);
/* The last error the child reported, "" if none. */
const char *gen_error(const struct gen_proc *proc);
/* Stops the generator if needed and releases the shared memory. */
void gen_close(struct gen_proc *proc);

#endif
