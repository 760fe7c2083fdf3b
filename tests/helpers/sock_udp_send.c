// SPDX-License-Identifier: GPL-2.0-only
/* Rate-limited UDP sender for the socket stack cases: DST PORT COUNT PPS SIZE; prints the datagrams sent. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BURST 32

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sockaddr_in dst = {.sin_family = AF_INET};
	struct mmsghdr msgs[BURST];
	struct iovec iov;
	static char payload[65536];
	long count, pps, size, sent = 0;
	double start;
	int fd;

	if (argc != 6) {
		fprintf(stderr, "usage: %s DST PORT COUNT PPS SIZE\n", argv[0]);
		return 2;
	}
	inet_pton(AF_INET, argv[1], &dst.sin_addr);
	dst.sin_port = htons(atoi(argv[2]));
	count = atol(argv[3]);
	pps = atol(argv[4]);
	size = atol(argv[5]);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&dst, sizeof(dst)) < 0) {
		perror("socket/connect");
		return 1;
	}
	iov = (struct iovec){.iov_base = payload, .iov_len = size};
	memset(msgs, 0, sizeof(msgs));
	for (int i = 0; i < BURST; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	start = now();
	while (sent < count) {
		long due = (long)((now() - start) * pps) + 1;
		struct timespec pause = {.tv_nsec = 200 * 1000};

		if (due > count)
			due = count;
		while (sent < due) {
			int n = sendmmsg(fd, msgs, due - sent < BURST ? due - sent : BURST, 0);

			/* ECONNREFUSED reports an ICMP error for an earlier datagram (no receiver yet). */
			if (n < 0 && errno != EAGAIN && errno != ENOBUFS && errno != EINTR &&
			    errno != ECONNREFUSED) {
				perror("sendmmsg");
				return 1;
			}
			if (n < 0)
				break;
			sent += n;
		}
		nanosleep(&pause, NULL);
	}
	printf("%ld\n", sent);
	return 0;
}
