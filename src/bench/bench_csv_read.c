// SPDX-License-Identifier: GPL-2.0-only
/* Reads a CSV file record by record, for rxtop bench --compare. */
#include <errno.h>
#include <stdbool.h>

#include "bench_csv_read.h"

static int add_char(struct csv_record *rec, int *used, int c)
{
	if (*used + 1 >= CSV_FIELD_LEN)
		return -EINVAL;
	rec->field[rec->nfields][(*used)++] = (char)c;
	return 0;
}

static int end_field(struct csv_record *rec, int *used)
{
	rec->field[rec->nfields][*used] = '\0';
	*used = 0;
	if (++rec->nfields >= CSV_MAX_FIELDS)
		return -EINVAL;
	return 0;
}

int csv_read_record(FILE *f, struct csv_record *rec, int *line)
{
	bool quoted = false, after_quote = false;
	int used = 0, c;

	rec->nfields = 0;
	c = fgetc(f);
	if (c == EOF)
		return 0;
	for (;; c = fgetc(f)) {
		if (quoted) {
			if (c == EOF)
				return -EINVAL;
			if (c == '"') {
				int next = fgetc(f);

				if (next == '"') {
					if (add_char(rec, &used, '"'))
						return -EINVAL;
					continue;
				}
				ungetc(next, f);
				quoted = false;
				after_quote = true;
				continue;
			}
			if (c == '\n')
				(*line)++;
			if (add_char(rec, &used, c))
				return -EINVAL;
			continue;
		}
		if (c == EOF || c == '\n') {
			(*line)++;
			if (used > 0 && rec->field[rec->nfields][used - 1] == '\r')
				used--;
			return end_field(rec, &used) ? -EINVAL : 1;
		}
		if (c == ',') {
			if (end_field(rec, &used))
				return -EINVAL;
			after_quote = false;
			continue;
		}
		if (after_quote && c != '\r')
			return -EINVAL;
		if (c == '"' && used == 0) {
			quoted = true;
			continue;
		}
		if (add_char(rec, &used, c))
			return -EINVAL;
	}
}
