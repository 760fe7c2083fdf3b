/* Loader of bpf/xsk_iter.bpf.c: the AF_XDP sockets of every process, read from the kernel, as often as asked.
 */
#ifndef RXTOP_XSK_SOCKETS_H
#define RXTOP_XSK_SOCKETS_H

#include <linux/types.h>
#include <stddef.h>

#include "xsk_iter.h"

struct xsk_sockets;

/* Loads and attaches the iterator; NULL with why when the kernel refuses it. */
struct xsk_sockets *xsk_sockets_open(char *why, size_t len);
/* One pass: fills out with up to max sockets; how many, or -errno with why. */
int xsk_sockets_read(struct xsk_sockets *x, struct xsk_info *out, int max, char *why, size_t len);
/* NULL is fine. */
void xsk_sockets_close(struct xsk_sockets *x);

#endif
