#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop bench refuses bad input with one line on stderr and exit status 2, before attaching anything.
source "${0%/integration/*}/lib.sh"

tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
touch "$tmp/a-file"
cpus=$(nproc)
lab_before=$(ip link show rxlab0 2>/dev/null | wc -l)

expect_usage_error "unknown stack" "$RXTOP" bench --lab --stacks nosuchstack
expect_usage_error "frame below the minimum" "$RXTOP" bench --lab --sizes 10
expect_usage_error "frame above the MTU" "$RXTOP" bench --lab --sizes 64,9000
expect_usage_error "more cores than CPUs" "$RXTOP" bench --lab --cores $((cpus + 1))
expect_usage_error "zero repeats" "$RXTOP" bench --lab --repeats 0
expect_usage_error "--out names a file" "$RXTOP" bench --lab --out "$tmp/a-file"
expect_usage_error "no interface, no lab" "$RXTOP" bench
expect_usage_error "an interface without --gen none" "$RXTOP" bench -i lo
expect_usage_error "more cores than the interface's queues" "$RXTOP" bench -i lo --gen none --cores 2
expect_usage_error "ndr without a generator" "$RXTOP" bench -i lo --gen none --measure ndr
expect_usage_error "unknown afxdp program" "$RXTOP" bench --lab --afxdp-program bpf
expect_usage_error "unknown option" "$RXTOP" bench --lab --frobnicate
expect_usage_error "--compare without two folders" "$RXTOP" bench --compare "$tmp"

# Nothing was attached or created: no XDP program, no lab that was not there, no results folder.
assert_no_xdp lo
[ "$(ip link show rxlab0 2>/dev/null | wc -l)" -eq "$lab_before" ] || fail "the lab changed"
[ "$(ls "$tmp")" = "a-file" ] || fail "bad input left files behind: $(ls "$tmp")"
ls -d rxtop-bench-* >/dev/null 2>&1 && fail "bad input created a results folder"
exit 0
