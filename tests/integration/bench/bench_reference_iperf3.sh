#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# iperf3 as the bench's TCP reference: the bits/s bench_reference_run returns is > 0 and is the client's own
# end.sum_received.bits_per_second (parsed here from the same JSON with python's json); no iperf3 remains after
# a normal end nor after the caller is killed with -9 mid-test.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/bench_reference.sh"
ref_need
command -v python3 >/dev/null || fail "needs python3 to read iperf3's JSON (make deps-dev)"
at_exit ref_down
ref_lab_up 2

for streams in 1 2; do
	rm -f "$REF_DIR"/reference-*.log
	ref_start iperf3 $streams 2
	ref_wait_probe
	got=$(field rx_bps "$REF_DIR/probe.out")
	log=$(echo "$REF_DIR"/reference-iperf3-*.log)
	[ -f "$log" ] || fail "no transcript of the iperf3 run"
	# The client's JSON is the transcript's text from its first "{" line to the closing "}" line.
	want=$(python3 - "$log" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
start = next(i for i, l in enumerate(lines) if l == "{")
end = max(i for i, l in enumerate(lines) if l == "}")
report = json.loads("\n".join(lines[start:end + 1]))
print("%.0f" % report["end"]["sum_received"]["bits_per_second"])
PY
) || fail "the transcript holds no iperf3 JSON: $(head -c 300 "$log")"
	info "-P $streams: bench_reference_run $got bit/s, iperf3's JSON $want bit/s"
	[ -n "$got" ] && [ "$got" -gt 0 ] || fail "-P $streams: no positive rx_bps: $(cat "$REF_DIR/probe.out")"
	[ "$got" = "$want" ] || fail "-P $streams: returned $got bit/s, the client reported $want"
	ref_assert_clean
done

# The caller dies mid-test: server and client die with it.
ref_start iperf3 1 30
for _ in $(seq 100); do pgrep -f 'iperf3 -c 198.18.0.2' >/dev/null && break; sleep 0.1; done
pgrep -f 'iperf3 -c 198.18.0.2' >/dev/null || fail "the iperf3 client never started"
sleep 1
kill -9 "$REF_PROBE"
wait "$REF_PROBE" 2>/dev/null
REF_PROBE=
ref_assert_clean
info "nothing left after kill -9"
exit 0
