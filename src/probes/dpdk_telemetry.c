// SPDX-License-Identifier: GPL-2.0-only
/* A client of DPDK's telemetry v2 socket: finds a process's socket, asks for its ethdev ports' counters. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "clock.h"
#include "dpdk_telemetry.h"
#include "jsonr.h"

#define TELEMETRY_NAME "dpdk_telemetry.v2"
/* DPDK answers from its own thread at once; a second means the process is stopped or not DPDK. */
#define TELEMETRY_TIMEOUT_MS 1000
/* After a lost connection, rxtop connects again at most this often (a stopped process costs a timeout each).
 */
#define TELEMETRY_RETRY_S 2.0
/* Values in one reply: enough for /ethdev/xstats or /ethdev/info of a port with 16 queues; more is refused.
 */
#define TELEMETRY_TOKENS 4096

struct dpdk_telemetry {
	int fd;
	pid_t pid;
	size_t max_output_len;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *reply;	 /* max_output_len + 1 */
	double retry_at; /* monotonic seconds: when a lost connection may be tried again */
};

#define WHY(...)                                                                                             \
	do {                                                                                                 \
		snprintf(why, len, __VA_ARGS__);                                                             \
		goto fail;                                                                                   \
	} while (0)

/*
 * Parses a reply {"/cmd": value} and returns its value, the first (only) member: DPDK keys each reply by the
 * command it answers. The caller frees j (also after a failure).
 */
static int parse_reply(struct jsonr *j, const char *text, size_t n)
{
	int err;

	j->max_tok = TELEMETRY_TOKENS;
	err = jsonr_parse(j, text, n);
	if (err == -ENOMEM)
		return err;
	if (err < 0 || !jsonr_is(j, 0, JSONR_OBJECT) || j->tok[0].count != 1)
		return -EINVAL;
	return 2;
}

int dpdk_parse_greeting(const char *text, size_t n, pid_t *pid, size_t *max_output_len)
{
	struct jsonr j = {.max_tok = 64};
	uint64_t v = 0, max = 0;
	char version[64];
	int ok, vt;

	ok = jsonr_parse(&j, text, n) == 0;
	vt = ok ? jsonr_member(&j, 0, "version") : -1;
	jsonr_string(&j, vt, version, sizeof(version));
	ok = jsonr_is(&j, vt, JSONR_STRING) && strncmp(version, "DPDK", 4) == 0 &&
	     jsonr_u64_exact(&j, jsonr_member(&j, 0, "max_output_len"), &max) && max >= 64;
	if (ok)
		*pid = jsonr_u64_exact(&j, jsonr_member(&j, 0, "pid"), &v) ? (pid_t)v : 0;
	jsonr_free(&j);
	if (!ok)
		return -EINVAL;
	/* DPDK's is 16 KiB; a larger one is capped rather than trusted for an allocation. */
	*max_output_len = max > (1u << 20) ? (1u << 20) : (size_t)max;
	return 0;
}

int dpdk_parse_port_list(const char *text, size_t n, int *ports, int max)
{
	struct jsonr j = {0};
	int list = parse_reply(&j, text, n), count = 0;

	if (list >= 0 && !jsonr_is(&j, list, JSONR_ARRAY))
		list = -EINVAL;
	for (int e = list >= 0 ? jsonr_first(&j, list) : -1; e >= 0 && count < max;
	     e = jsonr_next(&j, list, e)) {
		uint64_t port;

		if (jsonr_u64_exact(&j, e, &port) && port < 65536)
			ports[count++] = (int)port;
	}
	jsonr_free(&j);
	return list < 0 ? list : count;
}

int dpdk_parse_stats(const char *text, size_t n, struct dpdk_port_sample *p)
{
	struct jsonr j = {0};
	int stats = parse_reply(&j, text, n), queues, e, nonzero = 0;

	if (stats < 0 || !jsonr_u64_exact(&j, jsonr_member(&j, stats, "ipackets"), &p->rx_packets)) {
		jsonr_free(&j);
		return -EINVAL;
	}
	jsonr_u64_exact(&j, jsonr_member(&j, stats, "ibytes"), &p->rx_bytes);
	jsonr_u64_exact(&j, jsonr_member(&j, stats, "imissed"), &p->imissed);
	jsonr_u64_exact(&j, jsonr_member(&j, stats, "ierrors"), &p->ierrors);
	jsonr_u64_exact(&j, jsonr_member(&j, stats, "rx_nombuf"), &p->rx_nombuf);
	queues = jsonr_member(&j, stats, "q_ipackets");
	e = jsonr_first(&j, queues);
	for (int q = 0; q < SNAP_MAX_DPDK_QUEUES; q++) {
		p->queue_rx_packets[q] = 0;
		if (jsonr_u64_exact(&j, e, &p->queue_rx_packets[q]) && p->queue_rx_packets[q])
			nonzero = q + 1;
		if (e >= 0)
			e = jsonr_next(&j, queues, e);
	}
	/* q_ipackets always has 16 entries: the queues are the ones that counted, until /ethdev/info says. */
	p->nqueues = nonzero ? nonzero : 1;
	jsonr_free(&j);
	return 0;
}

