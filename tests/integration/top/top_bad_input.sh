#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Bad input: one line on stderr and exit status 2, nothing attached. And input top takes that rxtop must take
# too: rates with k/M/G everywhere, -p lists, --version after a subcommand; any process name gives valid JSON.
source "${0%/integration/*}/lib.sh"
TMP=$(mktemp -d)
pids=()
at_exit 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"'

expect_usage_error "missing interface" "$RXTOP" -b -n 1 -i rxnosuch0
expect_usage_error "unknown option" "$RXTOP" -b --frobnicate
expect_usage_error "bad interval" "$RXTOP" -b -d zero -i lo
expect_usage_error "bad format" "$RXTOP" -b -o xml -i lo
expect_usage_error "unknown stack" "$RXTOP" run nosuchstack -i lo
expect_usage_error "no interface" "$RXTOP" -b -n 1
expect_usage_error "two XDP modes for one program" "$RXTOP" run afxdp -i lo --xdp-mode generic --counter-xdp-mode native
expect_usage_error "a queue twice (-q 0,0)" "$RXTOP" -b -n 1 -i lo -q 0,0
expect_usage_error "a CPU that is not there (-c 99)" "$RXTOP" -b -n 1 -i lo -c 99
expect_usage_error "a CPU that is not there (run -c 99)" "$RXTOP" run epoll -i lo -c 99
expect_usage_error "--gen-rate with a bad suffix" "$RXTOP" --lab -b -n 1 --gen-rate 200kk
expect_usage_error "--gen-rate beyond 1G" "$RXTOP" --lab -b -n 1 --gen-rate 2G
expect_usage_error "-p with a word" "$RXTOP" -b -n 1 -i lo -p "1 abc"
expect_usage_error "-p empty" "$RXTOP" -b -n 1 -i lo -p ","
expect_usage_error "gen --rate with a bad suffix" "$RXTOP" gen -i lo --rate 1.5x

# Accepted where top or 'rxtop gen' accept them: the whole line parses and the first complaint is the missing
# interface, checked after the options (--help would win before any option is read).
accepted() { # DESCRIPTION ARGS...: rxtop ARGS -i rxnosuch0 gets as far as looking for rxnosuch0
	local what=$1 err
	shift
	err=$("$RXTOP" "$@" -i rxnosuch0 2>&1 >/dev/null)
	grep -q "no interface 'rxnosuch0'" <<<"$err" || fail "$what is refused: $err"
}
accepted "--gen-rate 200k" -b -n 1 --gen-rate 200k
accepted "--gen-rate 1.5M" -b -n 1 --gen-rate 1.5M
accepted "run --gen-rate 2k" run epoll -b -n 1 --gen-rate 2k
accepted "-p 1,2" -b -n 1 -p 1,2
accepted "-p '1 2'" -b -n 1 -p "1 2"
for cmd in "" run gen lab doctor; do
	v=$("$RXTOP" $cmd --version) || fail "rxtop $cmd --version exited $?"
	[[ $v =~ ^rxtop\ [0-9] ]] || fail "rxtop $cmd --version printed '$v'"
done
v=$("$RXTOP" run epoll -i lo --version) || fail "rxtop run epoll -i lo --version exited $?"
[[ $v =~ ^rxtop\ [0-9] ]] || fail "rxtop run epoll -i lo --version printed '$v'"

# -q against the interface's own queues: watching a 2-queue veth with -q 9 is refused before anything.
bed_up bad 11
expect_usage_error "a queue the interface lacks (-q 9)" "$RXTOP" -b -n 1 -i "$BED_RECV" -q 9
grep -q "queue 9 does not exist" <<<"$("$RXTOP" -b -n 1 -i "$BED_RECV" -q 9 2>&1)" || fail "-q 9: queue not named"
expect_usage_error "a queue the interface lacks (-q 0,2)" "$RXTOP" -b -n 1 -i "$BED_RECV" -q 0,2
ip -d link show dev "$BED_RECV" | grep -q 'prog/xdp' && fail "something was attached to $BED_RECV"
bed_down bad

# Any bytes in a process name give valid JSON: comm "\xff\xfe\x80bad" is written with U+FFFD for each byte
# that is not UTF-8. Two such processes, named with one -p "A B" as top takes them.
name=$'\xff\xfe\x80bad'
cp "$(command -v sleep)" "$TMP/$name"
"$TMP/$name" 60 &
pids+=($!)
sleep 60 &
pids+=($!)
sleep 0.2
"$RXTOP" -i lo -p "${pids[*]}" -b -o json -n 1 -d 0.3 >"$TMP/out.json" 2>"$TMP/err" ||
	fail "rxtop -p '${pids[*]}' exited $?: $(cat "$TMP/err")"
python3 -m json.tool "$TMP/out.json" >/dev/null || fail "invalid JSON for comm \\xff\\xfe\\x80bad: $(cat -v "$TMP/out.json")"
python3 - "$TMP/out.json" "${pids[@]}" <<'PY' || fail "see above"
import json, sys
doc = json.load(open(sys.argv[1]))
procs = {p["pid"]: p for p in doc["processes"]}
want = [int(x) for x in sys.argv[2:]]
print(f"# processes: {[(p['pid'], p['comm']) for p in doc['processes']]}")
assert sorted(procs) == sorted(want), f"processes {sorted(procs)}, want {want}"
assert procs[want[0]]["comm"] == "\ufffd\ufffd\ufffdbad", repr(procs[want[0]]["comm"])
assert procs[want[1]]["comm"] == "sleep", repr(procs[want[1]]["comm"])
PY
ip -d link show dev lo | grep -q 'prog/xdp' && fail "something was attached to lo"
exit 0
