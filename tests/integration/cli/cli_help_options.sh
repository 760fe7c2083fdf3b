#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Each command's --help lists every option its parser takes, checked against sources independent of the tables:
# every option README.md and docs/*.md show for a command is in its --help and its parser takes it; every option
# its --help lists, its parser takes; and no user command parses with a getopt_long of its own any more (all of
# them go through src/sys/cli_table.c, so parser and help come from one table).
source "${0%/integration/*}/lib.sh"
[ -x "$RXTOP" ] || fail "build rxtop first"
TMP=$(mktemp -d)
at_exit '[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"'

# The commands, as 'rxtop --help' lists them ("rxtop" for the bare one).
"$RXTOP" --help | sed -n 's/^\(Usage:\)\? *rxtop \([^ ]*\).*/\2/p' | grep -vx -- '--lab' |
	sed 's/^[-[].*/rxtop/' | sort -u >"$TMP/commands"
grep -qx rxtop "$TMP/commands" && grep -qx run "$TMP/commands" || fail "rxtop --help lists neither rxtop nor run"

# What stands before a command's options: run's stacks come first.
words_of() { case $1 in rxtop) ;; run) echo "run epoll" ;; *) echo "$1" ;; esac; }

# help_options CMD: the options rxtop CMD --help lists on its option lines, one a line (-x and --name).
help_options() {
	"$RXTOP" $(words_of "$1") --help | grep -E '^ +-' |
		grep -oE '(^|[ ,])(-[a-zA-Z]|--[a-z][a-z0-9-]*)' | tr -d ' ,' | sort -u
}

# takes CMD OPTION: the parser of rxtop CMD knows OPTION. It is given a plausible value when its help line names an
# argument, then a word no parser knows: the parser must stop at that word or at OPTION's value, never at OPTION
# as unknown. Exit 2 (bad input) in every case, so nothing runs.
takes() {
	local cmd=$1 opt=$2 line arg value=() err rc
	line=$("$RXTOP" $(words_of "$cmd") --help | grep -E -- "^ +(-[a-zA-Z], )?$opt([ ,=[]|\$)" | head -n 1)
	arg=$(sed -E "s/.*(^|[ ,])$opt(\[?=| )([^ ]+).*/\3/;t;d" <<<"$line")
	case $arg in
	'') ;;
	*'|'*) value=("${arg%%|*}") ;;
	\[*) ;; # an optional argument: the option alone
	FORMAT) value=(text) ;;
	*) value=(1) ;; # out of range for some (--gen-size): then the parser stops at the value, which is enough
	esac
	err=$(timeout 10 "$RXTOP" $(words_of "$cmd") "$opt" "${value[@]}" --rxtop-no-such-option 2>&1 >/dev/null)
	rc=$?
	[ "$rc" = 2 ] || fail "rxtop $cmd $opt ${value[*]} --rxtop-no-such-option: exit $rc, want 2: $err"
	grep -qE -- "unknown option '?$opt'?([; ]|\$)" <<<"$err" &&
		fail "rxtop $cmd: its --help lists $opt but its parser refuses it: $err"
	grep -q -- "--rxtop-no-such-option" <<<"$err" && echo "$cmd $opt" >>"$TMP/reached"
	return 0
}

