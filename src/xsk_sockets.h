/* Loader of bpf/xsk_iter.bpf.c: the AF_XDP sockets of every process (or of one), read from the kernel. */
#ifndef RXTOP_XSK_SOCKETS_H
#define RXTOP_XSK_SOCKETS_H

#include <linux/types.h>
#include <stddef.h>

#include "xsk_iter.h"

/* Fills out with up to max sockets held by pid (0: by any process); how many, or -errno with why. */
int xsk_sockets_list(int pid, struct xsk_info *out, int max, char *why, size_t len);

#endif
