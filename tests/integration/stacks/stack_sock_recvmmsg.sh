#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# recvmmsg stack: 150000 UDP datagrams at 50 kpps over two queues are all counted, on the right queue.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/sock.sh"
sock_udp_case recvmmsg