int dpdk_parse_xstats(const char *text, size_t n, struct dpdk_port_sample *p)
{
	struct jsonr j = {0};
	int xstats = parse_reply(&j, text, n), key, found = 0;

	if (xstats < 0 || !jsonr_is(&j, xstats, JSONR_OBJECT)) {
		jsonr_free(&j);
		return -EINVAL;
	}
	key = xstats + 1;
	for (int i = 0; i < j.tok[xstats].count; i++, key = j.tok[key + 1].next) {
		char name[64];
		unsigned int q;
		int used = 0;
		uint64_t v;

		jsonr_string(&j, key, name, sizeof(name));
		if (sscanf(name, "rx_q%u_packets%n", &q, &used) != 1 || name[used] ||
		    q >= SNAP_MAX_DPDK_QUEUES || !jsonr_u64_exact(&j, key + 1, &v))
			continue;
		if (!found++)
			memset(p->queue_rx_packets, 0, sizeof(p->queue_rx_packets));
		p->queue_rx_packets[q] = v;
		if ((int)q + 1 > p->nqueues)
			p->nqueues = (int)q + 1;
	}
	jsonr_free(&j);
	return 0;
}

int dpdk_parse_info(const char *text, size_t n, struct dpdk_port_sample *p)
{
	struct jsonr j = {0};
	int info = parse_reply(&j, text, n), name;
	uint64_t nq;

	if (info < 0 || !jsonr_is(&j, info, JSONR_OBJECT)) {
		jsonr_free(&j);
		return -EINVAL;
	}
	name = jsonr_member(&j, info, "name");
	if (jsonr_is(&j, name, JSONR_STRING))
		jsonr_string(&j, name, p->name, sizeof(p->name));
	if (jsonr_u64_exact(&j, jsonr_member(&j, info, "nb_rx_queues"), &nq) && nq >= 1)
		p->nqueues = nq < SNAP_MAX_DPDK_QUEUES ? (int)nq : SNAP_MAX_DPDK_QUEUES;
	jsonr_free(&j);
	return 0;
}

/* Socket inodes among pid's open files. */
static int socket_inodes(pid_t pid, unsigned long *inodes, int max)
{
	char dir[64], link[128], target[64];
	struct dirent *e;
	int n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < max) {
		ssize_t r;

		if (e->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%.20s", dir, e->d_name);
		r = readlink(link, target, sizeof(target) - 1);
		if (r <= 0)
			continue;
		target[r] = '\0';
		if (sscanf(target, "socket:[%lu]", &inodes[n]) == 1)
			n++;
	}
	closedir(d);
	return n;
}

/* A path of /proc/PID/net/unix whose inode pid holds and whose name is DPDK's telemetry socket. */
static int socket_from_fds(pid_t pid, char *out, size_t len)
{
	unsigned long inodes[256];
	int n = socket_inodes(pid, inodes, 256), rc = -ENOENT;
	char file[64], line[512];
	FILE *f;

	if (n <= 0)
		return -ENOENT;
	snprintf(file, sizeof(file), "/proc/%d/net/unix", (int)pid);
	f = fopen(file, "re");
	if (!f)
		return -ENOENT;
	while (rc && fgets(line, sizeof(line), f)) {
		char path[256] = "";
		unsigned long inode;
		const char *base;

		/* Num RefCount Protocol Flags Type St Inode Path */
		if (sscanf(line, "%*s %*s %*s %*s %*s %*s %lu %255s", &inode, path) != 2)
			continue;
		base = strrchr(path, '/');
		if (!base || strncmp(base + 1, TELEMETRY_NAME, strlen(TELEMETRY_NAME)) != 0)
			continue;
		for (int i = 0; i < n; i++)
			if (inodes[i] == inode && (size_t)snprintf(out, len, "%s", path) < len)
				rc = 0;
	}
	fclose(f);
	return rc;
}

