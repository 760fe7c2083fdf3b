// SPDX-License-Identifier: GPL-2.0-only
/* Parses a JSON document into a flat token array (jsonr.h): recursive descent, strict RFC 8259 grammar. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonr.h"

#define JSONR_MAX_DEPTH 32	   /* rxtop's lines nest 4 deep; deeper input is not one of them */
#define JSONR_MAX_TOKENS (1 << 22) /* bounds the memory a hostile line can take; j->max_tok may lower it */

struct parser {
	struct jsonr *j;
	const char *p, *end;
	int depth;
};

static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(ps->j->err, sizeof(ps->j->err), "at byte %ld: ", (long)(ps->p - ps->j->text) + 1);

	va_start(ap, fmt);
	if (n > 0 && n < (int)sizeof(ps->j->err))
		vsnprintf(ps->j->err + n, sizeof(ps->j->err) - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int new_token(struct parser *ps, enum jsonr_type type)
{
	struct jsonr *j = ps->j;
	int limit = j->max_tok > 0 && j->max_tok < JSONR_MAX_TOKENS ? j->max_tok : JSONR_MAX_TOKENS;

	if (j->ntok >= limit)
		return fail(ps, "more than %d values", limit);
	if (j->ntok == j->cap) {
		int cap = j->cap ? j->cap * 2 : 256;
		struct jsonr_token *tok;

		if (cap > limit)
			cap = limit;
		tok = realloc(j->tok, cap * sizeof(*tok));
		if (!tok)
			return -ENOMEM;
		j->tok = tok;
		j->cap = cap;
	}
	memset(&j->tok[j->ntok], 0, sizeof(j->tok[0]));
	j->tok[j->ntok].type = type;
	j->tok[j->ntok].start = (int)(ps->p - j->text);
	return j->ntok++;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_string(struct parser *ps)
{
	int t = new_token(ps, JSONR_STRING);

	if (t < 0)
		return t;
	ps->p++; /* the opening quote */
	ps->j->tok[t].start++;
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;

		if (c < 0x20)
			return fail(ps, "a control character inside a string");
		if (c == '\\') {
			ps->p++;
			if (ps->p >= ps->end)
				break;
			if (*ps->p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (ps->p + i >= ps->end || hex_digit(ps->p[i]) < 0)
						return fail(ps, "a bad \\u escape");
				ps->p += 4;
			} else if (!strchr("\"\\/bfnrt", *ps->p)) {
				return fail(ps, "an unknown escape \\%c", *ps->p);
			}
		}
		ps->p++;
	}
	if (ps->p >= ps->end)
		return fail(ps, "the text ends inside a string");
	ps->j->tok[t].len = (int)(ps->p - ps->j->text) - ps->j->tok[t].start;
	ps->p++;
	ps->j->tok[t].next = ps->j->ntok;
	return t;
}

static bool digits(struct parser *ps)
{
	const char *from = ps->p;

	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
		ps->p++;
	return ps->p > from;
}

static int parse_number(struct parser *ps)
{
	int t = new_token(ps, JSONR_NUMBER);

	if (t < 0)
		return t;
	if (*ps->p == '-')
		ps->p++;
	if (ps->p < ps->end && *ps->p == '0')
		ps->p++;
	else if (!digits(ps))
		return fail(ps, "a number without digits");
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (!digits(ps))
			return fail(ps, "no digits after a decimal point");
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!digits(ps))
			return fail(ps, "no digits in an exponent");
	}
	ps->j->tok[t].len = (int)(ps->p - ps->j->text) - ps->j->tok[t].start;
	ps->j->tok[t].next = ps->j->ntok;
	return t;
}

static int parse_literal(struct parser *ps, const char *word, enum jsonr_type type)
{
	size_t n = strlen(word);
	int t;

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, "not a JSON value");
	t = new_token(ps, type);
	if (t < 0)
		return t;
	ps->p += n;
	ps->j->tok[t].len = (int)n;
	ps->j->tok[t].next = ps->j->ntok;
	return t;
}

static int parse_value(struct parser *ps);

