// SPDX-License-Identifier: GPL-2.0-only
/* Entry points of rxtop-dev, the developer and test binary: each runs one part of rxtop alone. */
#ifndef RXTOP_DEV_COMMANDS_H
#define RXTOP_DEV_COMMANDS_H

int cmd_stack_child(int argc, char **argv);    /* __stack: one receiver stack alone */
int cmd_bpf_debug(int argc, char **argv);      /* __bpf: the XDP counter and probes alone */
int cmd_bpf_ref(int argc, char **argv);	       /* __bpfref: do-nothing programs at rxtop's hooks */
int cmd_overhead_debug(int argc, char **argv); /* __overhead: syscall/switch/softirq probes for -p PIDs */
int cmd_tui_demo(int argc, char **argv);       /* __tui-demo: the live view on synthetic snapshots */
int cmd_tcp_send(int argc, char **argv);       /* __tcpsend: the TCP bulk sender alone */

#endif
