// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the JSON writer (src/sys/jsonw.c). The input is a program of writer calls with their
 * keys, strings and numbers taken from the input; whatever they are, the output must be valid JSON
 * (json_check.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_args.h"
#include "json_check.h"
#include "jsonw.h"

struct reader {
	const uint8_t *p;
	size_t left;
};

static uint8_t next_byte(struct reader *r)
{
	if (!r->left)
		return 0;
	r->left--;
	return *r->p++;
}

/* A string of up to 63 input bytes (a NUL ends it early, as it would in C). */
static void next_string(struct reader *r, char *buf, size_t size)
{
	size_t n = next_byte(r) % size, i;

	for (i = 0; i < n && r->left; i++)
		buf[i] = (char)next_byte(r);
	buf[i] = '\0';
}

static uint64_t next_u64(struct reader *r)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | next_byte(r);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The writer's own depth limit: deeper scopes are the caller's error (rxtop nests 3). */
	bool in_object[JSONW_MAX_DEPTH];
	struct reader r = {data, size};
	struct jsonw w;
	char *text = NULL, key[64], value[64];
	size_t len = 0;
	int depth = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return 0;
	jsonw_init(&w, out);
	jsonw_object_begin(&w, NULL);
	in_object[depth++] = true;
	while (r.left) {
		uint8_t op = next_byte(&r);
		const char *k = NULL;
		double d;

		if (in_object[depth - 1]) {
			next_string(&r, key, sizeof(key));
			k = key;
		}
		switch (op % 11) {
		case 0:
		case 1:
			if (depth >= JSONW_MAX_DEPTH - 1)
				break;
			if (op % 11 == 0)
				jsonw_object_begin(&w, k);
			else
				jsonw_array_begin(&w, k);
			in_object[depth++] = op % 11 == 0;
			break;
		case 2:
			if (depth > 1) {
				if (in_object[--depth])
					jsonw_object_end(&w);
				else
					jsonw_array_end(&w);
			}
			break;
		case 3:
			next_string(&r, value, sizeof(value));
			jsonw_string(&w, k, value);
			break;
		case 4:
			jsonw_string(&w, k, NULL);
			break;
		case 5:
			jsonw_u64(&w, k, next_u64(&r));
			break;
		case 6:
			jsonw_int(&w, k, (long long)next_u64(&r));
			break;
		case 7: {
			uint64_t bits = next_u64(&r);

			memcpy(&d, &bits, sizeof(d));
			jsonw_double(&w, k, d);
			break;
		}
		case 8:
			jsonw_double(&w, k, (double)(int64_t)next_u64(&r) / 1e6);
			break;
		case 9:
			jsonw_bool(&w, k, next_byte(&r) & 1);
			break;
		default:
			jsonw_null(&w, k);
		}
	}
	while (depth > 0) {
		if (in_object[--depth])
			jsonw_object_end(&w);
		else
			jsonw_array_end(&w);
	}
	fclose(out);
	if (!json_valid(text, len)) {
		fprintf(stderr, "invalid JSON from the writer: %.*s\n", (int)(len > 2000 ? 2000 : len), text);
		abort();
	}
	free(text);
	return 0;
}