/* --file-prefix=NAME or --file-prefix NAME on pid's command line: its runtime directory's socket. */
static int socket_from_cmdline(pid_t pid, char *out, size_t len)
{
	char file[64], args[4096], *prefix = NULL;
	struct stat st;
	ssize_t n;
	int fd;

	snprintf(file, sizeof(file), "/proc/%d/cmdline", (int)pid);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ENOENT;
	n = read(fd, args, sizeof(args) - 1);
	close(fd);
	if (n <= 0)
		return -ENOENT;
	args[n] = '\0';
	for (char *a = args; a < args + n; a += strlen(a) + 1) {
		if (strncmp(a, "--file-prefix=", 14) == 0)
			prefix = a + 14;
		else if (strcmp(a, "--file-prefix") == 0 && a + strlen(a) + 1 < args + n)
			prefix = a + strlen(a) + 1;
	}
	if (!prefix || !*prefix || strchr(prefix, '/'))
		return -ENOENT;
	/* Root's runtime directory; rxtop runs as root, and so does a DPDK process on a real NIC. */
	if ((size_t)snprintf(out, len, "/var/run/dpdk/%s/" TELEMETRY_NAME, prefix) >= len ||
	    stat(out, &st) < 0 || !S_ISSOCK(st.st_mode))
		return -ENOENT;
	return 0;
}

int dpdk_telemetry_socket_of(pid_t pid, char *out, size_t len)
{
	if (socket_from_fds(pid, out, len) == 0)
		return 0;
	return socket_from_cmdline(pid, out, len);
}

static int wait_readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int r;

	do
		r = poll(&p, 1, TELEMETRY_TIMEOUT_MS);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return r == 0 ? -ETIMEDOUT : 0;
}

/* One message: SOCK_SEQPACKET keeps the boundaries, so one recv is one whole reply (or its first bytes). */
static ssize_t receive(struct dpdk_telemetry *t)
{
	ssize_t n;
	int r = wait_readable(t->fd);

	if (r < 0)
		return r;
	n = recv(t->fd, t->reply, t->max_output_len, 0);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ECONNRESET;
	t->reply[n] = '\0';
	return n;
}

static const char *connect_error(int err)
{
	switch (err) {
	case EPROTOTYPE:
		return "a unix socket of another type (DPDK's telemetry is SOCK_SEQPACKET): not a DPDK "
		       "telemetry socket";
	case ECONNREFUSED:
		return "nothing listens on it (the DPDK process is gone, or this is not a socket file)";
	default:
		return strerror(err);
	}
}

struct dpdk_telemetry *dpdk_telemetry_open(const char *path, char *why, size_t len)
{
	struct dpdk_telemetry *t = calloc(1, sizeof(*t));
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	char greeting[1024];
	struct stat st;
	ssize_t n;

