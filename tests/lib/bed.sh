# SPDX-License-Identifier: GPL-2.0-only
# The one private veth bed of the integration cases (sourced by tests/lib.sh). A case that needs its own wire, away
# from the shared lab (rxtop lab), calls bed_up with its own prefix and subnet, so beds of different cases never
# share a name:
#
#   bed_up PREFIX SUBNET [--queues N] [--mtu BYTES] [--gro] [--send-tx-queues N] [--tx-per-cpu]
#                        [--xdp-drop] [--xdp-mode drv|generic] [--recv-netns NS] [--recv-ifindex N]
#
# builds netns PREFIXsend holding PREFIXsend0 (198.18.SUBNET.1/24), veth peer of PREFIXrecv0 (198.18.SUBNET.2/24)
# in this namespace: N rx and tx queues on each end (default 2), static neighbours both ways, loopback up, no IPv6
# (no router solicitations or DAD: every frame on the bed is one the case sent). Options:
#   --mtu BYTES         both ends' MTU.
#   --gro               GRO on the receiver, as the lab does: veth then runs NAPI on receive (docs/lab.md).
#   --send-tx-queues N  the sender uses only N tx queues (ethtool -L): with 1, every frame reaches rx queue 0.
#   --tx-per-cpu        sender CPU C transmits on tx queue C (XPS), which veth turns into rx queue C here, and an
#                       mq qdisc counts each tx queue (bed_tx_queue_packets).
#   --xdp-drop          an XDP_DROP program on the receiver, in --xdp-mode (drv, the default: veth's native XDP;
#                       generic: skb mode).
#   --recv-netns NS     the receiver in netns NS (made here, removed with the bed) instead of this namespace.
#   --recv-ifindex N    the receiver gets ifindex N (in its namespace).
# Sets BED_NS BED_SEND BED_RECV BED_SEND_IP BED_RECV_IP BED_SEND_MAC BED_RECV_MAC BED_RECV_NS (empty: here) and
# BED_EXEC (the command prefix that runs a command beside the receiver). Leftovers of an earlier run are removed
# first; the bed goes when the case exits (tests/lib.sh), or earlier with bed_down PREFIX.

declare -A BED_RECV_NETNS=() # prefix -> netns of its receiver ("-" = this one), for every bed up

