#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every network namespace numbers its interfaces from 1: two decoys in other namespaces get rxlab0's ifindex.
# One takes UDP to a closed port (stack/NO_SOCKET), the other drops at XDP (rxtop's own counter, verdict drop:
# veth frees the skbs, stack/NOT_SPECIFIED, and polls a NAPI instance). rxtop --lab observes rxlab0 alone:
# none of the decoys' 2 x 20000 drops or their NAPI packets may show, and its ledger balances. (Probes that match
# the ifindex alone read NO_SOCKET as sent + 20000, NOT_SPECIFIED 20000, and count the generator's own drops and
# polls on rxgen0, also ifindex 2 in rxtop-gen: unexplained -187712 of 165781 sent.)
source "${0%/integration/*}/lib.sh"
N=20000
out=$(mktemp)
bpf_out=$(mktemp)
bpf_pid=
at_exit '[ -n "$bpf_pid" ] && kill "$bpf_pid" 2>/dev/null && wait "$bpf_pid" 2>/dev/null; lab_cleanup; rm -f "$out" "$bpf_out"'

"$RXTOP" lab up >/dev/null || fail "lab up"
idx=$(cat /sys/class/net/rxlab0/ifindex)
# decoy PREFIX SUBNET: a bed whose receiver sits in netns PREFIXother with rxlab0's ifindex; sets DECOY_NS, DECOY_IP,
# DECOY_DEV and DECOY_SENDER (the bed's sender namespace).
decoy() {
	bed_up "$1" "$2" --queues 1 --recv-netns "${1}other" --recv-ifindex "$idx"
	[ "$(ip netns exec "$BED_RECV_NS" cat "/sys/class/net/$BED_RECV/ifindex")" -eq "$idx" ] ||
		fail "$BED_RECV in $BED_RECV_NS is not ifindex $idx"
	DECOY_NS+=("$BED_RECV_NS") DECOY_IP+=("$BED_RECV_IP") DECOY_DEV+=("$BED_RECV") DECOY_SENDER+=("$BED_NS")
}
DECOY_NS=() DECOY_IP=() DECOY_DEV=() DECOY_SENDER=()
decoy dcya 9
decoy dcyb 10

ip netns exec "${DECOY_NS[1]}" "$RXTOP" __bpf -i "${DECOY_DEV[1]}" --verdict drop --no-trace -t 60 >"$bpf_out" 2>&1 &
bpf_pid=$!
for _ in $(seq 100); do grep -q '^ready' "$bpf_out" && break; sleep 0.1; done
grep -q '^ready' "$bpf_out" || fail "the XDP decoy did not attach: $(cat "$bpf_out")"

# decoy_send I: N datagrams to UDP port 9 (nobody listens) of decoy I, from its bed's sender namespace.
decoy_send() {
	ip netns exec "${DECOY_SENDER[$1]}" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(int(sys.argv[2])):
    s.sendto(b"x" * 18, (sys.argv[1], 9))' "${DECOY_IP[$1]}" "$N"
}

timeout 60 "$RXTOP" --lab -b -o json -n 4 -d 1 --gen-rate 50000 >"$out" &
rxtop_pid=$!
for _ in $(seq 300); do [ -s "$out" ] && break; sleep 0.1; done
[ -s "$out" ] || fail "rxtop printed no first line"
# Both decoys during rxtop's window (its first line is out, three seconds remain).
decoy_send 0 &
send_pid=$!
decoy_send 1
wait "$send_pid"
wait "$rxtop_pid" || fail "rxtop exited $?"
kill "$bpf_pid"
wait "$bpf_pid"
bpf_pid=
decoy_dropped=$(awk '$1 == "queue" { for (i = 2; i <= NF; i++) if ($i ~ /^drop=/) { split($i, kv, "="); print kv[2] } }' \
	"$bpf_out")
[ "${decoy_dropped:-0}" -eq "$N" ] || fail "the XDP decoy dropped ${decoy_dropped:-nothing}, not $N"
no_ports=$(ip netns exec "${DECOY_NS[0]}" nstat -az UdpNoPorts | awk '$1 == "UdpNoPorts" { print $2 }')
[ "${no_ports:-0}" -ge "$N" ] || fail "the closed-port decoy saw ${no_ports:-no} UdpNoPorts, not $N"

python3 - "$(tail -n 1 "$out")" "$N" <<'PY' || fail "another namespace's drops or polls were counted as rxlab0's"
import json, sys
s, n = json.loads(sys.argv[1]), int(sys.argv[2])
led = s["ledger"]
sent = led["sent"]
rows = {(d["where"], d["reason"]): d["packets"] for d in s["drops"]}
rx = sum(q["rx_packets"] for q in s["queues"])
napi = sum(q.get("napi_packets") or 0 for q in s["queues"])
print(f"# sent={sent} received={led['received']} dropped={led['dropped']} unexplained={led['unexplained']} "
      f"rx={rx} napi={napi} drops={rows}")
# The decoys' 20000 must stand out of the 0.1 % margins below: under 20 M sent they do.
assert 1000 < sent < 1000 * n, f"the generator sent {sent}"
# A bare lab: the kernel drops every packet as NO_SOCKET.
assert abs(rows.get(("stack", "NO_SOCKET"), 0) - sent) <= 0.001 * sent, "NO_SOCKET is not what the lab sent"
others = {k: v for k, v in rows.items() if k != ("stack", "NO_SOCKET") and v >= n // 10}
assert not others, f"drops nobody sent to rxlab0: {others}"
assert abs(led["unexplained"]) <= 0.001 * sent, "the ledger does not balance"
# NAPI instances of rxlab0 poll what reached it, not the decoy's or rxgen0's.
assert napi <= 1.01 * rx, f"NAPI packets {napi} beyond the {rx} rxlab0 received"
PY
echo PASS
