// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the shared command-line number parsers (src/sys/cli_numbers.c) and of JSON escaping of any
 * bytes.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "cli_numbers.h"
#include "jsonw.h"

static uint64_t count(const char *s, int *rc)
{
	uint64_t v = 12345;

	*rc = parse_si_count(s, &v);
	return v;
}

/* The JSON string jsonw writes for s, in a static buffer. */
static const char *json_string(const char *s)
{
	static char buf[256];
	struct jsonw w;
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	jsonw_init(&w, f);
	jsonw_string(&w, NULL, s);
	fclose(f);
	return buf;
}

int main(void)
{
	pid_t pids[4];
	int rc, n;

	CHECK("count plain", count("100000", &rc) == 100000 && rc == 0);
	CHECK("count k", count("200k", &rc) == 200000 && rc == 0);
	CHECK("count K", count("3K", &rc) == 3000 && rc == 0);
	CHECK("count M fraction", count("1.5M", &rc) == 1500000 && rc == 0);
	CHECK("count G", count("2G", &rc) == 2000000000ull && rc == 0);
	CHECK("count zero", count("0", &rc) == 0 && rc == 0);
	CHECK("count fraction not whole", (count("1.5", &rc), rc == -EINVAL));
	CHECK("count fraction finer than suffix", (count("1.0001k", &rc), rc == -EINVAL));
	CHECK("count trailing zeros ok", count("1.50000000000k", &rc) == 1500 && rc == 0);
	CHECK("count negative", (count("-5", &rc), rc == -EINVAL));
	CHECK("count plus", (count("+5", &rc), rc == -EINVAL));
	CHECK("count blank", (count(" 5", &rc), rc == -EINVAL));
	CHECK("count empty", (count("", &rc), rc == -EINVAL));
	CHECK("count double suffix", (count("200kk", &rc), rc == -EINVAL));
	CHECK("count bad suffix", (count("5x", &rc), rc == -EINVAL));
	CHECK("count dot only", (count("5.k", &rc), rc == -EINVAL));
	CHECK("count hex", (count("0x10", &rc), rc == -EINVAL));
	CHECK("count max", count("18446744073709551615", &rc) == UINT64_MAX && rc == 0);
	CHECK("count overflow digits", (count("18446744073709551616", &rc), rc == -ERANGE));
	CHECK("count overflow suffix", (count("18446744073709552G", &rc), rc == -ERANGE));
	CHECK("count untouched on error", count("abc", &rc) == 12345);

	n = 0;
	CHECK("pids comma",
	      parse_pid_list("1,2", pids, &n, 4) == 0 && n == 2 && pids[0] == 1 && pids[1] == 2);
	n = 0;
	CHECK("pids blanks", parse_pid_list(" 7  8\t9\n", pids, &n, 4) == 0 && n == 3 && pids[2] == 9);
	n = 1;
	CHECK("pids append", parse_pid_list("5", pids, &n, 4) == 0 && n == 2 && pids[1] == 5);
	n = 0;
	CHECK("pids too many", parse_pid_list("1 2 3 4 5", pids, &n, 4) == -E2BIG);
	n = 0;
	CHECK("pids word", parse_pid_list("1 abc", pids, &n, 4) == -EINVAL);
	n = 0;
	CHECK("pids glued", parse_pid_list("12x", pids, &n, 4) == -EINVAL);
	n = 0;
	CHECK("pids zero", parse_pid_list("0", pids, &n, 4) == -EINVAL);
	n = 0;
	CHECK("pids above pid_max limit", parse_pid_list("4194305", pids, &n, 4) == -EINVAL);
	n = 0;
	CHECK("pids empty", parse_pid_list(" , ", pids, &n, 4) == -EINVAL);
	n = 0;
	CHECK("pids negative", parse_pid_list("-1", pids, &n, 4) == -EINVAL);

	CHECK_STR("json ascii", json_string("sleep"), "\"sleep\"");
	CHECK_STR("json escapes", json_string("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
	CHECK_STR("json utf-8 kept", json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
		  "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	CHECK_STR("json invalid bytes",
		  json_string("\xff\xfe\x80"
			      "bad"),
		  "\"\\ufffd\\ufffd\\ufffdbad\"");
	CHECK_STR("json truncated sequence", json_string("a\xe2\x82"), "\"a\\ufffd\\ufffd\"");
	CHECK_STR("json overlong", json_string("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
	CHECK_STR("json surrogate", json_string("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	CHECK_STR("json above U+10FFFF", json_string("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	{
		double d = -1;

		CHECK("double_in_range", parse_bounded_double("0.5", 0.01, 3600, &d) == 0 && d == 0.5);
		CHECK("double_at_bounds", parse_bounded_double("1", 1, 1, &d) == 0 && d == 1);
		CHECK("double_below", parse_bounded_double("0.001", 0.01, 3600, &d) == -EINVAL);
		CHECK("double_above", parse_bounded_double("1e4", 0.01, 3600, &d) == -EINVAL);
		CHECK("double_trailing", parse_bounded_double("5s", 0, 10, &d) == -EINVAL);
		CHECK("double_empty", parse_bounded_double("", 0, 10, &d) == -EINVAL);
		CHECK("double_nan", parse_bounded_double("nan", -1e9, 1e9, &d) == -EINVAL);
		CHECK("double_inf", parse_bounded_double("inf", 0, INFINITY, &d) == -EINVAL);
	}
	return check_failures ? 1 : 0;
}
