// SPDX-License-Identifier: GPL-2.0-only
/* A reference tool as a child process: own group, dying with rxtop, its output read by lines and kept. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_reference_proc.h"
#include "child_fds.h"
#include "clock.h"

static void child_exec(char *const argv[], int out_fd, pid_t parent)
{
	int null = open("/dev/null", O_RDONLY);

	/* Die with the caller's thread, even on kill -9; close the race where it died before prctl. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	setpgid(0, 0);
	/* A caller that ignores SIGINT/SIGPIPE must not hand that on: the tool is stopped with SIGINT. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	if (null >= 0)
		dup2(null, STDIN_FILENO);
	dup2(out_fd, STDOUT_FILENO);
	dup2(out_fd, STDERR_FILENO);
	/* Holding rxtop's XDP link fd would keep its counter attached after rxtop detached it. */
	child_close_inherited_fds(-1);
	execv(argv[0], argv);
	dprintf(STDERR_FILENO, "exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int reference_spawn(struct reference_proc *p, char *const argv[], FILE *transcript, reference_line_fn on_line,
		    void *ctx)
{
	pid_t parent = getpid();
	int fds[2];

	memset(p, 0, sizeof(*p));
	p->out_fd = -1;
	p->transcript = transcript;
	p->on_line = on_line;
	p->ctx = ctx;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	if (transcript)
		fflush(transcript);
	p->pid = fork();
	if (p->pid < 0) {
		int err = -errno;

		close(fds[0]);
		close(fds[1]);
		p->pid = 0;
		return err;
	}
	if (p->pid == 0)
		child_exec(argv, fds[1], parent);
	/* Also from the parent, so a signal to the group never misses a child that has not run yet. */
	setpgid(p->pid, p->pid);
	close(fds[1]);
	p->out_fd = fds[0];
	return 0;
}

static void emit_line(struct reference_proc *p)
{
	p->line[p->used] = '\0';
	if (p->transcript)
		fprintf(p->transcript, "%s\n", p->line);
	if (p->used) {
		memcpy(p->last_line, p->line, p->used + 1);
		/* testpmd clears the screen before each stats round: keep the text, drop the escapes. */
		char *esc;

		while ((esc = strchr(p->last_line, '\033')))
			memmove(esc, esc + 1, strlen(esc));
	}
	if (p->on_line)
		p->on_line(p->ctx, p->line, monotonic_seconds());
	p->used = 0;
}

static int consume(struct reference_proc *p)
{
	char buf[4096];
	ssize_t n = read(p->out_fd, buf, sizeof(buf));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0) {
		if (p->used)
			emit_line(p);
		if (p->transcript)
			fflush(p->transcript);
		close(p->out_fd);
		p->out_fd = -1;
		return -EPIPE;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n' || p->used == sizeof(p->line) - 1)
			emit_line(p);
		if (buf[i] != '\n')
			p->line[p->used++] = buf[i];
	}
	if (p->transcript)
		fflush(p->transcript);
	return 0;
}

int reference_read(struct reference_proc *p, double timeout_s)
{
	double end = monotonic_seconds() + timeout_s;

	while (p->out_fd >= 0) {
		struct pollfd pfd = {.fd = p->out_fd, .events = POLLIN};
		double left = end - monotonic_seconds();
		int n = poll(&pfd, 1, left > 0 ? (int)(left * 1000) : 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		/* Hand back after each chunk so a caller waiting for one line sees it at once. */
		return consume(p);
	}
	return -EPIPE;
}

int reference_read_to_end(struct reference_proc *p, double timeout_s)
{
	double end = monotonic_seconds() + timeout_s;

	while (p->out_fd >= 0) {
		double left = end - monotonic_seconds();

		if (left <= 0)
			return -ETIMEDOUT;
		if (reference_read(p, left) == -EPIPE)
			break;
	}
	return 0;
}

bool reference_reaped(struct reference_proc *p)
{
	if (p->pid <= 0)
		return true;
	if (waitpid(p->pid, &p->status, WNOHANG) == p->pid) {
		p->pid = 0;
		return true;
	}
	return false;
}

int reference_stop(struct reference_proc *p, int sig, double grace_s)
{
	double end = monotonic_seconds() + grace_s;

	if (p->pid > 0 && !reference_reaped(p))
		kill(-p->pid, sig);
	while (p->pid > 0 && monotonic_seconds() < end) {
		if (reference_reaped(p))
			break;
		if (p->out_fd >= 0)
			reference_read(p, 0.05);
		else
			usleep(20 * 1000);
	}
	if (p->pid > 0) {
		kill(-p->pid, SIGKILL);
		waitpid(p->pid, &p->status, 0);
		p->pid = 0;
	}
	/* What is still in the pipe belongs to the transcript; a grandchild holding it is not waited for. */
	while (p->out_fd >= 0 && reference_read(p, 0.01) == 0) {
		struct pollfd pfd = {.fd = p->out_fd, .events = POLLIN};

		if (poll(&pfd, 1, 0) <= 0)
			break;
	}
	if (p->out_fd >= 0) {
		close(p->out_fd);
		p->out_fd = -1;
	}
	return p->status;
}

void reference_describe_exit(int status, char *out, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(out, len, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(out, len, "exited with %d", WEXITSTATUS(status));
}

int reference_find_binary(const char *name, char *path, size_t len)
{
	const char *search = getenv("PATH");
	char dirs[4096], *save = NULL;

	if (strchr(name, '/')) {
		snprintf(path, len, "%s", name);
		return access(path, X_OK) == 0 ? 0 : -ENOENT;
	}
	/* rxtop runs as root, often under sudo with a short PATH: the usual bin directories always count. */
	snprintf(dirs, sizeof(dirs), "%s:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", search ? search : "");
	for (char *dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		if (!*dir)
			continue;
		snprintf(path, len, "%s/%s", dir, name);
		if (access(path, X_OK) == 0)
			return 0;
	}
	path[0] = '\0';
	return -ENOENT;
}

/* A reference needs at least this much warm-up: the tool's own start (EAL, sockets, TCP slow start). */
#define REFERENCE_MIN_WARMUP_S 1.0

double reference_warmup_seconds(double warmup_s)
{
	return warmup_s > REFERENCE_MIN_WARMUP_S ? warmup_s : REFERENCE_MIN_WARMUP_S;
}

FILE *reference_transcript_open(const char *out_dir, const char *tool, int size, int cores, char *path,
				size_t len)
{
	static int runs;
	struct stat st;

	path[0] = '\0';
	if (!out_dir[0] || stat(out_dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return NULL;
	snprintf(path, len, "%s/reference-%s-%dc-%d-%d-%d.log", out_dir, tool, cores, size, (int)getpid(),
		 ++runs);
	return fopen(path, "we");
}
