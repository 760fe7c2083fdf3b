/* TCP bulk sender for `rxtop gen --proto tcp`: several connections, as fast as possible, counting bytes sent.
 */
#ifndef RXTOP_TCP_SENDER_H
#define RXTOP_TCP_SENDER_H

#include <signal.h>
#include <stdint.h>

#define TCP_SENDER_MAX_CONNECTIONS 256

/*
 * Connects `connections` sockets to dst_ip:port and writes to them until duration_s passed or
 * *stop is set, then closes them cleanly after the peer acknowledged everything (at most 5 s).
 * *bytes_sent grows while it runs (relaxed atomic stores) and ends as the exact count the
 * kernel accepted. 0, or -errno of the first failure.
 */
int tcp_sender_run(const char *dst_ip, uint16_t port, int connections, double duration_s,
		   uint64_t *bytes_sent, volatile sig_atomic_t *stop);

/* `rxtop __tcpsend DST_IP PORT CONNECTIONS SECONDS`: runs the sender alone, prints bytes=N. */
int cmd_tcp_send(int argc, char **argv);

#endif
