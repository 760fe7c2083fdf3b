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

# Every receiver, one after another, same generator settings.
table=$("$RXTOP" run "$stacks" --lab -b -o text --duration "$seconds" -d "$seconds" 2>&1 | sed -n '/^STACK/,$p')
echo "$table"
awk -v c="$ceiling" 'NR > 1 && $3 > 0 { printf "%-11s %10.0f pps = %.3f of the XDP_DROP ceiling\n", $1, $3, $3 / c }' <<<"$table"
