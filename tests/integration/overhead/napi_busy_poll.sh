#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Busy polling made visible. UDP receivers (recvfrom, epoll, io_uring NAPI) with --busy-poll on a veth bed whose
# NAPI defers to busy polling (napi_defer_hard_irqs 2, gro_flush_timeout 200 us, as one would set on a NIC): the
# packets rxtop counts as busy-polled (queues[].napi_busy_packets: napi:napi_poll with NAPI_STATE_IN_BUSY_POLL)
# equal the kernel's own count, TcpExt:BusyPollRxPackets in /proc/net/netstat, over the same run (or a little
# more, see below); the receiving sockets show their NAPI ids and busy_poll.queues_without_napi_id is 0. Then afxdp
# --busy-poll: where its socket has no NAPI id (veth on 6.18 gives AF_XDP sockets none) rxtop says so in one line
# on stderr, in busy_poll.queues_without_napi_id and in the text view, and neither rxtop nor the kernel may count
# a busy-polled packet; where it has one, both must count some.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
ovh_bed_up
echo 2 >"/sys/class/net/$BED_RECV/napi_defer_hard_irqs" &&
	echo 200000 >"/sys/class/net/$BED_RECV/gro_flush_timeout" || fail "cannot set the NAPI deferral of $BED_RECV"

busy_polled() { awk '/^TcpExt:/ { if (!h) { split($0, k); h = 1 } else { split($0, v);
	for (i in k) if (k[i] == "BusyPollRxPackets") print v[i] } }' /proc/net/netstat; }

[ -n "$(busy_polled)" ] || skip "no TcpExt:BusyPollRxPackets in /proc/net/netstat (kernel without busy polling)"

# run_case STACK [options]: rxtop's JSON lines to $OVH_DIR/STACK.json; sets DELTA (the kernel's count over the run).
# PHASE seconds (default 2: the socket stacks busy-polled 4000-8500 packets a second at 100 kpps).
run_case() {
	local stack=$1 before after
	shift
	before=$(busy_polled)
	"$RXTOP" gen "${OVH_GEN[@]}" --engine packet --rate 100000 --duration "${PHASE:-2}" >"$OVH_DIR/gen.out" 2>&1 &
	local gen=$!
	OVH_PIDS+=("$gen")
	timeout 60 "$RXTOP" run "$stack" -i "$BED_RECV" -b -o json -d 1 --duration "${PHASE:-2}" --event-probes always "$@" \
		>"$OVH_DIR/$stack.json" 2>"$OVH_DIR/$stack.err"
	local rc=$?
	wait "$gen"
	after=$(busy_polled)
	[ $rc -eq 2 ] && skip "$stack cannot busy-poll here: $(cat "$OVH_DIR/$stack.err")"
	[ $rc -eq 0 ] || fail "rxtop run $stack exited $rc: $(cat "$OVH_DIR/$stack.err")"
	DELTA=$((after - before))
}

# Each worker busy-polls its own queue's NAPI instance (its socket's NAPI id, stack_sock_napi_ids). rxtop reads
# napi->state when the poll has returned: a poll that just completed the instance can already see the bit of a
# thread that took it at once. With one busy poller per instance that is the softirq's last poll before a spinning
# epoll_wait takes over: recvfrom and io_uring equal, epoll 0-0.13 % more. Two busy pollers on one instance
# (both sockets taking one queue's NAPI id during set-up) read 0.2-1.9 % more: the distinct NAPI ids
# below catch that bug directly. With a CPU-bound process on the other core the race window grows (preempted
# between the poll and the read): io_uring read 0.57 % more. Bound: rxtop never counts fewer, and at most 2 % more.
for stack in recvfrom epoll iouring; do
	run_case "$stack" --busy-poll --counter xdp --rcvbuf 8388608
	python3 - "$stack" "$DELTA" "$OVH_DIR/$stack.json" "$OVH_DIR/$stack.err" <<'PY' || fail "$stack: see above"
