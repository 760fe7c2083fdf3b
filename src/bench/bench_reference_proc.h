// SPDX-License-Identifier: GPL-2.0-only
/* A reference tool as a child process: own group, dying with rxtop, its output read by lines and kept. */
#ifndef RXTOP_BENCH_REFERENCE_PROC_H
#define RXTOP_BENCH_REFERENCE_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#define REFERENCE_LINE_MAX 1024

/* Called for each complete output line with the monotonic time it was read. */
typedef void (*reference_line_fn)(void *ctx, const char *line, double when);

struct reference_proc {
	pid_t pid;			    /* also its process group id; 0 once reaped */
	int out_fd;			    /* read end of its stdout + stderr; -1 at EOF */
	int status;			    /* waitpid status once reaped */
	FILE *transcript;		    /* every line read, written as it comes (may be NULL) */
	char last_line[REFERENCE_LINE_MAX]; /* the last non-empty line, for error messages */
	char line[REFERENCE_LINE_MAX];
	size_t used;
	reference_line_fn on_line;
	void *ctx;
};

/*
 * Starts argv[0] (a path) with stdin from /dev/null and stdout + stderr into one pipe, in a process group of
 * its own, killed with SIGKILL when the calling thread dies (PR_SET_PDEATHSIG, which survives exec).
 */
int reference_spawn(struct reference_proc *p, char *const argv[], FILE *transcript, reference_line_fn on_line,
		    void *ctx);
/* Reads what the child printed for at most timeout_s, handing complete lines on. 0, or -EPIPE at EOF. */
int reference_read(struct reference_proc *p, double timeout_s);
/* Reads until EOF or timeout_s: 0 at EOF, -ETIMEDOUT otherwise. */
int reference_read_to_end(struct reference_proc *p, double timeout_s);
/* Reaps the child when it has exited: true once it is gone. */
bool reference_reaped(struct reference_proc *p);
/*
 * Ends the child on every path: sends sig to its group, reads its output for up to grace_s while it exits,
 * then SIGKILLs the group and reaps it. Returns its waitpid status.
 */
int reference_stop(struct reference_proc *p, int sig, double grace_s);
/* The child's exit as text: "exited with 1", "killed by signal 9". */
void reference_describe_exit(int status, char *out, size_t len);

/* Opens the transcript of one run in out_dir (NULL when it is not a directory): every line the tool prints,
 * kept as reference-TOOL-Cc-SIZE-PID-N.log; *path gets its name. */
FILE *reference_transcript_open(const char *out_dir, const char *tool, int size, int cores, char *path,
				size_t len);
/* The warm-up a tool gets before its measured window: warmup_s, but at least the tool's own start. */
double reference_warmup_seconds(double warmup_s);

/* Where argv[0] lives: the first executable name on PATH (or name itself when it holds a '/'). -ENOENT if
 * none. */
int reference_find_binary(const char *name, char *path, size_t len);

#endif
