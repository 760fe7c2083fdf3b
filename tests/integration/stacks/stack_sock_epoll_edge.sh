#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# epoll stack, edge-triggered: 150000 UDP datagrams at 50 kpps over two queues are all counted.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/sock.sh"
sock_udp_case epoll --edge
