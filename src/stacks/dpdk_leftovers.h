// SPDX-License-Identifier: GPL-2.0-only
/* What a killed DPDK process leaves behind, and its removal: the af_xdp PMD's XDP program, EAL's runtime dir.
 */
#ifndef RXTOP_DPDK_LEFTOVERS_H
#define RXTOP_DPDK_LEFTOVERS_H

#include <stdint.h>
#include <sys/types.h>

#include "exit_watcher.h"

/* The id of the XDP program attached to ifindex, 0 when none. */
uint32_t dpdk_attached_xdp_id(int ifindex);
/*
 * Detaches the af_xdp PMD's program (libxdp's xsk_def_prog, the only one it may remove) from ifindex when one
 * is attached and it is not id_before, the program that was there before the DPDK process started.
 */
void dpdk_detach_leftover_xsk_program(int ifindex, uint32_t id_before);
/* Removes a directory and the files in it (EAL's runtime directory holds no subdirectories). */
void dpdk_remove_runtime_dir(const char *dir);

/*
 * A grandchild in its own session, immune to the signals that end a run, that cleans up after a receiver
 * that may die by SIGKILL (it dies with rxtop) and so cannot clean up itself. When the pipe closes (the
 * caller's finish, or its death) it detaches the xsk_def_prog that appeared on ifindex since the start (none
 * when ifindex is 0) and removes runtime_dir (when not NULL).
 */
struct leftovers_janitor {
	struct exit_watcher watcher;
};

/* Reads the XDP program attached now, so the pass only removes one that appeared later. 0 or -errno. */
int leftovers_janitor_start(struct leftovers_janitor *j, int ifindex, const char *runtime_dir);
/* The normal path: runs the janitor's pass now and waits for it. Safe when it never started. */
void leftovers_janitor_finish(struct leftovers_janitor *j);

#endif
