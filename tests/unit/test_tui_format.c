// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the live view's pure layout helpers (tui/tui_format.c). */
#include "check.h"
#include "tui_format.h"

static void test_human(void)
{
	char b[16];

	CHECK_STR("human_zero", tui_human(0, b, sizeof(b)), "0");
	CHECK_STR("human_fraction", tui_human(0.5, b, sizeof(b)), "0.50");
	CHECK_STR("human_small", tui_human(9999, b, sizeof(b)), "9999");
	CHECK_STR("human_kilo", tui_human(12345, b, sizeof(b)), "12.3k");
	CHECK_STR("human_mega", tui_human(1234567, b, sizeof(b)), "1.23M");
	CHECK_STR("human_round_up_unit", tui_human(999999, b, sizeof(b)), "1.00M");
	CHECK_STR("human_giga", tui_human(250e9, b, sizeof(b)), "250G");
	CHECK_STR("human_negative", tui_human(-20000, b, sizeof(b)), "-20.0k");
	CHECK("human_narrow", tui_text_width(tui_human(123456789012345.0, b, sizeof(b))) <= 6);
}

static void test_sparkline(void)
{
	double ramp[8] = {0, 1, 2, 3, 4, 5, 6, 7};
	double flat[3] = {5, 5, 5};
	char out[64];

	CHECK_STR("spark_ascii_ramp", tui_sparkline(ramp, 8, 8, false, out, sizeof(out)), "_.-=+*#%");
	CHECK_STR("spark_utf8_ramp", tui_sparkline(ramp, 8, 8, true, out, sizeof(out)), "▁▂▃▄▅▆▇█");
	CHECK_STR("spark_pads_left", tui_sparkline(flat, 3, 5, false, out, sizeof(out)), "  %%%");
	CHECK_STR("spark_keeps_newest", tui_sparkline(ramp, 8, 2, false, out, sizeof(out)), "#%");
	CHECK_STR("spark_all_zero", tui_sparkline(ramp, 1, 3, false, out, sizeof(out)), "  _");
	CHECK("spark_truncates_safely", strlen(tui_sparkline(ramp, 8, 8, true, out, 10)) == 9);
	CHECK("spark_level_clamped", tui_spark_level(10, 5) == 7 && tui_spark_level(-1, 5) == 0);
}

static void test_bar(void)
{
	double parts[3] = {10, 30, 60}, tiny[3] = {1000, 1, 0};
	int cells[3];

	tui_bar_split(parts, 3, 10, cells);
	CHECK("bar_proportional", cells[0] == 1 && cells[1] == 3 && cells[2] == 6);
	tui_bar_split(tiny, 3, 10, cells);
	CHECK("bar_small_part_visible", cells[1] == 1 && cells[2] == 0 && cells[0] + cells[1] <= 10);
	tui_bar_split(parts, 3, 0, cells);
	CHECK("bar_no_room", cells[0] == 0 && cells[1] == 0 && cells[2] == 0);
}

static void test_fit(void)
{
	const struct tui_column cols[4] = {
	    {"NAME", 10, 0, false, true},
	    {"A", 5, 2, false, false},
	    {"B", 5, 1, false, false},
	    {"SPARK", 8, 3, true, true},
	};
	bool shown[4];
	int widths[4];
	int used;

	used = tui_fit_columns(cols, 4, 40, shown, widths);
	CHECK("fit_all_and_grow",
	      shown[0] && shown[1] && shown[2] && shown[3] && widths[3] == 17 && used == 40);
	used = tui_fit_columns(cols, 4, 22, shown, widths);
	CHECK("fit_drops_highest_priority", shown[0] && shown[1] && shown[2] && !shown[3] && used == 22);
	used = tui_fit_columns(cols, 4, 16, shown, widths);
	CHECK("fit_drops_two", shown[0] && !shown[1] && shown[2] && !shown[3] && used == 16);
	used = tui_fit_columns(cols, 4, 4, shown, widths);
	CHECK("fit_keeps_priority_zero", shown[0] && !shown[2] && used == 10);
}

static void test_generator_steps(void)
{
	CHECK("rate_up", tui_rate_step(1000, 1) == 2000 && tui_rate_step(1500, 1) == 2000);
	CHECK("rate_down", tui_rate_step(5000, -1) == 2000 && tui_rate_step(1000, -1) == 1000);
	CHECK("rate_top_is_unlimited", tui_rate_step(10000000, 1) == 0 && tui_rate_step(0, 1) == 0);
	CHECK("rate_unlimited_down", tui_rate_step(0, -1) == 10000000);
	CHECK("size_cycle",
	      tui_size_next(64) == 128 && tui_size_next(1024) == 1514 && tui_size_next(1514) == 64);
	CHECK("size_odd", tui_size_next(100) == 128);
}

int main(void)
{
	test_human();
	test_sparkline();
	test_bar();
	test_fit();
	test_generator_steps();
	return check_failures ? 1 : 0;
}
