// SPDX-License-Identifier: GPL-2.0-only
/* Attaches rxtop's counting XDP program to one interface through a BPF link and reads its per-queue counters.
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf_enum.h"
#include "log.h"
#include "netdev_driver.h"
#include "procfs.h"
#include "percpu.h"
#include "rx_xdp.h"
#include "rx_xdp.skel.h"
#include "tc_clsact.h"
#include "xdp.h"

struct xdp_counter {
	struct rx_xdp_bpf *skel;
	struct bpf_program *prog; /* the one program loaded: rx_count, rx_count_tc or rx_count_tc_nonapi */
	int link_fd;
	struct tc_clsact clsact; /* mode "tc-clsact": the filter instead of a link */
	char ifname[IF_NAMESIZE];
	int ifindex;
	int nqueues;
	const char *mode;
};

/* A failure of xdp_counter_attach, into its caller's errbuf (log.h's convention). */
#define fail(err, ...) log_failure(errbuf, errlen, err, __VA_ARGS__)

/* rx queues as the kernel lists them in sysfs (queues/rx-N); at least 1. */
static int count_rx_queues(const char *ifname)
{
	int n = netdev_rx_queue_count(ifname);

	return n > 0 ? n : 1;
}

const char *xdp_attach_mode_name(int attach_mode)
{
	switch (attach_mode) {
	case XDP_ATTACHED_DRV:
		return "native";
	case XDP_ATTACHED_SKB:
		return "generic";
	case XDP_ATTACHED_HW:
		return "offload";
	case XDP_ATTACHED_MULTI:
		return "multi";
	default:
		return "none";
	}
}

/* The id of an XDP program already on ifindex (any mode), 0 if none, or a negative errno. */
static int existing_prog(int ifindex, int *attach_mode)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, query);
	int err = bpf_xdp_query(ifindex, 0, &query);

	if (err)
		return err;
	*attach_mode = query.attach_mode;
	if (query.prog_id)
		return query.prog_id;
	if (query.drv_prog_id)
		return query.drv_prog_id;
	if (query.skb_prog_id)
		return query.skb_prog_id;
	return query.hw_prog_id;
}

int xdp_prog_on(int ifindex)
{
	int mode;

	return existing_prog(ifindex, &mode);
}

/* A BPF link, never a plain netlink attach: the kernel removes it when the last fd closes, kill -9 included.
 */
static int attach_link(int prog_fd, int ifindex, __u32 flags)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = flags);
	int fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);

	return fd < 0 ? -errno : fd;
}

/* libbpf 1.1's headers predate tcx (kernel 6.6); the kernel's number is ABI. */
#ifndef BPF_TCX_INGRESS
#define BPF_TCX_INGRESS 46
#endif

/* RXTOP_FORCE_COUNTER_HOOK: for tests and old kernels, skip the hooks before the named one. */
enum forced_hook { FORCE_NONE, FORCE_TCX, FORCE_CLSACT, FORCE_XDP };

static int forced_hook(char *errbuf, size_t errlen)
{
	const char *v = getenv("RXTOP_FORCE_COUNTER_HOOK");

	if (!v || !*v)
		return FORCE_NONE;
	if (strcmp(v, "tcx") == 0)
		return FORCE_TCX;
	if (strcmp(v, "tc-clsact") == 0)
		return FORCE_CLSACT;
	if (strcmp(v, "xdp") == 0)
		return FORCE_XDP;
	return fail(-EINVAL, "xdp: RXTOP_FORCE_COUNTER_HOOK=%s: expected tcx, tc-clsact or xdp (or unset it)",
		    v);
}

/* Opens and loads the skeleton with only prog (chosen by the caller from the fresh skeleton) to load. */
static int load_counter(struct xdp_counter *c, int verdict, bool tc, char *errbuf, size_t errlen)
{
	struct bpf_program *p;
	int err;

	c->skel = rx_xdp_bpf__open();
	if (!c->skel)
		return fail(-errno, "xdp: cannot open the BPF object: %s", strerror(errno));
	c->skel->bss->verdict = verdict;
	c->skel->rodata->queue_mapping_offset = netdev_queue_mapping_offset(c->ifname);
	/* veth's skbs never crossed a wire: it counts each as the sender handed it over
	 * (src/sys/netdev_driver.h). */
	c->skel->rodata->count_gso_segs = c->skel->rodata->queue_mapping_offset != 0;
	/* The tc variant that finds veth's rx queue by NAPI needs the bpf_cast_to_kern_ctx kfunc (6.2+). */
	c->prog = !tc ? c->skel->progs.rx_count
		  : btf__find_by_name_kind(btf_kernel(), "bpf_cast_to_kern_ctx", BTF_KIND_FUNC) > 0
		      ? c->skel->progs.rx_count_tc
		      : c->skel->progs.rx_count_tc_nonapi;
	bpf_object__for_each_program(p, c->skel->obj) bpf_program__set_autoload(p, p == c->prog);
	err = rx_xdp_bpf__load(c->skel);
	if (err)
		return fail(err, "xdp: cannot load the counting program %s: %s (needs root/CAP_BPF)",
			    bpf_program__name(c->prog), strerror(-err));
	return 0;
}

