// SPDX-License-Identifier: GPL-2.0-only
/* rxtop doctor -i IFACE [-p PID]...: gathers the facts, derives the findings, prints them (text or JSON). */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "cli_numbers.h"
#include "cli_table.h"
#include "doctor.h"
#include "jsonw.h"
#include "log.h"
#include "netns.h"
#include "output.h"
#include "xdp.h"

static void print_text(const struct doctor_facts *f, const struct doctor_finding *x, int n)
{
	printf("%s: driver %s, %u rx queues, XDP %s", f->ifname, f->driver[0] ? f->driver : "?", f->rx_queues,
	       f->xdp_prog_id ? xdp_attach_mode_name(f->xdp_mode) : "none");
	if (f->xdp_prog_id)
		printf(" (program id %u)", f->xdp_prog_id);
	printf(", %d AF_XDP socket(s)\n", f->nsockets);
	for (int i = 0; i < f->nsockets; i++) {
		const struct doctor_socket *s = &f->sockets[i];

		printf("  socket %llu: queue %u, %s, rx ring %u, fill ring %u, %llu frames in %.1f s, held "
		       "by %s[%u] fd %d\n",
		       (unsigned long long)s->info.ino, s->info.queue,
		       s->info.zerocopy ? "zero-copy" : "copy", s->info.rx_ring, s->info.fill_ring,
		       (unsigned long long)s->window.rx_packets, f->window_s, s->comm[0] ? s->comm : "?",
		       s->info.pid, s->info.fd);
	}
	for (int i = 0; i < f->nprocs; i++) {
		const struct doctor_proc *p = &f->procs[i];

		if (p->measured)
			printf("  process %s[%d]: %llu syscalls, %llu voluntary switches, for %llu frames in "
			       "%.1f s\n",
			       p->comm, p->pid, (unsigned long long)p->syscalls,
			       (unsigned long long)p->switches_voluntary, (unsigned long long)p->frames,
			       f->window_s);
		else
			printf("  process %s[%d]: syscalls not counted (%s)\n", p->comm, p->pid,
			       f->unmeasured[0] ? f->unmeasured : "it started during the window");
		if (p->timed)
			printf(
			    "  process %s[%d]: busiest thread %d on a CPU %.0f %% of the window, waiting for "
			    "one %.0f %%\n",
			    p->comm, p->pid, p->busiest_tid, 100 * p->busiest_run, 100 * p->busiest_wait);
	}
	for (int i = 0; i < f->npaths; i++) {
		char line[400];

		output_path_line(&f->paths[i].path, line, sizeof(line));
		printf("  queue %d path: %s\n", f->paths[i].queue, line);
		if (i == 0 && f->paths[i].path.note[0])
			printf("    %s\n", f->paths[i].path.note);
	}
	if (!n)
		printf("no finding: nothing rxtop doctor checks stands out\n");
	for (int i = 0; i < n; i++)
		printf("\n[%s] %s: %s\n  evidence: %s\n  fix: %s\n", doctor_severity_name(x[i].severity),
		       x[i].id, x[i].summary, x[i].evidence, x[i].fix);
}

static void json_counts(struct jsonw *w, const char *key, const struct xsk_counts *c)
{
	jsonw_object_begin(w, key);
	jsonw_u64(w, "rx_packets", c->rx_packets);
	jsonw_u64(w, "rx_dropped", c->rx_dropped);
	jsonw_u64(w, "rx_invalid", c->rx_invalid);
	jsonw_u64(w, "rx_ring_full", c->rx_ring_full);
	jsonw_u64(w, "fill_ring_empty", c->fill_ring_empty);
	jsonw_u64(w, "tx_invalid", c->tx_invalid);
	jsonw_u64(w, "tx_ring_empty", c->tx_ring_empty);
	jsonw_object_end(w);
}

