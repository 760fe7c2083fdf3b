#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --dpdk-telemetry refuses what is not a DPDK telemetry socket with one line and exit 2: a missing path, a
# directory, a regular file, a stream unix socket, and a SOCK_SEQPACKET socket that greets otherwise than DPDK.
# -p of a process without a telemetry socket and no -i is a usage error too (nothing to observe).
source "${0%/integration/*}/lib.sh"
PY=/usr/bin/python3
DIR=$(mktemp -d /tmp/rxtop-telbad.XXXXXX)
SERVER= SLEEPER=
at_exit 'kill $SERVER $SLEEPER 2>/dev/null; wait 2>/dev/null; rm -rf "$DIR"'

# Two unix sockets that are not DPDK's: a stream one, and a seqpacket one that greets with something else.
$PY - "$DIR" <<'PY' &
import os, socket, sys, threading, time
d = sys.argv[1]
stream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
stream.bind(os.path.join(d, "stream.sock"))
stream.listen(4)
seq = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
seq.bind(os.path.join(d, "other.sock"))
seq.listen(4)
open(os.path.join(d, "ready"), "w").close()
end = time.time() + 30
seq.settimeout(0.2)
while time.time() < end:
    try:
        conn, _ = seq.accept()
        conn.send(b'{"version": "not DPDK", "pid": 1}')
    except socket.timeout:
        pass
PY
SERVER=$!
for ((i = 0; i < 50; i++)); do [ -e "$DIR/ready" ] && break; sleep 0.1; done
[ -e "$DIR/ready" ] || fail "the test's unix sockets did not come up"
touch "$DIR/regular"

expect_usage_error "a missing socket" "$RXTOP" -b -n 1 --dpdk-telemetry "$DIR/missing"
expect_usage_error "a directory" "$RXTOP" -b -n 1 --dpdk-telemetry "$DIR"
expect_usage_error "a regular file" "$RXTOP" -b -n 1 --dpdk-telemetry "$DIR/regular"
expect_usage_error "a stream unix socket" "$RXTOP" -b -n 1 --dpdk-telemetry "$DIR/stream.sock"
expect_usage_error "a seqpacket socket that is not DPDK's" "$RXTOP" -b -n 1 --dpdk-telemetry "$DIR/other.sock"
expect_usage_error "an empty path" "$RXTOP" -b -n 1 --dpdk-telemetry ""
sleep 30 &
SLEEPER=$!
expect_usage_error "-p of a process without telemetry and no -i" "$RXTOP" -b -n 1 -p $SLEEPER
exit 0
