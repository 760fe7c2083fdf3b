#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The per-event probes (napi_poll, NET_RX softirq entry/exit) count in sampling windows by default, a 20th of
# each interval, and their counts are scaled (src/probes/cost_window.h). Checked against independent sources:
# - NET_RX time against /proc/stat's softirq time, with the generator flat out so that no CPU idles: /proc/stat
#   samples at the tick here (no IRQ_TIME_ACCOUNTING) and ticks stop on idle CPUs, so at partial load it read
#   0.4x-2.3x the probes' time from one run to the next, while flat out it agreed within 4 %.
# - NAPI packets against the XDP counter's packets (itself checked against sysfs in top_bpf_cost and
#   top_conservation), with the generator paced at 200 kpps: flat out, the probes attached in a window slow a
#   sender on the same CPUs there and the windows saw 8 % fewer packets than the rest of the time.
# - The same through a classic tracepoint, whose attach and detach take tens of ms.
# With --event-probes always the NAPI counts are exact. How close the sampled NAPI estimate comes is checked
# only by make bench (RXTOP_BENCH_STRICT=1, tests/bench/sampled.sh): it read 0.75x and 2.58x with a CPU hog. All with --counter xdp: rxtop's XDP program is what makes
# veth poll a NAPI instance for the packet engine's frames (counting at tc, they take the CPU backlog).
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup

"$RXTOP" lab up >/dev/null || fail "lab up"

# sampled_run CHECK RXTOP-OPTIONS...: one-second lines, /proc/stat read as each arrives; CHECK (python) sees
# a, b (line 2 and the one before the last: the generator runs steadily between them), the /proc/stat softirq
# seconds at each and the last line. 6 lines (3 s between a and b); 9 for make bench (RXTOP_BENCH_STRICT=1),
# whose accuracy bounds want more time.
sampled_run() {
	local check=$1
	shift
	python3 - "$RXTOP" "$check" "$@" <<'PY'
import json, os, subprocess, sys

def softirq_seconds():
    with open("/proc/stat") as f:
        return int(f.readline().split()[7]) / os.sysconf("SC_CLK_TCK")

strict = bool(os.environ.get("RXTOP_BENCH_STRICT"))
cmd = ["timeout", "40", sys.argv[1], "--lab", "-b", "-o", "json", "-n", "9" if strict else "6", "-d", "1",
       "--gen-engine", "packet",
       "--counter", "xdp"]
lines, stat = [], []
with subprocess.Popen(cmd + sys.argv[3:], stdout=subprocess.PIPE, text=True) as p:
    for line in p.stdout:
        stat.append(softirq_seconds())  # as soon as the line is out: the same moment, within ms
        lines.append(json.loads(line))
assert p.returncode == 0, f"rxtop exited {p.returncode}"
a, b, last = lines[1], lines[-2], lines[-1]
sa, sb = stat[1], stat[-2]
probes = {r["name"]: r for r in last["probes"]}
for name in ("napi:napi_poll", "irq:softirq_entry", "irq:softirq_exit", "raw_syscalls:sys_exit"):
    r = probes[name]
    assert r["attach"] != "missing", f"{name} missing: nothing to check"
    # A 20th of each interval; longer for a probe that stays attached while a slower one detaches. On a busy
    # machine the live share varies (0.017 seen with a CPU hog): the 0.04-0.2 bound is make bench's only.
    lo, hi = (0.04, 0.2) if os.environ.get("RXTOP_BENCH_STRICT") else (0, 0.5)
    assert r["sampled"] and lo < r["share"] < hi, f"{name}: {r}"
assert not probes["skb:kfree_skb"]["sampled"] and probes["skb:kfree_skb"]["share"] == 1
prog = next(p for p in last["self"]["programs"] if p["name"] == "napi:napi_poll")
assert prog["share"] == probes["napi:napi_poll"]["share"], prog
def total(line, key):
    return sum(q[key] for q in line["queues"])
exec(sys.argv[2])
PY
}

