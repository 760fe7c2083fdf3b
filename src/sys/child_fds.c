// SPDX-License-Identifier: GPL-2.0-only
/* rxtop's child processes drop the descriptors they inherited, so a BPF link rxtop closes is really gone. */
#include <unistd.h>

#include "child_fds.h"

void child_close_inherited_fds(int keep)
{
	if (keep < 3) {
		close_range(3, ~0U, 0);
		return;
	}
	if (keep > 3)
		close_range(3, (unsigned int)keep - 1, 0);
	close_range((unsigned int)keep + 1, ~0U, 0);
}