bed_up() {
	local prefix=$1 subnet=$2 queues=2 mtu='' gro=0 send_txq='' per_cpu=0 xdp_drop=0 xdp_mode=drv recv_ns='' ifindex=''
	shift 2 || fail "bed_up PREFIX SUBNET [options]"
	while [ $# -gt 0 ]; do
		case $1 in
		--queues) queues=$2; shift ;;
		--mtu) mtu=$2; shift ;;
		--gro) gro=1 ;;
		--send-tx-queues) send_txq=$2; shift ;;
		--tx-per-cpu) per_cpu=1 ;;
		--xdp-drop) xdp_drop=1 ;;
		--xdp-mode) xdp_mode=$2; shift ;;
		--recv-netns) recv_ns=$2; shift ;;
		--recv-ifindex) ifindex=$2; shift ;;
		*) fail "bed_up: unknown option $1" ;;
		esac
		shift
	done
	BED_NS=${prefix}send BED_SEND=${prefix}send0 BED_RECV=${prefix}recv0
	BED_SEND_IP=198.18.$subnet.1 BED_RECV_IP=198.18.$subnet.2 BED_RECV_NS=$recv_ns
	BED_RECV_NETNS[$prefix]=${recv_ns:--}
	bed_down "$prefix"
	BED_RECV_NETNS[$prefix]=${recv_ns:--}
	# Commands on the receiver's side: here, or in its namespace.
	local ip_recv=(ip)
	BED_EXEC=()
	if [ -n "$recv_ns" ]; then
		ip netns add "$recv_ns" || fail "cannot create netns $recv_ns"
		ip_recv=(ip -n "$recv_ns") BED_EXEC=(ip netns exec "$recv_ns")
	fi
	ip netns add "$BED_NS" || fail "cannot create netns $BED_NS"
	"${ip_recv[@]}" link add "$BED_RECV" ${ifindex:+index "$ifindex"} numtxqueues "$queues" numrxqueues "$queues" \
		type veth peer name "$BED_SEND" numtxqueues "$queues" numrxqueues "$queues" netns "$BED_NS" ||
		fail "cannot create the veth pair $BED_RECV/$BED_SEND"
	"${BED_EXEC[@]}" sysctl -qw "net.ipv6.conf.$BED_RECV.disable_ipv6=1" || fail "cannot disable IPv6 on $BED_RECV"
	ip netns exec "$BED_NS" sysctl -qw "net.ipv6.conf.$BED_SEND.disable_ipv6=1" ||
		fail "cannot disable IPv6 on $BED_SEND"
	if [ -n "$mtu" ]; then
		"${ip_recv[@]}" link set "$BED_RECV" mtu "$mtu" && ip -n "$BED_NS" link set "$BED_SEND" mtu "$mtu" ||
			fail "cannot set MTU $mtu on the bed"
	fi
	"${ip_recv[@]}" addr add "$BED_RECV_IP/24" dev "$BED_RECV" &&
		ip -n "$BED_NS" addr add "$BED_SEND_IP/24" dev "$BED_SEND" &&
		"${ip_recv[@]}" link set "$BED_RECV" up &&
		ip -n "$BED_NS" link set "$BED_SEND" up &&
		ip -n "$BED_NS" link set lo up || fail "cannot address the bed $BED_RECV/$BED_SEND"
	BED_RECV_MAC=$("${BED_EXEC[@]}" cat "/sys/class/net/$BED_RECV/address")
	BED_SEND_MAC=$(ip netns exec "$BED_NS" cat "/sys/class/net/$BED_SEND/address")
	"${ip_recv[@]}" neigh replace "$BED_SEND_IP" lladdr "$BED_SEND_MAC" dev "$BED_RECV" nud permanent &&
		ip -n "$BED_NS" neigh replace "$BED_RECV_IP" lladdr "$BED_RECV_MAC" dev "$BED_SEND" nud permanent ||
		fail "cannot set the bed's neighbours"
	if [ "$gro" = 1 ]; then
		"${BED_EXEC[@]}" ethtool -K "$BED_RECV" gro on >/dev/null || fail "cannot turn GRO on for $BED_RECV"
	fi
	if [ -n "$send_txq" ]; then
		ip netns exec "$BED_NS" ethtool -L "$BED_SEND" tx "$send_txq" || fail "ethtool -L $BED_SEND tx $send_txq"
	fi
	if [ "$per_cpu" = 1 ]; then
		local q
		ip -n "$BED_NS" link set "$BED_SEND" txqueuelen 10000 &&
			tc -n "$BED_NS" qdisc add dev "$BED_SEND" root handle 1: mq || fail "cannot count $BED_SEND's tx queues"
		for ((q = 0; q < queues; q++)); do
			ip netns exec "$BED_NS" sh -c "printf %x $((1 << q)) >/sys/class/net/$BED_SEND/queues/tx-$q/xps_cpus" ||
				fail "cannot steer CPU $q to tx queue $q of $BED_SEND"
		done
	fi
	[ "$xdp_drop" = 1 ] && bed_xdp_drop "$xdp_mode"
	return 0
}

# bed_down PREFIX: removes the bed (and whatever the case attached to it); nothing when it is not there.
bed_down() {
	local recv_ns=${BED_RECV_NETNS[$1]:--}
	if [ "$recv_ns" = - ]; then
		ip link del "$1recv0" 2>/dev/null
	else
		ip netns del "$recv_ns" 2>/dev/null
	fi
	ip netns del "$1send" 2>/dev/null
	unset "BED_RECV_NETNS[$1]"
	return 0
}

# bed_xdp_drop MODE: compiles and attaches an XDP_DROP program to the last bed's receiver, in MODE (drv or generic).
bed_xdp_drop() {
	local dir clang
	clang=$(command -v clang-19 || command -v clang) || fail "needs clang for the XDP_DROP program (make deps)"
	dir=$(mktemp -d)
	cat >"$dir/drop.c" <<'C'
#include <linux/bpf.h>
__attribute__((section("xdp"), used)) int drop(struct xdp_md *ctx) { return XDP_DROP; }
char _license[] __attribute__((section("license"), used)) = "GPL";
C
	"$clang" -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu -c "$dir/drop.c" -o "$dir/drop.o" ||
		{ rm -rf "$dir"; fail "cannot compile the XDP_DROP program"; }
	# The kernel holds the program once attached; the object file is no longer needed.
	"${BED_EXEC[@]}" ip link set dev "$BED_RECV" "xdp$1" obj "$dir/drop.o" sec xdp
	local rc=$?
	rm -rf "$dir"
	[ $rc -eq 0 ] || fail "cannot attach XDP_DROP ($1 mode) to $BED_RECV"
}

# bed_tx_queue_packets Q: packets the sender put on its tx queue Q (needs --tx-per-cpu), which arrive on rx queue Q.
bed_tx_queue_packets() {
	tc -n "$BED_NS" -s class show dev "$BED_SEND" | awk -v c="1:$(($1 + 1))" \
		'$1 == "class" && $3 == c { want = 1 } want && $1 == "Sent" { print $4; exit }'
}
