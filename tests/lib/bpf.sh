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
	timeout 5 "$RXTOP" __bpf --help 2>&1 </dev/null | grep -q 'rxtop __bpf' || fail "$RXTOP has no __bpf command"
}
