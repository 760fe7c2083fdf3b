#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Real batch output validates against docs/rxtop-lines.schema.json with Debian's python3-jsonschema: the
# observer's lines (rxtop --lab) and a receiver run's (rxtop run epoll --lab); every line carries "format": 1 and
# every CSV row a format column. The schema is strict: a line missing a required key, with a wrong type or another
# format version fails.
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup

# Debian's python and its python3-jsonschema (make deps-dev), not whatever python3 comes first in PATH.
PY=/usr/bin/python3
$PY -c 'import jsonschema' 2>/dev/null || fail "python3-jsonschema is missing: run 'make deps-dev'"
schema=$ROOT/docs/rxtop-lines.schema.json
lines=$(mktemp)
at_exit 'rm -f "$lines"; lab_cleanup'

timeout 30 "$RXTOP" --lab -b -o json -n 3 -d 0.5 --gen-rate 20000 >"$lines" || fail "rxtop --lab -b -o json exited $?"
timeout 40 "$RXTOP" run epoll --lab -b -o json --duration 2 --gen-rate 20000 >>"$lines" ||
	fail "rxtop run epoll --lab -b -o json exited $?"

$PY - "$schema" "$lines" <<'PY' || fail "rxtop's JSON lines do not validate"
import copy, json, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
lines = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
stacks = sum(1 for l in lines if l["stacks"])
print(f"# {len(lines)} lines ({stacks} with a stack row), jsonschema {getattr(jsonschema, '__version__', '?')}")
assert len(lines) >= 4 and stacks >= 1, "expected 3 observer lines and a run's lines with the epoll stack"
for n, line in enumerate(lines):
    errors = [e.message for e in validator.iter_errors(line)]
    assert not errors, f"line {n + 1}: {errors[:3]}"
    assert line["format"] == 1

# A schema that accepts anything proves nothing: each of these must fail.
def broken(what, change):
    line = copy.deepcopy(next(l for l in lines if l["stacks"]))
    change(line)
    assert not validator.is_valid(line), f"the schema accepts a line with {what}"
    print(f"# rejected: {what}: {next(validator.iter_errors(line)).message}")

broken("no ledger", lambda l: l.pop("ledger"))
broken("no format", lambda l: l.pop("format"))
broken("format 2", lambda l: l.update(format=2))
broken("a string rx_packets", lambda l: l["queues"][0].update(rx_packets=str(l["queues"][0]["rx_packets"])))
broken("a stack without pid", lambda l: l["stacks"][0].pop("pid"))
broken("a float ledger.received", lambda l: l["ledger"].update(received=0.5))
broken("an unknown counter hook", lambda l: l["ifaces"][0].update(counter="tcx2"))
PY

csv=$(timeout 30 "$RXTOP" --lab -b -o csv -n 2 -d 0.5 --gen-rate 20000) || fail "rxtop -o csv exited $?"
$PY - "$csv" <<'PY' || fail "CSV rows lack the format column"
import csv, io, sys
rows = list(csv.reader(io.StringIO(sys.argv[1])))
header = rows[0]
assert header[-1] == "format" and header[:3] == ["ts", "interval", "kind"], header
assert len(rows) > 2, "no data rows"
for row in rows[1:]:
    assert len(row) == len(header) and row[-1] == "1", f"row {row}"
print(f"# csv: {len(rows) - 1} rows, each with format 1")
PY
exit 0
