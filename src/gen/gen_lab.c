// SPDX-License-Identifier: GPL-2.0-only
/* `rxtop --lab gen ...`: the generator aimed at the lab (brought up if missing) unless told otherwise. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "gen.h"
#include "lab.h"
#include "lab_claim.h"
#include "log.h"

int cmd_gen_lab(int argc, char **argv)
{
	char *args[128], why[320];
	struct gen_config cfg;
	int n = 0, rc;

	if (argc > 120) {
		log_user("rxtop gen: too many arguments; at most 120 words after 'gen'");
		return EXIT_USAGE;
	}
	/* The lab's defaults come first: the user's own -i/--netns later on the line win. */
	args[n++] = argv[0];
	args[n++] = "-i";
	args[n++] = LAB_PEER_IFACE;
	args[n++] = "--netns";
	args[n++] = LAB_NETNS;
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	/* The line is read before the lab is touched: --help or a bad value claims and creates nothing. */
	gen_config_init(&cfg);
	rc = gen_parse_args(n, args, &cfg);
	if (rc)
		return rc > 0 ? 0 : EXIT_USAGE;
	/* Traffic beside a measurement is allowed: only a shared claim, so lab up/down wait for it. */
	rc = lab_claim(false, why, sizeof(why));
	if (rc < 0) {
		log_user("%s", why);
		return rc == -EBUSY ? EXIT_USAGE : EXIT_RUNTIME;
	}
	if (!lab_exists(NULL)) {
		rc = lab_up(0);
		if (rc < 0) {
			log_user("rxtop gen: could not bring the lab up: %s; try 'rxtop lab down' first",
				 strerror(-rc));
			return EXIT_RUNTIME;
		}
	}
	return gen_send_and_report(&cfg);
}
