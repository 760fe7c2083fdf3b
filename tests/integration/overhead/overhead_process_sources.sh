#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop -p on a recvfrom receiver under 150000 datagrams at 50 kpps: its syscalls agree (1 %) with perf's
# raw_syscalls:sys_enter, its context switches with /proc/PID/task/*/status (1 %), its CPU with /proc/PID/stat
# (cpu_user+sys: 2 points or 10 %; sched_switch on-CPU: 25 %), and it shows about one syscall per packet, with a
# sampled syscall time estimate (sys_exit attached in windows only). Windows: rxtop's JSON lines just before and after the
# burst; /proc is read the moment each line appears and perf runs across both. The receiver idles around the burst.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
ovh_need_perf
ovh_bed_up
ovh_receiver recvfrom --rcvbuf 8388608
pid=$OVH_RECEIVER_PID
json=$OVH_DIR/rxtop.json

"$RXTOP" -p "$pid" -i "$BED_RECV" -b -o json -d 0.5 >"$json" 2>"$OVH_DIR/rxtop.err" &
OVH_PIDS+=($!)
ovh_wait_lines "$json" 1
perf stat -e raw_syscalls:sys_enter -x, -o "$OVH_DIR/perf.out" -p "$pid" &
perf_pid=$!
OVH_PIDS+=("$perf_pid")
sleep 0.7 # perf is counting
n=$(($(wc -l <"$json") + 1))
ovh_wait_lines "$json" "$n"
read -r vol_a invol_a ticks_a < <(echo "$(ovh_proc_switches "$pid" voluntary) $(ovh_proc_switches "$pid" nonvoluntary) $(ovh_proc_cpu_ticks "$pid")")
line_a=$n
timeout 30 "$RXTOP" gen "${OVH_GEN[@]}" --rate 50000 --count 150000 >"$OVH_DIR/gen.out" || fail "gen: $(cat "$OVH_DIR/gen.out")"
sleep 0.3 # the last datagrams are read; the receiver blocks again
n=$(($(wc -l <"$json") + 1))
ovh_wait_lines "$json" "$n"
read -r vol_b invol_b ticks_b < <(echo "$(ovh_proc_switches "$pid" voluntary) $(ovh_proc_switches "$pid" nonvoluntary) $(ovh_proc_cpu_ticks "$pid")")
line_b=$n
kill -INT "$perf_pid"
wait "$perf_pid"
perf_count=$(awk -F, '$3 ~ /raw_syscalls:sys_enter/ { print $1 }' "$OVH_DIR/perf.out")
[[ $perf_count =~ ^[0-9]+$ ]] || skip "perf could not count: $(cat "$OVH_DIR/perf.out")"
info "$(tail -n 1 "$OVH_DIR/gen.out")"

python3 - "$json" "$line_a" "$line_b" "$perf_count" $((vol_b - vol_a)) $((invol_b - invol_a)) $((ticks_b - ticks_a)) \
	"$(getconf CLK_TCK)" <<'PY' || fail "see above"
import json, sys
path, a, b, perf = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
vol, invol, ticks, hz = (int(x) for x in sys.argv[5:9])
lines = [json.loads(l) for l in open(path)]
la, lb = lines[a - 1], lines[b - 1]
pa, pb = la["processes"][0], lb["processes"][0]
window = lb["ts"] - la["ts"]
syscalls = pb["syscalls"] - pa["syscalls"]
packets = pb["rx_packets"] - pa["rx_packets"]
ovol = pb["overhead"]["switches_voluntary"] - pa["overhead"]["switches_voluntary"]
oinvol = pb["overhead"]["switches_involuntary"] - pa["overhead"]["switches_involuntary"]
proc_pct = 100.0 * ticks / hz / window
oncpu_pct = 100.0 * (pb["overhead"]["oncpu_ns"] - pa["overhead"]["oncpu_ns"]) / 1e9 / window
shown_pct = sum((l["processes"][0]["cpu_user_pct"] + l["processes"][0]["cpu_sys_pct"]) * l["interval"]
                for l in lines[a:b]) / window
