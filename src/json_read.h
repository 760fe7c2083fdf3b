// SPDX-License-Identifier: GPL-2.0-only
/* A small JSON reader: parses a document into a flat token array and looks members and numbers up in it. */
#ifndef RXTOP_JSON_READ_H
#define RXTOP_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum json_kind { JSON_OBJECT = 1, JSON_ARRAY, JSON_STRING, JSON_NUMBER, JSON_TRUE, JSON_FALSE, JSON_NULL };

/*
 * One value (or an object's key, a JSON_STRING) in document order. A container's children follow it: an
 * object's as key, value, key, value...; next is the index just past its whole subtree, so lookups skip
 * over nested values without recursion.
 */
struct json_token {
	enum json_kind kind;
	int start, end; /* bytes of the text; a string's are inside its quotes */
	int children;	/* an object's members, an array's elements */
	int next;
};

struct json_doc {
	const char *text;
	struct json_token *tokens;
	int ntokens, max;
};

/* Parses len bytes of text into the caller's max tokens; 0, -EINVAL (not JSON) or -E2BIG (too many tokens).
 */
int json_parse(struct json_doc *doc, const char *text, size_t len, struct json_token *tokens, int max);
/* The value of key in the object at token obj, or -1 (not an object, no such key). Keys compare unescaped. */
int json_member(const struct json_doc *doc, int obj, const char *key);
/* Element i of the array at token arr, or -1. */
int json_element(const struct json_doc *doc, int arr, int i);
/* A non-negative integer number at token t; false for anything else (fractions, exponents, negatives). */
bool json_u64(const struct json_doc *doc, int t, uint64_t *out);
/* True when token t is a string equal to s (compared unescaped: the telemetry's names never escape). */
bool json_string_is(const struct json_doc *doc, int t, const char *s);
/* Copies string token t into out (len bytes, always terminated); false when t is not a string. */
bool json_string_copy(const struct json_doc *doc, int t, char *out, size_t len);

#endif
