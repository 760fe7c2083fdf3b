// SPDX-License-Identifier: GPL-2.0-only
/* rxtop bench --compare OLD NEW: the change of every cell's median, flagged when beyond the runs' spread. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_csv_read.h"
#include "bench_output.h"

struct compare_cell {
	char key[160]; /* "stack proto size cores measure" */
	bool failed;   /* the cell has an error */
	double median, min, max;
	bool matched;
};

struct compare_side {
	int ncells;
	struct compare_cell cells[BENCH_MAX_CELLS];
};

enum column {
	COL_STACK,
	COL_PROTO,
	COL_SIZE,
	COL_CORES,
	COL_MEASURE,
	COL_ERROR,
	COL_MEDIAN,
	COL_MIN,
	COL_MAX
};
static const char *const needed[] = {"stack", "proto",	    "size",    "cores",	 "measure",
				     "error", "median_pps", "min_pps", "max_pps"};
#define NEEDED (int)(sizeof(needed) / sizeof(needed[0]))

static int parse_number(const char *s, double *v)
{
	char *end;

	if (!*s) {
		*v = 0; /* an empty number: a cell without runs */
		return 0;
	}
	errno = 0;
	*v = strtod(s, &end);
	return errno || *end ? -EINVAL : 0;
}

static int read_row(const struct csv_record *rec, const int *index, struct compare_cell *cell)
{
	const char *f[NEEDED];
	double size, cores;

	for (int i = 0; i < NEEDED; i++)
		f[i] = rec->field[index[i]];
	if (!f[COL_STACK][0] || parse_number(f[COL_SIZE], &size) || parse_number(f[COL_CORES], &cores) ||
	    parse_number(f[COL_MEDIAN], &cell->median) || parse_number(f[COL_MIN], &cell->min) ||
	    parse_number(f[COL_MAX], &cell->max))
		return -EINVAL;
	snprintf(cell->key, sizeof(cell->key), "%s %s %d %d %s", f[COL_STACK], f[COL_PROTO], (int)size,
		 (int)cores, f[COL_MEASURE]);
	cell->failed = f[COL_ERROR][0] != '\0';
	cell->matched = false;
	return 0;
}

/* Finds each needed column in the header, so columns added later or moved do not break old folders. */
static int map_header(const struct csv_record *header, int *index)
{
	for (int i = 0; i < NEEDED; i++) {
		index[i] = -1;
		for (int j = 0; j < header->nfields; j++)
			if (strcmp(header->field[j], needed[i]) == 0)
				index[i] = j;
		if (index[i] < 0)
			return i;
	}
	return -1;
}

static int read_side(const char *dir, struct compare_side *side, struct csv_record *rec, char *err,
		     size_t len)
{
	char path[1024];
	struct stat st;
	int index[NEEDED], missing, line = 0, got, columns;
	FILE *f;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, len,
			 "bench --compare: %s is not a folder; give two folders written by rxtop bench --out",
			 dir);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/results.csv", dir);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, len,
			 "bench --compare: cannot read %s: %s; was the folder written by rxtop bench?", path,
			 strerror(errno));
		return 2;
	}
	if (csv_read_record(f, rec, &line) != 1) {
		snprintf(err, len, "bench --compare: %s has no header row; not an rxtop bench results.csv",
			 path);
		fclose(f);
		return 2;
	}
	missing = map_header(rec, index);
	if (missing >= 0) {
		snprintf(err, len, "bench --compare: %s lacks the column %s; not an rxtop bench results.csv",
			 path, needed[missing]);
		fclose(f);
		return 2;
	}
	columns = rec->nfields;
	side->ncells = 0;
	while ((got = csv_read_record(f, rec, &line)) == 1) {
		if (rec->nfields == 1 && !rec->field[0][0])
			continue; /* a blank line */
		if (rec->nfields != columns || side->ncells >= BENCH_MAX_CELLS ||
		    read_row(rec, index, &side->cells[side->ncells])) {
			got = -EINVAL;
			break;
		}
		side->ncells++;
	}
	fclose(f);
	if (got < 0) {
		snprintf(err, len,
			 "bench --compare: %s line %d is malformed (expected %d columns with numbers)", path,
			 line, columns);
		return 2;
	}
	return 0;
}

static bool inside(double v, double lo, double hi)
{
	return v >= lo && v <= hi;
}

/* A change counts when each median lies outside the other side's [min, max]: the runs' own spread. */
static const char *verdict(const struct compare_cell *o, const struct compare_cell *n, bool *flagged)
{
	*flagged = true;
	if (o->failed && n->failed) {
		*flagged = false;
		return "fails in both";
	}
	if (n->failed)
		return "NOW FAILS";
	if (o->failed)
		return "now runs";
	if (!inside(n->median, o->min, o->max) && !inside(o->median, n->min, n->max))
		return "CHANGED beyond spread";
	*flagged = false;
	return "within spread";
}

static void print_pair(FILE *out, const struct compare_cell *o, const struct compare_cell *n, int *flags)
{
	bool flagged;
	const char *v = verdict(o, n, &flagged);
	char change[32] = "-";

	if (!o->failed && !n->failed && o->median > 0)
		snprintf(change, sizeof(change), "%+.1f %%", 100.0 * (n->median - o->median) / o->median);
	fprintf(out, "%-36s %14.0f %14.0f %10s  %s\n", o->key, o->median, n->median, change, v);
	*flags += flagged;
}

static void compare_sides(FILE *out, struct compare_side *old_side, struct compare_side *new_side,
			  const char *old_dir, const char *new_dir)
{
	int both = 0, flags = 0, only_old = 0, only_new = 0;

	fprintf(out, "old: %s\nnew: %s\n", old_dir, new_dir);
	fprintf(out, "%-36s %14s %14s %10s  %s\n", "cell (stack proto size cores measure)", "old median pps",
		"new median pps", "change", "verdict");
	for (int i = 0; i < old_side->ncells; i++) {
		struct compare_cell *o = &old_side->cells[i];

		for (int j = 0; j < new_side->ncells && !o->matched; j++) {
			struct compare_cell *n = &new_side->cells[j];

			if (n->matched || strcmp(o->key, n->key) != 0)
				continue;
			o->matched = n->matched = true;
			print_pair(out, o, n, &flags);
			both++;
		}
	}
	for (int i = 0; i < old_side->ncells; i++)
		if (!old_side->cells[i].matched) {
			fprintf(out, "only in old: %s\n", old_side->cells[i].key);
			only_old++;
		}
	for (int i = 0; i < new_side->ncells; i++)
		if (!new_side->cells[i].matched) {
			fprintf(out, "only in new: %s\n", new_side->cells[i].key);
			only_new++;
		}
	fprintf(out,
		"%d cells in both, %d flagged (changed beyond the runs' spread, or started/stopped failing), "
		"%d only in old, %d only in new\n",
		both, flags, only_old, only_new);
}

int bench_compare(const char *old_dir, const char *new_dir, FILE *out, char *err, size_t len)
{
	struct compare_side *sides = calloc(2, sizeof(*sides));
	struct csv_record *rec = malloc(sizeof(*rec));
	int status = 2;

	if (!sides || !rec) {
		snprintf(err, len, "bench --compare: out of memory");
		goto out;
	}
	status = read_side(old_dir, &sides[0], rec, err, len);
	if (!status)
		status = read_side(new_dir, &sides[1], rec, err, len);
	if (!status)
		compare_sides(out, &sides[0], &sides[1], old_dir, new_dir);
out:
	free(sides);
	free(rec);
	return status;
}
