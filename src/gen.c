/* Traffic generator (stub). */
#include "commands.h"
#include "log.h"

int cmd_gen(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_user("rxtop gen: not implemented yet");
	return EXIT_USAGE;
}
