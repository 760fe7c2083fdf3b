#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A short TCP bench on the lab: epoll's cell reads payload (Gbps > 0) and balances in bytes (what the lab's sender
# had acknowledged = what epoll read, to 0.1 %); iouring-zc, which veth cannot serve, is a cell with its refusal,
# not a crash; the progress lines are in Gbit/s; stdout stays empty; nothing is left attached.
source "${0%/integration/*}/lib.sh"
command -v python3 >/dev/null || fail "needs python3 to read results.json (make deps-dev)"

out=$(mktemp -d)/bench
at_exit 'rm -rf "$(dirname "$out")"; lab_cleanup'

"$RXTOP" bench --lab --proto tcp --stacks epoll,iouring-zc --cores 1 --repeats 1 --duration 1 --warmup 0.5 \
	--no-references --out "$out" >"$out.out" 2>"$out.err"
rc=$?
cat "$out.err"
[ $rc -eq 0 ] || fail "rxtop bench --proto tcp exited with $rc"
[ -s "$out.out" ] && fail "rxtop bench wrote on stdout: $(head -n 3 "$out.out")"
grep -q '^cell 1/2 epoll tcp 1 core run 1/1: [0-9.]* [GM]bit/s, ETA' "$out.err" ||
	fail "no progress line in Gbit/s for epoll tcp"

python3 - "$out/results.json" <<'PY' || fail "results.json does not hold"
import json, sys
cells = {c["stack"]: c for c in json.load(open(sys.argv[1]))["cells"]}
e, zc = cells["epoll"], cells["iouring-zc"]
assert not e.get("error"), "epoll: %s" % e.get("error")
assert e["proto"] == "tcp" and e["gbps"] > 0, "epoll read no payload: %s Gbps" % e["gbps"]
# Bytes: acknowledged by the sender = read by epoll; TCP drops nothing of the stream.
assert e["sent"] > 0 and e["received"] > 0 and e["dropped"] == 0, e
assert e["sent"] == e["received"] + e["unexplained"], e
assert abs(e["unexplained"]) <= e["sent"] * 0.001, "unexplained %d of %d bytes" % (e["unexplained"], e["sent"])
assert zc.get("error") and "did not start" not in zc["error"], "iouring-zc: %r" % zc.get("error")
print("# epoll %.2f Gbps, %d bytes acknowledged, unexplained %d; iouring-zc: %s" % (
    e["gbps"], e["sent"], e["unexplained"], zc["error"]))
PY
grep -q '^| iouring-zc tcp, 1 core, max:\|^- iouring-zc tcp, 1 core, max: ' "$out/report.md" ||
	fail "report.md does not list iouring-zc's refusal"

assert_no_xdp rxlab0
exit 0
