#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop run under traffic shows what each receiver pays in syscalls per packet: recvfrom about 1 (0.9..1.2),
# recvmmsg --batch 32 at most 1/16 once batches fill (generator flat out), afxdp (need_wakeup) about 0 (< 0.05).
# dpdk (af_xdp PMD with busy_budget=0, rxtop's default without --busy-poll) about 0 (< 0.05). afxdp --busy-poll
# drives NAPI with a recvfrom whenever its ring is empty, so its count says whether the receiver or the traffic is
# the bottleneck: about 1/batch when packets always wait (measured 0.085 on a host whose generator outran the
# receiver), several per packet when the receiver is faster (5.3 on a host where one generator core, which also
# runs veth's NAPI and the AF_XDP copy, made only ~210 kpps). On veth the kicks poll nothing: the socket has no
# NAPI id (napi_busy_poll shows it), so nothing pins the count down, and the case checks that the kicks are seen
# and named (top syscall recvfrom) and that the stack reports its busy polling, not a bound. A worker on a queue without traffic would
# spin on recvfrom, so that case serves only the queue the generator feeds. Median over the
# intervals with traffic, on a private veth bed (the shared lab may be busy). Also checks the JSON carries the
# breakdown, top syscalls and rxtop's own program costs.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
ovh_bed_up
STACKS=${STACKS:-recvfrom,recvmmsg,afxdp,dpdk}

# run_case STACK RATE(0: flat out) MIN MAX [stack options]. 5-s phases (PHASE), the median of their 3-4 busy
# intervals; dpdk's are 8 s: its EAL set-up took most of a 5-s phase on a busy machine, which then had no interval
# with traffic.
run_case() {
	local stack=$1 rate=$2 min=$3 max=$4 gen_rate=() out
	shift 4
	[ "$rate" != 0 ] && gen_rate=(--rate "$rate")
	${GEN_PREFIX:-} "$RXTOP" gen "${OVH_GEN[@]}" "${gen_rate[@]}" ${GEN_EXTRA:-} --duration $((${PHASE:-5} + 6)) >"$OVH_DIR/gen.out" 2>&1 &
	local gen=$!
	OVH_PIDS+=("$gen")
	out=$(timeout 60 "$RXTOP" run "$stack" -i "$BED_RECV" -b -o json --duration "${PHASE:-5}" "$@" 2>"$OVH_DIR/run.err")
	local rc=$?
	kill "$gen" 2>/dev/null
	wait "$gen" 2>/dev/null
	if [ $rc -eq 2 ]; then
		info "$stack: cannot run here: $(cat "$OVH_DIR/run.err")"
		return 77
	fi
	[ $rc -eq 0 ] || fail "rxtop run $stack exited $rc: $(cat "$OVH_DIR/run.err")"
	python3 "$OVH_DIR/check.py" "$stack $*" "$min" "$max" <<<"$out"
}

# Checks one stack's lines from stdin.
cat >"$OVH_DIR/check.py" <<'PY'
import json, statistics, sys
name, lo, hi = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
lines = [json.loads(l) for l in sys.stdin if l.strip()]
rows = [(l, l["stacks"][0]) for l in lines if l["stacks"]]
busy = [(l, s) for l, s in rows if s["alive"] and s["rx_pps"] > 1000 and l["interval"] > 0.5]
assert busy, f"{name}: no interval with traffic"
per_pkt = statistics.median(s["syscalls_per_pkt"] for _, s in busy)
pps = statistics.median(s["rx_pps"] for _, s in busy)
top = [(x["name"], x["count"]) for x in busy[-1][1]["top_syscalls"][:2]]
bd = busy[-1][1]["breakdown"]
print(f"# {name}: {pps:.0f} pps, syscalls/pkt {per_pkt:.4f} (want {lo}..{hi}), top {top}, "
      f"ns/pkt user {bd['user']:.0f} syscall {bd['syscall']:.0f} softirq {bd['softirq']:.0f} wait {bd['wait']:.0f}")
assert lo <= per_pkt <= hi, f"{name}: {per_pkt:.4f} syscalls per packet, outside {lo}..{hi}"
if hi == float("inf"):
    assert top and top[0][0] == "recvfrom", f"{name}: top syscall {top}, not the recvfrom kick"
    assert busy[-1][1]["busy_poll"] is not None, f"{name}: busy_poll is null although the stack busy-polls"
for l, s in busy:
    assert abs(s["breakdown"]["user"] + s["breakdown"]["syscall"] + s["breakdown"]["softirq"] -
               s["breakdown"]["cpu"]) <= 1e-3 * max(s["breakdown"]["cpu"], 1), "breakdown does not add up"
    assert s["syscalls_per_pkt"] == 0 or s["pkts_per_syscall"] is None or \
        abs(s["syscalls_per_pkt"] * s["pkts_per_syscall"] - 1) < 0.01, "pkts_per_syscall is not the inverse"
self = busy[-1][0]["self"]
progs = {p["name"]: p for p in self["programs"]}
assert progs.get("raw_syscalls:sys_enter", {}).get("run_cnt", 0) > 0, "no run count for sys_enter in self.programs"
assert self["bpf_run_time_ns"] > 0, "self.bpf_run_time_ns is 0: run-time statistics are off"
PY

skipped=0
for stack in ${STACKS//,/ }; do
	case $stack in
	recvfrom) run_case recvfrom 20000 0.9 1.2 --rcvbuf 8388608 ;;
	recvmmsg) run_case recvmmsg 0 0 0.0625 --batch 32 ;;
	afxdp) run_case afxdp 0 0 0.05 &&
		GEN_PREFIX="taskset -c 0" GEN_EXTRA="--threads 1" run_case afxdp 0 0 inf --busy-poll -q 0 -c 1 ;;
	dpdk) PHASE=8 run_case dpdk 0 0 0.05 ;;
	esac
	rc=$?
	[ $rc -eq 77 ] && skipped=$((skipped + 1)) && continue
	[ $rc -eq 0 ] || fail "$stack: see above"
done
[ "$skipped" -eq 0 ] || info "$skipped stack(s) could not run here"
