# SPDX-License-Identifier: GPL-2.0-only
# Helpers for cases that run rxtop's afxdp receiver on the lab as "an AF_XDP application" that rxtop then watches
# or diagnoses (sourced after tests/lib.sh; not a case itself). Sets up the lab with 2 queues and a scratch
# directory TMP, and removes both on exit.
TMP=$(mktemp -d)
STACK_PID=
HOLDER=
OTHER_PIDS=() # the case's own background processes, ended on exit too
at_exit 'kill -CONT $HOLDER 2>/dev/null; kill -TERM $STACK_PID "${OTHER_PIDS[@]}" 2>/dev/null; wait 2>/dev/null
	lab_cleanup; rm -rf "$TMP"'
"$RXTOP" lab up --queues 2 >/dev/null || fail "lab up"
ethtool -S rxlab0 2>/dev/null | grep -q rx_queue_0_xdp_redirect || skip "ethtool -S rxlab0 has no per-queue counters"

# veth COUNTER: one of rxlab0's own counters (ethtool -S), e.g. rx_queue_0_xdp_redirect
veth() { ethtool -S rxlab0 | awk -v k="$1:" '$1 == k { print $2 }'; }

# gen ARGS...: the packet generator from the lab's namespace, in the foreground
gen() { ip netns exec rxtop-gen "$RXTOP" gen -i rxgen0 --src 198.18.0.1 --dst 198.18.0.2 --engine packet "$@" \
	>"$TMP/gen.out" 2>&1 || fail "the generator failed: $(cat "$TMP/gen.out")"; }

# start_stack ARGS...: rxtop's afxdp receiver (STACK=dpdk: the dpdk one) on rxlab0 in the background, its output in
# $TMP/stack.out; sets STACK_PID (its runner) and HOLDER (the runner's child, the process with the sockets). DPDK's
# EAL set-up took over 4 s beside a CPU hog, so it is given 30 s.
start_stack() {
	local stack=${STACK:-afxdp}
	"$RXTOP_DEV" __stack "$stack" -i rxlab0 --duration 60 "$@" >"$TMP/stack.out" 2>&1 &
	STACK_PID=$!
	for _ in $(seq 300); do
		HOLDER=$(pgrep -P "$STACK_PID" | head -n 1)
		[ -n "$HOLDER" ] && grep -q "^rxtop: $stack on" "$TMP/stack.out" && return 0
		kill -0 "$STACK_PID" 2>/dev/null || break
		sleep 0.1
	done
	fail "$stack did not start: $(cat "$TMP/stack.out")"
}

# stop_stack: SIGTERM, and its exit status must be 0
stop_stack() {
	kill -TERM "$STACK_PID"
	wait "$STACK_PID" || fail "${STACK:-afxdp} exited $?: $(cat "$TMP/stack.out")"
	STACK_PID=
}

# doctor_under_flood: the receiver (start_stack) on both lab queues, flooded by the generator for 4 s while rxtop
# doctor looks (its text in $TMP/doctor.txt, its JSON in $TMP/doctor.json), then stopped; sets DROPS to what veth
# dropped meanwhile (rx_queue_N_drops).
doctor_under_flood() {
	local d0 d1 gen_pid
	start_stack -q 0,1
	d0=$(veth rx_queue_0_drops) d1=$(veth rx_queue_1_drops)
	ip netns exec rxtop-gen "$RXTOP" gen -i rxgen0 --src 198.18.0.1 --dst 198.18.0.2 --engine packet --flows 4 \
		--duration 4 >"$TMP/gen.out" 2>&1 &
	gen_pid=$!
	OTHER_PIDS+=("$gen_pid")
	sleep 1
	"$RXTOP" doctor -i rxlab0 -d 2 >"$TMP/doctor.txt" 2>"$TMP/doctor.err" ||
		fail "rxtop doctor exited $?: $(cat "$TMP/doctor.err")"
	"$RXTOP" doctor -i rxlab0 -d 0.5 -o json >"$TMP/doctor.json" 2>>"$TMP/doctor.err" ||
		fail "rxtop doctor -o json exited $?"
	wait "$gen_pid" || fail "the generator failed: $(cat "$TMP/gen.out")"
	DROPS=$(($(veth rx_queue_0_drops) - d0 + $(veth rx_queue_1_drops) - d1))
	stop_stack
	cat "$TMP/doctor.txt"
	tail -n 1 "$TMP/gen.out"
}

# doctor_sockets_ok RX_RING: doctor's JSON ($TMP/doctor.json) sees one socket on each lab queue, each with an rx ring
# of RX_RING, a fill ring of 4096 that never ran empty, and no problem but a full rx ring; a full rx ring is a problem
# only when the holder's busiest thread was on a CPU less than 90 % of the window (else the receiver is at its
# capacity: xsk_rx_saturated, a warning), so on an idle machine, where the spinning workers get their cores, there is
# no problem at all.
doctor_sockets_ok() {
	python3 - "$TMP/doctor.json" "$1" <<'PY' || fail "doctor's view of the sockets: see above"
import json, sys
d = json.load(open(sys.argv[1]))
rx_ring = int(sys.argv[2])
rings = [(s["queue"], s["rx_ring"], s["fill_ring"], s["window"]["fill_ring_empty"]) for s in d["sockets"]]
problems = [f["id"] for f in d["findings"] if f["severity"] == "problem"]
(p,) = d["processes"]
busy = p["busiest_thread"]
print(f"# sockets (queue, rx ring, fill ring, fill ring empty): {rings}; problems {problems}; busiest thread {busy}")
assert sorted(r[0] for r in rings) == [0, 1], rings
assert all(r[1:] == (rx_ring, 4096, 0) for r in rings), rings
assert not set(problems) - {"xsk_rx_ring_full"}, problems
assert busy is not None and 0 <= busy["run_share"] <= 1.05, busy
ids = {f["id"] for f in d["findings"]}
if busy["run_share"] >= 0.9:
    assert "xsk_rx_ring_full" not in ids, "a saturated receiver's full ring was called a problem"
else:
    assert "xsk_rx_saturated" not in ids, "a receiver that ran under 90 % was called saturated"
PY
}
