#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The receive-path map on the lab (docs/receive-path.md), checked against sources rxtop does not use for it:
# - rxtop run recvfrom, workers pinned (-c 1,0): each queue's path has no IRQ and says why (veth), its NAPI id is the
#   one the queue's socket reports (stacks[].napi_ids), threaded matches /sys/class/net/rxlab0/threaded, and its
#   receiver is the worker thread of that queue, on the CPU /proc/PID/task/TID/stat (field 39) and taskset give,
#   read while the run goes on;
# - threaded NAPI on (echo 1 > /sys/class/net/rxlab0/threaded), the NAPI kthreads pinned to CPU 1: each queue names
#   the kthread "napi/rxlab0-<its NAPI id>" (ps) and its CPU; queue 0's worker, on CPU 1 too, shares it, queue 1's
#   (CPU 0) does not;
# - rxtop doctor -p of a receiver pinned to CPU 1 warns receive_path_shared_cpu; pinned to CPU 0 it does not.
source "${0%/integration/*}/lib.sh"
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs"
dir=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$dir"
	lab_cleanup
}
at_exit cleanup
lab_cleanup
timeout 20 "$RXTOP" lab up --queues 2 >/dev/null || fail "lab up exited $?"

# run_and_look NAME THREADED: rxtop run recvfrom with workers on CPUs 1 (queue 0) and 0 (queue 1); 2.5 s in, the
# workers' threads and CPUs from /proc while it still runs.
run_and_look() {
	echo "$2" >/sys/class/net/rxlab0/threaded || fail "cannot set threaded NAPI to $2"
	timeout 20 "$RXTOP" run recvfrom -i rxlab0 --lab -c 1,0 --duration 4 -b -o json -d 1 \
		>"$dir/$1.json" 2>"$dir/$1.err" &
	local run=$!
	pids+=("$run")
	sleep 3
	local child
	# The stack's pid from the lines written so far (the generator is a child of rxtop run too).
	child=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")][-1]["stacks"][0]["pid"])' "$dir/$1.json" 2>/dev/null)
	[ -n "$child" ] || fail "$1: no stack child of rxtop run: $(cat "$dir/$1.err")"
	: >"$dir/$1.proc"
	for stat in /proc/"$child"/task/*/stat; do
		local tid=${stat%/stat}
		tid=${tid##*/}
		echo "$tid $(sed 's/.*) //' "$stat" | awk '{print $37}') $(taskset -pc "$tid" | sed 's/.*: //')" >>"$dir/$1.proc"
	done
	ps -eo pid,psr,comm | awk '$3 ~ /^napi\/rxlab0-/ {print $1, $2, $3}' >"$dir/$1.napi"
	wait "$run" || fail "$1: rxtop run exited $?: $(cat "$dir/$1.err")"
}

