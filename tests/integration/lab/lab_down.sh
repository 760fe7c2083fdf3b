#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab down leaves no namespace or interface, succeeds twice, and clears half-created state.
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup
lab_cleanup

assert_gone() { # what happened before
	ip netns list | grep -qw rxtop-gen && fail "$1: namespace rxtop-gen remains"
	[ -e /run/netns/rxtop-gen ] && fail "$1: /run/netns/rxtop-gen remains"
	ip link show | grep -qE 'rxlab0|rxgen0' && fail "$1: an interface remains: $(ip -br link | grep -E 'rxlab0|rxgen0')"
	return 0
}

timeout 20 "$RXTOP" lab up --queues 2 || fail "lab up exited $?"
timeout 20 "$RXTOP" lab down || fail "lab down exited $?"
assert_gone "up, down"
timeout 20 "$RXTOP" lab down || fail "second lab down exited $?"
assert_gone "down twice"
"$RXTOP" lab status | grep -q '^lab: down' || fail "status after down does not say down"

# Half-created states a crash could leave behind.
ip netns add rxtop-gen
timeout 20 "$RXTOP" lab down || fail "lab down with only the namespace exited $?"
assert_gone "namespace only"

touch /run/netns/rxtop-gen
timeout 20 "$RXTOP" lab down || fail "lab down with an unmounted placeholder exited $?"
assert_gone "placeholder file"

ip link add rxlab0 type veth peer name rxgen0
timeout 20 "$RXTOP" lab down || fail "lab down with a local veth pair exited $?"
assert_gone "veth without namespace"

# up repairs a half-created lab too.
ip netns add rxtop-gen
timeout 20 "$RXTOP" lab up --queues 1 || fail "lab up over a bare namespace exited $?"
"$RXTOP" lab status | grep -q '^lab: up, 1 queue' || fail "lab up did not complete a bare namespace"
timeout 20 "$RXTOP" lab down || fail "final lab down exited $?"
assert_gone "repaired, down"
exit 0
