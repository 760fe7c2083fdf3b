// SPDX-License-Identifier: GPL-2.0-only
/* Writing gnuplot scripts that render SVG and PNG, and running gnuplot on them. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_gnuplot.h"
#include "child_fds.h"

#define PLOT_SIZE "1000,600"

bool gnuplot_find(char *path, size_t len)
{
	const char *env = getenv("PATH");
	char dirs[4096];

	snprintf(dirs, sizeof(dirs), "%s", env ? env : "/usr/bin:/bin");
	for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(path, len, "%s/gnuplot", d);
		if (access(path, X_OK) == 0)
			return true;
	}
	return false;
}

void gnuplot_quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void gnuplot_script_begin(FILE *f, const char *name, const char *title)
{
	fprintf(f,
		"# rxtop bench: %s.\n# Data: %s.dat. Render in this folder: gnuplot %s.gp (writes %s.svg, "
		"%s.png)\n",
		title, name, name, name, name);
	fprintf(f, "set terminal svg size %s dynamic background rgb \"white\" font \"sans,13\"\n", PLOT_SIZE);
	/* Stack names hold '_' (af_xdp): enhanced text would read it as a subscript. */
	fputs("set termoption noenhanced\n", f);
	fprintf(f, "set output \"%s.svg\"\n", name);
	fputs("set title ", f);
	gnuplot_quote(f, title);
	fputs("\nset grid ytics\nset key outside right top box opaque\n", f);
}

void gnuplot_script_end(FILE *f, const char *name)
{
	fprintf(f,
		"if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
		"\tset terminal pngcairo size %s background rgb \"white\" font \"sans,11\"\n"
		"} else {\n"
		"\tset terminal png size %s background rgb \"white\"\n"
		"}\n"
		"set termoption noenhanced\n"
		"set output \"%s.png\"\n"
		"replot\n"
		"set output\n",
		PLOT_SIZE, PLOT_SIZE, name);
}

static bool file_has_bytes(const char *dir, const char *name, const char *ext)
{
	char path[1024];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
	return stat(path, &st) == 0 && st.st_size > 0;
}

int gnuplot_render(const char *gnuplot, const char *dir, const char *name, char *note, size_t len)
{
	char script[256];
	pid_t pid, parent = getpid();
	int status;

	snprintf(script, sizeof(script), "%s.gp", name);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(note, len, "fork for gnuplot: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		/* gnuplot dies with rxtop, and keeps none of rxtop's descriptors (BPF links). */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		child_close_inherited_fds(-1);
		if (chdir(dir) != 0)
			_exit(126);
		execl(gnuplot, "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(note, len, "waiting for gnuplot: %s", strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(note, len, "gnuplot failed (status %d); to see why: cd %s && gnuplot %s", status,
			 dir, script);
		return -1;
	}
	if (!file_has_bytes(dir, name, "svg") || !file_has_bytes(dir, name, "png")) {
		snprintf(note, len, "gnuplot ran but %s.svg or %s.png is missing or empty", name, name);
		return -1;
	}
	return 0;
}
