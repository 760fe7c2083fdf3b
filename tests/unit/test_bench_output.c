// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for rxtop bench's views: results.json, results.csv, report.md, the plots (real gnuplot) and
 * --compare, from a bench_results built by hand. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_output.h"
#include "check.h"

static const int sizes[] = {64, 512, 1518};
static const char *const plots[] = {"pps_by_size", "pps_by_cores", "tcp_gbps", "ns_per_pkt"};

/* A cell with three repeats around base pps (spread ±spread_pct), summarised as the runner would. */
static struct bench_cell *add_cell(struct bench_results *r, const char *stack, enum stack_proto proto,
				   int size, int cores, double base, double spread_pct)
{
	struct bench_cell *c = &r->cells[r->ncells++];
	const double factor[3] = {1.0, 1.0 - spread_pct / 100, 1.0 + spread_pct / 100};
	double mean = base, var = 0;

	memset(c, 0, sizeof(*c));
	snprintf(c->stack, sizeof(c->stack), "%s", stack);
	c->proto = proto;
	c->size = size;
	c->cores = cores;
	c->measure = BENCH_MAX;
	c->nruns = 3;
	for (int i = 0; i < 3; i++) {
		struct bench_run *run = &c->runs[i];

		run->seconds = 2;
		run->rx_pps = base * factor[i];
		run->gbps = run->rx_pps * (proto == STACK_PROTO_TCP ? 1500 : size) * 8 / 1e9;
		run->received = (uint64_t)(run->rx_pps * run->seconds);
		run->dropped = run->received / 100;
		run->sent = run->received + run->dropped;
		run->cost = (struct bench_cost){.user = 1e9 / base * 0.4,
						.syscall = 1e9 / base * 0.2,
						.softirq = 1e9 / base * 0.4,
						.syscalls_per_pkt = 0.03,
						.ctxsw_per_pkt = 0.001};
		var += (run->rx_pps - mean) * (run->rx_pps - mean) / 3;
		c->sent += run->sent;
		c->received += run->received;
		c->dropped += run->dropped;
	}
	c->median_pps = base;
	c->min_pps = base * factor[1];
	c->max_pps = base * factor[2];
	c->cv = sqrt(var) / mean;
	c->gbps = c->runs[0].gbps;
	c->loss_pct = 100.0 * (double)c->runs[0].dropped / (double)c->runs[0].sent;
	c->cost = c->runs[0].cost;
	snprintf(c->main_drop, sizeof(c->main_drop), "socket SOCKET_RCVBUFF, \"full\"");
	/* As rxtop bench runs them: afxdp behind rxtop's counting program, dpdk behind the PMD's own. */
	c->settings = (struct bench_settings){
	    .ring_size = 2048, .batch = 64, .rcvbuf = 4 << 20, .counting_program = !strcmp(stack, "afxdp")};
	snprintf(c->settings.mode, sizeof(c->settings.mode), "copy");
	return c;
}

static void add_error_cell(struct bench_results *r, const char *stack, enum stack_proto proto,
			   const char *why)
{
	struct bench_cell *c = &r->cells[r->ncells++];

	memset(c, 0, sizeof(*c));
	snprintf(c->stack, sizeof(c->stack), "%s", stack);
	c->proto = proto;
	c->size = 64;
	c->cores = 1;
	c->measure = BENCH_MAX;
	snprintf(c->error, sizeof(c->error), "%s", why);
}

/* An ndr cell: its runs are the search's trials, the cell holds the best passing one. */
static void add_ndr_cell(struct bench_results *r)
{
	struct bench_cell *c = add_cell(r, "afxdp", STACK_PROTO_UDP, 64, 1, 500e3, 50);

	c->measure = BENCH_NDR;
	for (int i = 0; i < c->nruns; i++)
		c->runs[i].offered_pps = c->runs[i].rx_pps * 1.01;
	c->min_pps = c->max_pps = c->median_pps = c->runs[0].rx_pps;
	c->ndr_pps = c->runs[0].offered_pps;
	c->cv = 0;
}

