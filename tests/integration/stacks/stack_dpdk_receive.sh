# SPDX-License-Identifier: GPL-2.0-only
# dpdk (af_xdp vdev, rx queue 0; QUEUES=0,1 for both), 150000 frames sent at 50 kpps: it receives, every frame
# drecv0 counted is received or in a reported loss counter (within 0.5 %), and nothing of it remains afterwards.
# No rate or loss bound: a busy poller starved by other work drops (make bench: tests/bench/receive.sh).
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/dpdk.sh"
PMD=${DPDK_PMD:-af_xdp}
QUEUES=${QUEUES:-0}
# One queue by default: two busy-polling workers plus the sender oversubscribe a 2-CPU machine.
[ "$QUEUES" = 0 ] && DBED_QUEUES=1
SENT=150000

dbed_need
dbed_up
out=$DBED_DIR/out
before=$(dbed_rx_packets)
"$RXTOP" __stack dpdk -i "$BED_RECV" -q "$QUEUES" --duration 60 --dpdk-pmd "$PMD" ${DPDK_EXTRA:-} >"$out" 2>&1 &
stack=$!
if [ "$PMD" = af_xdp ]; then
	dbed_wait_xdp || { cat "$out"; fail "the af_xdp PMD attached no XDP program within 10 s"; }
fi
# Ready: it says so once its workers run (after EAL set-up, which took over 4 s with a CPU hog; a fixed 1-s sleep
# then sent everything to sockets nobody read yet).
dbed_wait_ready "$out" || { cat "$out"; fail "rxtop __stack dpdk was not ready within 30 s"; }
sleep 0.2 # af_xdp fills its rings
kill -0 $stack 2>/dev/null || { cat "$out"; fail "rxtop __stack dpdk exited early"; }
dbed_send $SENT 50000
dbed_send_wait 60
after=$(settled 10 dbed_rx_packets)
sleep 0.3 # the poller takes the last frames off its rings
kill -INT $stack
wait $stack; rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "rxtop __stack dpdk exited with $rc"
got=$(field packets "$out")
sysfs=$((after - before))
info "pmd=$PMD queues=$QUEUES sent=$SENT received=$got sysfs_delta=$sysfs"
[ -n "$got" ] || fail "no packets= in the output"
loss=$(field loss "$out")
[ "$got" -gt 0 ] || fail "dpdk received nothing"
# Whatever happens, every frame drecv0 counted is either received or in a reported loss counter.
within $((got + loss)) "$sysfs" 0.5 || fail "received $got + lost $loss, but $BED_RECV counted $sysfs"
dbed_assert_clean
exit 0
