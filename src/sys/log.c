// SPDX-License-Identifier: GPL-2.0-only
/* One-line user messages on stderr and debug logging gated by RXTOP_DEBUG. */
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <xdp/libxdp.h>

#include "clock.h"
#include "log.h"

void log_user(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int debug_enabled(void)
{
	static int enabled = -1;

	if (enabled < 0)
		enabled = getenv("RXTOP_DEBUG") != NULL;
	return enabled;
}

void log_debug(const char *fmt, ...)
{
	static double start_ms = -1;
	va_list ap;

	if (!debug_enabled())
		return;
	/* Milliseconds since the first debug line: the phases of rxtop's start show in them. One line at a
	 * time: the probe loaders log from their own threads (session_load.c). */
	flockfile(stderr);
	if (start_ms < 0)
		start_ms = monotonic_seconds() * 1e3;
	fprintf(stderr, "debug: %.1f ms: ", monotonic_seconds() * 1e3 - start_ms);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

int log_failure(char *buf, size_t size, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return err;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!debug_enabled() || level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int libxdp_print(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	if (!debug_enabled() || level == LIBXDP_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void log_quiet_libs(void)
{
	libbpf_set_print(libbpf_print);
	libxdp_set_print(libxdp_print);
}
