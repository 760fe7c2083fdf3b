# SPDX-License-Identifier: GPL-2.0-only
# dpdk with --dpdk-pmd af_packet (two sockets in a fanout group), 150000 frames at 50 kpps: the checks of
# stack_dpdk_receive (received + reported losses = drecv0's rx_packets delta within 0.5 %).
DPDK_PMD=af_packet source "$(dirname "$0")/stack_dpdk_receive.sh"
