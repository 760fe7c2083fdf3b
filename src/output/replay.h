// SPDX-License-Identifier: GPL-2.0-only
/* A recording of `rxtop -b -o json` as a source of snapshots: checked whole when opened, read line by line.
 */
#ifndef RXTOP_REPLAY_H
#define RXTOP_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "jsonr.h"
#include "snapshot.h"

/* What to do about a file that is not a recording: the end of those messages. */
#define REPLAY_RECORD_HINT "record one with 'rxtop -b -o json > FILE'"

struct replay_line {
	size_t start, len; /* in the file's text */
	int file_line;	   /* 1-based, for messages */
	double ts, interval;
};

struct replay {
	char *text;
	size_t size;
	struct replay_line *lines; /* the complete readings, in order */
	int nlines;
	bool cut_last; /* the file ended in a line cut off mid-way (the recorder was killed): left out */
	struct jsonr json;
};

/*
 * Reads and checks every line of path: each must be a JSON reading of this batch format. Blank lines are
 * skipped; a last line without its newline that does not parse is left out (cut_last). 0, or -1 with one line
 * in err (what, why, what to do).
 */
int replay_open(struct replay *r, const char *path, char *err, size_t len);
/* Reading i (0-based) into snap. 0, or -1 when the file changed under us (err says so). */
int replay_read(struct replay *r, int i, struct snapshot *snap, char *err, size_t len);
void replay_close(struct replay *r);
/* Seconds from reading i to reading i+1 at speed 1: their timestamps' gap, else the later one's interval. */
double replay_gap(const struct replay *r, int i);

/* src/output/replay_snapshot.c: one parsed line (root token 0) into snap; -1 with `why` when it is not a
 * reading. */
int replay_snapshot_from_json(const struct jsonr *j, struct snapshot *snap, char *why, size_t len);

/* `rxtop --replay FILE` (argv as cmd_top has it; lab and run as there): the live view over a recording. */
int cmd_replay(int argc, char **argv, int lab, bool run);
/* argv holds --replay (or an abbreviation the option parser would take), FILE apart or after '=': cmd_top
 * hands the command line to cmd_replay before its parser sees it. */
bool replay_requested(int argc, char **argv, bool run);

#endif