busy = [l["processes"][0] for l in lines[a:b] if l["processes"][0]["rx_packets"] - pa["rx_packets"] > 0 and
        l["processes"][0]["syscalls_per_pkt"] > 0 and l["interval"] > 0]
print(f"# window {window:.2f} s, {packets} packets at XDP")
print(f"# syscalls: rxtop {syscalls}, perf {perf}")
print(f"# voluntary switches: rxtop {ovol}, /proc {vol}; involuntary: rxtop {oinvol}, /proc {invol}")
print(f"# cpu %: /proc/PID/stat {proc_pct:.2f}, rxtop's on-CPU {oncpu_pct:.2f}, rxtop's cpu_user+sys {shown_pct:.2f}")
ok = True
def check(cond, what):
    global ok
    if not cond:
        print("FAIL:", what); ok = False
# Not all of them need to (a busy machine drops some at the veth); what arrived is what the rest is about.
check(0 < packets <= 150000, f"{packets} packets reached XDP of 150000 sent")
check(abs(syscalls - perf) <= 0.01 * perf, "syscalls more than 1 % from perf")
check(vol >= 100 and abs(ovol - vol) <= 0.01 * vol, "voluntary switches more than 1 % from /proc")
# Involuntary switches are few here: 1 % of them rounds to nothing, so allow one either way.
check(abs(oinvol - invol) <= max(1, 0.01 * invol), "involuntary switches differ from /proc")
# Two clocks read at slightly different moments (rxtop's sample, then this script's read of /proc, later on a loaded
# machine): 2 points or a tenth of the figure, whichever is more (20.70 against 22.88 was seen under load); a unit or
# accounting error is far larger.
# rxtop's on-CPU time is sched_switch's switch-in to switch-out, the kernel's sum_exec_runtime (checked within 5 % by
# overhead_cpu_schedstat); /proc/PID/stat's utime+stime is tick-sampled and adjusted, and over a few seconds under
# load the two differed by 12 % (25.51 against 28.86). Here only a gross error counts (a lost thread, a unit).
cpu_slack = max(2, 0.1 * proc_pct)
check(abs(oncpu_pct - proc_pct) <= max(2, 0.25 * proc_pct), "on-CPU time too far from /proc/PID/stat")
check(abs(shown_pct - proc_pct) <= cpu_slack, "cpu_user_pct + cpu_sys_pct too far from /proc/PID/stat")
check(0.9 <= syscalls / packets <= 1.2, f"{syscalls / packets:.3f} syscalls per packet, not about 1")
for p in busy:
    bd = p["breakdown"]
    check(abs(bd["user"] + bd["syscall"] + bd["softirq"] - bd["cpu"]) <= 1e-3 * max(bd["cpu"], 1), "breakdown does not add up")
names = [s["name"] for s in pb["top_syscalls"]]
check(names and names[0] in ("recvmsg", "recvfrom"), f"top syscalls {names[:3]}, not recvfrom first")
# Syscall counts are every syscall's (above); their time is sampled (sys_exit attached in windows only) and
# estimated: it must still be there, and the syscall CPU time within the on-CPU time it is part of.
probes = {r["name"]: r for r in lb["probes"]}
check(probes["raw_syscalls:sys_exit"]["sampled"] and not probes["raw_syscalls:sys_enter"]["sampled"],
      "sys_exit should be sampled and sys_enter always attached")
oa, ob = pa["overhead"], pb["overhead"]
sys_cpu = ob["syscall_ns"] - oa["syscall_ns"]
oncpu = ob["oncpu_ns"] - oa["oncpu_ns"]
print(f"# syscall CPU time (estimate) {sys_cpu / 1e6:.1f} ms of {oncpu / 1e6:.1f} ms on CPU; "
      f"{names[0]} time {pb['top_syscalls'][0]['ns'] / 1e6:.1f} ms")
check(0 < sys_cpu <= oncpu, "no syscall CPU time estimated, or more than the on-CPU time")
check(pb["top_syscalls"][0]["ns"] > 0, "no time estimated for the top syscall")
sys.exit(0 if ok else 1)
PY
