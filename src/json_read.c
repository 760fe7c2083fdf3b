// SPDX-License-Identifier: GPL-2.0-only
/* A small JSON reader: parses a document into a flat token array and looks members and numbers up in it. */
#include <errno.h>
#include <string.h>

#include "json_read.h"

/* Deeper documents are refused: DPDK's telemetry nests three levels, and recursion must stay bounded. */
#define JSON_MAX_DEPTH 32

struct json_parser {
	struct json_doc *doc;
	const char *p, *end;
	int depth;
};

static int parse_value(struct json_parser *ps);

static void skip_space(struct json_parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int new_token(struct json_parser *ps, enum json_kind kind, int start)
{
	struct json_doc *doc = ps->doc;

	if (doc->ntokens >= doc->max)
		return -E2BIG;
	doc->tokens[doc->ntokens] = (struct json_token){.kind = kind, .start = start, .end = start};
	return doc->ntokens++;
}

static int offset(const struct json_parser *ps)
{
	return (int)(ps->p - ps->doc->text);
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int parse_string(struct json_parser *ps)
{
	int t;

	ps->p++; /* the opening quote */
	t = new_token(ps, JSON_STRING, offset(ps));
	if (t < 0)
		return t;
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;

		if (c < 0x20)
			return -EINVAL;
		if (c == '\\') {
			if (++ps->p >= ps->end)
				return -EINVAL;
			if (*ps->p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (ps->p + i >= ps->end || !is_hex(ps->p[i]))
						return -EINVAL;
				ps->p += 4;
			} else if (!strchr("\"\\/bfnrt", *ps->p)) {
				return -EINVAL;
			}
		}
		ps->p++;
	}
	if (ps->p >= ps->end)
		return -EINVAL;
	ps->doc->tokens[t].end = offset(ps);
	ps->p++;
	ps->doc->tokens[t].next = ps->doc->ntokens;
	return t;
}

static bool digits(struct json_parser *ps)
{
	const char *from = ps->p;

	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
		ps->p++;
	return ps->p > from;
}

/* RFC 8259's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int parse_number(struct json_parser *ps)
{
	int t = new_token(ps, JSON_NUMBER, offset(ps));

	if (t < 0)
		return t;
	if (*ps->p == '-')
		ps->p++;
	if (ps->p < ps->end && *ps->p == '0')
		ps->p++;
	else if (!digits(ps))
		return -EINVAL;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (!digits(ps))
			return -EINVAL;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!digits(ps))
			return -EINVAL;
	}
	ps->doc->tokens[t].end = offset(ps);
	ps->doc->tokens[t].next = ps->doc->ntokens;
	return t;
}

static int parse_word(struct json_parser *ps, const char *word, enum json_kind kind)
{
	size_t n = strlen(word);
	int t;

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return -EINVAL;
	t = new_token(ps, kind, offset(ps));
	if (t < 0)
		return t;
	ps->p += n;
	ps->doc->tokens[t].end = offset(ps);
	ps->doc->tokens[t].next = ps->doc->ntokens;
	return t;
}

/* An object or an array: '{' or '[' at ps->p. */
static int parse_container(struct json_parser *ps, bool object)
{
	char close = object ? '}' : ']';
	int t = new_token(ps, object ? JSON_OBJECT : JSON_ARRAY, offset(ps)), r;

	if (t < 0)
		return t;
	if (++ps->depth > JSON_MAX_DEPTH)
		return -EINVAL;
	ps->p++;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
	} else {
		for (;;) {
			skip_space(ps);
			if (object) {
				if (ps->p >= ps->end || *ps->p != '"')
					return -EINVAL;
				r = parse_string(ps);
				if (r < 0)
					return r;
				skip_space(ps);
				if (ps->p >= ps->end || *ps->p++ != ':')
					return -EINVAL;
			}
			r = parse_value(ps);
			if (r < 0)
				return r;
			ps->doc->tokens[t].children++;
			skip_space(ps);
			if (ps->p < ps->end && *ps->p == ',') {
				ps->p++;
				continue;
			}
			if (ps->p < ps->end && *ps->p == close) {
				ps->p++;
				break;
			}
			return -EINVAL;
		}
	}
	ps->depth--;
	ps->doc->tokens[t].end = offset(ps);
	ps->doc->tokens[t].next = ps->doc->ntokens;
	return t;
}

static int parse_value(struct json_parser *ps)
{
	skip_space(ps);
	if (ps->p >= ps->end)
		return -EINVAL;
	switch (*ps->p) {
	case '{':
		return parse_container(ps, true);
	case '[':
		return parse_container(ps, false);
	case '"':
		return parse_string(ps);
	case 't':
		return parse_word(ps, "true", JSON_TRUE);
	case 'f':
		return parse_word(ps, "false", JSON_FALSE);
	case 'n':
		return parse_word(ps, "null", JSON_NULL);
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps);
		return -EINVAL;
	}
}

int json_parse(struct json_doc *doc, const char *text, size_t len, struct json_token *tokens, int max)
{
	struct json_parser ps = {.doc = doc, .p = text, .end = text + len};
	int r;

	*doc = (struct json_doc){.text = text, .tokens = tokens, .max = max};
	r = parse_value(&ps);
	if (r < 0)
		return r;
	skip_space(&ps);
	return ps.p == ps.end ? 0 : -EINVAL;
}

int json_member(const struct json_doc *doc, int obj, const char *key)
{
	int t;

	if (obj < 0 || obj >= doc->ntokens || doc->tokens[obj].kind != JSON_OBJECT)
		return -1;
	t = obj + 1;
	for (int i = 0; i < doc->tokens[obj].children; i++) {
		int value = t + 1;

		if (json_string_is(doc, t, key))
			return value;
		t = doc->tokens[value].next;
	}
	return -1;
}

int json_element(const struct json_doc *doc, int arr, int i)
{
	int t;

	if (arr < 0 || arr >= doc->ntokens || doc->tokens[arr].kind != JSON_ARRAY || i < 0 ||
	    i >= doc->tokens[arr].children)
		return -1;
	t = arr + 1;
	while (i-- > 0)
		t = doc->tokens[t].next;
	return t;
}

bool json_u64(const struct json_doc *doc, int t, uint64_t *out)
{
	uint64_t v = 0;

	if (t < 0 || t >= doc->ntokens || doc->tokens[t].kind != JSON_NUMBER)
		return false;
	for (int i = doc->tokens[t].start; i < doc->tokens[t].end; i++) {
		char c = doc->text[i];

		if (c < '0' || c > '9' || v > (UINT64_MAX - (uint64_t)(c - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(c - '0');
	}
	*out = v;
	return true;
}

bool json_string_is(const struct json_doc *doc, int t, const char *s)
{
	size_t n;

	if (t < 0 || t >= doc->ntokens || doc->tokens[t].kind != JSON_STRING)
		return false;
	n = (size_t)(doc->tokens[t].end - doc->tokens[t].start);
	return strlen(s) == n && memcmp(doc->text + doc->tokens[t].start, s, n) == 0;
}

bool json_string_copy(const struct json_doc *doc, int t, char *out, size_t len)
{
	size_t n;

	if (t < 0 || t >= doc->ntokens || doc->tokens[t].kind != JSON_STRING || len == 0)
		return false;
	n = (size_t)(doc->tokens[t].end - doc->tokens[t].start);
	if (n >= len)
		n = len - 1;
	memcpy(out, doc->text + doc->tokens[t].start, n);
	out[n] = '\0';
	return true;
}
