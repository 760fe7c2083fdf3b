// SPDX-License-Identifier: GPL-2.0-only
/* rxtop's child processes drop the descriptors they inherited, so a BPF link rxtop closes is really gone. */
#ifndef RXTOP_CHILD_FDS_H
#define RXTOP_CHILD_FDS_H

/* Closes every fd above stderr except keep (-1: none). A child that kept rxtop's XDP link fd would keep the
 * program attached after rxtop detached it. */
void child_close_inherited_fds(int keep);

#endif
