/* One-line user messages on stderr and debug logging gated by RXTOP_DEBUG. */
#ifndef RXTOP_LOG_H
#define RXTOP_LOG_H

/* One line for the user: what, why, what to do. */
void log_user(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Only when RXTOP_DEBUG is set in the environment. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Routes libbpf/libxdp chatter to log_debug so users see one clean line. */
void log_quiet_libs(void);

#endif