	if (!t)
		WHY("out of memory");
	t->fd = -1;
	if (strlen(path) >= sizeof(addr.sun_path))
		WHY("the path is longer than a unix socket address allows (%zu bytes)",
		    sizeof(addr.sun_path) - 1);
	if (stat(path, &st) < 0 && errno == ENOENT)
		WHY("no such file (is the DPDK process running, without --no-telemetry?)");
	if (stat(path, &st) < 0)
		WHY("%s", strerror(errno));
	if (!S_ISSOCK(st.st_mode))
		WHY("not a socket (a %s): not a DPDK telemetry socket", S_ISDIR(st.st_mode) ? "directory"
									: S_ISREG(st.st_mode)
									    ? "regular file"
									    : "special file");
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	snprintf(t->path, sizeof(t->path), "%s", path);
	t->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (t->fd < 0)
		WHY("socket: %s", strerror(errno));
	if (connect(t->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		WHY("%s", connect_error(errno));
	if (wait_readable(t->fd) < 0)
		WHY("it sent no greeting within %d ms: not a DPDK telemetry socket", TELEMETRY_TIMEOUT_MS);
	n = recv(t->fd, greeting, sizeof(greeting) - 1, 0);
	if (n == 0)
		WHY("it closed the connection at once (DPDK serves a few clients at a time: is another "
		    "telemetry client connected?)");
	if (n < 0)
		WHY("recv: %s", strerror(errno));
	if (dpdk_parse_greeting(greeting, (size_t)n, &t->pid, &t->max_output_len) < 0)
		WHY("its greeting is not DPDK's {\"version\": \"DPDK ...\", \"max_output_len\": N}: not a "
		    "DPDK "
		    "telemetry socket");
	t->reply = malloc(t->max_output_len + 1);
	if (!t->reply)
		WHY("out of memory");
	return t;
fail:
	dpdk_telemetry_close(t);
	return NULL;
}

pid_t dpdk_telemetry_pid(const struct dpdk_telemetry *t)
{
	return t->pid;
}

const char *dpdk_telemetry_path(const struct dpdk_telemetry *t)
{
	return t->path;
}

/* Sends cmd and returns the length of its reply in t->reply, or -errno. */
static ssize_t query(struct dpdk_telemetry *t, const char *cmd)
{
	if (send(t->fd, cmd, strlen(cmd), MSG_NOSIGNAL) < 0)
		return -errno;
	return receive(t);
}

static int read_port(struct dpdk_telemetry *t, int port, struct dpdk_port_sample *p)
{
	char cmd[48];
	ssize_t n;

	memset(p, 0, sizeof(*p));
	p->port = port;
	snprintf(cmd, sizeof(cmd), "/ethdev/stats,%d", port);
	n = query(t, cmd);
	if (n < 0)
		return (int)n;
	if (dpdk_parse_stats(t->reply, (size_t)n, p) < 0)
		return -EINVAL;
	/* Optional: a driver without per-queue xstats, or an older DPDK without /ethdev/info, still counts.
	 */
	snprintf(cmd, sizeof(cmd), "/ethdev/xstats,%d", port);
	n = query(t, cmd);
	if (n < 0)
		return (int)n;
	dpdk_parse_xstats(t->reply, (size_t)n, p);
	snprintf(cmd, sizeof(cmd), "/ethdev/info,%d", port);
	n = query(t, cmd);
	if (n < 0)
		return (int)n;
	dpdk_parse_info(t->reply, (size_t)n, p);
	return 0;
}

/*
 * A reply that did not come in time (the process starved of CPU, or stopped) loses the connection: connect
 * again, to the same process only (another one may serve the path since), at most every TELEMETRY_RETRY_S.
 */
static int reconnect(struct dpdk_telemetry *t)
{
	struct dpdk_telemetry *fresh;
	char why[160];
	double now = monotonic_seconds();
	char *reply;

	if (now < t->retry_at)
		return -ENOTCONN;
	t->retry_at = now + TELEMETRY_RETRY_S;
	fresh = dpdk_telemetry_open(t->path, why, sizeof(why));
	if (!fresh)
		return -ENOTCONN;
	if (fresh->pid != t->pid) {
		dpdk_telemetry_close(fresh);
		return -ESRCH;
	}
	t->fd = fresh->fd;
	fresh->fd = -1;
	reply = t->reply;
	t->reply = fresh->reply;
	fresh->reply = reply;
	t->max_output_len = fresh->max_output_len;
	dpdk_telemetry_close(fresh);
	return 0;
}

int dpdk_telemetry_read(struct dpdk_telemetry *t, struct dpdk_sample *out)
{
	int ports[SNAP_MAX_DPDK_PORTS], nports, err;
	ssize_t n;

	if (t->fd < 0 && reconnect(t) < 0)
		return -ENOTCONN;
	n = query(t, "/ethdev/list");
	if (n < 0)
		goto lost;
	nports = dpdk_parse_port_list(t->reply, (size_t)n, ports, SNAP_MAX_DPDK_PORTS);
	if (nports < 0)
		return nports;
	out->nports = 0;
	for (int i = 0; i < nports; i++) {
		err = read_port(t, ports[i], &out->ports[out->nports]);
		if (err == -EINVAL)
			continue;
		if (err < 0) {
			n = err;
			goto lost;
		}
		out->nports++;
	}
	return 0;
lost:
	/* The process went away or stopped answering: this reading keeps what it last said. */
	close(t->fd);
	t->fd = -1;
	t->retry_at = monotonic_seconds() + TELEMETRY_RETRY_S;
	return (int)n;
}

void dpdk_telemetry_close(struct dpdk_telemetry *t)
{
	if (!t)
		return;
	if (t->fd >= 0)
		close(t->fd);
	free(t->reply);
	free(t);
}
