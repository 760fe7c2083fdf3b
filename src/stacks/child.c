/* Runs one receiver stack as rxtop's child process (stub). */
#include "commands.h"
#include "log.h"

int cmd_stack_child(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_user("rxtop: stack child not implemented yet");
	return EXIT_USAGE;
}
