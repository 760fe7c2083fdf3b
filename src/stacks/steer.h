/* Steers each packet to the socket of the worker serving its rx queue (bpf/sock_steer.bpf.c). */
#ifndef RXTOP_STEER_H
#define RXTOP_STEER_H

#include "stack.h"

/*
 * Attaches the steering program to the SO_REUSEPORT group of fds, where fds[i] serves rx queue cfg->queues[i]
 * (all bound, TCP ones listening). The group keeps the program; nothing is left to free. 0, or -errno with
 * what failed in why.
 */
int sock_steer_attach(const struct stack_config *cfg, const int *fds, char *why, size_t len);

#endif
