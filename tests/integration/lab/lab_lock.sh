#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Two users of one machine do not break each other (docs/lab.md, "Sharing the lab"):
# - while `rxtop --lab` measures, a second `rxtop --lab` and `rxtop run --lab` say so in one line (naming its
#   pid) and exit 2; `rxtop lab down` and a `lab up` that would change the lab do too, and the lab stays;
#   `rxtop lab status`, `rxtop --lab gen` (more traffic), `rxtop -i rxlab0` (watching) and `lab up` with the same
#   queue count work beside it;
# - after kill -9 of the measuring rxtop nothing holds the lab: `lab down` and a new `rxtop --lab` work at once;
# - a second tests/run.sh says "another rxtop test suite is running (pid N); wait for it" and exits 2.
source "${0%/integration/*}/lib.sh"
TMP=$(mktemp -d)
A=
at_exit '[ -n "$A" ] && kill -9 $A 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; lab_cleanup'

"$RXTOP" lab up --queues 2 >/dev/null || fail "lab up"
"$RXTOP" --lab -b -o json -d 0.5 --gen-rate 10000 >"$TMP/a.json" 2>"$TMP/a.err" &
A=$!
for _ in $(seq 100); do [ -s "$TMP/a.json" ] && break; sleep 0.2; done
[ -s "$TMP/a.json" ] || fail "the first rxtop --lab printed nothing in 20 s: $(cat "$TMP/a.err")"

expect_usage_error "a second rxtop --lab" "$RXTOP" --lab -b -n 1
grep -q "pid $A" <<<"$("$RXTOP" --lab -b -n 1 2>&1)" || fail "the refusal does not name pid $A"
expect_usage_error "rxtop run --lab beside it" "$RXTOP" run epoll --lab -b --duration 1
expect_usage_error "lab down under it" "$RXTOP" lab down
grep -q "pid $A" <<<"$("$RXTOP" lab down 2>&1)" || fail "lab down does not name pid $A"
expect_usage_error "lab up --queues 3 under it" "$RXTOP" lab up --queues 3
"$RXTOP" lab status | grep -q '^lab: up, 2 queues' || fail "lab status beside a run: $("$RXTOP" lab status)"
"$RXTOP" lab up --queues 2 >/dev/null || fail "lab up with the same queue count beside a run exited $?"
out=$("$RXTOP" --lab gen --count 1000) || fail "rxtop --lab gen beside a run exited $?"
grep -q '^sent=1000 ' <<<"$out" || fail "rxtop --lab gen beside a run: $out"
"$RXTOP" -i rxlab0 -b -o json -n 1 -d 0.2 >/dev/null 2>"$TMP/w.err" || fail "watching beside a run: $(cat "$TMP/w.err")"
kill -0 $A 2>/dev/null || fail "the first rxtop --lab died: $(cat "$TMP/a.err")"
[ -e /sys/class/net/rxlab0 ] || fail "rxlab0 is gone"

kill -9 $A
wait $A 2>/dev/null
A=
start=$(date +%s%N)
"$RXTOP" lab down >/dev/null || fail "lab down right after kill -9 exited $?"
info "lab down after kill -9 took $((($(date +%s%N) - start) / 1000000)) ms"
out=$(timeout 60 "$RXTOP" --lab -b -o json -n 1 -d 0.3 2>&1) || fail "rxtop --lab after kill -9: $out"

# The suite's own lock: this case runs under tests/run.sh, which holds it; alone, hold it here.
lock=/run/rxtop-test.lock
exec 8<>"$lock"
flock -n 8 && echo "$$" >"$lock"
out=$("$ROOT/tests/run.sh" lab_lock_no_such_case 2>&1); rc=$?
info "second suite: exit $rc: $out"
[ $rc -eq 2 ] || fail "a second tests/run.sh exited $rc, not 2"
[[ $out =~ ^another\ rxtop\ test\ suite\ is\ running\ \(pid\ [0-9]+\)\;\ wait\ for\ it$ ]] || fail "unclear: $out"
exec 8>&-
exit 0
