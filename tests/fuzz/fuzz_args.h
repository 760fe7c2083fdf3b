// SPDX-License-Identifier: GPL-2.0-only
/* Shared by the command-line harnesses: fuzz input -> argv (split on NUL bytes), getopt reset, checks. */
#ifndef RXTOP_FUZZ_ARGS_H
#define RXTOP_FUZZ_ARGS_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_ARGS 64

struct fuzz_args {
	int argc;
	char *argv[FUZZ_MAX_ARGS + 2];
	char *owned[FUZZ_MAX_ARGS + 2]; /* getopt permutes argv, so free what was allocated, not argv */
};

/* Each argument in its own allocation, so reading past one's end is caught by ASan. */
static inline void fuzz_args_make(struct fuzz_args *a, const char *argv0, const uint8_t *data, size_t size)
{
	size_t start = 0;

	a->argc = 0;
	a->owned[a->argc] = strdup(argv0);
	a->argv[a->argc] = a->owned[a->argc];
	a->argc++;
	while (size && start <= size && a->argc <= FUZZ_MAX_ARGS) {
		const uint8_t *nul = memchr(data + start, 0, size - start);
		size_t n = nul ? (size_t)(nul - (data + start)) : size - start;

		a->owned[a->argc] = strndup((const char *)data + start, n);
		a->argv[a->argc] = a->owned[a->argc];
		a->argc++;
		start += n + 1;
		if (!nul)
			break;
	}
	a->argv[a->argc] = NULL;
	a->owned[a->argc] = NULL;
}

static inline void fuzz_args_free(struct fuzz_args *a)
{
	for (int i = 0; i < a->argc; i++)
		free(a->owned[i]);
}

/*
 * glibc's getopt keeps its place inside a clustered option ("-bq") across calls, and the parsers restart it
 * with optind = 1, which keeps that place. rxtop parses once per process; the harness calls the parser again
 * and again, so it starts getopt afresh as a new process would (optind = 0 makes glibc reinitialise).
 */
static inline void fuzz_getopt_reset(void)
{
	static char name[] = "reset";
	char *argv[] = {name, NULL};

	optind = 0;
	opterr = 0;
	while (getopt(1, argv, "") != -1)
		;
	optind = 1;
}

/* A string field must hold its terminating NUL within its size. */
#define FUZZ_CHECK(cond)                                                                                     \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);       \
			abort();                                                                             \
		}                                                                                            \
	} while (0)
#define FUZZ_CHECK_STRING(field) FUZZ_CHECK(memchr((field), 0, sizeof(field)) != NULL)

#endif
