#!/bin/bash
# rxtop's own CPU (self.cpu_ns, self.cpu_pct) against the scheduler's run time of its threads,
# /proc/PID/task/*/schedstat. As each JSON line arrives, rxtop is stopped (SIGSTOP) and schedstat read, then it
# continues: what it ran between its own reading and the stop is its work after writing the line (measured
# 0.1-1.3 ms), so schedstat must lie from 1 ms below self.cpu_ns to 5 ms above. A line is compared only when rxtop
# was still on it: if the next line is already in the pipe (the reader fell behind on a busy machine) or rxtop
# ended, that line proves nothing, and at least 4 of the first 7 must be compared (after the 8th and last, rxtop
# tears down instead of idling: 7 ms more were seen). cpu_pct must be the cpu_ns
# difference over the interval. The 10 ms ticks of /proc/PID/stat, which rxtop used before, fail this (7 lines
# of 8 off) and read 0 % or 1 % for its few milliseconds a second.
source "$(dirname "$0")/../lib.sh"
trap 'lab_cleanup' EXIT
[ "$(id -u)" = 0 ] || skip "needs root"
[ -r /proc/self/schedstat ] || skip "no /proc/PID/schedstat (CONFIG_SCHED_INFO)"
python3 - "$RXTOP" <<'PY' || fail "see above"
import glob, json, os, select, signal, subprocess, sys, time

def oncpu(pid):
    ns = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            ns += int(open(path).read().split()[0])
        except (OSError, ValueError):
            return None
    return ns or None

def stopped(pid):
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] in "tT"
    except OSError:
        return False

cmd = [sys.argv[1], "--lab", "--gen-rate", "100000", "-b", "-o", "json", "-d", "0.5", "-n", "8"]
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
fd, pending = p.stdout.fileno(), b""
rows, compared, bad = [], 0, 0

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
    ahead = b"\n" in pending or bool(select.select([fd], [], [], 0)[0])
    os.kill(p.pid, signal.SIGCONT)
    me = doc["self"]
    rows.append((doc, me))
    # After its last line rxtop does not idle but tears down (detaches, joins threads): not comparable.
    last = len(rows) == 8
    if ns is None or ahead or last:
        why = "the last line" if last else "rxtop ended" if ns is None else "the next line was already out"
        print(f"# line {len(rows)}: not compared ({why})")
        continue
    compared += 1
    diff = ns - me["cpu_ns"]
    print(f"# line {len(rows)}: schedstat {ns / 1e6:.1f} ms, self.cpu_ns {me['cpu_ns'] / 1e6:.1f} ms, "
          f"cpu_pct {me['cpu_pct']:.2f}")
    bad += not (-1e6 <= diff <= 5e6)
p.wait()
assert p.returncode == 0, f"rxtop exited {p.returncode}"
assert len(rows) == 8, f"{len(rows)} lines"
assert compared >= 4, f"only {compared} of the first 7 lines could be compared"
assert bad == 0, f"{bad} of {compared} lines off"
# cpu_pct is the growth of cpu_ns over the line's interval (0.01 points of rounding).
for (a, sa), (b, sb) in zip(rows, rows[1:]):
    want = (sb["cpu_ns"] - sa["cpu_ns"]) / 1e9 / b["interval"] * 100
    assert sb["cpu_ns"] >= sa["cpu_ns"], "cpu_ns went backwards"
    assert abs(sb["cpu_pct"] - want) <= 0.02 + 0.01 * want, f"cpu_pct {sb['cpu_pct']} vs {want:.3f} from cpu_ns"
assert any(s["cpu_pct"] > 0 for _, s in rows[1:]), "cpu_pct stayed 0"
PY
