#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# SIGTERM ends rxtop gen at once, with its summary, and no generator process is left behind.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/gen.sh"
pid=
at_exit '[ -n "$pid" ] && kill -9 $pid 2>/dev/null'
gen_bed_up

out=$(mktemp)
"$RXTOP" gen "${GEN_ARGS[@]}" >"$out" 2>&1 &
pid=$!
sleep 1.5
children=$(pgrep -P "$pid" | tr '\n' ' ')
[ -n "$children" ] || fail "no generator child under $pid"
start=$(date +%s%N)
kill -TERM "$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "rxtop gen still running 5 s after SIGTERM"
wait "$pid"; rc=$?
info "exited $rc after $((($(date +%s%N) - start) / 1000000)) ms: $(tail -n 1 "$out")"
for c in $children; do kill -0 "$c" 2>/dev/null && fail "child $c survived"; done
[ "$rc" = 0 ] || fail "exit status $rc"
grep -q '^sent=[1-9]' "$out" || fail "no summary: $(cat "$out")"
rm -f "$out"

# kill -9 of rxtop takes the generator with it (PR_SET_PDEATHSIG).
"$RXTOP" gen "${GEN_ARGS[@]}" >/dev/null 2>&1 &
pid=$!
sleep 1
children=$(pgrep -P "$pid" | tr '\n' ' ')
kill -9 "$pid"; wait "$pid" 2>/dev/null
sleep 0.3
# A killed child may linger as a zombie until init reaps it: only a live one counts.
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $s != Z* ]]; }
for c in $children; do alive "$c" && fail "child $c survived kill -9 of rxtop"; done
exit 0
