// SPDX-License-Identifier: GPL-2.0-only
/* The xdp engine: BPF_PROG_TEST_RUN with live frames redirected to the interface, no skb on the send side. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen_engine.h"
#include "gen_xdp.h"
#include "gen_xdp.skel.h"
#include "log.h"

#define XDP_BATCH 8192	  /* frames per syscall at full speed: ~2 ms, so a stop is quick */
#define XDP_PAGE_POOL 256 /* the kernel's ceiling for batch_size */

struct xdp_engine {
	struct gen_xdp_bpf *skel;
	struct bpf_link *trace;
	int prog_fd;
};

/* Progress of one thread, from its CPU's slot, as totals since the thread started. */
struct xdp_thread {
	uint64_t base_processed, base_delivered; /* the slot when the thread started */
	uint64_t sent, failed;
};

static struct gen_cpu_slot *cpu_slot(struct gen_run *run, int cpu)
{
	struct xdp_engine *xe = run->engine_state;

	return &xe->skel->bss->slots[cpu];
}

static int run_frames(struct xdp_engine *xe, const uint8_t *frame, unsigned int size, unsigned int n)
{
	struct bpf_test_run_opts opts = {
	    .sz = sizeof(opts),
	    .data_in = frame,
	    .data_size_in = size,
	    .repeat = (int)n,
	    .flags = BPF_F_TEST_XDP_LIVE_FRAMES,
	    .batch_size = n < XDP_PAGE_POOL ? n : XDP_PAGE_POOL,
	};

	return bpf_prog_test_run_opts(xe->prog_fd, &opts) < 0 ? -errno : 0;
}

/*
 * One frame on the first thread's CPU, before the threads start: a veth whose peer has neither an XDP program
 * nor GRO refuses XDP frames (-ENXIO), which would otherwise show up as 100 % failures.
 */
static int probe(struct gen_run *run)
{
	struct xdp_engine *xe = run->engine_state;
	struct gen_cpu_slot *slot = cpu_slot(run, run->cpus[0]);
	cpu_set_t old, one;
	uint64_t before;
	int err;

	CPU_ZERO(&one);
	CPU_SET(run->cpus[0], &one);
	pthread_getaffinity_np(pthread_self(), sizeof(old), &old);
	pthread_setaffinity_np(pthread_self(), sizeof(one), &one);
	before = __atomic_load_n(&slot->delivered, __ATOMIC_RELAXED);
	err = run_frames(xe, gen_run_frame(run, 0), run->cfg.size, 1);
	pthread_setaffinity_np(pthread_self(), sizeof(old), &old);
	if (err) {
		snprintf(run->error, sizeof(run->error),
			 "xdp engine: BPF_PROG_TEST_RUN with live frames: %s (needs Linux >= 5.18)",
			 strerror(-err));
		return err;
	}
	if (__atomic_load_n(&slot->delivered, __ATOMIC_RELAXED) == before) {
		/* A veth without a capable peer does not even advertise ndo_xdp_xmit, so there may be no
		 * error. */
		snprintf(run->error, sizeof(run->error),
			 "xdp engine: %s takes no XDP frames%s%s%s; for a veth, its peer needs an XDP "
			 "program or GRO "
			 "on (ethtool -K PEER gro on)",
			 run->cfg.iface, slot->last_err ? " (" : "",
			 slot->last_err ? strerror(-slot->last_err) : "", slot->last_err ? ")" : "");
		return slot->last_err ? slot->last_err : -EOPNOTSUPP;
	}
	run->probe_sent = 1;
	return 0;
}

