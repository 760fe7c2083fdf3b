// SPDX-License-Identifier: GPL-2.0-only
/* Pure layout helpers of the live view: numbers, sparklines, bars, column fitting, generator steps. */
#include <stdio.h>
#include <string.h>

#include "tui_format.h"

const char *tui_human(double value, char *buf, size_t len)
{
	static const char suffix[] = " kMGT";
	double v = value < 0 ? -value : value;
	const char *sign = value < 0 ? "-" : "";
	int unit = 0;

	if (v < 10 && v != (double)(long long)v) {
		snprintf(buf, len, "%s%.2f", sign, v);
		return buf;
	}
	if (v < 1e4) {
		snprintf(buf, len, "%s%.0f", sign, v);
		return buf;
	}
	while (v >= 999.5 && unit < 4) {
		v /= 1000;
		unit++;
	}
	if (v < 9.995)
		snprintf(buf, len, "%s%.2f%c", sign, v, suffix[unit]);
	else if (v < 99.95)
		snprintf(buf, len, "%s%.1f%c", sign, v, suffix[unit]);
	else
		snprintf(buf, len, "%s%.0f%c", sign, v, suffix[unit]);
	return buf;
}

int tui_text_width(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int tui_spark_level(double value, double max)
{
	int level;

	if (max <= 0 || value <= 0)
		return 0;
	level = (int)(value / max * 7 + 0.5);
	if (level > 7)
		level = 7;
	return level;
}

char *tui_sparkline(const double *values, int nvalues, int width, bool utf8, char *out, size_t len)
{
	static const char *const blocks[8] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	static const char ascii[8] = {'_', '.', '-', '=', '+', '*', '#', '%'};
	int first = nvalues > width ? nvalues - width : 0;
	int pad = width - (nvalues - first);
	double max = 0;
	size_t used = 0;

	if (len == 0)
		return out;
	for (int i = first; i < nvalues; i++)
		if (values[i] > max)
			max = values[i];
	for (int i = 0; i < width; i++) {
		const char *glyph;
		char one[2] = {' ', 0};
		size_t n;

		if (i < pad) {
			glyph = one;
		} else {
			int level = tui_spark_level(values[first + i - pad], max);

			one[0] = ascii[level];
			glyph = utf8 ? blocks[level] : one;
		}
		n = strlen(glyph);
		if (used + n >= len)
			break;
		memcpy(out + used, glyph, n);
		used += n;
	}
	out[used] = 0;
	return out;
}

void tui_bar_split(const double *parts, int nparts, int width, int *cells)
{
	double total = 0;
	int used = 0;

	for (int i = 0; i < nparts; i++) {
		cells[i] = 0;
		if (parts[i] > 0)
			total += parts[i];
	}
	if (total <= 0 || width <= 0)
		return;
	for (int i = 0; i < nparts; i++) {
		if (parts[i] <= 0)
			continue;
		cells[i] = (int)(parts[i] / total * width + 0.5);
		if (cells[i] == 0)
			cells[i] = 1;
		used += cells[i];
	}
	/* Rounding may overshoot: take the excess from the widest parts. */
	while (used > width) {
		int widest = 0;

		for (int i = 1; i < nparts; i++)
			if (cells[i] > cells[widest])
				widest = i;
		cells[widest]--;
		used--;
	}
}

int tui_fit_columns(const struct tui_column *cols, int ncols, int width, bool *shown, int *widths)
{
	int used = 0, grow = -1;

	for (int i = 0; i < ncols; i++) {
		shown[i] = true;
		widths[i] = cols[i].width;
		used += cols[i].width + (i > 0);
		if (cols[i].grow && grow < 0)
			grow = i;
	}
	while (used > width) {
		int drop = -1;

		for (int i = 0; i < ncols; i++)
			if (shown[i] && cols[i].priority > 0 &&
			    (drop < 0 || cols[i].priority >= cols[drop].priority))
				drop = i;
		if (drop < 0)
			break;
		shown[drop] = false;
		used -= cols[drop].width + 1;
	}
	if (grow >= 0 && shown[grow] && used < width) {
		widths[grow] += width - used;
		used = width;
	}
	return used;
}

static const uint64_t rate_steps[] = {1000,   2000,   5000,    10000,	20000,	 50000,	  100000,
				      200000, 500000, 1000000, 2000000, 5000000, 10000000};
#define NRATE_STEPS (sizeof(rate_steps) / sizeof(rate_steps[0]))

uint64_t tui_rate_step(uint64_t rate, int direction)
{
	if (direction > 0) {
		if (rate == 0)
			return 0;
		for (size_t i = 0; i < NRATE_STEPS; i++)
			if (rate_steps[i] > rate)
				return rate_steps[i];
		return 0;
	}
	if (rate == 0)
		return rate_steps[NRATE_STEPS - 1];
	for (size_t i = NRATE_STEPS; i-- > 0;)
		if (rate_steps[i] < rate)
			return rate_steps[i];
	return rate_steps[0];
}

int tui_size_next(int size)
{
	static const int sizes[] = {64, 128, 256, 512, 1024, 1514};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (sizes[i] > size)
			return sizes[i];
	return sizes[0];
}
