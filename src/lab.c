/* The built-in test bed: namespace rxtop-gen with rxgen0, veth peer rxlab0 here (stub). */
#include "commands.h"
#include "log.h"

int cmd_lab(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_user("rxtop lab: not implemented yet");
	return EXIT_USAGE;
}
