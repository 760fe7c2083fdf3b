#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop's afxdp at its defaults on one queue, its worker pinned to CPU 1, fed as fast as the generator can from
# CPU 0: the receiver is the bottleneck with a core of its own, so a full rx ring is its capacity, not a flaw.
# rxtop doctor must report no problem; if the ring overflowed it says xsk_rx_saturated (a warning) and the holder's
# busiest thread ran at least 90 % of the window (/proc/PID/task/TID/schedstat). Without the saturation rule doctor
# called every full ring a problem. When other work on the machine held the worker off its core (it waited for a
# CPU a quarter of the window or more), a problem is the right answer and the case only prints it.
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
if busy["wait_share"] >= 0.25:
    print("# the worker was held off its core by other work; a problem is right then, nothing more to check")
    sys.exit(0)
problems = [i for i, sev in found.items() if sev == "problem"]
assert not problems, f"problems on a receiver with a core of its own: {problems}"
if s["window"]["rx_ring_full"]:
    assert found.get("xsk_rx_saturated") == "warning" and busy["run_share"] >= 0.9, found
PY
echo PASS
