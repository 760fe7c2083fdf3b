# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the io_uring cases (sourced after tests/lib.sh): their bed is netns usend with usend0 (198.18.5.1) <->
# urecv0 (198.18.5.2) here, 2 rx/tx queues; senders from usend.

iouring_bed_up() { bed_up u 5; }

# udp_send PORT PPS SECONDS [SIZE] [FLOWS]: paced UDP from usend; prints the number of datagrams sent.
udp_send() {
	ip netns exec "$BED_NS" python3 - "$BED_RECV_IP" "$@" <<'PY'
import socket, sys, time
dst, port, pps, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
size = int(sys.argv[5]) if len(sys.argv) > 5 else 64
flows = int(sys.argv[6]) if len(sys.argv) > 6 else 4
socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(flows)]
payload, sent, burst = b"x" * size, 0, 50
start = time.monotonic()
while True:
    now = time.monotonic() - start
    if now >= seconds:
        break
    due = min(int(now * pps) + burst, int(seconds * pps))
    while sent < due:
        try:
            socks[sent % flows].sendto(payload, (dst, port))
            sent += 1
        except BlockingIOError:
            break
    time.sleep(0.0005)
print(sent)
PY
}

# udp_burst PORT COUNT [SIZE]: as fast as possible.
udp_burst() {
	ip netns exec "$BED_NS" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
p = b"x" * int(sys.argv[4])
for _ in range(int(sys.argv[3])):
    s.sendto(p, (sys.argv[1], int(sys.argv[2])))
print(sys.argv[3])' "$BED_RECV_IP" "$1" "$2" "${3:-64}"
}

# tcp_send PORT BYTES [CONNECTIONS]: sends BYTES on each connection, closes cleanly; prints bytes sent in total.
tcp_send() {
	ip netns exec "$BED_NS" python3 - "$BED_RECV_IP" "$@" <<'PY'
import socket, sys
dst, port, nbytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
conns = int(sys.argv[4]) if len(sys.argv) > 4 else 1
chunk, total = bytes(range(256)) * 256, 0
for _ in range(conns):
    s = socket.create_connection((dst, port), timeout=10)
    left = nbytes
    while left:
        n = s.send(chunk[:min(left, len(chunk))])
        left -= n
        total += n
    s.shutdown(socket.SHUT_WR)
    s.recv(1)  # wait for the receiver to close
    s.close()
print(total)
PY
}

# wait_listening PROTO PORT: until a receiver has bound the port (at most 5 s).
wait_listening() {
	local flag=-uln
	[ "$1" = tcp ] && flag=-tln
	for _ in $(seq 50); do
		ss -H "$flag" "sport = :$2" | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

# stop_receiver PID: ends an `rxtop __stack` started in the background (it prints its counters) and waits for it.
stop_receiver() {
	sleep 0.5 # let the last datagrams through the softirq and the ring
	kill -TERM "$1" 2>/dev/null
	wait "$1"
}