/* An array or object: values (objects: "key": value) separated by commas up to the closing bracket. */
static int parse_container(struct parser *ps, bool object)
{
	char close = object ? '}' : ']';
	int t = new_token(ps, object ? JSONR_OBJECT : JSONR_ARRAY), r;

	if (t < 0)
		return t;
	if (++ps->depth > JSONR_MAX_DEPTH)
		return fail(ps, "nested deeper than %d", JSONR_MAX_DEPTH);
	ps->p++;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		goto done;
	}
	for (;;) {
		skip_space(ps);
		if (object) {
			if (ps->p >= ps->end || *ps->p != '"')
				return fail(ps, ps->p >= ps->end ? "the text ends inside an object"
								 : "expected a key in quotes");
			r = parse_string(ps);
			if (r < 0)
				return r;
			skip_space(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return fail(ps, "expected ':' after a key");
			ps->p++;
		}
		r = parse_value(ps);
		if (r < 0)
			return r;
		ps->j->tok[t].count++;
		skip_space(ps);
		if (ps->p >= ps->end)
			return fail(ps, object ? "the text ends inside an object"
					       : "the text ends inside an array");
		if (*ps->p == close) {
			ps->p++;
			break;
		}
		if (*ps->p != ',')
			return fail(ps, "expected ',' or '%c'", close);
		ps->p++;
	}
done:
	ps->depth--;
	ps->j->tok[t].len = (int)(ps->p - ps->j->text) - ps->j->tok[t].start;
	ps->j->tok[t].next = ps->j->ntok;
	return t;
}

static int parse_value(struct parser *ps)
{
	skip_space(ps);
	if (ps->p >= ps->end)
		return fail(ps, "expected a value, the text ends");
	switch (*ps->p) {
	case '{':
		return parse_container(ps, true);
	case '[':
		return parse_container(ps, false);
	case '"':
		return parse_string(ps);
	case 't':
		return parse_literal(ps, "true", JSONR_BOOL);
	case 'f':
		return parse_literal(ps, "false", JSONR_BOOL);
	case 'n':
		return parse_literal(ps, "null", JSONR_NULL);
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps);
		return fail(ps, "not a JSON value");
	}
}

int jsonr_parse(struct jsonr *j, const char *text, size_t len)
{
	struct parser ps = {.j = j, .p = text, .end = text + len};
	int r;

	j->text = text;
	j->ntok = 0;
	j->err[0] = 0;
	if (len > (size_t)1 << 30) {
		snprintf(j->err, sizeof(j->err), "longer than 1 GiB");
		return -EINVAL;
	}
	r = parse_value(&ps);
	if (r < 0)
		return r;
	skip_space(&ps);
	if (ps.p < ps.end)
		return fail(&ps, "more text after the value");
	return 0;
}

void jsonr_free(struct jsonr *j)
{
	free(j->tok);
	j->tok = NULL;
	j->ntok = j->cap = 0;
}

bool jsonr_is(const struct jsonr *j, int idx, enum jsonr_type type)
{
	return idx >= 0 && idx < j->ntok && j->tok[idx].type == type;
}

int jsonr_member(const struct jsonr *j, int obj, const char *key)
{
	size_t n = strlen(key);
	int i;

	if (!jsonr_is(j, obj, JSONR_OBJECT))
		return -1;
	i = obj + 1;
	for (int m = 0; m < j->tok[obj].count; m++) {
		const struct jsonr_token *k = &j->tok[i];

		/* rxtop's keys need no escapes: a key with one never equals them. */
		if ((size_t)k->len == n && memcmp(j->text + k->start, key, n) == 0)
			return i + 1;
		i = j->tok[i + 1].next;
	}
	return -1;
}

int jsonr_first(const struct jsonr *j, int arr)
{
	return jsonr_is(j, arr, JSONR_ARRAY) && j->tok[arr].count > 0 ? arr + 1 : -1;
}

int jsonr_next(const struct jsonr *j, int arr, int idx)
{
	int next = j->tok[idx].next;

	return next < j->tok[arr].next ? next : -1;
}

