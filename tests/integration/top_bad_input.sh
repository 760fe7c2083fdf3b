#!/bin/bash
# Bad input: one line on stderr and exit status 2, nothing attached.
source "$(dirname "$0")/../lib.sh"

expect_usage_error "missing interface" "$RXTOP" -b -n 1 -i rxnosuch0
expect_usage_error "unknown option" "$RXTOP" -b --frobnicate
expect_usage_error "bad interval" "$RXTOP" -b -d zero -i lo
expect_usage_error "bad format" "$RXTOP" -b -o xml -i lo
expect_usage_error "unknown stack" "$RXTOP" run nosuchstack -i lo
expect_usage_error "no interface" "$RXTOP" -b -n 1
expect_usage_error "two XDP modes for one program" "$RXTOP" run afxdp -i lo --xdp-mode generic --counter-xdp-mode native
ip -d link show dev lo | grep -q 'prog/xdp' && fail "something was attached to lo"
exit 0
