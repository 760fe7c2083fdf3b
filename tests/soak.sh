#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Soak: `rxtop run` cycles its receivers twice (SOAK_STACKS) for SOAK_SECONDS (600) in all, sampling at 10 Hz with
# every probe, the lab generator flat out. Every SOAK_EVERY (10) s it records rxtop's RSS, open fds and the
# memory of the BPF maps it holds. The first cycle is the warm-up; the second must not grow: RSS at its end at
# most 1 MiB above the first cycle's end, and in no phase more fds than in the same stack's first phase.
# Run it as root under the lab lock. Exit 0 pass, 1 fail.
set -u
cd "$(dirname "$0")/.."
source tests/lib.sh
seconds=${SOAK_SECONDS:-600}
every=${SOAK_EVERY:-10}
stacks=${SOAK_STACKS:-afxdp,dpdk,iouring,epoll,afxdp,dpdk,iouring,epoll}
rss_budget_kb=${SOAK_RSS_BUDGET_KB:-1024}
IFS=, read -ra phases <<<"$stacks"
nphases=${#phases[@]}
half=$((nphases / 2))
[ $((nphases % 2)) -eq 0 ] && [ "${phases[*]:0:half}" = "${phases[*]:half}" ] ||
	fail "SOAK_STACKS must be one list of stacks given twice, e.g. afxdp,epoll,afxdp,epoll"
duration=$(awk -v s="$seconds" -v n="$nphases" 'BEGIN { printf "%.1f", s / n }')
dir=$(mktemp -d /tmp/rxtop-soak.XXXXXX)
at_exit 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; lab_cleanup'

"$RXTOP" run "$stacks" --lab -b -o json -d 0.1 --duration "$duration" --event-probes always \
	--bpf-stats always >"$dir/out.json" 2>"$dir/err" &
pid=$!
info "rxtop pid $pid: $stacks, $duration s each, samples every $every s; files in $dir"

# map memory: memlock of every BPF map fd the process holds (/proc/PID/fdinfo), in kB; one awk for all fds,
# so a sample stays short on a loaded machine
map_kb() {
	awk 'FNR == 1 { map = 0 } /^map_type:/ { map = 1 } /^memlock:/ && map { sum += $2 }
		END { print int(sum / 1024) }' /proc/$pid/fdinfo/* 2>/dev/null
}
# the phase running now: the index of the alive stack in the last JSON line, -1 between phases
phase_now() {
	tail -n 1 "$dir/out.json" 2>/dev/null | python3 -c '
import json, sys
try:
    rows = json.loads(sys.stdin.read()).get("stacks", [])
except ValueError:
    rows = []
print(next((i for i, r in enumerate(rows) if r.get("alive")), -1))'
}

echo "t_s phase stack rss_kb fds maps map_kb" | tee "$dir/samples"
start=$SECONDS
next=$every
while kill -0 $pid 2>/dev/null; do
	# On a schedule: the time a sample takes does not push the next one back.
	while [ $((SECONDS - start)) -lt $next ] && kill -0 $pid 2>/dev/null; do sleep 0.5; done
	next=$((next + every))
	kill -0 $pid 2>/dev/null || break
	rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$pid/status 2>/dev/null) || break
	fds=$(ls /proc/$pid/fd 2>/dev/null | wc -l)
	maps=$(grep -l '^map_type:' /proc/$pid/fdinfo/* 2>/dev/null | wc -l)
	phase=$(phase_now)
	name=-
	[ "$phase" -ge 0 ] && name=${phases[$phase]:-?}
	echo "$((SECONDS - start)) $phase $name ${rss:-0} $fds $maps $(map_kb)" | tee -a "$dir/samples"
done
wait $pid
rc=$?
lines=$(wc -l <"$dir/out.json")
info "rxtop exited $rc after $((SECONDS - start)) s, $lines JSON lines ($(awk -v l="$lines" -v s=$((SECONDS - start)) 'BEGIN { printf "%.1f", l / s }') per second)"
[ $rc -eq 0 ] || { tail -n 5 "$dir/err"; fail "rxtop run exited $rc"; }

# Verdict from the samples: per phase the largest fd count and the last RSS.
python3 - "$dir/samples" "$half" "$rss_budget_kb" <<'PY'
import sys
path, half, budget = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = [l.split() for l in open(path).read().splitlines()[1:]]
rows = [(int(t), int(p), s, int(r), int(f), int(m), int(k)) for t, p, s, r, f, m, k in rows]
if not rows:
    sys.exit("FAIL: no samples")
first, last = rows[0], rows[-1]
print(f"# start: rss {first[3]} kB, {first[4]} fds, {first[5]} maps, {first[6]} kB map memory")
print(f"# end:   rss {last[3]} kB, {last[4]} fds, {last[5]} maps, {last[6]} kB map memory")
bad = []
fds = {}
for t, p, s, r, f, m, k in rows:
    if p >= 0:
        fds[p] = max(fds.get(p, 0), f)
for p in range(half):
    if p in fds and p + half in fds and fds[p + half] > fds[p]:
        bad.append(f"phase {p + half} has {fds[p + half]} fds, the same stack's phase {p} had {fds[p]}")
warm = [r for r in rows if 0 <= r[1] < half]
late = [r for r in rows if r[1] >= half]
if not warm or not late:
    bad.append("too few samples to compare the two cycles")
else:
    growth = late[-1][3] - warm[-1][3]
    print(f"# rss at the end of the warm-up cycle {warm[-1][3]} kB, at the end {late[-1][3]} kB: {growth:+d} kB "
          f"(budget {budget}); map memory {warm[-1][6]} -> {late[-1][6]} kB; "
          f"fds per phase {[fds.get(p) for p in sorted(fds)]}")
    if growth > budget:
        bad.append(f"RSS grew {growth} kB after the warm-up, more than {budget} kB")
    if late[-1][6] > warm[-1][6] and late[-1][2] == warm[-1][2]:
        bad.append(f"map memory grew from {warm[-1][6]} to {late[-1][6]} kB")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
