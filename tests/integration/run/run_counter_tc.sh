#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --counter: where rxtop counts per rx queue. A run of socket receivers on veth counts at tc ingress by default (any
# XDP program makes veth copy every AF_PACKET-sent skb); its counts still equal sysfs and the generator's, byte for
# byte, for UDP and for TCP. AF_XDP with --counter tc is refused (exit 2, nothing left attached); --counter xdp
# counts at XDP; nothing of the tc link remains after rxtop exits. Frames redirected into veth (the XDP generator)
# count on the rx queue whose NAPI delivered them, as veth's own per-queue counters say.
source "${0%/integration/*}/lib.sh"
json=$(mktemp)
at_exit 'rm -f "$json"; lab_cleanup'

"$RXTOP" lab up >/dev/null || fail "lab up"
before=$(sysfs_stat rxlab0 rx_packets)
out=$(timeout 40 "$RXTOP" run epoll,recvmmsg --lab -b -o json -d 1 --duration 3 --gen-rate 100000 --gen-engine packet) ||
	fail "run exited $?"
after=$(sysfs_stat rxlab0 rx_packets)
python3 - "$out" $((after - before)) <<'PY' || fail "counts at tc ingress are off"
import json, sys
last = json.loads(sys.argv[1].splitlines()[-1])
sysfs = int(sys.argv[2])
iface = last["ifaces"][0]
assert iface["counter"] == "tc", f"counted at {iface['counter']}, not tc ingress"
queues = last["queues"]
packets = sum(q["rx_packets"] for q in queues)
print(f"# tc: queues {[q['rx_packets'] for q in queues]}, sum {packets}, sysfs {sysfs}, sent {last['ledger']['sent']}")
assert packets == sysfs == last["ledger"]["sent"], "the queues' sum is not what sysfs and the generator say"
assert sum(q["rx_bytes"] for q in queues) == 64 * packets, "64-byte frames: bytes are not 64 per packet"
# One flow per queue: the generator's two flows land on both queues (half each when both of its paced threads
# keep up; on a busy machine one may fall behind, so only that each queue got traffic is asserted).
assert len(queues) == 2 and all(q["rx_packets"] > 0 for q in queues), "a queue got nothing"
assert last["ledger"]["unexplained"] == 0, last["ledger"]
prog = [p for p in last["self"]["programs"] if p["name"] in ("tc:rxlab0", "xdp:rxlab0")]
assert [(p["name"], p["attach"]) for p in prog] == [("tc:rxlab0", "tc")], f"the counter's own cost row: {prog}"
PY
# Frames the XDP generator redirects into veth become skbs in veth's NAPI with no rx queue recorded: rxtop takes
# the queue from the NAPI instance that delivered them. veth counts what each rx queue's NAPI handled itself
# (ethtool -S rx_queue_N_xdp_packets), an independent per-queue reference, for the tc counter and for the
# napi_poll probe (exact with --event-probes always).
veth_queue() { ethtool -S rxlab0 2>/dev/null | awk -v k="rx_queue_$1_xdp_packets:" '$1 == k { print $2 }'; }
q0=$(veth_queue 0) q1=$(veth_queue 1)
[ -n "$q0" ] && [ -n "$q1" ] || fail "ethtool -S rxlab0 has no per-queue XDP counters"
# Nothing of the tc link remains after rxtop exits: each program it held is freed (not another rxtop's).
bpf_programs_released "$json" "$RXTOP" run epoll --lab -b -o json -d 1 --duration 3 --gen-rate 100000 \
	--gen-engine xdp --event-probes always || fail "run with the XDP generator exited $?"
out=$(cat "$json")
python3 - "$out" $(($(veth_queue 0) - q0)) $(($(veth_queue 1) - q1)) <<'PY' || fail "per-queue counts at tc are off"
import json, sys
last = json.loads(sys.argv[1].splitlines()[-1])
veth = [int(sys.argv[2]), int(sys.argv[3])]
ours = [q["rx_packets"] for q in sorted(last["queues"], key=lambda q: q["queue"])]
print(f"# xdp generator at {last['ifaces'][0]['counter']}: queues {ours}, veth's per-queue NAPI counts {veth}")
assert last["ifaces"][0]["counter"] == "tc"
assert ours == veth, "rxtop's queues differ from veth's own per-queue counts"
assert min(ours) > 0, "one queue got nothing: the queue was not taken from the NAPI"
# Each NAPI poll counts on its own queue too (veth's rq position, not xdp_rxq.queue_index, which is 0 for every
# queue without an XDP program: all polls and packets read on queue 0 before).
napi = [q["napi_packets"] for q in sorted(last["queues"], key=lambda q: q["queue"])]
print(f"# napi_poll packets per queue: {napi}")
assert napi == veth, "NAPI packets per queue differ from veth's per-queue counts"
PY

err=$("$RXTOP" run afxdp --lab --counter tc --duration 2 -b 2>&1 >/dev/null)
status=$?
[ "$status" = 2 ] || fail "afxdp with --counter tc exited $status, not 2"
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "more than one line on stderr: $err"
grep -q "needs rxtop's XDP program" <<<"$err" || fail "unclear refusal: $err"
assert_no_xdp rxlab0

counter=$(timeout 40 "$RXTOP" run epoll --lab -b -o json -n 2 -d 1 --gen-rate 50000 --counter xdp |
	tail -n 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["ifaces"][0]["counter"])') ||
	fail "run with --counter xdp failed"
[ "$counter" = native ] || fail "--counter xdp counted at '$counter', not native XDP"

# TCP: veth hands its skbs (TSO super-packets) over as sent, and counts each once; so does rxtop at tc.
before=$(sysfs_stat rxlab0 rx_packets) bytes_before=$(sysfs_stat rxlab0 rx_bytes)
out=$(timeout 40 "$RXTOP" run epoll --proto tcp --lab -b -o json -d 1 --duration 3) || fail "TCP run exited $?"
packets=$(($(sysfs_stat rxlab0 rx_packets) - before)) bytes=$(($(sysfs_stat rxlab0 rx_bytes) - bytes_before))
python3 - "$out" "$packets" "$bytes" <<'PY' || fail "TCP counts at tc differ from sysfs"
import json, sys
last = json.loads(sys.argv[1].splitlines()[-1])
packets, nbytes = int(sys.argv[2]), int(sys.argv[3])
q = last["queues"]
print(f"# tcp at {last['ifaces'][0]['counter']}: {sum(x['rx_packets'] for x in q)} packets, "
      f"{sum(x['rx_bytes'] for x in q)} bytes; sysfs {packets}, {nbytes}")
assert last["ifaces"][0]["counter"] == "tc"
assert packets > 0 and sum(x["rx_packets"] for x in q) == packets and sum(x["rx_bytes"] for x in q) == nbytes
PY
