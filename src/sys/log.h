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
 * rxtop's one error convention: a function that can fail returns 0 (or a count, or a pointer) on success and
 * a negative errno (or NULL) on failure, and takes `char *err, size_t len` from its caller when the failure
 * deserves a sentence, which it writes there as one line (what, why, what to do). The caller decides whether
 * and how to print it; only commands call log_user. No module keeps a last-error text of its own.
 * The one exception crosses a fork: a child process (a receiver, the generator) writes its sentence into the
 * shared memory its parent reads (stack_shm.message, gen_shared's error), since it has no caller's buffer.
 *
 * log_failure formats that line into buf and returns err, so a function can
 * `return log_failure(err, len, -ENOENT, "...")`.
 */
int log_failure(char *buf, size_t size, int err, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Routes libbpf/libxdp chatter to log_debug so users see one clean line. */
void log_quiet_libs(void);

#endif