sampled_run '
assert a["softirq"] and b["softirq"], "no NET_RX time in the JSON line"
assert b["softirq"]["net_rx_ns"] == sum(c["net_rx_ns"] for c in b["softirq"]["cpus"])
est = (b["softirq"]["net_rx_ns"] - a["softirq"]["net_rx_ns"]) / 1e9
print(f"# flat out: NET_RX time sampled {est:.3f} s, /proc/stat softirq {sb - sa:.3f} s ({est / (sb - sa):.3f})")
# Over 6 s: 1.3-2 s on a quiet machine; 0.65 s with a CPU hog beside it (the generator gets less CPU). 30 ticks
# at least for the comparison in make bench, 15 over the 3 s here.
floor = 0.3 if strict else 0.15
assert sb - sa > floor, f"/proc/stat shows only {sb - sa:.2f} s of softirq: too little to compare"
# Within 4 % on a quiet machine, 0.76x with a CPU hog: that accuracy is checked by make bench only.
assert est > 0, "no sampled NET_RX time"
assert not os.environ.get("RXTOP_BENCH_STRICT") or abs(est - (sb - sa)) <= 0.15 * (sb - sa), "sampled NET_RX time is off"
' || fail "sampled NET_RX time does not match /proc/stat"

sampled_run '
xdp = total(b, "rx_packets") - total(a, "rx_packets")
napi = total(b, "napi_packets") - total(a, "napi_packets")
print(f"# 200 kpps: XDP counted {xdp} packets, sampled NAPI estimated {napi} ({napi / xdp:.3f})")
assert xdp > 100000, f"only {xdp} packets: no traffic to check against"
# Within 5 % on a quiet machine, but 0.75 and 2.58 in two runs with a CPU hog beside it: the accuracy under
# load is for make bench (tests/bench/sampled.sh runs this case with RXTOP_BENCH_STRICT=1); here the estimate
# must exist.
bound = 0.05 if os.environ.get("RXTOP_BENCH_STRICT") else None
assert napi > 0, "no sampled NAPI packets"
assert bound is None or abs(napi - xdp) <= bound * xdp, "sampled NAPI packets are off"
' --gen-rate 200000 || fail "sampled NAPI packets do not match the XDP counter"

# A classic tracepoint counts only from the end of its attach call (tens of ms) to the start of its detach: the
# scale uses that live time (with the calls' middles instead the estimate read 0.57 of the packets).
RXTOP_TRACE_ATTACH=tracepoint sampled_run '
assert probes["napi:napi_poll"]["attach"] == "tracepoint", probes["napi:napi_poll"]
xdp = total(b, "rx_packets") - total(a, "rx_packets")
napi = total(b, "napi_packets") - total(a, "napi_packets")
print(f"# 200 kpps, classic tracepoint: XDP counted {xdp}, sampled NAPI estimated {napi} ({napi / xdp:.3f})")
bound = 0.05 if os.environ.get("RXTOP_BENCH_STRICT") else None
assert napi > 0, "no sampled NAPI packets"
assert bound is None or abs(napi - xdp) <= bound * xdp, "sampled NAPI packets are off"
' --gen-rate 200000 || fail "sampled NAPI packets (classic tracepoint) do not match the XDP counter"

always=$(timeout 30 "$RXTOP" --lab -b -o json -n 3 -d 1 --gen-rate 100000 --event-probes always --counter xdp) ||
	fail "always run exited $?"
python3 - "$always" <<'PY' || fail "always-on NAPI counts are off"
import json, sys
last = [json.loads(l) for l in sys.argv[1].splitlines()][-1]
probes = {r["name"]: r for r in last["probes"]}
assert not probes["napi:napi_poll"]["sampled"] and probes["napi:napi_poll"]["share"] == 1, probes["napi:napi_poll"]
assert not probes["raw_syscalls:sys_exit"]["sampled"], probes["raw_syscalls:sys_exit"]
# After the lab drained: every packet the XDP counter saw went through a NAPI poll of its queue.
for q in last["queues"]:
    print(f"# always: queue {q['queue']}: XDP {q['rx_packets']}, NAPI {q['napi_packets']} in {q['napi_polls']} polls")
    assert q["rx_packets"] > 0 and q["napi_packets"] == q["rx_packets"], q
PY
