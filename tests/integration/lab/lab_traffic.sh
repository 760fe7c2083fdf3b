#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A UDP datagram sent from rxtop-gen reaches a socket on 198.18.0.2:9000, without ARP.
source "${0%/integration/*}/lib.sh"
at_exit '[ "$receiver" -gt 0 ] && kill "$receiver" 2>/dev/null; rm -f "$got"; lab_cleanup'
receiver=0
got=$(mktemp)
lab_cleanup

timeout 20 "$RXTOP" lab up --queues 2 || fail "lab up exited $?"

if command -v ping >/dev/null; then
	ip netns exec rxtop-gen ping -c1 -W1 198.18.0.2 >/dev/null || fail "ping from rxtop-gen to 198.18.0.2 failed"
	info "ping from rxtop-gen reached 198.18.0.2"
fi

before=$(sysfs_stat rxlab0 rx_packets)

python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.18.0.2", 9000))
open(sys.argv[1], "w").write("ready\n")
s.settimeout(5)
data, peer = s.recvfrom(2048)
open(sys.argv[1], "w").write("%s %s\n" % (peer[0], data.decode()))
' "$got" &
receiver=$!
# The datagram must not arrive before the socket is bound (python can take a while to start).
for _ in $(seq 100); do
	[ -s "$got" ] && break
	sleep 0.1
done
[ -s "$got" ] || fail "the UDP receiver did not start within 10 s"
ip netns exec rxtop-gen bash -c 'echo rxtop-lab > /dev/udp/198.18.0.2/9000' || fail "sending from rxtop-gen failed"
after=$(sysfs_stat rxlab0 rx_packets)
[ "$after" -gt "$before" ] || fail "rxlab0 rx_packets did not grow ($before -> $after)"

if [ "$receiver" -ne 0 ]; then
	wait "$receiver" || fail "no datagram arrived at 198.18.0.2:9000"
	receiver=0
	grep -q '^198\.18\.0\.1 rxtop-lab$' "$got" || fail "unexpected datagram: $(cat "$got")"
	info "datagram from 198.18.0.1 arrived at 198.18.0.2:9000"
fi
# Static neighbours: nothing was ever resolved by ARP.
ip neigh show dev rxlab0 | grep -qv PERMANENT && fail "rxlab0 learned a dynamic neighbour: $(ip neigh show dev rxlab0)"
exit 0
