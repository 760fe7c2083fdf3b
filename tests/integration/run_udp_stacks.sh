#!/bin/bash
# rxtop run: each UDP stack receives >= 99 % of 50 kpps for 3 s in the lab, and its own count matches the
# packets rxtop's XDP program and sysfs saw on rxlab0 within 0.5 %.
source "$(dirname "$0")/../lib.sh"
trap lab_cleanup EXIT

stacks=${STACKS:-recvfrom,recvmmsg,epoll,iouring,afxdp}
"$RXTOP" lab up >/dev/null || fail "lab up"
for stack in ${stacks//,/ }; do
	before=$(sysfs_stat rxlab0 rx_packets)
	out=$(timeout 60 "$RXTOP" run "$stack" --lab -b -o json -d 1 --duration 3 --gen-rate 50000 --rcvbuf 8388608) ||
		fail "rxtop run $stack exited $?"
	after=$(sysfs_stat rxlab0 rx_packets)
	last=$(tail -n 1 <<<"$out")
	python3 - "$last" "$stack" "$((after - before))" <<'PY' || fail "$stack: see above"
import json, sys
s = json.loads(sys.argv[1]); name = sys.argv[2]; sysfs = int(sys.argv[3])
st = [x for x in s["stacks"] if x["stack"] == name][0]
xdp = sum(q["rx_packets"] for q in s["queues"] if q["iface"] == "rxlab0")
sent = s["ledger"]["sent"]
# Packets sent before the receiver was ready are attributed elsewhere (NO_SOCKET); the phase is 3 s at 50 kpps.
rx = st["rx_packets"]
print(f"# {name}: stack={rx} xdp={xdp} sysfs={sysfs} sent={sent} drops={st['drops']}")
assert rx >= 0.99 * 150000, f"{name} received {rx}, less than 99 % of 3 s at 50 kpps"
assert abs(xdp - sysfs) <= 0.005 * sysfs, f"XDP count {xdp} vs sysfs {sysfs}"
# Everything after the stack was ready reached it: what XDP saw minus what arrived before it bound.
early = sum(d["packets"] for d in s["drops"] if d["where"] == "stack" and d["reason"] == "NO_SOCKET")
assert abs(rx - (xdp - early)) <= 0.005 * xdp, f"stack {rx} vs XDP {xdp} - not-yet-bound {early}"
PY
done
