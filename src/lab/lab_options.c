// SPDX-License-Identifier: GPL-2.0-only
/* The command line of `rxtop lab up|down|status [--queues N]`: its option table, parser and help. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_table.h"
#include "lab.h"
#include "log.h"

#define LAB_USAGE "rxtop lab up|down|status [--queues N]"
#define LAB_PEER_CIDR LAB_PEER_ADDR "/" CLI_STRING(LAB_PREFIXLEN)
#define LAB_CIDR LAB_ADDR "/" CLI_STRING(LAB_PREFIXLEN)

/* The target is the int the queue count goes to. */
static int apply_queues(void *target, const char *arg, char *err, size_t len)
{
	char *end;
	long queues;

	errno = 0;
	queues = strtol(arg, &end, 10);
	if (errno || end == arg || *end || queues < 1 || queues > LAB_MAX_QUEUES) {
		snprintf(err, len,
			 "rxtop lab: --queues '%s' is not a number from 1 to %d; give the rx/tx queue count "
			 "per veth end",
			 arg, LAB_MAX_QUEUES);
		return -EINVAL;
	}
	*(int *)target = (int)queues;
	return 0;
}

static const struct cli_option lab_options[] = {
    {.name = "queues",
     .arg = "N",
     .help = "up: rx and tx queues on each veth end, 1.." CLI_STRING(
	 LAB_MAX_QUEUES) " (default: one per online CPU, at most " CLI_STRING(LAB_MAX_QUEUES) "); "
											      "down and "
											      "status ignore "
											      "it",
     .apply = apply_queues},
};

static const struct cli_group lab_groups[] = {
    {.title = "Options", .options = lab_options, .count = CLI_COUNT(lab_options)},
};

/* What up, down and status do, for --help and the man page. */
static const char lab_description[] =
    "up creates network namespace " LAB_NETNS " holding " LAB_PEER_IFACE " (" LAB_PEER_CIDR ") and, in the "
    "caller's namespace, its veth peer " LAB_IFACE " (" LAB_CIDR "); a lab that exists with the same queue "
    "count is only repaired, so an attached XDP program stays.\n"
    "down removes all of it, also what an interrupted up left.\n"
    "status shows what exists, one line per piece.\n"
    "Needs root. Exit status: 0, 1 when creating failed (what was half-built is removed), 2 on bad input, "
    "without root, or while a run or bench uses the lab (docs/lab.md).";

const struct cli_command lab_command = {
    .name = "lab",
    .synopsis = LAB_USAGE,
    .summary = "the built-in veth test bed",
    .description = lab_description,
    .operands = "up down status",
    .groups = lab_groups,
    .ngroups = CLI_COUNT(lab_groups),
};

int lab_parse_args(int argc, char **argv, int *queues, const char **action)
{
	char err[320];
	int next, rc;

	*queues = 0;
	rc = cli_parse(&lab_command, argc, argv, 1, queues, &next, err, sizeof(err));
	if (rc == 1) {
		cli_help(&lab_command, stdout);
		return 1;
	}
	if (rc < 0) {
		log_user("%s", err);
		return -EINVAL;
	}
	if (next != argc - 1) {
		log_user("rxtop lab: %s; usage: " LAB_USAGE,
			 next >= argc ? "missing command" : "too many arguments");
		return -EINVAL;
	}
	*action = argv[next];
	if (strcmp(*action, "up") && strcmp(*action, "down") && strcmp(*action, "status")) {
		log_user("rxtop lab: unknown command '%s'; use up, down or status", *action);
		return -EINVAL;
	}
	return 0;
}
