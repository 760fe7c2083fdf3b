#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# An interface that already runs someone else's XDP program is refused (exit 2, names the program) and left untouched.
# Counting at tc ingress (--counter tc) observes it anyway, left untouched too, with one warning line that names the
# program: what it redirects or drops never reaches tc.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/bpf.sh"
bed_need_debug_cmd
out=$(mktemp)
at_exit 'ip link set dev "$BED_RECV" xdpgeneric off 2>/dev/null; rm -f "$out"'
bpf_bed_up 2

# The foreign program: rxtop's own object loaded by iproute2, so it is not attached by rxtop.
obj=$ROOT/.output/rx_xdp.bpf.o
[ -f "$obj" ] || fail "no $obj: make build"
ip link set dev "$BED_RECV" xdpgeneric obj "$obj" sec xdp 2>/dev/null || skip "iproute2 cannot load an XDP object here"
id_before=$(ip -d link show dev "$BED_RECV" | grep -o 'prog/xdp id [0-9]*' | awk '{ print $3 }')
[ -n "$id_before" ] || fail "foreign program not attached"

"$RXTOP" __bpf -i "$BED_RECV" -t 1 >"$out" 2>&1
rc=$?
cat "$out"
[ $rc -eq 2 ] || fail "expected exit 2 on a busy interface, got $rc"
grep -q "XDP program id $id_before" "$out" || fail "the refusal does not name program id $id_before"
[ "$(wc -l <"$out")" -eq 1 ] || fail "the refusal is not one line"
id_after=$(ip -d link show dev "$BED_RECV" | grep -o 'prog/xdp id [0-9]*' | awk '{ print $3 }')
[ "$id_after" = "$id_before" ] || fail "foreign program changed: id $id_before -> ${id_after:-none}"
ip -d link show dev "$BED_RECV" | grep -q xdpgeneric || fail "foreign program's mode changed"

json=$("$RXTOP" -i "$BED_RECV" --counter tc -b -o json -n 2 -d 0.5 2>"$out")
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "--counter tc beside a foreign XDP program exited $rc"
grep -q "XDP program id $id_before" "$out" || fail "no warning naming program id $id_before"
[ "$(wc -l <"$out")" -eq 1 ] || fail "the warning is not one line"
python3 -c 'import json, sys; c = json.loads(sys.argv[1].splitlines()[-1])["ifaces"][0]["counter"]; assert c == "tc", c' \
	"$json" || fail "not counted at tc"
id_after=$(ip -d link show dev "$BED_RECV" | grep -o 'prog/xdp id [0-9]*' | awk '{ print $3 }')
[ "$id_after" = "$id_before" ] || fail "foreign program changed under --counter tc: id $id_before -> ${id_after:-none}"
echo "PASS"
