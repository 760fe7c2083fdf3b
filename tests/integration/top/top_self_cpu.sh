#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop's own CPU (self.cpu_ns, self.cpu_pct) against the scheduler's run time of its threads,
# /proc/PID/task/*/schedstat. As each JSON line arrives, rxtop is stopped (SIGSTOP), schedstat read, and it goes
# on (SIGCONT). rxtop's CPU only grows, so what schedstat says at the stop after line k must lie between rxtop's
# own reading for line k and its reading for line k+1 (1 ms of slack each side: schedstat of a running task lags
# up to a tick). That holds however late the stop comes, unless line k+1 was already out by then: such a line is
# not compared (at least 4 of the first 7 must be). The threads that loaded the probes at the start have ended by
# line 1: their CPU is in self.cpu_ns and in no live thread's schedstat, so one constant offset (>= 0) must fit
# every line, and agree with the kernel's figure for ended threads (the process's utime + stime less its live
# threads', within 3 ticks). cpu_pct must be the cpu_ns difference over the interval.
# The 10 ms ticks of /proc/PID/stat, which rxtop used before, fail this (they read up to a tick low) and read
# 0 % or 1 % for its few milliseconds a second. (The stop was within 0.1-1.3 ms of rxtop's reading on a quiet
# machine; 5.9 ms on a busy one, which failed the fixed 5 ms bound this case had.)
source "${0%/integration/*}/lib.sh"
at_exit 'lab_cleanup'
[ -r /proc/self/schedstat ] || skip "no /proc/PID/schedstat (CONFIG_SCHED_INFO)"
python3 - "$RXTOP" <<'PY' || fail "see above"
import glob, json, os, select, signal, statistics, subprocess, sys, time

def oncpu(pid):
    ns = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            ns += int(open(path).read().split()[0])
        except (OSError, ValueError):
            return None
    return ns or None

def ticks(path):
    return sum(int(v) for v in open(path).read().rsplit(")", 1)[1].split()[11:13])  # utime, stime

def exited_ticks(pid):
    """CPU of rxtop's threads that have ended (its probe loaders), in clock ticks: the process's utime + stime
    count them, its live threads' do not. None when a thread came or went between the reads."""
    try:
        live = glob.glob(f"/proc/{pid}/task/*/stat")
        return ticks(f"/proc/{pid}/stat") - sum(ticks(path) for path in live)
    except (OSError, ValueError):
        return None

def stopped(pid):
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] in "tT"
    except OSError:
        return False

cmd = [sys.argv[1], "--lab", "--gen-rate", "100000", "-b", "-o", "json", "-d", "0.5", "-n", "8"]
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
fd, pending = p.stdout.fileno(), b""
rows, stops, exited = [], [], []

def lines():
    global pending
    while True:
        while b"\n" not in pending:
            chunk = os.read(fd, 65536)
            if not chunk:
                return
            pending += chunk
        line, pending = pending.split(b"\n", 1)
        yield line

for raw in lines():
    doc = json.loads(raw)
    os.kill(p.pid, signal.SIGSTOP)
    for _ in range(200):  # at most 2 s for the stop to take
        if stopped(p.pid) or p.poll() is not None:
            break
        time.sleep(0.01)
    ns = oncpu(p.pid) if stopped(p.pid) else None
    exited.append(exited_ticks(p.pid) if ns is not None else None)
    ahead = b"\n" in pending or bool(select.select([fd], [], [], 0)[0])
    os.kill(p.pid, signal.SIGCONT)
    rows.append((doc, doc["self"]))
    stops.append(None if ahead else ns)
p.wait()
assert p.returncode == 0, f"rxtop exited {p.returncode}"
assert len(rows) == 8, f"{len(rows)} lines"
# The threads that loaded the probes at the start have ended: their CPU is in self.cpu_ns (the process's) but
# in no live thread's schedstat. It is one constant: the offset that puts every stop between its two lines.
compared, lo, hi = 0, -1e6, float("inf")
for k in range(7):
    ns, mine, nxt = stops[k], rows[k][1]["cpu_ns"], rows[k + 1][1]["cpu_ns"]
    if ns is None:
        print(f"# line {k + 1}: not compared (the next line was already out, or rxtop had ended)")
        continue
    compared += 1
    lo, hi = max(lo, mine - ns - 1e6), min(hi, nxt - ns + 1e6)
    print(f"# line {k + 1}: self.cpu_ns {mine / 1e6:.1f} ms, schedstat of the live threads at the stop "
          f"{ns / 1e6:.1f} ms, next self.cpu_ns {nxt / 1e6:.1f} ms: ended threads' CPU in "
          f"[{lo / 1e6:.1f}, {hi / 1e6:.1f}] ms so far")
assert compared >= 4, f"only {compared} of the first 7 lines could be compared"
assert lo <= hi, "no one CPU of the ended threads puts every stop between its lines: self.cpu_ns is off"
# That constant against the kernel's own figure for the ended threads (10-ms ticks, two of them rounded down).
tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
dead = [t * tick_ms for t in exited if t is not None]
assert dead, "no reading of the ended threads' ticks"
dead_ms = statistics.median(dead)
print(f"# ended threads: {lo / 1e6:.1f}-{hi / 1e6:.1f} ms from rxtop's lines, {dead_ms:.0f} ms from /proc ticks")
assert lo / 1e6 - 3 * tick_ms <= dead_ms <= hi / 1e6 + 3 * tick_ms, "the ended threads' CPU disagrees with /proc"
# cpu_pct is the growth of cpu_ns over the line's interval (0.01 points of rounding).
for (a, sa), (b, sb) in zip(rows, rows[1:]):
    want = (sb["cpu_ns"] - sa["cpu_ns"]) / 1e9 / b["interval"] * 100
    assert sb["cpu_ns"] >= sa["cpu_ns"], "cpu_ns went backwards"
    assert abs(sb["cpu_pct"] - want) <= 0.02 + 0.01 * want, f"cpu_pct {sb['cpu_pct']} vs {want:.3f} from cpu_ns"
assert any(s["cpu_pct"] > 0 for _, s in rows[1:]), "cpu_pct stayed 0"
PY
