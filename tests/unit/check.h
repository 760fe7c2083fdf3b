// SPDX-License-Identifier: GPL-2.0-only
/* A tiny unit-test harness: each CHECK prints "ok NAME" or "FAIL NAME: why"; main returns failures. */
#ifndef RXTOP_CHECK_H
#define RXTOP_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(name, cond)                                                                                    \
	do {                                                                                                 \
		if (cond) {                                                                                  \
			printf("ok %s\n", name);                                                             \
		} else {                                                                                     \
			printf("FAIL %s: %s (%s:%d)\n", name, #cond, __FILE__, __LINE__);                    \
			check_failures++;                                                                    \
		}                                                                                            \
	} while (0)

#define CHECK_NEAR(name, got, want, tol) CHECK(name, fabs((double)(got) - (double)(want)) <= (tol))
#define CHECK_STR(name, got, want) CHECK(name, strcmp((got), (want)) == 0)

#endif
