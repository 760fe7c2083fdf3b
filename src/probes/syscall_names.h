// SPDX-License-Identifier: GPL-2.0-only
/* Syscall number -> name for this build's architecture, from a table generated out of the installed
 * <asm/unistd.h>. */
#ifndef RXTOP_SYSCALL_NAMES_H
#define RXTOP_SYSCALL_NAMES_H

/* The syscall's name ("getppid"), or NULL when the headers rxtop was built with do not know nr. */
const char *syscall_name(long nr);

/* Writes the name of nr into buf, or "sys_<nr>" when unknown; returns buf. */
char *syscall_name_format(long nr, char *buf, unsigned long size);

/* The number of the syscall called name, or -1. */
long syscall_number(const char *name);

#endif
