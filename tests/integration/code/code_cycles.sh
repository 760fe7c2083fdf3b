#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# No two files of tui/ include or call each other in a circle, and src/ gains no new circle. A module is a file
# name without .c/.h (tui_keys.c + tui_keys.h). Includes: the '#include "..."' lines that name a file of src/ or
# tui/. Calls: per object file of the build, the symbols nm says it needs (U) that another object defines. A
# circle is a strongly connected component of more than one module. src/ has circles today: they are listed
# below and printed; a component that is not inside one of them fails. A planted circle must be found.
source "${0%/integration/*}/lib.sh"
dir=$(mktemp -d)
at_exit 'rm -rf "$dir"'

# Circles src/ had when this test was written (issue #18), one per line, modules sorted.
KNOWN="lab lab_claim
bench_options cli_commands cli_table doctor gen lab_options options
bench_reference bench_reference_iperf3 bench_reference_testpmd
collector collector_dpdk"

# cycles ROOT: prints "include|call MODULE..." per circle under ROOT/src and ROOT/tui (calls: ROOT/.output).
cycles() {
	python3 - "$1" <<'PY'
import collections, os, re, subprocess, sys

root = sys.argv[1]
module = lambda path: re.sub(r"\.[ch]$|\.o$", "", os.path.basename(path))
sources = {}
for top in ("src", "tui"):
    for d, _, names in os.walk(os.path.join(root, top)):
        for n in names:
            if n.endswith((".c", ".h")):
                sources[n] = os.path.join(d, n)

def circles(graph):
    """Tarjan's strongly connected components with more than one node, each sorted."""
    index, low, stack, on, found = {}, {}, [], set(), []
    sys.setrecursionlimit(100000)
    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))
    for v in sorted(set(graph) | {w for ws in graph.values() for w in ws}):
        if v not in index:
            visit(v)
    return found

includes = collections.defaultdict(set)
for name, path in sources.items():
    for line in open(path, errors="replace"):
        m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
        if m and os.path.basename(m.group(1)) in sources and module(m.group(1)) != module(name):
            includes[module(name)].add(module(m.group(1)))
for c in circles(includes):
    print("include", " ".join(c))

objects = []
for top in ("src", "tui"):
    for d, _, names in os.walk(os.path.join(root, ".output", top)):
        objects += [os.path.join(d, n) for n in names if n.endswith(".o")]
if not objects:
    print("no-objects")
    sys.exit(0)
owner, needs = {}, collections.defaultdict(set)
# One nm for all objects (-A: each line starts with its file): one process per object is slow on a busy machine.
listing = subprocess.run(["nm", "-A"] + sorted(objects), capture_output=True, text=True, check=True).stdout
for line in listing.splitlines():
    path, _, rest = line.partition(":")
    f = rest.split()
    if len(f) == 2 and f[0] == "U":
        needs[module(path)].add(f[1])
    elif len(f) == 3 and f[1] in "TDBRGSCV":
        owner[f[2]] = module(path)
calls = collections.defaultdict(set)
for m, symbols in needs.items():
    calls[m] |= {owner[s] for s in symbols if s in owner and owner[s] != m}
for c in circles(calls):
    print("call", " ".join(c))
PY
}

# judge CYCLES: fails on a circle that touches tui/ or is not inside a known one of src/.
judge() {
	local kind modules known ok bad=""
	while read -r kind modules; do
		[ -n "$kind" ] || continue
		[ "$kind" = no-objects ] && continue
		ok=""
		if ! grep -qw 'tui[a-z_]*' <<<"$modules"; then
			while read -r known; do
				# inside: every module of the circle is in the known one
				comm -23 <(tr ' ' '\n' <<<"$modules" | sort) <(tr ' ' '\n' <<<"$known" | sort) | grep -q . ||
					ok=1
			done <<<"$KNOWN"
		fi
		if [ -n "$ok" ]; then
			info "known $kind circle in src/: $modules"
		else
			bad+="$kind circle: $modules; "
		fi
	done <<<"$1"
	[ -z "$bad" ] || { echo "$bad"; return 1; }
}

command -v python3 >/dev/null || fail "python3 is missing"
command -v nm >/dev/null || fail "nm (binutils) is missing"

# A planted circle (tui/a.c includes b.h, tui/b.c includes a.h) must be found, or this test proves nothing.
mkdir -p "$dir/tui" "$dir/src"
printf '#include "b.h"\nint a(void) { return 0; }\n' >"$dir/tui/a.c"
printf '#include "a.h"\nint b(void) { return 0; }\n' >"$dir/tui/b.c"
: >"$dir/tui/a.h"
: >"$dir/tui/b.h"
planted=$(cycles "$dir") || fail "the cycle finder crashed on the planted circle"
grep -qx 'include a b' <<<"$planted" || fail "the planted include circle a <-> b was not found: $planted"
judge "$planted" >/dev/null && fail "a planted circle in tui/ was not judged a failure"
info "planted circle found and judged: $(head -n 1 <<<"$planted")"

found=$(cycles "$ROOT") || fail "the cycle finder crashed on the tree"
verdict=$(judge "$found") || fail "new circles: $verdict"
echo "$verdict"
grep -qx no-objects <<<"$found" && skip "includes have no new circle; calls unchecked: no object files (make build)"
info "tui/: $(ls "$ROOT"/tui/*.[ch] | wc -l) files, no include or call circle"
