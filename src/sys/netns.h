// SPDX-License-Identifier: GPL-2.0-only
/* Named network namespaces the iproute2 way (/run/netns/NAME), and entering them from one thread. */
#ifndef RXTOP_NETNS_H
#define RXTOP_NETNS_H

#define NETNS_RUN_DIR "/run/netns"

/* Opens /run/netns/NAME: a namespace fd (O_CLOEXEC) or -errno. */
int netns_fd(const char *name);
/* Moves the calling thread into namespace NAME; *saved_fd gets its old namespace for netns_restore. */
int netns_enter(const char *name, int *saved_fd);
/* Moves the calling thread back to saved_fd (from netns_enter) and closes it. */
int netns_restore(int saved_fd);
/* 1 when /run/netns/NAME is a live namespace mount, 0 when not, -errno on failure. */
int netns_exists(const char *name);
/* Creates a new, empty namespace NAME that `ip netns` sees; -EEXIST if the name is taken. */
int netns_create(const char *name);
/*
 * The calling thread's network namespace as its inode number (what /proc/PID/ns/net and the kernel's
 * net->ns.inum say); 0 when /proc cannot tell. An ifindex means something only together with it.
 */
unsigned int netns_current_inode(void);
/* Unmounts and unlinks /run/netns/NAME; also removes a half-created one; 0 when absent. */
int netns_delete(const char *name);

#endif
