#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop's afxdp at its defaults on one queue, its worker pinned to CPU 1, fed as fast as the generator can from
# CPU 0: the receiver is the bottleneck with a core of its own, so a full rx ring is its capacity, not a flaw.
# rxtop doctor must report no problem; if the ring overflowed it says xsk_rx_saturated (a warning) and the holder's
# busiest thread ran at least 90 % of the window (/proc/PID/task/TID/schedstat). Without the saturation rule doctor
# called every full ring a problem. When the worker ran less than doctor's 90 % (other work held it off its core,
# or a sender starved by other work came in bursts it slept between), doctor's rule makes a full ring a problem
# (xsk_rx_ring_full), which is then the right answer: the case checks only that no other problem was named.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/lab_afxdp.sh"
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs: one for the sender, one for the receiver"

start_stack -q 0 -c 1
ip netns exec rxtop-gen taskset -c 0 "$RXTOP" gen -i rxgen0 --src 198.18.0.1 --dst 198.18.0.2 --engine packet \
	--flows 1 --duration 4 >"$TMP/gen.out" 2>&1 &
OTHER_PIDS+=($!)
sleep 1
"$RXTOP" doctor -i rxlab0 -d 2 -o json >"$TMP/doctor.json" 2>"$TMP/doctor.err" ||
	fail "rxtop doctor exited $?: $(cat "$TMP/doctor.err")"
wait "${OTHER_PIDS[0]}" || fail "the generator failed: $(cat "$TMP/gen.out")"
stop_stack
python3 - "$TMP/doctor.json" <<'PY' || fail "doctor on a saturated receiver: see above"
import json, sys
d = json.load(open(sys.argv[1]))
(p,) = d["processes"]
busy = p["busiest_thread"]
found = {f["id"]: f["severity"] for f in d["findings"]}
(s,) = d["sockets"]
print(f"# frames {s['window']['rx_packets']}, rx ring full {s['window']['rx_ring_full']}; busiest thread {busy}; "
      f"findings {found}")
assert busy is not None, p
problems = [i for i, sev in found.items() if sev == "problem"]
if busy["run_share"] < 0.9:
    print("# the worker did not run flat out (the machine was busy): a full ring is a problem by doctor's rule")
    assert set(problems) <= {"xsk_rx_ring_full"}, f"problems beside a full ring: {problems}"
    sys.exit(0)
assert not problems, f"problems on a receiver with a core of its own: {problems}"
if s["window"]["rx_ring_full"]:
    assert found.get("xsk_rx_saturated") == "warning" and busy["run_share"] >= 0.9, found
PY
echo PASS