/*
 * XDP_COUNTER_TC: the counting program at tc ingress, after others' programs: through a tcx link
 * (kernel 6.6+), else as a classic clsact filter (src/probes/tc_clsact.c), which unlike a link outlives a
 * killed rxtop until the next rxtop or the interface's removal.
 */
static int attach_tc(struct xdp_counter *c, int verdict, int forced, char *errbuf, size_t errlen)
{
	int err = load_counter(c, verdict, true, errbuf, errlen), fd;

	if (err)
		return err;
	if (forced != FORCE_CLSACT) {
		fd = bpf_link_create(bpf_program__fd(c->prog), c->ifindex, BPF_TCX_INGRESS, NULL);
		if (fd >= 0) {
			c->link_fd = fd;
			c->mode = "tc";
			log_debug("xdp: counting at tc ingress of %s through a tcx link (%d rx queues)",
				  c->ifname, c->nqueues);
			return 0;
		}
		err = -errno;
		if (forced == FORCE_TCX)
			return fail(
			    err,
			    "xdp: cannot count at tc ingress of %s through a tcx link: %s (needs kernel "
			    "6.6 or later)",
			    c->ifname, strerror(-err));
		log_debug("xdp: no tcx link on %s (%s, kernel before 6.6?): trying a clsact filter",
			  c->ifname, strerror(-err));
	}
	err = tc_clsact_attach(c->ifindex, bpf_program__fd(c->prog), &c->clsact);
	if (err)
		return fail(err,
			    "xdp: cannot count at tc ingress of %s: no tcx link (kernel 6.6+) and no clsact "
			    "filter: %s",
			    c->ifname, strerror(-err));
	c->mode = "tc-clsact";
	log_debug("xdp: counting at tc ingress of %s through a clsact filter (pref %u, %d rx queues)",
		  c->ifname, c->clsact.priority, c->nqueues);
	return 0;
}

int xdp_counter_attach(const char *ifname, int verdict, int mode, struct xdp_counter **out, char *errbuf,
		       size_t errlen)
{
	struct xdp_counter *c = NULL;
	int err, prog_id, attach_mode = 0, prog_fd, forced;

	*out = NULL;
	errbuf[0] = '\0';
	if (verdict < RX_VERDICT_PASS || verdict > RX_VERDICT_XSK || mode < XDP_COUNTER_AUTO ||
	    mode > XDP_COUNTER_TC)
		return fail(-EINVAL, "xdp: bad verdict %d or mode %d", verdict, mode);
	if (mode == XDP_COUNTER_TC && verdict != RX_VERDICT_PASS)
		return fail(-EOPNOTSUPP, "xdp: counting at tc ingress only passes packets on; %s needs XDP",
			    verdict == RX_VERDICT_XSK ? "AF_XDP" : "dropping");
	c = calloc(1, sizeof(*c));
	if (!c)
		return fail(-ENOMEM, "xdp: out of memory");
	c->link_fd = -1;
	snprintf(c->ifname, sizeof(c->ifname), "%s", ifname);
	c->ifindex = if_nametoindex(ifname);
	if (!c->ifindex) {
		err = fail(-ENODEV, "xdp: no interface '%s'", ifname);
		goto cleanup;
	}
	c->nqueues = count_rx_queues(ifname);
	if (c->nqueues > RX_MAX_QUEUES)
		c->nqueues = RX_MAX_QUEUES;
	forced = forced_hook(errbuf, errlen);
	if (forced < 0) {
		err = forced;
		goto cleanup;
	}
	/* A clsact filter of an rxtop killed with -9 would keep counting into a map nobody reads. */
	tc_clsact_remove_stale(c->ifindex);

	/* Never touch a program rxtop did not attach. */
	prog_id = existing_prog(c->ifindex, &attach_mode);
	if (mode == XDP_COUNTER_TC && forced != FORCE_XDP) {
		/* Counting beside it is fine; but what it redirects or drops never reaches tc: say so. */
		if (prog_id > 0)
			log_user(
			    "rxtop: %s runs XDP program id %d (%s): packets it redirects (AF_XDP) or drops "
			    "never reach tc ingress, so rxtop's queue counts leave them out (queues[].xsk "
			    "shows what its AF_XDP "
			    "sockets get)",
			    ifname, prog_id, xdp_attach_mode_name(attach_mode));
		err = attach_tc(c, verdict, forced, errbuf, errlen);
		if (!err) {
			*out = c;
			return 0;
		}
		/* Neither tc hook: XDP counts the same, at the cost of veth's copy (docs/metrics.md). */
		if (forced != FORCE_NONE || prog_id > 0)
			goto cleanup;
		log_user("rxtop: %s; counting at XDP instead", errbuf);
		rx_xdp_bpf__destroy(c->skel);
		c->skel = NULL;
		errbuf[0] = '\0';
	}
	if (mode == XDP_COUNTER_TC)
		mode = XDP_COUNTER_AUTO;
	if (prog_id > 0) {
		err = fail(-EBUSY,
			   "xdp: %s already has XDP program id %d (%s); rxtop leaves it alone: "
			   "detach it or choose another interface",
			   ifname, prog_id, xdp_attach_mode_name(attach_mode));
		goto cleanup;
	}

	err = load_counter(c, verdict, false, errbuf, errlen);
	if (err)
		goto cleanup;
	prog_fd = bpf_program__fd(c->prog);

	if (mode == XDP_COUNTER_NATIVE || mode == XDP_COUNTER_AUTO)
		c->link_fd = attach_link(prog_fd, c->ifindex, XDP_FLAGS_DRV_MODE);
	if (mode == XDP_COUNTER_GENERIC || (mode == XDP_COUNTER_AUTO && c->link_fd < 0)) {
		if (c->link_fd < 0 && mode == XDP_COUNTER_AUTO)
			log_debug("xdp: native attach on %s failed (%s), trying generic", ifname,
				  strerror(-c->link_fd));
		c->link_fd = attach_link(prog_fd, c->ifindex, XDP_FLAGS_SKB_MODE);
	}
	if (c->link_fd < 0) {
		err = c->link_fd;
		if (err == -EBUSY || err == -EEXIST)
			err = fail(-EBUSY, "xdp: %s got another XDP program meanwhile; rxtop leaves it alone",
				   ifname);
		else
			err = fail(err, "xdp: cannot attach to %s in %s mode: %s", ifname,
				   mode == XDP_COUNTER_NATIVE	 ? "native"
				   : mode == XDP_COUNTER_GENERIC ? "generic"
								 : "any",
				   strerror(-err));
		goto cleanup;
	}

	/* Report what the kernel did, not what was asked. */
	if (existing_prog(c->ifindex, &attach_mode) > 0)
		c->mode = xdp_attach_mode_name(attach_mode);
	else
		c->mode = mode == XDP_COUNTER_GENERIC ? "generic" : "native";
	log_debug("xdp: attached to %s (ifindex %d, %d rx queues) in %s mode", ifname, c->ifindex, c->nqueues,
		  c->mode);
	*out = c;
	return 0;

cleanup:
	xdp_counter_detach(c);
	return err;
}

