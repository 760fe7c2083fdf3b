// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the command lines of rxtop gen, lab and doctor, parsed through their option tables. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cli_table.h"
#include "doctor.h"
#include "gen.h"
#include "lab.h"

extern const struct cli_command gen_command, lab_command, doctor_command;

/* argv for a parser from a line of blank-separated words, the command's name first; returns argc. */
static int words(char **argv, const char *line)
{
	static char buf[256];
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *word = strtok(buf, " "); word && argc < 15; word = strtok(NULL, " "))
		argv[argc++] = word;
	argv[argc] = NULL;
	return argc;
}

static int gen(struct gen_config *cfg, char **argv, int argc)
{
	gen_config_init(cfg);
	return gen_parse_args(argc, argv, cfg);
}

static void test_gen(void)
{
	struct gen_config cfg;
	char *argv[16];
	int argc, rc;

	argc = words(argv, "gen --iface veth0 --size 128 --rate 1.5M --engine packet --dst-mac "
			   "02:00:00:00:00:01 --proto tcp");
	rc = gen(&cfg, argv, argc);
	CHECK("gen: long options", rc == 0 && !strcmp(cfg.iface, "veth0") && cfg.size == 128 &&
				       cfg.rate_pps == 1500000 && cfg.engine == GEN_ENGINE_PACKET &&
				       cfg.have_dst_mac && cfg.dst_mac[5] == 1 && cfg.tcp);
	argc = words(argv, "gen -i a --netns ns -i b --flows=8 --threads 2");
	rc = gen(&cfg, argv, argc);
	CHECK("gen: the last -i wins (rxtop --lab gen puts the lab's first)",
	      rc == 0 && !strcmp(cfg.iface, "b") && !strcmp(cfg.netns, "ns") && cfg.flows == 8 &&
		  cfg.threads == 2);
	argc = words(argv, "gen -i a");
	rc = gen(&cfg, argv, argc);
	CHECK("gen: defaults untouched", rc == 0 && cfg.size == 64 && cfg.port == GEN_DEFAULT_PORT &&
					     cfg.engine == GEN_ENGINE_AUTO && !cfg.tcp && !cfg.count);
	argc = words(argv, "gen -i a --size 59");
	CHECK("gen: size below the minimum", gen(&cfg, argv, argc) == -1);
	argc = words(argv, "gen -i a --size 1515");
	CHECK("gen: size above the maximum", gen(&cfg, argv, argc) == -1);
	argc = words(argv, "gen -i a --proto sctp");
	CHECK("gen: unknown proto", gen(&cfg, argv, argc) == -1);
	argc = words(argv, "gen --size 64");
	CHECK("gen: -i is required", gen(&cfg, argv, argc) == -1);
	argc = words(argv, "gen -i a stray");
	CHECK("gen: no operand", gen(&cfg, argv, argc) == -1);
}

static void test_lab(void)
{
	const char *action = NULL;
	char *argv[16];
	int argc, rc, queues = -1;

	argc = words(argv, "lab --queues 3 up");
	rc = lab_parse_args(argc, argv, &queues, &action);
	CHECK("lab: option before the command", rc == 0 && queues == 3 && !strcmp(action, "up"));
	argc = words(argv, "lab status --queues=2");
	rc = lab_parse_args(argc, argv, &queues, &action);
	CHECK("lab: option after the command", rc == 0 && queues == 2 && !strcmp(action, "status"));
	argc = words(argv, "lab down");
	rc = lab_parse_args(argc, argv, &queues, &action);
	CHECK("lab: no --queues is 0 (one per CPU)", rc == 0 && queues == 0 && !strcmp(action, "down"));
	argc = words(argv, "lab up --queues 1025");
	CHECK("lab: too many queues", lab_parse_args(argc, argv, &queues, &action) == -EINVAL);
	argc = words(argv, "lab sideways");
	CHECK("lab: unknown command", lab_parse_args(argc, argv, &queues, &action) == -EINVAL);
	argc = words(argv, "lab up down");
	CHECK("lab: two commands", lab_parse_args(argc, argv, &queues, &action) == -EINVAL);
	argc = words(argv, "lab");
	CHECK("lab: no command", lab_parse_args(argc, argv, &queues, &action) == -EINVAL);
}

static void test_doctor(void)
{
	static struct doctor_facts facts;
	char netns[NETNS_NAME_LEN] = "";
	char *argv[16];
	int argc, rc, json = 0;

	argc = words(argv, "doctor --iface eth0 --pid 5 -p 6,7 --window 0.5 --output json --netns ns1");
	rc = doctor_parse_args(argc, argv, &facts, &json, &netns);
	CHECK("doctor: long options", rc == 0 && !strcmp(facts.ifname, "eth0") && facts.npids == 3 &&
					  facts.pids[2] == 7 && facts.window_s == 0.5 && json &&
					  !strcmp(netns, "ns1"));
	memset(&facts, 0, sizeof(facts));
	json = 0;
	argc = words(argv, "doctor");
	rc = doctor_parse_args(argc, argv, &facts, &json, &netns);
	CHECK("doctor: defaults",
	      rc == 0 && !facts.ifname[0] && !facts.npids && facts.window_s == 2 && !json);
	argc = words(argv, "doctor -i a -i b");
	CHECK("doctor: one interface per run",
	      doctor_parse_args(argc, argv, &facts, &json, &netns) == -EINVAL);
	memset(&facts, 0, sizeof(facts));
	argc = words(argv, "doctor -d 61");
	CHECK("doctor: window too long", doctor_parse_args(argc, argv, &facts, &json, &netns) == -EINVAL);
	argc = words(argv, "doctor --netns a/b");
	CHECK("doctor: not a namespace name",
	      doctor_parse_args(argc, argv, &facts, &json, &netns) == -EINVAL);
}

/* Every option of a table shows in the command's --help, with its short form where it has one. */
static void test_help_lists_every_option(const struct cli_command *cmd)
{
	char help[8192], line[64], name[64];
	bool all = true;
	FILE *f;

	f = fmemopen(help, sizeof(help), "w");
	cli_help(cmd, f);
	fclose(f);
	for (size_t g = 0; g < cmd->ngroups; g++)
		for (size_t i = 0; i < cmd->groups[g].count; i++) {
			const struct cli_option *o = &cmd->groups[g].options[i];

			if (o->letter)
				snprintf(line, sizeof(line), "-%c, --%s", o->letter, o->name);
			else
				snprintf(line, sizeof(line), "      --%s", o->name);
			if (!strstr(help, line) || !o->help || !o->apply) {
				printf("# %s: --%s missing from --help or without help text or parser\n",
				       cmd->name, o->name);
				all = false;
			}
		}
	snprintf(name, sizeof(name), "%s: --help lists every option", cmd->name);
	CHECK(name, all && strstr(help, "Usage: rxtop "));
}

int main(void)
{
	test_gen();
	test_lab();
	test_doctor();
	test_help_lists_every_option(&gen_command);
	test_help_lists_every_option(&lab_command);
	test_help_lists_every_option(&doctor_command);
	return check_failures ? 1 : 0;
}