check() {
	python3 - "$dir" "$1" "$2" <<'PY'
import json, sys
d, name, threaded = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [json.loads(l) for l in open(f"{d}/{name}.json") if l.startswith("{")]
proc = {int(l.split()[0]): (int(l.split()[1]), l.split()[2]) for l in open(f"{d}/{name}.proc")}
napi_threads = {l.split()[2]: (int(l.split()[0]), int(l.split()[1])) for l in open(f"{d}/{name}.napi")}
# The line read while /proc was read (about 2 s in): its receivers still run.
last = next(l for l in reversed(lines) if all(q.get("path") and q["path"]["receivers"] for q in l["queues"]))
stack = last["stacks"][0]
socket_napi = dict(zip(range(len(stack["napi_ids"])), stack["napi_ids"]))
pinned = {0: 1, 1: 0}
for q in last["queues"]:
    p, qi = q["path"], q["queue"]
    print(f"# {name} queue {qi}: {json.dumps(p)}")
    assert p["irq"] is None and "veth: no IRQ" in (p["note"] or ""), f"queue {qi}: veth has no IRQ: {p}"
    assert p["threaded"] == threaded, f"queue {qi}: threaded {p['threaded']}, sysfs {threaded}"
    assert p["napi_id"] and p["napi_id"] == socket_napi[qi], \
        f"queue {qi}: NAPI id {p['napi_id']}, its socket's {socket_napi[qi]}"
    workers = [r for r in p["receivers"] if r["by_queue"]]
    assert len(workers) == 1, f"queue {qi}: one worker thread tied to it, got {p['receivers']}"
    w = workers[0]
    assert w["tid"] in proc, f"queue {qi}: tid {w['tid']} is no thread of the stack ({sorted(proc)})"
    cpu, affinity = proc[w["tid"]]
    assert w["cpu"] == cpu == pinned[qi], f"queue {qi}: cpu {w['cpu']}, /proc says {cpu}, pinned {pinned[qi]}"
    assert w["affinity"] == [int(affinity)], f"queue {qi}: affinity {w['affinity']}, taskset {affinity}"
    if threaded:
        kthread = f"napi/rxlab0-{p['napi_id']}"
        assert kthread in napi_threads, f"queue {qi}: no {kthread} in ps: {napi_threads}"
        pid, psr = napi_threads[kthread]
        t = p["napi_thread"]
        assert t and t["pid"] == pid and t["cpu"] == psr == 1 and t["affinity"] == [1], \
            f"queue {qi}: napi thread {t}, ps {kthread} pid {pid} on cpu {psr}, pinned to 1"
        want = [1] if qi == 0 else []
        assert p["shared_cpus"] == want, f"queue {qi}: shared {p['shared_cpus']}, want {want}"
    else:
        assert p["napi_thread"] is None, f"queue {qi}: no NAPI thread unthreaded: {p['napi_thread']}"
print(f"# {name}: the map agrees with /proc, sysfs, ps and the sockets' NAPI ids")
PY
}

run_and_look plain 0
check plain 0 || fail "see above"

# Threaded: the kthreads exist once it is on; pinned to CPU 1 they poll there only.
echo 1 >/sys/class/net/rxlab0/threaded
for t in $(pgrep '^napi/rxlab0-'); do taskset -pc 1 "$t" >/dev/null || fail "cannot pin NAPI thread $t"; done
run_and_look threaded 1
check threaded 1 || fail "see above"

# doctor -p RECEIVER: a plain socket receiver pinned to CPU $1, lab traffic flowing.
doctor_with_receiver_on() {
	taskset -c "$1" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.18.0.2", 9000))
s.settimeout(0.1)
end = time.time() + 6
while time.time() < end:
    try:
        s.recv(2048)
    except OSError:
        pass
' &
	local rcv=$!
	pids+=("$rcv")
	timeout 10 "$RXTOP" --lab gen --rate 20000 --duration 4 >/dev/null 2>&1 &
	pids+=($!)
	sleep 1
	timeout 15 "$RXTOP" doctor -i rxlab0 -p "$rcv" -d 1 -o json >"$dir/doctor$1.json" 2>"$dir/doctor$1.err" ||
		fail "doctor exited $?: $(cat "$dir/doctor$1.err")"
	kill "$rcv" 2>/dev/null
}
doctor_with_receiver_on 1
doctor_with_receiver_on 0
python3 - "$dir" <<'PY' || fail "see above"
import json, sys
d = sys.argv[1]
for cpu, want in ((1, True), (0, False)):
    doc = json.load(open(f"{d}/doctor{cpu}.json"))
    found = [f for f in doc["findings"] if f["id"] == "receive_path_shared_cpu" and f["severity"] == "warning"]
    for f in found:
        print(f"# receiver on cpu {cpu}: [{f['severity']}] {f['summary']}")
    print(f"# receiver on cpu {cpu}: paths {[(p['queue'], p['path']['napi_thread'], p['path']['shared_cpus']) for p in doc['receive_path']]}")
    assert bool(found) == want, f"receiver on CPU {cpu}: warning {'missing' if want else 'unexpected'}: {found}"
    if want:
        assert "NAPI thread" in found[0]["summary"], found[0]["summary"]
PY
info "receive-path map and doctor warning agree with the independent sources"
