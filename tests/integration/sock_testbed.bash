# Test bed of the socket stack cases: netns ssend/ssend0 (198.18.3.1) <-> srecv0 (198.18.3.2), 2 queues each.
# Source after tests/lib.sh, then call sock_case_setup; everything is removed on exit.
SOCK_NS=ssend SOCK_TX=ssend0 SOCK_RX=srecv0
SOCK_TX_IP=198.18.3.1 SOCK_RX_IP=198.18.3.2
SOCK_UDP_PORT=9300 SOCK_TCP_PORT=9301
SOCK_STACK_PID=

sock_case_cleanup() {
	if [ -n "$SOCK_STACK_PID" ]; then
		kill -KILL "$SOCK_STACK_PID" 2>/dev/null
		wait "$SOCK_STACK_PID" 2>/dev/null
	fi
	sock_testbed_down
	rm -rf "$TMP"
}

sock_case_setup() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	[ -x "$RXTOP" ] || fail "build rxtop first"
	TMP=$(mktemp -d)
	trap sock_case_cleanup EXIT
	sock_testbed_up
}

sock_testbed_down() {
	ip link del "$SOCK_RX" 2>/dev/null || true
	ip netns del "$SOCK_NS" 2>/dev/null || true
}

sock_testbed_up() {
	sock_testbed_down
	gcc -O2 -Wall -Werror -o "$TMP/sock_udp_send" "$ROOT/tests/integration/sock_udp_send.c" || skip "cannot build the sender"
	ip netns add "$SOCK_NS" || skip "cannot create netns $SOCK_NS"
	ip link add "$SOCK_RX" numrxqueues 2 numtxqueues 2 type veth peer name "$SOCK_TX" \
		netns "$SOCK_NS" numrxqueues 2 numtxqueues 2 || skip "cannot create veth $SOCK_RX"
	sysctl -qw "net.ipv6.conf.$SOCK_RX.disable_ipv6=1"
	ip netns exec "$SOCK_NS" sysctl -qw "net.ipv6.conf.$SOCK_TX.disable_ipv6=1"
	ip addr add "$SOCK_RX_IP/24" dev "$SOCK_RX"
	ip link set "$SOCK_RX" up
	ip -n "$SOCK_NS" addr add "$SOCK_TX_IP/24" dev "$SOCK_TX"
	ip -n "$SOCK_NS" link set "$SOCK_TX" up
	ip -n "$SOCK_NS" link set lo up
	ip neigh replace "$SOCK_TX_IP" lladdr "$(ip -n "$SOCK_NS" -br link show "$SOCK_TX" | awk '{print $3}')" \
		dev "$SOCK_RX" nud permanent
	ip -n "$SOCK_NS" neigh replace "$SOCK_RX_IP" lladdr "$(ip -br link show "$SOCK_RX" | awk '{print $3}')" \
		dev "$SOCK_TX" nud permanent
	# Per tx queue packet counts on the sender side (veth rx queue N = peer tx queue N).
	ip -n "$SOCK_NS" link set "$SOCK_TX" txqueuelen 10000
	tc -n "$SOCK_NS" qdisc add dev "$SOCK_TX" root handle 1: mq
	# Each sender CPU transmits on its own tx queue, which veth turns into the same rx queue here.
	ip netns exec "$SOCK_NS" sh -c "echo 1 > /sys/class/net/$SOCK_TX/queues/tx-0/xps_cpus; \
		echo 2 > /sys/class/net/$SOCK_TX/queues/tx-1/xps_cpus" 2>/dev/null || true
}

