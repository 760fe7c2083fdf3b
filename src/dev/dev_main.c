// SPDX-License-Identifier: GPL-2.0-only
/* rxtop-dev: the developer entries (one part of rxtop alone, for tests and benchmarks), kept out of rxtop. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "dev_commands.h"
#include "log.h"

/* The names keep their "__" so that scripts read as before: `rxtop-dev __stack afxdp -i rxlab0`. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} dev_commands[] = {
    {"__stack", cmd_stack_child, "NAME -i IFACE ...: one receiver stack alone, prints its counters"},
    {"__bpf", cmd_bpf_debug, "-i IFACE ...: the XDP counter and the traces alone"},
    {"__bpfref", cmd_bpf_ref,
     "-i IFACE ...: do-nothing programs at rxtop's hooks, the cost bench's reference"},
    {"__overhead", cmd_overhead_debug, "-p PID ...: the overhead probes for some pids"},
    {"__tui-demo", cmd_tui_demo, "[SECONDS]: the live view on synthetic snapshots"},
    {"__tcpsend", cmd_tcp_send, "DST_IP PORT CONNECTIONS SECONDS: the TCP bulk sender alone"},
};

#define NCOMMANDS (sizeof(dev_commands) / sizeof(dev_commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "Usage: rxtop-dev COMMAND [ARGS]  (developer entries; not installed)\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-11s %s\n", dev_commands[i].name, dev_commands[i].summary);
}

int main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; argc > 1 && i < NCOMMANDS; i++)
		if (strcmp(argv[1], dev_commands[i].name) == 0)
			return dev_commands[i].run(argc - 1, argv + 1);
	if (argc > 1)
		log_user("rxtop-dev: unknown command '%s'; rxtop-dev --help lists them", argv[1]);
	else
		usage(stderr);
	return EXIT_USAGE;
}
