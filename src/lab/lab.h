// SPDX-License-Identifier: GPL-2.0-only
/* The built-in test bed: namespace rxtop-gen holding rxgen0, its veth peer rxlab0 in the caller's namespace.
 */
#ifndef RXTOP_LAB_H
#define RXTOP_LAB_H

#include <stdio.h>

#include "lab_names.h"

/* One rx and one tx queue per online CPU. */
int lab_default_queues(void);
/* Creates the lab with QUEUES rx/tx queues on both veth ends (<= 0: lab_default_queues()).
 * Already there with that many queues: repairs addresses/state only; with another count: recreates it. */
int lab_up(int queues);
/* Both return -EBUSY when other rxtop processes use the lab (up: only when it would change it);
 * lab_busy_holder() then names one: "rxtop pid N (its command line)". See lab_claim.h. */
const char *lab_busy_holder(void);
/* Removes the veth pair and the namespace, also half-created ones; 0 when nothing exists. */
int lab_down(void);
/* 1 when the whole lab exists (then *queues_out = its queue count, if not NULL), 0 when absent or partial. */
int lab_exists(int *queues_out);
/* MAC of rxlab0: the destination of frames the generator sends from rxgen0. */
int lab_iface_mac(unsigned char mac[LAB_MAC_LEN]);
/* Same as lab_iface_mac: rxlab0 is the generator's peer. */
int lab_peer_mac(unsigned char mac[LAB_MAC_LEN]);
/* MAC of rxgen0 (inside rxtop-gen): the source of generated frames. */
int lab_peer_iface_mac(unsigned char mac[LAB_MAC_LEN]);
/* A few readable lines: namespace, both interfaces, queues, addresses, state, XDP program on rxlab0. */
int lab_print_status(FILE *out);
/* The command line of 'rxtop lab': 0 with *action up, down or status, 1 for --help (usage printed), or
 * -EINVAL after one line on stderr. */
int lab_parse_args(int argc, char **argv, int *queues, const char **action);

#endif
