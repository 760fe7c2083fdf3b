// SPDX-License-Identifier: GPL-2.0-only
/* A strict RFC 8259 checker for the JSON writer's harness: structure, numbers, escapes and UTF-8. */
#ifndef RXTOP_FUZZ_JSON_CHECK_H
#define RXTOP_FUZZ_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct json_check {
	const unsigned char *p, *end;
	int depth;
};

static bool json_value(struct json_check *c);

static void json_space(struct json_check *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static bool json_eat(struct json_check *c, char ch)
{
	json_space(c);
	if (c->p < c->end && *c->p == (unsigned char)ch) {
		c->p++;
		return true;
	}
	return false;
}

static bool json_hex4(struct json_check *c, unsigned int *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++, c->p++) {
		unsigned char h = c->p < c->end ? *c->p : 0;

		if (h >= '0' && h <= '9')
			*out = *out * 16 + (h - '0');
		else if ((h | 0x20) >= 'a' && (h | 0x20) <= 'f')
			*out = *out * 16 + ((h | 0x20) - 'a' + 10);
		else
			return false;
	}
	return true;
}

/* One UTF-8 sequence, well formed: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool json_utf8(struct json_check *c)
{
	unsigned char b = *c->p++;
	unsigned int cp, need, min;

	if (b < 0x80)
		return true;
	if (b >= 0xc2 && b <= 0xdf)
		need = 1, cp = b & 0x1f, min = 0x80;
	else if (b >= 0xe0 && b <= 0xef)
		need = 2, cp = b & 0x0f, min = 0x800;
	else if (b >= 0xf0 && b <= 0xf4)
		need = 3, cp = b & 0x07, min = 0x10000;
	else
		return false;
	for (unsigned int i = 0; i < need; i++, c->p++) {
		if (c->p >= c->end || (*c->p & 0xc0) != 0x80)
			return false;
		cp = cp << 6 | (*c->p & 0x3f);
	}
	return cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

static bool json_string(struct json_check *c)
{
	if (!json_eat(c, '"'))
		return false;
	while (c->p < c->end && *c->p != '"') {
		unsigned int u;

		if (*c->p < 0x20)
			return false;
		if (*c->p != '\\') {
			if (!json_utf8(c))
				return false;
			continue;
		}
		c->p++;
		if (c->p >= c->end)
			return false;
		if (*c->p == 'u') {
			c->p++;
			if (!json_hex4(c, &u))
				return false;
			/* A lone surrogate escape is not a character. */
			if (u >= 0xdc00 && u <= 0xdfff)
				return false;
			if (u >= 0xd800 && u <= 0xdbff) {
				if (c->end - c->p < 2 || c->p[0] != '\\' || c->p[1] != 'u')
					return false;
				c->p += 2;
				if (!json_hex4(c, &u) || u < 0xdc00 || u > 0xdfff)
					return false;
			}
		} else if (strchr("\"\\/bfnrt", *c->p) && *c->p) {
			c->p++;
		} else {
			return false;
		}
	}
	return json_eat(c, '"');
}

static bool json_digits(struct json_check *c)
{
	const unsigned char *start = c->p;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
		c->p++;
	return c->p > start;
}

static bool json_number(struct json_check *c)
{
	json_space(c);
	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (c->p < c->end && *c->p == '0')
		c->p++;
	else if (!json_digits(c))
		return false;
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (!json_digits(c))
			return false;
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (!json_digits(c))
			return false;
	}
	return true;
}

static bool json_word(struct json_check *c, const char *word)
{
	size_t n = strlen(word);

	json_space(c);
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return false;
	c->p += n;
	return true;
}

static bool json_container(struct json_check *c, char open, char close)
{
	if (!json_eat(c, open) || ++c->depth > 512)
		return false;
	if (json_eat(c, close)) {
		c->depth--;
		return true;
	}
	do {
		if (open == '{' && (!json_string(c) || !json_eat(c, ':')))
			return false;
		if (!json_value(c))
			return false;
	} while (json_eat(c, ','));
	c->depth--;
	return json_eat(c, close);
}

static bool json_value(struct json_check *c)
{
	json_space(c);
	if (c->p >= c->end)
		return false;
	switch (*c->p) {
	case '{':
		return json_container(c, '{', '}');
	case '[':
		return json_container(c, '[', ']');
	case '"':
		return json_string(c);
	case 't':
		return json_word(c, "true");
	case 'f':
		return json_word(c, "false");
	case 'n':
		return json_word(c, "null");
	default:
		return json_number(c);
	}
}

/* true when text is exactly one JSON value (surrounding white space allowed). */
static inline bool json_valid(const char *text, size_t len)
{
	struct json_check c = {(const unsigned char *)text, (const unsigned char *)text + len, 0};

	if (!json_value(&c))
		return false;
	json_space(&c);
	return c.p == c.end;
}

#endif