int xdp_counter_set_verdict(struct xdp_counter *c, int verdict)
{
	if (verdict < RX_VERDICT_PASS || verdict > RX_VERDICT_XSK)
		return -EINVAL;
	if (xdp_counter_is_tc(c) && verdict != RX_VERDICT_PASS)
		return -EOPNOTSUPP;
	/* .bss is memory-mapped: the running program sees the store on its next packet. */
	__atomic_store_n(&c->skel->bss->verdict, (__u32)verdict, __ATOMIC_RELEASE);
	return 0;
}

int xdp_counter_xsks_map_fd(const struct xdp_counter *c)
{
	return bpf_map__fd(c->skel->maps.xsks_map);
}

int xdp_counter_prog_fd(const struct xdp_counter *c)
{
	return bpf_program__fd(c->prog);
}

bool xdp_counter_is_tc(const struct xdp_counter *c)
{
	return strncmp(c->mode, "tc", 2) == 0;
}

const char *xdp_counter_mode(const struct xdp_counter *c)
{
	return c->mode;
}

int xdp_counter_queues(const struct xdp_counter *c)
{
	return c->nqueues;
}

int xdp_counter_read(const struct xdp_counter *c, struct snapshot *snap)
{
	int map_fd = bpf_map__fd(c->skel->maps.queue_stats);
	int appended = 0;

	for (__u32 queue = 0; queue < (__u32)c->nqueues; queue++) {
		struct rx_queue_stats stats;
		struct queue_sample *row;
		int err;

		if (snap->nqueues >= SNAP_MAX_QUEUES)
			return -ENOSPC; /* the snapshot has no room for more queues */
		err = percpu_lookup_sum(map_fd, &queue, &stats, sizeof(stats));
		if (err)
			return err;
		row = &snap->queues[snap->nqueues++];
		memset(row, 0, sizeof(*row));
		snprintf(row->iface, sizeof(row->iface), "%s", c->ifname);
		row->ifindex = c->ifindex;
		row->queue = queue;
		row->rx_packets = stats.packets;
		row->rx_bytes = stats.bytes;
		for (int a = 0; a < RX_XDP_ACTIONS && a < SNAP_XDP_ACTIONS; a++)
			row->xdp_actions[a] = stats.actions[a];
		/* enum xdp_action is uapi: XDP_ABORTED 0, XDP_DROP 1. */
		row->drops = stats.actions[XDP_ABORTED] + stats.actions[XDP_DROP];
		appended++;
	}
	return appended;
}

void xdp_counter_detach(struct xdp_counter *c)
{
	if (!c)
		return;
	if (c->link_fd >= 0)
		close(c->link_fd);
	tc_clsact_detach(&c->clsact);
	rx_xdp_bpf__destroy(c->skel);
	free(c);
}
