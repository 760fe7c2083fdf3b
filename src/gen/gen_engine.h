// SPDX-License-Identifier: GPL-2.0-only
/* Inside the generator's child: the run, its threads and the engines that send frames for them. */
#ifndef RXTOP_GEN_ENGINE_H
#define RXTOP_GEN_ENGINE_H

#include <stdint.h>

#include "gen.h"

struct gen_run {
	struct gen_config cfg;
	int ifindex;
	unsigned int tx_queues;
	uint8_t src_mac[6];
	unsigned int nthreads;
	int cpus[GEN_MAX_THREADS];   /* thread i runs on cpus[i]; veth picks queue cpu % queues */
	uint8_t *frames;	     /* cfg.flows prebuilt frames, cfg.size bytes apart */
	enum gen_engine_kind engine; /* XDP or PACKET once chosen */
	uint64_t probe_sent;	     /* frames the engine sent while checking it works, counted on thread 0 */
	void *engine_state;
	char error[256]; /* why setup failed, for the user */
};

struct gen_thread {
	struct gen_run *run;
	unsigned int index;
	int cpu;
	unsigned int flow_count; /* flows index, index + nthreads, ... */
	unsigned int flow_next;
	int fd; /* packet engine socket */
	void *engine_state;
	uint64_t end_ns; /* when it stopped sending */
};

/* Frame of flow f in the run's prebuilt frames. */
static inline uint8_t *gen_run_frame(const struct gen_run *run, unsigned int flow)
{
	return run->frames + (uint64_t)flow * run->cfg.size;
}

/*
 * Every engine: open() once in the child (negative errno, reason in run->error), thread_init() on the
 * thread's own CPU, send() tries n frames and reports how many the device took and how many it refused (sent
 * + failed <= n; less only when interrupted), close() once.
 */
struct gen_engine_ops {
	const char *name;
	unsigned int max_batch;
	int (*open)(struct gen_run *run);
	int (*thread_init)(struct gen_thread *t);
	int (*send)(struct gen_thread *t, unsigned int n, uint64_t *sent, uint64_t *failed);
	void (*thread_fini)(struct gen_thread *t);
	void (*close)(struct gen_run *run);
};

extern const struct gen_engine_ops gen_engine_packet;
extern const struct gen_engine_ops gen_engine_xdp;

/* Interface facts in the current namespace: index, MAC, tx queues; negative errno. */
int gen_iface_info(const char *iface, int *ifindex, uint8_t mac[6], unsigned int *tx_queues);
/* The neighbour entry of ip on iface in the current namespace; -ENOENT when there is none. */
int gen_neighbour_mac(const char *iface, struct in_addr ip, uint8_t mac[6]);

#endif
