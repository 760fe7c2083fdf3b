// SPDX-License-Identifier: GPL-2.0-only
/* A small JSON reader: parses one document into a flat token array; lookups walk it without copying. */
#ifndef RXTOP_JSONR_H
#define RXTOP_JSONR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum jsonr_type { JSONR_NULL, JSONR_BOOL, JSONR_NUMBER, JSONR_STRING, JSONR_ARRAY, JSONR_OBJECT };

/*
 * One value, in document order. An object's members follow it as key (a string token), value, key, value...;
 * `next` is the index just past a value's whole subtree, so siblings are found without descending.
 */
struct jsonr_token {
	enum jsonr_type type;
	int start, len; /* the text of a number, literal or string (inside its quotes, still escaped) */
	int count;	/* an array's elements, an object's members */
	int next;
};

struct jsonr {
	const char *text;
	struct jsonr_token *tok;
	int ntok, cap;
	int max_tok;  /* refuse a document of more values than this; 0: JSONR_MAX_TOKENS (4 Mi) */
	char err[96]; /* why the last parse failed, e.g. "at byte 12: expected ':'" */
};

/* Parses text[0..len) as one JSON value (surrounding whitespace allowed). 0, or -EINVAL with j->err set, or
 * -ENOMEM. The tokens point into text, which must outlive them. Reuses j's array; jsonr_free releases it. */
int jsonr_parse(struct jsonr *j, const char *text, size_t len);
void jsonr_free(struct jsonr *j);

/* The value of member `key` of object `obj`, or -1 (absent, or obj is not an object). The root is token 0. */
int jsonr_member(const struct jsonr *j, int obj, const char *key);
/* An array's first element and the element after `idx`: -1 past the end. */
int jsonr_first(const struct jsonr *j, int arr);
int jsonr_next(const struct jsonr *j, int arr, int idx);
bool jsonr_is(const struct jsonr *j, int idx, enum jsonr_type type);
/* A number's value; NaN for null (how rxtop writes a rate it could not compute), `absent` for -1. */
double jsonr_double(const struct jsonr *j, int idx, double absent);
/* A non-negative integer; 0 for null, absent, negative or anything else. */
uint64_t jsonr_u64(const struct jsonr *j, int idx);
/* A count written as plain digits that fits 64 bits; false (and *out untouched) for a sign, a fraction, an
 * exponent, an overflow or a value that is not a number: where garbage must not pass for a count. */
bool jsonr_u64_exact(const struct jsonr *j, int idx, uint64_t *out);
int64_t jsonr_i64(const struct jsonr *j, int idx);
bool jsonr_bool(const struct jsonr *j, int idx);
/* A string, unescaped into buf (cut to fit, always terminated); "" when idx is not a string. */
void jsonr_string(const struct jsonr *j, int idx, char *buf, size_t len);

#endif
