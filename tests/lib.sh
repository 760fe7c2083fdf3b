# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers for integration cases: source it, then write the case; exit 0 pass, 77 skip, else fail.
# Skip (77) only for an optional kernel feature this machine lacks; a missing rxtop build, helper or package that
# make deps-dev installs is a failure.
[ -n "${RXTOP_TEST_LIB:-}" ] && return 0
RXTOP_TEST_LIB=1
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RXTOP=$ROOT/rxtop
# The developer entries (__stack, __bpf, __overhead, __tui-demo, __tcpsend): built beside rxtop, never installed.
RXTOP_DEV=$ROOT/.output/rxtop-dev

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
info() { echo "# $*"; }

# Every case loads BPF, attaches XDP or builds namespaces: the one check that we may.
[ "$(id -u)" -eq 0 ] || fail "the integration cases need root (BPF, XDP, network namespaces): run them with sudo"

# at_exit COMMAND: COMMAND (a shell string, expanded then) runs when the case ends, however it ends; the latest
# registered first, then the beds (bed_up) go. The case's exit status stays. Cases use this, not trap ... EXIT.
EXIT_COMMANDS=()
at_exit() { EXIT_COMMANDS+=("$1"); }
run_exit_commands() {
	local i prefix
	for ((i = ${#EXIT_COMMANDS[@]} - 1; i >= 0; i--)); do eval "${EXIT_COMMANDS[i]}"; done
	for prefix in "${!BED_RECV_NETNS[@]}"; do bed_down "$prefix"; done
}
trap run_exit_commands EXIT

# field KEY [FILE...]: the value of the last "KEY=value" word in FILE (or stdin), as in rxtop's summary lines
# ("stack=afxdp packets=100 loss=0 q0=60 q1=40", the generator's "sent=... bytes=..."). Nothing when absent.
field() {
	local key=$1
	shift
	cat "$@" | awk -v k="$key=" '{ for (i = 1; i <= NF; i++) if (index($i, k) == 1) v = substr($i, length(k) + 1) }
		END { if (v != "") print v }'
}

# shellcheck source=tests/lib/bed.sh
source "$ROOT/tests/lib/bed.sh"

# sysfs counter of an interface in this namespace: sysfs_stat IFACE rx_packets
sysfs_stat() { cat "/sys/class/net/$1/statistics/$2"; }

# within A B PCT: |A - B| <= PCT % of B
within() {
	awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d <= b * p / 100) }'
}

# No XDP program rxtop attached may remain on the lab interface.
assert_no_xdp() {
	local dev=${1:-rxlab0}
	if ip -d link show dev "$dev" 2>/dev/null | grep -q 'prog/xdp'; then
		fail "an XDP program is still attached to $dev"
	fi
}

# expect_usage_error DESCRIPTION COMMAND...: COMMAND exits 2 with exactly one line on stderr (what, why, what to do).
expect_usage_error() {
	local what=$1 err rc
	shift
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	[ $rc -eq 2 ] || fail "$what: exit status $rc, want 2 (stderr: $err)"
	[ -n "$err" ] || fail "$what: nothing on stderr"
	[ "$(wc -l <<<"$err")" -eq 1 ] || fail "$what: stderr is not one line: $err"
	info "$what -> $err"
}

# bpf_programs_of PID: the ids of the BPF programs process PID holds now (its fds' fdinfo).
bpf_programs_of() { grep -h '^prog_id:' /proc/"$1"/fdinfo/* 2>/dev/null | awk '{ print $2 }' | sort -un | xargs; }

# bpf_programs_watch OUT COMMAND...: runs COMMAND with its stdout in file OUT and returns its status; sets BPF_HELD
# to the ids of the BPF programs it held while it ran (read from its fds' fdinfo every 20 ms). Only COMMAND's own
# process is watched: give rxtop itself, not a wrapper such as timeout (env is fine: it execs). With
# BPF_WATCH_STDERR=FILE, COMMAND's stderr goes there (this helper's own messages do not).
bpf_programs_watch() {
	local out=$1 pid state held=""
	shift
	"$@" >"$out" 2>"${BPF_WATCH_STDERR:-/dev/stderr}" &
	pid=$!
	while state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) && [ -n "$state" ] && [ "$state" != Z ]; do
		held+=" $(bpf_programs_of "$pid")"
		sleep 0.02
	done
	BPF_HELD=$(xargs -n1 <<<"$held" | sort -un | xargs)
	wait "$pid"
}

# bpf_programs_gone WHAT ID...: fails unless every program ID is freed within 3 s (the kernel frees a program a
# moment after its last holder went: an RCU grace period, longer on a loaded machine).
bpf_programs_gone() {
	local what=$1 id
	shift
	for id in "$@"; do
		for _ in $(seq 30); do bpftool prog show id "$id" >/dev/null 2>&1 || break; sleep 0.1; done
		bpftool prog show id "$id" >/dev/null 2>&1 && fail "BPF program $id outlived: $what"
	done
	return 0
}

# bpf_programs_released OUT COMMAND...: bpf_programs_watch, and fails when COMMAND held no BPF program or one of
# them outlived it. Looking for a program name machine-wide would see other rxtops' (the live view loads doctor's
# socket iterator too).
bpf_programs_released() {
	local rc
	bpf_programs_watch "$@"
	rc=$?
	shift
	[ -n "$BPF_HELD" ] || fail "saw no BPF program held by: $*"
	bpf_programs_gone "$*" $BPF_HELD
	info "$*: held BPF programs $BPF_HELD, none remains"
	return $rc
}

# Always leave the machine clean, whatever the case did.
lab_cleanup() { "$RXTOP" lab down >/dev/null 2>&1 || true; }

# settled SECONDS COMMAND...: prints COMMAND's output once two readings 0.3 s apart agree (traffic drained: the
# last frames crossed the veth, the receiver read its queue), at most SECONDS. A machine busy with other work
# only makes this wait longer; the caller then compares exact counts.
settled() {
	local limit=$1 prev cur end
	shift
	end=$((SECONDS + limit))
	prev=$("$@")
	while :; do
		sleep 0.3
		cur=$("$@")
		[ "$cur" = "$prev" ] && break
		[ $SECONDS -ge $end ] && break
		prev=$cur
	done
	echo "$cur"
}

# poll_until SECONDS COMMAND...: runs COMMAND every 0.1 s, at most SECONDS * 10 times, while it returns 1 (not yet);
# returns what it returned then (0: what was awaited came), or 1 when it never did.
poll_until() {
	local i rc tries=$(($1 * 10))
	shift
	for ((i = 0; i < tries; i++)); do
		"$@"
		rc=$?
		[ $rc -eq 1 ] || return $rc
		sleep 0.1
	done
	return 1
}

# udp_drained PORT [SECONDS]: waits until no UDP socket bound to PORT has datagrams queued (Recv-Q 0), at most
# SECONDS (default 10); so a receiver stopped next has read, or dropped and counted, all that arrived.
udp_drained() { poll_until "${2:-10}" queue_empty -Huln "$1"; }

# tcp_drained PORT [SECONDS]: waits until no TCP connection to local PORT has bytes queued unread (Recv-Q 0), at
# most SECONDS (default 10): what a sender got acknowledged has then been read by the receiver.
tcp_drained() { poll_until "${2:-10}" queue_empty -Htn "$1"; }

# queue_empty SS_FLAGS PORT: 0 when no socket ss lists with SS_FLAGS on local PORT has bytes queued (Recv-Q), else 1
queue_empty() { ss "$1" "sport = :$2" | awk '$2 > 0 { busy = 1 } END { exit busy }'; }
