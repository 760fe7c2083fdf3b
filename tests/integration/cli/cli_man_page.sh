#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop(8), generated from the option tables (.output/rxtop.8): man renders it without a warning, and it covers
# every command of 'rxtop --help' with every option of its --help, the exit codes of src/sys/commands.h and every
# RXTOP_* variable the sources read.
source "${0%/integration/*}/lib.sh"
PAGE=$ROOT/.output/rxtop.8
[ -x "$RXTOP" ] && [ -f "$PAGE" ] || fail "build rxtop first (make build writes $PAGE)"
command -v man >/dev/null || skip "no man here (apt-get install man-db)"

warnings=$(MANWIDTH=100 man --warnings -l "$PAGE" 2>&1 >/dev/null)
[ -z "$warnings" ] || fail "man -l rxtop.8 warns: $warnings"
if command -v groff >/dev/null; then
	warnings=$(groff -man -Tutf8 -ww -z "$PAGE" 2>&1)
	[ -z "$warnings" ] || fail "groff -ww warns: $warnings"
fi
if command -v mandoc >/dev/null; then
	warnings=$(mandoc -Tlint -W warning "$PAGE" 2>&1)
	[ -z "$warnings" ] || fail "mandoc -Tlint warns: $warnings"
fi
text=$(MANWIDTH=200 man -l "$PAGE" 2>/dev/null | col -b)
for section in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" "OUTPUT FORMATS" ENVIRONMENT FILES EXAMPLES; do
	grep -qx "$section" <<<"$text" || fail "rxtop.8 has no $section section"
done

# Every command and each option of its --help (the page lists a group shared with an earlier command once).
commands=$("$RXTOP" --help | sed -n 's/^\(Usage:\)\? *rxtop \([a-z][a-z_-]*\) .*/\2/p' | sort -u)
options=0
for cmd in rxtop $commands; do
	words=$cmd
	[ "$cmd" = rxtop ] && words=
	[ "$cmd" = run ] && words="run epoll"
	[ "$cmd" = rxtop ] || grep -qE "^ +rxtop $cmd\$" <<<"$text" || fail "rxtop.8 has no section for rxtop $cmd"
	for opt in $("$RXTOP" $words --help | grep -E '^ +-' | grep -oE '(^|[ ,])(-[a-zA-Z]|--[a-z][a-z0-9-]*)' | tr -d ' ,'); do
		grep -qE -- "(^|[ ,])$opt([ ,=[]|\$)" <<<"$text" || fail "rxtop $cmd --help lists $opt, rxtop.8 does not"
		options=$((options + 1))
	done
done

# Exit codes as src/sys/commands.h defines them, and every RXTOP_ variable a source reads.
for code in 0 $(sed -n 's/^#define EXIT_[A-Z]* \([0-9]\+\)$/\1/p' "$ROOT/src/sys/commands.h"); do
	sed -n '/^EXIT STATUS$/,/^[A-Z]/p' <<<"$text" | grep -qE "^ +$code( |\$)" || fail "rxtop.8 does not explain exit code $code"
done
vars=$(cd "$ROOT" && grep -rhoE 'getenv\("[A-Z_]+"\)|probe_set_(find|load)\([^"]*"RXTOP_[A-Z_]+"' src tui |
	grep -oE 'RXTOP_[A-Z_]+' | sort -u)
[ -n "$vars" ] || fail "found no RXTOP_ variable in the sources: the search is broken"
for v in $vars; do
	sed -n '/^ENVIRONMENT$/,/^FILES$/p' <<<"$text" | grep -q "$v" || fail "rxtop.8 does not name $v under ENVIRONMENT"
done
info "rxtop.8: $options options of rxtop" $commands", exit codes," $vars
exit 0
