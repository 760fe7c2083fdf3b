#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Installs the Debian 12 packages rxtop needs, only those missing: to build and run it (make deps), and with --dev
# also to test and lint it (make deps-dev). Prints what it will install and why, one line per group.
# Usage: scripts/install-deps.sh [--dev]
set -eu

# group NAME "WHY" PACKAGES...: one line each; the order is the order of installation.
runtime_groups() {
	group build "compile rxtop and its BPF programs, generate their skeletons" \
		clang-19 llvm-19 gcc make pkg-config bpftool
	group libraries "the libraries rxtop links (their -dev packages pull the runtime libraries in)" \
		libbpf-dev libxdp-dev liburing-dev libmnl-dev libncurses-dev libelf-dev zlib1g-dev
	group dpdk "the dpdk receiver (rxtop run dpdk): DPDK's libraries and its af_xdp/af_packet drivers" \
		libdpdk-dev
	group plots "rxtop bench renders its plots with gnuplot" \
		gnuplot-nox
}
dev_groups() {
	group test "the test harness: scripts, JSON checks (python3-jsonschema), the TUI tests (tmux), pgrep" \
		python3 python3-jsonschema tmux procps
	group reference "independent tools the tests and benchmarks compare rxtop against" \
		iproute2 ethtool linux-perf netsniff-ng iperf3 dpdk dpdk-dev xdp-tools
	group metrics "the OpenMetrics checks: promtool, a real Prometheus, a strict OpenMetrics parser" \
		prometheus python3-prometheus-client
	group lint "make format and make lint" \
		clang-format clang-tidy cppcheck
	group fuzz "make fuzz: clang's libFuzzer and sanitizer runtimes" \
		libclang-rt-19-dev
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

missing="" plan=""
group() {
	name=$1 why=$2 absent=""
	shift 2
	for p in "$@"; do
		installed "$p" || absent="$absent $p"
	done
	[ -z "$absent" ] && return 0
	missing="$missing$absent"
	plan="$plan  $name:$absent  ($why)
"
}

runtime_groups
case "${1:-}" in
--dev) dev_groups ;;
"") ;;
*) echo "rxtop: install-deps.sh takes only --dev, not '$1'" >&2; exit 2 ;;
esac
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	printf 'rxtop: missing packages:\n%s' "$plan" >&2
	echo "rxtop: run 'sudo make deps${1:+-dev}' to install them" >&2
	exit 2
fi
printf 'rxtop: installing:\n%s' "$plan"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
