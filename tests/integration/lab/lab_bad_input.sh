#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Bad lab arguments and missing privilege: exit 2, one line on stderr, nothing created.
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup
lab_cleanup

expect_usage() { expect_usage_error "$1" "$RXTOP" lab "${@:2}"; } # description, then the lab arguments

expect_usage "--queues 0" up --queues 0
expect_usage "--queues -1" up --queues -1
expect_usage "--queues abc" up --queues abc
expect_usage "--queues 2x" up --queues 2x
expect_usage "--queues huge" up --queues 99999999999
expect_usage "--queues without value" up --queues
expect_usage "unknown option" up --bogus
expect_usage "unknown command" sideways
expect_usage "no command"
ip netns list | grep -qw rxtop-gen && fail "bad input created the namespace"
[ -e /sys/class/net/rxlab0 ] && fail "bad input created rxlab0"

for action in up down status; do
	expect_usage_error "lab $action as nobody" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$RXTOP" lab $action
done
ip netns list | grep -qw rxtop-gen && fail "an unprivileged run created the namespace"
exit 0
