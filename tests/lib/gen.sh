# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the gen_* cases (sourced after tests/lib.sh): their bed is netns gsend with gsend0 198.18.1.1 <->
# grecv0 198.18.1.2 here, 2 queues, XDP_DROP on grecv0 (it counts per queue, and nothing answers).

# gen_bed_up: the bed; GEN_ARGS are the generator's options to send over it.
gen_bed_up() {
	bed_up g 1 --xdp-drop
	GEN_ARGS=(-i "$BED_SEND" --netns "$BED_NS" --src "$BED_SEND_IP" --dst "$BED_RECV_IP")
}

# XDP packets seen by rx queue Q of grecv0.
gen_rx_queue() { ethtool -S "$BED_RECV" | awk -v k="rx_queue_$1_xdp_packets:" '$1 == k { print $2 }'; }
