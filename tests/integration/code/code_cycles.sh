#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# No two files of src/ or tui/ include or call each other in a circle. A module is a file name without .c/.h
# (tui_keys.c + tui_keys.h). Includes: the '#include "..."' lines that name a file of src/ or tui/. Calls: per
# object file of the build, the symbols nm says it needs (U) that another object defines. A circle is a strongly
# connected component of more than one module; any one fails. A planted circle must be found.
source "${0%/integration/*}/lib.sh"
dir=$(mktemp -d)
at_exit 'rm -rf "$dir"'

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

# judge CYCLES: fails on any circle, naming each.
judge() {
	local kind modules bad=""
	while read -r kind modules; do
		[ -n "$kind" ] || continue
		[ "$kind" = no-objects ] && continue
		bad+="$kind circle: $modules; "
	done <<<"$1"
	[ -z "$bad" ] || { echo "$bad"; return 1; }
}

command -v python3 >/dev/null || fail "python3 is missing"
command -v nm >/dev/null || fail "nm (binutils) is missing"

# Planted circles (a.c includes b.h and b.c a.h, in tui/ and in a folder of src/) must be found, or this test
# proves nothing.
for top in tui src/lab; do
	mkdir -p "$dir/$top"
	printf '#include "b.h"\nint a(void) { return 0; }\n' >"$dir/$top/a.c"
	printf '#include "a.h"\nint b(void) { return 0; }\n' >"$dir/$top/b.c"
	: >"$dir/$top/a.h"
	: >"$dir/$top/b.h"
	planted=$(cycles "$dir") || fail "the cycle finder crashed on the planted circle in $top/"
	grep -qx 'include a b' <<<"$planted" || fail "the planted include circle a <-> b in $top/ was not found: $planted"
	judge "$planted" >/dev/null && fail "a planted circle in $top/ was not judged a failure"
	info "planted circle in $top/ found and judged: $(head -n 1 <<<"$planted")"
	rm -rf "${dir:?}/$top"
done
# A planted call circle (c.o calls d, d.o calls c, no include between them) must be found from the objects.
mkdir -p "$dir/src/x" "$dir/.output/src/x"
printf 'int d(void);\nint c(void) { return d(); }\n' >"$dir/src/x/c.c"
printf 'int c(void);\nint d(void) { return c(); }\n' >"$dir/src/x/d.c"
for m in c d; do
	"${CC:-cc}" -c -o "$dir/.output/src/x/$m.o" "$dir/src/x/$m.c" || fail "cannot compile the planted call circle"
done
planted=$(cycles "$dir") || fail "the cycle finder crashed on the planted call circle"
grep -qx 'call c d' <<<"$planted" || fail "the planted call circle c <-> d was not found: $planted"
judge "$planted" >/dev/null && fail "a planted call circle was not judged a failure"
info "planted call circle found and judged"

found=$(cycles "$ROOT") || fail "the cycle finder crashed on the tree"
verdict=$(judge "$found") || fail "circles: $verdict"
grep -qx no-objects <<<"$found" && skip "includes have no circle; calls unchecked: no object files (make build)"
info "src/ and tui/: $(find "$ROOT/src/" "$ROOT/tui/" -name '*.[ch]' | wc -l) files, no include or call circle"
