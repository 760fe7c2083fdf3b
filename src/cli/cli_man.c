// SPDX-License-Identifier: GPL-2.0-only
/* The rxtop(8) man page in roff, made from the commands' option tables (cli_commands[]) and a few fixed
 * sections: exit status, output formats, environment, files, examples. */
#include <stdio.h>
#include <string.h>

#include "cli_commands.h"

#define DEFAULT_DOCDIR "/usr/local/share/doc/rxtop"

/* text as roff: backslashes and hyphens escaped, a line break the author wanted becomes .br, and no output
 * line starts with a control character. */
static void roff(FILE *out, const char *text)
{
	bool line_start = true;

	for (const char *p = text; *p; p++) {
		if (line_start && (*p == '.' || *p == '\''))
			fputs("\\&", out);
		line_start = false;
		switch (*p) {
		case '\\':
			fputs("\\e", out);
			break;
		case '-':
			fputs("\\-", out);
			break;
		case '\n':
			fputs("\n.br\n", out);
			line_start = true;
			break;
		default:
			fputc(*p, out);
		}
	}
}

/* "-n, --iterations N" in bold and italics. */
static void option_tag(FILE *out, const struct cli_option *o)
{
	fputs(".TP\n", out);
	if (o->letter)
		fprintf(out, "\\fB\\-%c\\fR%s", o->letter, o->name ? ", " : "");
	if (o->name) {
		fputs("\\fB\\-\\-", out);
		roff(out, o->name);
		fputs("\\fR", out);
	}
	if (o->arg) {
		fputs(o->arg_optional ? "[=\\fI" : (o->name ? " \\fI" : " \\fI"), out);
		roff(out, o->arg);
		fputs(o->arg_optional ? "\\fR]" : "\\fR", out);
	}
	fputc('\n', out);
}

static void option_entry(FILE *out, const struct cli_option *o)
{
	option_tag(out, o);
	roff(out, o->help);
	fputc('\n', out);
}

static void command_words(FILE *out, const struct cli_command *cmd)
{
	fputs(strcmp(cmd->name, "rxtop") ? "rxtop " : "", out);
	roff(out, strcmp(cmd->name, "rxtop") ? cmd->name : "rxtop");
}

/* Each synopsis line of cmd on a line of its own, no filling. */
static void synopsis(FILE *out, const struct cli_command *cmd)
{
	const char *line = cmd->synopsis;

	while (*line) {
		size_t n = strcspn(line, "\n");
		char buf[256];

		snprintf(buf, sizeof(buf), "%.*s", (int)n, line);
		fputs("\\fB", out);
		roff(out, buf);
		fputs("\\fR\n.br\n", out);
		line += n + (line[n] == '\n');
	}
}

/* The earlier command whose section already lists this group's options (run shares rxtop's), or NULL. */
static const struct cli_command *listed_before(const struct cli_command *cmd, const struct cli_group *group)
{
	for (int i = 0; cli_commands[i] && cli_commands[i] != cmd; i++)
		for (size_t g = 0; g < cli_commands[i]->ngroups; g++)
			if (cli_commands[i]->groups[g].options == group->options)
				return cli_commands[i];
	return NULL;
}

static void command_section(FILE *out, const struct cli_command *cmd)
{
	fputs(".SS \"", out);
	command_words(out, cmd);
	fputs("\"\n", out);
	synopsis(out, cmd);
	fputs(".PP\n", out);
	roff(out, cmd->description);
	fputc('\n', out);
	for (size_t g = 0; g < cmd->ngroups; g++) {
		const struct cli_command *earlier = listed_before(cmd, &cmd->groups[g]);

		fputs(".PP\n\\fI", out);
		roff(out, cmd->groups[g].title);
		fputs(":\\fR", out);
		if (earlier) {
			fputs(" as for \\fB", out);
			command_words(out, earlier);
			fputs("\\fR above.\n", out);
			continue;
		}
		fputc('\n', out);
		for (size_t i = 0; i < cmd->groups[g].count; i++)
			option_entry(out, &cmd->groups[g].options[i]);
	}
}