# The options the docs show per command: in code (spans and blocks) after 'rxtop [--lab] [COMMAND]', and in the
# rows of the tables under a heading (or its subsections) that names `rxtop COMMAND` (or `rxtop`).
python3 - "$TMP/commands" "$ROOT/README.md" "$ROOT"/docs/*.md >"$TMP/documented" <<'PY'
import re, sys
commands = set(open(sys.argv[1]).read().split())
OPT = re.compile(r"^(--[a-z][a-z0-9-]*|-[a-zA-Z])(?=$|[ =\[])")
found = set()

def invocations(code):
    """(command, option) for each option after rxtop in a piece of shell."""
    for part in re.split(r"(?<![\w/-])rxtop(?![\w-])", code)[1:]:
        words = re.split(r"\s+", re.split(r"[|;>&`]", part)[0].strip())
        cmd = "rxtop"
        while words and words[0] == "--lab":
            words.pop(0)
        if words and re.fullmatch(r"[a-z_]+", words[0]):
            cmd = words.pop(0)  # a command, maybe one without a table yet (then not reported)
        for w in words:
            m = OPT.match(w)
            if m:
                found.add((cmd, m.group(1)))

for path in sys.argv[2:]:
    section, level, fenced = set(), 0, False
    for line in open(path):
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            invocations(line)
            continue
        if line.startswith("#"):
            named = {("rxtop" if s.strip() == "" else s.strip()) for s in re.findall(r"`rxtop( [a-z]+)?`", line)}
            depth = len(line) - len(line.lstrip("#"))
            if named or depth <= level:  # a subsection of a command's section stays that command's
                section, level = {s for s in named if s in commands}, depth
        spans = re.findall(r"`([^`]*)`", line)
        for span in spans:
            invocations(span)
        if section and line.startswith("| `"):
            for span in spans:
                m = OPT.match(span)
                if m:
                    found.update((c, m.group(1)) for c in section)
for cmd, opt in sorted(found):
    if cmd in commands and opt not in ("--lab",):
        print(cmd, opt)
PY
[ -s "$TMP/documented" ] || fail "found no documented option at all: the extraction is broken"

: >"$TMP/reached"
checked=0
while read -r cmd; do
	help_options "$cmd" >"$TMP/help.$cmd"
	[ -s "$TMP/help.$cmd" ] || fail "rxtop $cmd --help lists no option"
	# Documented -> in --help and taken by the parser.
	for opt in $(awk -v c="$cmd" '$1 == c { print $2 }' "$TMP/documented"); do
		grep -qxF -- "$opt" "$TMP/help.$cmd" || fail "the docs show 'rxtop $cmd ... $opt', but rxtop $cmd --help does not list it"
		case $opt in --help | -h | --version) continue ;; esac
		takes "$cmd" "$opt"
	done
	# In --help -> taken by the parser (--help and --version are main's and cli_parse's own).
	for opt in $(cat "$TMP/help.$cmd"); do
		case $opt in --help | -h | --version | --lab) continue ;; esac
		takes "$cmd" "$opt"
		checked=$((checked + 1))
	done
	name="rxtop $cmd"
	[ "$cmd" = rxtop ] && name=rxtop
	info "$name: $(wc -l <"$TMP/help.$cmd") options in --help, $(awk -v c="$cmd" '$1 == c' "$TMP/documented" | wc -l) documented, all taken"
done <"$TMP/commands"
# Most options must have been seen accepted outright (the parser went on to the next word): a parser that
# stopped early for another reason would make the checks above say nothing.
reached=$(sort -u "$TMP/reached" | wc -l)
[ "$reached" -ge $((checked / 2)) ] || fail "only $reached of $checked options were seen accepted"
info "$reached of $checked options seen accepted outright"

# One parser for the user commands: getopt_long only in cli_table.c. Sources of commands not (yet) in the
# registry keep theirs; the developer entries of rxtop-dev (src/dev/, not in rxtop) may keep theirs too.
declare -A command_of=([src/top/options.c]=rxtop [src/gen/gen.c]=gen [src/lab/lab.c]=lab [src/doctor/doctor.c]=doctor
	[src/bench/bench_options.c]=bench)
for f in $(cd "$ROOT" && grep -rl 'getopt_long\|getopt(' src tui); do
	[ "$f" = src/sys/cli_table.c ] && continue
	[[ $f == src/dev/* ]] && continue
	c=${command_of[$f]:-}
	[ -n "$c" ] || fail "$f calls getopt itself: parse with cli_parse (src/sys/cli_table.h)"
	[[ $c == __* ]] && continue
	grep -qx "$c" "$TMP/commands" && fail "$f (rxtop $c) still calls getopt itself beside its option table"
	info "$f: rxtop $c has no option table yet"
done
exit 0
