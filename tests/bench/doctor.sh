#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Not a test (make bench): rxtop doctor on every built-in receiver at its defaults, fed by the lab's generator flat
# out (issue 14: no [problem] on any of them at any rate). Each receiver runs under `rxtop run STACK --lab` with one
# queue pinned to CPU 1 and the generator on CPU 0 (QUEUES=0,1 CPUS=0,1 GEN_CPUS=0,1 for both queues, where the two share the
# cores with the sender), and doctor looks for 2 s in the middle of the run. Prints doctor's findings per receiver.
# Usage: [STACKS=afxdp,dpdk,...] [QUEUES=0 CPUS=1 GEN_CPUS=0] tests/bench/doctor.sh
source "${0%/bench*}/lib.sh"
at_exit lab_cleanup
stacks=${STACKS:-recvfrom,recvmmsg,epoll,iouring,afxdp,dpdk}
queues=${QUEUES:-0} cpus=${CPUS:-1}
"$RXTOP" lab up --queues 2 >/dev/null || fail "lab up"
tmp=$(mktemp -d)
for stack in ${stacks//,/ }; do
	"$RXTOP" run "$stack" --lab -q "$queues" -c "$cpus" -b -o json -d 1 --duration 8 >"$tmp/run.json" \
		2>"$tmp/run.err" &
	run=$!
	# The receiver's workers are pinned with -c; rxtop and its generator (child rxtop-gen) go to GEN_CPUS.
	for _ in $(seq 50); do
		gen=$(pgrep -P "$run" -x rxtop-gen) && break
		sleep 0.1
	done
	[ -n "$gen" ] && taskset -a -p -c "${GEN_CPUS:-0}" "$gen" >/dev/null && taskset -a -p -c "${GEN_CPUS:-0}" "$run" >/dev/null
	sleep 3
	echo "=== $stack (-q $queues -c $cpus, generator flat out on CPU 0)"
	"$RXTOP" doctor -i rxlab0 -d 2 2>&1 | grep -E '^\[|^  (process|socket)' || echo "(doctor printed no finding)"
	wait "$run" || echo "$stack: rxtop run exited $?: $(head -c 300 "$tmp/run.err")"
	python3 - "$tmp/run.json" <<'PY' || echo "$stack: no reading"
import json, sys
s = json.loads(open(sys.argv[1]).read().splitlines()[-1])
for x in s["stacks"]:
    print(f"{x['stack']}: rx {x['rx_packets']} packets, drops {x['drops']}; generator sent {s['ledger']['sent']}")
PY
done
rm -rf "$tmp"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
