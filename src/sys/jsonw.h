// SPDX-License-Identifier: GPL-2.0-only
/* A minimal streaming JSON writer: objects, arrays, strings with escaping, numbers, null. */
#ifndef RXTOP_JSONW_H
#define RXTOP_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 16

struct jsonw {
	FILE *out;
	int depth;
	bool need_comma[JSONW_MAX_DEPTH];
};

void jsonw_init(struct jsonw *w, FILE *out);
void jsonw_object_begin(struct jsonw *w, const char *key); /* key NULL inside arrays / at top */
void jsonw_object_end(struct jsonw *w);
void jsonw_array_begin(struct jsonw *w, const char *key);
void jsonw_array_end(struct jsonw *w);
void jsonw_string(struct jsonw *w, const char *key, const char *value);
void jsonw_u64(struct jsonw *w, const char *key, uint64_t value);
void jsonw_int(struct jsonw *w, const char *key, long long value);
/* Finite doubles with up to 6 significant decimals; NaN/inf become null (JSON has neither). */
void jsonw_double(struct jsonw *w, const char *key, double value);
void jsonw_bool(struct jsonw *w, const char *key, bool value);
void jsonw_null(struct jsonw *w, const char *key);

#endif
