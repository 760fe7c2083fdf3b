// SPDX-License-Identifier: GPL-2.0-only
/* One-line user messages on stderr and debug logging gated by RXTOP_DEBUG. */
#ifndef RXTOP_LOG_H
#define RXTOP_LOG_H

#include <stddef.h>

/* One line for the user: what, why, what to do. */
void log_user(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Only when RXTOP_DEBUG is set in the environment. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Formats a one-line failure into a module's last-error text (buf, what its *_error() returns) and returns
 * err, so a module can `return log_failure(last_error, sizeof(last_error), -ENOENT, "...")`.
 */
int log_failure(char *buf, size_t size, int err, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Routes libbpf/libxdp chatter to log_debug so users see one clean line. */
void log_quiet_libs(void);

#endif
