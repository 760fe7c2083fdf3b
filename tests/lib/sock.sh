# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the socket stack cases (sourced after tests/lib.sh): their bed is netns ssend/ssend0 (198.18.3.1) <->
# srecv0 (198.18.3.2), 2 queues each, sender CPU N on queue N; call sock_case_setup, everything goes on exit.
SOCK_UDP_PORT=9300 SOCK_TCP_PORT=9301
SOCK_STACK_PID=
SOCK_SENDER=$ROOT/.output/helpers/sock_udp_send

sock_case_setup() {
	[ -x "$RXTOP" ] || fail "build rxtop first"
	[ -x "$SOCK_SENDER" ] || fail "no $SOCK_SENDER: make unit-bins"
	TMP=$(mktemp -d)
	at_exit '[ -n "$SOCK_STACK_PID" ] && kill -KILL "$SOCK_STACK_PID" 2>/dev/null && wait "$SOCK_STACK_PID" 2>/dev/null
		rm -rf "$TMP"'
	bed_up s 3 --tx-per-cpu
}

# Sends COUNT UDP datagrams of SIZE payload bytes at PPS to BED_RECV_IP:PORT from FLOWS source ports,
# one sender process per CPU in CPUS (default "0"); prints how many it sent.
sock_send_udp() {
	local count=$1 pps=$2 port=$3 size=${4:-64} cpus=${5:-0}
	local n=$(( $(wc -w <<<"${cpus//,/ }") )) pids=() total=0 c
	for c in ${cpus//,/ }; do
		ip netns exec "$BED_NS" taskset -c "$c" "$SOCK_SENDER" \
			"$BED_RECV_IP" "$port" $((count / n)) $((pps / n)) "$size" >"$TMP/sent.$c" &
		pids+=($!)
	done
	wait "${pids[@]}"
	for c in ${cpus//,/ }; do total=$((total + $(cat "$TMP/sent.$c"))); done
	echo "$total"
}

# Waits until something listens on PORT (the stack is ready).
sock_wait_bound() {
	for _ in $(seq 100); do
		ss -Hulnt "sport = :$1" | grep -q . && return 0
		sleep 0.1
	done
	fail "nothing bound port $1 within 10 s"
}

# Starts `rxtop-dev __stack STACK ARGS...` on BED_RECV in the background (output in $TMP/stack.out).
sock_stack_start() {
	local stack=$1 port=$2
	shift 2
	"$RXTOP_DEV" __stack "$stack" -i "$BED_RECV" -q 0,1 -c 0,1 --port "$port" --duration 60 "$@" >"$TMP/stack.out" 2>&1 &
	SOCK_STACK_PID=$!
	sock_wait_bound "$port"
}

# sock_kill_case STACK: the set-up of the cases that SIGKILL part of a stack: STACK runs on the bed (UDP), CHILD is
# its child, the process with the sockets.
sock_kill_case() {
	sock_case_setup
	sock_stack_start "$1" $SOCK_UDP_PORT
	CHILD=$(pgrep -P "$SOCK_STACK_PID")
	[ -n "$CHILD" ] || fail "rxtop-dev __stack has no child"
}

# sock_port_unbound: fails while something is still bound to the stack's UDP port.
sock_port_unbound() {
	ss -Huln "sport = :$SOCK_UDP_PORT" | grep -q . && fail "port $SOCK_UDP_PORT is still bound"
	return 0
}

# Stops the stack with SIGTERM; fails unless it exits 0 within 10 s (it stops at once; the margin is for a busy
# machine, a hung stop still fails).
sock_stack_stop() {
	local start=$(date +%s%N) rc
	kill -TERM "$SOCK_STACK_PID"
	wait "$SOCK_STACK_PID"; rc=$?
	SOCK_STACK_PID=
	cat "$TMP/stack.out"
	[ $rc -eq 0 ] || fail "rxtop-dev __stack exited $rc"
	[ $(( ($(date +%s%N) - start) / 1000000 )) -lt 10000 ] || fail "the stack took more than 10 s to stop"
}


# The UDP case of STACK: 150000 datagrams at 50 kpps over both queues. Once drained, every datagram srecv0
# counted was received or dropped and counted by the stack (packets + loss = rx_packets delta, exactly), and each
# worker counted what its queue carried, give or take that queue's share of the loss. No rate or loss bound: a
# receiver starved by other work on the machine drops, and must then say so in its loss counters.
sock_udp_case() {
	local stack=$1 count=150000 pps=50000 rx0 rx sent packets loss
	shift
	sock_case_setup
	sock_stack_start "$stack" $SOCK_UDP_PORT --rcvbuf 4194304 "$@"
	rx0=$(sysfs_stat $BED_RECV rx_packets)
	sent=$(sock_send_udp $count $pps $SOCK_UDP_PORT 64 0,1)
	rx=$(( $(settled 10 sysfs_stat $BED_RECV rx_packets) - rx0 ))
	udp_drained $SOCK_UDP_PORT || fail "the stack did not read its socket queues within 10 s"
	sock_stack_stop
	packets=$(field packets "$TMP/stack.out") loss=$(field loss "$TMP/stack.out")
	info "sent=$sent rx_packets delta=$rx $stack packets=$packets loss=$loss"
	[ "$sent" -eq $count ] || fail "the sender sent $sent of $count"
	[ "$rx" -le "$sent" ] && [ "$rx" -gt 0 ] || fail "$BED_RECV counted $rx of $sent sent"
	[ "$packets" -gt 0 ] || fail "$stack received nothing"
	[ $((packets + loss)) -eq "$rx" ] ||
		fail "$stack received $packets + lost $loss = $((packets + loss)), $BED_RECV counted $rx"
	for q in 0 1; do
		local on_queue got
		on_queue=$(bed_tx_queue_packets $q)
		got=$(field q$q "$TMP/stack.out")
		info "queue $q: sent $on_queue, worker counted $got"
		[ "$on_queue" -gt 0 ] || fail "no packet went over queue $q; the test bed did not spread them"
		# A worker never counts more than its queue carried, and at most the whole loss less.
		[ "$got" -le "$on_queue" ] && [ "$got" -ge $((on_queue - loss - (sent - rx))) ] ||
			fail "worker of queue $q counted $got, queue $q carried $on_queue (loss $loss)"
	done
}
