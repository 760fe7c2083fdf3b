/* Stand-in for rxtop's main() that runs only `__overhead`, until src/main.c dispatches it (see docs/overhead.md). */
#include <stdio.h>
#include <string.h>

#include "overhead.h"

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "__overhead") != 0) {
		fprintf(stderr, "usage: %s __overhead -p PID [-d SECONDS]\n", argv[0]);
		return 2;
	}
	return cmd_overhead_debug(argc - 1, argv + 1);
}