static void json_socket(struct jsonw *w, const struct doctor_socket *s)
{
	const struct xsk_info *x = &s->info;
	struct xsk_counts total = xsk_counts_of(x);

	jsonw_object_begin(w, NULL);
	jsonw_u64(w, "ino", x->ino);
	jsonw_u64(w, "pid", x->pid);
	jsonw_int(w, "fd", x->fd);
	jsonw_string(w, "comm", s->comm);
	jsonw_u64(w, "queue", x->queue);
	jsonw_bool(w, "bound", x->bound);
	jsonw_bool(w, "zerocopy", x->zerocopy);
	jsonw_u64(w, "rx_ring", x->rx_ring);
	jsonw_u64(w, "tx_ring", x->tx_ring);
	jsonw_u64(w, "fill_ring", x->fill_ring);
	jsonw_u64(w, "completion_ring", x->completion_ring);
	jsonw_u64(w, "umem_id", x->umem_id);
	jsonw_u64(w, "umem_size", x->umem_size);
	jsonw_u64(w, "chunk_size", x->chunk_size);
	jsonw_u64(w, "headroom", x->headroom);
	jsonw_u64(w, "frame_len", x->frame_len);
	jsonw_bool(w, "need_wakeup", x->need_wakeup);
	jsonw_bool(w, "multi_buffer", x->multi_buffer);
	jsonw_u64(w, "busy_poll_us", x->busy_poll_us);
	jsonw_u64(w, "prefer_busy_poll", x->prefer_busy_poll);
	jsonw_u64(w, "busy_poll_budget", x->busy_poll_budget);
	jsonw_u64(w, "napi_id", x->napi_id);
	json_counts(w, "counters", &total);
	json_counts(w, "window", &s->window);
	jsonw_object_end(w);
}

static void json_proc(struct jsonw *w, const struct doctor_proc *p)
{
	jsonw_object_begin(w, NULL);
	jsonw_int(w, "pid", p->pid);
	jsonw_string(w, "comm", p->comm);
	jsonw_u64(w, "frames", p->frames);
	if (p->measured) {
		jsonw_u64(w, "syscalls", p->syscalls);
		jsonw_u64(w, "ctxsw_voluntary", p->switches_voluntary);
		jsonw_array_begin(w, "top_syscalls");
		for (int i = 0; i < p->ntop; i++) {
			jsonw_object_begin(w, NULL);
			jsonw_string(w, "name", p->top[i].name);
			jsonw_u64(w, "count", p->top[i].count);
			jsonw_object_end(w);
		}
		jsonw_array_end(w);
	} else {
		jsonw_null(w, "syscalls");
		jsonw_null(w, "ctxsw_voluntary");
		jsonw_null(w, "top_syscalls");
	}
	if (p->timed) {
		jsonw_object_begin(w, "busiest_thread");
		jsonw_int(w, "tid", p->busiest_tid);
		jsonw_double(w, "run_share", p->busiest_run);
		jsonw_double(w, "wait_share", p->busiest_wait);
		jsonw_object_end(w);
	} else {
		jsonw_null(w, "busiest_thread");
	}
	jsonw_object_end(w);
}

