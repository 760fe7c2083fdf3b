// SPDX-License-Identifier: GPL-2.0
/* What the reuseport steering program (sock_steer.bpf.c) and its loader (src/stacks/sock_steer.c) share. */
#ifndef RXTOP_SOCK_STEER_H
#define RXTOP_SOCK_STEER_H

#define STEER_MAX_SOCKETS 64 /* STACK_MAX_QUEUES */
#define STEER_MAX_QUEUES 256 /* rx queues an interface may have */

#endif
