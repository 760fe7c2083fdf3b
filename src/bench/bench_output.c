// SPDX-License-Identifier: GPL-2.0-only
/* rxtop bench's result files: the folder, then each view in turn (report.md last: it tells of the plots). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_output.h"
#include "bench_views.h"

static int make_folder(const char *dir, char *err, size_t len)
{
	struct stat st;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		int saved = errno;

		snprintf(err, len, "bench: cannot create the folder %s: %s", dir, strerror(saved));
		return -saved;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, len, "bench: %s exists and is not a folder; give --out a folder", dir);
		return -ENOTDIR;
	}
	return 0;
}

int bench_write_results(const struct bench_results *r, const char *dir, char *err, size_t len)
{
	struct bench_plots plots;
	int ret;

	ret = make_folder(dir, err, len);
	if (!ret)
		ret = bench_json_write(r, dir, err, len);
	if (!ret)
		ret = bench_csv_write(r, dir, err, len);
	if (!ret)
		ret = bench_plot_write(r, dir, &plots, err, len);
	if (!ret)
		ret = bench_report_write(r, &plots, dir, err, len);
	return ret;
}