static void print_json(const struct doctor_facts *f, const struct doctor_finding *x, int n)
{
	struct jsonw w;

	jsonw_init(&w, stdout);
	jsonw_object_begin(&w, NULL);
	jsonw_int(&w, "format", DOCTOR_FORMAT);
	jsonw_string(&w, "iface", f->ifname);
	jsonw_string(&w, "driver", f->driver);
	jsonw_u64(&w, "rx_queues", f->rx_queues);
	jsonw_string(&w, "xdp_mode", f->xdp_prog_id ? xdp_attach_mode_name(f->xdp_mode) : "none");
	jsonw_u64(&w, "xdp_prog_id", f->xdp_prog_id);
	if (f->have_features)
		jsonw_u64(&w, "xdp_features", f->xdp_features);
	else
		jsonw_null(&w, "xdp_features");
	jsonw_int(&w, "mtu", f->mtu);
	jsonw_int(&w, "napi_defer_hard_irqs", f->defer_hard_irqs);
	jsonw_int(&w, "gro_flush_timeout_ns", f->gro_flush_timeout_ns);
	jsonw_double(&w, "window_s", f->window_s);
	jsonw_array_begin(&w, "sockets");
	for (int i = 0; i < f->nsockets; i++)
		json_socket(&w, &f->sockets[i]);
	jsonw_array_end(&w);
	jsonw_array_begin(&w, "processes");
	for (int i = 0; i < f->nprocs; i++)
		json_proc(&w, &f->procs[i]);
	jsonw_array_end(&w);
	jsonw_array_begin(&w, "receive_path");
	for (int i = 0; i < f->npaths; i++) {
		jsonw_object_begin(&w, NULL);
		jsonw_int(&w, "queue", f->paths[i].queue);
		output_path_json(&w, &f->paths[i].path);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_array_begin(&w, "findings");
	for (int i = 0; i < n; i++) {
		jsonw_object_begin(&w, NULL);
		jsonw_string(&w, "id", x[i].id);
		jsonw_string(&w, "severity", doctor_severity_name(x[i].severity));
		jsonw_string(&w, "summary", x[i].summary);
		jsonw_string(&w, "evidence", x[i].evidence);
		jsonw_string(&w, "fix", x[i].fix);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	putchar('\n');
}

/* Where doctor's options go: the facts asked for (interface, pids, window), the format, the namespace. */
struct doctor_request {
	struct doctor_facts *facts;
	int *json;
	char (*netns)[NETNS_NAME_LEN];
};

static int apply_iface(void *target, const char *arg, char *err, size_t len)
{
	struct doctor_facts *f = ((struct doctor_request *)target)->facts;

	if (f->ifname[0] || !*arg || strlen(arg) >= sizeof(f->ifname)) {
		snprintf(err, len,
			 "rxtop doctor: -i '%s': one interface name per run; run it again for another", arg);
		return -EINVAL;
	}
	snprintf(f->ifname, sizeof(f->ifname), "%s", arg);
	return 0;
}

static int apply_pid(void *target, const char *arg, char *err, size_t len)
{
	struct doctor_facts *f = ((struct doctor_request *)target)->facts;

	/* As in top: "1,2", "1 2" or "$(pidof app)". */
	if (parse_pid_list(arg, f->pids, &f->npids, DOCTOR_MAX_PIDS) < 0) {
		snprintf(err, len,
			 "rxtop doctor: -p '%s': not a process id or a list of them (at most %d); give the "
			 "application's PID",
			 arg, DOCTOR_MAX_PIDS);
		return -EINVAL;
	}
	return 0;
}

static int apply_window(void *target, const char *arg, char *err, size_t len)
{
	struct doctor_facts *f = ((struct doctor_request *)target)->facts;

	if (parse_bounded_double(arg, 0.1, 60, &f->window_s)) {
		snprintf(err, len, "rxtop doctor: -d '%s': the window is 0.1 to 60 seconds", arg);
		return -EINVAL;
	}
	return 0;
}

static int apply_output(void *target, const char *arg, char *err, size_t len)
{
	if (strcmp(arg, "text") && strcmp(arg, "json")) {
		snprintf(err, len, "rxtop doctor: -o '%s': the formats are text and json", arg);
		return -EINVAL;
	}
	*((struct doctor_request *)target)->json = !strcmp(arg, "json");
	return 0;
}

static int apply_netns(void *target, const char *arg, char *err, size_t len)
{
	if (!*arg || strlen(arg) >= NETNS_NAME_LEN || strchr(arg, '/')) {
		snprintf(err, len, "rxtop doctor: --netns '%s' is not a namespace name; see 'ip netns list'",
			 arg);
		return -EINVAL;
	}
	snprintf(*((struct doctor_request *)target)->netns, NETNS_NAME_LEN, "%s", arg);
	return 0;
}

static const struct cli_option doctor_options[] = {
    {.name = "iface",
     .letter = 'i',
     .arg = "IFACE",
     .help = "the interface the AF_XDP application receives on (default: every interface an AF_XDP socket "
	     "is bound to, one report each)",
     .apply = apply_iface,
     .values = CLI_VALUES_IFACE},
    {.name = "pid",
     .letter = 'p',
     .arg = "PID",
     .help = "only that process's sockets; repeatable, or a list \"1,2\" (default: every socket on IFACE; "
	     "at most " CLI_STRING(DOCTOR_MAX_PIDS) ")",
     .apply = apply_pid,
     .values = CLI_VALUES_PID},
    {.name = "window",
     .letter = 'd',
     .arg = "SECONDS",
     .help = "the window over which the sockets' drop counters and their holders' syscalls are compared, "
	     "0.1 to 60 (default 2)",
     .apply = apply_window},
    {.name = "output",
     .letter = 'o',
     .arg = "FORMAT",
     .help = "text (default) or json (one object per interface, one per line)",
     .apply = apply_output,
     .values = CLI_VALUES_WORDS,
     .words = "text json"},
    {.name = "netns",
     .arg = "NAME",
     .help = "look inside network namespace NAME (default: rxtop's own); sockets bound in another one "
	     "are left out",
     .apply = apply_netns,
     .values = CLI_VALUES_NETNS},
};

static const struct cli_group doctor_groups[] = {
    {.title = "Options", .options = doctor_options, .count = CLI_COUNT(doctor_options)},
};

const struct cli_command doctor_command = {
    .name = "doctor",
    .synopsis = "rxtop doctor [-i IFACE] [-p PID]... [OPTIONS]",
    .summary = "what makes an AF_XDP setup slow, and the fixes",
    .description =
	"Finds what makes an AF_XDP setup slow: XDP mode, copy vs zero-copy, ring drops, busy "
	"polling and interrupt deferral, queues without a socket. Each finding with its evidence and "
	"the fix, worst first (docs/doctor.md). It reads; it attaches nothing to the interface.\n"
	"Needs root. Exit status: 0 when it could look (whatever it found), 2 on bad input.",
    .groups = doctor_groups,
    .ngroups = CLI_COUNT(doctor_groups),
};

int doctor_parse_args(int argc, char **argv, struct doctor_facts *f, int *json, char (*netns)[NETNS_NAME_LEN])
{
	struct doctor_request request = {.facts = f, .json = json, .netns = netns};
	char err[320];
	int next, rc;

	f->window_s = 2;
	rc = cli_parse(&doctor_command, argc, argv, 1, &request, &next, err, sizeof(err));
	if (rc == 1) {
		cli_help(&doctor_command, stdout);
		return 1;
	}
	if (rc < 0) {
		log_user("%s", err);
		return -EINVAL;
	}
	if (next < argc) {
		log_user("rxtop doctor: unexpected '%s'; see 'rxtop doctor --help'", argv[next]);
		return -EINVAL;
	}
	return 0;
}

/* One interface: its facts, its findings, printed. */
static int doctor_iface(struct doctor_facts *f, const struct doctor_scan *scan, int json)
{
	struct doctor_finding findings[DOCTOR_MAX_FINDINGS];
	char why[256];
	int n;

	if (doctor_gather(f, scan, why, sizeof(why))) {
		log_user("%s", why);
		return EXIT_USAGE;
	}
	n = doctor_findings(f, findings, DOCTOR_MAX_FINDINGS);
	if (json)
		print_json(f, findings, n);
	else
		print_text(f, findings, n);
	return 0;
}

int cmd_doctor(int argc, char **argv)
{
	static struct doctor_facts asked, facts;
	static struct doctor_scan scan;
	int ifindexes[DOCTOR_MAX_SOCKETS];
	char why[256], netns[NETNS_NAME_LEN] = "";
	int json = 0, saved_netns = -1, n, err;

	err = doctor_parse_args(argc, argv, &asked, &json, &netns);
	if (err)
		return err > 0 ? 0 : EXIT_USAGE;
	if (geteuid() != 0) {
		log_user("rxtop doctor: needs root (reads every process's AF_XDP sockets); run it with sudo");
		return EXIT_USAGE;
	}
	/* Interfaces and ifindexes are those of the namespace doctor works in; nothing to restore, it exits.
	 */
	if (netns[0] && (err = netns_enter(netns, &saved_netns)) < 0) {
		log_user("rxtop doctor: --netns %s: %s; see 'ip netns list'", netns, strerror(-err));
		return EXIT_USAGE;
	}
	/* A named interface must exist before the window is spent. */
	if (asked.ifname[0] && !if_nametoindex(asked.ifname)) {
		log_user("rxtop doctor: no interface '%s' here; see 'ip link'", asked.ifname);
		return EXIT_USAGE;
	}
	if (doctor_scan(&scan, asked.pids, asked.npids,
			asked.ifname[0] ? (int)if_nametoindex(asked.ifname) : 0, asked.window_s, why,
			sizeof(why))) {
		log_user("%s", why);
		return EXIT_USAGE;
	}
	if (asked.ifname[0]) {
		err = doctor_iface(&asked, &scan, json);
		doctor_scan_free(&scan);
		return err ? err : fflush(stdout) ? EXIT_RUNTIME : 0;
	}
	/* No -i: every interface the sockets are bound to. */
	n = doctor_scan_ifindexes(&scan, asked.pids, asked.npids, ifindexes, DOCTOR_MAX_SOCKETS);
	if (!n) {
		if (json)
			printf("{\"format\":%d,\"iface\":null,\"sockets\":[],\"findings\":[],"
			       "\"elsewhere\":%d}\n",
			       DOCTOR_FORMAT, scan.elsewhere);
		else if (scan.elsewhere)
			printf("%d AF_XDP socket(s)%s are bound in another network namespace: run rxtop "
			       "doctor in it "
			       "(rxtop doctor --netns NAME)\n",
			       scan.elsewhere, asked.npids ? " of the given processes" : "");
		else
			printf("no AF_XDP socket is bound to any interface%s; give -i IFACE to check one "
			       "anyway\n",
			       asked.npids ? " by the given processes" : "");
	}
	for (int i = 0; i < n; i++) {
		facts = asked;
		if (!if_indextoname((unsigned int)ifindexes[i], facts.ifname))
			continue; /* gone since */
		if (i && !json)
			putchar('\n');
		err = doctor_iface(&facts, &scan, json);
		if (err)
			break;
	}
	doctor_scan_free(&scan);
	return err ? err : fflush(stdout) ? EXIT_RUNTIME : 0;
}