import json, sys
name, delta = sys.argv[1], int(sys.argv[2])
lines = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
last = lines[-1]
ours = sum(q["napi_busy_packets"] for q in last["queues"])
stack = last["stacks"][0]
print(f"# {name} --busy-poll: {stack['rx_packets']} packets, busy-polled: rxtop {ours}, "
      f"TcpExt:BusyPollRxPackets {delta}; napi ids {stack['napi_ids']}, busy_poll {stack['busy_poll']}")
assert delta > 1000, f"the kernel busy-polled only {delta} packets: the bed does not defer to busy polling"
assert len(set(stack["napi_ids"])) == len(stack["napi_ids"]), f"two workers busy-poll one NAPI: {stack['napi_ids']}"
assert delta <= ours <= delta + max(2, delta // 50), f"rxtop counts {ours} busy-polled packets, the kernel {delta}"
assert all(q["napi_busy_polls"] >= 1 for q in last["queues"] if q["napi_busy_packets"]), "packets without polls"
assert stack["busy_poll"] == {"queues_without_napi_id": 0}, f"busy_poll {stack['busy_poll']}"
assert any(i > 0 for i in stack["napi_ids"]), f"no receiving socket has a NAPI id: {stack['napi_ids']}"
assert "busy polling cannot run" not in open(sys.argv[4]).read(), "a warning although busy polling ran"
PY
done

# 4 s: veth gives the AF_XDP socket ~350 packets a second here, and it must receive 1000.
PHASE=4 run_case afxdp --busy-poll -q 0
python3 - "$DELTA" "$OVH_DIR/afxdp.json" "$OVH_DIR/afxdp.err" <<'PY' || fail "afxdp: see above"
import json, sys
delta, lines = int(sys.argv[1]), [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
err = open(sys.argv[3]).read()
last = lines[-1]
ours = sum(q["napi_busy_packets"] for q in last["queues"])
stack = last["stacks"][0]
print(f"# afxdp --busy-poll: {stack['rx_packets']} packets, busy-polled: rxtop {ours}, kernel {delta}; "
      f"napi ids {stack['napi_ids']}, busy_poll {stack['busy_poll']}")
assert stack["rx_packets"] > 1000, "afxdp received nothing"
without = stack["busy_poll"]["queues_without_napi_id"]
if without:
    warning = [l for l in err.splitlines() if "busy polling cannot run" in l]
    assert len(warning) == 1, f"want one warning line on stderr, got: {err!r}"
    assert stack["napi_ids"] == [0], f"napi ids {stack['napi_ids']} with queues_without_napi_id {without}"
    assert ours == 0 and delta == 0, f"no NAPI id, yet busy-polled packets: rxtop {ours}, kernel {delta}"
else:
    assert ours > 0 and abs(ours - delta) <= max(2, delta // 1000), f"busy-polled: rxtop {ours}, kernel {delta}"
PY

# The text view says the same in the stack's busy-poll line.
"$RXTOP" gen "${OVH_GEN[@]}" --engine packet --rate 100000 --duration 3 >"$OVH_DIR/gen.out" 2>&1 &
OVH_PIDS+=("$!")
timeout 60 "$RXTOP" run afxdp -i "$BED_RECV" -q 0 --busy-poll -b -o text -d 1 -n 2 >"$OVH_DIR/afxdp.txt" \
	2>/dev/null || fail "rxtop run afxdp -o text failed"
line=$(grep -m1 'busy poll: NAPI ids' "$OVH_DIR/afxdp.txt") || fail "no busy-poll line in the text view"
info "text: ${line#"${line%%[! ]*}"}"
if python3 -c 'import json,sys; l=[json.loads(x) for x in open(sys.argv[1]) if x.strip()][-1]; \
	sys.exit(0 if l["stacks"][0]["busy_poll"]["queues_without_napi_id"] else 1)' "$OVH_DIR/afxdp.json"; then
	case $line in *"busy polling cannot run there"*) ;; *) fail "text view hides that busy polling cannot run: $line" ;; esac
fi
