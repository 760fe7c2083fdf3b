// SPDX-License-Identifier: GPL-2.0-only
/* Reads a CSV file record by record (RFC 4180: quoted fields, doubled quotes, CRLF or LF). */
#ifndef RXTOP_BENCH_CSV_READ_H
#define RXTOP_BENCH_CSV_READ_H

#include <stdio.h>

#define CSV_MAX_FIELDS 64
#define CSV_FIELD_LEN 1024

struct csv_record {
	int nfields;
	char field[CSV_MAX_FIELDS][CSV_FIELD_LEN];
};

/* 1: a record was read; 0: end of file; -EINVAL: malformed (an unclosed quote, text after a closing quote,
 * too many or too long fields). *line counts physical lines read so far, for messages. */
int csv_read_record(FILE *f, struct csv_record *rec, int *line);

#endif
