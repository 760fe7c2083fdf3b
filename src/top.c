/* rxtop's main job: observe interfaces (and run stacks), sample, and hand snapshots to a view (stub). */
#include "commands.h"
#include "log.h"

int cmd_top(int argc, char **argv, int lab)
{
	(void)argc;
	(void)argv;
	(void)lab;
	log_user("rxtop: not implemented yet");
	return EXIT_USAGE;
}
