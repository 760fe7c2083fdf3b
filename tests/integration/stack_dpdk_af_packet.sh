# dpdk with --dpdk-pmd af_packet (two sockets in a fanout group) receives >= 99 % of 150000 frames at
# 50 kpps and matches drecv0's sysfs rx_packets delta within 0.5 %.
DPDK_PMD=af_packet source "$(dirname "$0")/stack_dpdk_receive.sh"
