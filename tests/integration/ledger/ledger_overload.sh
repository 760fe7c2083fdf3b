#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Overload: each UDP stack with the lab generator at full speed and small rings/buffers, 2 s. On the last line
# the ledger balances (|unexplained| <= 0.1 % of sent) and the loss is where it happened (> 1 % of sent there).
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup
source "$ROOT/tests/lib/ledger.sh"

# stack | options that make it drop | stages that must show the loss
cases=(
	"afxdp|--ring-size 64|xsk:rx_ring_full xsk:rx_dropped"
	"epoll|--rcvbuf 4096|stack:SOCKET_RCVBUFF socket:rcvbuf_drops"
	"recvmmsg|--rcvbuf 4096|stack:SOCKET_RCVBUFF socket:rcvbuf_drops"
	"recvfrom|--rcvbuf 4096|stack:SOCKET_RCVBUFF socket:rcvbuf_drops"
	"iouring|--buffers 16 --rcvbuf 4096|stack:SOCKET_RCVBUFF socket:rcvbuf_drops iouring:cq_overflow"
	"dpdk|--ring-size 64|dpdk:imissed dpdk:rx_nombuf xsk:rx_ring_full xsk:rx_dropped af_packet:tp_drops"
)
only=${STACKS:-}
for c in "${cases[@]}"; do
	IFS='|' read -r stack opts stages <<<"$c"
	[ -n "$only" ] && [[ ",$only," != *",$stack,"* ]] && continue
	# The lab is shared with other tests: a run it vanished from is rerun, not counted.
	for attempt in 1 2 3; do
		"$RXTOP" lab up >/dev/null 2>&1
		out=$(timeout 60 "$RXTOP" run "$stack" --lab -b -o json -d 1 --duration 2 $opts 2>"$ROOT/tests/out/ledger_$stack.err")
		rc=$?
		if [ $rc -eq 2 ] && grep -q "cannot run here" "$ROOT/tests/out/ledger_$stack.err"; then
			info "$stack: $(cat "$ROOT/tests/out/ledger_$stack.err")"
			continue 2
		fi
		ledger_check "$stack" $stages <<<"$out"
		case $? in
		0) continue 2 ;;
		3) info "$stack: lab disturbed (rc $rc: $(head -c 200 "$ROOT/tests/out/ledger_$stack.err")), rerun"; sleep 2 ;;
		*) fail "$stack: ledger or stage check failed" ;;
		esac
	done
	fail "$stack: the lab was disturbed three times"
done
