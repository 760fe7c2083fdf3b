// SPDX-License-Identifier: GPL-2.0-only
/* iperf3 over the lab: the reference TCP receiver rxtop's epoll and io_uring servers are compared against. */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench_reference.h"
#include "bench_reference_parse.h"
#include "bench_reference_proc.h"
#include "lab.h"

#define SERVER_READY_TIMEOUT_S 10.0
#define CLIENT_EXTRA_S 30.0 /* connect, omitted seconds, end exchange: beyond -t */
#define STOP_GRACE_S 5.0

/* The client's JSON, kept whole. */
struct json_text {
	char *text;
	size_t used, size;
	bool oom;
};

static void on_client_line(void *ctx, const char *line, double when)
{
	struct json_text *j = ctx;
	size_t n = strlen(line);

	(void)when;
	if (j->oom)
		return;
	if (j->used + n + 2 > j->size) {
		size_t size = j->size ? j->size * 2 : 65536;
		char *text;

		while (size < j->used + n + 2)
			size *= 2;
		text = realloc(j->text, size);
		if (!text) {
			j->oom = true;
			return;
		}
		j->text = text;
		j->size = size;
	}
	memcpy(j->text + j->used, line, n);
	j->used += n;
	j->text[j->used++] = '\n';
	j->text[j->used] = '\0';
}

struct server_state {
	bool listening;
};

static void on_server_line(void *ctx, const char *line, double when)
{
	struct server_state *s = ctx;

	(void)when;
	if (strstr(line, "Server listening on"))
		s->listening = true;
}

static int iface_ipv4(const char *iface, char *addr, size_t len)
{
	struct ifaddrs *list, *ifa;
	int rc = -EADDRNOTAVAIL;

	if (getifaddrs(&list) < 0)
		return -errno;
	for (ifa = list; ifa; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_INET || strcmp(ifa->ifa_name, iface))
			continue;
		inet_ntop(AF_INET, &((struct sockaddr_in *)ifa->ifa_addr)->sin_addr, addr, (socklen_t)len);
		rc = 0;
		break;
	}
	freeifaddrs(list);
	return rc;
}

/* A TCP port nobody listens on at addr: the kernel's pick for an ephemeral bind, released for iperf3. */
static int free_port(const char *addr)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = -EADDRNOTAVAIL;

	if (fd < 0)
		return -errno;
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static int start_server(struct reference_proc *server, struct server_state *state, const char *binary,
			const char *addr, int port, FILE *transcript)
{
	char port_arg[16];
	char *argv[] = {(char *)binary, "-s", "-B", (char *)addr, "-p", port_arg, "-1", "--forceflush", NULL};
	int rc;

	snprintf(port_arg, sizeof(port_arg), "%d", port);
	rc = reference_spawn(server, argv, transcript, on_server_line, state);
	while (rc == 0 && !state->listening) {
		rc = reference_read(server, SERVER_READY_TIMEOUT_S);
		if (rc == 0 && !state->listening && server->pid > 0 && reference_reaped(server))
			rc = -EPIPE;
	}
	return rc;
}

static int run_client(const char *ip, const char *binary, const char *addr, int port, int cores, int seconds,
		      int omit, struct json_text *json, char *err, size_t len)
{
	struct reference_proc client;
	char port_arg[16], streams[16], time_arg[16], omit_arg[16], why[64];
	char *argv[] = {(char *)ip, "netns",  "exec", LAB_NETNS, (char *)binary, "-c",	   (char *)addr,
			"-p",	    port_arg, "-P",   streams,	 "-t",		 time_arg, "-O",
			omit_arg,   "-J",     NULL};
	int rc, status;

	snprintf(port_arg, sizeof(port_arg), "%d", port);
	snprintf(streams, sizeof(streams), "%d", cores);
	snprintf(time_arg, sizeof(time_arg), "%d", seconds);
	snprintf(omit_arg, sizeof(omit_arg), "%d", omit);
	rc = reference_spawn(&client, argv, NULL, on_client_line, json);
	if (rc < 0) {
		snprintf(err, len, "iperf3: fork: %s", strerror(-rc));
		return rc;
	}
	rc = reference_read_to_end(&client, seconds + omit + CLIENT_EXTRA_S);
	status = reference_stop(&client, SIGTERM, STOP_GRACE_S);
	if (rc < 0) {
		snprintf(err, len, "iperf3 client did not finish within %.0f s",
			 seconds + omit + CLIENT_EXTRA_S);
		return rc;
	}
	if (json->oom) {
		snprintf(err, len, "iperf3: out of memory for the client's report");
		return -ENOMEM;
	}
	if (status != 0) {
		reference_describe_exit(status, why, sizeof(why));
		snprintf(err, len, "iperf3 client %s: %s", why, client.last_line);
		return -EIO;
	}
	return 0;
}

int reference_iperf3_run(const struct bench_config *cfg, int size, int cores, double seconds, double *rx_bps,
			 char *err, size_t len)
{
	struct reference_proc server = {.pid = 0, .out_fd = -1};
	struct server_state state = {0};
	struct json_text json = {0};
	char binary[256], ip[256], addr[INET_ADDRSTRLEN], transcript_path[600];
	int port, rc, omit = (int)ceil(reference_warmup_seconds(cfg->warmup_s)), secs = (int)ceil(seconds);
	FILE *transcript;

	if (reference_find_binary("iperf3", binary, sizeof(binary)) < 0) {
		snprintf(err, len, "iperf3: not found (install Debian's iperf3 package)");
		return -ENOENT;
	}
	if (reference_find_binary("ip", ip, sizeof(ip)) < 0) {
		snprintf(err, len, "iperf3: ip (iproute2) not found, needed to start the client in %s",
			 LAB_NETNS);
		return -ENOENT;
	}
	if (access("/run/netns/" LAB_NETNS, F_OK) < 0 || (!cfg->lab && strcmp(cfg->iface, LAB_IFACE))) {
		snprintf(err, len,
			 "iperf3: the client runs in the lab's namespace %s, which is not up here; on a real "
			 "interface run 'iperf3 -c' on the sending machine",
			 LAB_NETNS);
		return -ENOTSUP;
	}
	if (iface_ipv4(cfg->iface, addr, sizeof(addr)) < 0) {
		snprintf(err, len, "iperf3: %s has no IPv4 address for the server to listen on", cfg->iface);
		return -EADDRNOTAVAIL;
	}
	port = free_port(addr);
	if (port < 0) {
		snprintf(err, len, "iperf3: no free TCP port on %s: %s", addr, strerror(-port));
		return port;
	}
	transcript = reference_transcript_open(cfg->out_dir, "iperf3", size, cores, transcript_path,
					       sizeof(transcript_path));
	rc = start_server(&server, &state, binary, addr, port, transcript);
	if (rc < 0)
		snprintf(err, len, "iperf3 server on %s:%d did not start: %s", addr, port,
			 server.last_line[0] ? server.last_line : strerror(-rc));
	else
		rc = run_client(ip, binary, addr, port, cores, secs, omit, &json, err, len);
	reference_stop(&server, SIGTERM, STOP_GRACE_S);
	if (rc == 0 && iperf3_received_bps(json.text ? json.text : "", rx_bps) < 0) {
		snprintf(err, len, "iperf3: the client's JSON holds no end.sum_received.bits_per_second");
		rc = -EIO;
	}
	if (transcript) {
		fprintf(transcript, "%s# rxtop: received bits_per_second=%.0f\n", json.text ? json.text : "",
			*rx_bps);
		fclose(transcript);
	}
	free(json.text);
	return rc;
}
