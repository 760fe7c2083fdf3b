#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop --replay FILE refuses what it cannot play with one line on stderr that names the cause, exit status 2:
# a missing, empty or garbage file, a damaged line in the middle, a line of another batch format or of another
# program, a file whose only line is cut off, no terminal, and options that make no sense with a recording.
source "${0%/integration/*}/lib.sh"
TMP=$(mktemp -d)
at_exit 'rm -rf "$TMP"'
[ -x "$RXTOP" ] || fail "./rxtop is not built: make build"

# expect_refusal WHAT REGEX ARGS...: exit 2, one line, and the line matches REGEX (it names the cause).
expect_refusal() {
	local what=$1 want=$2 err
	shift 2
	expect_usage_error "$what" "$@" </dev/null
	err=$("$@" 2>&1 >/dev/null </dev/null)
	grep -Eq -- "$want" <<<"$err" || fail "$what: stderr does not say '$want': $err"
}

# A reading as rxtop -o json writes one, cut down to the keys a reading needs.
line() { printf '{"format":%s,"ts":%s,"interval":1.0,"queues":[]}\n' "${2:-1}" "$1"; }
line 1796208828.0 >"$TMP/one.jsonl"
: >"$TMP/empty.jsonl"
echo 'hello world' >"$TMP/garbage.jsonl"
{ line 1.0; printf '{"format":1,"ts":\n'; line 3.0; } >"$TMP/middle.jsonl"
{ line 1.0; line 2.0 2; } >"$TMP/format2.jsonl"
echo '{"name":"results","format":1}' >"$TMP/other.jsonl"
echo '{"queues":[]}' >"$TMP/noformat.jsonl"
line 1.0 | head -c 20 >"$TMP/onlycut.jsonl"

expect_refusal "a missing file" "nosuch.jsonl: No such file" "$RXTOP" --replay "$TMP/nosuch.jsonl"
expect_refusal "a directory" "not a regular file" "$RXTOP" --replay "$TMP"
expect_refusal "an empty file" "the file is empty" "$RXTOP" --replay "$TMP/empty.jsonl"
expect_refusal "a garbage file" "line 1 is not JSON" "$RXTOP" --replay "$TMP/garbage.jsonl"
expect_refusal "a damaged line in the middle" "line 2 is not JSON" "$RXTOP" --replay "$TMP/middle.jsonl"
expect_refusal "another batch format" "line 2 has batch format 2 .*reads format 1" "$RXTOP" --replay "$TMP/format2.jsonl"
expect_refusal "JSON of another kind" 'line 1 is .*not a reading.*ts' "$RXTOP" --replay "$TMP/other.jsonl"
expect_refusal "JSON without a format" 'not a reading.*no "format"' "$RXTOP" --replay "$TMP/noformat.jsonl"
expect_refusal "only a cut-off line" "only line is cut off" "$RXTOP" --replay "$TMP/onlycut.jsonl"
expect_refusal "no FILE" "needs a FILE" "$RXTOP" --replay
expect_refusal "--replay with -i" "'-i' makes no sense" "$RXTOP" --replay "$TMP/one.jsonl" -i lo
expect_refusal "-i before --replay" "'-i' makes no sense" "$RXTOP" -i lo --replay "$TMP/one.jsonl"
expect_refusal "--replay with -b" "'-b' makes no sense" "$RXTOP" --replay="$TMP/one.jsonl" -b
expect_refusal "--replay with --lab" "drop --lab" "$RXTOP" --lab --replay "$TMP/one.jsonl"
expect_refusal "--replay with run" "runs no receivers" "$RXTOP" run epoll -i lo --replay "$TMP/one.jsonl"
expect_refusal "--rep (abbreviated) with -i" "'-i' makes no sense" "$RXTOP" --rep "$TMP/one.jsonl" -i lo
expect_refusal "--rep=FILE (abbreviated), no terminal" "needs a terminal" "$RXTOP" --rep="$TMP/one.jsonl"
expect_refusal "--replay twice" "given twice" "$RXTOP" --replay "$TMP/one.jsonl" --replay "$TMP/one.jsonl"
# A good recording, but stdin and stdout are no terminal: the live view cannot play it.
expect_refusal "no terminal" "needs a terminal" "$RXTOP" --replay "$TMP/one.jsonl"
# The options are checked before the file is read: a wrong combination says so even for a missing file.
expect_refusal "-i and a missing file" "'-i' makes no sense" "$RXTOP" --replay "$TMP/nosuch.jsonl" -i lo
