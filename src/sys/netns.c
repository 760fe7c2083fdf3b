// SPDX-License-Identifier: GPL-2.0-only
/* Named network namespaces the iproute2 way (/run/netns/NAME), and entering them from one thread. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "log.h"
#include "netns.h"

/* Threads may sit in different namespaces; thread-self names the caller's own. */
#define THREAD_NETNS "/proc/thread-self/ns/net"

static int netns_path(const char *name, char *path, size_t len)
{
	int n = snprintf(path, len, "%s/%s", NETNS_RUN_DIR, name);

	if (n < 0 || (size_t)n >= len || !name[0] || name[0] == '.')
		return -EINVAL;
	return 0;
}

int netns_fd(const char *name)
{
	char path[PATH_MAX];
	int err, fd;

	err = netns_path(name, path, sizeof(path));
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int netns_enter(const char *name, int *saved_fd)
{
	int err = 0, target, saved;

	target = netns_fd(name);
	if (target < 0)
		return target;
	saved = open(THREAD_NETNS, O_RDONLY | O_CLOEXEC);
	if (saved < 0) {
		err = -errno;
		goto cleanup;
	}
	if (setns(target, CLONE_NEWNET)) {
		err = -errno;
		close(saved);
		goto cleanup;
	}
	*saved_fd = saved;
cleanup:
	close(target);
	return err;
}

int netns_restore(int saved_fd)
{
	int err = 0;

	if (saved_fd < 0)
		return -EBADF;
	if (setns(saved_fd, CLONE_NEWNET))
		err = -errno;
	close(saved_fd);
	return err;
}

unsigned int netns_current_inode(void)
{
	struct stat st;

	return stat(THREAD_NETNS, &st) == 0 ? (unsigned int)st.st_ino : 0;
}

int netns_exists(const char *name)
{
	char path[PATH_MAX];
	struct statfs fs;
	int err;

	err = netns_path(name, path, sizeof(path));
	if (err)
		return err;
	if (statfs(path, &fs))
		return errno == ENOENT ? 0 : -errno;
	/* An unmounted placeholder file (crash during create) is not a namespace. */
	return fs.f_type == NSFS_MAGIC;
}

/* Like iproute2: /run/netns is a shared mount so namespace mounts propagate to other mount namespaces. */
static int make_run_dir_shared(void)
{
	int bound = 0;

	if (mkdir(NETNS_RUN_DIR, 0755) && errno != EEXIST)
		return -errno;
	while (mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL)) {
		/* EINVAL: not a mount point yet; bind it onto itself once and retry. */
		if (errno != EINVAL || bound)
			return -errno;
		if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL))
			return -errno;
		bound = 1;
	}
	return 0;
}

int netns_create(const char *name)
{
	char path[PATH_MAX];
	int err, fd, saved = -1, mounted = 0;

	err = netns_path(name, path, sizeof(path));
	if (err)
		return err;
	err = make_run_dir_shared();
	if (err) {
		log_debug("netns: cannot prepare %s: %d", NETNS_RUN_DIR, err);
		return err;
	}
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	close(fd);

	saved = open(THREAD_NETNS, O_RDONLY | O_CLOEXEC);
	if (saved < 0) {
		err = -errno;
		goto cleanup;
	}
	/* Only this thread moves; the bind mount keeps the new namespace alive after we leave it. */
	if (unshare(CLONE_NEWNET)) {
		err = -errno;
		goto cleanup;
	}
	if (mount(THREAD_NETNS, path, "none", MS_BIND, NULL))
		err = -errno;
	else
		mounted = 1;
	if (setns(saved, CLONE_NEWNET) && !err)
		err = -errno;
cleanup:
	if (saved >= 0)
		close(saved);
	if (err) {
		if (mounted)
			umount2(path, MNT_DETACH);
		unlink(path);
	}
	return err;
}

int netns_delete(const char *name)
{
	char path[PATH_MAX];
	int err;

	err = netns_path(name, path, sizeof(path));
	if (err)
		return err;
	/* EINVAL: a placeholder that was never mounted; still unlink it. */
	if (umount2(path, MNT_DETACH) && errno != EINVAL && errno != ENOENT)
		return -errno;
	if (unlink(path) && errno != ENOENT)
		return -errno;
	return 0;
}
