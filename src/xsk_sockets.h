/* Loader of bpf/xsk_iter.bpf.c: the AF_XDP sockets of every process, read from the kernel, as often as asked.
 */
#ifndef RXTOP_XSK_SOCKETS_H
#define RXTOP_XSK_SOCKETS_H

#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>

#include "xsk_iter.h"

struct xsk_sockets;

/* Loads and attaches the iterator; NULL with why when the kernel refuses it. */
struct xsk_sockets *xsk_sockets_open(char *why, size_t len);
/* One pass: fills out with up to max sockets; how many, or -errno with why. */
int xsk_sockets_read(struct xsk_sockets *x, struct xsk_info *out, int max, char *why, size_t len);
/*
 * Is s bound to a device of the caller's network namespace (as it was at open)? An ifindex names a device
 * only in its own namespace: a socket bound in another one may carry the ifindex of an unrelated device here.
 */
bool xsk_sockets_here(const struct xsk_sockets *x, const struct xsk_info *s);
/* NULL is fine. */
void xsk_sockets_close(struct xsk_sockets *x);

#endif
