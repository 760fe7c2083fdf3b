#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop doctor's bad input: one line on stderr naming what, why and what to do, exit status 2, and no BPF program
# left loaded (doctor loads its socket iterator only once the input is good).
source "$(dirname "$0")/../lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

expect_usage_error "no such interface" "$RXTOP" doctor -i rxnosuch0
expect_usage_error "no such process" "$RXTOP" doctor -i lo -p 4194303
expect_usage_error "not a pid" "$RXTOP" doctor -i lo -p abc
expect_usage_error "window too short" "$RXTOP" doctor -i lo -d 0
expect_usage_error "unknown format" "$RXTOP" doctor -i lo -o xml
expect_usage_error "unknown option" "$RXTOP" doctor -i lo --frobnicate
expect_usage_error "two interfaces" "$RXTOP" doctor -i lo -i lo
expect_usage_error "stray argument" "$RXTOP" doctor -i lo extra
expect_usage_error "no such namespace" "$RXTOP" doctor -i lo --netns rxnosuchns
expect_usage_error "not a namespace name" "$RXTOP" doctor -i lo --netns ../etc
"$RXTOP" doctor --help | grep -q '^Usage: rxtop doctor' || fail "doctor --help prints no usage"

# Good input: no AF_XDP socket held by this shell, so no interface to report on (exit 0); an interface without
# AF_XDP: exit 0, the text view names the findings.
out=$("$RXTOP" doctor -p $$ -d 0.2) || fail "rxtop doctor -p $$ exited $?"
[ "$out" = "no AF_XDP socket is bound to any interface by the given processes; give -i IFACE to check one anyway" ] ||
	fail "rxtop doctor -p $$: $out"
out=$("$RXTOP" doctor -i lo -d 0.2) || fail "rxtop doctor -i lo exited $?"
grep -q '^\[problem\] xdp_no_program: no XDP program on lo' <<<"$out" || fail "no xdp_no_program finding: $out"
grep -q '^\[info\] xsk_none: no AF_XDP socket is bound to lo' <<<"$out" || fail "no xsk_none finding: $out"
if command -v bpftool >/dev/null; then
	# BPF programs are machine-wide: one that another rxtop (a test run in another namespace) holds is not ours,
	# and the kernel may take a moment to free a program whose last holder just exited.
	ours() { bpftool -j prog show 2>/dev/null | python3 -c 'import json, sys
print(sum(1 for p in json.load(sys.stdin) if p.get("name") == "xsk_files" and not p.get("pids")))'; }
	for _ in $(seq 30); do [ "$(ours)" -eq 0 ] && break; sleep 0.1; done
	[ "$(ours)" -eq 0 ] || fail "doctor left its iterator program loaded: $(bpftool prog show name xsk_files 2>&1)"
fi
exit 0
