#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop -p --syscall-counts sampled: sys_enter is attached only in the probes' windows and the syscall counts are
# estimates. Over the steady middle of a paced workload (40 getppid() and one clock_nanosleep() a millisecond for
# 6 s, 41000 syscalls a second by its own count and clock), the estimated syscalls a second, in total and of
# getppid, are within 10 % of the workload's; the probe row says sys_enter is sampled (share below 0.5), the default
# rxtop's says it is not. With --event-probes always the option is refused: one line, exit 2.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
err=$("$RXTOP" -p $$ -i lo --syscall-counts sampled --event-probes always -b -n 1 2>&1 >/dev/null)
rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <<<"$err")" = 1 ] || fail "--syscall-counts sampled with --event-probes always: exit $rc, '$err'"
grep -q "drop one" <<<"$err" || fail "the refusal says no way out: $err"

ovh_build_workload
ovh_start_workload -- paced 40 6000
pid=$OVH_WORKLOAD_PID
json=$OVH_DIR/rxtop.json
"$RXTOP" -p "$pid" -i lo --syscall-counts sampled -b -o json -d 0.5 >"$json" 2>"$OVH_DIR/rxtop.err" &
OVH_PIDS+=($!)
ovh_wait_lines "$json" 1
printf g >&3
for _ in $(seq 200); do
	grep -q '^done' "$OVH_DIR/workload.out" && break
	sleep 0.1
done
read -r _ calls seconds <"$OVH_DIR/workload.out"
[[ $calls =~ ^[0-9]+$ ]] || fail "the workload did not finish: $(cat "$OVH_DIR/workload.out")"
n=$(($(wc -l <"$json") + 1))
ovh_wait_lines "$json" "$n"
info "workload: $calls syscalls in $seconds s"

python3 - "$json" "$pid" "$calls" "$seconds" <<'PY' || fail "see above"
import json, sys
path, pid, calls, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
lines = [json.loads(l) for l in open(path)]
def proc(l):
    return next(p for p in l["processes"] if p["pid"] == pid)
def getppid(l):
    return next((s["count"] for s in proc(l)["top_syscalls"] if s["name"] == "getppid"), 0)
# The burst: the readings from the first that saw syscalls to the last; its middle leaves out the interval at each
# edge, where part of the interval was idle (the estimate spreads a window's rate over its whole interval).
busy = [i for i in range(1, len(lines)) if proc(lines[i])["syscalls"] > proc(lines[i - 1])["syscalls"]]
ok = len(busy) >= 6
a, b = (busy[1], busy[-2]) if ok else (0, 0)
rate = calls / seconds
print(f"# workload: {rate:.0f} syscalls/s ({calls} in {seconds:.2f} s); rxtop readings {a}..{b} of {len(lines)}")
if ok:
    span = lines[b]["ts"] - lines[a]["ts"]
    est = (proc(lines[b])["syscalls"] - proc(lines[a])["syscalls"]) / span
    est_getppid = (getppid(lines[b]) - getppid(lines[a])) / span
    print(f"# rxtop's estimate over {span:.2f} s: {est:.0f} syscalls/s, getppid {est_getppid:.0f}/s (workload {rate * 40 / 41:.0f})")
    ok = abs(est - rate) <= 0.1 * rate and abs(est_getppid - rate * 40 / 41) <= 0.1 * rate * 40 / 41
    if not ok:
        print("FAIL: an estimate is more than 10 % from the workload's own count")
row = next((r for r in lines[-1]["probes"] if r["name"] == "raw_syscalls:sys_enter"), None)
print(f"# probe row: {row}")
if not row or not row.get("sampled") or not 0 < row.get("share", 1) < 0.5:
    print("FAIL: sys_enter's row does not say it is sampled"); ok = False
sys.exit(0 if ok else 1)
PY
"$RXTOP" -p "$pid" -i lo -b -o json -d 0.2 -n 2 2>/dev/null | tail -n 1 | python3 -c '
import json, sys
row = next(r for r in json.load(sys.stdin)["probes"] if r["name"] == "raw_syscalls:sys_enter")
sys.exit(0 if not row["sampled"] else 1)' || fail "by default sys_enter is sampled too: counts must be exact"

