// SPDX-License-Identifier: GPL-2.0-only
/* The few state changes shared by the live view's key handling and its public calls: no drawing here. */
#include <stdio.h>
#include <time.h>

#include "tui_state.h"

double tui_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void tui_set_message(struct tui *t, const char *msg)
{
	snprintf(t->message, sizeof(t->message), "%s", msg);
	t->message_until = tui_now() + TUI_MESSAGE_SECONDS;
}