static void add_reference(struct bench_results *r, const char *name, const char *compared, double ratio)
{
	struct bench_reference *ref = &r->references[r->nreferences++];

	snprintf(ref->name, sizeof(ref->name), "%s", name);
	snprintf(ref->compared, sizeof(ref->compared), "%s", compared);
	ref->size = 64;
	ref->cores = 1;
	ref->ratio_median = ratio;
	ref->ratio_min = ratio * 0.95;
	ref->ratio_max = ratio * 1.05;
	ref->runs = 5;
}

static void fill_config(struct bench_results *r, int nstacks, const char *const *stacks)
{
	struct bench_config *c = &r->config;

	snprintf(r->machine.kernel, sizeof(r->machine.kernel), "6.18.0");
	snprintf(r->machine.cpu, sizeof(r->machine.cpu), "Test CPU");
	r->machine.cpus = 2;
	snprintf(r->machine.driver, sizeof(r->machine.driver), "veth");
	c->lab = true;
	snprintf(c->iface, sizeof(c->iface), "rxlab0");
	c->nstacks = nstacks;
	for (int i = 0; i < nstacks; i++)
		snprintf(c->stacks[i], sizeof(c->stacks[i]), "%s", stacks[i]);
	c->nsizes = 3;
	memcpy(c->sizes, sizes, sizeof(sizes));
	c->ncores = 2;
	c->cores[0] = 1;
	c->cores[1] = 2;
	c->measure = BENCH_MAX;
	c->repeats = 3;
	c->duration_s = 2;
	c->warmup_s = 1;
	r->started = 1.7e9;
	r->finished = 1.7e9 + 300;
}

/* The full experiment: three UDP stacks x 3 sizes x 2 cores, a refused stack, TCP and references. */
static void build_full(struct bench_results *r)
{
	static const char *const stacks[] = {"afxdp", "dpdk", "epoll", "iouring", "iouring-zc"};
	static const double base[] = {1.2e6, 2.0e6, 0.9e6};

	memset(r, 0, sizeof(*r));
	fill_config(r, 5, stacks);
	for (int s = 0; s < 3; s++)
		for (int z = 0; z < 3; z++)
			for (int cores = 1; cores <= 2; cores++)
				add_cell(r, stacks[s], STACK_PROTO_UDP, sizes[z], cores,
					 base[s] * cores * (1 - 0.1 * z * (s + 1)), 3 + s);
	/* The XDP_DROP ceiling, ten times the receivers and more: the pps plots need their log axis. */
	for (int z = 0; z < 3; z++)
		for (int cores = 1; cores <= 2; cores++)
			add_cell(r, "xdp-drop", STACK_PROTO_UDP, sizes[z], cores, 12e6 * cores, 2);
	add_ndr_cell(r);
	add_error_cell(r, "iouring", STACK_PROTO_UDP, "iouring: io_uring_setup: Operation not permitted");
	add_cell(r, "epoll", STACK_PROTO_TCP, 0, 1, 800e3, 2);
	add_cell(r, "iouring", STACK_PROTO_TCP, 0, 1, 950e3, 2);
	add_error_cell(r, "iouring-zc", STACK_PROTO_TCP,
		       "iouring-zc: veth has no header split | zero-copy rx");
	add_reference(r, "testpmd rxonly (net_af_xdp)", "dpdk", 0.97);
	add_reference(r, "iperf3 server", "epoll", 0.91);
	add_reference(r, "XDP_DROP ceiling", "afxdp", 0.4);
}

