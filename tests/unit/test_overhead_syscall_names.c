// SPDX-License-Identifier: GPL-2.0-only
/* Syscall number -> name against the kernel headers' own __NR_* macros. */
#include <asm/unistd.h>

#include "check.h"
#include "syscall_names.h"

int main(void)
{
	char buf[24];

	CHECK_STR("getppid", syscall_name(__NR_getppid) ? syscall_name(__NR_getppid) : "", "getppid");
	CHECK_STR("recvmmsg", syscall_name(__NR_recvmmsg) ? syscall_name(__NR_recvmmsg) : "", "recvmmsg");
	CHECK_STR("io_uring_enter",
		  syscall_name(__NR_io_uring_enter) ? syscall_name(__NR_io_uring_enter) : "",
		  "io_uring_enter");
	CHECK_STR("epoll_pwait", syscall_name(__NR_epoll_pwait) ? syscall_name(__NR_epoll_pwait) : "",
		  "epoll_pwait");
	CHECK_STR("read", syscall_name(__NR_read) ? syscall_name(__NR_read) : "", "read");
	CHECK("negative_unknown", syscall_name(-1) == NULL);
	CHECK("huge_unknown", syscall_name(100000) == NULL);
	CHECK_STR("format_known", syscall_name_format(__NR_getppid, buf, sizeof(buf)), "getppid");
	CHECK_STR("format_unknown", syscall_name_format(100000, buf, sizeof(buf)), "sys_100000");
	CHECK("number_of_name", syscall_number("getppid") == __NR_getppid);
	CHECK("number_of_nonsense", syscall_number("no_such_syscall") == -1);
	/* Every number below 1024 either has a name or is a gap; round trips hold. */
	for (long nr = 0; nr < 1024; nr++)
		if (syscall_name(nr) && syscall_number(syscall_name(nr)) != nr)
			CHECK("round_trip", 0);
	CHECK("round_trip", 1);
	return check_failures != 0;
}