static int xdp_open(struct gen_run *run)
{
	struct xdp_engine *xe;
	int err;

	for (unsigned int i = 0; i < run->nthreads; i++)
		if (run->cpus[i] >= GEN_MAX_CPUS) {
			snprintf(run->error, sizeof(run->error), "xdp engine: CPU %d is beyond %d",
				 run->cpus[i], GEN_MAX_CPUS);
			return -ERANGE;
		}
	xe = calloc(1, sizeof(*xe));
	if (!xe)
		return -ENOMEM;
	run->engine_state = xe;
	xe->skel = gen_xdp_bpf__open();
	if (!xe->skel) {
		err = -errno;
		snprintf(run->error, sizeof(run->error), "xdp engine: opening the BPF object: %s",
			 strerror(errno));
		goto fail;
	}
	xe->skel->rodata->tx_ifindex = (__u32)run->ifindex;
	xe->skel->rodata->generator_tgid = (__u32)getpid();
	err = gen_xdp_bpf__load(xe->skel);
	if (err) {
		snprintf(run->error, sizeof(run->error), "xdp engine: loading the BPF programs: %s",
			 strerror(-err));
		goto fail;
	}
	/* Only the tracepoint is attached; the XDP program runs by BPF_PROG_TEST_RUN, attached nowhere. */
	xe->trace = bpf_program__attach(xe->skel->progs.gen_devmap_xmit);
	if (!xe->trace) {
		err = -errno;
		snprintf(
		    run->error, sizeof(run->error),
		    "xdp engine: attaching to tracepoint xdp:xdp_devmap_xmit: %s (needed to count delivered "
		    "frames)",
		    strerror(errno));
		goto fail;
	}
	xe->prog_fd = bpf_program__fd(xe->skel->progs.gen_redirect);
	for (unsigned int i = 0; i < run->nthreads; i++) {
		struct gen_cpu_slot *slot = cpu_slot(run, run->cpus[i]);

		slot->port_first = (__u16)(GEN_FLOW_PORT_BASE + i);
		slot->port_step = (__u16)run->nthreads;
		slot->flow_count = (run->cfg.flows - i + run->nthreads - 1) / run->nthreads;
		slot->flow_next = 0;
	}
	err = probe(run);
	if (err)
		goto fail;
	return 0;
fail:
	bpf_link__destroy(xe->trace);
	gen_xdp_bpf__destroy(xe->skel);
	free(xe);
	run->engine_state = NULL;
	return err;
}

static int xdp_thread_init(struct gen_thread *t)
{
	struct gen_cpu_slot *slot = cpu_slot(t->run, t->cpu);
	struct xdp_thread *xt = calloc(1, sizeof(*xt));

	if (!xt)
		return -ENOMEM;
	xt->base_processed = __atomic_load_n(&slot->processed, __ATOMIC_RELAXED);
	xt->base_delivered = __atomic_load_n(&slot->delivered, __ATOMIC_RELAXED);
	t->engine_state = xt;
	return 0;
}

static int xdp_send(struct gen_thread *t, unsigned int n, uint64_t *sent, uint64_t *failed)
{
	struct gen_cpu_slot *slot = cpu_slot(t->run, t->cpu);
	struct xdp_thread *xt = t->engine_state;
	uint64_t processed, delivered;
	int err;

	if (n > XDP_BATCH)
		n = XDP_BATCH;
	/* The program rewrites the source port per frame; the template only has to be this thread's first
	 * flow. */
	err = run_frames(t->run->engine_state, gen_run_frame(t->run, t->index), t->run->cfg.size, n);
	/* The run and the flush happen on this CPU inside the syscall: the slot is final now, even after
	 * EINTR. */
	processed = __atomic_load_n(&slot->processed, __ATOMIC_RELAXED) - xt->base_processed;
	delivered = __atomic_load_n(&slot->delivered, __ATOMIC_RELAXED) - xt->base_delivered;
	*sent = delivered - xt->sent;
	*failed = (processed - delivered) - xt->failed;
	xt->sent = delivered;
	xt->failed = processed - delivered;
	return err == -EINTR ? 0 : err;
}

static void xdp_thread_fini(struct gen_thread *t)
{
	struct gen_cpu_slot *slot = cpu_slot(t->run, t->cpu);

	log_debug("gen: xdp cpu %d: processed %llu delivered %llu dropped %llu last error %d", t->cpu,
		  (unsigned long long)slot->processed, (unsigned long long)slot->delivered,
		  (unsigned long long)slot->dropped, slot->last_err);
	free(t->engine_state);
	t->engine_state = NULL;
}

static void xdp_close(struct gen_run *run)
{
	struct xdp_engine *xe = run->engine_state;

	if (!xe)
		return;
	bpf_link__destroy(xe->trace);
	gen_xdp_bpf__destroy(xe->skel);
	free(xe);
	run->engine_state = NULL;
}

const struct gen_engine_ops gen_engine_xdp = {
    .name = "xdp",
    .max_batch = XDP_BATCH,
    .open = xdp_open,
    .thread_init = xdp_thread_init,
    .send = xdp_send,
    .thread_fini = xdp_thread_fini,
    .close = xdp_close,
};
