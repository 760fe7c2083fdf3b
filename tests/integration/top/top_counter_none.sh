#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --counter none on rxlab0 attaches nothing (no XDP program, no tc filter, nothing bpftool net lists for it) while
# it runs; its totals equal the sysfs delta and the generator's count (within 0.5 %), the ledger balances on sysfs,
# and the output says per-queue NIC counters are not available on veth. --counter bogus: one line, exit 2. The
# default beside someone else's XDP program on an interface that is not veth (a tap here): hands-off, one warning
# line naming the program, which stays as it was.
source "${0%/integration/*}/lib.sh"
TMP=$(mktemp -d)
at_exit 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; ip link del rxnone0 2>/dev/null; lab_cleanup; rm -rf "$TMP"'
pid=

expect_usage_error "--counter bogus" "$RXTOP" -b -n 1 -i lo --counter bogus
expect_usage_error "run afxdp --counter none" "$RXTOP" run afxdp -i lo --counter none

"$RXTOP" lab up --queues 2 >/dev/null || fail "lab up"
before=$(sysfs_stat rxlab0 rx_packets)
# Not under timeout: the checks below read this very process's fds (run.sh bounds the case).
"$RXTOP" --lab --counter none -b -o json -n 4 -d 1 --gen-rate 50000 >"$TMP/out" 2>"$TMP/err" &
pid=$!
# While it runs (the generator is sending by the second reading): nothing of anyone's on rxlab0.
for _ in $(seq 50); do [ "$(wc -l <"$TMP/out")" -ge 1 ] && break; sleep 0.1; done
[ "$(wc -l <"$TMP/out")" -ge 1 ] || fail "no reading within 5 s: $(cat "$TMP/err")"
ip -d link show dev rxlab0 | grep -q 'prog/xdp' && fail "an XDP program is attached to rxlab0 under --counter none"
[ -z "$(tc filter show dev rxlab0 ingress 2>/dev/null)" ] || fail "a tc ingress filter on rxlab0 under --counter none"
net=$(bpftool net show dev rxlab0 2>&1)
grep -qE 'rxlab0.*(id|prog_id)|tcx|driver|generic' <<<"$net" && fail "bpftool net lists a program on rxlab0: $net"
info "while running, bpftool net show dev rxlab0: $(tr '\n' ' ' <<<"$net")"
# bpftool 7.1 does not list tcx links by device: rxtop's own links say where they are (tracepoints, iterators only).
links=$(grep -h '^link_type:' /proc/"$pid"/fdinfo/* 2>/dev/null | awk '{ print $2 }' | sort | uniq -c | xargs)
grep -qwE 'xdp|tcx|netkit|netfilter' <<<"$links" && fail "rxtop holds an interface link under --counter none: $links"
info "rxtop's own BPF links while running: $links"
wait "$pid" || fail "rxtop --counter none exited $?: $(cat "$TMP/err")"
pid=
after=$(sysfs_stat rxlab0 rx_packets)
[ ! -s "$TMP/err" ] || fail "rxtop wrote to stderr: $(cat "$TMP/err")"
python3 - "$(tail -n 1 "$TMP/out")" "$((after - before))" <<'PY' || fail "hands-off reading wrong"
import json, sys
s = json.loads(sys.argv[1])
sysfs = int(sys.argv[2])
f = s["ifaces"][0]
l = s["ledger"]
print("# counter=%s nic_queues=%s note=%r" % (f["counter"], f["nic_queues"], f.get("nic_queues_note")))
print("# rxtop rx_packets=%d sysfs delta=%d generator sent=%d received=%d dropped=%d unexplained=%d"
      % (f["rx_packets"], sysfs, l["sent"], l["received"], l["dropped"], l["unexplained"]))
assert f["counter"] == "none", f["counter"]
assert f["nic_queues"] is None, f["nic_queues"]
assert "veth" in f["nic_queues_note"] and "no queue statistics" in f["nic_queues_note"], f["nic_queues_note"]
assert s["queues"] == [], "queue rows without a per-queue source: %r" % s["queues"]
assert l["sent"] > 0, "the generator sent nothing"
assert abs(f["rx_packets"] - sysfs) <= 0.005 * sysfs, "rxtop's total is not the sysfs delta"
assert abs(f["rx_packets"] - l["sent"]) <= 0.005 * l["sent"], "rxtop's total is not the generator's count"
assert abs(l["unexplained"]) <= 0.005 * l["sent"], "the ledger does not balance"
assert not [p for p in s["self"]["programs"] if p["attach"] in ("xdp", "tc")], "a counter of rxtop's ran"
PY
# The text view says the same in words.
timeout 20 "$RXTOP" -i rxlab0 --counter none -b -n 1 >"$TMP/text" 2>&1 || fail "text view exited $?"
grep -q 'per-queue NIC counters not available: veth reports no queue statistics' "$TMP/text" ||
	fail "the text view does not say qstats are not available: $(cat "$TMP/text")"
assert_no_xdp rxlab0

# auto beside a foreign XDP program on a NIC: rxtop's own object loaded by iproute2, so not attached by rxtop.
obj=$ROOT/.output/rx_xdp.bpf.o
[ -f "$obj" ] || skip "no $obj"
ip tuntap add dev rxnone0 mode tap && ip link set rxnone0 up || skip "no tap interfaces here"
ip link set dev rxnone0 xdpgeneric obj "$obj" sec xdp 2>/dev/null || skip "iproute2 cannot load an XDP object here"
id_before=$(ip -d link show dev rxnone0 | grep -o 'prog/xdp id [0-9]*' | awk '{ print $3 }')
json=$(timeout 20 "$RXTOP" -i rxnone0 -b -o json -n 2 -d 0.5 2>"$TMP/err") || fail "auto beside a foreign program exited $?"
cat "$TMP/err"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "XDP program id $id_before.*hands-off" "$TMP/err" ||
	fail "not one warning naming program $id_before: $(cat "$TMP/err")"
python3 -c 'import json, sys; f = json.loads(sys.argv[1].splitlines()[-1])["ifaces"][0]; assert f["counter"] == "none", f' \
	"$json" || fail "auto did not go hands-off beside program $id_before"
id_after=$(ip -d link show dev rxnone0 | grep -o 'prog/xdp id [0-9]*' | awk '{ print $3 }')
[ "$id_after" = "$id_before" ] || fail "foreign program changed: id $id_before -> ${id_after:-none}"
echo "PASS"
