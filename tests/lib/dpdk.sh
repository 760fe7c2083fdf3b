# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the stack_dpdk_* cases (sourced after tests/lib.sh): their bed is netns dsend: dsend0 198.18.6.1/24
# <-> drecv0 198.18.6.2/24 here, 2 rx/tx queues each; trafgen sends from dsend0.
DBED_DIR=
DBED_SENDER=

dbed_need() {
	command -v trafgen >/dev/null || fail "needs trafgen (netsniff-ng: make deps-dev)"
	[ -x "$RXTOP" ] || fail "build rxtop first"
	"$RXTOP_DEV" __stack dpdk 2>&1 | grep -q "unknown stack" && fail "rxtop was built without DPDK (make deps)"
	return 0
}

# dbed_up: the bed, its scratch directory and the sender's frame; all go on exit. DBED_QUEUES=1: the sender uses
# one tx queue, so every frame lands in drecv0's rx queue 0.
dbed_up() {
	DBED_DIR=$(mktemp -d /tmp/rxtop-dbed.XXXXXX)
	at_exit 'dbed_send_stop; rm -rf "$DBED_DIR"'
	if [ "${DBED_QUEUES:-2}" = 1 ]; then
		bed_up d 6 --send-tx-queues 1
	else
		bed_up d 6
	fi
	dbed_frame >"$DBED_DIR/udp.cfg"
}

# trafgen config: 64-byte UDP frames 198.18.6.1 -> 198.18.6.2:9000, 16 source ports (spread over queues).
dbed_frame() {
	local dst src
	dst=$(sed 's/^/0x/; s/:/, 0x/g' "/sys/class/net/$BED_RECV/address")
	src=$(ip netns exec "$BED_NS" cat "/sys/class/net/$BED_SEND/address" | sed 's/^/0x/; s/:/, 0x/g')
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
	setsid ip netns exec "$BED_NS" trafgen -i "$DBED_DIR/udp.cfg" -o "$BED_SEND" -P 1 -q \
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

dbed_rx_packets() { sysfs_stat "$BED_RECV" rx_packets; }

# Waits until the af_xdp PMD attached its program (the socket exists), at most 10 s.
dbed_wait_xdp() { poll_until 10 dbed_has_xdp; }
dbed_has_xdp() { ip -d link show dev "$BED_RECV" | grep -q 'prog/xdp'; }

# dbed_wait_ready OUTFILE: until `rxtop-dev __stack dpdk` (output in OUTFILE) says it runs; its EAL set-up took over
# 4 s with a CPU hog beside it, so no fixed sleep is enough. Non-zero when it ended or took 30 s.
dbed_wait_ready() { poll_until 30 dbed_ready "$1"; }

# dbed_ready OUTFILE: 0 ready, 1 not yet, 2 the stack ended.
dbed_ready() {
	grep -q '^rxtop: dpdk' "$1" && return 0
	pgrep -f "rxtop-dev __stack dpdk -i $BED_RECV" >/dev/null || return 2
	return 1
}

dbed_clean() {
	! dbed_has_xdp && ! compgen -G '/var/run/dpdk/rxtop-*' >/dev/null &&
		! pgrep -f "rxtop-dev __stack dpdk -i $BED_RECV" >/dev/null
}

# Nothing of a dpdk run may remain: XDP program, EAL runtime files, processes on our interface.
dbed_assert_clean() {
	poll_until 3 dbed_clean && return 0
	dbed_has_xdp && fail "an XDP program is still attached to $BED_RECV"
	compgen -G '/var/run/dpdk/rxtop-*' >/dev/null && fail "left behind: $(echo /var/run/dpdk/rxtop-*)"
	fail "processes left behind: $(pgrep -af "rxtop-dev __stack dpdk -i $BED_RECV")"
}
