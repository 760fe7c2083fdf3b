#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop doctor's bad input: one line on stderr naming what, why and what to do, exit status 2, and no BPF program
# left loaded (doctor loads its socket iterator only once the input is good).
source "${0%/integration/*}/lib.sh"

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
# No AF_XDP socket and no -p: a socket receiver needs no XDP program, so that is only said.
grep -q '^\[info\] xdp_no_program: no XDP program on lo' <<<"$out" || fail "no xdp_no_program info: $out"
grep -q '^\[info\] xsk_none: no AF_XDP socket is bound to lo' <<<"$out" || fail "no xsk_none finding: $out"
# With -p the user says an AF_XDP application should be there: then no program is a problem.
out=$("$RXTOP" doctor -i lo -p $$ -d 0.2) || fail "rxtop doctor -i lo -p $$ exited $?"
grep -q '^\[problem\] xdp_no_program: no XDP program on lo' <<<"$out" || fail "-p, no xdp_no_program problem: $out"
# The long names read the same as the short ones, and the JSON carries its format version (docs/doctor.md).
out=$("$RXTOP" doctor --iface lo --window 0.2 --output json) || fail "rxtop doctor --iface lo --output json exited $?"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["format"] == 1 and d["iface"] == "lo", d' "$out" ||
	fail "doctor --iface lo -o json: no format 1: $out"
out=$("$RXTOP" doctor --pid $$ --window 0.2 --output=json) || fail "rxtop doctor --pid $$ -o json exited $?"
[ "$out" = '{"format":1,"iface":null,"sockets":[],"findings":[],"elsewhere":0}' ] ||
	fail "rxtop doctor --pid $$ -o json: $out"
# No BPF program outlives doctor (a machine-wide look would see other rxtops' iterators).
bpf_programs_released /dev/null "$RXTOP" doctor -i lo -d 0.5 || fail "rxtop doctor -i lo -d 0.5 exited $?"
exit 0
