// SPDX-License-Identifier: GPL-2.0-only
/* Number and list parsers shared by every command line: counts with k/M/G suffixes, pid lists. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_numbers.h"

#define PID_MAX_LIMIT 4194304 /* the kernel's upper bound for pid_max */

int parse_bounded_double(const char *text, double min, double max, double *out)
{
	char *end = NULL;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_si_count(const char *text, uint64_t *out)
{
	uint64_t whole = 0, frac = 0, frac_scale = 1, mult = 1;
	const char *p = text;

	if (!p || !isdigit((unsigned char)*p))
		return -EINVAL; /* no sign, no blank, no hex: digits first */
	for (; isdigit((unsigned char)*p); p++) {
		uint64_t digit = (uint64_t)(*p - '0');

		if (whole > (UINT64_MAX - digit) / 10)
			return -ERANGE;
		whole = whole * 10 + digit;
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		/* Nine places cover the largest suffix; more digits are only fine as zeros. */
		for (; isdigit((unsigned char)*p); p++) {
			if (frac_scale < 1000000000ull) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				frac_scale *= 10;
			} else if (*p != '0') {
				return -EINVAL;
			}
		}
	}
	switch (*p) {
	case 'k':
	case 'K':
		mult = 1000ull, p++;
		break;
	case 'M':
		mult = 1000000ull, p++;
		break;
	case 'G':
		mult = 1000000000ull, p++;
		break;
	}
	if (*p)
		return -EINVAL;
	if (whole > UINT64_MAX / mult)
		return -ERANGE;
	/* frac < 1e9 and mult <= 1e9: no overflow in the product. */
	if ((frac * mult) % frac_scale)
		return -EINVAL;
	frac = frac * mult / frac_scale;
	if (whole * mult > UINT64_MAX - frac)
		return -ERANGE;
	*out = whole * mult + frac;
	return 0;
}

int parse_pid_list(const char *text, pid_t *pids, int *n, int max)
{
	const char *p = text;
	int found = 0;

	if (!p)
		return -EINVAL;
	while (*p) {
		char *end;
		long v;

		if (*p == ',' || isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || v < 1 || v > PID_MAX_LIMIT)
			return -EINVAL;
		if (*end && *end != ',' && !isspace((unsigned char)*end))
			return -EINVAL;
		if (*n >= max)
			return -E2BIG;
		pids[(*n)++] = (pid_t)v;
		found++;
		p = end;
	}
	return found ? 0 : -EINVAL;
}
