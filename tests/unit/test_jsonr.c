// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the JSON reader (src/sys/jsonr.c): grammar, lookups, numbers and escapes, and what jsonw
 * writes.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "jsonr.h"
#include "jsonw.h"

static int parse(struct jsonr *j, const char *s)
{
	return jsonr_parse(j, s, strlen(s));
}

static void test_grammar(struct jsonr *j)
{
	static const char *const bad[] = {
	    "",	   "{",	   "{\"a\":1", "{\"a\" 1}",  "{a:1}", "[1,]",	 "[1 2]",	"01",
	    "1.",  "-",	   "1e",       "tru",	     "nul",   "\"\\x\"", "\"\\u12g4\"", "{\"a\":1}x",
	    "\"a", "[1]]", "\"\t\"",   "{\"a\":1,}",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char name[64];

		snprintf(name, sizeof(name), "jsonr_refuses_%zu", i);
		CHECK(name, parse(j, bad[i]) == -EINVAL && j->err[0]);
	}
	CHECK("jsonr_accepts_spaces", parse(j, " \t{ \"a\" : [ 1 , -2.5e3 , true , null ] }\r\n") == 0);
	CHECK("jsonr_error_names_the_byte", parse(j, "{\"a\" 1}") < 0 && strstr(j->err, "at byte 6"));
	char deep[100];

	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = 0;
	CHECK("jsonr_refuses_deep_nesting", parse(j, deep) == -EINVAL && strstr(j->err, "nested"));
}

static void test_lookups(struct jsonr *j)
{
	int arr, e, n = 0;
	double sum = 0;

	CHECK("jsonr_parses_nested",
	      parse(j, "{\"x\":{\"y\":[1,2]},\"q\":[{\"v\":1},{\"v\":2.5},{\"v\":null}],\"z\":\"end\"}") ==
		  0);
	CHECK("jsonr_member_after_subtree", jsonr_is(j, jsonr_member(j, 0, "z"), JSONR_STRING));
	CHECK("jsonr_member_absent", jsonr_member(j, 0, "y") == -1 && jsonr_member(j, -1, "x") == -1);
	arr = jsonr_member(j, 0, "q");
	for (e = jsonr_first(j, arr); e >= 0; e = jsonr_next(j, arr, e), n++) {
		double v = jsonr_double(j, jsonr_member(j, e, "v"), -1);

		if (n == 2)
			CHECK("jsonr_null_is_nan", isnan(v));
		else
			sum += v;
	}
	CHECK("jsonr_array_walk", n == 3 && sum == 3.5);
	CHECK("jsonr_absent_default", jsonr_double(j, -1, 7) == 7);
	CHECK("jsonr_empty_array", parse(j, "[]") == 0 && jsonr_first(j, 0) == -1);
}

static void test_values(struct jsonr *j)
{
	char s[64];

	CHECK("jsonr_u64_full_range", parse(j, "[18446744073709551615,-3,1.5e3,true]") == 0 &&
					  jsonr_u64(j, 1) == UINT64_MAX && jsonr_u64(j, 2) == 0 &&
					  jsonr_u64(j, 3) == 1500 && jsonr_i64(j, 2) == -3 &&
					  jsonr_bool(j, 4));
	CHECK("jsonr_string_escapes", parse(j, "\"a\\\"b\\\\c\\/d\\n\\u00e9\\u20ac\"") == 0);
	jsonr_string(j, 0, s, sizeof(s));
	CHECK_STR("jsonr_string_unescaped", s, "a\"b\\c/d\n\xc3\xa9\xe2\x82\xac");
	jsonr_string(j, 0, s, 4);
	CHECK_STR("jsonr_string_cut_to_fit", s, "a\"b");
}

/* jsonr_u64_exact takes only what a counter can be: plain digits within 64 bits. */
static void test_u64_exact(struct jsonr *j)
{
	uint64_t v = 7;

	CHECK("jsonr_u64_exact_parses",
	      parse(j, "[18446744073709551615,0,18446744073709551616,-1,1.5,1e3,-0,\"5\",null]") == 0);
	CHECK("jsonr_u64_exact_max", jsonr_u64_exact(j, 1, &v) && v == UINT64_MAX);
	CHECK("jsonr_u64_exact_zero", jsonr_u64_exact(j, 2, &v) && v == 0);
	v = 7;
	CHECK("jsonr_u64_exact_refuses_overflow", !jsonr_u64_exact(j, 3, &v) && v == 7);
	CHECK("jsonr_u64_exact_refuses_negative", !jsonr_u64_exact(j, 4, &v) && !jsonr_u64_exact(j, 7, &v));
	CHECK("jsonr_u64_exact_refuses_fraction", !jsonr_u64_exact(j, 5, &v));
	CHECK("jsonr_u64_exact_refuses_exponent", !jsonr_u64_exact(j, 6, &v));
	CHECK("jsonr_u64_exact_refuses_non_numbers",
	      !jsonr_u64_exact(j, 8, &v) && !jsonr_u64_exact(j, 9, &v) && !jsonr_u64_exact(j, 0, &v) &&
		  !jsonr_u64_exact(j, -1, &v) && v == 7);
}

/* A caller's max_tok bounds the values of one document; the error says how many. */
static void test_token_limit(struct jsonr *j)
{
	j->max_tok = 3;
	CHECK("jsonr_within_token_limit", parse(j, "[1,2]") == 0 && j->ntok == 3);
	CHECK("jsonr_refuses_past_token_limit",
	      parse(j, "[1,2,3]") == -EINVAL && strstr(j->err, "more than 3 values"));
	j->max_tok = 0;
	CHECK("jsonr_default_token_limit", parse(j, "[1,2,3]") == 0 && j->ntok == 4);
}

/* What rxtop's writer produces reads back as written. */
static void test_jsonw_round_trip(struct jsonr *j)
{
	char buf[512], s[64];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct jsonw w;

	jsonw_init(&w, f);
	jsonw_object_begin(&w, NULL);
	jsonw_string(&w, "name", "q\"1\x01");
	jsonw_double(&w, "pps", 12345.678901);
	jsonw_double(&w, "none", NAN);
	jsonw_u64(&w, "big", UINT64_MAX - 1);
	jsonw_object_end(&w);
	fclose(f);
	CHECK("jsonr_reads_jsonw", parse(j, buf) == 0);
	jsonr_string(j, jsonr_member(j, 0, "name"), s, sizeof(s));
	CHECK_STR("jsonr_jsonw_string", s, "q\"1\x01");
	CHECK_NEAR("jsonr_jsonw_double", jsonr_double(j, jsonr_member(j, 0, "pps"), 0), 12345.678901, 1e-6);
	CHECK("jsonr_jsonw_null", isnan(jsonr_double(j, jsonr_member(j, 0, "none"), 0)));
	CHECK("jsonr_jsonw_u64", jsonr_u64(j, jsonr_member(j, 0, "big")) == UINT64_MAX - 1);
}

int main(void)
{
	struct jsonr j = {0};

	test_grammar(&j);
	test_lookups(&j);
	test_values(&j);
	test_u64_exact(&j);
	test_token_limit(&j);
	test_jsonw_round_trip(&j);
	jsonr_free(&j);
	return check_failures != 0;
}
