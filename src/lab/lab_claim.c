// SPDX-License-Identifier: GPL-2.0-only
/* Who may use the lab at once: flock claims that the kernel drops when a process ends, even by kill -9. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "lab_claim.h"
#include "lab_names.h"

static int use_fd = -1, measure_fd = -1, change_fd = -1;
static bool change_converted;

/* A forked child (the generator, a stack before its exec) must not keep the lab claimed after its parent
 * died. */
static void close_claims_in_child(void)
{
	if (use_fd >= 0)
		close(use_fd);
	if (measure_fd >= 0)
		close(measure_fd);
	use_fd = measure_fd = -1;
}

static int open_lock(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	return fd < 0 ? -errno : fd;
}

/* "rxtop pid N (its command line)" for the first process other than us holding a lock on fd's file. */
static void describe_holder(int fd, char *who, size_t len)
{
	char line[256], cmd[160] = "";
	struct stat st;
	FILE *locks;
	int pid = 0;

	if (!who || !len)
		return;
	snprintf(who, len, "another rxtop");
	if (fstat(fd, &st) || !(locks = fopen("/proc/locks", "re")))
		return;
	/* "1: FLOCK  ADVISORY  WRITE 1234 fe:00:5678 0 EOF"; waiting requests ("1: -> FLOCK ...") hold
	 * nothing. */
	while (!pid && fgets(line, sizeof(line), locks)) {
		unsigned long long ino;
		unsigned int dev_major, dev_minor;
		char type[16], mode[16];
		int p;

		if (strstr(line, "->") || sscanf(line, "%*d: %15s %*s %15s %d %x:%x:%llu", type, mode, &p,
						 &dev_major, &dev_minor, &ino) != 6)
			continue;
		/* The device too: another file system (another mount namespace's /run) reuses inode numbers.
		 */
		if (strcmp(type, "FLOCK") == 0 && ino == (unsigned long long)st.st_ino &&
		    dev_major == major(st.st_dev) && dev_minor == minor(st.st_dev) && p != getpid())
			pid = p;
	}
	fclose(locks);
	if (!pid)
		return;
	{
		char path[64];
		size_t n = 0;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
		f = fopen(path, "re");
		if (f) {
			n = fread(cmd, 1, sizeof(cmd) - 1, f);
			fclose(f);
		}
		for (size_t i = 0; i + 1 < n; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		cmd[n] = '\0';
	}
	snprintf(who, len, "rxtop pid %d%s%s%s", pid, cmd[0] ? " (" : "", cmd, cmd[0] ? ")" : "");
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* flock with LOCK_NB, retried for up to wait_ms (a user that is ending, a quick lab up/down). */
static int flock_waiting(int fd, int op, int wait_ms)
{
	double end = now_ms() + wait_ms;

	for (;;) {
		if (flock(fd, op | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		if (now_ms() >= end)
			return -EBUSY;
		usleep(20000);
	}
}

int lab_claim(bool measure, char *err, size_t len)
{
	static bool atfork_done;
	char who[256];
	int rc;

	if (!atfork_done) {
		pthread_atfork(NULL, NULL, close_claims_in_child);
		atfork_done = true;
	}
	if (measure && measure_fd < 0) {
		rc = open_lock(LAB_MEASURE_LOCK_FILE);
		if (rc < 0) {
			snprintf(err, len, "rxtop: cannot open %s: %s", LAB_MEASURE_LOCK_FILE, strerror(-rc));
			return rc;
		}
		measure_fd = rc;
		/* No wait: the other measurement may run for hours; say so at once. */
		if (flock(measure_fd, LOCK_EX | LOCK_NB)) {
			describe_holder(measure_fd, who, sizeof(who));
			snprintf(
			    err, len,
			    "rxtop: the lab is in use by %s; wait for it to end (watching beside it works: "
			    "rxtop -i %s)",
			    who, LAB_IFACE);
			close(measure_fd);
			measure_fd = -1;
			return -EBUSY;
		}
	}
	if (use_fd < 0) {
		rc = open_lock(LAB_USE_LOCK_FILE);
		if (rc < 0) {
			snprintf(err, len, "rxtop: cannot open %s: %s", LAB_USE_LOCK_FILE, strerror(-rc));
			return rc;
		}
		use_fd = rc;
		/* Held exclusively only while lab up/down change the lab: seconds at most. */
		rc = flock_waiting(use_fd, LOCK_SH, 10000);
		if (rc < 0) {
			describe_holder(use_fd, who, sizeof(who));
			snprintf(err, len, "rxtop: %s has been changing the lab for 10 s; wait for it to end",
				 who);
			close(use_fd);
			use_fd = -1;
			return -EBUSY;
		}
	}
	return 0;
}

int lab_change_begin(int wait_ms, char *who, size_t who_len)
{
	int fd = use_fd, rc;

	if (fd < 0) {
		fd = open_lock(LAB_USE_LOCK_FILE);
		if (fd < 0)
			return fd;
	}
	/* Our own shared claim converts in place; another open file would conflict with it. */
	rc = flock_waiting(fd, LOCK_EX, wait_ms);
	if (rc < 0) {
		describe_holder(fd, who, who_len);
		if (fd != use_fd)
			close(fd);
		return rc;
	}
	change_fd = fd;
	change_converted = fd == use_fd;
	return 0;
}

void lab_change_end(void)
{
	if (change_fd < 0)
		return;
	if (change_converted)
		flock(change_fd, LOCK_SH); /* back to a user's claim */
	else
		close(change_fd);
	change_fd = -1;
}
