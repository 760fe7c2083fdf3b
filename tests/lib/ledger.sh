# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the ledger_* cases (sourced after tests/lib.sh).

# ledger_check STACK WHERE:REASON... < output of `rxtop run STACK --lab -o json`: checks its last JSON line: the
# ledger balances within 0.1 % of sent and the stack's main loss sits at the expected stage(s) (REASON may end in
# '*') with more than 1 % of sent. Returns 0 pass, 1 fail, 3 the lab was disturbed (rerun).
ledger_check() {
	python3 - "$@" 3<&0 <<'PY'
import json, os, sys

stack, wanted = sys.argv[1], sys.argv[2:]
lines = [l for l in os.fdopen(3).read().splitlines() if l.startswith("{")]
if not lines:
    sys.exit(3)
s = json.loads(lines[-1])
led = s["ledger"]
sent, unexplained = led["sent"], led["unexplained"]
xdp = sum(q["rx_packets"] for q in s["queues"])
sysfs = sum(f["rx_packets"] for f in s["ifaces"])
print(f"# {stack}: sent={sent} received={led['received']} dropped={led['dropped']} unexplained={unexplained}"
      f" xdp={xdp} sysfs={sysfs}")
for d in s["drops"]:
    print(f"#   {d['where']}/{d['reason']}: {d['packets']}{'' if d['in_ledger'] else ' (not added)'}")
# The shared lab recreated under us: its sysfs counters restarted.
if sysfs < 0.5 * sent:
    print(f"# the lab changed during the run (sysfs {sysfs} < half of sent {sent})")
    sys.exit(3)
ok = sent > 100000
if not ok:
    print(f"FAIL: {stack}: only {sent} packets sent")
if abs(unexplained) > 0.001 * sent:
    print(f"FAIL: {stack}: unexplained {unexplained} is more than 0.1 % of sent {sent}")
    ok = False

def match(d, pattern):
    where, reason = pattern.split(":", 1)
    if d["where"] != where:
        return False
    return d["reason"].startswith(reason[:-1]) if reason.endswith("*") else d["reason"] == reason

main = max((d["packets"] for d in s["drops"] if any(match(d, p) for p in wanted)), default=0)
if main <= 0.01 * sent:
    print(f"FAIL: {stack}: largest of {wanted} is {main}, not more than 1 % of sent {sent}")
    ok = False
sys.exit(0 if ok else 1)
PY
}
