# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the bpf_* cases (sourced after tests/lib.sh): their bed is netns bsend with bsend0 (198.18.2.1) <->
# brecv0 (198.18.2.2), apart from the lab's names.

# bpf_bed_up [QUEUES]: the bed with QUEUES rx/tx queues (default 2).
bpf_bed_up() { bed_up b 2 --queues "${1:-2}"; }

# bed_send COUNT PORT [FLOWS]: COUNT UDP datagrams from the namespace to the receiver, FLOWS source ports
# spread over the queues; waits until they are sent.
bed_send() {
	ip netns exec "$BED_NS" python3 - "$BED_RECV_IP" "$1" "$2" "${3:-8}" <<'PY'
import socket, sys
dst, count, port, flows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
socks = []
for i in range(flows):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", 40000 + i))
    socks.append(s)
for i in range(count):
    socks[i % flows].sendto(b"x" * 18, (dst, port))
PY
}

# The developer command the bpf_* cases drive must be in this build.
bed_need_debug_cmd() {
	[ -x "$RXTOP" ] || fail "no $RXTOP: run make"
	timeout 5 "$RXTOP_DEV" __bpf --help 2>&1 </dev/null | grep -q 'rxtop-dev __bpf' || fail "$RXTOP has no __bpf command"
}

# bpf_debug_case [QUEUES]: the set-up of a case that runs rxtop-dev __bpf in the background: the command is in this
# build, $out is a scratch file for its output, on exit the command ($pid) is ended and $out removed; then the bed.
bpf_debug_case() {
	bed_need_debug_cmd
	out=$(mktemp)
	pid=
	at_exit 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$out"'
	bpf_bed_up "${1:-2}"
}

# bpf_debug_start ARGS...: rxtop-dev __bpf -i $BED_RECV ARGS in the background, its output in $out, its pid in $pid;
# returns once it says it is attached (ready), fails when it does not within 5 s.
bpf_debug_start() {
	"$RXTOP_DEV" __bpf -i "$BED_RECV" "$@" >"$out" 2>&1 &
	pid=$!
	for _ in $(seq 50); do grep -q '^ready' "$out" && return 0; sleep 0.1; done
	fail "debug command did not attach: $(cat "$out")"
}
