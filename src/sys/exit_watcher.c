// SPDX-License-Identifier: GPL-2.0-only
/* A helper process that outlives its caller and cleans up after it, however the caller ends (kill -9 too). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exit_watcher.h"

#define WATCHED_PIPE_FD 3
#define KEPT_FD 4

static void __attribute__((noreturn))
helper_main(int read_fd, int keep_fd, void (*pass)(const void *arg, int kept_fd), const void *arg)
{
	/* Out of the way first, so that moving one to its place cannot clobber the other. */
	int watched = fcntl(read_fd, F_DUPFD, 10), kept = keep_fd >= 0 ? fcntl(keep_fd, F_DUPFD, 10) : -1,
	    null;
	char c;

	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	/* Hold nothing of the caller's open: a shell waiting on our stdout, or an AF_XDP socket, must not
	 * wait for us. */
	dup2(watched, WATCHED_PIPE_FD);
	if (kept >= 0)
		dup2(kept, KEPT_FD);
	close_range(kept >= 0 ? KEPT_FD + 1 : KEPT_FD, ~0U, 0);
	null = open("/dev/null", O_RDWR);
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	if (null > 2)
		close(null);
	while (read(WATCHED_PIPE_FD, &c, 1) > 0 || errno == EINTR)
		;
	pass(arg, kept >= 0 ? KEPT_FD : -1);
	_exit(0);
}

int exit_watcher_start(struct exit_watcher *w, int keep_fd, void (*pass)(const void *arg, int kept_fd),
		       const void *arg)
{
	int fds[2];

	w->pid = 0;
	w->pipe_fd = -1;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	w->pid = fork();
	if (w->pid < 0) {
		int err = -errno;

		close(fds[0]);
		close(fds[1]);
		w->pid = 0;
		return err;
	}
	if (w->pid == 0) {
		close(fds[1]);
		helper_main(fds[0], keep_fd, pass, arg);
	}
	close(fds[0]);
	w->pipe_fd = fds[1];
	return 0;
}

void exit_watcher_finish(struct exit_watcher *w)
{
	if (w->pid <= 0)
		return;
	close(w->pipe_fd);
	w->pipe_fd = -1;
	waitpid(w->pid, NULL, 0);
	w->pid = 0;
}