static void common_options(FILE *out)
{
	fputs(".SH COMMON OPTIONS\n"
	      "Every command takes these; they may stand anywhere on the line.\n",
	      out);
	option_entry(out, &(struct cli_option){
			      .name = "help",
			      .letter = 'h',
			      .help = "print the command's synopsis, description and options, and exit 0 "
				      "(-h where no option of the command takes that letter)"});
	option_entry(out,
		     &(struct cli_option){.name = "version", .help = "print rxtop's version and exit 0"});
	option_entry(out, &(struct cli_option){
			      .name = "lab",
			      .help = "work against the built-in lab: namespace rxtop-gen holding "
				      "rxgen0, its veth peer rxlab0 here, created if missing, with the "
				      "traffic generator running (see rxtop lab and the generator "
				      "options)"});
}

/* A tagged paragraph: the tag in bold (or italics for a file), the text after it; both plain text. */
struct man_item {
	const char *tag;
	const char *text;
};

static void items(FILE *out, const char *font, const struct man_item *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fprintf(out, ".TP\n\\f%s", font);
		roff(out, list[i].tag);
		fputs("\\fR\n", out);
		roff(out, list[i].text);
		fputc('\n', out);
	}
}

static const struct man_item exit_codes[] = {
    {"0", "success (also --help and --version)"},
    {"1", "a runtime failure: the kernel refused an attach, a receiver died, the lab could not be built; one "
	  "line on stderr says what"},
    {"2", "bad input (usage): an unknown option, a bad value, a missing interface; one line on stderr says "
	  "what, why and what to give instead, and nothing was attached"},
};

static const struct man_item formats[] = {
    {"text", "readable lines per interval, as the screen shows them (the default)"},
    {"json",
     "JSON lines: one object per interval on one line, flushed at once, with the keys format (the "
     "batch format version, 1), ts, interval, queues, stacks, processes, drops, ledger, ifaces, probes, "
     "softirq, generator and self. Counters are cumulative since the start; rates are per second over "
     "the interval. The last line of rxtop run carries a summary with one object per stack phase."},
    {"csv",
     "one header line, then per interval one row per queue, stack, drop and the ledger in the columns "
     "ts, interval, kind, name, queue, packets, pps, bytes, bps, drops, drops_ps, format; rxtop run ends "
     "with one row of kind summary per stack phase"},
    {"openmetrics, prometheus", "the exposition formats of /metrics, once per interval; --listen serves them "
				"over HTTP instead"},
};

static const struct man_item environment[] = {
    {"RXTOP_DEBUG", "set (to anything): debug lines on stderr (which step failed and why) and DPDK's log"},
    {"RXTOP_FORCE_COUNTER_HOOK", "tcx, tc-clsact or xdp: where rxtop counts when it counts at tc ingress, "
				 "skipping the hooks before it (tests, old kernels)"},
    {"RXTOP_TRACE_ATTACH, RXTOP_OVERHEAD_ATTACH",
     "raw_tp or tracepoint: the probes' attach ladder (tp_btf, raw_tp, tracepoint) starts lower"},
    {"RXTOP_TRACE_DISABLE, RXTOP_OVERHEAD_DISABLE",
     "a comma list of probe names to treat as missing (tests and overhead experiments)"},
    {"NO_COLOR", "not empty: the full-screen view uses no colour"},
    {"TERM", "the terminal the full-screen view draws on"},
    {"PATH", "where rxtop bench looks for gnuplot and its reference tools"},
};

static const struct man_item files[] = {
    {"/run/rxtop-lab.lock", "one change of the lab (up, down) at a time"},
    {"/run/rxtop-lab-use.lock, /run/rxtop-lab-measure.lock",
     "who uses the lab, and one measurement at a time on it"},
    {"/run/netns/rxtop-gen", "the lab's network namespace; it holds the interface rxgen0, whose veth peer "
			     "rxlab0 stays in rxtop's namespace"},
    {"/run/netns/", "the namespaces --netns names"},
    {"/sys/kernel/tracing", "mounted by rxtop when it is not, for classic tracepoints, and unmounted again"},
    {"/sys/class/net/, /proc/",
     "the interfaces' queues and statistics, the processes of -p and the receivers' sockets"},
    {"/var/run/dpdk/rxtop-PID", "the dpdk receiver's EAL runtime directory, removed when it ends"},
};

