# SPDX-License-Identifier: GPL-2.0-only
# After kill -9 of `rxtop __stack dpdk` nothing remains: no XDP program on the interface, no EAL
# runtime files under /var/run/dpdk/rxtop-*, no child or helper process.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/dpdk.sh"

dbed_need
dbed_up
"$RXTOP" __stack dpdk -i "$BED_RECV" -q 0,1 --duration 60 >"$DBED_DIR/out" 2>&1 &
stack=$!
dbed_wait_xdp || { cat "$DBED_DIR/out"; fail "the af_xdp PMD attached no XDP program within 10 s"; }
dbed_send 20000 20000
sleep 0.5
kill -9 $stack
wait $stack 2>/dev/null
dbed_send_stop
dbed_assert_clean
info "clean after kill -9"
exit 0