static int run(const char *cmd)
{
	int status = system(cmd);

	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool file_contains(const char *path, const char *needle)
{
	char cmd[1200];

	snprintf(cmd, sizeof(cmd), "grep -qF -- '%s' '%s'", needle, path);
	return run(cmd) == 0;
}

static long file_size(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static const char json_check[] =
    "import json,sys\n"
    "d=json.load(open(sys.argv[1]))\n"
    "assert d['format']==1 and set(d)>={'machine','config','cells','references'}\n"
    "need={'stack','proto','size','cores','measure','runs','median_pps','min_pps','max_pps','cv','loss_pct',"
    "'gbps','sent','received','dropped','unexplained','cpu_ns_per_pkt','syscalls_per_pkt','ctxsw_per_pkt',"
    "'main_drop','settings','ndr_pps'}\n"
    "assert len(d['cells'])==int(sys.argv[2]), len(d['cells'])\n"
    "for c in d['cells']:\n"
    "  assert set(c)>=need, need-set(c)\n"
    "  assert set(c['cpu_ns_per_pkt'])=={'user','syscall','softirq'}\n"
    "  assert len(c['runs'])==len(c['run_details'])\n"
    "errors=[c['error'] for c in d['cells'] if 'error' in c]\n"
    "assert len(errors)==int(sys.argv[3]) and all(errors), errors\n"
    "assert len(d['references'])==int(sys.argv[4])\n"
    "assert [c['ndr_pps'] for c in d['cells'] if c['measure']=='ndr']==[505000.0]\n";

static const char csv_check[] = "import csv,sys\n"
				"rows=list(csv.reader(open(sys.argv[1],newline='')))\n"
				"assert len(rows)==int(sys.argv[2])+1, len(rows)\n"
				"assert len({len(x) for x in rows})==1\n"
				"i=rows[0].index('main_drop')\n"
				"assert rows[1][i]=='socket SOCKET_RCVBUFF, \"full\"', rows[1][i]\n";

static int python(const char *script, const char *args)
{
	char cmd[4096];
	char path[] = "/tmp/rxtop-test-XXXXXX";
	int fd = mkstemp(path), ret;

	if (fd < 0 || write(fd, script, strlen(script)) != (ssize_t)strlen(script)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "python3 %s %s", path, args);
	ret = run(cmd);
	unlink(path);
	return ret;
}

static void test_files(const struct bench_results *r, const char *dir)
{
	char err[256] = "", args[1024], path[512];
	static const unsigned char png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

	CHECK("bench_write_results_full", bench_write_results(r, dir, err, sizeof(err)) == 0);
	if (err[0])
		printf("# %s\n", err);
	snprintf(args, sizeof(args), "%s/results.json %d 2 3", dir, r->ncells);
	CHECK("bench_json_parses_with_keys", python(json_check, args) == 0);
	snprintf(args, sizeof(args), "%s/results.csv %d", dir, r->ncells);
	CHECK("bench_csv_rows_and_columns", python(csv_check, args) == 0);
	for (size_t i = 0; i < sizeof(plots) / sizeof(plots[0]); i++) {
		char name[64], cmd[1024];
		unsigned char head[8] = {0};
		FILE *f;

		snprintf(name, sizeof(name), "%s.png", plots[i]);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		f = fopen(path, "rb");
		if (f) {
			if (fread(head, 1, sizeof(head), f) != sizeof(head))
				memset(head, 0, sizeof(head));
			fclose(f);
		}
		CHECK(name, f && memcmp(head, png_magic, sizeof(head)) == 0 && file_size(dir, name) > 2000);
		snprintf(name, sizeof(name), "%s.svg", plots[i]);
		snprintf(cmd, sizeof(cmd),
			 "python3 -c 'import sys,xml.dom.minidom as m; m.parse(sys.argv[1])' %s/%s", dir,
			 name);
		CHECK(name, run(cmd) == 0);
	}
	snprintf(path, sizeof(path), "%s/report.md", dir);
	CHECK("report_afxdp_dpdk_ratio", file_contains(path, "| 64 | 1 | max | 1.200 | 2.000 | **0.60** |"));
	CHECK("report_size_sensitivity",
	      file_contains(path, "| afxdp | 1 | max | 64 → 1518 | 1.200 | 0.960 | **0.80** |"));
	CHECK("report_ndr_offered",
	      file_contains(path, "| afxdp | udp | 64 | 1 | ndr | 0.500 | 0.500 | 0.500 | 0.0 | 0.505 |"));
	CHECK("report_variability_max_only", file_contains(path, "| afxdp | udp | 6 | 2.4 | **2.4** |"));
	CHECK("report_variability",
	      file_contains(path, "| dpdk | udp | 6 | 3.3 | **3.3** | dpdk udp 64 B, 1 core, max |"));
	CHECK("report_tcp_with_iperf3",
	      file_contains(path, "| **1.19** | **0.91** (0.86 to 0.96, 5 runs) |"));
	CHECK("report_tcp_zc_refusal", file_contains(path, "veth has no header split / zero-copy rx"));
	CHECK("report_references",
	      file_contains(path, "| testpmd rxonly (net_af_xdp) | dpdk | 64 | 1 | **0.97** |"));
	CHECK("report_not_run",
	      file_contains(path, "- iouring udp 64 B, 1 core, max: iouring: io_uring_setup"));
	CHECK("report_balance", file_contains(path, "Every cell balances"));
	CHECK("report_plot_embedded", file_contains(path, "![UDP packets received per second by frame size"));
	CHECK("report_payload_gbps", file_contains(path, "| payload Gbps |"));
	CHECK("report_no_not_measured", !file_contains(path, "not measured ("));
	CHECK("report_counting_program",
	      /* no apostrophe: file_contains greps in single quotes */
	      file_contains(path, "Counting program: only afxdp pays for rxtop") &&
		  file_contains(path, "XDP counter; dpdk runs libxdp"));
	/* At 2 cores, 0.684 (epoll at 1518 B, its min) to 24.48 Mpps (xdp-drop, its max): a log axis from 0.6
	 * to 30, tics on every digit, labels on 1, 2, 5 and the ends. */
	snprintf(path, sizeof(path), "%s/pps_by_size.gp", dir);
	CHECK("plot_log_axis",
	      file_contains(path, "set logscale y 10") && file_contains(path, "set yrange [0.6:30]"));
	CHECK("plot_log_tics", file_contains(path, "\"1\" 1, \"2\" 2, \"\" 3 1, \"\" 4 1, \"5\" 5"));
}

/* Only epoll at one size, one core, one repeat: every question says "not measured", the line plots skip. */
static void test_sparse(struct bench_results *r, const char *dir)
{
	static const char *const stacks[] = {"epoll"};
	char err[256] = "", path[512];

	memset(r, 0, sizeof(*r));
	fill_config(r, 1, stacks);
	add_cell(r, "epoll", STACK_PROTO_UDP, 64, 1, 1e6, 0)->nruns = 1;
	CHECK("bench_write_results_sparse", bench_write_results(r, dir, err, sizeof(err)) == 0);
	snprintf(path, sizeof(path), "%s/report.md", dir);
	CHECK("sparse_afxdp_dpdk", file_contains(path, "AF_XDP / DPDK: not measured"));
	CHECK("sparse_no_counting_program", !file_contains(path, "Counting program:"));
	CHECK("sparse_size", file_contains(path, "Size sensitivity: not measured"));
	CHECK("sparse_variability", file_contains(path, "Variability: not measured"));
	CHECK("sparse_tcp", file_contains(path, "TCP Gbps: not measured"));
	CHECK("sparse_references", file_contains(path, "Reference ratios: not measured"));
	CHECK("sparse_size_plot_skipped",
	      file_contains(path, "pps_by_size.png: skipped: only one frame size"));
	CHECK("sparse_tcp_plot_skipped", file_contains(path, "tcp_gbps.png: skipped: no TCP cell ran"));
	CHECK("sparse_no_size_png",
	      file_size(dir, "pps_by_size.png") < 0 && file_size(dir, "pps_by_size.gp") < 0);
	CHECK("sparse_cost_png", file_size(dir, "ns_per_pkt.png") > 0);
}

/* Without gnuplot: the scripts and data are written, report.md says how to render, and it succeeds. */
static void test_no_gnuplot(const struct bench_results *r, const char *dir)
{
	char *saved = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	char err[256] = "", path[512];

	setenv("PATH", "/nonexistent", 1);
	CHECK("no_gnuplot_succeeds", bench_write_results(r, dir, err, sizeof(err)) == 0);
	setenv("PATH", saved, 1);
	free(saved);
	CHECK("no_gnuplot_scripts",
	      file_size(dir, "pps_by_size.gp") > 0 && file_size(dir, "pps_by_size.dat") > 0);
	CHECK("no_gnuplot_no_png", file_size(dir, "pps_by_size.png") < 0);
	snprintf(path, sizeof(path), "%s/report.md", dir);
	CHECK("no_gnuplot_said",
	      file_contains(path, "gnuplot was not found") && file_contains(path, "gnuplot-nox"));
}

static int compare(const char *a, const char *b, char *out, size_t outlen, char *err, size_t len)
{
	FILE *f = fmemopen(out, outlen, "w");
	int status;

	memset(out, 0, outlen);
	status = bench_compare(a, b, f, err, len);
	fclose(f);
	return status;
}

static int count_lines(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_compare(struct bench_results *r, const char *dir, const char *shifted_dir,
			 const char *bad_dir)
{
	static char out[65536];
	char err[256] = "", path[512], cmd[1024];
	struct bench_cell *c;
	FILE *f;

	CHECK("compare_self_status", compare(dir, dir, out, sizeof(out), err, sizeof(err)) == 0);
	CHECK("compare_self_flags_nothing", count_lines(out, "CHANGED") == 0 && strstr(out, " 0 flagged"));
	/* The dpdk 512 B 2-core cell's runs move to 3x: far outside its own ±4 % spread. The last cell goes.
	 */
	c = &r->cells[9];
	CHECK_STR("compare_shifted_cell", c->stack, "dpdk");
	for (int i = 0; i < c->nruns; i++)
		c->runs[i].rx_pps *= 3;
	c->median_pps *= 3, c->min_pps *= 3, c->max_pps *= 3;
	r->ncells--;
	CHECK("compare_write_shifted", bench_write_results(r, shifted_dir, err, sizeof(err)) == 0);
	CHECK("compare_shifted_status", compare(dir, shifted_dir, out, sizeof(out), err, sizeof(err)) == 0);
	CHECK("compare_shifted_one_flag", count_lines(out, "CHANGED") == 1 && strstr(out, " 1 flagged"));
	CHECK("compare_shifted_which",
	      strstr(out, "dpdk udp 512 2 max") &&
		  strstr(strstr(out, "dpdk udp 512 2 max"), "+200.0 %  CHANGED beyond spread"));
	CHECK("compare_only_in_old", strstr(out, "only in old: iouring-zc tcp 64 1 max") != NULL);
	CHECK("compare_errors_both", count_lines(out, "fails in both") == 1);

	CHECK("compare_missing_dir",
	      compare(dir, "/nonexistent/rxtop", out, sizeof(out), err, sizeof(err)) == 2 &&
		  strstr(err, "not a folder") && !strchr(err, '\n'));
	mkdir(bad_dir, 0755);
	snprintf(path, sizeof(path), "%s/results.csv", bad_dir);
	f = fopen(path, "w");
	if (f) {
		fputs("stack,proto,size\nafxdp,udp,64\n", f);
		fclose(f);
	}
	CHECK("compare_malformed_header", compare(dir, bad_dir, out, sizeof(out), err, sizeof(err)) == 2 &&
					      strstr(err, "lacks the column cores"));
	snprintf(cmd, sizeof(cmd),
		 "cp %s/results.csv %s/results.csv && echo 'afxdp,\"open' >> %s/results.csv", dir, bad_dir,
		 bad_dir);
	CHECK("compare_malformed_row", run(cmd) == 0 &&
					   compare(bad_dir, dir, out, sizeof(out), err, sizeof(err)) == 2 &&
					   strstr(err, "malformed"));
}

int main(void)
{
	struct bench_results *r = calloc(1, sizeof(*r));
	char base[] = "/tmp/rxtop-bench-views-XXXXXX", dir[256], cmd[512], err[256];

	if (!r || !mkdtemp(base)) {
		printf("FAIL setup: %s\n", strerror(errno));
		return 1;
	}
	build_full(r);
	snprintf(dir, sizeof(dir), "%s/full", base);
	test_files(r, dir);
	{
		char shifted[256], bad[256];

		snprintf(shifted, sizeof(shifted), "%s/shifted", base);
		snprintf(bad, sizeof(bad), "%s/bad", base);
		test_compare(r, dir, shifted, bad);
	}
	snprintf(dir, sizeof(dir), "%s/file", base);
	snprintf(cmd, sizeof(cmd), "touch %s", dir);
	CHECK("out_names_a_file", run(cmd) == 0 && bench_write_results(r, dir, err, sizeof(err)) == -ENOTDIR);
	build_full(r);
	snprintf(dir, sizeof(dir), "%s/nognuplot", base);
	test_no_gnuplot(r, dir);
	snprintf(dir, sizeof(dir), "%s/sparse", base);
	test_sparse(r, dir);
	free(r);
	if (check_failures || getenv("RXTOP_TEST_KEEP")) {
		printf("# outputs kept in %s\n", base);
		return check_failures ? 1 : 0;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", base);
	return run(cmd) == 0 ? 0 : 1;
}
