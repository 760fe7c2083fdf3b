// SPDX-License-Identifier: GPL-2.0-only
/* Parses the receiver stacks' options into a struct stack_config. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stack_options.h"

enum {
	OPT_XDP_MODE = STACK_OPT_BASE,
	OPT_ZEROCOPY,
	OPT_COPY,
	OPT_NEED_WAKEUP,
	OPT_NO_NEED_WAKEUP,
	OPT_BUSY_POLL,
	OPT_BUSY_POLL_BUDGET,
	OPT_BATCH,
	OPT_RING_SIZE,
	OPT_FRAME_SIZE,
	OPT_SHARED_UMEM,
	OPT_TOUCH,
	OPT_PROTO,
	OPT_BUFFERS,
	OPT_SQPOLL,
	OPT_RCVBUF,
	OPT_EDGE,
	OPT_LEVEL,
	OPT_DPDK_PMD,
	OPT_DPDK_ARGS,
	OPT_PORT,
};

const struct option stack_long_options[] = {
    {"xdp-mode", required_argument, NULL, OPT_XDP_MODE},
    {"zerocopy", no_argument, NULL, OPT_ZEROCOPY},
    {"copy", no_argument, NULL, OPT_COPY},
    {"need-wakeup", no_argument, NULL, OPT_NEED_WAKEUP},
    {"no-need-wakeup", no_argument, NULL, OPT_NO_NEED_WAKEUP},
    {"busy-poll", optional_argument, NULL, OPT_BUSY_POLL},
    {"busy-poll-budget", required_argument, NULL, OPT_BUSY_POLL_BUDGET},
    {"batch", required_argument, NULL, OPT_BATCH},
    {"ring-size", required_argument, NULL, OPT_RING_SIZE},
    {"frame-size", required_argument, NULL, OPT_FRAME_SIZE},
    {"shared-umem", no_argument, NULL, OPT_SHARED_UMEM},
    {"touch", no_argument, NULL, OPT_TOUCH},
    {"proto", required_argument, NULL, OPT_PROTO},
    {"buffers", required_argument, NULL, OPT_BUFFERS},
    {"sqpoll", no_argument, NULL, OPT_SQPOLL},
    {"rcvbuf", required_argument, NULL, OPT_RCVBUF},
    {"edge", no_argument, NULL, OPT_EDGE},
    {"level", no_argument, NULL, OPT_LEVEL},
    {"dpdk-pmd", required_argument, NULL, OPT_DPDK_PMD},
    {"dpdk-args", required_argument, NULL, OPT_DPDK_ARGS},
    {"port", required_argument, NULL, OPT_PORT},
    {NULL, 0, NULL, 0},
};

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

static int set_number(int *field, const char *name, const char *arg, long min, long max, char *err,
		      size_t len)
{
	long v = parse_bounded(arg, min, max);

	if (v < 0)
		BAD("--%s '%s' is not a whole number from %ld to %ld", name, arg ? arg : "", min, max);
	*field = (int)v;
	return 1;
}

int stack_option_apply(struct stack_config *cfg, int opt, const char *arg, char *err, size_t len)
{
	switch (opt) {
	case OPT_XDP_MODE:
		if (strcmp(arg, "native") == 0)
			cfg->xdp_mode = 1;
		else if (strcmp(arg, "generic") == 0 || strcmp(arg, "skb") == 0)
			cfg->xdp_mode = 2;
		else if (strcmp(arg, "auto") == 0)
			cfg->xdp_mode = 0;
		else
			BAD("--xdp-mode '%s' is unknown; use native, generic or auto", arg);
		return 1;
	case OPT_ZEROCOPY:
		cfg->zerocopy = 1;
		return 1;
	case OPT_COPY:
		cfg->zerocopy = -1;
		return 1;
	case OPT_NEED_WAKEUP:
		cfg->need_wakeup = true;
		return 1;
	case OPT_NO_NEED_WAKEUP:
		cfg->need_wakeup = false;
		return 1;
	case OPT_BUSY_POLL:
		cfg->busy_poll = true;
		cfg->busy_poll_us = 20;
		return arg ? set_number(&cfg->busy_poll_us, "busy-poll", arg, 1, 1000000, err, len) : 1;
	case OPT_BUSY_POLL_BUDGET:
		return set_number(&cfg->busy_poll_budget, "busy-poll-budget", arg, 1, 1024, err, len);
	case OPT_BATCH:
		return set_number(&cfg->batch, "batch", arg, 1, 1024, err, len);
	case OPT_RING_SIZE:
		if (set_number(&cfg->ring_size, "ring-size", arg, 16, 65536, err, len) < 0)
			return -EINVAL;
		if (cfg->ring_size & (cfg->ring_size - 1))
			BAD("--ring-size %d is not a power of two; try %d", cfg->ring_size, 2048);
		return 1;
	case OPT_FRAME_SIZE:
		if (set_number(&cfg->frame_size, "frame-size", arg, 2048, 65536, err, len) < 0)
			return -EINVAL;
		if (cfg->frame_size & (cfg->frame_size - 1))
			BAD("--frame-size %d is not a power of two; use 2048 or 4096", cfg->frame_size);
		return 1;
	case OPT_SHARED_UMEM:
		cfg->shared_umem = true;
		return 1;
	case OPT_TOUCH:
		cfg->touch = true;
		return 1;
	case OPT_PROTO:
		if (strcmp(arg, "udp") == 0)
			cfg->proto = STACK_PROTO_UDP;
		else if (strcmp(arg, "tcp") == 0)
			cfg->proto = STACK_PROTO_TCP;
		else
			BAD("--proto '%s' is unknown; use udp or tcp", arg);
		return 1;
	case OPT_BUFFERS:
		return set_number(&cfg->buffers, "buffers", arg, 16, 32768, err, len);
	case OPT_SQPOLL:
		cfg->sqpoll = true;
		return 1;
	case OPT_RCVBUF:
		return set_number(&cfg->rcvbuf, "rcvbuf", arg, 1024, 1 << 30, err, len);
	case OPT_EDGE:
		cfg->edge_triggered = true;
		return 1;
	case OPT_LEVEL:
		cfg->edge_triggered = false;
		return 1;
	case OPT_DPDK_PMD:
		if (strcmp(arg, "af_xdp") && strcmp(arg, "af_packet") && strcmp(arg, "pci"))
			BAD("--dpdk-pmd '%s' is unknown; use af_xdp, af_packet or pci", arg);
		snprintf(cfg->dpdk_pmd, sizeof(cfg->dpdk_pmd), "%s", arg);
		return 1;
	case OPT_DPDK_ARGS:
		if (snprintf(cfg->dpdk_args, sizeof(cfg->dpdk_args), "%s", arg) >=
		    (int)sizeof(cfg->dpdk_args))
			BAD("--dpdk-args is longer than %zu characters", sizeof(cfg->dpdk_args) - 1);
		return 1;
	case OPT_PORT: {
		int port = 0;

		if (set_number(&port, "port", arg, 1, 65535, err, len) < 0)
			return -EINVAL;
		cfg->port = (uint16_t)port;
		return 1;
	}
	default:
		return 0;
	}
}

void stack_options_help(FILE *out)
{
	fprintf(out,
		"Receiver options:\n"
		"  --touch                read every payload byte (makes copy costs visible)\n"
		"  --batch N              packets per receive call (default 64)\n"
		"  --ring-size N          AF_XDP ring / io_uring ring entries, power of two (default 2048)\n"
		"  --rcvbuf BYTES         SO_RCVBUF of socket receivers\n"
		"  --busy-poll[=US]       busy polling (SO_BUSY_POLL, SO_PREFER_BUSY_POLL, io_uring NAPI)\n"
		"  --busy-poll-budget N   packets per busy poll (default 64)\n"
		"  --proto udp|tcp        socket stacks' protocol (default udp)\n"
		"  --port N               UDP/TCP port (default 9000)\n"
		"  afxdp: --xdp-mode native|generic, --zerocopy|--copy, --need-wakeup|--no-need-wakeup,\n"
		"         --frame-size N, --shared-umem\n"
		"  iouring: --buffers N (provided buffers), --sqpoll\n"
		"  epoll: --edge|--level (triggering, default level)\n"
		"  dpdk: --dpdk-pmd af_xdp|af_packet|pci, --dpdk-args 'EAL ARGS'\n");
}
