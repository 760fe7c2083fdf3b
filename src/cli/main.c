// SPDX-License-Identifier: GPL-2.0-only
/* rxtop: dispatches the command line to a subcommand; --lab may stand anywhere on it. */
#include <stdio.h>
#include <string.h>

#include "bench_main.h"
#include "cli_commands.h"
#include "commands.h"
#include "log.h"
#include "options.h"
#include "version.h"

/* Subcommands with their own parser. The developer entries (__stack, __bpf, ...) live in rxtop-dev
 * (src/dev/). */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} subcommands[] = {
    {"lab", cmd_lab},
    {"gen", cmd_gen},
    {"doctor", cmd_doctor},
};

int main(int argc, char **argv)
{
	int lab = 0, n = 0;

	/* Strip --lab wherever it stands so subcommands never see it. */
	for (int i = 0; i < argc; i++) {
		if (i > 0 && strcmp(argv[i], "--lab") == 0) {
			lab = 1;
			continue;
		}
		argv[n++] = argv[i];
	}
	argv[n] = NULL;
	argc = n;

	/* --version wins wherever it stands, as --help does in each subcommand: 'rxtop run --version' too. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("rxtop %s\n", RXTOP_VERSION);
			return 0;
		}
	}
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) && !lab) {
		options_help(false, cli_help_commands); /* the commands, then the bare rxtop's options */
		return 0;
	}
	if (lab && argc > 1 && strcmp(argv[1], "gen") == 0)
		return cmd_gen_lab(argc - 1, argv + 1);
	for (size_t i = 0; argc > 1 && i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "bench") == 0)
		return cmd_bench(argc - 1, argv + 1, lab);
	return cmd_top(argc, argv, lab, cli_help_commands);
}
