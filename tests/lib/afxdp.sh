# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the stack_afxdp_* cases (sourced after tests/lib.sh): their bed is netns asend with asend0
# (198.18.4.1/24) <-> arecv0 (198.18.4.2/24) here, 2 rx/tx queues each; senders and rxtop's afxdp receiver on it.
AFX_PIDS=()
AFX_STACK=
AFX_TMP=
# The distribution's python starts in 0.1 s; a pyenv shim can take seconds, which skews timed sends.
AFX_PYTHON=$(command -v /usr/bin/python3 || command -v python3)

# afx_bed_up: the bed and a scratch directory; on exit, the receiver and senders stop and both go.
afx_bed_up() {
	AFX_TMP=$(mktemp -d)
	at_exit afx_cleanup
	bed_up a 4
}

afx_cleanup() {
	local pid
	afx_stack_stop
	for pid in "${AFX_PIDS[@]}"; do
		kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
	done
	AFX_PIDS=()
	rm -rf "$AFX_TMP"
}

# afx_send CPU RATE SECONDS OUTFILE: UDP 64-byte frames to 198.18.4.2:9000 from asend0, pinned to CPU (so on tx
# queue CPU % 2, which veth turns into rx queue CPU % 2 on arecv0); RATE 0 = as fast as possible. Runs in the
# background in its own process group; prints the number of frames sent into OUTFILE.
afx_send() {
	setsid ip netns exec "$BED_NS" "$AFX_PYTHON" - "$BED_SEND" "$1" "$2" "$3" "$BED_RECV_MAC" \
		>"$4" <<'PY' &
import os, socket, struct, sys, time
iface, cpu, rate, secs, dst = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
os.sched_setaffinity(0, {cpu})
src = open(f"/sys/class/net/{iface}/address").read().strip()
mac = lambda m: bytes(int(x, 16) for x in m.split(":"))
def csum(b):
    s = sum(struct.unpack("!10H", b))
    s = (s & 0xFFFF) + (s >> 16)
    return ~((s & 0xFFFF) + (s >> 16)) & 0xFFFF
payload = bytes(18)
udp = struct.pack("!HHHH", 40000 + cpu, 9000, 8 + len(payload), 0) + payload
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                 socket.inet_aton("198.18.4.1"), socket.inet_aton("198.18.4.2"))
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
frame = mac(dst) + mac(src) + b"\x08\x00" + ip + udp
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.setsockopt(263, 20, 1)  # SOL_PACKET, PACKET_QDISC_BYPASS: tx queue = cpu % queues
s.bind((iface, 0))
sent, start = 0, time.monotonic()
end = start + secs
while True:
    now = time.monotonic()
    if now >= end:
        break
    due = int((now - start) * rate) - sent if rate else 256
    for _ in range(min(due, 256)):
        try:
            s.send(frame)
            sent += 1
        except OSError:
            pass
    if rate and due <= 0:
        time.sleep(0.0002)
print(sent)
PY
	AFX_PIDS+=($!)
}

# Waits for every sender started by afx_send.
afx_send_wait() {
	local pid
	for pid in "${AFX_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	AFX_PIDS=()
}

# afx_stack_start [OPTIONS...]: `rxtop __stack afxdp -i arecv0 OPTIONS` in the background until afx_stack_stop;
# returns once it reports its live mode (0), or its exit status when it ends first.
afx_stack_start() {
	"$RXTOP" __stack afxdp -i "$BED_RECV" --duration 120 "$@" >"$AFX_TMP/stack.out" 2>"$AFX_TMP/stack.err" &
	AFX_STACK=$!
	for _ in $(seq 100); do
		grep -q '^rxtop: afxdp on ' "$AFX_TMP/stack.err" && return 0
		if ! kill -0 "$AFX_STACK" 2>/dev/null; then
			wait "$AFX_STACK"
			local rc=$?
			AFX_STACK=
			return $rc
		fi
		sleep 0.1
	done
	return 1
}

# Stops the stack with SIGINT (it prints its counters then) and returns its exit status.
afx_stack_stop() {
	local rc=0
	[ -n "$AFX_STACK" ] || return 0
	kill -INT "$AFX_STACK" 2>/dev/null
	wait "$AFX_STACK" || rc=$?
	AFX_STACK=
	return $rc
}

# No process of this test's rxtop may outlive the case.
afx_assert_no_stack() {
	if pgrep -f "rxtop __stack afxdp -i $BED_RECV" >/dev/null; then
		fail "an rxtop __stack afxdp process is still alive"
	fi
}
