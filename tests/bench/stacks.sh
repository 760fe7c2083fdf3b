#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Stack benchmark (make bench, not a test): the lab's XDP_DROP ceiling, then each receiver for 5 s at the
# generator's maximum, printed as pps, loss and the ratio to the ceiling measured in the same invocation.
source "${0%/bench*}/lib.sh"
bpf=
at_exit 'kill $bpf 2>/dev/null; lab_cleanup'
seconds=${SECONDS_PER_STACK:-5}
stacks=${STACKS:-recvfrom,recvmmsg,epoll,iouring,afxdp,dpdk}

"$RXTOP" lab up >/dev/null || fail "lab up"
# The ceiling, the sender's own maximum: rxtop's XDP program dropping everything, generator flat out, counted by
# sysfs. A receiver near it is bound by the sender, so its ratios say nothing about the receiver.
"$RXTOP" __bpf -i rxlab0 --verdict drop --no-trace -t $((seconds + 3)) >/dev/null &
bpf=$!
sleep 1
before=$(sysfs_stat rxlab0 rx_packets)
"$RXTOP" --lab gen --duration "$seconds" >/dev/null
after=$(sysfs_stat rxlab0 rx_packets)
wait $bpf
ceiling=$(( (after - before) / seconds ))
echo "lab XDP_DROP ceiling (the sender's own max): $ceiling pps (64-byte frames, sysfs rx_packets of rxlab0)"
if [ -z "${AB_BEFORE:-}" ]; then

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
fi

# Before/after and queue scaling (AB_BEFORE=/path/to/an/older/rxtop; skips the table above): for each stack, 1 queue (-q 0 -c 1) and 2
# queues (-q 0,1 -c 0,1), RUNS (default 5) runs alternating old and new binary, same generator flat out; prints the
# median rx pps of each, the spread (min-max) and the 2-queue / 1-queue ratio of each binary. Without AB_BEFORE
# only the new binary runs (the before columns stay 0). The 2-vCPU machine's sender shares the cores.
runs=${RUNS:-5}
ab_run() { # BIN STACK QUEUES CPUS: prints the stack's rx pps over one phase
	"$1" run "$2" --lab -b -o json -d "$seconds" --duration "$seconds" -q "$3" -c "$4" --rcvbuf 8388608 2>/dev/null |
		tail -n 1 | python3 -c 'import json,sys; s=json.load(sys.stdin); print(int(sum(x["rx_packets"] for x in s["stacks"]) / '"$seconds"'))' 2>/dev/null ||
		echo 0
}
stats() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { printf "%d %d %d", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
printf '%-9s %-6s %12s %21s %12s %21s %7s\n' stack queues before_median "(min-max)" after_median "(min-max)" after/before
for s in ${stacks//,/ }; do
	declare -A med=()
	for qc in "0 1" "0,1 0,1"; do
		set -- $qc
		b= a=
		for _ in $(seq "$runs"); do
			[ -n "${AB_BEFORE:-}" ] && b+=" $(ab_run "$AB_BEFORE" "$s" "$1" "$2")"
			a+=" $(ab_run "$RXTOP" "$s" "$1" "$2")"
		done
		read -r bm bl bh <<<"$(stats <<<"$b")"
		read -r am al ah <<<"$(stats <<<"$a")"
		med[$1.b]=$bm med[$1.a]=$am
		printf '%-9s %-6s %12d %21s %12d %21s %7.3f\n' "$s" "$1" "$bm" "($bl-$bh)" "$am" "($al-$ah)" \
			"$(awk -v a="$am" -v b="$bm" 'BEGIN { print b ? a / b : 0 }')"
	done
	awk -v s="$s" -v b1="${med[0.b]}" -v b2="${med[0,1.b]}" -v a1="${med[0.a]}" -v a2="${med[0,1.a]}" \
		-v c="$ceiling" 'BEGIN { printf "%-9s 2 queues / 1 queue: before %.3f, after %.3f%s\n", s, b1 ? b2 / b1 : 0,
			a1 ? a2 / a1 : 0, (a2 >= 0.9 * c ? " (2 queues within 10 % of the sender max: sender-bound)" : "") }'
	unset med
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
