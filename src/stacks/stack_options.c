// SPDX-License-Identifier: GPL-2.0-only
/* Parses the receiver stacks' options into a struct stack_config. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stack_options.h"

void stack_config_defaults(struct stack_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->port = 9000;
	cfg->batch = 64;
	cfg->ring_size = 2048;
	cfg->frame_size = 4096;
	cfg->buffers = 4096;
	cfg->busy_poll_budget = 64;
	cfg->need_wakeup = true;
	cfg->xsks_map_fd = -1;
	cfg->duration_s = 5;
	snprintf(cfg->dpdk_pmd, sizeof(cfg->dpdk_pmd), "af_xdp");
}

/* Whole positive number in [min, max], or -EINVAL. */
static long parse_bounded(const char *arg, long min, long max)
{
	char *end = NULL;
	long v;

	if (!arg || !*arg)
		return -EINVAL;
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	return v;
}

int parse_int_list(const char *text, int *out, int max)
{
	char buf[256], *save = NULL, *tok;
	int n = 0;

	if (!text || snprintf(buf, sizeof(buf), "%s", text) >= (int)sizeof(buf))
		return -EINVAL;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-');
		long lo, hi;

		if (dash)
			*dash = '\0';
		lo = parse_bounded(tok, 0, 4095);
		hi = dash ? parse_bounded(dash + 1, 0, 4095) : lo;
		if (lo < 0 || hi < lo)
			return -EINVAL;
		for (long v = lo; v <= hi; v++) {
			if (n >= max)
				return -EINVAL;
			out[n++] = (int)v;
		}
	}
	return n > 0 ? n : -EINVAL;
}

#define BAD(...)                                                                                             \
	do {                                                                                                 \
		snprintf(err, len, __VA_ARGS__);                                                             \
		return -EINVAL;                                                                              \
	} while (0)

/* Whole number in [min, max] into *field; the message names the option. */
static int set_number(int *field, const char *name, const char *arg, long min, long max, char *err,
		      size_t len)
{
	long v = parse_bounded(arg, min, max);

	if (v < 0)
		BAD("--%s '%s' is not a whole number from %ld to %ld", name, arg ? arg : "", min, max);
	*field = (int)v;
	return 0;
}

/* Each option's parser: t is the struct stack_config being filled. */
#define CFG ((struct stack_config *)t)
/* A flag that sets one field of struct stack_config to a value. */
#define FLAG(fn, field, value)                                                                               \
	static int fn(void *t, const char *arg, char *err, size_t len)                                       \
	{                                                                                                    \
		(void)arg, (void)err, (void)len;                                                             \
		CFG->field = value;                                                                          \
		return 0;                                                                                    \
	}
/* A whole number in [min, max]. */
#define NUMBER(fn, field, name, min, max)                                                                    \
	static int fn(void *t, const char *arg, char *err, size_t len)                                       \
	{                                                                                                    \
		return set_number(&CFG->field, name, arg, min, max, err, len);                               \
	}

FLAG(apply_zerocopy, zerocopy, 1)
FLAG(apply_copy, zerocopy, -1)
FLAG(apply_need_wakeup, need_wakeup, true)
FLAG(apply_no_need_wakeup, need_wakeup, false)
FLAG(apply_rx_poll, rx_poll, true)
FLAG(apply_shared_umem, shared_umem, true)
FLAG(apply_touch, touch, true)
FLAG(apply_sqpoll, sqpoll, true)
FLAG(apply_edge, edge_triggered, true)
FLAG(apply_level, edge_triggered, false)
NUMBER(apply_busy_poll_budget, busy_poll_budget, "busy-poll-budget", 1, 1024)
NUMBER(apply_batch, batch, "batch", 1, 1024)
NUMBER(apply_buffers, buffers, "buffers", 16, 32768)
NUMBER(apply_rcvbuf, rcvbuf, "rcvbuf", 1024, 1 << 30)

