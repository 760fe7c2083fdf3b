# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the bench reference cases (sourced after lib.sh): the probe that calls bench_reference_run, the
# lab generator, and the check that nothing of a reference run remains.
PROBE=$ROOT/.output/helpers/bench_reference_probe
REF_DIR=$(mktemp -d /tmp/rxtop-ref.XXXXXX)
REF_PROBE=

ref_need() {
	[ -x "$RXTOP" ] && [ -x "$PROBE" ] || fail "build first: make build unit-bins"
	return 0
}

ref_down() {
	[ -n "$REF_PROBE" ] && kill -9 "$REF_PROBE" 2>/dev/null
	rm -rf "$REF_DIR"
	lab_cleanup
}

# ref_lab_up QUEUES: the lab with QUEUES rx queues, nothing attached to rxlab0.
ref_lab_up() {
	lab_cleanup
	"$RXTOP" lab up --queues "$1" >/dev/null || fail "rxtop lab up --queues $1"
	assert_no_xdp rxlab0
}

# ref_start TOOL CORES SECONDS: the probe in the background (REF_PROBE), its output in $REF_DIR/probe.out.
ref_start() {
	"$PROBE" "$1" rxlab0 "$2" "$3" 1 "$REF_DIR" >"$REF_DIR/probe.out" 2>&1 &
	REF_PROBE=$!
}

# ref_wait_forwarding: testpmd printed its first stats round (ports up, lcores polling), at most 40 s.
ref_wait_forwarding() {
	local i
	for ((i = 0; i < 400; i++)); do
		grep -qs "NIC statistics for port" "$REF_DIR"/reference-*.log && return 0
		kill -0 "$REF_PROBE" 2>/dev/null || break
		sleep 0.1
	done
	cat "$REF_DIR/probe.out" "$REF_DIR"/reference-*.log 2>/dev/null | tail -20
	wait "$REF_PROBE"
	[ $? -eq 3 ] && skip "$(cat "$REF_DIR/probe.out")"
	fail "testpmd did not start forwarding"
}

# ref_wait_probe: waits for the probe; fails unless it succeeded.
ref_wait_probe() {
	wait "$REF_PROBE"; local rc=$?
	REF_PROBE=
	[ $rc -eq 0 ] || { cat "$REF_DIR/probe.out"; fail "bench_reference_probe exited with $rc"; }
}

# ref_assert_clean: no testpmd or iperf3 of ours, no XDP program on rxlab0, no EAL files of our prefix (15 s).
ref_assert_clean() {
	local i
	for ((i = 0; i < 150; i++)); do
		if ! pgrep -f 'file-prefix=rxtop-ref-|iperf3 -(s -B|c) 198.18.0.2' >/dev/null &&
			! ip -d link show dev rxlab0 | grep -q 'prog/xdp' &&
			! compgen -G '/var/run/dpdk/rxtop-ref-*' >/dev/null &&
			! compgen -G '/dev/shm/*rxtop-ref-*' >/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	pgrep -af 'file-prefix=rxtop-ref-|iperf3 -(s -B|c) 198.18.0.2' && fail "reference processes left behind"
	assert_no_xdp rxlab0
	fail "EAL files left behind: $(ls -d /var/run/dpdk/rxtop-ref-* /dev/shm/*rxtop-ref-* 2>/dev/null)"
}
