#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab up creates the namespace and both veth ends with the requested rx/tx queue count; other counts recreate it.
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup
lab_cleanup

# queue_count NS|"" IFACE rx|tx
queue_count() {
	if [ -n "$1" ]; then
		ip netns exec "$1" ls "/sys/class/net/$2/queues" | grep -c "^$3-"
	else
		ls "/sys/class/net/$2/queues" | grep -c "^$3-"
	fi
}

check_queues() { # N
	local kind got
	for kind in rx tx; do
		got=$(queue_count "" rxlab0 $kind)
		[ "$got" = "$1" ] || fail "rxlab0 has $got $kind queues, want $1"
		got=$(queue_count rxtop-gen rxgen0 $kind)
		[ "$got" = "$1" ] || fail "rxgen0 has $got $kind queues, want $1"
	done
	info "both ends have $1 rx and $1 tx queues"
}

timeout 20 "$RXTOP" lab up --queues 2 || fail "lab up --queues 2 exited $?"
ip netns list | grep -qw rxtop-gen || fail "ip netns list does not show rxtop-gen"
[ -e /sys/class/net/rxlab0 ] || fail "rxlab0 missing in the caller's namespace"
[ -e /sys/class/net/rxgen0 ] && fail "rxgen0 is in the caller's namespace, not in rxtop-gen"
ip netns exec rxtop-gen test -e /sys/class/net/rxgen0 || fail "rxgen0 missing in rxtop-gen"
ip -d link show rxlab0 | grep -q veth || fail "rxlab0 is not a veth"
check_queues 2

# A different count recreates the pair.
timeout 20 "$RXTOP" lab up --queues 3 || fail "lab up --queues 3 exited $?"
check_queues 3

# The default is one queue per online CPU.
timeout 20 "$RXTOP" lab up || fail "lab up exited $?"
check_queues "$(nproc)"
"$RXTOP" lab status | grep -q "$(nproc) rx / $(nproc) tx queues" || fail "status does not show $(nproc) queues"
exit 0
