# Shared helpers for integration cases: source it, then write the case; exit 0 pass, 77 skip, else fail.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RXTOP=$ROOT/rxtop

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
info() { echo "# $*"; }

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

# Always leave the machine clean, whatever the case did.
lab_cleanup() { "$RXTOP" lab down >/dev/null 2>&1 || true; }
