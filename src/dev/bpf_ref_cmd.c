// SPDX-License-Identifier: GPL-2.0-only
/* rxtop-dev __bpfref: programs that do nothing at the hooks of rxtop's per-packet programs, and what the
 * kernel's run-time statistics say each costs: the reference tests/bench/cost.sh subtracts. */
#include <errno.h>
#include <getopt.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cli_numbers.h"
#include "clock.h"
#include "commands.h"
#include "dev_commands.h"
#include "log.h"
#include "ref_noop.skel.h"
#include "stop_signals.h"

/* libbpf 1.1's headers predate tcx (kernel 6.6); the kernel's number is ABI. */
#ifndef BPF_TCX_INGRESS
#define BPF_TCX_INGRESS 46
#endif

static volatile sig_atomic_t stop;

static void usage(FILE *out)
{
	fprintf(
	    out,
	    "Usage: rxtop-dev __bpfref -i IFACE [--counter xdp|tc] [-t SECONDS]\n"
	    "Attaches programs that do nothing at the counter's hook on IFACE (default xdp) and at the\n"
	    "tracepoints of rxtop's per-event probes, with run-time statistics on, prints 'ready', waits\n"
	    "SECONDS (default 5) and prints one line per program: program LABEL HOOK RUN_TIME_NS RUN_CNT,\n"
	    "LABEL as rxtop's self panel names the program it stands for.\n");
}

/* A tracepoint reference and the label of rxtop's program at the same tracepoint. */
struct tp_ref {
	struct bpf_program *prog;
	const char *label;
};

static void print_prog(struct bpf_program *prog, const char *label, const char *hook)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
		return;
	printf("program %s %s %llu %llu\n", label, hook, (unsigned long long)info.run_time_ns,
	       (unsigned long long)info.run_cnt);
}

/* The counter's hook as rxtop attaches it (src/probes/xdp.c): an XDP link, native else generic; a tcx link.
 */
static int attach_counter_ref(struct ref_noop_bpf *skel, bool tc, int ifindex)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = XDP_FLAGS_DRV_MODE);
	int fd;

	if (tc)
		return bpf_link_create(bpf_program__fd(skel->progs.ref_tc), ifindex, BPF_TCX_INGRESS, NULL);
	fd = bpf_link_create(bpf_program__fd(skel->progs.ref_xdp), ifindex, BPF_XDP, &opts);
	if (fd >= 0)
		return fd;
	opts.flags = XDP_FLAGS_SKB_MODE;
	return bpf_link_create(bpf_program__fd(skel->progs.ref_xdp), ifindex, BPF_XDP, &opts);
}

int cmd_bpf_ref(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"counter", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	const char *ifname = NULL, *counter = "xdp";
	struct bpf_link *links[8] = {};
	struct ref_noop_bpf *skel = NULL;
	int opt, ifindex, link_fd = -1, stats_fd = -1, status = EXIT_RUNTIME, nlinks = 0;
	double seconds = 5;
	char label[IF_NAMESIZE + 8];
	bool tc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:t:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 't':
			if (parse_bounded_double(optarg, 0.1, 3600, &seconds)) {
				log_user("rxtop-dev __bpfref: -t '%s' is not a number of seconds; give 0.1 "
					 "to 3600",
					 optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			counter = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!ifname || optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (seconds <= 0 || (strcmp(counter, "xdp") && strcmp(counter, "tc"))) {
		log_user("rxtop-dev __bpfref: -t %g --counter %s: expected seconds above 0 and xdp or tc",
			 seconds, counter);
		return EXIT_USAGE;
	}
	ifindex = if_nametoindex(ifname);
	if (!ifindex) {
		log_user("rxtop-dev __bpfref: no interface '%s'; name an existing one with -i", ifname);
		return EXIT_USAGE;
	}
	tc = strcmp(counter, "tc") == 0;
	log_quiet_libs();
	stop_signals_install(&stop);

	skel = ref_noop_bpf__open();
	if (!skel) {
		log_user("rxtop-dev __bpfref: cannot open the reference programs: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	bpf_program__set_autoload(tc ? skel->progs.ref_xdp : skel->progs.ref_tc, false);
	if (ref_noop_bpf__load(skel)) {
		log_user("rxtop-dev __bpfref: cannot load the reference programs (needs root/CAP_BPF)");
		goto cleanup;
	}
	struct tp_ref tps[] = {
	    {skel->progs.ref_kfree_skb, "skb:kfree_skb"},
	    {skel->progs.ref_napi_poll, "napi:napi_poll"},
	    {skel->progs.ref_softirq_entry, "irq:softirq_entry"},
	    {skel->progs.ref_softirq_exit, "irq:softirq_exit"},
	    {skel->progs.ref_sys_enter, "raw_syscalls:sys_enter"},
	    {skel->progs.ref_sys_exit, "raw_syscalls:sys_exit"},
	};
	for (size_t i = 0; i < sizeof(tps) / sizeof(tps[0]); i++) {
		links[nlinks] = bpf_program__attach(tps[i].prog);
		if (!links[nlinks]) {
			log_user("rxtop-dev __bpfref: cannot attach %s: %s", tps[i].label, strerror(errno));
			goto cleanup;
		}
		nlinks++;
	}
	link_fd = attach_counter_ref(skel, tc, ifindex);
	if (link_fd < 0) {
		log_user("rxtop-dev __bpfref: cannot attach at %s of %s: %s", counter, ifname,
			 strerror(errno));
		goto cleanup;
	}
	stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	printf("ready\n");
	fflush(stdout);
	sleep_until_or_stop(monotonic_seconds() + seconds, &stop);

	snprintf(label, sizeof(label), "%s:%s", counter, ifname);
	print_prog(tc ? skel->progs.ref_tc : skel->progs.ref_xdp, label, counter);
	for (size_t i = 0; i < sizeof(tps) / sizeof(tps[0]); i++)
		print_prog(tps[i].prog, tps[i].label, "tp_btf");
	fflush(stdout);
	status = 0;

cleanup:
	if (stats_fd >= 0)
		close(stats_fd);
	if (link_fd >= 0)
		close(link_fd);
	for (int i = 0; i < nlinks; i++)
		bpf_link__destroy(links[i]);
	ref_noop_bpf__destroy(skel);
	return status;
}
