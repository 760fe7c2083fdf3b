#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Not a test (make bench): what each receiver gets of a modest paced rate, 50 kpps for 3 s from the lab's packet
# engine, as received / sent by the generator in the same run (target >= 0.99). These were ">= 99 %" checks in
# the stack cases, which failed on machines busy with other work; the cases now check that every frame is
# received or counted as lost. Usage: tests/bench/receive.sh   (STACKS=recvfrom,epoll,... to choose)
source "${0%/bench*}/lib.sh"
at_exit lab_cleanup
stacks=${STACKS:-recvfrom,recvmmsg,epoll,iouring,afxdp,dpdk}
"$RXTOP" lab up >/dev/null || fail "lab up"
printf '%-10s %10s %10s %10s %8s\n' stack sent received lost ratio
for stack in ${stacks//,/ }; do
	out=$(timeout 60 "$RXTOP" run "$stack" --lab -b -o json -d 1 --duration 3 --gen-rate 50000 --gen-engine packet \
		--rcvbuf 8388608 2>/dev/null) || { printf '%-10s cannot run here\n' "$stack"; continue; }
	python3 - "$stack" "$(tail -n 1 <<<"$out")" <<'PY'
import json, sys
name, s = sys.argv[1], json.loads(sys.argv[2])
st = [x for x in s["stacks"] if x["stack"] == name][0]
sent, rx = s["ledger"]["sent"] or 0, st["rx_packets"]
ratio = rx / sent if sent else 0
print(f"{name:<10} {sent:>10} {rx:>10} {st['drops']:>10} {ratio:>8.4f}{'' if ratio >= 0.99 else '  BELOW 0.99'}")
PY
done
