#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The counter's fallbacks for kernels without tcx (before 6.6), forced here with RXTOP_FORCE_COUNTER_HOOK: a
# clsact filter, then XDP. Each counts what sysfs and the generator say, says where it counts in
# ifaces[].counter, and leaves nothing attached after rxtop exits. A clsact filter is no link: after kill -9 it
# stays (documented), the next rxtop removes it, and so does deleting the interface (rxtop lab down).
source "${0%/integration/*}/lib.sh"
json=$(mktemp) errors=$(mktemp)
at_exit 'kill -9 $pid 2>/dev/null; rm -f "$json" "$errors"; lab_cleanup'
pid=

ingress_filters() { tc filter show dev rxlab0 ingress 2>/dev/null; }
# The ids of the programs of the tc filters at rxlab0's ingress (rxtop's, as rxlab0 is the lab's).
ingress_prog_ids() { ingress_filters | sed -n 's/.* id \([0-9]*\) .*/\1/p'; }
# kill9_watcher: starts a watching rxtop counting through a clsact filter, kills it -9 once the filter is there,
# and waits for its children (which die with it) to be gone. Sets STALE_IDS to the filter's program ids.
kill9_watcher() {
	local children c
	RXTOP_FORCE_COUNTER_HOOK=tc-clsact "$RXTOP" --lab -b -o json -d 0.2 --gen-rate 10000 >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do ingress_filters | grep -q rx_count_tc && break; sleep 0.1; done
	ingress_filters | grep -q rx_count_tc || fail "the watching rxtop never attached its clsact filter"
	STALE_IDS=$(ingress_prog_ids)
	[ -n "$STALE_IDS" ] || fail "no program id in the filter: $(ingress_filters)"
	children=$(pgrep -P $pid | tr '\n' ' ')
	kill -9 $pid
	wait $pid 2>/dev/null
	pid=
	for c in $children; do
		for _ in $(seq 50); do [ -d /proc/$c ] || break; sleep 0.1; done
	done
}
assert_nothing_left() {
	[ -z "$(ingress_filters)" ] || fail "$1: tc filters left at ingress of rxlab0: $(ingress_filters)"
	[ "${2:-}" = qdisc-may-stay ] || ! tc qdisc show dev rxlab0 | grep -q clsact ||
		fail "$1: the clsact qdisc rxtop added is still there"
	assert_no_xdp rxlab0
}

"$RXTOP" lab up >/dev/null || fail "lab up"
[ -z "$(ingress_filters)" ] || fail "rxlab0 has tc ingress filters before the test"

# hook_case HOOK EXPECTED-COUNTER: a run of epoll counted at HOOK, against sysfs and the generator. Every program
# it held is freed after it (a deleted tc filter releases its program from a workqueue after an RCU grace period,
# cls_bpf: within 3 s on a loaded machine, not at once).
hook_case() {
	local before after out
	before=$(sysfs_stat rxlab0 rx_packets)
	bpf_programs_released "$json" env RXTOP_FORCE_COUNTER_HOOK="$1" "$RXTOP" run epoll --lab -b -o json -d 1 \
		--duration 3 --gen-rate 50000 --gen-engine packet || fail "run with the counter forced to $1 exited $?"
	out=$(cat "$json")
	after=$(sysfs_stat rxlab0 rx_packets)
	python3 - "$out" $((after - before)) "$2" <<'PY' || fail "counts at $1 are off"
import json, sys
last = json.loads(sys.argv[1].splitlines()[-1])
sysfs, want = int(sys.argv[2]), sys.argv[3]
counter = last["ifaces"][0]["counter"]
packets = sum(q["rx_packets"] for q in last["queues"])
print(f"# {want}: counter {counter}, queues {[q['rx_packets'] for q in last['queues']]}, sum {packets}, "
      f"sysfs {sysfs}, sent {last['ledger']['sent']}")
assert counter == want, f"counted at {counter}, not {want}"
assert packets > 0 and packets == sysfs == last["ledger"]["sent"], "the queues' sum differs from sysfs/generator"
assert sum(q["rx_bytes"] for q in last["queues"]) == 64 * packets, "64-byte frames: bytes are not 64 per packet"
assert last["ledger"]["unexplained"] == 0, last["ledger"]
PY
	assert_nothing_left "after the run at $1"
}
hook_case tc-clsact tc-clsact
hook_case xdp native
hook_case tcx tc

# A clsact filter outlives kill -9 (no link holds it); the next rxtop removes it and says so.
kill9_watcher
ingress_filters | grep -q "rx_count_tc" || fail "the filter vanished with kill -9: update the docs"
info "after kill -9: $(ingress_filters | tr '\n' ' ')"
BPF_WATCH_STDERR=$errors bpf_programs_released /dev/null env RXTOP_FORCE_COUNTER_HOOK=tc-clsact "$RXTOP" \
	-i rxlab0 -b -o json -n 1 || fail "rxtop after the kill exited $?: $(cat "$errors")"
err=$(cat "$errors")
bpf_programs_gone "the stale filter the next rxtop removed" $STALE_IDS
grep -q "removed the tc filter" <<<"$err" || fail "the next rxtop did not say it removed the stale filter: $err"
# The killed rxtop added the clsact qdisc; the next one cannot tell who did, so an empty clsact stays.
assert_nothing_left "after the next rxtop" qdisc-may-stay

# Deleting the interface (rxtop lab down) removes a stale filter and frees its program too.
kill9_watcher
"$RXTOP" lab down >/dev/null || fail "lab down"
bpf_programs_gone "kill -9 and lab down" $STALE_IDS

# A bad value is refused in one line, nothing attached.
"$RXTOP" lab up >/dev/null || fail "lab up"
BPF_WATCH_STDERR=$errors bpf_programs_watch /dev/null env RXTOP_FORCE_COUNTER_HOOK=bogus "$RXTOP" -i rxlab0 -b \
	-n 1 && fail "RXTOP_FORCE_COUNTER_HOOK=bogus was accepted"
err=$(cat "$errors")
bpf_programs_gone "the refused run" $BPF_HELD
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && grep -q "expected tcx, tc-clsact or xdp" <<<"$err" ||
	fail "unclear refusal of a bad RXTOP_FORCE_COUNTER_HOOK: $err"
assert_nothing_left "after the refusal"
exit 0