static int apply_xdp_mode(void *t, const char *arg, char *err, size_t len)
{
	if (strcmp(arg, "native") == 0)
		CFG->xdp_mode = 1;
	else if (strcmp(arg, "generic") == 0 || strcmp(arg, "skb") == 0)
		CFG->xdp_mode = 2;
	else if (strcmp(arg, "auto") == 0)
		CFG->xdp_mode = 0;
	else
		BAD("--xdp-mode '%s' is unknown; use native, generic or auto", arg);
	return 0;
}

static int apply_xdp_program(void *t, const char *arg, char *err, size_t len)
{
	if (strcmp(arg, "rxtop") == 0)
		CFG->libxdp_program = false;
	else if (strcmp(arg, "libxdp") == 0)
		CFG->libxdp_program = true;
	else
		BAD("--xdp-program '%s' is unknown; use rxtop (counts per queue at XDP) or libxdp "
		    "(xsk_def_prog, as DPDK's af_xdp PMD)",
		    arg);
	return 0;
}

static int apply_busy_poll(void *t, const char *arg, char *err, size_t len)
{
	CFG->busy_poll = true;
	CFG->busy_poll_us = 20;
	return arg ? set_number(&CFG->busy_poll_us, "busy-poll", arg, 1, 1000000, err, len) : 0;
}

static int apply_ring_size(void *t, const char *arg, char *err, size_t len)
{
	if (set_number(&CFG->ring_size, "ring-size", arg, 16, 65536, err, len) < 0)
		return -EINVAL;
	if (CFG->ring_size & (CFG->ring_size - 1))
		BAD("--ring-size %d is not a power of two; try %d", CFG->ring_size, 2048);
	return 0;
}

static int apply_frame_size(void *t, const char *arg, char *err, size_t len)
{
	if (set_number(&CFG->frame_size, "frame-size", arg, 2048, 65536, err, len) < 0)
		return -EINVAL;
	if (CFG->frame_size & (CFG->frame_size - 1))
		BAD("--frame-size %d is not a power of two; use 2048 or 4096", CFG->frame_size);
	return 0;
}

static int apply_proto(void *t, const char *arg, char *err, size_t len)
{
	if (strcmp(arg, "udp") == 0)
		CFG->proto = STACK_PROTO_UDP;
	else if (strcmp(arg, "tcp") == 0)
		CFG->proto = STACK_PROTO_TCP;
	else
		BAD("--proto '%s' is unknown; use udp or tcp", arg);
	return 0;
}

static int apply_dpdk_pmd(void *t, const char *arg, char *err, size_t len)
{
	if (strcmp(arg, "af_xdp") && strcmp(arg, "af_packet") && strcmp(arg, "pci"))
		BAD("--dpdk-pmd '%s' is unknown; use af_xdp, af_packet or pci", arg);
	snprintf(CFG->dpdk_pmd, sizeof(CFG->dpdk_pmd), "%s", arg);
	return 0;
}

static int apply_dpdk_args(void *t, const char *arg, char *err, size_t len)
{
	if (snprintf(CFG->dpdk_args, sizeof(CFG->dpdk_args), "%s", arg) >= (int)sizeof(CFG->dpdk_args))
		BAD("--dpdk-args is longer than %zu characters", sizeof(CFG->dpdk_args) - 1);
	return 0;
}

static int apply_port(void *t, const char *arg, char *err, size_t len)
{
	int port = 0;

	if (set_number(&port, "port", arg, 1, 65535, err, len) < 0)
		return -EINVAL;
	CFG->port = (uint16_t)port;
	return 0;
}

