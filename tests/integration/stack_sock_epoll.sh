#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# epoll stack: 150000 UDP datagrams at 50 kpps over two queues are all counted, on the right queue.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/stack_sock_bed.inc"
sock_udp_case epoll