static const struct man_item examples[] = {
    {"sudo rxtop -i eth0", "the live view of eth0's receive path"},
    {"sudo rxtop -i eth0 -p \"$(pidof myapp)\" -b -o json -n 10",
     "ten JSON lines, with myapp's cost per packet"},
    {"sudo rxtop run afxdp,iouring,epoll --lab",
     "three receivers take the lab's traffic in turn, then the comparison table"},
    {"sudo rxtop --lab --gen-rate 200k --listen 9101",
     "the lab at 200 kpps, its metrics on http://127.0.0.1:9101/metrics"},
};

static void fixed_sections(FILE *out, const char *docdir)
{
	fputs(".SH EXIT STATUS\n", out);
	items(out, "B", exit_codes, CLI_COUNT(exit_codes));
	fputs(".SH OUTPUT FORMATS\n"
	      "On a terminal rxtop shows a full-screen view; with \\fB\\-b\\fR, or when stdout is not a "
	      "terminal, "
	      "it writes lines in the format of \\fB\\-o\\fR:\n",
	      out);
	items(out, "B", formats, CLI_COUNT(formats));
	fprintf(
	    out,
	    ".PP\nThe JSON keys, their types and which of them are a promise to scripts are in "
	    "\\fI%s/docs/json\\-schema.md\\fR, the JSON Schema in \\fI%s/docs/rxtop\\-lines.schema.json\\fR, "
	    "the metrics in \\fI%s/docs/openmetrics.md\\fR.\n",
	    docdir, docdir, docdir);
	fputs(".SH ENVIRONMENT\n", out);
	items(out, "B", environment, CLI_COUNT(environment));
	fputs(".SH FILES\n", out);
	items(out, "I", files, CLI_COUNT(files));
	fputs(".PP\n", out);
	roff(out,
	     "rxtop attaches its XDP program (or a tc ingress program) to the interfaces it watches and "
	     "removes it when it ends. It pins none of its BPF objects in /sys/fs/bpf; DPDK's af_xdp driver "
	     "loads its program through libxdp, which may use /sys/fs/bpf/xdp, and rxtop detaches that "
	     "program "
	     "when the dpdk receiver ends.");
	fputc('\n', out);
	fputs(".SH EXAMPLES\n", out);
	items(out, "B", examples, CLI_COUNT(examples));
	fprintf(out,
		".SH SEE ALSO\n.BR top (1),\n.BR ip (8),\n.BR ethtool (8),\n.BR bpftool (8)\n.PP\n"
		"The user guide and the pages on each receiver stack, the generator, the lab and the "
		"benchmark are "
		"in \\fI%s/docs/\\fR.\n",
		docdir);
}

void cli_man_page_docs(FILE *out, const char *version, const char *date, const char *docdir)
{
	fprintf(out, ".\\\" SPDX-License-Identifier: GPL-2.0-only\n"
		     ".\\\" Generated from rxtop's option tables (src/cli/cli_man.c); do not edit.\n");
	fprintf(out, ".TH RXTOP 8 \"%s\" \"rxtop %s\" \"System Administration\"\n", date, version);
	fputs(".SH NAME\nrxtop \\- top for the Linux packet receive path\n.SH SYNOPSIS\n", out);
	for (int i = 0; cli_commands[i]; i++)
		synopsis(out, cli_commands[i]);
	fputs(
	    ".SH DESCRIPTION\n"
	    "rxtop shows, live and per rx queue, how many packets arrive, where every lost packet went, and "
	    "what each receiver (AF_XDP, DPDK, io_uring, epoll, plain sockets) pays per packet. It ships its "
	    "own receivers, a traffic generator and a lab (two network namespaces joined by veth), so "
	    "everything runs on one machine without a NIC. It needs root (or CAP_BPF and CAP_NET_ADMIN).\n"
	    ".SH COMMANDS\n",
	    out);
	for (int i = 0; cli_commands[i]; i++)
		command_section(out, cli_commands[i]);
	common_options(out);
	fixed_sections(out, docdir);
}

void cli_man_page(FILE *out, const char *version, const char *date)
{
	cli_man_page_docs(out, version, date, DEFAULT_DOCDIR);
}