# Sends COUNT UDP datagrams of SIZE payload bytes at PPS to SOCK_RX_IP:PORT from FLOWS source ports,
# one sender process per CPU in CPUS (default "0"); prints how many it sent.
sock_send_udp() {
	local count=$1 pps=$2 port=$3 size=${4:-64} cpus=${5:-0}
	local n=$(( $(wc -w <<<"${cpus//,/ }") )) pids=() total=0 c
	for c in ${cpus//,/ }; do
		ip netns exec "$SOCK_NS" taskset -c "$c" "$TMP/sock_udp_send" \
			"$SOCK_RX_IP" "$port" $((count / n)) $((pps / n)) "$size" >"$TMP/sent.$c" &
		pids+=($!)
	done
	wait "${pids[@]}"
	for c in ${cpus//,/ }; do total=$((total + $(cat "$TMP/sent.$c"))); done
	echo "$total"
}

# Packets the sender put on tx queue Q, which arrive on rx queue Q of SOCK_RX.
sock_tx_queue_packets() {
	tc -n "$SOCK_NS" -s class show dev "$SOCK_TX" | awk -v c="1:$(($1 + 1))" \
		'$1 == "class" && $3 == c { want = 1 } want && $1 == "Sent" { print $4; exit }'
}

# Waits until something listens on PORT (the stack is ready).
sock_wait_bound() {
	for _ in $(seq 100); do
		ss -Hulnt "sport = :$1" | grep -q . && return 0
		sleep 0.1
	done
	fail "nothing bound port $1 within 10 s"
}

# Starts `rxtop __stack STACK ARGS...` on SOCK_RX in the background (output in $TMP/stack.out).
sock_stack_start() {
	local stack=$1 port=$2
	shift 2
	"$RXTOP" __stack "$stack" -i "$SOCK_RX" -q 0,1 -c 0,1 --port "$port" --duration 60 "$@" >"$TMP/stack.out" 2>&1 &
	SOCK_STACK_PID=$!
	sock_wait_bound "$port"
}

# Stops the stack with SIGTERM; fails unless it exits 0 within 2 s.
sock_stack_stop() {
	local start=$(date +%s%N) rc
	kill -TERM "$SOCK_STACK_PID"
	wait "$SOCK_STACK_PID"; rc=$?
	SOCK_STACK_PID=
	cat "$TMP/stack.out"
	[ $rc -eq 0 ] || fail "rxtop __stack exited $rc"
	[ $(( ($(date +%s%N) - start) / 1000000 )) -lt 2000 ] || fail "the stack took more than 2 s to stop"
}

# A counter from the stack's summary line: sock_stack_value packets
sock_stack_value() { grep -o "\b$1=[0-9]*" "$TMP/stack.out" | head -n1 | cut -d= -f2; }

# The UDP case of STACK: 150000 datagrams at 50 kpps over both queues; the stack must see >= 99 %
# of them, match rx_packets within 0.5 %, and count each queue as the sender's tx queue says.
sock_udp_case() {
	local stack=$1 count=150000 pps=50000 rx0 rx sent packets
	shift
	sock_case_setup
	sock_stack_start "$stack" $SOCK_UDP_PORT --rcvbuf 4194304 "$@"
	rx0=$(sysfs_stat $SOCK_RX rx_packets)
	sent=$(sock_send_udp $count $pps $SOCK_UDP_PORT 64 0,1)
	sleep 0.5
	rx=$(( $(sysfs_stat $SOCK_RX rx_packets) - rx0 ))
	sock_stack_stop
	packets=$(sock_stack_value packets)
	info "sent=$sent rx_packets delta=$rx $stack packets=$packets drops=$(sock_stack_value socket.rcvbuf_drops)"
	[ "$sent" -eq $count ] || fail "the sender sent $sent of $count"
	awk -v p="$packets" -v s="$sent" 'BEGIN { exit !(p >= s * 0.99) }' || fail "$stack got $packets of $sent (< 99 %)"
	within "$packets" "$rx" 0.5 || fail "$stack counted $packets, $SOCK_RX rx_packets grew by $rx (> 0.5 % apart)"
	for q in 0 1; do
		local on_queue got
		on_queue=$(sock_tx_queue_packets $q)
		got=$(sock_stack_value q$q)
		info "queue $q: sent $on_queue, worker counted $got"
		[ "$on_queue" -gt 0 ] || fail "no packet went over queue $q; the test bed did not spread them"
		within "$got" "$on_queue" 1 || fail "worker of queue $q counted $got, queue $q carried $on_queue"
	done
}
