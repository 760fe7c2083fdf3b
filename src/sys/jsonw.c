// SPDX-License-Identifier: GPL-2.0-only
/* A minimal streaming JSON writer: objects, arrays, strings with escaping, numbers, null. */
#include <inttypes.h>
#include <math.h>

#include "jsonw.h"

void jsonw_init(struct jsonw *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->need_comma[0] = false;
}

/* Length of the well-formed UTF-8 sequence at p (1 to 4), or 0: overlong, surrogate, above U+10FFFF, cut. */
static size_t utf8_length(const unsigned char *p)
{
	unsigned int cp, min;
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f, min = 0x80;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f, min = 0x800;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) /* the NUL at the end fails this too */
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	return cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? n : 0;
}

/* JSON text is UTF-8: bytes that are not (a process name can hold any) become U+FFFD, one per byte. */
static void write_escaped(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		size_t n;

		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (*p < 0x20) {
				fprintf(out, "\\u%04x", *p);
			} else if (*p < 0x80) {
				fputc(*p, out);
			} else if ((n = utf8_length(p)) == 0) {
				fputs("\\ufffd", out);
			} else {
				fwrite(p, 1, n, out);
				p += n - 1;
			}
		}
	}
	fputc('"', out);
}

/* Comma and key before any value. */
static void prefix(struct jsonw *w, const char *key)
{
	if (w->need_comma[w->depth])
		fputc(',', w->out);
	w->need_comma[w->depth] = true;
	if (key) {
		write_escaped(w->out, key);
		fputc(':', w->out);
	}
}

static void open_scope(struct jsonw *w, const char *key, char c)
{
	prefix(w, key);
	fputc(c, w->out);
	if (w->depth + 1 < JSONW_MAX_DEPTH)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void close_scope(struct jsonw *w, char c)
{
	fputc(c, w->out);
	if (w->depth > 0)
		w->depth--;
}

void jsonw_object_begin(struct jsonw *w, const char *key)
{
	open_scope(w, key, '{');
}

void jsonw_object_end(struct jsonw *w)
{
	close_scope(w, '}');
}

void jsonw_array_begin(struct jsonw *w, const char *key)
{
	open_scope(w, key, '[');
}

void jsonw_array_end(struct jsonw *w)
{
	close_scope(w, ']');
}

void jsonw_string(struct jsonw *w, const char *key, const char *value)
{
	prefix(w, key);
	write_escaped(w->out, value ? value : "");
}

void jsonw_u64(struct jsonw *w, const char *key, uint64_t value)
{
	prefix(w, key);
	fprintf(w->out, "%" PRIu64, value);
}

void jsonw_int(struct jsonw *w, const char *key, long long value)
{
	prefix(w, key);
	fprintf(w->out, "%lld", value);
}

/*
 * Six decimals, trailing zeros trimmed: exact enough for timestamps and rates, short for the rest.
 * Below 1, six significant digits instead, so small ratios (syscalls per packet) keep their precision.
 */
static const char *format_double(double value, char *buf, size_t len)
{
	bool small = value != 0 && fabs(value) < 1;
	size_t n = (size_t)snprintf(buf, len, small ? "%.6g" : "%.6f", value);

	if (small)
		return n < len ? buf : "null";
	if (n >= len)
		return "null";
	while (n > 0 && buf[n - 1] == '0' && buf[n - 2] != '.')
		buf[--n] = '\0';
	return buf;
}

void jsonw_double(struct jsonw *w, const char *key, double value)
{
	char buf[64];

	prefix(w, key);
	if (!isfinite(value))
		fputs("null", w->out);
	else
		fputs(format_double(value, buf, sizeof(buf)), w->out);
}

void jsonw_bool(struct jsonw *w, const char *key, bool value)
{
	prefix(w, key);
	fputs(value ? "true" : "false", w->out);
}

void jsonw_null(struct jsonw *w, const char *key)
{
	prefix(w, key);
	fputs("null", w->out);
}