/* A number token as a NUL-terminated copy: strtod must not read past it into the rest of the line. */
static bool number_text(const struct jsonr *j, int idx, char *buf, size_t len)
{
	if (!jsonr_is(j, idx, JSONR_NUMBER) || (size_t)j->tok[idx].len >= len)
		return false;
	memcpy(buf, j->text + j->tok[idx].start, j->tok[idx].len);
	buf[j->tok[idx].len] = 0;
	return true;
}

double jsonr_double(const struct jsonr *j, int idx, double absent)
{
	char buf[64];

	if (idx < 0)
		return absent;
	if (jsonr_is(j, idx, JSONR_NULL) || !number_text(j, idx, buf, sizeof(buf)))
		return NAN;
	return strtod(buf, NULL);
}

int64_t jsonr_i64(const struct jsonr *j, int idx)
{
	char buf[64];

	if (!number_text(j, idx, buf, sizeof(buf)))
		return 0;
	if (strpbrk(buf, ".eE")) {
		double v = strtod(buf, NULL);

		return v > -9.2e18 && v < 9.2e18 ? (int64_t)v : 0;
	}
	return strtoll(buf, NULL, 10);
}

uint64_t jsonr_u64(const struct jsonr *j, int idx)
{
	char buf[64];

	if (!number_text(j, idx, buf, sizeof(buf)) || buf[0] == '-')
		return 0;
	if (strpbrk(buf, ".eE")) {
		double v = strtod(buf, NULL);

		return v < 1.8e19 ? (uint64_t)v : 0;
	}
	return strtoull(buf, NULL, 10);
}

bool jsonr_u64_exact(const struct jsonr *j, int idx, uint64_t *out)
{
	const char *s;
	uint64_t v = 0;

	if (!jsonr_is(j, idx, JSONR_NUMBER))
		return false;
	s = j->text + j->tok[idx].start;
	for (int i = 0; i < j->tok[idx].len; i++) {
		unsigned digit = (unsigned)(s[i] - '0');

		if (digit > 9 || v > (UINT64_MAX - digit) / 10)
			return false;
		v = v * 10 + digit;
	}
	*out = v;
	return true;
}

bool jsonr_bool(const struct jsonr *j, int idx)
{
	return jsonr_is(j, idx, JSONR_BOOL) && j->text[j->tok[idx].start] == 't';
}

/* Appends code point cp as UTF-8 if it fits; surrogates (and pairs of them) become '?'. */
static size_t put_utf8(char *out, size_t room, unsigned cp)
{
	char tmp[3];
	size_t n;

	if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = '?';
	if (cp < 0x80) {
		tmp[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		tmp[0] = (char)(0xC0 | cp >> 6);
		tmp[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else {
		tmp[0] = (char)(0xE0 | cp >> 12);
		tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		tmp[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	}
	if (n > room)
		return 0;
	memcpy(out, tmp, n);
	return n;
}

void jsonr_string(const struct jsonr *j, int idx, char *buf, size_t len)
{
	const char *s, *end;
	size_t n = 0;

	if (!len)
		return;
	buf[0] = 0;
	if (!jsonr_is(j, idx, JSONR_STRING))
		return;
	s = j->text + j->tok[idx].start;
	end = s + j->tok[idx].len;
	while (s < end && n + 1 < len) {
		if (*s != '\\') {
			buf[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'b':
			buf[n++] = '\b';
			break;
		case 'f':
			buf[n++] = '\f';
			break;
		case 'n':
			buf[n++] = '\n';
			break;
		case 'r':
			buf[n++] = '\r';
			break;
		case 't':
			buf[n++] = '\t';
			break;
		case 'u': {
			unsigned cp = 0;
			size_t put;

			for (int i = 1; i <= 4; i++)
				cp = cp << 4 | (unsigned)hex_digit(s[i]);
			s += 4;
			put = put_utf8(buf + n, len - 1 - n, cp);
			if (!put)
				goto out;
			n += put;
			break;
		}
		default: /* \" \\ \/ */
			buf[n++] = *s;
		}
		s++;
	}
out:
	buf[n] = 0;
}
