# SPDX-License-Identifier: GPL-2.0-only
# dpdk publishes rte_eth_stats' loss counters (imissed, ierrors, rx_nombuf) in its output, and a
# flood into a tiny ring shows up in them rather than vanishing.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/dpdk.sh"

dbed_need
DBED_QUEUES=1 dbed_up
out=$DBED_DIR/out
before=$(dbed_rx_packets)
"$RXTOP" __stack dpdk -i "$BED_RECV" -q 0 --ring-size 64 --touch --duration 60 >"$out" 2>&1 &
stack=$!
dbed_wait_xdp || { cat "$out"; fail "the af_xdp PMD attached no XDP program within 10 s"; }
dbed_wait_ready "$out" || { cat "$out"; fail "rxtop __stack dpdk was not ready within 30 s"; }
dbed_send 500000
dbed_send_wait 30
settled 10 dbed_rx_packets >/dev/null
kill -INT $stack
wait $stack; rc=$?
sysfs=$(($(dbed_rx_packets) - before))
cat "$out"
[ $rc -eq 0 ] || fail "rxtop __stack dpdk exited with $rc"
for name in dpdk.imissed dpdk.ierrors dpdk.rx_nombuf; do
	grep -q " $name=[0-9]" "$out" || fail "no $name in the output"
done
got=$(field packets "$out")
loss=$(field loss "$out")
info "flood: $BED_RECV counted $sysfs, received $got, loss $loss"
within $((got + loss)) "$sysfs" 0.5 || fail "received $got + lost $loss does not account for $sysfs"
dbed_assert_clean
exit 0