const struct cli_option stack_cli_options[] = {
    {.name = "touch", .help = "read every payload byte (makes copy costs visible)", .apply = apply_touch},
    {.name = "batch",
     .arg = "N",
     .help = "packets per receive call, 1 to 1024 (default 64)",
     .apply = apply_batch},
    {.name = "ring-size",
     .arg = "N",
     .help = "AF_XDP ring / io_uring ring entries, a power of two (default 2048)",
     .apply = apply_ring_size},
    {.name = "rcvbuf",
     .arg = "BYTES",
     .help = "SO_RCVBUF of socket receivers (default: 4194304 for UDP in run, else the system's)",
     .apply = apply_rcvbuf},
    {.name = "busy-poll",
     .arg = "US",
     .arg_optional = true,
     .help =
	 "busy polling for US microseconds (default 20): SO_BUSY_POLL, SO_PREFER_BUSY_POLL, io_uring NAPI",
     .apply = apply_busy_poll},
    {.name = "busy-poll-budget",
     .arg = "N",
     .help = "packets per busy poll, 1 to 1024 (default 64)",
     .apply = apply_busy_poll_budget},
    {.name = "proto",
     .arg = "udp|tcp",
     .help = "the socket stacks' protocol (default udp)",
     .apply = apply_proto,
     .values = CLI_VALUES_WORDS,
     .words = "udp tcp"},
    {.name = "port", .arg = "N", .help = "UDP/TCP port (default 9000)", .apply = apply_port},
    {.name = "xdp-mode",
     .arg = "native|generic|auto",
     .help = "afxdp: attach mode of the redirecting XDP program (skb = generic; default auto)",
     .apply = apply_xdp_mode,
     .values = CLI_VALUES_WORDS,
     .words = "native generic skb auto"},
    {.name = "xdp-program",
     .arg = "rxtop|libxdp",
     .help = "afxdp: whose XDP program redirects to the sockets: rxtop's counter (default) or libxdp's "
	     "xsk_def_prog, as DPDK's af_xdp PMD runs (no count at XDP)",
     .apply = apply_xdp_program,
     .values = CLI_VALUES_WORDS,
     .words = "rxtop libxdp"},
    {.name = "zerocopy",
     .help = "afxdp: insist on zero-copy (default: zero-copy where the driver has it)",
     .apply = apply_zerocopy},
    {.name = "copy", .help = "afxdp: copy mode", .apply = apply_copy},
    {.name = "need-wakeup", .help = "afxdp: the need_wakeup flag on (default)", .apply = apply_need_wakeup},
    {.name = "no-need-wakeup", .help = "afxdp: the need_wakeup flag off", .apply = apply_no_need_wakeup},
    {.name = "poll",
     .help = "afxdp: sleep in poll() while the rx ring is empty, as xdpsock -p (default: spin on it)",
     .apply = apply_rx_poll},
    {.name = "frame-size",
     .arg = "N",
     .help = "afxdp: UMEM frame size, 2048 or 4096 (default 4096)",
     .apply = apply_frame_size},
    {.name = "shared-umem",
     .help = "afxdp: one UMEM for all the queues' sockets",
     .apply = apply_shared_umem},
    {.name = "buffers",
     .arg = "N",
     .help = "iouring: provided buffers, 16 to 32768 (default 4096)",
     .apply = apply_buffers},
    {.name = "sqpoll", .help = "iouring: a kernel thread polls the submission queue", .apply = apply_sqpoll},
    {.name = "edge", .help = "epoll: edge-triggered", .apply = apply_edge},
    {.name = "level", .help = "epoll: level-triggered (default)", .apply = apply_level},
    {.name = "dpdk-pmd",
     .arg = "af_xdp|af_packet|pci",
     .help = "dpdk: the poll-mode driver (default af_xdp)",
     .apply = apply_dpdk_pmd,
     .values = CLI_VALUES_WORDS,
     .words = "af_xdp af_packet pci"},
    {.name = "dpdk-args",
     .arg = "'EAL ARGS'",
     .help = "dpdk: more EAL arguments, split on spaces",
     .apply = apply_dpdk_args},
};

_Static_assert(CLI_COUNT(stack_cli_options) == STACK_CLI_NOPTIONS, "STACK_CLI_NOPTIONS is the table's size");
