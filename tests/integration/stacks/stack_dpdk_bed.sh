#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The dpdk cases' bed works: it comes up, trafgen reaches its rate and drecv0's sysfs counts what it sent.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/dpdk.sh"
dbed_need
dbed_up
before=$(dbed_rx_packets)
dbed_send 50000 50000
dbed_send_wait 5
got=$(($(settled 5 dbed_rx_packets) - before))
info "sent 50000 at 50 kpps, $BED_RECV counted $got"
within "$got" 50000 0.1 || fail "$BED_RECV counted $got of 50000"
