# dpdk (af_xdp vdev, queues 0,1) receives >= 99 % of 150000 frames sent at 50 kpps, its count matches
# drecv0's sysfs rx_packets delta within 0.5 %, and nothing of it remains afterwards.
source "$(dirname "$0")/stack_dpdk_bed.sh"
PMD=${DPDK_PMD:-af_xdp}
SENT=150000

dbed_need
trap dbed_down EXIT
dbed_up
out=$DBED_DIR/out
before=$(dbed_rx_packets)
"$RXTOP" __stack dpdk -i "$DBED_RX" -q 0,1 --duration 60 --dpdk-pmd "$PMD" ${DPDK_EXTRA:-} >"$out" 2>&1 &
stack=$!
if [ "$PMD" = af_xdp ]; then
	dbed_wait_xdp || { cat "$out"; fail "the af_xdp PMD attached no XDP program within 10 s"; }
fi
sleep 1 # af_packet has no visible sign of readiness; af_xdp fills its rings
kill -0 $stack 2>/dev/null || { cat "$out"; fail "rxtop __stack dpdk exited early"; }
dbed_send $SENT 50000
dbed_send_wait 20
sleep 0.3
kill -INT $stack
wait $stack; rc=$?
after=$(dbed_rx_packets)
cat "$out"
[ $rc -eq 0 ] || fail "rxtop __stack dpdk exited with $rc"
got=$(dbed_field packets <"$out")
sysfs=$((after - before))
info "pmd=$PMD sent=$SENT received=$got sysfs_delta=$sysfs"
[ -n "$got" ] || fail "no packets= in the output"
[ "$got" -ge $((SENT * 99 / 100)) ] || fail "received $got of $SENT (< 99 %)"
within "$got" "$sysfs" 0.5 || fail "received $got, but $DBED_RX counted $sysfs (> 0.5 % apart)"
dbed_assert_clean
exit 0
