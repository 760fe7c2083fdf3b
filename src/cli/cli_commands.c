// SPDX-License-Identifier: GPL-2.0-only
/* The registry of rxtop's user commands: 'rxtop --help', the man page and the completion walk it. Each
 * command's table lives beside its parser. */
#include <stdbool.h>
#include <string.h>

#include "bench_options.h"
#include "cli_commands.h"

extern const struct cli_command cli_top_command; /* src/top/options.c */
extern const struct cli_command cli_run_command; /* src/top/options.c */
extern const struct cli_command gen_command;	 /* src/gen/gen.c */
extern const struct cli_command lab_command;	 /* src/lab/lab_options.c */
extern const struct cli_command doctor_command;	 /* src/doctor/doctor.c */

const struct cli_command *const cli_commands[] = {
    &cli_top_command, &cli_run_command, &gen_command, &lab_command, &doctor_command, &bench_command, NULL,
};

void cli_help_commands(FILE *out)
{
	bool first = true;
	int width = 0;

	/* The summaries in one column, right of the longest first synopsis line. */
	for (int i = 0; cli_commands[i]; i++) {
		int n = (int)strcspn(cli_commands[i]->synopsis, "\n");

		width = n > width ? n : width;
	}
	for (int i = 0; cli_commands[i]; i++) {
		const char *line = cli_commands[i]->synopsis;
		size_t n = strcspn(line, "\n");

		fprintf(out, "%s%-*.*s  %s\n", first ? "Usage: " : "       ", width, (int)n, line,
			cli_commands[i]->summary);
		first = false;
	}
	fprintf(out, "       %-*s  %s\n", width, "rxtop --lab ...",
		"any of the above against the lab, generator running");
	fprintf(out, "Run 'rxtop COMMAND --help' for a command's options; 'man rxtop' for all of it.\n");
}
