// SPDX-License-Identifier: GPL-2.0-only
/* A session's lab generator: started, restarted with its counts carried over, stopped and drained. */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "lab.h"
#include "log.h"
#include "session.h"

/* TCP connections of the lab sender: at least two per rx queue, so that their hashes spread over the queues.
 */
static unsigned int tcp_connections(const struct session *s, int queues)
{
	unsigned int n = (unsigned int)(queues > 0 ? 2 * queues : 2);

	return s->opts.gen_flows > 0 ? (unsigned int)s->opts.gen_flows : n;
}

/* A stopped generator's counts go on in the session's totals, so a restarted one continues the ledger. */
static void retire_generator(struct session *s)
{
	struct gen_result res;

	if (!s->gen.shared)
		return;
	session_stop_generator(s);
	gen_result(&s->gen, &res);
	s->collector.gen_sent_before += res.sent;
	s->gen_bytes_before += res.bytes;
	s->gen_late_before += res.late;
	gen_close(&s->gen);
	s->collector.gen = NULL;
}

void session_generator_totals(const struct session *s, uint64_t *sent, uint64_t *bytes, uint64_t *late)
{
	struct gen_result res = {0};

	if (s->gen.shared)
		gen_result(&s->gen, &res);
	if (sent)
		*sent = s->collector.gen_sent_before + res.sent;
	if (bytes)
		*bytes = s->gen_bytes_before + res.bytes;
	if (late)
		*late = s->gen_late_before + res.late;
}

int session_gen_start(struct session *s, char *err, size_t len)
{
	struct gen_config cfg;
	int queues = 0, rc;

	retire_generator(s);
	gen_config_init(&cfg);
	snprintf(cfg.iface, sizeof(cfg.iface), "%s", LAB_PEER_IFACE);
	snprintf(cfg.netns, sizeof(cfg.netns), "%s", LAB_NETNS);
	cfg.size = (unsigned int)s->opts.gen_size;
	cfg.rate_pps = s->opts.gen_rate;
	cfg.engine = s->opts.gen_engine;
	lab_exists(&queues);
	cfg.flows =
	    s->opts.gen_flows > 0 ? (unsigned int)s->opts.gen_flows : (unsigned int)(queues > 0 ? queues : 1);
	if (lab_iface_mac(cfg.dst_mac) == 0)
		cfg.have_dst_mac = 1;
	s->gen_tcp = s->opts.stack.proto == STACK_PROTO_TCP;
	if (s->gen_tcp) {
		/* The receivers' port on the lab's address, from the generator's namespace. */
		cfg.tcp = 1;
		cfg.port = s->opts.stack.port;
		cfg.flows = tcp_connections(s, queues);
	}
	rc = gen_start(&cfg, &s->gen);
	if (rc < 0) {
		snprintf(err, len, "rxtop: the lab generator did not start: %s", gen_error(&s->gen));
		return -rc;
	}
	s->gen_running = true;
	/* TCP segments are not the frames the ledger counts: its bytes are the comparison's
	 * (session_compare.c). */
	if (!s->gen_tcp)
		s->collector.gen = &s->gen;
	return 0;
}

int session_set_generator(struct session *s, uint64_t rate, int size)
{
	char err[256];

	if (!s->opts.lab || !s->collector.gen || s->gen_tcp)
		return -EINVAL;
	if (size == s->opts.gen_size && s->gen_running) {
		s->opts.gen_rate = rate;
		return gen_set_rate(&s->gen, rate);
	}
	/* A new frame size needs new frames: restart, carrying what was sent so the ledger goes on. */
	s->opts.gen_rate = rate;
	s->opts.gen_size = size;
	if (session_gen_start(s, err, sizeof(err))) {
		log_debug("%s", err);
		return -EIO;
	}
	return 0;
}

int session_start_generator(struct session *s, char *err, size_t len)
{
	return s->opts.lab && !s->collector.gen ? session_gen_start(s, err, len) : 0;
}

/* The bytes the running receivers have read, from their shared counters. */
static uint64_t stacks_rx_bytes(const struct session *s)
{
	uint64_t bytes = 0;

	for (int i = 0; i < s->opts.nstacks; i++) {
		const struct stack_shm *shm = s->children[i].shm;

		for (uint32_t q = 0; shm && q < shm->nqueues && q < STACK_MAX_QUEUES; q++)
			bytes += __atomic_load_n(&shm->queues[q].bytes, __ATOMIC_RELAXED);
	}
	return bytes;
}

/* After a TCP sender drained: the receivers read what the kernel acknowledged for them (at most 1 s). */
static void wait_receivers_read(const struct session *s)
{
	struct timespec tick = {.tv_nsec = 10 * 1000 * 1000};
	uint64_t last = stacks_rx_bytes(s), now;
	int quiet = 0;

	for (int waited = 0; waited < 1000 && quiet < 5; waited += 10) {
		nanosleep(&tick, NULL);
		now = stacks_rx_bytes(s);
		quiet = now == last ? quiet + 1 : 0;
		last = now;
	}
}

void session_stop_generator(struct session *s)
{
	struct timespec drain = {.tv_nsec = 100 * 1000 * 1000};

	if (!s->gen_running)
		return;
	gen_stop(&s->gen);
	s->gen_running = false;
	if (s->gen_tcp) {
		wait_receivers_read(s);
		return;
	}
	/* Frames already handed to the veth are still in its rings: let NAPI finish them. */
	nanosleep(&drain, NULL);
}
