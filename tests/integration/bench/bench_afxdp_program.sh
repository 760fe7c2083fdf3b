#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The bench's two AF_XDP receivers run alike: by default afxdp runs behind libxdp's xsk_def_prog, as dpdk's af_xdp
# PMD does, so report.md says neither pays for rxtop's counter, and afxdp gets dpdk's rx ring (1024) and posted
# frames (2048). With --afxdp-program rxtop the report says afxdp alone pays. Nothing stays attached.
source "${0%/integration/*}/lib.sh"
"$RXTOP_DEV" __stack dpdk 2>&1 | grep -q "unknown stack" && skip "rxtop was built without DPDK"

out=$(mktemp -d)
at_exit 'rm -rf "$out"; lab_cleanup'

# bench PROGRAM: one 1 s max cell each of afxdp and dpdk into $out/PROGRAM
bench() {
	"$RXTOP" bench --lab --stacks afxdp,dpdk --sizes 64 --cores 1 --repeats 1 --duration 1 --warmup 0.5 \
		--no-references --afxdp-program "$1" --out "$out/$1" >/dev/null 2>"$out/$1.err" ||
		fail "rxtop bench --afxdp-program $1 exited $?: $(tail -n 3 "$out/$1.err")"
	grep -A5 '^| stack | ring' "$out/$1/report.md"
	grep '^Counting program\|^Rings' "$out/$1/report.md"
}

# settings PROGRAM: each cell's stack, counting program and rings from results.json, one line each
settings() {
	python3 - "$out/$1/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for c in r["cells"]:
    assert not c.get("error"), c["error"]
    s = c["settings"]
    print(c["stack"], str(s["counting_program"]).lower(), s["ring_size"], s["fill_ring_size"], r["config"]["afxdp_program"])
PY
}

bench libxdp
grep -q '^Counting program: neither' "$out/libxdp/report.md" || fail "the default bench does not say neither pays"
grep -q '^Rings: afxdp and dpdk (af_xdp PMD) both ran with an rx ring of 1024 and 2048 frames posted' \
	"$out/libxdp/report.md" || fail "the rings of afxdp and dpdk differ or are not said"
got=$(settings libxdp) || fail "results.json: $got"
[ "$got" = $'afxdp false 1024 2048 libxdp\ndpdk false 1024 4096 libxdp' ] || fail "results.json settings: $got"
assert_no_xdp rxlab0

bench rxtop
grep -q '^Counting program: only afxdp pays' "$out/rxtop/report.md" || fail "--afxdp-program rxtop: report does not say so"
got=$(settings rxtop) || fail "results.json: $got"
[ "$got" = $'afxdp true 1024 2048 rxtop\ndpdk false 1024 4096 rxtop' ] || fail "results.json settings: $got"
assert_no_xdp rxlab0
echo PASS
