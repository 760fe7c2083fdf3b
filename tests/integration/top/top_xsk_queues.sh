#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Watching an interface whose AF_XDP application runs its own XDP program: rxtop counts at tc, which never sees the
# redirected frames, so each queue row says what its AF_XDP sockets got (queues[].xsk, bpf/xsk_iter.bpf.c), whoever
# holds them. Here the "application" is rxtop's afxdp receiver on queue 0 of the lab, watched by `rxtop -i`:
#  - frames on queue 0's rx rings = veth's own rx_queue_0_xdp_redirect over rxtop's run, exactly, across a
#    receiver that exits and a new one that binds the queue again (the first one's counts stay);
#  - with the new receiver stopped (SIGSTOP), a burst fills its rx ring: rx_ring_full + fill_ring_empty = veth's
#    rx_queue_0_drops;
#  - queue 1 has no socket: xsk is null; at the end one socket is bound.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/lab_afxdp.sh"

start_stack -q 0
# rxtop counts from its first reading, which follows its setup (loading and verifying its BPF programs: seconds on
# a busy machine). veth's counters are taken before rxtop starts and the first burst is sent only after rxtop's
# first line, which comes after that reading, so both count from the same moment, however long the setup took.
redirect0=$(veth rx_queue_0_xdp_redirect) drops0=$(veth rx_queue_0_drops)
# Many lines: it is stopped once it has read twice after the last burst, however long the steps took.
"$RXTOP" -i rxlab0 -b -o json -d 0.5 -n 600 >"$TMP/top.json" 2>"$TMP/top.err" &
TOP=$!
OTHER_PIDS+=("$TOP")
# until_or_timeout SECONDS COMMAND...: 0 once COMMAND succeeds, 1 when SECONDS of wall time pass first. By the
# clock, not by tries (as poll_until): each try here starts python, which on a loaded machine takes longer than the
# pause, and three waits must fail with their message before tests/run.sh's 240 s limit kills the case silently.
until_or_timeout() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}
began=$EPOCHREALTIME
until_or_timeout 60 test -s "$TMP/top.json" || fail "rxtop wrote no line in 60 s: $(cat "$TMP/top.err")"
info "rxtop's first line came $(echo "$EPOCHREALTIME - $began" | bc) s after its start (-d 0.5 after its first reading)"

# xsk_read RX DROPS: 0 once rxtop's last line has queue 0's sockets at RX frames or more and RX_RING_FULL +
# FILL_RING_EMPTY at DROPS or more, 1 while not (or while the line is still being written).
xsk_read() {
	tail -n 1 "$TMP/top.json" | python3 -c 'import json, sys
x = [r for r in json.loads(sys.stdin.readline())["queues"] if r["queue"] == 0][0]["xsk"]
sys.exit(0 if x and x["rx_packets"] >= int(sys.argv[1]) and x["rx_ring_full"] + x["fill_ring_empty"] >= int(sys.argv[2]) else 1)' \
		"$1" "$2" 2>/dev/null && return 0
	return 1
}
# What rxtop's last line says of queue 0's sockets, for a failure's message.
xsk_last() { tail -n 2 "$TMP/top.json" | head -n 1 | python3 -c 'import json, sys
print([r for r in json.loads(sys.stdin.readline())["queues"] if r["queue"] == 0][0]["xsk"])' 2>&1; }

gen --rate 50000 --flows 4 --count 10000
# rxtop reads a socket's rings only while the socket exists: the first receiver may go once rxtop has read all
# its queue's redirects (on a busy machine rxtop's reading can lag the burst by seconds); at most 60 s.
want=$(($(veth rx_queue_0_xdp_redirect) - redirect0))
until_or_timeout 60 xsk_read "$want" 0 ||
	fail "rxtop's queue 0 sockets never reached veth's $want redirects in 60 s: $(xsk_last)"
stop_stack
first=$(tail -n 1 "$TMP/stack.out" | field q0)
start_stack -q 0 --ring-size 256
gen --rate 50000 --flows 4 --count 10000
sleep 0.5
kill -STOP "$HOLDER"
gen --rate 50000 --flows 4 --count 5000
sleep 0.5
redirected=$(($(veth rx_queue_0_xdp_redirect) - redirect0)) drops=$(($(veth rx_queue_0_drops) - drops0))
# Exact once drained: wait (at most 60 s on a loaded machine) until rxtop's last line has read every redirect and
# every drop, then two lines more, so the final line is not one that raced the burst.
until_or_timeout 60 xsk_read "$redirected" "$drops" ||
	fail "rxtop's queue 0 sockets never reached veth's $redirected redirects and $drops drops in 60 s: $(xsk_last)"
lines=$(wc -l <"$TMP/top.json")
for _ in $(seq 100); do [ "$(wc -l <"$TMP/top.json")" -ge $((lines + 2)) ] && break; sleep 0.1; done
kill -0 "$TOP" || fail "rxtop ended early: $(cat "$TMP/top.err")"
kill -INT "$TOP"
wait "$TOP"; rc=$?
[ $rc -eq 0 ] || [ $rc -eq 130 ] || fail "rxtop exited $rc on SIGINT: $(cat "$TMP/top.err")"
python3 - "$TMP/top.json" "$redirected" "$drops" "$first" <<'PY' || fail "see above"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n") and l.strip()]
redirected, drops = int(sys.argv[2]), int(sys.argv[3])
q = {r["queue"]: r for r in lines[-1]["queues"]}
x = q[0]["xsk"]
print(f"# queue 0: tc counted {q[0]['rx_packets']}; xsk {x}; veth redirected {redirected}, dropped {drops}")
print(f"# queue 1: xsk {q[1]['xsk']}; peak xsk pps {max(l['queues'][0]['xsk']['rx_pps'] for l in lines if l['queues'][0]['xsk']):.0f}")
first = int(sys.argv[4])
print(f"# the first receiver got {first} before it exited")
assert x["rx_packets"] == redirected > first > 4000, "frames on the rings differ from veth's redirects"
# The fill ring holds twice the rx ring (docs/stacks-afxdp.md), so a stopped receiver's ring fills first.
assert x["rx_ring_full"] + x["fill_ring_empty"] == drops > 0, "rx-ring-full + fill-ring-empty drops differ from veth's drops"
assert x["sockets"] == 1 and q[1]["xsk"] is None, (x, q[1]["xsk"])
PY
