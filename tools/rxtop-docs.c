// SPDX-License-Identifier: GPL-2.0-only
/* Build-time generator of rxtop's man page and bash completion from its option tables (not part of rxtop). */
#include <stdio.h>
#include <string.h>

#include "cli_commands.h"
#include "commands.h"
#include "version.h"

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "man")) {
		cli_man_page_docs(stdout, RXTOP_VERSION, argv[2], argv[3]);
	} else if (argc == 2 && !strcmp(argv[1], "completion")) {
		cli_bash_completion(stdout);
	} else {
		fprintf(stderr, "usage: rxtop-docs man DATE DOCDIR | rxtop-docs completion\n");
		return EXIT_USAGE;
	}
	return fflush(stdout) ? EXIT_RUNTIME : 0;
}
