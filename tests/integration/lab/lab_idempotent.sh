#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab up on an existing lab with the same queue count succeeds and leaves the interfaces in place.
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup
lab_cleanup

timeout 20 "$RXTOP" lab up --queues 2 || fail "first lab up exited $?"
index=$(cat /sys/class/net/rxlab0/ifindex)
peer_index=$(ip netns exec rxtop-gen cat /sys/class/net/rxgen0/ifindex)
timeout 20 "$RXTOP" lab up --queues 2 || fail "second lab up exited $?"
[ "$(cat /sys/class/net/rxlab0/ifindex)" = "$index" ] || fail "second lab up recreated rxlab0"
[ "$(ip netns exec rxtop-gen cat /sys/class/net/rxgen0/ifindex)" = "$peer_index" ] || fail "second lab up recreated rxgen0"

# A lab someone disturbed is repaired in place.
ip link set dev rxlab0 down
timeout 20 "$RXTOP" lab up --queues 2 || fail "third lab up exited $?"
[ "$(cat /sys/class/net/rxlab0/operstate)" = up ] || fail "lab up did not bring rxlab0 back up"
[ "$(cat /sys/class/net/rxlab0/ifindex)" = "$index" ] || fail "repair recreated rxlab0"
[ "$(ip netns list | grep -cw rxtop-gen)" = 1 ] || fail "not exactly one rxtop-gen namespace"
exit 0
