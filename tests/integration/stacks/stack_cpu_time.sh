#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `rxtop-dev __stack` prints the receiver's CPU time and context switches since it was ready (cpu_ns and
# switches, which tests/bench/overhead.sh splits its ratio by): recvfrom on two queues takes 100000 datagrams at
# 50 kpps, and they equal what the receiver's threads' /proc files counted over the same time (read by this test
# once it is bound and before it stops, with no traffic outside): schedstat's time within 10 ms and 3 %, status's
# switches within 20 and 2 % (stopping takes a few).
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/sock.sh"
sock_case_setup
sock_stack_start recvfrom $SOCK_UDP_PORT
child=$(pgrep -P "$SOCK_STACK_PID")
[ -n "$child" ] || fail "rxtop-dev __stack has no child"
oncpu_ns() { awk '{ s += $1 } END { printf "%d\n", s }' /proc/"$child"/task/*/schedstat; }
switches() { awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s }' /proc/"$child"/task/*/status; }
# within WHAT GOT PROC ABS REL: fails unless GOT is PROC within ABS + REL x PROC.
within() {
	awk -v g="$2" -v p="$3" -v a="$4" -v r="$5" 'BEGIN { d = g - p; if (d < 0) d = -d; exit !(d <= a + r * p) }' ||
		fail "$1 $2 is not the $3 /proc counted"
}
sleep 0.3 # __stack reads its starting point once the receiver says it is ready
cpu_before=$(oncpu_ns) switches_before=$(switches)
sent=$(sock_send_udp 100000 50000 $SOCK_UDP_PORT 64 0,1)
sleep 0.3 # the receiver drains its sockets
cpu_proc=$(($(oncpu_ns) - cpu_before)) switches_proc=$(($(switches) - switches_before))
sock_stack_stop
cpu=$(field cpu_ns "$TMP/stack.out") switched=$(field switches "$TMP/stack.out")
info "sent $sent; the receiver's cpu_ns $cpu and switches $switched; /proc: $cpu_proc ns, $switches_proc switches"
[ -n "$cpu" ] && [ -n "$switched" ] || fail "no cpu_ns or switches in __stack's last line"
[ "$cpu_proc" -gt 10000000 ] && [ "$switches_proc" -gt 1000 ] ||
	fail "the receiver ran $cpu_proc ns and switched $switches_proc times for $sent datagrams: no load"
within cpu_ns "$cpu" "$cpu_proc" 10000000 0.03
within switches "$switched" "$switches_proc" 20 0.02
echo PASS
