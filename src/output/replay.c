// SPDX-License-Identifier: GPL-2.0-only
/* Opens a recording of `rxtop -b -o json`: splits it into lines and checks each is a reading before playing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "replay.h"

#define REPLAY_MAX_BYTES ((size_t)1 << 31) /* hours of readings; more is not a recording of rxtop's */

static int read_whole(struct replay *r, const char *path, char *err, size_t len)
{
	FILE *f = fopen(path, "r");
	struct stat st;

	if (!f) {
		snprintf(err, len, "rxtop: --replay %s: %s; name a recording, or %s", path, strerror(errno),
			 REPLAY_RECORD_HINT);
		return -1;
	}
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > REPLAY_MAX_BYTES) {
		snprintf(err, len, "rxtop: --replay %s: not a regular file of at most 2 GiB; %s", path,
			 REPLAY_RECORD_HINT);
		fclose(f);
		return -1;
	}
	r->text = malloc((size_t)st.st_size + 1);
	if (!r->text) {
		snprintf(err, len, "rxtop: --replay %s: out of memory for %lld bytes", path,
			 (long long)st.st_size);
		fclose(f);
		return -1;
	}
	r->size = fread(r->text, 1, (size_t)st.st_size, f);
	r->text[r->size] = 0;
	if (ferror(f)) {
		snprintf(err, len, "rxtop: --replay %s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* One line of the file: a reading is appended; 1 when it is the cut-off last line; -1 with err. */
static int check_line(struct replay *r, const char *path, size_t start, size_t n, int file_line, bool last,
		      char *err, size_t len)
{
	struct snapshot *snap;
	struct replay_line *l;
	char why[160];
	int rc;

	if (blank(r->text + start, n))
		return 0;
	rc = jsonr_parse(&r->json, r->text + start, n);
	if (rc == -ENOMEM) {
		snprintf(err, len, "rxtop: --replay %s: out of memory at line %d", path, file_line);
		return -1;
	}
	if (rc < 0) {
		/* Killed while writing: the last line stops short, and newline-less. Anything else is damage.
		 */
		if (last)
			return 1;
		snprintf(err, len,
			 "rxtop: --replay %s: line %d is not JSON (%s); the file is damaged or not a "
			 "recording: %s",
			 path, file_line, r->json.err, REPLAY_RECORD_HINT);
		return -1;
	}
	snap = malloc(sizeof(*snap));
	if (!snap) {
		snprintf(err, len, "rxtop: --replay %s: out of memory", path);
		return -1;
	}
	rc = replay_snapshot_from_json(&r->json, snap, why, sizeof(why));
	if (rc < 0) {
		snprintf(err, len, "rxtop: --replay %s: line %d %s", path, file_line, why);
		free(snap);
		return -1;
	}
	l = &r->lines[r->nlines++];
	l->start = start;
	l->len = n;
	l->file_line = file_line;
	l->ts = snap->ts;
	l->interval = snap->interval;
	free(snap);
	return 0;
}

int replay_open(struct replay *r, const char *path, char *err, size_t len)
{
	size_t start = 0, nl = 1;
	int file_line = 0;

	memset(r, 0, sizeof(*r));
	if (read_whole(r, path, err, len) < 0)
		goto fail;
	for (size_t i = 0; i < r->size; i++)
		nl += r->text[i] == '\n';
	r->lines = calloc(nl, sizeof(*r->lines));
	if (!r->lines) {
		snprintf(err, len, "rxtop: --replay %s: out of memory for %zu lines", path, nl);
		goto fail;
	}
	while (start < r->size) {
		const char *eol = memchr(r->text + start, '\n', r->size - start);
		size_t n = eol ? (size_t)(eol - (r->text + start)) : r->size - start;
		int rc = check_line(r, path, start, n, ++file_line, !eol, err, len);

		if (rc < 0)
			goto fail;
		r->cut_last = rc == 1;
		start += n + 1;
	}
	if (r->nlines == 0) {
		snprintf(err, len, "rxtop: --replay %s: %s; %s", path,
			 r->cut_last ? "its only line is cut off (no complete reading)" : "the file is empty",
			 REPLAY_RECORD_HINT);
		goto fail;
	}
	return 0;
fail:
	replay_close(r);
	return -1;
}

int replay_read(struct replay *r, int i, struct snapshot *snap, char *err, size_t len)
{
	const struct replay_line *l = &r->lines[i];
	char why[160];

	if (jsonr_parse(&r->json, r->text + l->start, l->len) < 0 ||
	    replay_snapshot_from_json(&r->json, snap, why, sizeof(why)) < 0) {
		snprintf(err, len, "line %d cannot be read again", l->file_line);
		return -1;
	}
	return 0;
}

double replay_gap(const struct replay *r, int i)
{
	double gap = r->lines[i + 1].ts - r->lines[i].ts;

	/* A clock step between readings: the interval the recorder measured is the better guess. */
	if (!(gap > 0 && gap < 3600))
		gap = r->lines[i + 1].interval;
	return gap > 0 && gap < 3600 ? gap : 1;
}

void replay_close(struct replay *r)
{
	free(r->text);
	free(r->lines);
	jsonr_free(&r->json);
	r->text = NULL;
	r->lines = NULL;
	r->nlines = 0;
}
