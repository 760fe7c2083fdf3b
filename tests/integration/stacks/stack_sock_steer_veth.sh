#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Socket receivers serve one rx queue per worker (an SO_REUSEPORT group steered by rx queue). Frames the XDP
# generator redirects into veth become skbs with no rx queue recorded; rxtop's steering program takes the queue
# from the veth NAPI instance that delivered them, so each worker still gets exactly its queue's packets, as
# veth's own per-queue counters (ethtool -S rx_queue_N_xdp_packets) say. Without it every packet went to queue 0's
# socket. Checked for epoll and recvmmsg (sock_open_group) and iouring (its own sockets), 20000 frames at 30 kpps
# on the lab (the xdp engine made only 2.3-4.6 kpps here in 63-frame batches: 60000 frames took 13 s a stack).
source "${0%/integration/*}/lib.sh"
at_exit 'kill -KILL $STACK_PID 2>/dev/null; lab_cleanup'
STACK_PID=

veth_queue() { ethtool -S rxlab0 2>/dev/null | awk -v k="rx_queue_$1_xdp_packets:" '$1 == k { print $2 }'; }
"$RXTOP" lab up --queues 2 >/dev/null || fail "lab up"
[ -n "$(veth_queue 0)" ] || skip "ethtool -S rxlab0 has no per-queue counters"

for stack in epoll recvmmsg iouring; do
	"$RXTOP" __stack "$stack" -i rxlab0 -q 0,1 --rcvbuf 8388608 --duration 60 >"/tmp/rxtop-steer.$$" 2>&1 &
	STACK_PID=$!
	for _ in $(seq 100); do ss -Huln "sport = :9000" | grep -q . && break; sleep 0.1; done
	q0=$(veth_queue 0) q1=$(veth_queue 1)
	ip netns exec rxtop-gen "$RXTOP" gen -i rxgen0 --src 198.18.0.1 --dst 198.18.0.2 --engine xdp --count 20000 \
		--rate 30000 --flows 2 >/dev/null 2>&1 || fail "the XDP generator failed"
	settled 10 sysfs_stat rxlab0 rx_packets >/dev/null
	udp_drained 9000 || fail "$stack did not read its socket queues within 10 s"
	d0=$(($(veth_queue 0) - q0)) d1=$(($(veth_queue 1) - q1))
	kill -TERM "$STACK_PID"
	wait "$STACK_PID" || fail "$stack exited $?: $(cat "/tmp/rxtop-steer.$$")"
	STACK_PID=
	out=$(tail -n 1 "/tmp/rxtop-steer.$$")
	rm -f "/tmp/rxtop-steer.$$"
	w0=$(field q0 <<<"$out") w1=$(field q1 <<<"$out")
	loss=$(field loss <<<"$out")
	info "$stack: workers $w0 / $w1, veth's queues $d0 / $d1, loss $loss"
	[ "$loss" = 0 ] || fail "$stack lost $loss packets: the comparison needs none"
	[ $((d0 + d1)) = 20000 ] || fail "veth's queues got $((d0 + d1)) of 20000 frames"
	[ "$d0" -gt 3000 ] && [ "$d1" -gt 3000 ] || fail "the generator did not spread its frames: $d0 / $d1"
	[ "$w0" = "$d0" ] && [ "$w1" = "$d1" ] || fail "$stack's workers got $w0 / $w1, veth's queues $d0 / $d1"
done
