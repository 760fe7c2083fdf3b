#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A short rxtop bench on the lab: it finishes, writes results.json, every cell balances exactly once drained
# (|unexplained| <= 0.1 % of sent) and carries rxtop's attribution; stdout stays empty; nothing is left attached.
source "${0%/integration/*}/lib.sh"

out=$(mktemp -d)/bench
at_exit 'rm -rf "$(dirname "$out")"; lab_cleanup'

start=$(date +%s)
"$RXTOP" bench --lab --stacks epoll,afxdp --sizes 64,512 --cores 1 --repeats 1 --duration 1 --warmup 0.5 \
	--no-references --out "$out" >"$out.out" 2>"$out.err"
rc=$?
cat "$out.err"
[ $rc -eq 0 ] || fail "rxtop bench exited with $rc"
# stdout is the bench's own: the receivers' start lines (`rxtop run` prints them) stay off it.
[ -s "$out.out" ] && fail "rxtop bench wrote on stdout: $(head -n 3 "$out.out")"
info "bench took $(( $(date +%s) - start )) s"
[ -s "$out/results.json" ] || fail "no results.json in $out"
grep -q '^cell [0-9]*/[0-9]* epoll 64B 1 core run 1/1: .*ETA' "$out.err" || fail "no progress line for epoll 64B"

python3 - "$out/results.json" <<'PY' || fail "results.json does not hold"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["format"] >= 1, "format"
assert r["machine"]["kernel"] and r["machine"]["cpus"] >= 1, r["machine"]
cells = {(c["stack"], c["size"], c["measure"]): c for c in r["cells"]}
want = {(s, z, "max") for s in ("epoll", "afxdp") for z in (64, 512)}
missing = want - set(cells)
assert not missing, "missing cells %s" % missing
bad = []
for c in r["cells"]:
    name = "%s %dB" % (c["stack"], c["size"])
    if c.get("error"):
        bad.append("%s: error %s" % (name, c["error"]))
        continue
    if len(c["runs"]) != 1 or c["runs"][0] <= 0:
        bad.append("%s: runs %s" % (name, c["runs"]))
    sent, rx, dropped, unexplained = c["sent"], c["received"], c["dropped"], c["unexplained"]
    # The ledger's own identity, and the bound the issue sets once the lab drained.
    if sent <= 0 or sent != rx + dropped + unexplained:
        bad.append("%s: sent %d != received %d + dropped %d + unexplained %d" % (name, sent, rx, dropped, unexplained))
    if abs(unexplained) > sent * 0.001:
        bad.append("%s: unexplained %d of %d sent" % (name, unexplained, sent))
    cost = c["cpu_ns_per_pkt"]
    if c["stack"] != "xdp-drop" and cost["user"] + cost["syscall"] <= 0:
        bad.append("%s: no CPU time per packet %s" % (name, cost))
    if c["stack"] == "epoll" and c["syscalls_per_pkt"] <= 0:
        bad.append("%s: no syscalls per packet" % name)
    # The settings say what the receiver really ran with: afxdp's fill ring is twice its rx ring, epoll has none.
    st = c["settings"]
    want_fill = {"afxdp": 2 * st["ring_size"], "epoll": 0}.get(c["stack"], st["fill_ring_size"])
    if st["fill_ring_size"] != want_fill:
        bad.append("%s: fill_ring_size %d, want %d" % (name, st["fill_ring_size"], want_fill))
    if c["median_pps"] != c["runs"][0]:
        bad.append("%s: median %s is not the one run %s" % (name, c["median_pps"], c["runs"][0]))
    print("# %-8s %4dB %10.0f pps sent %d unexplained %d cpu %s main drop '%s'" % (
        c["stack"], c["size"], c["median_pps"], sent, unexplained, cost, c["main_drop"]))
assert not bad, "; ".join(bad)
PY

# The views: one CSV row per cell, a report, and plots gnuplot really rendered (PNG signature, SVG that parses).
python3 - "$out" <<'PY' || fail "the bench's views do not hold"
import csv, json, os, sys, xml.dom.minidom
d = sys.argv[1]
cells = json.load(open(os.path.join(d, "results.json")))["cells"]
rows = list(csv.DictReader(open(os.path.join(d, "results.csv"))))
assert len(rows) == len(cells), "%d CSV rows for %d cells" % (len(rows), len(cells))
report = open(os.path.join(d, "report.md")).read()
assert "AF_XDP" in report and "epoll" in report, "report.md names no stacks"
for plot in ("pps_by_size", "ns_per_pkt"):
    png = open(os.path.join(d, plot + ".png"), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000, plot + ".png is not a rendered PNG"
    xml.dom.minidom.parse(os.path.join(d, plot + ".svg"))
print("# %d CSV rows, report.md, pps_by_size and ns_per_pkt as PNG and SVG" % len(rows))
PY
cmp_out=$("$RXTOP" bench --compare "$out" "$out") || fail "bench --compare of a folder with itself failed"
grep -q "CHANGED" <<<"$cmp_out" && fail "bench --compare flags a change between a folder and itself: $cmp_out"

assert_no_xdp rxlab0
# Stack and generator children are forks of rxtop: none may outlive it.
pgrep -f "rxtop bench --lab --stacks epoll,afxdp" >/dev/null && fail "a child of the bench outlived it"
exit 0
