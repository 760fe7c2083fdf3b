// SPDX-License-Identifier: GPL-2.0-only
/* What a killed DPDK process leaves behind, and its removal: the af_xdp PMD's XDP program, EAL's runtime dir.
 */
#ifndef RXTOP_DPDK_LEFTOVERS_H
#define RXTOP_DPDK_LEFTOVERS_H

#include <stdint.h>

/* The id of the XDP program attached to ifindex, 0 when none. */
uint32_t dpdk_attached_xdp_id(int ifindex);
/*
 * Detaches the af_xdp PMD's program (libxdp's xsk_def_prog, the only one it may remove) from ifindex when one
 * is attached and it is not id_before, the program that was there before the DPDK process started.
 */
void dpdk_detach_leftover_xsk_program(int ifindex, uint32_t id_before);
/* Removes a directory and the files in it (EAL's runtime directory holds no subdirectories). */
void dpdk_remove_runtime_dir(const char *dir);

#endif
