// SPDX-License-Identifier: GPL-2.0-only
/* Small helpers every bench view shares: names of the enums and creating the output files. */
#include <errno.h>
#include <string.h>

#include "bench_views.h"

const char *bench_measure_name(enum bench_measure m)
{
	switch (m) {
	case BENCH_MAX:
		return "max";
	case BENCH_NDR:
		return "ndr";
	case BENCH_BOTH:
		return "both";
	}
	return "?";
}

const char *bench_proto_name(enum stack_proto p)
{
	return p == STACK_PROTO_TCP ? "tcp" : "udp";
}

FILE *bench_file_create(const char *dir, const char *name, char *err, size_t len)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		int saved = errno;

		snprintf(err, len, "bench: cannot write %s: %s", path, strerror(saved));
		errno = saved; /* the caller returns -errno */
	}
	return f;
}

int bench_file_finish(FILE *f, const char *dir, const char *name, char *err, size_t len)
{
	bool failed = ferror(f);

	if (fclose(f) != 0)
		failed = true;
	if (failed) {
		snprintf(err, len, "bench: writing %s/%s failed (disk full?)", dir, name);
		return -EIO;
	}
	return 0;
}

bool bench_cell_ran(const struct bench_cell *c)
{
	return !c->error[0] && c->nruns > 0;
}

const struct bench_cell *bench_find_cell(const struct bench_results *r, const char *stack,
					 enum stack_proto proto, int size, int cores,
					 enum bench_measure measure)
{
	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
		const struct bench_cell *c = &r->cells[i];

		if (bench_cell_ran(c) && c->proto == proto && c->size == size && c->cores == cores &&
		    c->measure == measure && strcmp(c->stack, stack) == 0)
			return c;
	}
	return NULL;
}

int bench_distinct(const struct bench_results *r, bool of_cores, int *values, int max)
{
	int n = 0;

	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
		int v = of_cores ? r->cells[i].cores : r->cells[i].size, at = 0;

		if (!bench_cell_ran(&r->cells[i]))
			continue;
		while (at < n && values[at] < v)
			at++;
		if ((at < n && values[at] == v) || n == max)
			continue;
		memmove(&values[at + 1], &values[at], (size_t)(n - at) * sizeof(*values));
		values[at] = v;
		n++;
	}
	return n;
}

void bench_md_text(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '|' ? '/' : (*s == '\n' || *s == '\r') ? ' ' : *s, f);
}

const char *bench_cell_name(const struct bench_cell *c, char *buf, size_t len)
{
	char size[24] = "";

	if (c->proto != STACK_PROTO_TCP) /* TCP's segments have no frame size of their own */
		snprintf(size, sizeof(size), " %d B", c->size);
	snprintf(buf, len, "%s %s%s, %d core%s, %s", c->stack, bench_proto_name(c->proto), size, c->cores,
		 c->cores == 1 ? "" : "s", bench_measure_name(c->measure));
	return buf;
}
