#!/bin/bash
# Stack benchmark (make bench, not a test): the lab's XDP_DROP ceiling, then each receiver for 5 s at the
# generator's maximum, printed as pps, loss and the ratio to the ceiling measured in the same invocation.
source "$(dirname "$0")/lib.sh"
trap 'kill $bpf 2>/dev/null; lab_cleanup' EXIT
seconds=${SECONDS_PER_STACK:-5}
stacks=${STACKS:-recvfrom,recvmmsg,epoll,iouring,afxdp,dpdk}

"$RXTOP" lab up >/dev/null || fail "lab up"
# The ceiling: rxtop's XDP program dropping everything, generator flat out, counted by sysfs.
"$RXTOP" __bpf -i rxlab0 --verdict drop --no-trace -t $((seconds + 3)) >/dev/null &
bpf=$!
sleep 1
before=$(sysfs_stat rxlab0 rx_packets)
"$RXTOP" --lab gen --duration "$seconds" >/dev/null
after=$(sysfs_stat rxlab0 rx_packets)
wait $bpf
ceiling=$(( (after - before) / seconds ))
echo "lab XDP_DROP ceiling: $ceiling pps (64-byte frames, sysfs rx_packets of rxlab0)"

# Every receiver with the same generator settings, one `rxtop run` each so that one failing stack hides no other.
# The table's columns: STACK, RX PPS, RX PACKETS, LOSS %, ...
table=
for s in ${stacks//,/ }; do
	out=$("$RXTOP" run "$s" --lab -b -o text --duration "$seconds" -d "$seconds" --rcvbuf 8388608 2>&1)
	rows=$(sed -n '/^STACK/,$p' <<<"$out")
	[ -z "$table" ] && table=$(head -1 <<<"$rows")
	if [ -n "$rows" ]; then
		table+=$'\n'$(tail -n +2 <<<"$rows")
	else
		echo "$s: no result: $(grep '^rxtop' <<<"$out" | tail -1)"
	fi
done
echo "$table"
printf '%-11s %10s %8s %10s\n' stack rx_pps loss /ceiling
awk -v c="$ceiling" 'NR > 1 && NF >= 4 { printf "%-11s %10.0f %8s %10.3f\n", $1, $2, $4, c ? $2 / c : 0 }' <<<"$table"
