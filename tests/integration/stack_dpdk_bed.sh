# The dpdk cases' own veth bed until the lab lands: sourced, it defines dbed_* helpers; run, it is the
# case "the bed comes up, the sender reaches its rate and sysfs counts what it sent".
# netns dsend: dsend0 198.18.6.1/24 <-> drecv0 198.18.6.2/24 (caller's netns), 2 rx/tx queues each.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

DBED_NS=dsend
DBED_TX=dsend0
DBED_RX=drecv0
DBED_DIR=$(mktemp -d /tmp/rxtop-dbed.XXXXXX)
DBED_SENDER=

dbed_need() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	command -v trafgen >/dev/null || skip "needs trafgen (netsniff-ng)"
	[ -x "$RXTOP" ] || skip "build rxtop first"
	"$RXTOP" __stack dpdk 2>&1 | grep -q "unknown stack" && skip "rxtop was built without DPDK"
	return 0
}

dbed_down() {
	dbed_send_stop
	ip link del "$DBED_RX" 2>/dev/null
	ip netns del "$DBED_NS" 2>/dev/null
	rm -rf "$DBED_DIR"
	return 0
}

dbed_up() {
	ip link del "$DBED_RX" 2>/dev/null
	ip netns del "$DBED_NS" 2>/dev/null
	ip netns add "$DBED_NS" || fail "ip netns add $DBED_NS"
	ip link add "$DBED_TX" numrxqueues 2 numtxqueues 2 type veth peer name "$DBED_RX" \
		numrxqueues 2 numtxqueues 2 || fail "ip link add veth"
	ip link set "$DBED_TX" netns "$DBED_NS"
	# No IPv6 chatter (router solicitations, MLD) in the counts we compare.
	sysctl -qw "net.ipv6.conf.$DBED_RX.disable_ipv6=1"
	ip netns exec "$DBED_NS" sysctl -qw "net.ipv6.conf.$DBED_TX.disable_ipv6=1"
	ip -n "$DBED_NS" addr add 198.18.6.1/24 dev "$DBED_TX"
	ip addr add 198.18.6.2/24 dev "$DBED_RX"
	ip -n "$DBED_NS" link set lo up
	ip -n "$DBED_NS" link set "$DBED_TX" up
	ip link set "$DBED_RX" up
	ip -n "$DBED_NS" neigh replace 198.18.6.2 lladdr "$(cat /sys/class/net/$DBED_RX/address)" \
		dev "$DBED_TX" nud permanent
	ip neigh replace 198.18.6.1 lladdr "$(ip netns exec $DBED_NS cat /sys/class/net/$DBED_TX/address)" \
		dev "$DBED_RX" nud permanent
	# DBED_QUEUES=1: the sender uses one tx queue, so every frame lands in drecv0's rx queue 0.
	if [ "${DBED_QUEUES:-2}" = 1 ]; then
		ip netns exec "$DBED_NS" ethtool -L "$DBED_TX" tx 1 || fail "ethtool -L $DBED_TX tx 1"
	fi
	dbed_frame >"$DBED_DIR/udp.cfg"
}

# trafgen config: 64-byte UDP frames 198.18.6.1 -> 198.18.6.2:9000, 16 source ports (spread over queues).
dbed_frame() {
	local dst src
	dst=$(sed 's/^/0x/; s/:/, 0x/g' "/sys/class/net/$DBED_RX/address")
	src=$(ip netns exec "$DBED_NS" cat "/sys/class/net/$DBED_TX/address" | sed 's/^/0x/; s/:/, 0x/g')
	cat <<CFG
{
  $dst, $src, c16(0x0800),
  0x45, 0x00, c16(46), c16(0), c16(0x4000), 64, 17, csumip(14, 33),
  198, 18, 6, 1, 198, 18, 6, 2,
  0x27, dinc(0x10, 0x1f), c16(9000), c16(26), c16(0),
  fill(0x41, 18)
}
CFG
}

# dbed_send COUNT [PPS]: starts trafgen in the background (its own process group); no PPS = flat out.
dbed_send() {
	local rate=()
	[ -n "${2:-}" ] && rate=(-b "${2}pps")
	setsid ip netns exec "$DBED_NS" trafgen -i "$DBED_DIR/udp.cfg" -o "$DBED_TX" -P 1 -q \
		-n "$1" "${rate[@]}" >/dev/null 2>&1 &
	DBED_SENDER=$!
}

# dbed_send_wait SECONDS: waits for the sender to finish, at most SECONDS.
dbed_send_wait() {
	local i
	for ((i = 0; i < $1 * 10; i++)); do
		kill -0 "$DBED_SENDER" 2>/dev/null || break
		sleep 0.1
	done
	dbed_send_stop
}

# trafgen forks workers that outlive their parent: end the whole group.
dbed_send_stop() {
	[ -n "$DBED_SENDER" ] && kill -- -"$DBED_SENDER" 2>/dev/null
	[ -n "$DBED_SENDER" ] && wait "$DBED_SENDER" 2>/dev/null
	DBED_SENDER=
	return 0
}

dbed_rx_packets() { sysfs_stat "$DBED_RX" rx_packets; }

# Waits until the af_xdp PMD attached its program (the socket exists), at most 10 s.
dbed_wait_xdp() {
	local i
	for ((i = 0; i < 100; i++)); do
		ip -d link show dev "$DBED_RX" | grep -q 'prog/xdp' && return 0
		sleep 0.1
	done
	return 1
}

# Nothing of a dpdk run may remain: XDP program, EAL runtime files, processes on our interface.
dbed_assert_clean() {
	local i
	for ((i = 0; i < 30; i++)); do
		if ! ip -d link show dev "$DBED_RX" | grep -q 'prog/xdp' &&
			! compgen -G '/var/run/dpdk/rxtop-*' >/dev/null &&
			! pgrep -f "rxtop __stack dpdk -i $DBED_RX" >/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	ip -d link show dev "$DBED_RX" | grep -q 'prog/xdp' && fail "an XDP program is still attached to $DBED_RX"
	compgen -G '/var/run/dpdk/rxtop-*' >/dev/null && fail "left behind: $(echo /var/run/dpdk/rxtop-*)"
	fail "processes left behind: $(pgrep -af "rxtop __stack dpdk -i $DBED_RX")"
}

# counter NAME < output line: value of NAME=...
dbed_field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	dbed_need
	trap dbed_down EXIT
	dbed_up
	before=$(dbed_rx_packets)
	dbed_send 50000 50000
	dbed_send_wait 5
	sleep 0.2
	got=$(($(dbed_rx_packets) - before))
	info "sent 50000 at 50 kpps, $DBED_RX counted $got"
	within "$got" 50000 0.1 || fail "$DBED_RX counted $got of 50000"
	exit 0
fi
