// SPDX-License-Identifier: GPL-2.0-only
/* Reads a recording as --replay does and writes each reading back with output_json: the replay test's check.
 */
#include <stdio.h>
#include <stdlib.h>

#include "output.h"
#include "replay.h"

int main(int argc, char **argv)
{
	struct snapshot *snap = calloc(1, sizeof(*snap));
	struct replay rec;
	char err[320];

	if (argc != 2 || !snap) {
		fprintf(stderr, "usage: replay_rewrite FILE\n");
		return 2;
	}
	if (replay_open(&rec, argv[1], err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		free(snap);
		return 2;
	}
	for (int i = 0; i < rec.nlines; i++) {
		if (replay_read(&rec, i, snap, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s\n", err);
			replay_close(&rec);
			free(snap);
			return 1;
		}
		output_json(stdout, snap);
	}
	fprintf(stderr, "%d readings%s\n", rec.nlines, rec.cut_last ? ", the last line cut off" : "");
	replay_close(&rec);
	free(snap);
	return 0;
}
