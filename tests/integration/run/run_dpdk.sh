#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop run dpdk --lab (af_xdp vdev; its own XDP program replaces rxtop's counter for the phase), 50 kpps for
# 3 s: received + reported losses within 0.5 % of sysfs (see run_udp_stacks.sh). Skips when DPDK is not built
# in. STACKS=dpdk:af_packet tries DPDK's af_packet PMD.
source "${0%/integration/*}/lib.sh"
"$RXTOP" run dpdk --help 2>&1 | grep -q "unknown or unavailable stack" && fail "rxtop was built without DPDK (make deps)"
STACKS=${STACKS:-dpdk} exec bash "$(dirname "$0")/run_udp_stacks.sh"
